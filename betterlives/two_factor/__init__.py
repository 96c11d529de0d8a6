"""Two-factor sign-in: an authenticator app and backup codes (django-otp).

services.py holds the writes, selectors.py the reads, forms.py and views.py the pages, and
middleware.py the rule for /admin/. The names other code uses are gathered here.
"""

from .selectors import (
    SET_UP_TIME,
    app_secret,
    app_setup_url,
    backup_code_display,
    backup_codes_left,
    set_up_app,
    two_factor_is_on,
)
from .services import (
    APP_CODE_DIGITS,
    APP_DEVICE_NAME,
    BACKUP_CODE_COUNT,
    BACKUP_CODE_DIGITS,
    BACKUP_DEVICE_NAME,
    CodeRefused,
    backup_codes_make,
    normalise_code,
    sessions_sign_out,
    two_factor_check,
    two_factor_confirm,
    two_factor_start,
    two_factor_turn_off,
)

__all__ = [
    "APP_CODE_DIGITS",
    "APP_DEVICE_NAME",
    "BACKUP_CODE_COUNT",
    "BACKUP_CODE_DIGITS",
    "BACKUP_DEVICE_NAME",
    "SET_UP_TIME",
    "CodeRefused",
    "app_secret",
    "app_setup_url",
    "backup_code_display",
    "backup_codes_left",
    "backup_codes_make",
    "normalise_code",
    "sessions_sign_out",
    "set_up_app",
    "two_factor_check",
    "two_factor_confirm",
    "two_factor_is_on",
    "two_factor_start",
    "two_factor_turn_off",
]
