"""The service's own suggestions count only fair voices: voices shown under the small-numbers
rule, and a workshop's rating only when enough people were there (as a group's view); never
the council's own check. The choose-domains page lists the framework's rule first."""

import html
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.urls import reverse

from domains.models import Domain
from evaluations.scores import DomainResult, Voice, VoiceResult
from evaluations.selectors.results import evaluation_results
from evaluations.selectors.suggestions import (
    LOWEST,
    STRONGEST,
    WIDEST_GAP,
    counted_voices,
    mean_score,
    suggest_domains,
)
from evaluations.selectors.surveys import survey_items
from evaluations.services.council_check import council_check_save
from evaluations.services.workshops import workshop_rating_save
from tests.factories import (
    VoteFactory,
    VoteParticipantFactory,
    WorkshopFactory,
    council_check_content,
    evaluation_with_surveys,
    make_responses,
    small_framework,
)

# Pure functions over DomainResults ---------------------------------------------------------


def voice(name, score, suppressed=False):
    return VoiceResult(name, 20, 20, 20, None if suppressed else score, [], suppressed)


def result(pk, *voices, group_views=None):
    return DomainResult(domain=SimpleNamespace(pk=pk, number=pk, title=f"D{pk}"),
                        voices=list(voices), gap=None, wide_gap=False, group_views=group_views)


def kinds(suggestions):
    return {(s.kind, s.domain.number) for s in suggestions}


def test_all_workshop_ratings_and_the_council_check_are_not_counted():
    """Only `group_views` (workshops with enough people) counts, not every rating."""
    low = result(1, voice(Voice.LIVED_EXPERIENCE, 80), voice(Voice.WORKSHOP_RATINGS, 0),
                 voice(Voice.COUNCIL_CHECK, 0))
    assert [v.voice for v in counted_voices(low)] == [Voice.LIVED_EXPERIENCE]
    assert mean_score(low) == 80


def test_a_suppressed_voice_is_not_counted():
    assert mean_score(result(1, voice(Voice.FAMILY_CARERS, 0, suppressed=True),
                             voice(Voice.STAFF_PARTNERS, 60))) == 60


def test_a_group_view_counts_and_is_named_as_a_groups_view():
    results = [
        result(1, voice(Voice.LIVED_EXPERIENCE, 60), voice(Voice.FAMILY_CARERS, 60),
               group_views=voice(Voice.WORKSHOP_RATINGS, 0)),
        result(2, voice(Voice.LIVED_EXPERIENCE, 70), voice(Voice.FAMILY_CARERS, 70)),
    ]
    suggestions = suggest_domains(results)
    assert kinds(suggestions) == {(LOWEST, 1), (WIDEST_GAP, 1), (STRONGEST, 2)}
    lowest, gap, _strongest = suggestions
    assert lowest.reason == (
        "Its average score, 40 out of 100, is the lowest of the domains, from people with "
        "lived experience, family carers and workshop ratings (a group’s view).")
    assert gap.reason == (
        "The voices differ most here: people with lived experience gave 60 and workshop "
        "ratings (a group’s view) gave 0, a gap of 60 points.")


# The demo situation, in the database -------------------------------------------------------

# Scores of surveys of many people, by domain: (lived experience, family carers, staff).
SURVEYS = {1: ("good", "all_the_time", "mostly"),  # 100, 100, 67: average 89, gap 33
           2: ("good", "mostly", "mostly"),  # 100, 67, 67: average 78, gap 33
           3: ("not_sure", "mostly", "all_the_time")}  # 50, 67, 100: average 72, gap 50


@pytest.fixture
def evaluation(council):
    small_framework(domains=3, questions=1)
    evaluation = evaluation_with_surveys(council)  # the council's threshold is 5
    for survey, column in zip(
        [evaluation.surveys.get(audience=a) for a in Voice.values[:3]], range(3), strict=True
    ):
        for item in survey_items(survey):
            make_responses(survey, 20, SURVEYS[item.domain.number][column], items=[item])
    return evaluation


def rate_not_yet(evaluation, people):
    """One workshop of `people` people rating domain 2 "Not yet" (score 0)."""
    workshop = WorkshopFactory(evaluation=evaluation, attended_lived_experience=people,
                               attended_family_carers=0, attended_staff=0, attended_partners=0)
    workshop_rating_save(workshop=workshop, domain=Domain.objects.get(number=2), choice="not_yet")
    return workshop


