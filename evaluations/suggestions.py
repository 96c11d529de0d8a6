"""Suggestions for step 2: which domains the council might look at in depth, and why.

A pure function over the step 1 results (`DomainResult` objects): no queries. Suggestions are
advice; the choice stays the council's.

- "Lowest overall": the lowest mean of the voice scores that are shown (suppressed voices and
  voices without a score are left out).
- "Widest gap between voices": the largest gap between the highest and lowest voice.
- "Strongest to build on": the highest mean.

Ties: every tied domain is suggested, in domain order. Lowest and strongest are only suggested
when the means differ (with one scored domain, or all the same, there is nothing to compare).
Domains with no shown score are never suggested.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

LOWEST = "lowest"
WIDEST_GAP = "widest_gap"
STRONGEST = "strongest"

KIND_LABELS = {
    LOWEST: _("Lowest overall"),
    WIDEST_GAP: _("Widest gap between voices"),
    STRONGEST: _("Strongest to build on"),
}


@dataclass(frozen=True)
class Suggestion:
    kind: str
    domain: object
    reason: str

    @property
    def label(self):
        return KIND_LABELS[self.kind]


def shown_scores(result):
    """The scores of the voices that are shown for one domain."""
    return [v.score for v in result.voices if v.score is not None and not v.suppressed]


def mean_score(result):
    """The mean of the shown voice scores, rounded, or None when there are none."""
    scores = shown_scores(result)
    if not scores:
        return None
    return round(sum(scores) / len(scores))


def _voices(n):
    return ngettext("%(count)d voice", "%(count)d voices", n) % {"count": n}


def suggest_domains(results):
    """Suggestions for these DomainResults, as a list of Suggestion (lowest, widest gap,
    strongest), each with the reason in words."""
    means = {}
    for result in results:
        mean = mean_score(result)
        if mean is not None:
            means[result.domain.pk] = (result, mean)
    suggestions = []
    if means:
        values = [mean for _result, mean in means.values()]
        low, high = min(values), max(values)
        if low < high:
            for result, mean in means.values():
                if mean == low:
                    suggestions.append(Suggestion(LOWEST, result.domain, _(
                        "The lowest average score: %(score)d, from %(voices)s"
                    ) % {"score": mean, "voices": _voices(len(shown_scores(result)))}))
    gaps = [r.gap for r in results if r.gap is not None and shown_scores(r)]
    if gaps and max(gaps) > 0:
        widest = max(gaps)
        for result in results:
            if result.gap == widest and shown_scores(result):
                suggestions.append(Suggestion(WIDEST_GAP, result.domain, _(
                    "The widest gap between voices: %(gap)d points between the highest and "
                    "the lowest"
                ) % {"gap": widest}))
    if means:
        values = [mean for _result, mean in means.values()]
        low, high = min(values), max(values)
        if low < high:
            for result, mean in means.values():
                if mean == high:
                    suggestions.append(Suggestion(STRONGEST, result.domain, _(
                        "The highest average score: %(score)d, from %(voices)s"
                    ) % {"score": mean, "voices": _voices(len(shown_scores(result)))}))
    return suggestions


def suggestions_by_domain(suggestions):
    """{domain pk: [Suggestion, …]} for showing beside each domain."""
    by_domain = {}
    for suggestion in suggestions:
        by_domain.setdefault(suggestion.domain.pk, []).append(suggestion)
    return by_domain
