"""Shared fixtures for the security tests: council A with one of everything, and the
people of council B who must never see it."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

import pytest

from betterlives.models import Role
from tests.factories import (
    ReportFactory,
    WorkshopFactory,
    add_action,
    council_check_content,
    evaluation_with_surveys,
    good_lives_content,
    member,
    review_content,
    small_framework,
)

PDF_BYTES = b"%PDF-1.7 x"


def plain(field_name):
    """The text stored in a free-text field when a test does not care what it says."""
    return f"Plain text for {field_name}"


@dataclass
class World:
    """Council A's evaluation and one of every object a URL can name."""

    council: object
    evaluation: object
    survey: object  # the lived experience survey (Easy Read)
    carer_survey: object
    own_item: object
    response: object  # sent, with a comment
    answer: object  # an answer with a comment
    unfinished: object  # a response in progress, to resume by code
    workshop: object
    live_vote: object
    action: object
    progress: object
    sign_off: object
    report: object
    texts: dict = field(default_factory=dict)


def send_response(survey, say, field_name, choice="good"):
    """A sent response to every question of `survey`, the first with a comment."""
    from evaluations.models import Answer
    from evaluations.selectors.surveys import survey_items
    from evaluations.services.responses import (
        answer_save,
        response_helped_set,
        response_start,
        response_submit,
    )

    response = response_start(survey=survey)
    for index, item in enumerate(survey_items(survey)):
        answer_save(response=response, item=item, choice=choice,
                    comment=say(field_name) if index == 0 else "")
    response_helped_set(response=response, helped=True)
    response = response_submit(response=response)
    answer = Answer.objects.filter(response=response).exclude(comment="").first()
    return response, answer


def build_world(council, facilitator, say=plain):
    """Everything an evaluation can hold, made through the services. `say(field)` gives the
    text stored in each free-text field a person can type."""
    from actionplans.models import Report
    from actionplans.services import progress_add, sign_off_record, you_said_publish
    from domains.models import Domain, FrameworkVersion
    from evaluations.models import LiveVote
    from evaluations.services.council_check import council_check_save
    from evaluations.services.live_votes import live_vote_start, participant_join, vote_cast
    from evaluations.services.responses import answer_save, response_start
    from evaluations.services.step_two import (
        domain_choice_save,
        review_evidence_add,
        review_save,
    )
    from evaluations.services.surveys import survey_own_question_add
    from evaluations.services.workshops import workshop_rating_save

    if not FrameworkVersion.objects.filter(is_current=True).exists():  # a second council
        small_framework(domains=2, questions=2)
        council_check_content(enablers=1, indicators=1)
        review_content(statements=1, questions=1)
        good_lives_content(actions=2)
    council.small_number_threshold = 2
    council.save(update_fields=["small_number_threshold"])
    evaluation = evaluation_with_surveys(council, title=say("evaluation title"))
    survey = evaluation.surveys.get(audience="lived_experience")
    carer_survey = evaluation.surveys.get(audience="family_carers")
    domain_1, domain_2 = Domain.objects.order_by("number")

    own_item = survey_own_question_add(survey=survey, domain=domain_1,
                                       text=say("own question")[:300])
    response, answer = send_response(survey, say, "survey comment")
    send_response(survey, say, "second survey comment", choice="not_good")
    send_response(carer_survey, say, "carer survey comment", choice="mostly")
    send_response(carer_survey, say, "second carer survey comment", choice="sometimes")
    unfinished = response_start(survey=survey)
    answer_save(response=unfinished, item=own_item, choice="not_sure",
                comment=say("unfinished survey comment"))

    workshop = WorkshopFactory(evaluation=evaluation, title=say("workshop title")[:200],
                               place=say("workshop place")[:200], notes=say("workshop notes"))
    workshop_rating_save(workshop=workshop, domain=domain_1, choice="mostly",
                         strengths=say("workshop strengths"),
                         improvements=say("workshop improvements"),
                         evidence=say("workshop evidence"))
    live_vote = live_vote_start(workshop=workshop)
    for group in ("lived_experience", "family_carers"):
        vote_cast(participant=participant_join(live_vote=live_vote, group=group),
                  domain=domain_1, choice="good")
    live_vote = LiveVote.objects.get(pk=live_vote.pk)

    for domain in (domain_1, domain_2):
        council_check_save(
            evaluation=evaluation, domain=domain,
            enabler_answers={q: {"choice": "mostly", "evidence": say("council check evidence")}
                             for q in domain.enabler_questions.all()},
            indicator_values={i: {"value_two_years_ago": Decimal(1),
                                  "value_this_year": Decimal(2),
                                  "notes": say("indicator notes")}
                              for i in domain.outcome_indicators.all()},
        )

    domain_choice_save(
        evaluation=evaluation, user=facilitator, decided_on=datetime.date(2026, 6, 1),
        took_part={"lived_experience": 3}, how_decided=say("how decided"),
        choices={domain_1: ("improve", say("rationale")), domain_2: ("strength", "")},
    )
    review = evaluation.reviews.get(domain=domain_1)
    review_save(
        review=review, user=facilitator,
        ratings={s: ("partly", say("statement evidence")) for s in domain_1.statements.all()},
        answers={q: say("in-depth answer") for q in domain_1.in_depth_questions.all()},
        key_findings=say("key findings"),
    )
    review_evidence_add(review=review, user=facilitator, text=say("review evidence"))

    action = add_action(
        evaluation, 1, user=facilitator, title=say("action title")[:200],
        description=say("action description"), lead_name=say("action lead")[:200],
        lead_role=say("action lead role")[:200], partners=say("action partners")[:1000],
        success_measure=say("action success measure"),
        easy_read_description=say("action Easy Read description"))
    progress = progress_add(action=action, user=facilitator,
                            happened_on=datetime.date(2026, 7, 1),
                            text=say("progress text"), status="on_track")
    sign_off = sign_off_record(evaluation=evaluation, user=facilitator,
                               meeting=say("sign-off meeting")[:200],
                               met_on=datetime.date(2026, 8, 1), decision="approved",
                               comments=say("sign-off comments"))
    # The public "You said, we did" page is published, so that its link works.
    you_said_publish(evaluation=evaluation, user=facilitator,
                     next_update_on=datetime.date(2099, 1, 1))
    report = ReportFactory(
        evaluation=evaluation, kind=Report.Kind.BOARD, language="en",
        state=Report.State.READY, fingerprint="0" * 64, pdf=PDF_BYTES, size=len(PDF_BYTES),
        pages=1, requested_by=facilitator)
    return World(
        council=council, evaluation=evaluation, survey=survey, carer_survey=carer_survey,
        own_item=own_item, response=response, answer=answer, unfinished=unfinished,
        workshop=workshop, live_vote=live_vote, action=action, progress=progress,
        sign_off=sign_off, report=report)




@pytest.fixture
def world(council, facilitator):
    return build_world(council, facilitator)


@pytest.fixture
def other_world(world, other_council, council_b_people):
    """Council B's own evaluation, with one of everything too (made after council A's)."""
    return build_world(other_council, council_b_people["B facilitator"])


@pytest.fixture
def council_b_people(other_council):
    """Each role of council B, by name."""
    return {
        "B facilitator": member(Role.FACILITATOR, other_council, username="b-facilitator"),
        "B contributor": member(Role.CONTRIBUTOR, other_council, username="b-contributor"),
        "B board viewer": member(Role.BOARD_VIEWER, other_council, username="b-viewer"),
    }
