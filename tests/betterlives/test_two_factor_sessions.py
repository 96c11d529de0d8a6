"""Two-factor sign-in and the person's sessions: each attempt to set it up has its own secret,
seen and confirmed only by the session that started it, and turning it on or off, or making
new backup codes, signs the person out everywhere else."""

import re
from base64 import b32decode

import pytest
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from betterlives.two_factor.selectors import SET_UP_TIME, app_secret, two_factor_is_on
from betterlives.two_factor.services import BACKUP_DEVICE_NAME, two_factor_start
from tests.betterlives.helpers import (
    WRONG_CODE,
    code_for,
    error_text,
    sign_in,
    signed_in_as,
    turn_on,
    unthrottle,
)

pytestmark = pytest.mark.django_db


def shown_secret(client):
    """The key the set-up page shows this session, as people type it."""
    page = client.get(reverse("two_factor_set_up")).content.decode()
    return re.search(r'id="setup-key">([^<]+)<', page).group(1).strip()


def code_from(secret):
    """The code an authenticator app given `secret` shows now."""
    key = secret.replace(" ", "")
    return f"{totp(b32decode(key + '=' * (-len(key) % 8))):06d}"


def signed_in_client(new_client, user):
    client = new_client()
    client.force_login(user)
    return client


def is_signed_out(client):
    """Whether the client's next request is sent to sign in."""
    response = client.get(reverse("two_factor"))
    return response.status_code == 302 and response.url.startswith(reverse("login"))


def is_signed_in(client, user):
    return (client.get(reverse("two_factor")).status_code == 200
            and signed_in_as(client) == str(user.pk))


# Setting it up in one session ----------------------------------------------------------------

def test_someone_with_the_password_cannot_keep_a_second_factor(new_client, facilitator):
    """Someone who signed in with the password alone and opened the set-up page first learns
    nothing that works once the owner sets up two-factor sign-in."""
    attacker = new_client()
    sign_in(attacker, facilitator)
    assert signed_in_as(attacker) == str(facilitator.pk)
    attackers_secret = shown_secret(attacker)

    owner = new_client()
    sign_in(owner, facilitator)
    owners_secret = shown_secret(owner)
    assert owners_secret != attackers_secret
    response = owner.post(reverse("two_factor_set_up"), {"code": code_from(owners_secret)})
    assert response.url == reverse("two_factor_backup_codes")

    # The app that works is the owner's; the attacker's is gone, and so is their session.
    app = TOTPDevice.objects.get(user=facilitator)
    assert app.confirmed
    assert app_secret(app) == owners_secret
    assert is_signed_out(attacker)
    # Signing in again, the attacker's code is refused at the code step.
    sign_in(attacker, facilitator)
    response = attacker.post(reverse("two_factor_sign_in"),
                             {"code": code_from(attackers_secret)})
    assert WRONG_CODE in error_text(response)
    assert signed_in_as(attacker) is None
    assert is_signed_in(owner, facilitator)


def test_each_session_sees_its_own_secret(new_client, facilitator):
    first = signed_in_client(new_client, facilitator)
    second = signed_in_client(new_client, facilitator)
    first_secret, second_secret = shown_secret(first), shown_secret(second)
    assert first_secret != second_secret
    # Reloading the page keeps each session's own secret.
    assert shown_secret(first) == first_secret
    assert shown_secret(second) == second_secret
    assert TOTPDevice.objects.filter(user=facilitator, confirmed=False).count() == 2


def test_a_session_confirms_only_its_own_app(new_client, facilitator):
    first = signed_in_client(new_client, facilitator)
    second = signed_in_client(new_client, facilitator)
    first_secret, second_secret = shown_secret(first), shown_secret(second)

    for client, others_secret in ((first, second_secret), (second, first_secret)):
        response = client.post(reverse("two_factor_set_up"), {"code": code_from(others_secret)})
        assert WRONG_CODE in error_text(response)
    assert not two_factor_is_on(facilitator)

    unthrottle(facilitator)
    response = second.post(reverse("two_factor_set_up"), {"code": code_from(second_secret)})
    assert response.url == reverse("two_factor_backup_codes")
    assert app_secret(TOTPDevice.objects.get(user=facilitator)) == second_secret


