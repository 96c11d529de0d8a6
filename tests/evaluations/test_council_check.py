"""The council's own check: enabler answers, indicator values and the direction of travel."""

import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from domains.models import Domain, OutcomeIndicator
from evaluations.models import EnablerAnswer, Evaluation, IndicatorValue
from evaluations.models.council_check import Direction
from evaluations.services.council_check import council_check_save
from tests.factories import EnablerQuestionFactory, evaluation_with_surveys

from .helpers import assert_govuk_error
from .helpers import evaluation_url as url

pytestmark = pytest.mark.django_db


@pytest.fixture
def evaluation(council_check_evaluation):
    return council_check_evaluation


@pytest.fixture
def domain(evaluation):
    return Domain.objects.get(number=1)


@pytest.fixture
def questions(domain):
    return list(domain.enabler_questions.order_by("position"))


@pytest.fixture
def indicators(domain):
    # Indicator 1 is "higher is better", indicator 2 "lower is better".
    return list(domain.outcome_indicators.order_by("position"))


@pytest.fixture
def signed_in(client, contributor):
    client.force_login(contributor)
    return client


def check_data(questions, indicators, **overrides):
    q1, q2 = questions
    i1, i2 = indicators
    data = {
        f"q{q1.pk}_choice": "mostly", f"q{q1.pk}_evidence": "Audit of 20 plans",
        f"q{q2.pk}_choice": "", f"q{q2.pk}_evidence": "",
        f"i{i1.pk}_value_two_years_ago": "40", f"i{i1.pk}_value_last_year": "45.5",
        f"i{i1.pk}_value_this_year": "1,050", f"i{i1.pk}_local_target": "60%",
        f"i{i1.pk}_comparator": " 55 ", f"i{i1.pk}_notes": "From the annual return",
    }
    data.update(overrides)
    return data


# The overview -----------------------------------------------------------------------------


def test_overview_before_anything_is_entered(signed_in, evaluation):
    page = signed_in.get(url("council_check", evaluation)).content.decode()
    assert page.count("0 of 2 answered") == 3
    assert page.count("0 of 2 entered") == 3
    for number in (1, 2, 3):
        assert url("council_check_domain", evaluation, number=number) in page
        assert f"Domain {number}: Domain title {number}" in page
    assert "When indicator values are entered" in page


def test_overview_after_saving(signed_in, evaluation, questions, indicators):
    response = signed_in.post(url("council_check_domain", evaluation, number=1),
                              check_data(questions, indicators))
    assert response.status_code == 302
    assert response["Location"] == url("council_check", evaluation) + "#domain-1"
    page = signed_in.get(response["Location"]).content.decode()
    assert "The council&#x27;s check of Domain title 1 has been saved." in page
    assert "1 of 2 answered" in page
    assert "1 of 2 entered" in page
    assert '<strong class="govuk-tag govuk-tag--green">Getting better</strong>' in page
    assert "Met: 1050 against a target of 60" in page
    assert "As good or better: 1050 against 55" in page
    evaluation.refresh_from_db()
    assert evaluation.status == Evaluation.Status.IN_PROGRESS


# One domain -------------------------------------------------------------------------------


def test_domain_form(signed_in, evaluation, questions, indicators):
    page = signed_in.get(url("council_check_domain", evaluation, number=1)).content.decode()
    assert "<h1 class=\"govuk-heading-l\">Domain 1: Domain title 1</h1>" in page
    for question in questions:
        assert f'name="q{question.pk}_choice"' in page
        assert question.text in page
    for answer in ("Yes, all the time", "Mostly", "Sometimes", "Not yet", "Don&#x27;t know"):
        assert page.count(f"{answer}\n") >= 2
    for indicator in indicators:
        for field in ("value_two_years_ago", "value_last_year", "value_this_year",
                      "local_target", "comparator", "notes"):
            assert f'name="i{indicator.pk}_{field}"' in page
    assert page.count('inputmode="decimal"') == 10
    assert "Higher is better." in page and "Lower is better." in page
    assert "Save and go to the next domain" in page


