"""A demo evaluation with varied made-up responses, for `manage.py seed_demo`."""

import datetime
import random
import uuid

from django.db import transaction
from django.utils import timezone

from domains.models import Audience
from evaluations.selectors.surveys import survey_items

from .models import SCALE_CHOICES, Evaluation, Response
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


# How the facilitator themed each made-up comment when reading them.
DEMO_COMMENT_TAGS = {
    "My support worker listens to me.": "working",
    "Good partnership working with the community team.": "working",
    "I would like to go out more in the evenings.": "idea",
    "The bus pass time limit stops me getting to college.": "not_working",
    "Reviews happen, but nothing changes afterwards.": "not_working",
    "Information comes too late for us to plan.": "not_working",
    "Staff turnover means people keep meeting new faces.": "not_working",
}


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


DEMO_RATINGS = [
    # (choice, strengths, things to improve, evidence) for domains 1 to 6, made up.
    ("mostly", "The partnership board has self-advocates as co-chairs.",
     "Housing and health leaders rarely come to the board.", "Board minutes, 2025–26."),
    ("sometimes", "Transition planning starts at 14 for most young people.",
     "People not known to services are missed until there is a crisis.",
     "Transition tracker; two case reviews."),
    ("mostly", "Reviews happen on time for most people.",
     "Information and advice is hard to find and not in Easy Read.",
     "Review completion report; feedback from the self-advocacy group."),
    ("not_yet", "Committed, caring support workers.",
     "High turnover: people keep meeting new faces.", "Local workforce data."),
    ("mostly", "Safeguarding enquiries ask people what outcome they want.",
     "Staff can be cautious about positive risk-taking.", "Audit of 20 enquiries."),
    ("sometimes", "Good community groups in the town centre.",
     "Evening transport stops people going out.", "Workshop discussion."),
]


# The council's own check of domains 1 to 6, made up: the answer to each enabler question,
# and {indicator position: (trend, meets its local target)} for the indicators that are not
# improving and on target. Domains 1 and 5 pass the framework's rule; 2, 3, 4 and 6 do not.
DEMO_CHECK = {
    1: (["all_the_time", "all_the_time"], {}),
    2: (["mostly", "all_the_time"], {2: ("steady", False)}),
    3: (["all_the_time", "mostly", "all_the_time", "dont_know", "all_the_time"], {}),
    4: (["sometimes", "not_yet"], {1: ("worsening", False), 2: ("worsening", True)}),
    5: (["all_the_time", "all_the_time"], {}),
    6: (["mostly", "all_the_time"], {1: ("worsening", False)}),
}


def demo_step_one_seed(*, evaluation):
    """A workshop with ratings and a finished live vote, and the council's own check.
    Added once: an evaluation that already has a workshop is left alone."""
    from domains.models import Domain, EnablerQuestion, OutcomeIndicator

    from .models import Answer, Group, Workshop
    from .services.council_check import council_check_save
    from .services.live_votes import (
        live_vote_end,
        live_vote_move,
        live_vote_start,
        participant_join,
        vote_cast,
    )
    from .services.workshops import workshop_create, workshop_rating_save

    if Workshop.objects.filter(evaluation=evaluation).exists():
        return False
    rng = random.Random(2027)  # noqa: S311 - made-up demo data, repeatable on purpose
    domains = list(Domain.objects.order_by("number"))
    with transaction.atomic():
        workshop = workshop_create(
            evaluation=evaluation, title="Community workshop at the town hall",
            held_on=timezone.localdate() - datetime.timedelta(days=7), place="Town hall",
            notes="Easy Read slides; two supporters; a break every 40 minutes.",
            attended_lived_experience=9, attended_family_carers=5, attended_staff=4,
            attended_partners=3,
        )
        for domain, (choice, strengths, improve, evidence) in zip(
            domains, DEMO_RATINGS, strict=False
        ):
            workshop_rating_save(workshop=workshop, domain=domain, choice=choice,
                                 strengths=strengths, improvements=improve, evidence=evidence)

        live_vote = live_vote_start(workshop=workshop)
        groups = ([Group.LIVED_EXPERIENCE] * 9 + [Group.FAMILY_CARERS] * 5
                  + [Group.STAFF] * 4 + [Group.PARTNERS] * 3)
        participants = [participant_join(live_vote=live_vote, group=g) for g in groups]
        for domain in domains:
            live_vote_move(live_vote=live_vote, domain=domain)
            lean = rng.uniform(0.8, 2.6)
            for participant in participants:
                vote_cast(participant=participant, domain=domain,
                          choice=_choose(rng, "faces", lean))
        live_vote_end(live_vote=live_vote)

        for domain in domains:
            choices, trends = DEMO_CHECK.get(domain.number, ([], {}))
            questions = EnablerQuestion.objects.filter(domain=domain, is_current=True
                                                       ).order_by("position")
            indicators = OutcomeIndicator.objects.filter(domain=domain, is_current=True
                                                         ).order_by("position")
            council_check_save(
                evaluation=evaluation, domain=domain,
                enabler_answers={
                    q: {"choice": choice, "evidence": "Made-up evidence for the demo."}
                    for q, choice in zip(questions, choices, strict=False)
                },
                indicator_values={
                    indicator: _demo_indicator(indicator, position,
                                               *trends.get(position, ("improving", True)))
                    for position, indicator in enumerate(indicators, start=1)
                },
            )

        sent = Answer.objects.filter(response__survey__evaluation=evaluation,
                                     response__status=Response.Status.SUBMITTED)
        for text, tag in DEMO_COMMENT_TAGS.items():
            sent.filter(comment=text).update(comment_tag=tag)
    return True


def _demo_indicator(indicator, position, trend, meets_target):
    """Three years of made-up values going `trend` ("improving", "steady" or "worsening"),
    with a local target that the latest value meets or not."""
    from decimal import Decimal

    better = 1 if indicator.higher_is_better else -1
    step = {"improving": 4, "steady": 0, "worsening": -4}[trend] * better
    start = Decimal(30 + 8 * position)
    values = [start + step * n for n in range(3)]
    target = values[-1] - 3 * better if meets_target else values[-1] + 5 * better
    return {
        "value_two_years_ago": values[0], "value_last_year": values[1],
        "value_this_year": values[2], "local_target": target, "comparator": start,
        "notes": "",
    }