def test_the_set_up_page_needs_a_started_app_to_confirm(client, facilitator):
    """A code posted by a session that never opened the set-up page confirms nothing, even
    the right code for an app another session started."""
    started = two_factor_start(user=facilitator)
    client.force_login(facilitator)
    response = client.post(reverse("two_factor_set_up"), {"code": code_for(started)})
    assert WRONG_CODE in error_text(response)
    started.refresh_from_db()
    assert not started.confirmed


def test_confirming_removes_every_other_unconfirmed_device(client, facilitator, outsider):
    other_attempts = [two_factor_start(user=facilitator) for _ in range(2)]
    StaticDevice.objects.create(user=facilitator, name="Unfinished", confirmed=False)
    outsiders_attempt = two_factor_start(user=outsider)

    client.force_login(facilitator)
    secret = shown_secret(client)
    client.post(reverse("two_factor_set_up"), {"code": code_from(secret)})

    assert [app_secret(d) for d in TOTPDevice.objects.filter(user=facilitator)] == [
        secret]
    assert not TOTPDevice.objects.filter(pk__in=[d.pk for d in other_attempts]).exists()
    assert list(StaticDevice.objects.filter(user=facilitator)
                .values_list("name", "confirmed")) == [(BACKUP_DEVICE_NAME, True)]
    assert TOTPDevice.objects.filter(pk=outsiders_attempt.pk, confirmed=False).exists()


def test_an_old_unfinished_attempt_is_not_kept(client, facilitator):
    client.force_login(facilitator)
    secret = shown_secret(client)
    TOTPDevice.objects.filter(user=facilitator).update(
        created_at=TOTPDevice.objects.get(user=facilitator).created_at
        - SET_UP_TIME)
    assert shown_secret(client) != secret
    assert TOTPDevice.objects.filter(user=facilitator).count() == 1


# Signing out the other sessions --------------------------------------------------------------

def two_factor_app(user):
    return TOTPDevice.objects.get(user=user, confirmed=True)


def turn_it_on(client, user):
    client.post(reverse("two_factor_set_up"), {"code": code_from(shown_secret(client))})
    assert two_factor_is_on(user)


def turn_it_off(client, user):
    client.post(reverse("two_factor_turn_off"), {"code": code_for(two_factor_app(user))})
    assert not two_factor_is_on(user)


def make_new_backup_codes(client, user):
    old = set(StaticDevice.objects.filter(user=user).values_list("token_set__token", flat=True))
    response = client.post(reverse("two_factor_new_backup_codes"),
                           {"code": code_for(two_factor_app(user))})
    assert response.url == reverse("two_factor_backup_codes")
    new = set(StaticDevice.objects.filter(user=user).values_list("token_set__token", flat=True))
    assert new and not new & old


@pytest.mark.parametrize("change, on_before", [
    (turn_it_on, False),
    (turn_it_off, True),
    (make_new_backup_codes, True),
])
def test_a_change_signs_out_the_other_sessions_only(change, on_before, new_client,
                                                    facilitator, outsider):
    if on_before:
        turn_on(facilitator)
    current = signed_in_client(new_client, facilitator)
    elsewhere = signed_in_client(new_client, facilitator)
    someone_else = signed_in_client(new_client, outsider)

    change(current, facilitator)

    assert is_signed_out(elsewhere)
    assert signed_in_as(elsewhere) is None
    assert is_signed_in(current, facilitator)
    assert is_signed_in(someone_else, outsider)


def test_the_session_that_turned_it_on_stays_verified(client, facilitator):
    client.force_login(facilitator)
    turn_it_on(client, facilitator)
    assert client.session[DEVICE_ID_SESSION_KEY] == two_factor_app(facilitator).persistent_id
    client.post(reverse("two_factor_backup_codes"))
    assert is_signed_in(client, facilitator)
