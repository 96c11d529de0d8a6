"""Two-factor sign-in: setting it up, signing in with it, backup codes, turning it off, and
site administrators needing it for /admin/."""

from unittest import mock

import pytest
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from betterlives.two_factor.selectors import (
    app_secret,
    app_setup_url,
    backup_code_display,
    backup_codes_left,
    two_factor_is_on,
)
from betterlives.two_factor.services import CodeRefused, two_factor_check, two_factor_start
from betterlives.two_factor.views import PENDING_KEY
from tests.betterlives.helpers import (
    WRONG_CODE,
    code_for,
    error_text,
    sign_in,
    signed_in_as,
    turn_on,
    unthrottle,
)
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

ENTER_CODE = "Enter the 6-digit code from your authenticator app"
ADMIN_REASON = "Site administrators must use two-factor sign-in to use the administration pages."


def wrong_code(device):
    """A 6-digit code that no time step the device accepts would give."""
    accepted = {code_for(device, drift) for drift in (-1, 0, 1)}
    return next(f"{n:06d}" for n in range(1000000) if f"{n:06d}" not in accepted)


# Setting it up -------------------------------------------------------------------------------

def test_overview_explains_it_and_offers_set_up(client, facilitator):
    client.force_login(facilitator)
    page = client.get(reverse("two_factor")).content.decode()
    assert "Two-factor sign-in is off for your account." in page
    assert "authenticator app" in page
    assert reverse("two_factor_set_up") in page


