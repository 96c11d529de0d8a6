"""Forms for two-factor sign-in: one box for a code, checked for its shape here and against
the person's devices by the services in services.py (views add the "not right" error)."""

from crispy_forms_gds.layout import Field, Fixed, Layout
from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ..forms import GDSFormMixin
from .services import APP_CODE_DIGITS, BACKUP_CODE_DIGITS, normalise_code

ENTER_CODE = _("Enter the 6-digit code from your authenticator app")
WRONG_CODE = _("The code is not right. Check your app and try again")


def refused_message(refused):
    """The error for a CodeRefused from the services."""
    if refused.wait is None:
        return WRONG_CODE
    if refused.wait > 90:
        minutes = -(-refused.wait // 60)
        wait = ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes}
    else:
        wait = ngettext("%(n)d second", "%(n)d seconds", refused.wait) % {"n": refused.wait}
    return _(
        "You have entered too many wrong codes. Wait %(wait)s, then try again"
    ) % {"wait": wait}


class CodeForm(GDSFormMixin, forms.Form):
    """A code from the authenticator app, or (when `backup_codes` is set) a backup code."""

    backup_codes = True
    code = forms.CharField(
        label=_("Code"),
        max_length=40,
        strip=True,
        error_messages={"required": ENTER_CODE, "max_length": WRONG_CODE},
        widget=forms.TextInput(attrs={
            "autocomplete": "one-time-code",
            "inputmode": "numeric",
            "spellcheck": "false",
            "autocapitalize": "none",
        }),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["code"]
        if self.backup_codes:
            field.help_text = _(
                "The 6 numbers your authenticator app shows now. If you do not have your "
                "phone, enter one of your 10-number backup codes instead."
            )
        else:
            field.label = _("Code from your authenticator app")
            field.help_text = _("The 6 numbers your app shows now, for example 123456.")
        self.helper.layout = Layout(Field.text("code", field_width=Fixed.TEN))

    def clean_code(self):
        code = normalise_code(self.cleaned_data["code"])
        lengths = {APP_CODE_DIGITS, BACKUP_CODE_DIGITS} if self.backup_codes else {APP_CODE_DIGITS}
        if not code.isdigit() or len(code) not in lengths:
            if self.backup_codes:
                raise forms.ValidationError(
                    _("The code must be 6 numbers, or 10 numbers for a backup code"),
                    code="format",
                )
            raise forms.ValidationError(
                _("The code must be 6 numbers, like 123456"), code="format"
            )
        return code


class SetUpCodeForm(CodeForm):
    """The first code from a new authenticator app, to show it is set up right."""

    backup_codes = False
    submit_label = _("Continue")


class SignInCodeForm(CodeForm):
    submit_label = _("Continue")


class NewBackupCodesForm(CodeForm):
    submit_label = _("Make new backup codes")


class TurnOffForm(CodeForm):
    submit_label = _("Turn off two-factor sign-in")
