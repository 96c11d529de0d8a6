"""Reads for two-factor sign-in: whether it is on, the backup codes left, and the app that
one attempt to set it up is waiting to confirm."""

from base64 import b32encode
from datetime import timedelta
from urllib.parse import quote, urlencode

from django.conf import settings
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

SET_UP_TIME = timedelta(days=1)  # how long an app waits to be confirmed


def two_factor_is_on(user):
    """Whether `user` has a confirmed authenticator app (and so is asked for a code)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def backup_codes_left(user):
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def waiting_apps(user):
    """`user`'s authenticator apps waiting to be confirmed, started within SET_UP_TIME."""
    return TOTPDevice.objects.filter(
        user=user, confirmed=False, created_at__gte=timezone.now() - SET_UP_TIME
    )


def set_up_app(*, user, device_id):
    """`user`'s app waiting to be confirmed with this id (kept by the session that started
    it), or None."""
    if device_id is None:
        return None
    return waiting_apps(user).filter(pk=device_id).first()


def app_secret(device):
    """The app's secret key as people type it: base32, in groups of four."""
    key = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(key[i:i + 4] for i in range(0, len(key), 4))


def app_setup_url(device):
    """The otpauth:// link the QR code holds (the Key URI format authenticator apps read)."""
    issuer = settings.SERVICE_NAME.replace(":", "")
    label = f"{issuer}:{device.user.get_username()}"
    params = urlencode({
        "secret": b32encode(device.bin_key).decode("ascii").rstrip("="),
        "algorithm": "SHA1",
        "digits": device.digits,
        "period": device.step,
    })
    return f"otpauth://totp/{quote(label)}?{params}&issuer={quote(issuer)}"


def backup_code_display(code):
    """A backup code as shown to people: two groups of five numbers."""
    return f"{code[:5]} {code[5:]}"
