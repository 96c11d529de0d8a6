"""The public Easy Read "You said, we did" page (/s/<token>/you-said/): published and taken
down by the facilitator from the staff page; what it shows and what it never shows."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from actionplans.models import PublicYouSaid
from actionplans.services import you_said_publish, you_said_unpublish
from betterlives.models import AuditEvent
from domains.easy_read import easy_read_title
from domains.models import Domain
from evaluations.models import Response
from tests.actionplans.helpers import url as staff_url
from tests.factories import (
    add_action,
    choose_domains,
    evaluation_with_surveys,
    make_responses,
    small_framework,
)

pytestmark = pytest.mark.django_db

NEXT_UPDATE = datetime.date(2099, 3, 31)


@pytest.fixture
def evaluation(council):
    small_framework(domains=3)
    evaluation = evaluation_with_surveys(council)
    choose_domains(evaluation, 1, 2)
    surveys = {s.audience: s for s in evaluation.surveys.all()}
    # Five people with lived experience (the threshold): shown. Two carers: hidden.
    make_responses(surveys["lived_experience"], 5, "good", comment="A secret comment")
    make_responses(surveys["family_carers"], 2, "not_yet")
    add_action(evaluation, 1, title="Travel training in the evenings",
               easy_read_title="Learn to use the bus at night",
               easy_read_description="We will help you get the bus.", status="on_track",
               due_on=datetime.date(2099, 1, 31))
    add_action(evaluation, 2, title="Housing register review", lead_name="Sam Jones",
               status="done")
    return evaluation


@pytest.fixture
def survey(evaluation):
    return evaluation.surveys.get(audience="lived_experience")


def public_url(survey):
    return reverse("surveys:you_said", args=[survey.token])


def publish(evaluation, user=None):
    return you_said_publish(evaluation=evaluation, user=user, next_update_on=NEXT_UPDATE)


def assert_link_does_not_work(response):
    assert response.status_code == 404
    page = response.content.decode()
    assert "This link does not work" in page
    assert "We will update this page" not in page and 'id="domain-' not in page


# The public page ------------------------------------------------------------------------


def test_not_published_is_a_link_that_does_not_work(client, survey, evaluation):
    assert_link_does_not_work(client.get(public_url(survey)))
    publish(evaluation)
    you_said_unpublish(evaluation=evaluation, user=None)
    assert_link_does_not_work(client.get(public_url(survey)))


def test_unknown_link_does_not_work(client, survey, evaluation):
    publish(evaluation)
    for token in (survey.token[:-1] + ("A" if survey.token[-1] != "A" else "B"),
                  survey.short_code, "x" * 200):
        assert_link_does_not_work(client.get(reverse("surveys:you_said", args=[token])))


def test_published_page_shows_what_people_said_and_what_we_will_do(client, survey,
                                                                      evaluation):
    publish(evaluation)
    response = client.get(public_url(survey))
    assert response.status_code == 200
    assert "no-store" in response.get("Cache-Control", "") or "max-age=0" in response.get(
        "Cache-Control", "")
    page = response.content.decode()
    first, second = page.split('id="domain-1"')[1], page.split('id="domain-2"')[1]
    first = first.split("</section>")[0]
    # Each chosen domain under its Easy Read title: the officers' title stays off the page.
    for number in (1, 2):
        title = easy_read_title(Domain.objects.get(number=number))
        heading = page.split(f'id="domain-{number}">')[1].split("</h2>")[0]
        assert heading == title
    assert "Domain title" not in page
    assert 'id="domain-3"' not in page  # not chosen
    # Five people with lived experience: their face and words.
    assert "images/faces/good.svg" in first and "They told us this is good." in first
    # Two carers: words only, no face for them.
    carers = first.split("Family carers")[1].split("</li>")[0]
    assert "Fewer than 5 people told us what they think." in carers
    assert "images/faces/" not in carers
    # The action in its Easy Read words, with its status in words and a picture.
    assert "Learn to use the bus at night" in first
    assert "We will help you get the bus." in first
    assert "This is going well." in first and "images/easy-read/going-well.svg" in first
    assert "We want to do it by January 2099." in first
    assert "Housing register review" in second and "We have done this." in second
    # When it will next be updated, and who to ask.
    assert "We will update this page on 31 March 2099." in page
    assert "Ask the person who gave you this survey." in page


def test_published_page_names_nobody_and_shows_no_comments(client, survey, evaluation):
    publish(evaluation)
    page = client.get(public_url(survey)).content.decode()
    for private in ("Priya Shah", "Sam Jones", "Commissioning manager",
                    "Travel training in the evenings",  # the Easy Read title replaces it
                    "A secret comment", "Twenty people travel"):
        assert private not in page, private


def test_every_survey_of_the_evaluation_reaches_it(client, evaluation):
    publish(evaluation)
    for survey in evaluation.surveys.all():
        assert client.get(public_url(survey)).status_code == 200


def test_another_evaluations_publication_does_not_open_it(client, council, evaluation,
                                                         survey):
    other = evaluation_with_surveys(council, title="Another evaluation")
    publish(other)
    assert_link_does_not_work(client.get(public_url(survey)))


def test_council_contact_details(client, council, survey, evaluation):
    council.contact_team = "Learning Disability Team"
    council.contact_phone = "01234 567890"
    council.contact_email = "ld-team@example.org"
    council.contact_address = "Town Hall\nHigh Street\nRiverside RS1 1AA"
    council.save()
    publish(evaluation)
    page = client.get(public_url(survey)).content.decode()
    for shown in ("Ask for the Learning Disability Team.", "01234 567890",
                  'href="mailto:ld-team@example.org"', "Town Hall<br>High Street<br>"):
        assert shown in page, shown
    assert "Ask the person who gave you this survey." not in page
    welcome = client.get(reverse("surveys:welcome", args=[survey.token])).content.decode()
    assert "01234 567890" in welcome and "ld-team@example.org" in welcome


def test_welcome_page_says_who_to_ask_without_contact_details(client, survey):
    page = client.get(reverse("surveys:welcome", args=[survey.token])).content.decode()
    assert "Ask the person who gave you this survey." in page


def test_thank_you_page_links_to_it_once_published(client, survey, evaluation):
    response = make_responses(survey, 1, "good")[0]
    session = client.session
    session["survey_responses"] = {survey.token: str(response.submission_key)}
    session.save()
    sent = reverse("surveys:sent", args=[survey.token])
    assert public_url(survey) not in client.get(sent).content.decode()
    publish(evaluation)
    assert Response.objects.filter(pk=response.pk, status="submitted").exists()
    assert public_url(survey) in client.get(sent).content.decode()


def test_the_page_runs_as_many_queries_with_more_actions(client, survey, evaluation,
                                                         django_assert_max_num_queries):
    publish(evaluation)
    client.get(public_url(survey))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(public_url(survey))
    for n in range(10):
        add_action(evaluation, 1 + n % 2, title=f"Action {n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(public_url(survey))


# Publishing from the staff page ---------------------------------------------------------


def date_fields(value):
    return {"next_update_on_0": str(value.day), "next_update_on_1": str(value.month),
            "next_update_on_2": str(value.year)}


def test_facilitator_publishes_and_takes_it_down(client, facilitator, survey, evaluation):
    client.force_login(facilitator)
    page = client.get(staff_url("you_said", evaluation)).content.decode()
    assert "Not published" in page and staff_url("you_said_publish", evaluation) in page
    form = client.get(staff_url("you_said_publish", evaluation)).content.decode()
    assert "It does not show anyone's name or any comments." in form
    reply = client.post(staff_url("you_said_publish", evaluation), date_fields(NEXT_UPDATE))
    assert reply.status_code == 302 and reply["Location"] == staff_url("you_said", evaluation)
    saved = PublicYouSaid.objects.get(evaluation=evaluation)
    assert saved.published and saved.next_update_on == NEXT_UPDATE
    assert saved.published_by == facilitator
    page = client.get(staff_url("you_said", evaluation)).content.decode()
    assert "Published" in page and public_url(survey) in page
    assert client.get(public_url(survey)).status_code == 200

    confirm = client.get(staff_url("you_said_unpublish", evaluation)).content.decode()
    assert "Take down the public" in confirm
    assert client.post(staff_url("you_said_unpublish", evaluation)).status_code == 302
    assert not PublicYouSaid.objects.get(evaluation=evaluation).published
    assert_link_does_not_work(client.get(public_url(survey)))
    actions = list(AuditEvent.objects.filter(object_type="actionplans.publicyousaid")
                   .values_list("action", flat=True))
    assert len(actions) == 2 and actions[0].startswith("Took down")


def test_the_next_update_date_is_checked(client, facilitator, evaluation):
    client.force_login(facilitator)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    reply = client.post(staff_url("you_said_publish", evaluation), date_fields(yesterday))
    assert reply.status_code == 200
    assert "must be today or in the future" in reply.content.decode()
    reply = client.post(staff_url("you_said_publish", evaluation), {})
    assert "Enter when you will next update the page" in reply.content.decode()
    assert not PublicYouSaid.objects.exists()


@pytest.mark.parametrize("role", ["board_viewer", "contributor"])
def test_readers_cannot_publish(client, request, role, survey, evaluation):
    client.force_login(request.getfixturevalue(role))
    page = client.get(staff_url("you_said", evaluation)).content.decode()
    assert staff_url("you_said_publish", evaluation) not in page
    for name in ("you_said_publish", "you_said_unpublish"):
        assert client.get(staff_url(name, evaluation)).status_code == 403
        assert client.post(staff_url(name, evaluation),
                           date_fields(NEXT_UPDATE)).status_code == 403
    assert not PublicYouSaid.objects.exists()


def test_another_council_gets_404(client, outsider, survey, evaluation):
    publish(evaluation)
    client.force_login(outsider)
    for name in ("you_said", "you_said_publish", "you_said_unpublish"):
        assert client.get(staff_url(name, evaluation)).status_code == 404
        assert client.post(staff_url(name, evaluation),
                           date_fields(NEXT_UPDATE)).status_code == 404
    assert PublicYouSaid.objects.get(evaluation=evaluation).published


# The action's Easy Read words ------------------------------------------------------------


def test_easy_read_words_are_checked_and_audited(evaluation, facilitator):
    from django.core.exceptions import ValidationError

    from actionplans.services import action_update

    with pytest.raises(ValidationError) as error:
        add_action(evaluation, 1, easy_read_title="x" * 121)
    assert "easy_read_title" in error.value.message_dict
    action = add_action(evaluation, 1, title="Plain")
    assert action.easy_title == "Plain"
    fields = {f: getattr(action, f) for f in (
        "domain", "title", "description", "lead_name", "lead_role", "lead_user", "partners",
        "co_produced_with", "timescale", "due_on", "success_measure", "status")}
    action = action_update(action=action, user=facilitator, good_lives_actions=[], **fields,
                           easy_read_title="Easy words")
    assert action.easy_title == "Easy words"
    event = AuditEvent.objects.filter(object_id=str(action.pk)).first()
    assert event.changes["Easy Read title"] == [None, "Easy words"]
    # Changing other fields keeps the Easy Read words.
    action = action_update(action=action, user=facilitator, good_lives_actions=[],
                           **{**fields, "title": "Plainer"})
    assert action.easy_read_title == "Easy words"


def test_easy_read_pdf_uses_the_easy_read_words_and_contact_details(council, evaluation):
    from django.template.loader import render_to_string

    from actionplans.reports.easy_read import easy_read_context

    council.contact_phone = "01234 567890"
    council.save()
    evaluation.council.refresh_from_db()
    html = render_to_string("reports/easy_read.html", easy_read_context(evaluation))
    assert "Learn to use the bus at night" in html and "We will help you get the bus." in html
    assert "Travel training in the evenings" not in html
    assert "01234 567890" in html
    assert "Ask the person who gave you this survey." not in html


def test_poster_gives_the_address_and_who_to_ask(client, facilitator, council, survey,
                                                  evaluation):
    poster = reverse("evaluations:poster", kwargs={
        "council_slug": council.slug, "pk": evaluation.pk, "audience": survey.audience})
    client.force_login(facilitator)
    page = client.get(poster).content.decode()
    assert public_url(survey) in page
    assert "Ask the person who gave you this survey." in page
    council.contact_email = "ld-team@example.org"
    council.save()
    page = client.get(poster).content.decode()
    assert "ld-team@example.org" in page
    assert "Ask the person who gave you this survey." not in page


def test_the_page_comes_in_welsh(client, survey, evaluation):
    """Its words are marked for translation; once a person chooses Welsh the page is in
    Welsh (the framework's texts as they are)."""
    publish(evaluation)
    client.post(reverse("surveys:start", args=[survey.token]), {"language": "cy"})
    page = client.get(public_url(survey)).content.decode()
    assert '<html lang="cy"' in page


def test_the_action_pages_offer_easy_read_words(client, facilitator, evaluation):
    client.force_login(facilitator)
    form = client.get(reverse("actionplans:action_create", kwargs={
        "council_slug": evaluation.council.slug, "pk": evaluation.pk, "number": 1,
    })).content.decode()
    assert 'name="easy_read_title"' in form and 'name="easy_read_description"' in form
    action = evaluation.actions.get(domain__number=1)
    detail = client.get(reverse("actionplans:action", kwargs={
        "council_slug": evaluation.council.slug, "pk": evaluation.pk, "action_pk": action.pk,
    })).content.decode()
    assert "Learn to use the bus at night" in detail
