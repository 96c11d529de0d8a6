"""Shared form building blocks: every form renders GOV.UK markup through crispy-forms-gds."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _


class GDSFormMixin:
    """Adds a crispy-forms-gds helper with one submit button named by `submit_label`."""

    submit_label = _("Continue")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper(self)
        self.helper.add_input(Button("submit", self.submit_label))


class SignInForm(GDSFormMixin, AuthenticationForm):
    submit_label = _("Sign in")
    error_messages = {
        "invalid_login": _(
            "Enter a correct username and password. Both are case-sensitive."
        ),
        "inactive": _("This account is not active. Ask your council's facilitator for help."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages["required"] = _("Enter your username")
        # AuthenticationForm only sets the input's maxlength; check it, so that a longer name
        # is refused here rather than passed on to authentication (and its lockout records).
        self.fields["username"].validators.append(MaxLengthValidator(
            150, message=_("Your username must be 150 characters or fewer")))
        self.fields["password"].error_messages["required"] = _("Enter your password")
        self.fields["username"].widget.attrs["autocomplete"] = "username"
        self.fields["username"].widget.attrs["spellcheck"] = "false"


class ResetRequestForm(GDSFormMixin, PasswordResetForm):
    submit_label = _("Send reset link")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("Email address")
        self.fields["email"].help_text = _("The email address your council set up for you.")
        self.fields["email"].error_messages.update(
            required=_("Enter your email address"),
            invalid=_("Enter an email address in the correct format, like name@example.gov.uk"),
        )


class NewPasswordForm(GDSFormMixin, SetPasswordForm):
    submit_label = _("Save password")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].error_messages["required"] = _("Enter a new password")
        self.fields["new_password2"].error_messages["required"] = _(
            "Enter the new password again"
        )

