"""Every create form stores once (betterlives.store_once).

Each create form's blank page carries a submission key. Posting the same form again (a double
click, Back and Save again, a resubmitted page) stores nothing more and goes where the first
post went; on PostgreSQL, twenty identical posts at the same moment store one record; and the
cap of three own questions per domain holds when twenty people add one at once.
"""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from actionplans.models import Action, ProgressUpdate, SignOff
from betterlives.models import FormSubmission, Role
from domains.models import CouncilRecording, Domain
from evaluations.models import (
    Evaluation,
    LiveVote,
    Response,
    ReviewEvidence,
    SurveyItem,
    Workshop,
)
from evaluations.selectors.surveys import survey_items
from evaluations.services.surveys import OWN_QUESTIONS_PER_DOMAIN
from tests.concurrency import needs_postgres, run_each
from tests.factories import (
    CouncilFactory,
    WorkshopFactory,
    add_action,
    choose_domains,
    evaluation_with_surveys,
    member,
    review_content,
    small_framework,
    wav_bytes,
)
from tests.form_reader import FormReader, submission_key

AT_ONCE = 20


def form_to_save_as_new(page):
    """The fields the "saved already" page sends with "Save it as a new one"."""
    reader = FormReader()
    reader.feed(page)
    data = {k: v if len(v) > 1 else v[0] for k, v in reader.data.items()}
    data.pop("csrfmiddlewaretoken", None)
    return data


def _date(prefix, day):
    return {f"{prefix}_0": str(day.day), f"{prefix}_1": str(day.month),
            f"{prefix}_2": str(day.year)}


class World:
    """A council with a facilitator, an evaluation with its surveys, a workshop, a chosen
    domain with its review, and an action: everything the create forms hang from."""

    def __init__(self):
        small_framework()
        review_content()
        self.council = CouncilFactory(name="Riverside Council", slug="riverside")
        self.facilitator = member(Role.FACILITATOR, self.council, username="fay")
        self.evaluation = evaluation_with_surveys(self.council)
        self.survey = self.evaluation.surveys.get(audience="lived_experience")
        self.workshop = WorkshopFactory(evaluation=self.evaluation)
        choose_domains(self.evaluation, 1)
        self.action = add_action(self.evaluation, 1)

    def url(self, name, **kwargs):
        kwargs = {"council_slug": self.council.slug, **kwargs}
        if name.startswith(("evaluations:", "actionplans:")) and name != "evaluations:create":
            kwargs["pk"] = self.evaluation.pk
        return reverse(name, kwargs=kwargs)


# Each create form: (its page, what a person fills in, what one save stores).
FORMS = {
    "evaluation": (
        lambda w: w.url("evaluations:create"),
        lambda w: {"title": "Better Lives 2027", "audiences": ["lived_experience"],
                   **_date("period_start", datetime.date(2027, 4, 1)),
                   **_date("period_end", datetime.date(2028, 3, 31))},
        lambda w: Evaluation.objects.filter(title="Better Lives 2027"),
    ),
    "own question": (
        lambda w: w.url("evaluations:own_question_add", audience=w.survey.audience),
        lambda w: {"domain": "1", "text": "Do you know who to call?"},
        lambda w: SurveyItem.objects.filter(survey=w.survey, question__isnull=True),
    ),
    "paper response": (
        lambda w: w.url("evaluations:paper_entry", audience=w.survey.audience),
        lambda w: {f"item_{survey_items(w.survey)[0].pk}": "good", "helped": "no"},
        lambda w: Response.objects.filter(survey=w.survey),
    ),
    "workshop": (
        lambda w: w.url("evaluations:workshop_create"),
        lambda w: {"title": "Autumn workshop", **_date("held_on", datetime.date(2026, 9, 1)),
                   "place": "Town hall", "attended_lived_experience": "8",
                   "rating_scale": "faces"},
        lambda w: Workshop.objects.filter(title="Autumn workshop"),
    ),
    "live vote": (
        lambda w: w.url("evaluations:vote_start", workshop_pk=w.workshop.pk),
        lambda w: {"when": "now"},
        lambda w: LiveVote.objects.filter(workshop=w.workshop),
    ),
    "evidence": (
        lambda w: w.url("evaluations:review", number=1),
        lambda w: {"text": "The housing report, page 4."},
        lambda w: ReviewEvidence.objects.all(),
    ),
    "action": (
        lambda w: w.url("actionplans:action_create", number=1),
        lambda w: {"title": "Evening travel training", "description": "Travel training.",
                   "domain": str(Domain.objects.get(number=1).pk), "lead_name": "Priya Shah",
                   "lead_role": "Manager",
                   "co_produced_with": ["lived_experience"], "timescale": "six_months",
                   **_date("due_on", datetime.date(2027, 9, 30)),
                   "success_measure": "Twenty people travel on their own.",
                   "status": "not_started"},
        lambda w: Action.objects.filter(title="Evening travel training"),
    ),
    "progress update": (
        lambda w: w.url("actionplans:progress_add", action_pk=w.action.pk),
        lambda w: {**_date("happened_on", datetime.date.today()), "status": "on_track",
                   "text": "Six people came to the first session."},
        lambda w: ProgressUpdate.objects.filter(action=w.action),
    ),
    "sign-off": (
        lambda w: w.url("actionplans:sign_off_create"),
        lambda w: {"meeting": "Partnership Board", **_date("met_on", datetime.date.today()),
                   "decision": "approved", "comments": ""},
        lambda w: SignOff.objects.all(),
    ),
    "council recording": (
        lambda w: reverse("recording_add", kwargs={"council_slug": w.council.slug}),
        lambda w: {"what": "page:welcome", "language": "en", "transcript": "Read by Sam",
                   "upload": SimpleUploadedFile("voice.wav", wav_bytes())},
        lambda w: CouncilRecording.objects.all(),
    ),
}