def test_save_a_domain(signed_in, evaluation, questions, indicators):
    signed_in.post(url("council_check_domain", evaluation, number=1),
                   check_data(questions, indicators))
    answer = EnablerAnswer.objects.get()
    assert (answer.question, answer.choice, answer.evidence) == (
        questions[0], "mostly", "Audit of 20 plans")
    value = IndicatorValue.objects.get()
    assert value.indicator == indicators[0]
    assert value.values == [Decimal("40"), Decimal("45.5"), Decimal("1050")]
    assert (value.local_target, value.comparator) == (Decimal("60"), Decimal("55"))
    assert value.notes == "From the annual return"
    # The page shows what was saved, and what the figures show.
    page = signed_in.get(url("council_check_domain", evaluation, number=1)).content.decode()
    assert re.search(r'value="mostly"\s+checked="checked"', page)
    assert 'value="45.50"' in page
    assert "What the figures show" in page
    assert "Getting better" in page


def test_resave_updates(signed_in, evaluation, questions, indicators):
    target = url("council_check_domain", evaluation, number=1)
    signed_in.post(target, check_data(questions, indicators))
    q1, i1 = questions[0], indicators[0]
    signed_in.post(target, check_data(questions, indicators, **{
        f"q{q1.pk}_choice": "not_yet", f"i{i1.pk}_value_this_year": "30"}))
    assert EnablerAnswer.objects.get().choice == "not_yet"
    value = IndicatorValue.objects.get()
    assert value.value_this_year == Decimal("30")
    assert value.direction == Direction.WORSENING


def test_save_and_go_to_the_next_domain(signed_in, evaluation, questions, indicators):
    response = signed_in.post(url("council_check_domain", evaluation, number=1),
                              {**check_data(questions, indicators), "next_domain": ""})
    assert response["Location"] == url("council_check_domain", evaluation, number=2)
    page = signed_in.get(url("council_check_domain", evaluation, number=3)).content.decode()
    assert "Save and go to the next domain" not in page


def test_nothing_entered_stores_nothing(signed_in, evaluation):
    response = signed_in.post(url("council_check_domain", evaluation, number=2), {})
    assert response.status_code == 302
    assert not EnablerAnswer.objects.exists()
    assert not IndicatorValue.objects.exists()


@pytest.mark.parametrize(("field", "value", "message"), [
    ("i1_value_last_year", "abc",
     "Enter the value for last year for indicator 1 as a number, like 42 or 42.5"),
    ("i1_value_two_years_ago", "4..2",
     "Enter the value for two years ago for indicator 1 as a number, like 42 or 42.5"),
    ("i2_local_target", "NaN",
     "Enter the local target for indicator 2 as a number, like 42 or 42.5"),
    ("i2_comparator", "Infinity",
     "Enter the value for similar councils for indicator 2 as a number, like 42 or 42.5"),
    ("i1_value_this_year", "42.125",
     "Enter the value for this year for indicator 1 with no more than 2 decimal places, "
     "like 42.25"),
    ("i1_value_this_year", "12345678901",
     "Enter the value for this year for indicator 1 with no more than 10 digits before the "
     "decimal point"),
    ("q1_choice", "maybe", "Select an answer to question 1 from the list"),
    ("q2_choice", "good", "Select an answer to question 2 from the list"),
    ("q1_evidence", "x" * 5001,
     "The evidence for question 1 must be 5000 characters or fewer"),
    ("i2_notes", "x" * 5001, "The notes on indicator 2 must be 5000 characters or fewer"),
])
def test_bad_input_gets_a_govuk_error(signed_in, evaluation, questions, indicators, field,
                                      value, message):
    kind, number, rest = field[0], int(field[1]) - 1, field.split("_", 1)[1]
    item = (questions if kind == "q" else indicators)[number]
    name = f"{kind}{item.pk}_{rest}"
    response = signed_in.post(url("council_check_domain", evaluation, number=1),
                              check_data(questions, indicators, **{name: value}))
    page = assert_govuk_error(response, message)
    assert not EnablerAnswer.objects.exists()
    assert not IndicatorValue.objects.exists()
    if field != "q1_evidence":
        assert "Audit of 20 plans" in page  # nothing typed is lost


def test_board_viewer_reads_the_check(client, board_viewer, evaluation, questions, indicators):
    council_check_save(
        evaluation=evaluation, domain=questions[0].domain,
        enabler_answers={questions[0]: {"choice": "sometimes", "evidence": "Case audit"}},
        indicator_values={indicators[1]: {"value_two_years_ago": Decimal("10"),
                                          "value_this_year": Decimal("12"),
                                          "local_target": Decimal("11")}},
    )
    client.force_login(board_viewer)
    page = client.get(url("council_check_domain", evaluation, number=1)).content.decode()
    assert "<form method=\"post\"" not in page.split("<main")[1]
    assert "Sometimes" in page and "Case audit" in page
    assert "Not answered yet" in page
    assert '<strong class="govuk-tag govuk-tag--red">Getting worse</strong>' in page
    assert "Not met: 12 against a target of 11" in page
    assert "No comparison entered" in page
    assert "Not entered" in page


