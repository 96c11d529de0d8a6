"""Step 1 results: each domain's score from every voice, side by side, with the gaps.

Everything is counted in the database (GROUP BY domain, voice and answer); Python only turns
those few rows into scores. Scores follow DESIGN §5: faces 100 / 50 / 0, four-point scale
100 / 67 / 33 / 0; "don't want to say" and "don't know" count as answered but not scored.

Small numbers are suppressed: a voice that comes from individual people (the surveys and the
workshop votes) is shown only when at least the council's threshold of people answered for
that domain. Workshop ratings and the council's own check are group or organisational
judgements, not individuals' answers, so they are always shown.
"""

from dataclasses import dataclass, field

from django.db import models
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from domains.models import Domain

from .models import (
    SCALE_CHOICES,
    SCORES,
    Answer,
    Choice,
    EnablerAnswer,
    Response,
    Vote,
    WorkshopRating,
)

# A gap between the highest and lowest voice of at least this many points is flagged.
WIDE_GAP = 25


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
FACES = SCALE_CHOICES["faces"]
FOUR_POINT = SCALE_CHOICES["four_point"]
VOICE_SCALE = {
    Voice.LIVED_EXPERIENCE: FACES,
    Voice.FAMILY_CARERS: FOUR_POINT,
    Voice.STAFF_PARTNERS: FOUR_POINT,
    Voice.WORKSHOP_VOTES: FACES,
    Voice.COUNCIL_CHECK: FOUR_POINT,
}


@dataclass
class VoiceResult:
    voice: str
    people: int  # how many people (or ratings, or questions) this is based on
    answered: int  # answers, including "don't know" and "don't want to say"
    scored: int  # answers that carry a score
    score: int | None  # 0–100, rounded; None when nothing was scored or it is suppressed
    distribution: list = field(default_factory=list)  # (choice, label, count)
    suppressed: bool = False

    @property
    def label(self):
        return Voice(self.voice).label

    @property
    def has_answers(self):
        return self.answered > 0


@dataclass
class DomainResult:
    domain: Domain
    voices: list
    gap: int | None
    wide_gap: bool
    comments: int = 0

    def voice(self, voice):
        return next(v for v in self.voices if v.voice == voice)


def score_of(counts):
    """The mean score of {choice: count}, or None when nothing carries a score."""
    scored = {c: n for c, n in counts.items() if SCORES.get(c) is not None and n}
    total = sum(scored.values())
    if not total:
        return None, 0
    return round(sum(SCORES[c] * n for c, n in scored.items()) / total), total


def voice_result(voice, counts, people, threshold):
    """One voice for one domain, from {choice: count} and the number of people behind it."""
    answered = sum(counts.values())
    suppressed = voice in INDIVIDUAL_VOICES and 0 < people < threshold
    if suppressed:
        return VoiceResult(voice, people, answered, 0, None, [], True)
    score, scored = score_of(counts)
    scale = VOICE_SCALE.get(voice) or _scale_for(counts)
    distribution = [(choice, Choice(choice).label, counts.get(choice, 0)) for choice in scale]
    return VoiceResult(voice, people, answered, scored, score, distribution)


def _scale_for(counts):
    """Workshop ratings use whichever scale the workshop chose."""
    return FACES if set(counts) & set(FACES) else FOUR_POINT


def gap_of(voice_results):
    scores = [v.score for v in voice_results if v.score is not None]
    if len(scores) < 2:
        return None
    return max(scores) - min(scores)


def build_results(domains, counts, people, threshold, voices=tuple(Voice), comments=None):
    """Assemble results from counted rows.

    counts: {(domain_id, voice): {choice: count}}; people: {(domain_id, voice): int}.
    """
    results = []
    for domain in domains:
        voice_results = [
            voice_result(voice, counts.get((domain.pk, voice), {}),
                         people.get((domain.pk, voice), 0), threshold)
            for voice in voices
        ]
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


def sent_answers(evaluation, filters=None):
    """Answers from sent responses of this evaluation, with the survey filters applied."""
    filters = filters or Filters()
    answers = Answer.objects.filter(
        response__survey__evaluation=evaluation,
        response__status=Response.Status.SUBMITTED,
        response__survey__audience__in=filters.audiences,
    )
    if filters.helped is not None:
        answers = answers.filter(response__helped=filters.helped)
    return answers


def _add(counts, key, choice, n):
    counts.setdefault(key, {})
    counts[key][choice] = counts[key].get(choice, 0) + n


