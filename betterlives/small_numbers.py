"""The one rule for small numbers (DESIGN §5), used by every page, file, tally and report.

A group's answers are shown only when at least the council's threshold of people gave a
*scored* answer there. When a whole is split into parts (someone helped or not, a workshop's
groups, a month of sending) and some parts are too small to show, the parts that are shown
must not let anyone work out a hidden one by subtraction: the hidden parts together must hold
no people at all, or at least the threshold of people. Otherwise the smallest shown parts are
hidden too ("complementary suppression").
"""

from dataclasses import dataclass

from django.utils.translation import ngettext


def fewer_than(threshold):
    """The words shown instead of a hidden figure: "Fewer than 5 people"."""
    return ngettext("Fewer than %(count)s person", "Fewer than %(count)s people",
                    threshold) % {"count": threshold}


def is_shown(people, threshold):
    """True when `people` distinct people are enough to show what they said."""
    return people >= threshold


@dataclass(frozen=True)
class Part:
    """One part of a split: how many people it holds, and how many of them gave a scored
    answer. A part with answers but too few scoring people must be hidden."""

    people: int
    scored: int | None = None

    @property
    def scoring(self):
        return self.people if self.scored is None else self.scored


def hidden_parts(parts, threshold, *, never_shown=(), overlapping=False):
    """The keys of `parts` to hide, so that no hidden part can be recovered.

    parts: {key: Part or int (people)}. A part that holds people but fewer than `threshold`
    scoring people is hidden. Parts in `never_shown` are hidden whatever their size (a part no
    page offers, such as people who did not say whether someone helped them) but still count
    towards what subtraction would reveal. While the hidden parts together hold some people but
    fewer than `threshold` scoring people, the smallest shown part is hidden too; when no part
    is left to hide, everything is hidden.

    overlapping: the parts may hold the same people (one person can vote in two live votes),
    so hidden parts together are only known to hold as many people as the largest of them.
    """
    parts = {key: part if isinstance(part, Part) else Part(part) for key, part in parts.items()}
    hidden = {
        key for key, part in parts.items()
        if key in never_shown or (part.people and not is_shown(part.scoring, threshold))
    }

    def exposed():
        people = sum(parts[key].people for key in hidden)
        scoring = [parts[key].scoring for key in hidden] or [0]
        scored = max(scoring) if overlapping else sum(scoring)
        return people > 0 and not is_shown(scored, threshold)

    shown = sorted(
        (key for key in parts if key not in hidden and parts[key].people),
        key=lambda key: (parts[key].scoring, parts[key].people, str(key)),
    )
    while exposed() and shown:
        hidden.add(shown.pop(0))
    return hidden