def test_pages_need_signing_in(client):
    for name in ("two_factor", "two_factor_set_up", "two_factor_backup_codes",
                 "two_factor_new_backup_codes", "two_factor_turn_off"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response.url.startswith(reverse("login")), name


def test_set_up_shows_a_qr_code_and_the_key(client, facilitator):
    client.force_login(facilitator)
    page = client.get(reverse("two_factor_set_up")).content.decode()
    device = TOTPDevice.objects.get(user=facilitator, confirmed=False)
    assert '<svg role="img"' in page
    assert "<title>QR code to add Better Lives to your authenticator app</title>" in page
    assert app_secret(device) in page
    # Opening the page again keeps the same key, so a half-done set-up still works.
    client.get(reverse("two_factor_set_up"))
    assert TOTPDevice.objects.get(user=facilitator).pk == device.pk
    # The code box: labelled, numeric keypad, filled in by the phone's one-time-code helper.
    assert 'for="id_code"' in page
    assert 'autocomplete="one-time-code"' in page
    assert 'inputmode="numeric"' in page
    assert "<script" not in page.split('id="main-content"')[1].split("</main>")[0]


def test_setup_url_is_what_authenticator_apps_read(facilitator):
    device = two_factor_start(user=facilitator)
    url = app_setup_url(device)
    assert url.startswith("otpauth://totp/Better%20Lives%3Afay?secret=")
    assert "&issuer=Better%20Lives" in url and "digits=6" in url and "period=30" in url
    secret = app_secret(device).replace(" ", "")
    assert f"secret={secret}&" in url


def test_set_up_with_a_real_code(client, facilitator):
    client.force_login(facilitator)
    client.get(reverse("two_factor_set_up"))
    device = TOTPDevice.objects.get(user=facilitator)

    response = client.post(reverse("two_factor_set_up"), {"code": ""})
    assert response.status_code == 200
    assert ENTER_CODE in error_text(response)
    assert "<title>Error:" in response.content.decode()

    response = client.post(reverse("two_factor_set_up"), {"code": "12345"})
    assert "The code must be 6 numbers, like 123456" in error_text(response)

    response = client.post(reverse("two_factor_set_up"), {"code": wrong_code(device)})
    assert response.status_code == 200
    assert WRONG_CODE in error_text(response)
    device.refresh_from_db()
    assert not device.confirmed
    assert not two_factor_is_on(facilitator)

    unthrottle(facilitator)
    code = code_for(device)
    response = client.post(reverse("two_factor_set_up"), {"code": f"{code[:3]} {code[3:]}"})
    assert response.status_code == 302
    assert response.url == reverse("two_factor_backup_codes")
    device.refresh_from_db()
    assert device.confirmed
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id

    # The 10 backup codes are shown (and can be printed) until the person says they are saved.
    page = client.get(reverse("two_factor_backup_codes")).content.decode()
    tokens = list(StaticToken.objects.filter(device__user=facilitator)
                  .values_list("token", flat=True))
    assert len(tokens) == 10
    for token in tokens:
        assert backup_code_display(token) in page
    assert reverse("two_factor_backup_codes_print") in page
    printable = client.get(reverse("two_factor_backup_codes_print")).content.decode()
    assert all(backup_code_display(token) in printable for token in tokens)

    response = client.post(reverse("two_factor_backup_codes"))
    assert response.url == reverse("two_factor")
    # Shown once: afterwards the page is gone.
    assert client.get(reverse("two_factor_backup_codes")).url == reverse("two_factor")
    assert client.get(reverse("two_factor_backup_codes_print")).url == reverse("two_factor")
    page = client.get(reverse("two_factor")).content.decode()
    assert "Two-factor sign-in is on for your account." in page
    assert "You have 10 backup codes left." in page
    # Set up already: the set-up page goes back to the overview.
    assert client.get(reverse("two_factor_set_up")).url == reverse("two_factor")


def test_wrong_codes_are_slowed_down_with_a_clear_message(client, facilitator):
    client.force_login(facilitator)
    client.get(reverse("two_factor_set_up"))
    device = TOTPDevice.objects.get(user=facilitator)
    client.post(reverse("two_factor_set_up"), {"code": wrong_code(device)})
    response = client.post(reverse("two_factor_set_up"), {"code": code_for(device)})
    assert "You have entered too many wrong codes. Wait 1 second, then try again" in (
        error_text(response))
    assert not TOTPDevice.objects.get(pk=device.pk).confirmed


# Signing in ----------------------------------------------------------------------------------

def test_sign_in_without_two_factor_needs_only_the_password(client, facilitator):
    two_factor_start(user=facilitator)  # started, never confirmed
    response = sign_in(client, facilitator)
    assert response.status_code == 302
    assert response.url == reverse("councils")
    assert signed_in_as(client) == str(facilitator.pk)


def test_sign_in_asks_for_a_code_when_two_factor_is_on(client, facilitator):
    device, _codes = turn_on(facilitator)
    response = sign_in(client, facilitator, next_url="/councils/riverside/")
    assert response.status_code == 302
    assert response.url == reverse("two_factor_sign_in") + "?next=%2Fcouncils%2Friverside%2F"
    # Not signed in yet.
    assert signed_in_as(client) is None
    assert client.get(reverse("councils")).status_code == 302

    page = client.get(response.url).content.decode()
    assert 'autocomplete="one-time-code"' in page and 'inputmode="numeric"' in page
    wrong = client.post(response.url, {"code": wrong_code(device)})
    assert WRONG_CODE in error_text(wrong)
    assert signed_in_as(client) is None

    unthrottle(facilitator)
    done = client.post(response.url, {"code": code_for(device)})
    assert done.status_code == 302
    assert done.url == "/councils/riverside/"
    assert signed_in_as(client) == str(facilitator.pk)
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert PENDING_KEY not in client.session
    # The same code cannot be used again.
    client.post(reverse("logout"))
    sign_in(client, facilitator)
    again = client.post(reverse("two_factor_sign_in"), {"code": code_for(device)})
    assert WRONG_CODE in error_text(again)


def test_code_step_without_a_password_goes_back_to_sign_in(client, facilitator):
    turn_on(facilitator)
    response = client.get(reverse("two_factor_sign_in"))
    assert response.url == reverse("login")
    response = client.post(reverse("two_factor_sign_in"), {"code": "123456"})
    assert response.url == reverse("login")
    assert signed_in_as(client) is None


def test_code_step_runs_out_after_ten_minutes(client, facilitator):
    device, _codes = turn_on(facilitator)
    sign_in(client, facilitator)
    import time

    later = time.time() + 11 * 60
    with mock.patch("betterlives.two_factor.views.time.time", return_value=later):
        response = client.post(reverse("two_factor_sign_in"), {"code": code_for(device)})
    assert response.url == reverse("login")
    assert signed_in_as(client) is None


def test_code_step_stops_if_the_password_changed(client, facilitator):
    device, _codes = turn_on(facilitator)
    sign_in(client, facilitator)
    facilitator.set_password("a-brand-new-password")
    facilitator.save()
    response = client.post(reverse("two_factor_sign_in"), {"code": code_for(device)})
    assert response.url == reverse("login")
    assert signed_in_as(client) is None


def test_unsafe_next_is_ignored(client, facilitator):
    device, _codes = turn_on(facilitator)
    sign_in(client, facilitator, next_url="https://evil.example/")
    response = client.post(reverse("two_factor_sign_in") + "?next=https://evil.example/",
                           {"code": code_for(device)})
    assert response.url == reverse("councils")


def test_a_backup_code_works_once(client, facilitator):
    _device, codes = turn_on(facilitator)
    sign_in(client, facilitator)
    response = client.post(reverse("two_factor_sign_in"),
                           {"code": backup_code_display(codes[0])}, follow=True)
    assert signed_in_as(client) == str(facilitator.pk)
    assert "You used a backup code. You have 9 left." in response.content.decode()
    assert backup_codes_left(facilitator) == 9

    client.post(reverse("logout"))
    sign_in(client, facilitator)
    response = client.post(reverse("two_factor_sign_in"), {"code": codes[0]})
    assert WRONG_CODE in error_text(response)
    assert signed_in_as(client) is None
    unthrottle(facilitator)
    client.post(reverse("two_factor_sign_in"), {"code": codes[1]})
    assert signed_in_as(client) == str(facilitator.pk)


# Backup codes and turning it off -------------------------------------------------------------

def test_new_backup_codes_need_a_code_and_replace_the_old_ones(client, facilitator):
    device, old = turn_on(facilitator)
    client.force_login(facilitator)
    response = client.post(reverse("two_factor_new_backup_codes"), {"code": ""})
    assert ENTER_CODE in error_text(response)
    response = client.post(reverse("two_factor_new_backup_codes"), {"code": code_for(device)})
    assert response.url == reverse("two_factor_backup_codes")
    new = set(StaticToken.objects.filter(device__user=facilitator)
              .values_list("token", flat=True))
    assert len(new) == 10 and not new & set(old)
    page = client.get(reverse("two_factor_backup_codes")).content.decode()
    assert "Your old backup codes do not work any more." in page
    client.post(reverse("two_factor_backup_codes"))
    with pytest.raises(CodeRefused):
        two_factor_check(user=facilitator, code=old[0])


def test_turning_it_off_needs_a_code(client, facilitator):
    device, codes = turn_on(facilitator)
    client.force_login(facilitator)
    url = reverse("two_factor_turn_off")
    assert client.get(url).status_code == 200
    response = client.post(url, {"code": ""})
    assert ENTER_CODE in error_text(response)
    response = client.post(url, {"code": wrong_code(device)})
    assert WRONG_CODE in error_text(response)
    assert two_factor_is_on(facilitator)

    unthrottle(facilitator)
    response = client.post(url, {"code": codes[3]}, follow=True)
    assert "Two-factor sign-in is off" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=facilitator).exists()
    assert not StaticDevice.objects.filter(user=facilitator).exists()
    assert DEVICE_ID_SESSION_KEY not in client.session
    # Signing in now needs the password only.
    client.post(reverse("logout"))
    sign_in(client, facilitator)
    assert signed_in_as(client) == str(facilitator.pk)


