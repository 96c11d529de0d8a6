"""Shared fixtures for the framework content tests."""

import shutil

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from betterlives.two_factor.views import SET_UP_KEY
from domains.framework_files import FRAMEWORK_DIR


@pytest.fixture
def site_admin(client, django_user_model):
    """A site administrator signed in with two-factor sign-in set up in this session, as
    /admin/ requires (the set-up page verifies the session)."""
    user = django_user_model.objects.create_superuser("root", "root@example.org", "pw-123456789")
    client.force_login(user)
    client.get(reverse("two_factor_set_up"))
    device = TOTPDevice.objects.get(pk=client.session[SET_UP_KEY])
    code = f"{totp(device.bin_key, device.step, device.t0, device.digits):06d}"
    response = client.post(reverse("two_factor_set_up"), {"code": code})
    assert response.status_code == 302
    return client


@pytest.fixture
def content(tmp_path):
    """A copy of the shipped content that a test can change."""
    target = tmp_path / "framework"
    shutil.copytree(FRAMEWORK_DIR, target)
    return target
