"""Helpers shared by the betterlives test modules."""

import re

from django.contrib.auth import SESSION_KEY
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from betterlives.two_factor.services import two_factor_confirm, two_factor_start
from tests.factories import PASSWORD

# Two-factor sign-in ---------------------------------------------------------------------------

WRONG_CODE = "The code is not right. Check your app and try again"


def code_for(device, drift=0):
    """The code the person's authenticator app shows now (or `drift` steps away)."""
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, drift):06d}"


def unthrottle(user):
    """Forget earlier wrong codes, as waiting the throttle delay out would."""
    for model in (TOTPDevice, StaticDevice):
        model.objects.filter(user=user).update(
            throttling_failure_count=0, throttling_failure_timestamp=None
        )


def fresh_app(user):
    """The person's app, ready to give a code not used yet (as if a new 30 seconds began)."""
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    device.last_t = -1
    device.save(update_fields=["last_t"])
    return device


def turn_on(user):
    """Two-factor sign-in set up through the services. Returns (app device, backup codes)."""
    device = two_factor_start(user=user)
    device, codes = two_factor_confirm(
        user=user, device_id=device.pk, code=code_for(device))
    return fresh_app(user), codes


def sign_in(client, user, next_url=None):
    url = reverse("login") + (f"?next={next_url}" if next_url else "")
    return client.post(url, {"username": user.get_username(), "password": PASSWORD})


def signed_in_as(client):
    return client.session.get(SESSION_KEY)


def error_text(response):
    """The error summary and field errors, as text."""
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def signed_in_to_admin(client, user):
    """Sign `user` in the way staff do: password, then a code from their authenticator app,
    so that the session is two-factor verified (the admin needs that)."""
    device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    code = f"{totp(device.bin_key, device.step, device.t0, device.digits):06d}"
    client.post(reverse("two_factor_sign_in"), {"code": code})
    assert client.get(reverse("admin:index")).status_code in (200, 403), "not signed in"
    return client