# Question revisions -----------------------------------------------------------------------


def retire(question, text):
    """The framework changes a question's wording: a new revision, the old one retired."""
    question.is_current = False
    question.save(update_fields=["is_current"])
    return EnablerQuestionFactory(
        domain=question.domain, code=question.code, revision=question.revision + 1,
        position=question.position, text=text, source_url=question.source_url,
        framework_version=question.framework_version,
    )


def test_answers_keep_the_revision_they_answered(signed_in, council, evaluation, questions,
                                                 indicators):
    target = url("council_check_domain", evaluation, number=1)
    signed_in.post(target, check_data(questions, indicators))
    new = retire(questions[0], "New wording of enabler 1.")
    page = signed_in.get(target).content.decode()
    assert questions[0].text in page
    assert "New wording of enabler 1." not in page
    signed_in.post(target, check_data(questions, indicators, **{
        f"q{questions[0].pk}_choice": "sometimes"}))
    answer = EnablerAnswer.objects.get()
    assert answer.question == questions[0]
    assert answer.choice == "sometimes"
    # A new evaluation is asked the new wording, and its answer points at it.
    fresh = evaluation_with_surveys(council, title="Next year")
    page = signed_in.get(url("council_check_domain", fresh, number=1)).content.decode()
    assert "New wording of enabler 1." in page
    assert f'name="q{new.pk}_choice"' in page
    signed_in.post(url("council_check_domain", fresh, number=1),
                   {f"q{new.pk}_choice": "mostly"})
    assert EnablerAnswer.objects.get(evaluation=fresh).question == new


# Services ---------------------------------------------------------------------------------


def test_council_check_save_stores_and_updates(evaluation, domain, questions, indicators):
    council_check_save(
        evaluation=evaluation, domain=domain,
        enabler_answers={questions[0]: {"choice": "mostly", "evidence": "E"},
                         questions[1]: {"choice": "", "evidence": ""}},
        indicator_values={indicators[0]: {"value_this_year": Decimal("5")}},
    )
    assert EnablerAnswer.objects.count() == 1
    council_check_save(
        evaluation=evaluation, domain=domain,
        enabler_answers={questions[0]: {"choice": "dont_know"},
                         questions[1]: {"choice": "all_the_time", "evidence": "F"}},
        indicator_values={indicators[0]: {"value_last_year": Decimal("4")}},
    )
    answers = {a.question_id: (a.choice, a.evidence) for a in EnablerAnswer.objects.all()}
    assert answers == {questions[0].pk: ("dont_know", ""), questions[1].pk: ("all_the_time", "F")}
    value = IndicatorValue.objects.get()
    assert (value.value_last_year, value.value_this_year) == (Decimal("4"), None)


def test_council_check_save_is_one_transaction(evaluation, domain, questions):
    with pytest.raises(ValidationError):
        council_check_save(
            evaluation=evaluation, domain=domain,
            enabler_answers={questions[0]: {"choice": "mostly"},
                             questions[1]: {"choice": "excellent"}},
            indicator_values={},
        )
    assert not EnablerAnswer.objects.exists()


def test_council_check_save_refuses_another_domains_question(evaluation, domain):
    other = Domain.objects.get(number=2).enabler_questions.first()
    with pytest.raises(ValidationError):
        council_check_save(evaluation=evaluation, domain=domain,
                           enabler_answers={other: {"choice": "mostly"}}, indicator_values={})
    assert not EnablerAnswer.objects.exists()


# Direction of travel, target and comparison -----------------------------------------------


def indicator_value(values, higher_is_better=True, target=None, comparator=None):
    """An unsaved IndicatorValue: the direction needs no database."""
    indicator = OutcomeIndicator(higher_is_better=higher_is_better)
    two, last, this = (None if v is None else Decimal(str(v)) for v in values)
    return IndicatorValue(
        indicator=indicator, value_two_years_ago=two, value_last_year=last, value_this_year=this,
        local_target=None if target is None else Decimal(str(target)),
        comparator=None if comparator is None else Decimal(str(comparator)),
    )


