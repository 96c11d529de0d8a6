"""Settings shared by every environment. Values come from the environment (or a .env file)."""

from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("SECRET_KEY", default="")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "modeltranslation",  # before admin, so its admin knows the Welsh fields
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_forms_gds",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks",
    "django_tasks_db",
    "betterlives",
    "domains",
    "evaluations",
    "actionplans",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "betterlives.db_unavailable.DatabaseUnavailableMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # A signed-in person's own language (betterlives.StaffProfile), except on survey pages.
    "betterlives.middleware.StaffLanguageMiddleware",
    # Site administrators need a two-factor-verified session for /admin/.
    "betterlives.two_factor.middleware.AdminTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "betterlives.middleware.SecurityHeadersMiddleware",
    # django-axes must come last.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "betterlives.auth_backend.StaffBackend",
]

ROOT_URLCONF = "betterlives.urls"
WSGI_APPLICATION = "betterlives.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "betterlives.context_processors.service",
            ],
        },
    },
]

# Databases -----------------------------------------------------------------------------------
# SQLite is the embedded default. Writes take the lock at the start of a transaction
# (IMMEDIATE) and wait up to the busy timeout, so concurrent writers queue instead of failing
# with "database is locked"; WAL lets readers carry on while one writer works.
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": env.int("SQLITE_BUSY_TIMEOUT", default=20),
    "init_command": (
        "PRAGMA journal_mode=WAL;"
        "PRAGMA synchronous=NORMAL;"
        "PRAGMA foreign_keys=ON;"
    ),
}
POSTGRES_CONN_MAX_AGE = env.int("CONN_MAX_AGE", default=60)


def database_from_env(default_url):
    """Read DATABASE_URL and add the engine-specific options we rely on."""
    db = env.db_url("DATABASE_URL", default=default_url)
    if db["ENGINE"] == "django.db.backends.sqlite3":
        db["OPTIONS"] = {**SQLITE_OPTIONS, **db.get("OPTIONS", {})}
    elif db["ENGINE"] == "django.db.backends.postgresql":
        # The same backend, with a health check that costs no round trip (its docstring).
        db["ENGINE"] = "betterlives.postgresql"
        db["CONN_MAX_AGE"] = POSTGRES_CONN_MAX_AGE
        db["CONN_HEALTH_CHECKS"] = True
        db.setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)
    return db


DATABASES = {"default": database_from_env(f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "councils"
LOGOUT_REDIRECT_URL = "home"

# Language ------------------------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("cy", _("Cymraeg"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Framework content and a council's own questions are held in both languages by
# django-modeltranslation (domains/translation.py): `title` reads `title_cy` on a Welsh page and
# falls back to English only where no Welsh has been given.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_LANGUAGES = ("en", "cy")
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# Static files --------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_URL = "/media/"
MEDIA_ROOT = BASE_DIR / "media"

# Forms ---------------------------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

# Sign-in lockout (django-axes) ---------------------------------------------------------------
# A username is locked only at the address the wrong passwords came from, so that nobody can
# lock its owner out from elsewhere; the address is the real client's (see below).
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.5)  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "betterlives.client_address.client_address_for_axes"
AXES_LOCKOUT_CALLABLE = "betterlives.views.sign_in.locked_out"
AXES_RESET_ON_SUCCESS = True
AXES_SENSITIVE_PARAMETERS = ["password"]
# Wrong passwords for one username from anywhere (betterlives/sign_in_delay.py): after this
# many, each further try must wait twice as long as the one before (1, 2, 4 … seconds, at most
# SIGN_IN_DELAY_MAX_SECONDS). They are forgotten after an hour with none, or on a right one.
SIGN_IN_DELAY_AFTER_FAILURES = env.int("SIGN_IN_DELAY_AFTER_FAILURES", default=10)
SIGN_IN_DELAY_MAX_SECONDS = env.int("SIGN_IN_DELAY_MAX_SECONDS", default=60)
SIGN_IN_DELAY_WINDOW_SECONDS = 60 * 60

# The client's address (betterlives/client_address.py) ----------------------------------------
# With no header, the connection's address. Behind a load balancer, the header it adds (for
# example HTTP_X_FORWARDED_FOR) and either how many proxies pass the request on (1 for one
# load balancer) or their addresses: one CIDR range, address or prefix per proxy, nearest last.
CLIENT_ADDRESS_HEADER = env("CLIENT_ADDRESS_HEADER", default="")
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=None)
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])

# Security headers shared by every environment -------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 24 * 14
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; script-src 'self'; style-src 'self'; "
    "font-src 'self'; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; "
    "base-uri 'self'; object-src 'none'"
)

EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="better-lives@localhost")
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)

# The name shown in the header, page titles and emails.
SERVICE_NAME = "Better Lives"

# Nothing personal in the logs: survey and vote addresses are written as /s/…/ and /v/…/
# (betterlives/logging.py); template debugging, which logs whole page contexts, is off.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
    "loggers": {"django.template": {"level": "INFO"}},
}

# Rate limits on public pages: (requests, seconds) per client address. Workshops share one
# address, so the limits are generous; they stop scripted guessing of codes.
RATE_LIMITS = {
    "code": (env.int("RATE_LIMIT_CODE", default=300), 600),
    "send": (env.int("RATE_LIMIT_SEND", default=300), 600),
    # Live votes are counted per phone, since a whole room shares the venue's one address:
    # joining per device (its device cookie), voting per participant. A person joins once and
    # votes on six domains, changing a few; 60 sends in 10 minutes is far more than anyone
    # taps, and stops one phone or script from hammering the vote.
    "vote": (env.int("RATE_LIMIT_VOTE", default=60), 600),
    # The per-address backstop on the same posts. A phone sends about 10 (1 join, 6 votes,
    # ~3 changes), so 300 phones on one Wi-Fi send ~3,000; 6,000 leaves twice that room if a
    # whole workshop falls in one window, yet one machine making new phones is still stopped.
    "vote_address": (env.int("RATE_LIMIT_VOTE_ADDRESS", default=6000), 600),
}
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://")}

# A form left open so long that its security token expired is shown again with what the
# person typed, never as an error page.
CSRF_FAILURE_VIEW = "betterlives.views.errors.csrf_failure"

# Background work (django-tasks). "immediate" runs a task as soon as it is asked for, in the
# same process (the default, and in tests); "database" queues it for `manage.py db_worker`.
TASKS_BACKEND = env("TASKS_BACKEND", default="immediate")
TASKS = {"default": {"BACKEND": {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}[TASKS_BACKEND]}}

# A report PDF is made in a child process stopped past these limits: seconds, and megabytes
# of memory the render may use on top of the worker's own.
REPORT_TIME_LIMIT = env.float("REPORT_TIME_LIMIT", default=120)
REPORT_MEMORY_LIMIT_MB = env.int("REPORT_MEMORY_LIMIT_MB", default=1024)
