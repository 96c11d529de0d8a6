from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import TemplateView

from . import views
from .forms import NewPasswordForm, ResetRequestForm, SignInForm

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
    ],
    "pages",
)

accounts = [
    path("sign-in/", auth_views.LoginView.as_view(
        form_class=SignInForm, redirect_authenticated_user=True), name="login"),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("password-reset/", auth_views.PasswordResetView.as_view(
        form_class=ResetRequestForm), name="password_reset"),
    path("password-reset/sent/", auth_views.PasswordResetDoneView.as_view(),
         name="password_reset_done"),
    path("password-reset/<uidb64>/<token>/", auth_views.PasswordResetConfirmView.as_view(
        form_class=NewPasswordForm), name="password_reset_confirm"),
    path("password-reset/done/", auth_views.PasswordResetCompleteView.as_view(),
         name="password_reset_complete"),
]

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("", include(pages)),
    *accounts,
    path("councils/", views.CouncilListView.as_view(), name="councils"),
    path("councils/<slug:council_slug>/", views.CouncilHomeView.as_view(), name="council_home"),
    path("councils/<slug:council_slug>/evaluations/", include("evaluations.urls")),
    path("councils/<slug:council_slug>/evaluations/<int:pk>/plan/",
         include("actionplans.urls")),
    path("s/", include("evaluations.public_urls")),
    path("v/", include("evaluations.vote_urls")),
    path("framework/", include("domains.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

admin.site.site_header = f"{settings.SERVICE_NAME} administration"
admin.site.site_title = settings.SERVICE_NAME

