"""The framework's rule: a domain is a candidate for an in-depth look when any enabler answer is
not "Yes, all the time" or an indicator is getting worse or short of its local target."""

import html
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from betterlives.models import Role
from domains.models import Domain
from evaluations.framework_rule import (
    CANDIDATE,
    NOT_CANDIDATE,
    NOT_CHECKED,
    IndicatorFinding,
    apply_rule,
)
from evaluations.models.council_check import Direction
from evaluations.services.council_check import council_check_save
from tests.factories import council_check_content, evaluation_with_surveys, member, small_framework

from .helpers import evaluation_url as url

ANSWERS = ["all_the_time", "mostly", "sometimes", "not_yet", "dont_know"]


def finding(direction=Direction.IMPROVING, meets_target=True, code="D2-IN-1"):
    return IndicatorFinding(code, "People in paid work", direction, meets_target)


# The rule, as a pure function ---------------------------------------------------------------


def test_every_enabler_a_confident_yes_and_indicators_fine_is_not_a_candidate():
    rule = apply_rule(enabler_choices=["all_the_time", "all_the_time"],
                      indicators=[finding(), finding(Direction.STEADY, None)])
    assert (rule.status, rule.reasons, rule.is_candidate) == (NOT_CANDIDATE, (), False)
    assert rule.label == "Not a candidate"


@pytest.mark.parametrize("choice, words", [
    ("mostly", "Mostly"), ("sometimes", "Sometimes"), ("not_yet", "Not yet"),
    ("dont_know", "Don't know"),
])
def test_any_answer_but_a_confident_yes_makes_a_candidate(choice, words):
    rule = apply_rule(enabler_choices=["all_the_time", choice], indicators=[])
    assert rule.status == CANDIDATE and rule.is_candidate
    assert rule.label == "A candidate for an in-depth look"
    assert rule.reasons == (f"Enabler question 2 was answered “{words}”",)


def test_an_indicator_getting_worse_or_short_of_its_target_makes_a_candidate():
    rule = apply_rule(enabler_choices=["all_the_time"], indicators=[
        finding(Direction.WORSENING, True, "D2-IN-1"),
        finding(Direction.IMPROVING, False, "D2-IN-2"),
        finding(Direction.WORSENING, False, "D2-IN-3"),
        finding(Direction.UNKNOWN, None, "D2-IN-4"),
    ])
    assert rule.status == CANDIDATE
    assert rule.reasons == (
        "Indicator D2-IN-1 (People in paid work) is getting worse",
        "Indicator D2-IN-2 (People in paid work) is short of its local target",
        "Indicator D2-IN-3 (People in paid work) is getting worse",
        "Indicator D2-IN-3 (People in paid work) is short of its local target",
    )


def test_unanswered_questions_leave_a_domain_not_checked_yet():
    rule = apply_rule(enabler_choices=["all_the_time", ""], indicators=[finding()])
    assert (rule.status, rule.unanswered, rule.label) == (NOT_CHECKED, 1, "Not checked yet")
    assert apply_rule(enabler_choices=[], indicators=[]).status == NOT_CHECKED


def test_a_reason_wins_over_unanswered_questions():
    rule = apply_rule(enabler_choices=["", "sometimes", ""], indicators=[])
    assert (rule.status, rule.unanswered) == (CANDIDATE, 2)
    assert rule.reasons == ("Enabler question 2 was answered “Sometimes”",)


@given(st.lists(st.sampled_from(["", *ANSWERS]), max_size=5),
       st.lists(st.tuples(st.sampled_from(list(Direction)), st.sampled_from([True, False, None])),
                max_size=4))
def test_property_a_candidate_exactly_when_something_is_not_a_confident_yes(choices, values):
    rule = apply_rule(enabler_choices=choices,
                      indicators=[finding(d, m) for d, m in values])
    not_sure = any(c not in ("", "all_the_time") for c in choices)
    not_achieved = any(d == Direction.WORSENING or m is False for d, m in values)
    assert rule.is_candidate == (not_sure or not_achieved)
    assert bool(rule.reasons) == rule.is_candidate


# The council's own check pages --------------------------------------------------------------


@pytest.fixture
def evaluation(council):
    small_framework(domains=3, questions=1)
    council_check_content(enablers=2, indicators=2)  # indicator 1 higher is better, 2 lower
    evaluation = evaluation_with_surveys(council)
    one, two = Domain.objects.get(number=1), Domain.objects.get(number=2)
    council_check_save(
        evaluation=evaluation, domain=one,
        enabler_answers={q: {"choice": "all_the_time"} for q in one.enabler_questions.all()},
        indicator_values={one.outcome_indicators.get(position=1): {
            "value_two_years_ago": Decimal(40), "value_this_year": Decimal(50),
            "local_target": Decimal(45)}},
    )
    q1, q2 = two.enabler_questions.order_by("position")
    i1, i2 = two.outcome_indicators.order_by("position")
    council_check_save(
        evaluation=evaluation, domain=two,
        enabler_answers={q1: {"choice": "sometimes"}, q2: {"choice": "dont_know"}},
        indicator_values={
            i1: {"value_two_years_ago": Decimal(50), "value_this_year": Decimal(40)},
            i2: {"value_two_years_ago": Decimal(10), "value_this_year": Decimal(10),
                 "local_target": Decimal(5)},
        },
    )
    return evaluation


DOMAIN_TWO_REASONS = [
    "Enabler question 1 was answered “Sometimes”",
    "Enabler question 2 was answered “Don't know”",
    "Indicator D2-IN-1 (Indicator 1 of domain 2) is getting worse",
    "Indicator D2-IN-2 (Indicator 2 of domain 2) is short of its local target",
]


def page_text(client, target):
    response = client.get(target)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


@pytest.mark.parametrize("role", [Role.CONTRIBUTOR, Role.BOARD_VIEWER])
def test_overview_shows_each_domains_status_and_reasons(client, council, evaluation, role):
    client.force_login(member(role, council))
    page = page_text(client, url("council_check", evaluation))
    assert "framework says a domain is a candidate for an in-depth look" in page
    assert "An in-depth look?" in page
    row_one, row_two, row_three = (page.split(f'id="domain-{n}"')[1].split("</tr>")[0]
                                   for n in (1, 2, 3))
    assert "Not a candidate" in row_one
    assert "A candidate for an in-depth look" in row_two
    for reason in DOMAIN_TWO_REASONS:
        assert reason in row_two
    assert "Not checked yet" in row_three
    assert "2 enabler questions are not answered yet" in row_three


@pytest.mark.parametrize("role", [Role.CONTRIBUTOR, Role.BOARD_VIEWER])
def test_domain_page_shows_the_status_and_reasons(client, council, evaluation, role):
    client.force_login(member(role, council))
    page = page_text(client, url("council_check_domain", evaluation, number=2))
    assert "A candidate for an in-depth look" in page
    for reason in DOMAIN_TWO_REASONS:
        assert reason in page
    page = page_text(client, url("council_check_domain", evaluation, number=1))
    assert "Not a candidate" in page
    assert "Every enabler question is answered “Yes, all the time”" in page


def test_another_council_gets_404(client, outsider, evaluation):
    client.force_login(outsider)
    assert client.get(url("council_check", evaluation)).status_code == 404
    assert client.get(url("council_check_domain", evaluation, number=2)).status_code == 404
