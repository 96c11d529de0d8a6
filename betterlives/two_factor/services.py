"""Writes for two-factor sign-in with django-otp: an authenticator app (TOTP) and backup codes.

Every write goes through these services; the views only call them. A person has at most one
confirmed authenticator app (a TOTPDevice) and one set of backup codes (a StaticDevice with
BACKUP_CODE_COUNT tokens). Two-factor sign-in is "on" when the app is confirmed. Wrong codes
are throttled by django-otp (each device waits 1, 2, 4, 8... seconds after successive
failures); a code is checked against one device only, chosen by its length, so one wrong code
counts once.

Each attempt to set it up gets an app of its own, with a new secret, that only the session
which started it can see and confirm (the view keeps the app's id in the session). So
someone else who knows the password, signed in elsewhere, never learns the secret of the
app that is confirmed. Confirming removes every other unconfirmed device; turning
two-factor sign-in on or off, or making new backup codes, signs out the person's sessions
(sessions_sign_out), and the view keeps the current one.
"""

import math
import secrets

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django_otp import device_classes
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from ..models import StaffProfile
from .selectors import SET_UP_TIME, two_factor_is_on, waiting_apps

APP_CODE_DIGITS = 6
BACKUP_CODE_COUNT = 10
BACKUP_CODE_DIGITS = 10
APP_DEVICE_NAME = "Authenticator app"
BACKUP_DEVICE_NAME = "Backup codes"


class CodeRefused(Exception):
    """A code was not accepted. `wait` is None for a wrong code, or the whole seconds to wait
    before trying again after too many wrong codes."""

    def __init__(self, wait=None):
        super().__init__("code refused" if wait is None else f"wait {wait}s")
        self.wait = wait


def normalise_code(code):
    """The code without the spaces and dashes people type or copy with it."""
    return "".join(code.split()).replace("-", "")


@transaction.atomic
def two_factor_start(*, user):
    """A new authenticator app, with a new secret, for one attempt to set it up. Apps from
    attempts left unfinished for longer than SET_UP_TIME are removed."""
    TOTPDevice.objects.filter(
        user=user, confirmed=False, created_at__lt=timezone.now() - SET_UP_TIME
    ).delete()
    return TOTPDevice.objects.create(
        user=user, name=APP_DEVICE_NAME, confirmed=False, digits=APP_CODE_DIGITS
    )


def two_factor_confirm(*, user, device_id, code):
    """Confirm `user`'s new authenticator app `device_id` with a code from it, and sign out
    their sessions. Every other device of theirs that is not confirmed is removed, and so is
    an app confirmed before.

    Returns (device, backup codes); raises CodeRefused. Only `user`'s own app waiting to be
    confirmed with this id is ever looked at.
    """
    with transaction.atomic():
        # One confirmation at a time for each person: the second finds its app removed.
        get_user_model()._default_manager.select_for_update().filter(pk=user.pk).first()
        device = waiting_apps(user).select_for_update().filter(pk=device_id).first()
        accepted, wait = _verify(device, code)
        if accepted:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
            for model in device_classes():
                model.objects.filter(user=user, confirmed=False).delete()
            codes = _backup_codes_replace(user)
            sessions_sign_out(user=user)
    if not accepted:
        raise CodeRefused(wait)
    return device, codes


def two_factor_check(*, user, code):
    """The device of `user` that accepts `code`: the authenticator app for 6 numbers, the
    backup codes for 10 (a backup code is used up). Raises CodeRefused."""
    code = normalise_code(code)
    model = StaticDevice if len(code) == BACKUP_CODE_DIGITS else TOTPDevice
    with transaction.atomic():
        device = (model.objects.select_for_update()
                  .filter(user=user, confirmed=True).order_by("pk").first())
        if model is StaticDevice and not two_factor_is_on(user):
            device = None  # backup codes count only alongside a confirmed app
        accepted, wait = _verify(device, code)
    if not accepted:
        raise CodeRefused(wait)
    return device


@transaction.atomic
def backup_codes_make(*, user):
    """A new set of backup codes for `user`; the old ones stop working, and their sessions
    are signed out. Returns the codes."""
    codes = _backup_codes_replace(user)
    sessions_sign_out(user=user)
    return codes


def _backup_codes_replace(user):
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=BACKUP_DEVICE_NAME, confirmed=True)
    codes = set()
    while len(codes) < BACKUP_CODE_COUNT:
        codes.add("".join(secrets.choice("0123456789") for _ in range(BACKUP_CODE_DIGITS)))
    codes = sorted(codes)
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@transaction.atomic
def two_factor_turn_off(*, user):
    """Remove `user`'s authenticator app, backup codes and any other device, and sign out
    their sessions."""
    for model in device_classes():
        model.objects.filter(user=user).delete()
    sessions_sign_out(user=user)


@transaction.atomic
def sessions_sign_out(*, user):
    """Sign `user` out of every session: the hash each session keeps stops matching
    (betterlives.models.session_auth_hash). To keep the current session, give it the new
    hash with django.contrib.auth.update_session_auth_hash."""
    profile, _created = StaffProfile.objects.get_or_create(user=user)
    StaffProfile.objects.filter(pk=profile.pk).update(session_version=F("session_version") + 1)
    profile.refresh_from_db(fields=["session_version"])
    user.staff_profile = profile  # so the new hash is made from the new version


def _verify(device, code):
    """(accepted, seconds to wait or None). Must run inside a transaction: the device's
    throttle counts are saved whatever the outcome, so callers raise only after it ends."""
    if device is None:
        return False, None
    allowed, info = device.verify_is_allowed()
    if not allowed:
        return False, _seconds_until(info.get("locked_until")) if info else 1
    return device.verify_token(normalise_code(code)), None


def _seconds_until(moment):
    if moment is None:
        return 1
    return max(1, math.ceil((moment - timezone.now()).total_seconds()))
