"""Shared form building blocks: every form renders GOV.UK markup through crispy-forms-gds."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import StaffProfile
from .sign_in_delay import sign_in_failure_record, sign_in_failures_clear, sign_in_wait


class GDSFormMixin:
    """Adds a crispy-forms-gds helper with one submit button named by `submit_label`."""

    submit_label = _("Continue")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper(self)
        self.helper.add_input(Button("submit", self.submit_label))


class EasyReadFormMixin:
    """A form of the Easy Read pages (surveys and live votes). crispy-forms-gds renders its
    fields (`layout_fields()`) inside a form its template writes, beside the buttons, the
    hidden response key and the recording; the error summary is gds/layout/error_summary.html,
    as on every other page."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(*self.layout_fields())

    def layout_fields(self):
        raise NotImplementedError


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

    def clean(self):
        """Check the password, unless this username must wait first (sign_in_delay.py)."""
        username = self.cleaned_data.get("username")
        if not username or not self.cleaned_data.get("password"):
            return super().clean()
        if seconds := sign_in_wait(username):
            raise ValidationError(ngettext(
                "There have been too many wrong passwords for this username. "
                "Wait %(seconds)d second, then try again.",
                "There have been too many wrong passwords for this username. "
                "Wait %(seconds)d seconds, then try again.",
                seconds,
            ) % {"seconds": seconds}, code="wait")
        try:
            cleaned = super().clean()
        except ValidationError as error:
            if error.code == "invalid_login":
                sign_in_failure_record(username)
            raise
        sign_in_failures_clear(username)
        return cleaned


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



class StaffLanguageForm(GDSFormMixin, forms.Form):
    """The language the service uses for this person (templates/account/your_language.html
    draws the radios, each language named in itself)."""

    submit_label = _("Save")

    language = forms.ChoiceField(
        label=_("Your language"),
        help_text=_("The service uses this language for you on every device you sign in on. "
                    "Survey and vote pages use the language each person chooses there."),
        choices=StaffProfile.Language.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose English or Cymraeg"),
                        "invalid_choice": _("Choose English or Cymraeg")},
    )


def yes_no(value):
    return value == "yes"


class CouncilLanguagesForm(GDSFormMixin, forms.Form):
    """A council's language settings. Posters of councils in Wales are always in both
    languages, so only councils in England are asked about them."""

    submit_label = _("Save")

    cymraeg_first = forms.TypedChoiceField(
        label=_("Which language comes first?"),
        help_text=_("Where people choose between Cymraeg and English: the first page of your "
                    "surveys, the language switcher on your council's pages, and posters in "
                    "both languages."),
        choices=[("yes", _("Cymraeg first")), ("no", _("English first"))],
        coerce=yes_no, widget=forms.RadioSelect,
        error_messages={"required": _("Choose which language comes first"),
                        "invalid_choice": _("Choose which language comes first")},
    )
    bilingual_posters = forms.TypedChoiceField(
        label=_("Which languages are your posters in?"),
        choices=[("yes", _("Cymraeg and English")), ("no", _("English only"))],
        coerce=yes_no, widget=forms.RadioSelect,
        error_messages={"required": _("Choose the languages of your posters"),
                        "invalid_choice": _("Choose the languages of your posters")},
    )

    def __init__(self, *args, council, **kwargs):
        kwargs["initial"] = {
            "cymraeg_first": "yes" if council.cymraeg_first else "no",
            "bilingual_posters": "yes" if council.bilingual_posters else "no",
            **(kwargs.get("initial") or {}),
        }
        super().__init__(*args, **kwargs)
        fields = [Field.radios("cymraeg_first", legend_size=Size.MEDIUM)]
        if council.nation == council.Nation.WALES:
            del self.fields["bilingual_posters"]
        else:
            fields.append(Field.radios("bilingual_posters", legend_size=Size.MEDIUM))
        self.helper.layout = Layout(*fields)
