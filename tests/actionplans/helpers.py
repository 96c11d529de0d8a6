"""Helpers shared by the action plan tests: addresses, dates, page text and made-up data."""

import datetime
import html
import itertools
import re
import uuid

from django.urls import reverse
from django.utils import formats, timezone

from actionplans.models import Action, Status
from domains.models import Domain
from evaluations.models import Answer
from evaluations.selectors.surveys import survey_items
from evaluations.services.responses import paper_response_create
from evaluations.services.results import comment_review
from tests.factories import ActionFactory

SOURCE = "https://example.org/good-lives"
MADE_AT = datetime.datetime(2026, 5, 14, 10, 30, tzinfo=datetime.UTC)  # when a report is made


def url(name, evaluation, **kwargs):
    """The address of an action plan page of the evaluation."""
    return reverse(f"actionplans:{name}", kwargs={
        "council_slug": evaluation.council.slug, "pk": evaluation.pk, **kwargs})


def text(response):
    """The page of a 200 response as people read it (so "lead's" is not "lead&#x27;s")."""
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def assert_error(page, message):
    """The message is in the GOV.UK error summary and beside its field."""
    summary = page.split('class="govuk-error-summary"', 1)[1].split("</ul>", 1)[0]
    assert message in summary
    assert re.search(r'class="govuk-error-message"[^>]*>\s*<span[^>]*>Error:</span>\s*'
                     + re.escape(message), page), message


def words(text):
    """PDF text with one space between words, quotes straightened and hyphenated line breaks
    joined up again (hyphenation is off, so only hyphens in the text break a line)."""
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    text = re.sub(r"-[ \t]*\n\s*", "-", text)
    return " ".join(text.split())


def domain(number):
    return Domain.objects.get(number=number)


def today():
    return timezone.localdate()


def long_date(value):
    return formats.date_format(value, "j F Y")


def future():
    return today() + datetime.timedelta(days=365)


def past(evaluation):
    """Before today, but not before the evaluation started."""
    return evaluation.period_start


def bulk_actions(evaluation, count, *, start=0, numbers=(1, 2), leads=(None,), good_lives=(),
                 due_on=None):
    """`count` actions titled "Action 001"… in turn in the domains `numbers`, in every status
    in turn, every fourth one overdue unless `due_on` is given (quicker than the service)."""
    domains = itertools.cycle(Domain.objects.filter(number__in=numbers).order_by("number"))
    statuses, leads = itertools.cycle(Status.values), itertools.cycle(leads)
    actions = Action.objects.bulk_create(ActionFactory.build(
        evaluation=evaluation, domain=next(domains), title=f"Action {n + 1:03d}",
        description="What will happen.", lead_name=f"Lead {n % 3}", lead_role="Manager",
        lead_user=next(leads), timescale="year",
        due_on=due_on or (past(evaluation) if n % 4 == 0 else future()),
        success_measure="We will see.", status=next(statuses), co_produced_with=["staff"])
        for n in range(start, start + count))
    Action.good_lives_actions.through.objects.bulk_create(
        Action.good_lives_actions.through(action_id=action.pk, goodlivesaction_id=item.pk)
        for action in actions for item in good_lives)
    return actions


def sent_responses(survey, count, comment):
    """`count` sent responses answering every question of `survey`, each with a comment
    `comment.format(n=…, domain=…)`."""
    items = survey_items(survey)
    for n in range(count):
        paper_response_create(
            survey=survey, submission_key=uuid.uuid4(), helped=False,
            answers={item: ("good", comment.format(n=n, domain=item.domain.number))
                     for item in items})


def tag(comment, tag="working", hidden=False):
    """Tag (and perhaps hide) every answer with this comment."""
    for answer in Answer.objects.filter(comment=comment):
        comment_review(answer=answer, tag=tag, hidden=hidden)