def test_one_small_workshops_rating_cannot_outweigh_surveys_of_many_people(evaluation):
    rate_not_yet(evaluation, people=3)
    results = evaluation_results(evaluation)
    # Shown as before on the results pages: the group's rating pulls domain 2 down...
    two = results[1]
    assert two.voice(Voice.WORKSHOP_RATINGS).score == 0
    assert two.gap == 100
    # ... but it is not a voice in the suggestions.
    assert two.group_views is None and two.group_views_left_out == 1
    assert kinds(suggest_domains(results)) == {(LOWEST, 3), (WIDEST_GAP, 3), (STRONGEST, 1)}
    lowest = suggest_domains(results)[0]
    assert lowest.reason == (
        "Its average score, 72 out of 100, is the lowest of the domains, from people with "
        "lived experience, family carers and staff and partners.")


def test_a_workshop_with_enough_people_counts_as_one_groups_view(evaluation):
    rate_not_yet(evaluation, people=5)
    results = evaluation_results(evaluation)
    assert results[1].group_views.score == 0 and results[1].group_views_left_out == 0
    suggestions = suggest_domains(results)
    assert kinds(suggestions) == {(LOWEST, 2), (WIDEST_GAP, 2), (STRONGEST, 1)}
    assert "workshop ratings (a group’s view) gave 0" in suggestions[1].reason


def vote_on_domain_2(workshop, people, choice="not_sure"):
    """`people` phones vote on domain 2 in the workshop's live vote."""
    from evaluations.services.live_votes import live_vote_start

    live_vote = live_vote_start(workshop=workshop)
    domain = Domain.objects.get(number=2)
    for _person in range(people):
        participant = VoteParticipantFactory(live_vote=live_vote, group="staff")
        VoteFactory(live_vote=live_vote, participant=participant, domain=domain, choice=choice)


def test_the_same_people_count_once_a_workshops_live_vote_before_its_rating(evaluation):
    workshop = rate_not_yet(evaluation, people=20)
    vote_on_domain_2(workshop, people=20)
    two = evaluation_results(evaluation)[1]
    assert two.group_views is None and two.group_views_voted == 1
    assert two.voice(Voice.WORKSHOP_VOTES).score == 50  # the votes count, as individuals


def test_a_rating_counts_when_its_workshops_live_vote_is_too_small_to_show(evaluation):
    workshop = rate_not_yet(evaluation, people=20)
    vote_on_domain_2(workshop, people=3)
    two = evaluation_results(evaluation)[1]
    assert two.group_views.score == 0 and two.group_views_voted == 0


# The page for choosing domains --------------------------------------------------------------


def url(evaluation):
    return reverse("evaluations:choose_domains", kwargs={
        "council_slug": evaluation.council.slug, "pk": evaluation.pk})


@pytest.fixture
def checked(evaluation):
    """Domain 1 fails the framework's rule (an indicator getting worse); 2 and 3 pass."""
    council_check_content(enablers=1, indicators=1)
    for domain in Domain.objects.order_by("number"):
        worse = domain.number == 1
        council_check_save(
            evaluation=evaluation, domain=domain,
            enabler_answers={q: {"choice": "all_the_time"} for q in domain.enabler_questions.all()},
            indicator_values={i: {"value_two_years_ago": Decimal(50),
                                  "value_this_year": Decimal(40 if worse else 60)}
                              for i in domain.outcome_indicators.all()},
        )
    rate_not_yet(evaluation, people=3)
    return evaluation


def test_choose_page_lists_the_frameworks_candidates_first(client, facilitator, checked):
    client.force_login(facilitator)
    response = client.get(url(checked))
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    rule_at = page.index("The framework’s rule: candidates for an in-depth look")
    own_at = page.index("The service’s own suggestions")
    assert rule_at < own_at
    rule_part, own_part = page[rule_at:own_at], page[own_at:page.index("The six domains")]
    assert "1. Domain title 1" in rule_part
    assert "Indicator D1-IN-1 (Indicator 1 of domain 1) is getting worse" in rule_part
    assert "2. Domain title 2" not in rule_part and "3. Domain title 3" not in rule_part
    assert "Lowest overall" in own_part and "3. Domain title 3" in own_part
    assert "is the lowest of the domains" in own_part
    # Beside domain 2: the group's rating is marked, and why it is not counted.
    assert "A group’s view, agreed together." in page
    assert ("1 rating is not counted in the suggestions: fewer than 5 people were at the "
            "workshop.") in page


def test_readers_see_the_same_lists(client, board_viewer, checked):
    client.force_login(board_viewer)
    page = html.unescape(client.get(url(checked)).content.decode())
    assert 'name="choose_1"' not in page
    assert "The framework’s rule: candidates for an in-depth look" in page
    assert "Indicator D1-IN-1 (Indicator 1 of domain 1) is getting worse" in page
    assert "The service’s own suggestions" in page


def test_choose_page_another_council_gets_404(client, outsider, checked):
    client.force_login(outsider)
    assert client.get(url(checked)).status_code == 404
