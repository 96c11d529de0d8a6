"""A demo evaluation with varied made-up responses, for `manage.py seed_demo`."""

import datetime
import random
import uuid

from django.db import transaction
from django.utils import timezone

from domains.models import Audience

from .models import SCALE_CHOICES, Evaluation, Response
from .selectors import survey_items
from .services.evaluations import evaluation_create
from .services.responses import (
    answer_save,
    paper_response_create,
    response_helped_set,
    response_start,
    response_submit,
)

DEMO_TITLE = "Better Lives self-evaluation 2026 (demo)"
# How many made-up responses each survey gets: (sent online, unfinished, on paper).
DEMO_RESPONSES = {
    Audience.LIVED_EXPERIENCE: (14, 4, 4),
    Audience.FAMILY_CARERS: (10, 2, 2),
    Audience.STAFF_PARTNERS: (10, 2, 0),
}
DEMO_COMMENTS = [
    "My support worker listens to me.",
    "I would like to go out more in the evenings.",
    "The bus pass time limit stops me getting to college.",
    "Reviews happen, but nothing changes afterwards.",
    "Information comes too late for us to plan.",
    "Good partnership working with the community team.",
    "Staff turnover means people keep meeting new faces.",
    "",
    "",
    "",
]


def _choose(rng, scale, lean):
    """A made-up answer: `lean` shifts answers towards the better end of the scale."""
    choices = SCALE_CHOICES[scale]
    scored, unscored = choices[:-1], choices[-1]
    if rng.random() < 0.08:
        return unscored
    position = min(len(scored) - 1, max(0, int(rng.triangular(0, len(scored), lean))))
    return scored[position]


@transaction.atomic
def demo_evaluation_seed(*, council):
    """Create the demo evaluation once. Returns it, and whether it was new."""
    existing = Evaluation.objects.filter(council=council, title=DEMO_TITLE).first()
    if existing is not None:
        return existing, False
    today = timezone.localdate()
    evaluation = evaluation_create(
        council=council, title=DEMO_TITLE, period_start=today - datetime.timedelta(days=30),
        period_end=today + datetime.timedelta(days=150), audiences=list(DEMO_RESPONSES),
    )
    rng = random.Random(2026)  # noqa: S311 - made-up demo data, repeatable on purpose
    for survey in evaluation.surveys.all():
        items = survey_items(survey)
        sent, unfinished, paper = DEMO_RESPONSES[survey.audience]
        for index in range(sent + unfinished):
            response = response_start(survey=survey)
            lean = rng.uniform(0.5, 3.0)
            answered = items if index < sent else items[: rng.randint(1, len(items) - 1)]
            for item in answered:
                if rng.random() < 0.05:
                    continue  # skipped
                answer_save(response=response, item=item, choice=_choose(rng, survey.scale, lean),
                            comment=rng.choice(DEMO_COMMENTS))
            started = timezone.now() - datetime.timedelta(days=rng.randint(0, 20),
                                                          hours=rng.randint(0, 8))
            Response.objects.filter(pk=response.pk).update(started_at=started,
                                                           last_saved_at=started)
            if index < sent:
                response_helped_set(response=response, helped=rng.random() < 0.4)
                response_submit(response=response)
        for _index in range(paper):
            lean = rng.uniform(0.5, 3.0)
            paper_response_create(
                survey=survey, submission_key=uuid.uuid4(), helped=rng.random() < 0.7,
                answers={item: (_choose(rng, survey.scale, lean), rng.choice(DEMO_COMMENTS))
                         for item in items},
            )
    return evaluation, True
