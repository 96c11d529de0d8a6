"""The service's own suggestions for step 2: which domains the council might look at in depth,
from what people said in step 1, and why.

A pure function over the step 1 results (`DomainResult` objects): no queries. Suggestions are
advice; the choice stays the council's. They are not the framework's rule (that is
`evaluations.framework_rule`, over the council's own check).

Only fair voices count (`counted_voices`):
- a voice from individual people (a survey, the workshop votes) only when it is shown under the
  small-numbers rule (suppressed voices and voices without a score are left out);
- the workshops' ratings only from workshops that at least the council's threshold of people
  attended, and then as one voice, a group's view (`DomainResult.group_views`);
- never the council's own check: the framework's rule reads it answer by answer.

- "Lowest overall": the lowest mean of the counted voices.
- "Widest gap between voices": the largest gap between the highest and lowest counted voice.
- "Strongest to build on": the highest mean.

Ties: every tied domain is suggested, in domain order. Lowest and strongest are only suggested
when the means differ (with one scored domain, or all the same, there is nothing to compare).
Domains with no counted voice are never suggested.
"""

from dataclasses import dataclass

from django.utils.text import get_text_list
from django.utils.translation import gettext_lazy as _

from evaluations.scores import Voice

LOWEST = "lowest"
WIDEST_GAP = "widest_gap"
STRONGEST = "strongest"

KIND_LABELS = {
    LOWEST: _("Lowest overall"),
    WIDEST_GAP: _("Widest gap between voices"),
    STRONGEST: _("Strongest to build on"),
}

# How each counted voice is named inside a sentence.
VOICE_NAMES = {
    Voice.LIVED_EXPERIENCE: _("people with lived experience"),
    Voice.FAMILY_CARERS: _("family carers"),
    Voice.STAFF_PARTNERS: _("staff and partners"),
    Voice.WORKSHOP_VOTES: _("workshop votes"),
    Voice.WORKSHOP_RATINGS: _("workshop ratings (a group’s view)"),
}


@dataclass(frozen=True)
class Suggestion:
    kind: str
    domain: object
    reason: str
    value: int | None = None  # the average score, or the gap

    @property
    def label(self):
        return KIND_LABELS[self.kind]


def counted_voices(result):
    """The voices of one domain that the suggestions count (VoiceResults with a score)."""
    voices = [v for v in result.voices
              if v.is_individual and not v.suppressed and v.score is not None]
    group = result.group_views
    if group is not None and not group.suppressed and group.score is not None:
        voices.append(group)
    return voices


def shown_scores(result):
    """The scores of the voices counted for one domain."""
    return [v.score for v in counted_voices(result)]


def mean_score(result):
    """The mean of the counted voice scores, rounded, or None when there are none."""
    scores = shown_scores(result)
    if not scores:
        return None
    return round(sum(scores) / len(scores))


def gap_score(result):
    """The gap between the highest and lowest counted voice, or None with fewer than two."""
    scores = shown_scores(result)
    if len(scores) < 2:
        return None
    return max(scores) - min(scores)


def voice_name(voice):
    return VOICE_NAMES.get(voice.voice) or voice.label


def _names(voices):
    return get_text_list([str(voice_name(v)) for v in voices], str(_("and")))


def _mean_reason(kind, result, mean):
    values = {"score": mean, "voices": _names(counted_voices(result))}
    if kind == LOWEST:
        return _("Its average score, %(score)d out of 100, is the lowest of the domains, "
                 "from %(voices)s.") % values
    return _("Its average score, %(score)d out of 100, is the highest of the domains, "
             "from %(voices)s.") % values


def _gap_reason(result, gap):
    voices = counted_voices(result)
    high = max(voices, key=lambda v: v.score)
    low = min(voices, key=lambda v: v.score)
    return _("The voices differ most here: %(high_voice)s gave %(high)d and %(low_voice)s "
             "gave %(low)d, a gap of %(gap)d points.") % {
        "high_voice": voice_name(high), "high": high.score,
        "low_voice": voice_name(low), "low": low.score, "gap": gap}


def _by_mean(results, kind, pick):
    means = [(r, mean_score(r)) for r in results]
    means = [(r, m) for r, m in means if m is not None]
    values = [m for _r, m in means]
    if not values or min(values) == max(values):
        return []
    target = pick(values)
    return [Suggestion(kind, r.domain, _mean_reason(kind, r, m), m)
            for r, m in means if m == target]


def suggest_domains(results):
    """Suggestions for these DomainResults, as a list of Suggestion (lowest, widest gap,
    strongest), each with the reason in one sentence."""
    suggestions = _by_mean(results, LOWEST, min)
    gaps = [(r, gap_score(r)) for r in results]
    gaps = [(r, g) for r, g in gaps if g is not None]
    widest = max((g for _r, g in gaps), default=0)
    if widest > 0:
        suggestions += [Suggestion(WIDEST_GAP, r.domain, _gap_reason(r, g), g)
                        for r, g in gaps if g == widest]
    return suggestions + _by_mean(results, STRONGEST, max)


def suggestions_by_domain(suggestions):
    """{domain pk: [Suggestion, …]} for showing beside each domain."""
    by_domain = {}
    for suggestion in suggestions:
        by_domain.setdefault(suggestion.domain.pk, []).append(suggestion)
    return by_domain
