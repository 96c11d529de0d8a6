"""Step 2 suggestions: a pure function over DomainResult objects."""

from types import SimpleNamespace

from hypothesis import given
from hypothesis import strategies as st

from evaluations.scores import DomainResult, VoiceResult, gap_of
from evaluations.selectors.suggestions import (
    LOWEST,
    STRONGEST,
    WIDEST_GAP,
    mean_score,
    suggest_domains,
)


def result(pk, *scores, suppressed=0):
    voices = [VoiceResult("staff_partners", 10, 10, 10, s) for s in scores]
    voices += [VoiceResult("family_carers", 2, 2, 0, None, [], True)] * suppressed
    gap = gap_of(voices)
    return DomainResult(domain=SimpleNamespace(pk=pk, number=pk, title=f"D{pk}"),
                        voices=voices, gap=gap, wide_gap=gap is not None and gap >= 25)


def kinds(suggestions):
    return {(s.kind, s.domain.pk) for s in suggestions}


def test_lowest_widest_and_strongest():
    results = [result(1, 20, 80), result(2, 40, 40), result(3, 90, 70), result(4)]
    suggestions = suggest_domains(results)
    assert kinds(suggestions) == {(LOWEST, 2), (WIDEST_GAP, 1), (STRONGEST, 3)}
    lowest = next(s for s in suggestions if s.kind == LOWEST)
    assert lowest.label == "Lowest overall"
    assert lowest.reason == ("Its average score, 40 out of 100, is the lowest of the domains, "
                             "from staff and partners and staff and partners.")
    assert lowest.value == 40
    gap = next(s for s in suggestions if s.kind == WIDEST_GAP)
    assert gap.reason == ("The voices differ most here: staff and partners gave 80 and staff and "
                          "partners gave 20, a gap of 60 points.")
    assert gap.value == 60


def test_ties_suggest_every_tied_domain():
    results = [result(1, 30), result(2, 30), result(3, 70), result(4, 70)]
    assert kinds(suggest_domains(results)) == {
        (LOWEST, 1), (LOWEST, 2), (STRONGEST, 3), (STRONGEST, 4)}


def test_no_scores_no_suggestions():
    assert suggest_domains([result(1), result(2, suppressed=2)]) == []
    assert suggest_domains([]) == []


def test_one_scored_domain_is_not_lowest_or_strongest():
    assert kinds(suggest_domains([result(1, 50), result(2)])) == set()


def test_suppressed_voices_are_left_out():
    assert mean_score(result(1, 60, suppressed=3)) == 60


@given(st.lists(st.lists(st.one_of(st.none(), st.integers(0, 100)), max_size=5), max_size=6))
def test_property_suggestions_name_scored_domains(score_lists):
    results = [result(i + 1, *[s for s in scores if s is not None])
               for i, scores in enumerate(score_lists)]
    by_pk = {r.domain.pk: r for r in results}
    suggestions = suggest_domains(results)
    for suggestion in suggestions:
        assert mean_score(by_pk[suggestion.domain.pk]) is not None
    lowest = [mean_score(by_pk[s.domain.pk]) for s in suggestions if s.kind == LOWEST]
    strongest = [mean_score(by_pk[s.domain.pk]) for s in suggestions if s.kind == STRONGEST]
    if lowest and strongest:
        assert max(lowest) <= min(strongest)
    assert bool(lowest) == bool(strongest)
