"""Staff keep their own language (betterlives.StaffProfile, views/language.py, the
StaffLanguageMiddleware), and a council chooses whether Cymraeg comes first and whether its
posters are bilingual (Council.cymraeg_first, bilingual_posters)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from betterlives.audit import audit_list
from betterlives.models import Council, Role, StaffProfile
from tests.factories import (
    PASSWORD,
    CouncilFactory,
    UserFactory,
    evaluation_with_surveys,
    member,
    small_framework,
)

from .helpers import signed_in_to_admin

pytestmark = pytest.mark.django_db

YOUR_LANGUAGE = reverse("your_language")
COUNCILS = reverse("councils")
SWITCH = reverse("set_language")


def page_language(response):
    page = response.content.decode()
    start = page.index('<html lang="') + len('<html lang="')
    return page[start:page.index('"', start)]


def stored_language(user):
    return StaffProfile.objects.filter(user=user).values_list("language", flat=True).first()


def sign_in(client, user):
    """Sign in through the sign-in page, as a person does."""
    reply = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert reply.status_code == 302, "not signed in"
    return client


@pytest.fixture
def signed_in(client, facilitator):
    client.force_login(facilitator)
    return client


# Your language ----------------------------------------------------------------------------------


def test_your_language_page_names_each_language_in_itself(signed_in):
    page = signed_in.get(YOUR_LANGUAGE + "?next=/councils/riverside/").content.decode()
    assert '<h1 class="govuk-fieldset__heading">' in page and "Your language" in page
    assert 'for="id_language_1" lang="en">English</label>' in page
    assert 'for="id_language_2" lang="cy">Cymraeg</label>' in page
    assert 'value="en" checked' in page  # what the person sees now
    assert '<a href="/councils/riverside/" class="govuk-back-link">' in page


def test_it_is_reached_from_the_header_and_the_councils_page(signed_in):
    page = signed_in.get(COUNCILS).content.decode()
    assert f'href="{YOUR_LANGUAGE}?next=/councils/"' in page  # beside the language switcher
    assert f'<a class="govuk-link" href="{YOUR_LANGUAGE}">' in page


def test_choosing_cymraeg_is_stored_confirmed_and_used_on_the_next_page(signed_in, facilitator):
    reply = signed_in.post(YOUR_LANGUAGE + "?next=/councils/", {"language": "cy"})
    assert reply.status_code == 302 and reply["Location"] == "/councils/"
    assert stored_language(facilitator) == "cy"
    page = signed_in.get(COUNCILS)
    assert page_language(page) == "cy"
    assert "govuk-notification-banner--success" in page.content.decode()
    assert page_language(signed_in.get(reverse("council_home", args=["riverside"]))) == "cy"


def test_the_choice_follows_the_person_to_another_device(signed_in, facilitator, new_client):
    signed_in.post(YOUR_LANGUAGE, {"language": "cy"})
    signed_in.post(reverse("logout"))
    other_device = sign_in(new_client(), facilitator)
    assert page_language(other_device.get(COUNCILS)) == "cy"
    # Even where this device had chosen English before signing in.
    english_device = new_client()
    english_device.post(SWITCH, {"language": "en", "next": "/"})
    sign_in(english_device, facilitator)
    assert page_language(english_device.get(COUNCILS)) == "cy"


def test_the_choice_is_read_from_the_database_once_per_sign_in(signed_in):
    signed_in.post(YOUR_LANGUAGE, {"language": "cy"})
    with CaptureQueriesContext(connection) as queries:
        assert page_language(signed_in.get(COUNCILS)) == "cy"
    # The profile comes joined to the person (betterlives.auth_backend), never on its own.
    assert not [q for q in queries if 'FROM "betterlives_staffprofile"' in q["sql"]]


def test_another_person_is_unaffected(signed_in, council, new_client):
    signed_in.post(YOUR_LANGUAGE, {"language": "cy"})
    colleague = member(Role.CONTRIBUTOR, council, username="cal")
    their_device = new_client()
    their_device.force_login(colleague)
    assert page_language(their_device.get(COUNCILS)) == "en"
    assert stored_language(colleague) is None


def test_someone_who_has_not_chosen_keeps_the_language_of_their_device(signed_in):
    signed_in.post(SWITCH, {"language": "cy", "next": "/"})
    StaffProfile.objects.all().delete()
    assert page_language(signed_in.get(COUNCILS)) == "cy"


@pytest.mark.parametrize("data", [{}, {"language": "fr"}])
def test_no_choice_is_explained_without_javascript(signed_in, facilitator, data):
    reply = signed_in.post(YOUR_LANGUAGE, data)
    page = reply.content.decode()
    assert reply.status_code == 200
    assert "<title>Error:" in page
    assert "There is a problem" in page
    assert '<a href="#id_language_1">Choose English or Cymraeg</a>' in page
    assert "govuk-form-group--error" in page
    assert stored_language(facilitator) is None


def test_a_next_address_on_another_site_is_ignored(signed_in):
    reply = signed_in.post(YOUR_LANGUAGE + "?next=https://evil.example/", {"language": "cy"})
    assert reply["Location"] == COUNCILS


def test_your_language_needs_signing_in(client):
    reply = client.get(YOUR_LANGUAGE)
    assert reply.status_code == 302 and reply["Location"].startswith(reverse("login"))


# The language switcher ----------------------------------------------------------------------


def test_switching_language_while_signed_in_is_kept(signed_in, facilitator, new_client):
    reply = signed_in.post(SWITCH, {"language": "cy", "next": "/councils/"})
    assert reply.status_code == 302
    assert stored_language(facilitator) == "cy"
    other_device = new_client()
    other_device.force_login(facilitator)
    assert page_language(other_device.get(COUNCILS)) == "cy"
    signed_in.post(SWITCH, {"language": "en", "next": "/councils/"})
    assert stored_language(facilitator) == "en"


def test_switching_on_a_survey_page_is_the_respondents_choice(signed_in, facilitator):
    signed_in.post(SWITCH, {"language": "cy", "next": "/s/abc/"})
    assert stored_language(facilitator) is None


def test_switching_when_signed_out_keeps_nothing(client):
    client.post(SWITCH, {"language": "cy", "next": "/"})
    assert not StaffProfile.objects.exists()
    assert page_language(client.get("/")) == "cy"


def test_survey_pages_follow_the_respondents_choice_not_the_staff_language(signed_in, council):
    small_framework()
    survey = evaluation_with_surveys(council).surveys.get(audience="lived_experience")
    signed_in.post(YOUR_LANGUAGE, {"language": "cy"})
    signed_in.post(reverse("surveys:start", args=[survey.token]), {"language": "en"})
    page = signed_in.get(reverse("surveys:welcome", args=[survey.token]))
    assert page_language(page) == "en"
    assert page_language(signed_in.get(COUNCILS)) == "cy"


# A council's language settings --------------------------------------------------------------


def radio_checked(page, name):
    """The value of the checked radio called `name`."""
    for tag in page.split("<input")[1:]:
        tag = " ".join(tag[:tag.index(">")].split())
        if f'name="{name}"' in tag and "checked" in tag:
            return tag.split('value="')[1].split('"')[0]
    return None


def languages_url(council):
    return reverse("council_languages", kwargs={"council_slug": council.slug})


def test_new_councils_in_wales_show_cymraeg_first():
    assert CouncilFactory(nation=Council.Nation.WALES).cymraeg_first is True
    assert CouncilFactory(nation=Council.Nation.ENGLAND).cymraeg_first is False
    chosen = CouncilFactory(nation=Council.Nation.WALES, cymraeg_first=False)
    chosen.refresh_from_db()
    assert chosen.cymraeg_first is False


def test_posters_are_bilingual_in_wales_and_where_a_council_in_england_chose_it():
    assert CouncilFactory(nation=Council.Nation.WALES).has_bilingual_posters
    assert not CouncilFactory(nation=Council.Nation.ENGLAND).has_bilingual_posters
    assert CouncilFactory(nation=Council.Nation.ENGLAND,
                          bilingual_posters=True).has_bilingual_posters


def test_facilitators_choose_cymraeg_first_and_it_is_audited(signed_in, council, facilitator):
    page = signed_in.get(languages_url(council)).content.decode()
    assert "Which language comes first?" in page
    assert "Which languages are your posters in?" in page  # a council in England
    reply = signed_in.post(languages_url(council),
                           {"cymraeg_first": "yes", "bilingual_posters": "yes"})
    assert reply.status_code == 302 and reply["Location"] == council.get_absolute_url()
    council.refresh_from_db()
    assert council.cymraeg_first and council.bilingual_posters
    event = audit_list(council=council, obj=council).get()
    assert event.user == facilitator
    assert event.changes == {"bilingual posters": ["no", "yes"],
                             "Cymraeg first": ["no", "yes"]}
    page = signed_in.get(council.get_absolute_url()).content.decode()
    assert "language settings are saved" in page


def test_saving_the_same_settings_records_nothing(signed_in, council):
    signed_in.post(languages_url(council), {"cymraeg_first": "no", "bilingual_posters": "no"})
    assert not audit_list(council=council).exists()


def test_councils_in_wales_are_not_asked_about_posters(client):
    council = CouncilFactory(nation=Council.Nation.WALES)
    client.force_login(member(Role.FACILITATOR, council))
    page = client.get(languages_url(council)).content.decode()
    assert radio_checked(page, "cymraeg_first") == "yes"
    assert "Which languages are your posters in?" not in page
    client.post(languages_url(council), {"cymraeg_first": "no"})
    council.refresh_from_db()
    assert council.cymraeg_first is False and council.has_bilingual_posters


def test_settings_form_errors_without_javascript(signed_in, council):
    reply = signed_in.post(languages_url(council), {"bilingual_posters": "maybe"})
    page = reply.content.decode()
    assert reply.status_code == 200 and "<title>Error:" in page
    assert '<a href="#id_cymraeg_first_1">Choose which language comes first</a>' in page
    assert '<a href="#id_bilingual_posters_1">Choose the languages of your posters</a>' in page
    council.refresh_from_db()
    assert council.cymraeg_first is False


@pytest.mark.parametrize("role", [Role.CONTRIBUTOR, Role.BOARD_VIEWER])
def test_others_in_the_council_see_the_settings_but_cannot_change_them(client, council, role):
    client.force_login(member(role, council))
    page = client.get(languages_url(council)).content.decode()
    assert "English first" in page and "Only your council's facilitators" in page
    assert 'name="cymraeg_first"' not in page
    assert client.post(languages_url(council), {"cymraeg_first": "yes"}).status_code == 403
    council.refresh_from_db()
    assert council.cymraeg_first is False


def test_another_councils_settings_are_not_found(client, council, outsider):
    client.force_login(outsider)
    assert client.get(languages_url(council)).status_code == 404
    assert client.post(languages_url(council), {"cymraeg_first": "yes"}).status_code == 404
    council.refresh_from_db()
    assert council.cymraeg_first is False


# The language switcher's order ----------------------------------------------------------------


def switcher_order(page):
    switcher = page[page.index('class="bl-language-switcher"'):]
    switcher = switcher[:switcher.index("</form>")]
    return sorted(("en", "cy"), key=lambda code: switcher.index(f'lang="{code}"'))


def test_the_switcher_lists_cymraeg_first_on_the_pages_of_a_council_that_chose_it(
        signed_in, council):
    assert switcher_order(signed_in.get(council.get_absolute_url()).content.decode()) == [
        "en", "cy"]
    council.cymraeg_first = True
    council.save()
    assert switcher_order(signed_in.get(council.get_absolute_url()).content.decode()) == [
        "cy", "en"]
    # Pages of no council keep English first.
    assert switcher_order(signed_in.get(COUNCILS).content.decode()) == ["en", "cy"]


# The administration pages ---------------------------------------------------------------------


def admin_council_data(council=None, **changes):
    data = {"name": "Cyngor Newydd", "slug": "newydd", "nation": "wales",
            "small_number_threshold": 5, "free_text_retention_months": 24,
            "memberships-TOTAL_FORMS": 0, "memberships-INITIAL_FORMS": 0,
            "memberships-MIN_NUM_FORMS": 0, "memberships-MAX_NUM_FORMS": 1000}
    if council is not None:
        data.update(name=council.name, slug=council.slug, nation=council.nation,
                    bilingual_posters="on" if council.bilingual_posters else "")
        if council.cymraeg_first:
            data["cymraeg_first"] = "on"
    data.update(changes)
    return {key: value for key, value in data.items() if value != ""}


def test_site_admins_add_a_council_in_wales_with_cymraeg_first(client):
    admin = signed_in_to_admin(client, UserFactory(username="root", is_staff=True,
                                                   is_superuser=True))
    add = reverse("admin:betterlives_council_add")
    page = admin.get(add).content.decode()
    assert 'name="cymraeg_first"' not in page  # set by the nation
    assert 'name="bilingual_posters"' in page
    reply = admin.post(add, admin_council_data())
    assert reply.status_code == 302, reply.content.decode()[-3000:]
    council = Council.objects.get(slug="newydd")
    assert council.cymraeg_first is True

    change = reverse("admin:betterlives_council_change", args=[council.pk])
    assert 'name="cymraeg_first"' in admin.get(change).content.decode()
    reply = admin.post(change, admin_council_data(council, cymraeg_first=""))
    assert reply.status_code == 302
    council.refresh_from_db()
    assert council.cymraeg_first is False
    event = audit_list(council=council, obj=council).get()
    assert event.changes == {"Cymraeg first": ["yes", "no"]}
