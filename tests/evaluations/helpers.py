"""Plain helpers shared by the test modules in tests/evaluations: page addresses, answering a
question page, a live vote phone's steps, the paper key-in post, text read back from a PDF
and the GOV.UK error check. Shared fixtures are in
conftest.py; the background document helpers are in documents.py (tests/domains uses them
too)."""

import re
import uuid

from django.urls import reverse

from evaluations.models import Group, LiveVote
from evaluations.selectors.surveys import survey_items

# Addresses ------------------------------------------------------------------------------------


def evaluation_url(name, evaluation, **kwargs):
    """A staff page of `evaluation`: evaluations:<name>, by council and evaluation."""
    return reverse(f"evaluations:{name}", kwargs={
        "council_slug": evaluation.council.slug, "pk": evaluation.pk, **kwargs})


def survey_url(name, survey, **extra):
    """A staff page of one survey: evaluations:<name>, by council, evaluation and audience."""
    return reverse(f"evaluations:{name}", kwargs={
        "council_slug": survey.evaluation.council.slug, "pk": survey.evaluation_id,
        "audience": survey.audience, **extra})


def public_url(name, survey, **kwargs):
    """A respondent's page of a survey: surveys:<name>, by the survey's token."""
    return reverse(f"surveys:{name}", kwargs={"token": survey.token, **kwargs})


# Answering a survey ---------------------------------------------------------------------------


def answer(client, survey, number, choice="", comment="", **extra):
    return client.post(public_url("question", survey, number=number),
                       {"choice": choice, "comment": comment, **extra})


def begin(client, survey, language="en"):
    """Choose a language and press Start on the survey's first pages."""
    client.post(reverse("surveys:start", args=[survey.token]), {"language": language})
    client.post(reverse("surveys:welcome", args=[survey.token]))


def question_page(client, survey, number=1):
    url = reverse("surveys:question", kwargs={"token": survey.token, "number": number})
    return client.get(url).content.decode()


# Live votes -----------------------------------------------------------------------------------


def vote_kwargs(live_vote, **extra):
    workshop = live_vote.workshop
    return {"council_slug": workshop.evaluation.council.slug, "pk": workshop.evaluation_id,
            "workshop_pk": workshop.pk, "vote_pk": live_vote.pk, **extra}


def vote_url(name, live_vote):
    """A staff page of a live vote: evaluations:<name>, by council, evaluation, workshop, vote."""
    return reverse(f"evaluations:{name}", kwargs=vote_kwargs(live_vote))


def start_url(workshop):
    return reverse("evaluations:vote_start", kwargs={
        "council_slug": workshop.evaluation.council.slug, "pk": workshop.evaluation_id,
        "workshop_pk": workshop.pk})


def join(client, live_vote, group=Group.LIVED_EXPERIENCE):
    """Open the join page (it gives the phone its device cookie), then say which group."""
    client.get(reverse("votes:join", args=[live_vote.code]))
    reply = client.post(reverse("votes:join", args=[live_vote.code]), {"group": group})
    assert reply.status_code == 302, reply.content
    return reply


def cast(client, live_vote, choice, domain=None):
    domain = domain or LiveVote.objects.get(pk=live_vote.pk).current_domain
    return client.post(reverse("votes:vote", args=[live_vote.code]),
                       {"choice": choice, "domain": domain.number})


# Paper key-in ---------------------------------------------------------------------------------


def survey_of(evaluation, audience):
    return evaluation.surveys.get(audience=audience)


def entry_url(survey):
    evaluation = survey.evaluation
    return reverse("evaluations:paper_entry", kwargs={
        "council_slug": evaluation.council.slug, "pk": evaluation.pk,
        "audience": survey.audience,
    })


def blank_post(survey, key=None):
    """What the entry page posts when nothing is changed."""
    data = {"submission_key": str(key or uuid.uuid4()), "helped": ""}
    for item in survey_items(survey):
        data[f"item_{item.pk}"] = ""
        data[f"comment_{item.pk}"] = ""
    return data


# Documents ------------------------------------------------------------------------------------


def words(text):
    """Text as read back from a PDF or typed: one space between words, quotes straightened.

    A line may break after a hyphen already in the text ("strengths-" / "based"): that break
    is joined up again. Hyphenation is off, so no other word is split.
    """
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    text = re.sub(r"-[ \t]*\n\s*", "-", text)
    return " ".join(text.split())


# Forms ----------------------------------------------------------------------------------------


def assert_govuk_error(response, message):
    """Status 200, "Error:" in the title, and the summary links to an input on the page."""
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error:" in page
    assert 'class="govuk-error-summary"' in page
    links = re.findall(r'<li><a href="#([^"]+)">([^<]+)</a></li>', page)
    targets = [target for target, text in links if text.strip() == message]
    assert targets, f"{message!r} not in the error summary: {links}"
    assert f'id="{targets[0]}"' in page, f"no element with id {targets[0]}"
    return page
