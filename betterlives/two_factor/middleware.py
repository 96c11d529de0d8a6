"""The rule that site administrators use /admin/ only in a session verified with two-factor
sign-in."""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from .selectors import two_factor_is_on
from .views import with_next


class AdminTwoFactorMiddleware:
    """Site administrators use /admin/ only in a session verified with two-factor sign-in.

    Staff without it are sent to set it up, or to enter a code; the admin's own sign-in form
    is never used (it would sign people in with a password alone), so /admin/login/ sends
    people to ours. Goes after django_otp's OTPMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or "admin" not in match.app_names or match.url_name == "logout":
            return None
        user = request.user
        if match.url_name == "login":
            next_url = request.GET.get("next", "")
            if not url_has_allowed_host_and_scheme(
                next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
            ):
                next_url = ""
            next_url = next_url or reverse("admin:index", current_app=match.namespace)
        else:
            next_url = request.get_full_path()
        if not user.is_authenticated:
            if match.url_name == "login":
                return redirect_to_login(next_url, reverse("login"))
            return None  # the admin sends them to admin:login, and so to our sign-in
        if not (user.is_active and user.is_staff):
            if match.url_name == "login":
                raise PermissionDenied
            return None  # the admin refuses them
        if user.is_verified():
            return HttpResponseRedirect(next_url) if match.url_name == "login" else None
        if two_factor_is_on(user):
            return HttpResponseRedirect(with_next("two_factor_sign_in", next_url))
        return HttpResponseRedirect(with_next("two_factor_set_up", next_url))
