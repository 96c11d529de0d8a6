"""Voices and scores: how one domain's counted answers become a score for each voice, side
by side, with the gap between them. Pure functions of the counts, which
`evaluations.selectors.results` reads from the database.

Scores follow DESIGN §5: faces 100 / 50 / 0, four-point scale 100 / 67 / 33 / 0; "don't want
to say" and "don't know" count as answered but not scored. A voice from individual people is
shown only under the small-numbers rule (`betterlives.small_numbers`); `hidden` says which
were left out and why (too few people, or protecting a smaller group from subtraction).
"""

from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext_lazy as _

from betterlives.small_numbers import Part, is_shown
from domains.models import Domain
from evaluations.models import (
    FACE_CHOICES,
    FOUR_POINT_CHOICES,
    SCORES,
    Choice,
)

# A gap between the highest and lowest voice of at least this many points is flagged.
WIDE_GAP = 25
SCORED_CHOICES = [choice for choice, score in SCORES.items() if score is not None]


class Voice(models.TextChoices):
    LIVED_EXPERIENCE = "lived_experience", _("People with lived experience")
    FAMILY_CARERS = "family_carers", _("Family carers")
    STAFF_PARTNERS = "staff_partners", _("Staff and partners")
    WORKSHOP_VOTES = "workshop_votes", _("Workshop votes")
    WORKSHOP_RATINGS = "workshop_ratings", _("Workshop ratings")
    COUNCIL_CHECK = "council_check", _("The council's own check")


SURVEY_VOICES = (Voice.LIVED_EXPERIENCE, Voice.FAMILY_CARERS, Voice.STAFF_PARTNERS)
# Voices made of individual people's answers: these are suppressed below the threshold.
INDIVIDUAL_VOICES = (*SURVEY_VOICES, Voice.WORKSHOP_VOTES)
# What stands behind a voice that is not individual people's answers.
GROUP_VOICE_NOTES = {
    Voice.WORKSHOP_RATINGS: _("Each workshop's rating is the group's view, agreed together: "
                              "not individual people's answers."),
    Voice.COUNCIL_CHECK: _("The council's own answers to the enabler questions: not "
                           "individual people's answers."),
}
VOICE_SCALE = {
    Voice.LIVED_EXPERIENCE: FACE_CHOICES,
    Voice.FAMILY_CARERS: FOUR_POINT_CHOICES,
    Voice.STAFF_PARTNERS: FOUR_POINT_CHOICES,
    Voice.WORKSHOP_VOTES: FACE_CHOICES,
    Voice.COUNCIL_CHECK: FOUR_POINT_CHOICES,
}

# Why a voice is not shown.
TOO_FEW = "too_few"  # fewer than the threshold of people gave a scored answer
PROTECTS = "protects"  # enough people, but showing it would let a smaller group be worked out


@dataclass
class VoiceResult:
    voice: str
    people: int  # people who answered (workshop votes: votes; group voices: ratings, questions)
    answered: int  # answers, including "don't know" and "don't want to say"
    scored: int  # answers that carry a score
    score: int | None  # 0–100, rounded; None when nothing was scored or it is suppressed
    distribution: list = field(default_factory=list)  # (choice, label, count)
    suppressed: bool = False
    hidden_because: str = ""  # TOO_FEW or PROTECTS when suppressed

    @property
    def label(self):
        return Voice(self.voice).label

    @property
    def has_answers(self):
        return self.suppressed or self.answered > 0

    @property
    def not_scored(self):
        """Answers that were "don't know" or "don't want to say"."""
        return self.answered - self.scored

    @property
    def is_individual(self):
        return self.voice in INDIVIDUAL_VOICES

    @property
    def counts_people(self):
        """Survey voices count distinct people. Workshop votes count votes (a person can
        vote in two live votes); ratings and the council's check are not people at all."""
        return self.voice in SURVEY_VOICES

    @property
    def group_note(self):
        return GROUP_VOICE_NOTES.get(self.voice, "")

    @property
    def protects_others(self):
        return self.hidden_because == PROTECTS


@dataclass
class DomainResult:
    domain: Domain
    voices: list
    gap: int | None
    wide_gap: bool
    comments: int = 0
    # For the step 2 suggestions: the ratings of workshops that at least the threshold of
    # people attended (None when there are none), and how many ratings were left out.
    group_views: VoiceResult | None = None
    group_views_left_out: int = 0
    # Ratings left out because the same workshop's live vote on the domain counts instead.
    group_views_voted: int = 0

    def voice(self, voice):
        return next(v for v in self.voices if v.voice == voice)


def score_of(counts):
    """The mean score of {choice: count}, or None when nothing carries a score."""
    scored = {c: n for c, n in counts.items() if SCORES.get(c) is not None and n}
    total = sum(scored.values())
    if not total:
        return None, 0
    return round(sum(SCORES[c] * n for c, n in scored.items()) / total), total


def suppressed_result(voice, because=TOO_FEW):
    """A voice that is not shown: it carries no figure at all, so none can be subtracted."""
    return VoiceResult(voice, 0, 0, 0, None, [], True, because)


def voice_result(voice, counts, people, threshold):
    """One voice for one domain, from {choice: count} and the people behind it.

    people: a `Part` (people who answered, people who gave a scored answer), or a number
    when every one of them gave a scored answer.
    """
    part = people if isinstance(people, Part) else Part(people)
    if voice in INDIVIDUAL_VOICES and part.people and not is_shown(part.scoring, threshold):
        return suppressed_result(voice)
    answered = sum(counts.values())
    score, scored = score_of(counts)
    scale = VOICE_SCALE.get(voice) or _scale_for(counts)
    distribution = [(choice, Choice(choice).label, counts.get(choice, 0)) for choice in scale]
    return VoiceResult(voice, part.people, answered, scored, score, distribution)


def _scale_for(counts):
    """Workshop ratings use whichever scale the workshop chose."""
    return FACE_CHOICES if set(counts) & set(FACE_CHOICES) else FOUR_POINT_CHOICES


def gap_of(voice_results):
    """Highest minus lowest score of the voices that are shown (suppressed ones take no part)."""
    scores = [v.score for v in voice_results if v.score is not None and not v.suppressed]
    if len(scores) < 2:
        return None
    return max(scores) - min(scores)


def build_results(domains, counts, people, threshold, voices=tuple(Voice), comments=None,
                  hidden=None):
    """Assemble results from counted rows.

    counts: {(domain_id, voice): {choice: count}}; people: {(domain_id, voice): Part or int};
    hidden: {(domain_id, voice): reason} for voices a filter must not show.
    """
    results = []
    hidden = hidden or {}
    for domain in domains:
        voice_results = []
        for voice in voices:
            key = (domain.pk, voice)
            if key in hidden:
                voice_results.append(suppressed_result(voice, hidden[key]))
            else:
                voice_results.append(voice_result(voice, counts.get(key, {}),
                                                  people.get(key, Part(0)), threshold))
        gap = gap_of(voice_results)
        results.append(DomainResult(
            domain=domain, voices=voice_results, gap=gap,
            wide_gap=gap is not None and gap >= WIDE_GAP,
            comments=(comments or {}).get(domain.pk, 0),
        ))
    return results


@dataclass
class Filters:
    audiences: tuple = SURVEY_VOICES  # which survey voices to include
    helped: bool | None = None  # only helped (True), only not helped (False), or all

    @property
    def voices(self):
        others = (Voice.WORKSHOP_VOTES, Voice.WORKSHOP_RATINGS, Voice.COUNCIL_CHECK)
        return (*[v for v in SURVEY_VOICES if v in self.audiences], *others)
