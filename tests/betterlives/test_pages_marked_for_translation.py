"""Every word of the error, sign-in, password reset and two-factor pages goes through the
catalogue: with a stand-in catalogue that wraps every message in ⟦ ⟧, every word a person sees
or hears on these pages (text, alt, title, aria-label, the character count's messages) is
wrapped. Words inside an element marked with another language are left alone.
"""

import re
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import trans_real
from django_otp.plugins.otp_totp.models import TOTPDevice

from betterlives.two_factor.selectors import app_secret
from betterlives.two_factor.services import two_factor_confirm, two_factor_start
from betterlives.two_factor.views import SET_UP_KEY
from tests.factories import PASSWORD

from .error_pages import ERROR_PAGES, app_code, error_page, heading, in_welsh

pytestmark = pytest.mark.urls("tests.betterlives.error_pages")


# Every word through the catalogue -------------------------------------------------------------

OPEN, CLOSE = "⟦", "⟧"
CONTEXT_SEPARATOR = "\x04"  # between a message's context and the message, as gettext has it


class MarkedCatalogue:
    """Stands in for the Welsh catalogue: every message comes back wrapped in ⟦ ⟧."""

    @staticmethod
    def mark(message):
        return OPEN + message.split(CONTEXT_SEPARATOR)[-1] + CLOSE

    def gettext(self, message):
        return self.mark(message)

    def ngettext(self, singular, plural, number):
        return self.mark(singular if number == 1 else plural)

    def to_language(self):
        return "cy"


@pytest.fixture
def marked(monkeypatch):
    """Welsh pages whose every translated message is wrapped in ⟦ ⟧."""
    monkeypatch.setitem(trans_real._translations, "cy", MarkedCatalogue())


# Attributes a person sees or hears: shown text, and what JavaScript shows or reads out.
SPOKEN_ATTRIBUTES = ("alt", "title", "aria-label", "placeholder", "data-listen")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}


class Words(HTMLParser):
    """The words of a page a person sees or hears, leaving out what is marked as being in
    another language (lang="en" on a Welsh page) and scripts."""

    def __init__(self, language):
        super().__init__(convert_charrefs=True)
        self.stack = [("document", language)]
        self.words = []

    def language(self):
        return self.stack[-1][1]

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        language = attrs.get("lang") or self.language()
        if language == "cy":
            for name, value in attrs.items():
                if value and (name in SPOKEN_ATTRIBUTES or name.startswith("data-i18n.")):
                    if not (tag == "input" and attrs.get("type") == "hidden"):
                        self.words.append(value)
            if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
                self.words.append(attrs["value"])
        if tag not in VOID:
            self.stack.append((tag, language))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, 0, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break

    def handle_data(self, data):
        if self.stack[-1][0] in ("script", "style", "template"):
            return
        if self.language() == "cy" and data.strip():
            self.words.append(data)


def unmarked(text, allowed=()):
    """The words of `text` that did not come through the catalogue."""
    previous = None
    while previous != text:  # innermost first: a message can hold another
        previous, text = text, re.sub(f"{OPEN}[^{OPEN}{CLOSE}]*{CLOSE}", " ", text)
    text = re.sub(r"https?://\S+", " ", text)
    for word in (settings.SERVICE_NAME, *allowed):
        text = text.replace(word, " ")
    return re.findall(r"[^\W\d_]{2,}", text)


def assert_every_word_marked(reply, allowed=()):
    page = reply.content.decode()
    assert '<html lang="cy"' in page
    parser = Words("cy")
    parser.feed(page)
    left = unmarked("\n".join(parser.words), allowed)
    assert not left, f"{reply.request['PATH_INFO']}: words not marked for translation: {left}"


@pytest.mark.django_db
@pytest.mark.parametrize("name", ERROR_PAGES)
def test_every_word_of_each_error_page_is_marked(name, marked, settings):
    assert_every_word_marked(error_page(in_welsh, name, settings))


@pytest.mark.django_db
def test_every_word_of_the_sign_in_and_password_pages_is_marked(marked, facilitator):
    client = in_welsh()
    assert_every_word_marked(client.get(reverse("login")))
    assert_every_word_marked(client.post(reverse("login"), {"username": "", "password": ""}))
    assert_every_word_marked(client.get(reverse("password_reset")))
    assert_every_word_marked(client.post(reverse("password_reset"), {"email": "not an email"}))
    assert_every_word_marked(
        client.post(reverse("password_reset"), {"email": facilitator.email}, follow=True)
    )
    [email] = mail.outbox
    assert not unmarked(email.subject), email.subject
    assert not unmarked(email.body, allowed=[facilitator.get_username()]), email.body

    link = re.search(r"https?://testserver(\S+)", email.body).group(1)
    choose = client.get(link, follow=True)
    assert_every_word_marked(choose)
    set_password_url = choose.redirect_chain[-1][0]
    assert_every_word_marked(client.post(set_password_url, {"new_password1": "short"}))
    assert_every_word_marked(client.post(set_password_url, {
        "new_password1": "a new long passphrase", "new_password2": "a new long passphrase",
    }, follow=True))
    assert_every_word_marked(client.get(reverse(
        "password_reset_confirm", kwargs={"uidb64": "MQ", "token": "not-a-token"})))