# The evidence form sits on the review page and posts to its own address.
POST_TO = {"evidence": lambda w: w.url("evaluations:review_evidence_add", number=1)}


def post_url(name, world):
    return POST_TO.get(name, FORMS[name][0])(world)


def signed_in(world):
    client = Client()
    client.force_login(world.facilitator)
    return client


def blank_form(name, world, client):
    """Open the form's page as a person would; return the data they send, with its key."""
    page = client.get(FORMS[name][0](world))
    assert page.status_code == 200, name
    return {**FORMS[name][1](world), "submission_key": submission_key(page)}


def count(name, world):
    return FORMS[name][2](world).count()


@pytest.fixture
def world(db):
    return World()


@pytest.mark.parametrize("name", FORMS)
def test_saving_the_same_form_again_stores_once_and_goes_where_the_first_went(name, world):
    client = signed_in(world)
    data = blank_form(name, world, client)
    before = count(name, world)
    first = client.post(post_url(name, world), data)
    assert first.status_code == 302, (name, first.content.decode()[:3000])
    assert count(name, world) == before + 1
    again = client.post(post_url(name, world), FORMS[name][1](world) | {
        "submission_key": data["submission_key"]})  # Back, and Save again
    assert again.status_code == 302 and again["Location"] == first["Location"], name
    assert count(name, world) == before + 1, name


@pytest.mark.parametrize("name", FORMS)
def test_the_same_words_on_a_new_blank_form_ask_first_then_save_as_new(name, world):
    """Back on a browser that fetched the form afresh: a new key, the same words."""
    client = signed_in(world)
    before = count(name, world)
    first = client.post(post_url(name, world), blank_form(name, world, client))
    assert first.status_code == 302, name
    data = blank_form(name, world, client)
    if name == "council recording":  # an upload is not asked about: it replaces the last
        data["language"] = "cy"
        assert client.post(post_url(name, world), data).status_code == 302
        assert count(name, world) == before + 2
        return
    asked = client.post(post_url(name, world), data)
    page = asked.content.decode()
    assert asked.status_code == 200 and "You saved this already" in page, name
    assert f'href="{first["Location"]}"' in page
    assert count(name, world) == before + 1, name
    again = form_to_save_as_new(page)
    assert again["save_as_new"] == "yes" and again["submission_key"] == data["submission_key"]
    saved = client.post(post_url(name, world), again)
    assert saved.status_code == 302, name
    assert count(name, world) == before + 2, name
    assert client.post(post_url(name, world), again).status_code == 302  # a double click
    assert count(name, world) == before + 2, name