def test_pages_for_changing_it_need_it_on(client, facilitator):
    client.force_login(facilitator)
    for name in ("two_factor_new_backup_codes", "two_factor_turn_off"):
        assert client.get(reverse(name)).url == reverse("two_factor")


# Another person ------------------------------------------------------------------------------

def test_another_persons_device_cannot_be_confirmed(client, facilitator, outsider):
    theirs = two_factor_start(user=outsider)
    client.force_login(facilitator)
    client.get(reverse("two_factor_set_up"))
    response = client.post(reverse("two_factor_set_up"), {"code": code_for(theirs)})
    assert WRONG_CODE in error_text(response)
    theirs.refresh_from_db()
    assert not theirs.confirmed
    assert not two_factor_is_on(facilitator)


def test_another_persons_codes_do_not_work(client, facilitator, outsider):
    their_app, their_codes = turn_on(outsider)
    turn_on(facilitator)
    sign_in(client, facilitator)
    for code in (code_for(their_app), their_codes[0]):
        unthrottle(facilitator)
        response = client.post(reverse("two_factor_sign_in"), {"code": code})
        assert WRONG_CODE in error_text(response)
        assert signed_in_as(client) is None
    client.force_login(facilitator)
    unthrottle(facilitator)
    response = client.post(reverse("two_factor_turn_off"), {"code": their_codes[1]})
    assert WRONG_CODE in error_text(response)
    assert two_factor_is_on(facilitator)
    assert backup_codes_left(outsider) == 10


