from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import TemplateView

from actionplans import survey_urls as you_said_urls
from evaluations import survey_urls

from .forms import NewPasswordForm, ResetRequestForm
from .two_factor import views as two_factor_views
from .views import councils, health, language, pictures

pages = (
    [
        path("accessibility/", TemplateView.as_view(template_name="pages/accessibility.html"),
             name="accessibility"),
        path("privacy/", TemplateView.as_view(template_name="pages/privacy.html"),
             name="privacy"),
        path("privacy/easy-read/",
             TemplateView.as_view(template_name="pages/privacy_easy_read.html"),
             name="privacy_easy_read"),
        path("cookies/", TemplateView.as_view(template_name="pages/cookies.html"),
             name="cookies"),
        path("pictures/", pictures.PicturesView.as_view(), name="pictures"),
    ],
    "pages",
)

accounts = [
    path("sign-in/", two_factor_views.SignInView.as_view(), name="login"),
    path("sign-in/code/", two_factor_views.SignInCodeView.as_view(), name="two_factor_sign_in"),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("password-reset/", auth_views.PasswordResetView.as_view(
        form_class=ResetRequestForm), name="password_reset"),
    path("password-reset/sent/", auth_views.PasswordResetDoneView.as_view(),
         name="password_reset_done"),
    path("password-reset/<uidb64>/<token>/", auth_views.PasswordResetConfirmView.as_view(
        form_class=NewPasswordForm), name="password_reset_confirm"),
    path("password-reset/done/", auth_views.PasswordResetCompleteView.as_view(),
         name="password_reset_complete"),
    path("account/language/", language.YourLanguageView.as_view(), name="your_language"),
    path("account/two-factor/", two_factor_views.TwoFactorView.as_view(), name="two_factor"),
    path("account/two-factor/set-up/", two_factor_views.SetUpView.as_view(),
         name="two_factor_set_up"),
    path("account/two-factor/backup-codes/", two_factor_views.BackupCodesView.as_view(),
         name="two_factor_backup_codes"),
    path("account/two-factor/backup-codes/print/",
         two_factor_views.BackupCodesPrintView.as_view(), name="two_factor_backup_codes_print"),
    path("account/two-factor/backup-codes/new/", two_factor_views.NewBackupCodesView.as_view(),
         name="two_factor_new_backup_codes"),
    path("account/two-factor/turn-off/", two_factor_views.TurnOffView.as_view(),
         name="two_factor_turn_off"),
]

urlpatterns = [
    path("", councils.HomeView.as_view(), name="home"),
    path("healthz", health.healthz, name="healthz"),
    path("", include(pages)),
    *accounts,
    path("councils/", councils.CouncilListView.as_view(), name="councils"),
    path("councils/<slug:council_slug>/", councils.CouncilHomeView.as_view(), name="council_home"),
    path("councils/<slug:council_slug>/evaluations/", include("evaluations.urls")),
    # Recordings of a person reading survey questions and pages: a council's recordings
    # page and /framework/recordings/<pk>/, with names of their own (no namespace).
    path("", include("domains.recording_urls")),
    path("councils/<slug:council_slug>/languages/", language.CouncilLanguagesView.as_view(),
         name="council_languages"),
    path("councils/<slug:council_slug>/evaluations/<int:pk>/plan/",
         include("actionplans.urls")),
    # The survey's pages and the action plan's page at the survey's address: one namespace.
    path("s/", include((survey_urls.urlpatterns + you_said_urls.urlpatterns, "surveys"))),
    path("v/", include("evaluations.live_vote_urls")),
    path("framework/", include("domains.urls")),
    # Django's set_language, which also keeps a signed-in person's choice (views/language.py).
    path("i18n/setlang/", language.set_language, name="set_language"),
    path("admin/", admin.site.urls),
]

# 400 and 500 are Django's own views: they render templates/400.html and 500.html without
# the request context, in the visitor's language (see templates/gds/plain_page.html).
handler400 = "django.views.defaults.bad_request"
handler404 = "betterlives.views.errors.page_not_found"
handler500 = "django.views.defaults.server_error"

admin.site.site_header = f"{settings.SERVICE_NAME} administration"
admin.site.site_title = settings.SERVICE_NAME
# Site administrators sign in through our sign-in page and need two-factor sign-in for
# /admin/: see two_factor.middleware.AdminTwoFactorMiddleware.