@pytest.mark.parametrize(("values", "higher", "expected"), [
    ((40, 45, 50), True, Direction.IMPROVING),
    ((40, 45, 50), False, Direction.WORSENING),
    ((50, 45, 40), True, Direction.WORSENING),
    ((50, 45, 40), False, Direction.IMPROVING),
    ((100, 90, 102), True, Direction.STEADY),  # a change of 2% is no clear change
    ((100, 90, "102.01"), True, Direction.IMPROVING),  # just over 2%
    ((100, None, 98), False, Direction.STEADY),
    ((100, None, "97.99"), False, Direction.IMPROVING),
    ((0, 0, 0), True, Direction.STEADY),
    ((0, None, 5), True, Direction.IMPROVING),
    ((None, 40, 50), True, Direction.IMPROVING),  # two years are enough
    ((40, 50, None), False, Direction.WORSENING),
    ((None, None, 50), True, Direction.UNKNOWN),
    ((40, None, None), True, Direction.UNKNOWN),
    ((None, None, None), True, Direction.UNKNOWN),
])
def test_direction(values, higher, expected):
    assert indicator_value(values, higher).direction == expected


@pytest.mark.parametrize(("values", "higher", "target", "comparator", "met", "as_good"), [
    ((40, 45, 50), True, 48, 55, True, False),
    ((40, 45, 50), True, 50, 50, True, True),  # equal to the target meets it
    ((40, 45, 50), False, 48, 55, False, True),
    ((40, 45, None), True, 45, None, True, None),  # the latest year given counts
    ((None, None, None), True, 48, 55, None, None),
    ((40, 45, 50), True, None, None, None, None),
])
def test_target_and_comparison(values, higher, target, comparator, met, as_good):
    value = indicator_value(values, higher, target, comparator)
    assert value.meets_target is met
    assert value.at_least_comparator is as_good


numbers = st.one_of(
    st.none(),
    st.decimals(min_value=-10**6, max_value=10**6, places=2, allow_nan=False,
                allow_infinity=False),
)
FLIPPED = {Direction.IMPROVING: Direction.WORSENING, Direction.WORSENING: Direction.IMPROVING,
           Direction.STEADY: Direction.STEADY, Direction.UNKNOWN: Direction.UNKNOWN}


@given(values=st.tuples(numbers, numbers, numbers))
def test_higher_is_better_flips_the_direction(values):
    higher = indicator_value(values, higher_is_better=True)
    lower = indicator_value(values, higher_is_better=False)
    assert lower.direction == FLIPPED[higher.direction]
    known = [v for v in values if v is not None]
    if len(known) < 2:
        assert higher.direction == Direction.UNKNOWN


# Query counts -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["council_check", "council_check_domain"])
def test_query_count_does_not_grow(signed_in, evaluation, name, django_assert_max_num_queries):
    kwargs = {"number": 1} if name == "council_check_domain" else {}
    target = url(name, evaluation, **kwargs)
    with django_assert_max_num_queries(15) as few:
        assert signed_in.get(target).status_code == 200
    for domain in Domain.objects.all():
        council_check_save(
            evaluation=evaluation, domain=domain,
            enabler_answers={q: {"choice": "mostly", "evidence": "E"}
                             for q in domain.enabler_questions.all()},
            indicator_values={i: {"value_two_years_ago": Decimal(1),
                                  "value_this_year": Decimal(2), "local_target": Decimal(2)}
                              for i in domain.outcome_indicators.all()},
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert signed_in.get(target).status_code == 200


def test_with_the_real_framework(client, framework, council, contributor):
    """Domain 3 has five enabler questions: every domain's page renders and saves."""
    evaluation = evaluation_with_surveys(council)
    client.force_login(contributor)
    domain = Domain.objects.get(number=3)
    questions = list(domain.enabler_questions.filter(is_current=True))
    assert len(questions) == 5
    data = {f"q{q.pk}_choice": "sometimes" for q in questions[:2]}
    response = client.post(url("council_check_domain", evaluation, number=3), data)
    assert response.status_code == 302
    page = client.get(url("council_check", evaluation)).content.decode()
    assert "2 of 5 answered" in page
    for number in range(1, 7):
        response = client.get(url("council_check_domain", evaluation, number=number))
        assert response.status_code == 200