# Site administrators -------------------------------------------------------------------------

@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_staff=True, is_superuser=True)


def test_superuser_without_two_factor_is_sent_to_set_it_up(client, superuser):
    response = client.get("/admin/")
    assert response.status_code == 302
    login = client.get(response.url)  # the admin's sign-in page sends people to ours
    assert login.url == reverse("login") + "?next=/admin/"
    response = sign_in(client, superuser, next_url="/admin/")
    assert response.url == "/admin/"

    response = client.get("/admin/")
    assert response.status_code == 302
    assert response.url == reverse("two_factor_set_up") + "?next=%2Fadmin%2F"
    assert client.get("/admin/auth/user/").url == (
        reverse("two_factor_set_up") + "?next=%2Fadmin%2Fauth%2Fuser%2F")
    page = client.get(response.url).content.decode()
    assert ADMIN_REASON in page

    device = TOTPDevice.objects.get(user=superuser)
    done = client.post(response.url, {"code": code_for(device)})
    assert done.url == reverse("two_factor_backup_codes")
    saved = client.post(done.url)
    assert saved.url == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/auth/user/").status_code == 200


def test_staff_with_two_factor_but_an_unverified_session_cannot_use_admin(client, superuser):
    device, _codes = turn_on(superuser)
    client.force_login(superuser)  # signed in, but no code given in this session
    for path in ("/admin/", "/admin/domains/domain/", "/admin/login/?next=/admin/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.url.startswith(reverse("two_factor_sign_in") + "?next="), path
    page = client.get(reverse("two_factor_sign_in") + "?next=/admin/").content.decode()
    assert ADMIN_REASON in page
    response = client.post(reverse("two_factor_sign_in") + "?next=/admin/",
                           {"code": code_for(device)})
    assert response.url == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_admin_sign_in_through_two_steps(client, superuser):
    device, _codes = turn_on(superuser)
    response = sign_in(client, superuser, next_url="/admin/")
    assert response.url == reverse("two_factor_sign_in") + "?next=%2Fadmin%2F"
    assert client.get("/admin/").status_code == 302
    response = client.post(response.url, {"code": code_for(device)})
    assert response.url == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_admin_password_form_cannot_sign_anyone_in(client, superuser):
    response = client.post("/admin/login/?next=/admin/",
                           {"username": "root", "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("login") + "?next=/admin/"
    assert signed_in_as(client) is None


def test_admin_is_still_refused_to_council_staff(client, facilitator):
    device, _codes = turn_on(facilitator)
    sign_in(client, facilitator)
    client.post(reverse("two_factor_sign_in"), {"code": code_for(device)})
    response = client.get("/admin/")
    assert response.status_code == 302
    assert client.get(response.url).status_code == 403


def test_demo_admin_is_told_about_two_factor(client, framework):
    import io

    from django.core.management import call_command

    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert "demo-admin" in out.getvalue() and "two-factor" in out.getvalue()
    response = client.post(reverse("login") + "?next=/admin/",
                           {"username": "demo-admin", "password": "better-lives-demo"})
    assert response.url == "/admin/"
    assert client.get("/admin/").url.startswith(reverse("two_factor_set_up"))
