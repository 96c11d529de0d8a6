"""Two-factor sign-in: sign-in in two steps, and the pages to turn it on and off.

Signing in when two-factor sign-in is on: the password step (SignInView) does not sign the
person in. It keeps who they are in the session for PENDING_SECONDS, and the code step
(SignInCodeView) signs them in with django.contrib.auth.login and marks the session verified
with django_otp.login. Until then they are not signed in at all.

Turning it on or off, or making new backup codes, signs the person out of their other
sessions: the services change what each session's hash must be, and the page that made the
change gives its own session the new hash (update_session_auth_hash).
"""

import time
from urllib.parse import urlencode

import django_otp
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, update_session_auth_hash
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import RedirectURLMixin, redirect_to_login
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.crypto import constant_time_compare
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import FormView, TemplateView
from django_otp.plugins.otp_static.models import StaticDevice

from ..forms import SignInForm
from ..qr import qr_svg
from . import selectors, services
from .forms import (
    NewBackupCodesForm,
    SetUpCodeForm,
    SignInCodeForm,
    TurnOffForm,
    refused_message,
)

PENDING_KEY = "two_factor_pending"
PENDING_SECONDS = 10 * 60
NEW_CODES_KEY = "two_factor_new_codes"
SET_UP_KEY = "two_factor_set_up_app"


# The password step and the code step ---------------------------------------------------------

def pending_start(request, user):
    """Remember who passed the password step, without signing them in."""
    request.session[PENDING_KEY] = {
        "user": str(user.pk),
        "backend": user.backend,
        "hash": user.get_session_auth_hash(),
        "at": int(time.time()),
    }


def pending_user(request):
    """The person part-way through signing in, or None (none, too old, or their password
    has changed since)."""
    data = request.session.get(PENDING_KEY)
    if not data:
        return None
    user = None
    if time.time() - data["at"] <= PENDING_SECONDS:
        user = get_user_model()._default_manager.filter(pk=data["user"], is_active=True).first()
    if user is None or not constant_time_compare(user.get_session_auth_hash(), data["hash"]):
        request.session.pop(PENDING_KEY, None)
        return None
    user.backend = data["backend"]
    return user


def with_next(url_name, next_url):
    url = reverse(url_name)
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


class SignInView(auth_views.LoginView):
    """The password step. With two-factor sign-in on, go on to the code step."""

    form_class = SignInForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        user = form.get_user()
        self.request.session.pop(PENDING_KEY, None)
        if not selectors.two_factor_is_on(user):
            return super().form_valid(form)
        pending_start(self.request, user)
        return HttpResponseRedirect(with_next("two_factor_sign_in", self.get_redirect_url()))


class NextMixin(RedirectURLMixin):
    """Where to go afterwards: a safe ?next= from the page's address, else `next_page`."""

    next_page = "two_factor"

    def get_redirect_url(self):
        url = self.request.POST.get("next", self.request.GET.get("next", ""))
        safe = url_has_allowed_host_and_scheme(
            url, allowed_hosts=self.get_success_url_allowed_hosts(),
            require_https=self.request.is_secure(),
        )
        return url if safe else ""

    def for_admin(self):
        """Whether the person was sent here on their way to the administration pages."""
        return self.get_redirect_url().startswith(reverse("admin:index"))


@method_decorator([sensitive_post_parameters("code"), never_cache], name="dispatch")
class SignInCodeView(NextMixin, FormView):
    """The code step: for someone part-way through signing in, or someone signed in whose
    session is not verified yet (a site administrator on the way to /admin/)."""

    template_name = "two_factor/sign_in_code.html"
    form_class = SignInCodeForm
    next_page = settings.LOGIN_REDIRECT_URL

    def dispatch(self, request, *args, **kwargs):
        self.pending = None
        if request.user.is_authenticated:
            if request.user.is_verified() or not selectors.two_factor_is_on(request.user):
                return HttpResponseRedirect(self.get_success_url())
            self.person = request.user
        else:
            self.pending = pending_user(request)
            if self.pending is None:
                if next_url := self.get_redirect_url():
                    return redirect_to_login(next_url, reverse("login"))
                return redirect("login")
            self.person = self.pending
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(for_admin=self.for_admin(), **kwargs)

    def form_valid(self, form):
        try:
            device = services.two_factor_check(user=self.person, code=form.cleaned_data["code"])
        except services.CodeRefused as refused:
            form.add_error("code", refused_message(refused))
            return self.form_invalid(form)
        if self.pending is not None:
            self.request.session.pop(PENDING_KEY, None)
            auth_login(self.request, self.pending, backend=self.pending.backend)
        django_otp.login(self.request, device)
        if isinstance(device, StaticDevice):
            left = selectors.backup_codes_left(self.person)
            messages.info(self.request, ngettext(
                "You used a backup code. You have %(n)d left.",
                "You used a backup code. You have %(n)d left.", left,
            ) % {"n": left} + ("" if left > 2 else " " + _(
                "Make new backup codes from the two-factor sign-in page."
            )))
        return HttpResponseRedirect(self.get_success_url())