def count_rows(evaluation, filters=None):
    """Every voice's answers for every domain, counted in the database: four GROUP BYs."""
    counts, people = {}, {}
    answers = sent_answers(evaluation, filters).exclude(choice="")
    for row in answers.values("item__domain_id", "response__survey__audience", "choice").annotate(
        n=Count("pk")
    ):
        _add(counts, (row["item__domain_id"], row["response__survey__audience"]), row["choice"],
             row["n"])
    answering = sent_answers(evaluation, filters).exclude(choice="", comment="")
    for row in answering.values("item__domain_id", "response__survey__audience").annotate(
        n=Count("response_id", distinct=True)
    ):
        people[(row["item__domain_id"], row["response__survey__audience"])] = row["n"]

    votes = Vote.objects.filter(live_vote__workshop__evaluation=evaluation)
    for row in votes.values("domain_id", "choice").annotate(n=Count("pk")):
        _add(counts, (row["domain_id"], Voice.WORKSHOP_VOTES), row["choice"], row["n"])
        key = (row["domain_id"], Voice.WORKSHOP_VOTES)
        people[key] = people.get(key, 0) + row["n"]  # one vote per person per domain

    ratings = WorkshopRating.objects.filter(workshop__evaluation=evaluation).exclude(choice="")
    for row in ratings.values("domain_id", "choice").annotate(n=Count("pk")):
        key = (row["domain_id"], Voice.WORKSHOP_RATINGS)
        _add(counts, key, row["choice"], row["n"])
        people[key] = people.get(key, 0) + row["n"]

    checks = EnablerAnswer.objects.filter(evaluation=evaluation).exclude(choice="")
    for row in checks.values("question__domain_id", "choice").annotate(n=Count("pk")):
        key = (row["question__domain_id"], Voice.COUNCIL_CHECK)
        _add(counts, key, row["choice"], row["n"])
        people[key] = people.get(key, 0) + row["n"]
    return counts, people


def comment_counts(evaluation, filters=None):
    """Visible comments per (domain, survey audience). Hidden ones are counted nowhere."""
    rows = (
        sent_answers(evaluation, filters).exclude(comment="").filter(comment_hidden=False)
        .values("item__domain_id", "response__survey__audience").annotate(n=Count("pk"))
    )
    return {(row["item__domain_id"], row["response__survey__audience"]): row["n"] for row in rows}


def shown_groups(people, threshold):
    """The (domain, survey audience) pairs with enough people to show their answers."""
    return {
        key for key, n in people.items() if key[1] in SURVEY_VOICES and n >= threshold
    }


def evaluation_results(evaluation, filters=None):
    """Results for every domain, for the overview and the domain pages."""
    filters = filters or Filters()
    threshold = evaluation.council.small_number_threshold
    counts, people = count_rows(evaluation, filters)
    shown = shown_groups(people, threshold)
    comments = {}
    for (domain_id, audience), n in comment_counts(evaluation, filters).items():
        if (domain_id, audience) in shown:
            comments[domain_id] = comments.get(domain_id, 0) + n
    return build_results(
        list(Domain.objects.order_by("number")), counts, people, threshold,
        voices=filters.voices, comments=comments,
    )


def comment_list(evaluation, filters=None, *, domain_number=None, tag=""):
    """Comments the facilitator may read: from sent responses, only where enough people
    answered that domain in that survey. Hidden comments are included (marked) so that they
    can be shown again; every other page leaves them out."""
    filters = filters or Filters()
    threshold = evaluation.council.small_number_threshold
    answers = sent_answers(evaluation, filters)
    people = answers.exclude(choice="", comment="").values(
        "item__domain_id", "response__survey__audience"
    ).annotate(n=Count("response_id", distinct=True))
    allowed = Q(pk__in=[])
    for row in people:
        if row["n"] >= threshold:
            allowed |= Q(item__domain_id=row["item__domain_id"],
                         response__survey__audience=row["response__survey__audience"])
    comments = answers.exclude(comment="").filter(allowed)
    if domain_number:
        comments = comments.filter(item__domain__number=domain_number)
    if tag == "none":
        comments = comments.filter(comment_tag="")
    elif tag:
        comments = comments.filter(comment_tag=tag)
    return comments.select_related("item__domain", "item__question", "response__survey").order_by(
        "item__domain__number", "response__survey__audience", "pk"
    )
