"""Production. Refuses to start without SECRET_KEY and ALLOWED_HOSTS from the environment."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import CLIENT_ADDRESS_HEADER, TRUSTED_PROXIES, TRUSTED_PROXY_COUNT, env

DEBUG = False
SECRET_KEY = env("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
if len(SECRET_KEY) < 50 or SECRET_KEY.startswith("django-insecure"):
    raise ImproperlyConfigured(
        "Set SECRET_KEY in the environment to a random value of at least 50 characters."
    )
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "Set ALLOWED_HOSTS in the environment, e.g. ALLOWED_HOSTS=betterlives.example.gov.uk"
    )
if bool(CLIENT_ADDRESS_HEADER) != (TRUSTED_PROXY_COUNT is not None or bool(TRUSTED_PROXIES)):
    raise ImproperlyConfigured(
        "Set CLIENT_ADDRESS_HEADER together with TRUSTED_PROXY_COUNT or TRUSTED_PROXIES "
        "(see docs/deploy.md), or none of them."
    )

SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
# /healthz is asked over plain HTTP by load balancers inside the private network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