def test_different_words_on_a_new_blank_form_are_saved_without_asking(world):
    client = signed_in(world)
    client.post(post_url("workshop", world), blank_form("workshop", world, client))
    other = {**blank_form("workshop", world, client), "place": "Library"}
    assert client.post(post_url("workshop", world), other).status_code == 302
    assert Workshop.objects.filter(title="Autumn workshop").count() == 2


def test_the_same_words_are_saved_without_asking_after_ten_minutes(world):
    client = signed_in(world)
    client.post(post_url("workshop", world), blank_form("workshop", world, client))
    FormSubmission.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=11))
    reply = client.post(post_url("workshop", world), blank_form("workshop", world, client))
    assert reply.status_code == 302
    assert Workshop.objects.filter(title="Autumn workshop").count() == 2


def test_the_same_message_is_shown_after_a_resubmit(world):
    client = signed_in(world)
    data = blank_form("workshop", world, client)
    client.post(post_url("workshop", world), data)
    again = client.post(post_url("workshop", world), data, follow=True)
    assert "Workshop recorded." in again.content.decode()
    assert Workshop.objects.filter(title="Autumn workshop").count() == 1


def test_a_form_shown_again_with_errors_keeps_its_key_for_the_corrected_save(world):
    client = signed_in(world)
    data = blank_form("workshop", world, client)
    refused = client.post(post_url("workshop", world), {**data, "title": ""})
    assert refused.status_code == 200 and "<title>Error:" in refused.content.decode()
    assert submission_key(refused) == data["submission_key"]
    assert not FormSubmission.objects.exists()
    assert client.post(post_url("workshop", world), data).status_code == 302
    assert Workshop.objects.filter(title="Autumn workshop").count() == 1


def test_someone_elses_key_gets_not_found(world):
    client = signed_in(world)
    data = blank_form("workshop", world, client)
    client.post(post_url("workshop", world), data)
    other = Client()
    other.force_login(member(Role.FACILITATOR, world.council, username="sam"))
    assert other.post(post_url("workshop", world), data).status_code == 404
    assert Workshop.objects.filter(title="Autumn workshop").count() == 1


def test_another_council_gets_404_and_stores_nothing(world):
    client = signed_in(world)
    data = blank_form("workshop", world, client)
    outsider = Client()
    outsider.force_login(member(Role.FACILITATOR, CouncilFactory(), username="olly"))
    assert outsider.post(post_url("workshop", world), data).status_code == 404
    assert not FormSubmission.objects.exists()


def test_keys_are_forgotten_after_a_week(world):
    client = signed_in(world)
    data = blank_form("workshop", world, client)
    client.post(post_url("workshop", world), data)
    FormSubmission.objects.update(created_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC))
    client.post(post_url("workshop", world), blank_form("workshop", world, client))
    assert FormSubmission.objects.count() == 1


# Twenty at once, on PostgreSQL ----------------------------------------------------------------


@needs_postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("name", FORMS)
def test_twenty_identical_posts_at_once_store_one_record(name):
    world = World()
    before = count(name, world)
    data = blank_form(name, world, signed_in(world))
    clients = [signed_in(world) for _client in range(AT_ONCE)]
    url = post_url(name, world)

    def post(client):
        # A fresh upload for each post; everything else exactly as the page sent it.
        return lambda: client.post(url, {**data, **FORMS[name][1](world),
                                         "submission_key": data["submission_key"]})

    replies = run_each([post(client) for client in clients])
    assert [reply.status_code for reply in replies] == [302] * AT_ONCE, name
    assert len({reply["Location"] for reply in replies}) == 1, name
    assert count(name, world) == before + 1, name
    assert FormSubmission.objects.count() == 1


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_the_cap_of_own_questions_holds_when_twenty_add_one_at_once():
    world = World()
    clients = [signed_in(world) for _client in range(AT_ONCE)]
    url = post_url("own question", world)
    forms = [blank_form("own question", world, client) for client in clients]
    replies = run_each([lambda c=client, d=data: c.post(url, d)
                        for client, data in zip(clients, forms, strict=True)])
    assert count("own question", world) == OWN_QUESTIONS_PER_DOMAIN
    assert sorted(reply.status_code for reply in replies) == (
        [200] * (AT_ONCE - OWN_QUESTIONS_PER_DOMAIN) + [302] * OWN_QUESTIONS_PER_DOMAIN)
