"""The one rule for small numbers, and complementary suppression (no database needed)."""

from hypothesis import given
from hypothesis import strategies as st

from betterlives.small_numbers import Part, hidden_parts, is_shown


def test_a_group_is_shown_from_the_threshold():
    assert not is_shown(4, 5)
    assert is_shown(5, 5)


def test_nothing_is_hidden_when_every_part_is_big_enough():
    assert hidden_parts({"yes": 5, "no": 9}, 5) == set()


def test_a_small_part_hides_the_part_that_would_give_it_away():
    """10 people: 3 had help, 7 did not. "Everyone" minus "no help" would be the 3."""
    assert hidden_parts({"yes": 3, "no": 7}, 5) == {"yes", "no"}


def test_small_parts_that_add_up_to_the_threshold_hide_nothing_more():
    assert hidden_parts({"a": 2, "b": 3, "c": 20}, 5) == {"a", "b"}


def test_the_smallest_shown_part_is_hidden_first():
    assert hidden_parts({"a": 2, "b": 6, "c": 20}, 5) == {"a", "b"}


def test_a_part_no_page_shows_still_counts():
    """People who did not say whether they had help are never shown on their own, but
    "everyone" minus "help" minus "no help" would give them away."""
    assert hidden_parts({True: 8, False: 9, None: 2}, 5, never_shown={None}) == {None, True}
    assert hidden_parts({True: 8, False: 9, None: 0}, 5, never_shown={None}) == {None}
    assert hidden_parts({True: 8, False: 9, None: 6}, 5, never_shown={None}) == {None}


def test_people_who_gave_no_score_make_a_part_small():
    """Six people answered, but only two of them gave an answer with a score."""
    assert hidden_parts({"yes": Part(6, 2), "no": Part(10, 10)}, 5) == {"yes", "no"}
    assert hidden_parts({"yes": Part(6, 5), "no": Part(10, 10)}, 5) == set()


def test_empty_parts_are_never_a_reason_to_hide():
    assert hidden_parts({"yes": 0, "no": 7}, 5) == set()


@given(
    sizes=st.lists(st.tuples(st.integers(0, 12), st.integers(0, 12)), min_size=1, max_size=5),
    threshold=st.integers(2, 8),
    never=st.sets(st.integers(0, 4), max_size=2),
)
def test_nothing_small_can_be_worked_out(sizes, threshold, never):
    """Whatever the parts: no shown part is small, and the hidden ones together (which is
    what the whole minus the shown parts gives) hold nobody or enough people, or are the
    whole, which the same rule then hides."""
    parts = {i: Part(max(p, s), min(p, s)) for i, (p, s) in enumerate(sizes)}
    never = {i for i in never if i in parts}
    hidden = hidden_parts(parts, threshold, never_shown=never)
    for key, part in parts.items():
        if key not in hidden and part.people:
            assert part.scoring >= threshold
    assert never <= hidden
    together = [parts[k] for k in hidden]
    people = sum(p.people for p in together)
    everything = {key for key, part in parts.items() if part.people} <= hidden
    # When every part is hidden, the whole is the hidden parts and is itself too small.
    assert people == 0 or sum(p.scoring for p in together) >= threshold or everything


def test_parts_that_may_hold_the_same_people_count_only_the_largest():
    """Two live votes of three votes each may be the same three people."""
    assert hidden_parts({"spring": 3, "summer": 3, "autumn": 9}, 5) == {"spring", "summer"}
    assert hidden_parts({"spring": 3, "summer": 3, "autumn": 9}, 5, overlapping=True) == {
        "spring", "summer", "autumn"}
    assert hidden_parts({"spring": 6, "summer": 6}, 5, overlapping=True) == set()