# Turning it on and off -----------------------------------------------------------------------

@method_decorator(never_cache, name="dispatch")
class TwoFactorView(LoginRequiredMixin, TemplateView):
    """What two-factor sign-in is, whether it is on, and the ways to change it."""

    template_name = "two_factor/overview.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            is_on=selectors.two_factor_is_on(user),
            backup_codes_left=selectors.backup_codes_left(user),
            **kwargs,
        )


@method_decorator([sensitive_post_parameters("code"), never_cache], name="dispatch")
class SetUpView(LoginRequiredMixin, NextMixin, FormView):
    template_name = "two_factor/set_up.html"
    form_class = SetUpCodeForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and selectors.two_factor_is_on(request.user):
            return redirect("two_factor")
        return super().dispatch(request, *args, **kwargs)

    def set_up_app(self):
        """This session's app waiting to be confirmed: kept while the person reloads the
        page, and never shown to, or confirmed from, another session."""
        user = self.request.user
        device = selectors.set_up_app(user=user, device_id=self.request.session.get(SET_UP_KEY))
        if device is None:
            device = services.two_factor_start(user=user)
            self.request.session[SET_UP_KEY] = device.pk
        return device

    def get_context_data(self, **kwargs):
        device = self.set_up_app()
        return super().get_context_data(
            qr=qr_svg(selectors.app_setup_url(device), title=_(
                "QR code to add %(service)s to your authenticator app"
            ) % {"service": settings.SERVICE_NAME}),
            secret=selectors.app_secret(device),
            for_admin=self.request.user.is_staff,
            **kwargs,
        )

    def form_valid(self, form):
        try:
            device, codes = services.two_factor_confirm(
                user=self.request.user, device_id=self.request.session.get(SET_UP_KEY),
                code=form.cleaned_data["code"],
            )
        except services.CodeRefused as refused:
            form.add_error("code", refused_message(refused))
            return self.form_invalid(form)
        self.request.session.pop(SET_UP_KEY, None)
        update_session_auth_hash(self.request, self.request.user)
        django_otp.login(self.request, device)
        return show_new_codes(self.request, codes, set_up=True, next_url=self.get_redirect_url())


def show_new_codes(request, codes, *, set_up, next_url):
    """Keep new backup codes in the session until the person says they have saved them."""
    request.session[NEW_CODES_KEY] = {"codes": codes, "set_up": set_up, "next": next_url}
    return redirect("two_factor_backup_codes")


@method_decorator(never_cache, name="dispatch")
class BackupCodesView(LoginRequiredMixin, TemplateView):
    """New backup codes, shown until the person says they have saved them, then never again."""

    template_name = "two_factor/backup_codes.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.new = request.session.get(NEW_CODES_KEY)
        if not self.new:
            return redirect("two_factor")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            codes=[selectors.backup_code_display(code) for code in self.new["codes"]],
            set_up=self.new["set_up"],
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        request.session.pop(NEW_CODES_KEY, None)
        if self.new["set_up"]:
            messages.success(request, _("Two-factor sign-in is on"))
        else:
            messages.success(request, _("Your new backup codes are ready to use"))
        next_url = self.new.get("next") or ""
        if next_url and url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return HttpResponseRedirect(next_url)
        return redirect("two_factor")


class BackupCodesPrintView(BackupCodesView):
    template_name = "two_factor/backup_codes_print.html"
    http_method_names = ["get"]


class CodeCheckedFormView(LoginRequiredMixin, FormView):
    """A page that asks for a current code before it changes anything."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not selectors.two_factor_is_on(request.user):
            return redirect("two_factor")
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            device = services.two_factor_check(
                user=self.request.user, code=form.cleaned_data["code"]
            )
        except services.CodeRefused as refused:
            form.add_error("code", refused_message(refused))
            return self.form_invalid(form)
        return self.checked(device)


@method_decorator([sensitive_post_parameters("code"), never_cache], name="dispatch")
class NewBackupCodesView(CodeCheckedFormView):
    template_name = "two_factor/new_backup_codes.html"
    form_class = NewBackupCodesForm

    def checked(self, device):
        codes = services.backup_codes_make(user=self.request.user)
        update_session_auth_hash(self.request, self.request.user)
        django_otp.login(self.request, device)
        return show_new_codes(self.request, codes, set_up=False, next_url="")


@method_decorator([sensitive_post_parameters("code"), never_cache], name="dispatch")
class TurnOffView(CodeCheckedFormView):
    template_name = "two_factor/turn_off.html"
    form_class = TurnOffForm

    def checked(self, device):
        services.two_factor_turn_off(user=self.request.user)
        update_session_auth_hash(self.request, self.request.user)
        self.request.session.pop(django_otp.DEVICE_ID_SESSION_KEY, None)
        messages.success(self.request, _("Two-factor sign-in is off"))
        return redirect("two_factor")
