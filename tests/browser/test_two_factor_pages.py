"""Two-factor sign-in pages in real Chromium: axe-core and reflow on every page, and the
whole journey (set up, save backup codes, sign in with a code) with JavaScript switched off."""

from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from betterlives.models import Role
from tests.factories import PASSWORD, member

from .conftest import check_pages, signed_in
from .helpers import submit_empty_form


def code_for(device, drift=0):
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, drift):06d}"


def set_up_in_page(page, user):
    """Go through set-up in the page: scan (read the key from the database), type the code."""
    page.goto("/account/two-factor/set-up/")
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    page.get_by_label("Code from your authenticator app").fill(code_for(device))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/account/two-factor/backup-codes/")
    return device


def test_two_factor_pages_are_accessible(page, live_server, db):
    user = member(Role.FACILITATOR, username="fay")
    signed_in(page, live_server, user)
    check_pages(page, [
        ("overview-off", "/account/two-factor/", None),
        ("set-up", "/account/two-factor/set-up/", None),
        ("set-up-with-errors", "/account/two-factor/set-up/", submit_empty_form),
    ])

    set_up_in_page(page, user)
    check_pages(page, [
        ("backup-codes", "/account/two-factor/backup-codes/", None),
        ("backup-codes-print", "/account/two-factor/backup-codes/print/", None),
    ])
    page.goto("/account/two-factor/backup-codes/")
    page.get_by_role("button", name="I have saved my backup codes").click()
    page.wait_for_url("**/account/two-factor/")
    check_pages(page, [
        ("overview-on", "/account/two-factor/", None),
        ("new-backup-codes", "/account/two-factor/backup-codes/new/", None),
        ("new-backup-codes-with-errors", "/account/two-factor/backup-codes/new/",
         submit_empty_form),
        ("turn-off", "/account/two-factor/turn-off/", None),
        ("turn-off-with-errors", "/account/two-factor/turn-off/", submit_empty_form),
    ])

    # The code step of signing in, in a browser that has given the password only.
    page.context.clear_cookies()
    page.goto("/sign-in/")
    page.get_by_label("Username").fill("fay")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/sign-in/code/**")
    check_pages(page, [
        ("sign-in-code", "/sign-in/code/", None),
        ("sign-in-code-with-errors", "/sign-in/code/", submit_empty_form),
    ])


def test_set_up_and_sign_in_without_javascript(page_nojs, live_server, db):
    page = page_nojs
    user = member(Role.FACILITATOR, username="fay")
    signed_in(page, live_server, user)
    device = set_up_in_page(page, user)
    codes = page.locator("main ol.bl-backup-codes li").all_inner_texts()
    assert len(codes) == 10
    page.get_by_role("button", name="I have saved my backup codes").click()
    page.wait_for_url("**/account/two-factor/")
    assert page.get_by_text("Two-factor sign-in is on for your account.").is_visible()

    page.context.clear_cookies()
    page.goto("/sign-in/")
    page.get_by_label("Username").fill("fay")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/sign-in/code/**")
    page.get_by_label("Code").fill(code_for(device, drift=1))  # the app's next code
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/councils/")

    page.context.clear_cookies()
    page.goto("/sign-in/")
    page.get_by_label("Username").fill("fay")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Code").fill(codes[0])
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/councils/")
    assert page.get_by_text("You used a backup code. You have 9 left.").is_visible()
