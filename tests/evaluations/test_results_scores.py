"""Scores, gaps and suppression, worked out from counted rows (no database needed)."""

from types import SimpleNamespace

from hypothesis import given
from hypothesis import strategies as st

from evaluations.charts import PLOT_WIDTH, bar_width, results_chart
from evaluations.models import SCALE_CHOICES, Choice
from evaluations.scores import (
    INDIVIDUAL_VOICES,
    WIDE_GAP,
    Voice,
    build_results,
    score_of,
    voice_result,
)

FACES = SCALE_CHOICES["faces"]
FOUR = SCALE_CHOICES["four_point"]
DOMAIN = SimpleNamespace(pk=1, number=1, title="Domain one")


def test_scores_follow_the_design():
    assert score_of({Choice.GOOD: 1}) == (100, 1)
    assert score_of({Choice.NOT_SURE: 1}) == (50, 1)
    assert score_of({Choice.NOT_GOOD: 1}) == (0, 1)
    assert score_of({Choice.ALL_THE_TIME: 1, Choice.MOSTLY: 1, Choice.SOMETIMES: 1,
                     Choice.NOT_YET: 1}) == (50, 4)
    assert score_of({Choice.MOSTLY: 1}) == (67, 1)
    assert score_of({Choice.SOMETIMES: 1}) == (33, 1)


def test_dont_know_counts_as_answered_but_not_scored():
    result = voice_result(Voice.FAMILY_CARERS, {Choice.DONT_KNOW: 6, Choice.ALL_THE_TIME: 2},
                          people=8, threshold=5)
    assert (result.answered, result.scored, result.score) == (8, 2, 100)


def test_everything_dont_know_has_no_score_and_no_gap():
    counts = {(1, Voice.FAMILY_CARERS): {Choice.DONT_KNOW: 9},
              (1, Voice.STAFF_PARTNERS): {Choice.MOSTLY: 9}}
    people = {(1, Voice.FAMILY_CARERS): 9, (1, Voice.STAFF_PARTNERS): 9}
    [result] = build_results([DOMAIN], counts, people, threshold=5)
    assert result.voice(Voice.FAMILY_CARERS).score is None
    assert result.voice(Voice.FAMILY_CARERS).answered == 9
    assert result.gap is None


def test_a_single_voice_has_no_gap():
    counts = {(1, Voice.LIVED_EXPERIENCE): {Choice.GOOD: 7}}
    [result] = build_results([DOMAIN], counts, {(1, Voice.LIVED_EXPERIENCE): 7}, threshold=5)
    assert result.voice(Voice.LIVED_EXPERIENCE).score == 100
    assert result.gap is None and not result.wide_gap


def test_wide_gap_is_flagged():
    counts = {(1, Voice.LIVED_EXPERIENCE): {Choice.NOT_GOOD: 6},
              (1, Voice.STAFF_PARTNERS): {Choice.ALL_THE_TIME: 6}}
    people = {key: 6 for key in counts}
    [result] = build_results([DOMAIN], counts, people, threshold=5)
    assert result.gap == 100 and result.wide_gap


def test_group_judgements_are_never_suppressed():
    """One workshop rating or a handful of enabler answers are not individuals' answers."""
    result = voice_result(Voice.COUNCIL_CHECK, {Choice.MOSTLY: 2}, people=2, threshold=5)
    assert not result.suppressed and result.score == 67
    result = voice_result(Voice.WORKSHOP_RATINGS, {Choice.GOOD: 1}, people=1, threshold=5)
    assert not result.suppressed and result.score == 100


@given(
    voice=st.sampled_from(INDIVIDUAL_VOICES),
    threshold=st.integers(min_value=2, max_value=50),
    offset=st.integers(min_value=-3, max_value=3),
)
def test_suppression_at_the_threshold_boundary(voice, threshold, offset):
    people = max(1, threshold + offset)
    result = voice_result(voice, {FACES[0]: people}, people=people, threshold=threshold)
    assert result.suppressed == (people < threshold)
    if result.suppressed:
        assert result.score is None and result.distribution == []
    else:
        assert result.score is not None


choice_counts = st.dictionaries(
    st.sampled_from(list(Choice)), st.integers(min_value=0, max_value=200), max_size=9
)


@given(counts=choice_counts)
def test_score_is_between_0_and_100_and_ignores_unscored(counts):
    score, scored = score_of(counts)
    unscored = counts.get(Choice.NO_SAY, 0) + counts.get(Choice.DONT_KNOW, 0)
    assert scored == sum(counts.values()) - unscored
    if scored:
        assert 0 <= score <= 100
    else:
        assert score is None


@given(
    scores=st.lists(
        st.one_of(st.none(), st.sampled_from(FOUR[:-1])), min_size=1, max_size=6
    ),
    threshold=st.integers(min_value=2, max_value=10),
    people=st.integers(min_value=1, max_value=20),
)
def test_gap_is_highest_minus_lowest_shown_score(scores, threshold, people):
    voices = list(Voice)[: len(scores)]
    counts = {(1, v): ({c: people} if c else {Choice.DONT_KNOW: people})
              for v, c in zip(voices, scores, strict=True)}
    [result] = build_results([DOMAIN], counts, {key: people for key in counts}, threshold,
                             voices=voices)
    shown = [v.score for v in result.voices if v.score is not None]
    assert all(not v.suppressed or v.voice in INDIVIDUAL_VOICES for v in result.voices)
    if len(shown) >= 2:
        assert result.gap == max(shown) - min(shown)
        assert result.wide_gap == (result.gap >= WIDE_GAP)
    else:
        assert result.gap is None


@given(score=st.integers(min_value=-50, max_value=150))
def test_bars_stay_inside_the_plot(score):
    assert 0 <= bar_width(score) <= PLOT_WIDTH


def test_chart_labels_suppressed_and_empty_voices():
    counts = {(1, Voice.LIVED_EXPERIENCE): {Choice.GOOD: 2},
              (1, Voice.FAMILY_CARERS): {Choice.MOSTLY: 8}}
    people = {(1, Voice.LIVED_EXPERIENCE): 2, (1, Voice.FAMILY_CARERS): 8}
    results = build_results([DOMAIN], counts, people, threshold=5)
    chart = results_chart(results, threshold=5, no_score_text="none", suppressed_text="few")
    bars = {bar.label: bar for bar in chart["groups"][0].bars}
    assert bars[Voice.LIVED_EXPERIENCE.label].text == "few"
    assert bars[Voice.LIVED_EXPERIENCE.label].width == 0
    assert bars[Voice.FAMILY_CARERS.label].text == "67"
    assert bars[Voice.FAMILY_CARERS.label].width == bar_width(67)
    assert bars[Voice.STAFF_PARTNERS.label].text == "none"