@pytest.mark.django_db
def test_every_word_of_the_locked_out_page_is_marked(marked, facilitator):
    client = in_welsh()
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": facilitator.username, "password": "wrong"})
    reply = client.post(reverse("login"), {"username": facilitator.username,
                                           "password": "wrong"})
    assert reply.status_code == 429
    assert heading(reply.content.decode()) == OPEN + "You cannot sign in for now" + CLOSE
    assert_every_word_marked(reply)


@pytest.mark.django_db
def test_every_word_of_the_two_factor_pages_is_marked(marked, facilitator):
    client = in_welsh()
    client.force_login(facilitator)
    assert_every_word_marked(client.get(reverse("two_factor")))

    set_up = client.get(reverse("two_factor_set_up"))
    device = TOTPDevice.objects.get(pk=client.session[SET_UP_KEY])
    assert_every_word_marked(set_up, allowed=app_secret(device).split())
    assert_every_word_marked(client.post(reverse("two_factor_set_up"), {"code": "12"}),
                             allowed=app_secret(device).split())
    codes = client.post(reverse("two_factor_set_up"), {"code": app_code(device)}, follow=True)
    assert_every_word_marked(codes)
    assert_every_word_marked(client.get(reverse("two_factor_backup_codes_print")),
                             allowed=[facilitator.get_username()])
    assert_every_word_marked(client.post(reverse("two_factor_backup_codes"), follow=True))
    assert_every_word_marked(client.get(reverse("two_factor_new_backup_codes")))
    assert_every_word_marked(client.get(reverse("two_factor_turn_off")))
    assert_every_word_marked(client.post(reverse("two_factor_turn_off"), {"code": "12345"}))


@pytest.mark.django_db
def test_every_word_of_the_sign_in_code_page_is_marked(marked, facilitator):
    device = two_factor_start(user=facilitator)
    two_factor_confirm(user=facilitator, device_id=device.pk, code=app_code(device))
    client = in_welsh()
    reply = client.post(reverse("login"), {"username": facilitator.username,
                                           "password": PASSWORD}, follow=True)
    assert reply.redirect_chain[-1][0].startswith(reverse("two_factor_sign_in"))
    assert_every_word_marked(reply)
    assert_every_word_marked(client.post(reply.redirect_chain[-1][0], {"code": "abc"}))


# GOV.UK Frontend's character count on staff forms ------------------------------------------

WELSH_PLURAL_FORMS = ("one", "two", "few", "many", "other")  # and zero, never asked: see below


def counted_form(**limit):
    from crispy_forms_gds.layout import Field, Layout
    from django import forms

    from betterlives.forms import GDSFormMixin

    class NotesForm(GDSFormMixin, forms.Form):
        notes = forms.CharField(label="Notes", help_text="Anything to add",
                                widget=forms.Textarea)

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.helper.layout = Layout(Field.textarea("notes", **limit))

    return NotesForm()


def count_messages(form):
    from django.template import Context, Template

    page = Template("{% load crispy_forms_tags %}{% crispy form %}").render(
        Context({"form": form}))
    [wrapper] = re.findall(r'<div class="govuk-character-count"[^>]*>', page)
    return dict(re.findall(r'data-i18n\.([a-z.-]+)="([^"]*)"', wrapper))


@pytest.mark.parametrize("limit, unit", [({"max_characters": 200}, "characters"),
                                         ({"max_words": 50}, "words")])
def test_the_character_count_has_every_welsh_plural_form(limit, unit, marked):
    """The component picks a form with Intl.PluralRules("cy"): one (1), two (2), few (3),
    many (6) or other. At 0 it shows the "at limit" message, so zero is never asked for."""
    with translation.override("cy"):
        messages = count_messages(counted_form(**limit))
    expected = {f"{unit}-at-limit"} | {
        f"{unit}-{state}.{form}" for state in ("under-limit", "over-limit")
        for form in WELSH_PLURAL_FORMS
    }
    assert set(messages) == expected
    for key, message in messages.items():
        assert message.startswith(OPEN) and message.endswith(CLOSE), message
        assert "at-limit" in key or "%{count}" in message, message


def test_the_character_count_in_welsh_uses_the_catalogue():
    with translation.override("cy"):
        messages = count_messages(counted_form(max_characters=200))
        expected = translation.pgettext("character count: plural form two (2)",
                                        "You have %%{count} characters remaining")
    assert messages["characters-under-limit.two"] == expected.replace("%%", "%")
