"""Step 1 results: each domain's score from every voice, side by side, with the gaps.

Everything is counted in the database (GROUP BY domain, voice, part and answer); Python only
turns those few rows into scores (`evaluations.scores`).

Small numbers follow the one rule in `betterlives.small_numbers`: a voice that comes from
individual people (the surveys and the workshop votes) is shown for a domain only when at
least the council's threshold of people gave a *scored* answer there. A survey voice is
counted in parts (whether someone helped the person), so that a filtered view can be checked
against every other view of the same answers: a part too small to show hides the parts that
would give it away by subtraction. Workshop ratings and the council's own check are a group's
or the council's judgement, not individuals' answers, so they are always shown, and say so.
For the step 2 suggestions, though, a workshop's rating counts only when at least the threshold
of people were at the workshop (`DomainResult.group_views`).

Every page, chart, download and report gets its numbers from `evaluation_results` and its
comments from `comment_list`.
"""

from dataclasses import dataclass, field

from django.db.models import Count, F, Q

from betterlives.small_numbers import Part, hidden_parts, is_shown
from domains.models import Domain
from evaluations.models import (
    SCORES,
    Answer,
    EnablerAnswer,
    Response,
    Vote,
    WorkshopRating,
)
from evaluations.scores import (
    PROTECTS,
    SCORED_CHOICES,
    SURVEY_VOICES,
    TOO_FEW,
    Filters,
    Voice,
    build_results,
    score_of,
    voice_result,
)


def sent_answers(evaluation):
    """Answers from sent responses of this evaluation."""
    return Answer.objects.filter(
        response__survey__evaluation=evaluation, response__status=Response.Status.SUBMITTED,
    )


# The parts a survey voice is counted in: whether someone helped the person. The pages offer
# "only people who had help" and "only people who answered on their own", never the people
# who did not say, so that part is never shown but still counts towards what subtraction of
# the other two from "everyone" would reveal.
HELPED_PARTS = (True, False, None)
NEVER_SHOWN_PARTS = frozenset({None})


@dataclass
class Counted:
    """What `count_rows` found. Survey voices are keyed (domain_id, voice, helped); the
    other voices (domain_id, voice, None)."""

    answers: dict = field(default_factory=dict)  # key -> {choice: count}
    people: dict = field(default_factory=dict)  # key -> Part
    comments: dict = field(default_factory=dict)  # key -> visible comments
    # Workshop ratings by the number of people at the workshop, and whether the same
    # workshop's live votes on the domain: (domain_id, attended, votes) -> {choice: count}.
    ratings_by_size: dict = field(default_factory=dict)
    voted: dict = field(default_factory=dict)  # (domain_id, workshop_id) -> live votes

    def add(self, key, choice, n):
        self.answers.setdefault(key, {})
        self.answers[key][choice] = self.answers[key].get(choice, 0) + n


def count_rows(evaluation):
    """Every voice's answers for every domain, counted in the database: five GROUP BYs."""
    counted = Counted()
    answers = sent_answers(evaluation)
    for row in answers.exclude(choice="").values(
        "item__domain_id", "response__survey__audience", "response__helped", "choice"
    ).annotate(n=Count("pk")):
        counted.add((row["item__domain_id"], row["response__survey__audience"],
                     row["response__helped"]), row["choice"], row["n"])
    for row in answers.exclude(choice="", comment="").values(
        "item__domain_id", "response__survey__audience", "response__helped"
    ).annotate(
        people=Count("response_id", distinct=True),
        scored=Count("response_id", distinct=True, filter=Q(choice__in=SCORED_CHOICES)),
        comments=Count("pk", filter=~Q(comment="") & Q(comment_hidden=False)),
    ):
        key = (row["item__domain_id"], row["response__survey__audience"],
               row["response__helped"])
        counted.people[key] = Part(row["people"], row["scored"])
        counted.comments[key] = row["comments"]

    # Practice votes are rehearsals: never counted.
    votes = Vote.objects.filter(live_vote__workshop__evaluation=evaluation,
                                live_vote__practice=False)
    by_live_vote = {}
    for row in votes.values("domain_id", "live_vote_id", "live_vote__workshop_id",
                            "choice").annotate(n=Count("pk")):
        counted.add((row["domain_id"], Voice.WORKSHOP_VOTES, None), row["choice"], row["n"])
        workshop = (row["domain_id"], row["live_vote__workshop_id"])
        counted.voted[workshop] = counted.voted.get(workshop, 0) + row["n"]
        key = (row["domain_id"], row["live_vote_id"])
        scored = row["n"] if SCORES.get(row["choice"]) is not None else 0
        people, scoring = by_live_vote.get(key, (0, 0))
        by_live_vote[key] = (people + row["n"], scoring + scored)
    for (domain_id, _live_vote), (people, scoring) in by_live_vote.items():
        # One vote per person per domain in each live vote, but a person can vote in two
        # live votes: the votes come from at least as many people as the largest live vote.
        key = (domain_id, Voice.WORKSHOP_VOTES, None)
        part = counted.people.get(key, Part(0, 0))
        counted.people[key] = Part(part.people + people, max(part.scoring, scoring))
    ratings = WorkshopRating.objects.filter(workshop__evaluation=evaluation).exclude(choice="")
    for row in ratings.annotate(attended=ATTENDED).values(
        "domain_id", "workshop_id", "choice", "attended"
    ).annotate(n=Count("pk")):
        _add_group(counted, (row["domain_id"], Voice.WORKSHOP_RATINGS, None), row["choice"],
                   row["n"])
        votes = counted.voted.get((row["domain_id"], row["workshop_id"]), 0)
        by_size = counted.ratings_by_size.setdefault(
            (row["domain_id"], row["attended"], votes), {})
        by_size[row["choice"]] = by_size.get(row["choice"], 0) + row["n"]
    checks = EnablerAnswer.objects.filter(evaluation=evaluation).exclude(choice="")
    for row in checks.values("question__domain_id", "choice").annotate(n=Count("pk")):
        _add_group(counted, (row["question__domain_id"], Voice.COUNCIL_CHECK, None),
                   row["choice"], row["n"])
    return counted


# How many people were at a rating's workshop.
ATTENDED = (F("workshop__attended_lived_experience") + F("workshop__attended_family_carers")
            + F("workshop__attended_staff") + F("workshop__attended_partners"))


def group_views(counted, domain_id, threshold):
    """The workshop ratings of one domain that count as a group's view in the suggestions:
    those of workshops that at least `threshold` people attended, and whose live vote on the
    domain, if they held one, is not shown already (the same people count once). Returns
    (VoiceResult or None, how many ratings of smaller workshops were left out, how many
    were left out for their workshop's live vote)."""
    counts, left_out, voted = {}, 0, 0
    for (rated_domain, attended, votes), by_choice in counted.ratings_by_size.items():
        if rated_domain != domain_id:
            continue
        if is_shown(votes, threshold):
            voted += sum(by_choice.values())
        elif is_shown(attended or 0, threshold):
            for choice, n in by_choice.items():
                counts[choice] = counts.get(choice, 0) + n
        else:
            left_out += sum(by_choice.values())
    if not counts:
        return None, left_out, voted
    _score, scored = score_of(counts)
    part = Part(sum(counts.values()), scored)
    return voice_result(Voice.WORKSHOP_RATINGS, counts, part, threshold), left_out, voted


def _add_group(counted, key, choice, n):
    """One counted row of a voice where each answer is one person, workshop or question."""
    counted.add(key, choice, n)
    part = counted.people.get(key, Part(0, 0))
    scored = n if SCORES.get(choice) is not None else 0
    counted.people[key] = Part(part.people + n, part.scoring + scored)


def _merge(counted, keys):
    """The counts, people and comments of several parts taken together."""
    counts, people, scored, comments = {}, 0, 0, 0
    for key in keys:
        for choice, n in counted.answers.get(key, {}).items():
            counts[choice] = counts.get(choice, 0) + n
        part = counted.people.get(key)
        if part is not None:
            people, scored = people + part.people, scored + part.scoring
        comments += counted.comments.get(key, 0)
    return counts, Part(people, scored), comments


def filtered_cells(counted, domain_ids, filters, threshold):
    """What each (domain, voice) shows under `filters`.

    Returns (counts, people, comments, hidden): the first three keyed (domain_id, voice) for
    voices that may be shown; hidden: {(domain_id, voice): reason} for survey voices whose
    filtered part must not be shown, even though it may hold enough people, because it
    would give a smaller part away.
    """
    counts, people, comments, hidden = {}, {}, {}, {}
    for domain_id in domain_ids:
        for voice in filters.voices:
            parts = [(domain_id, voice, helped) for helped in HELPED_PARTS]
            if voice not in SURVEY_VOICES:
                parts = [(domain_id, voice, None)]
            elif filters.helped is not None:
                split = {key[2]: counted.people.get(key, Part(0)) for key in parts}
                hide = hidden_parts(split, threshold, never_shown=NEVER_SHOWN_PARTS)
                chosen = split[filters.helped]
                if filters.helped in hide:
                    small = chosen.people and not is_shown(chosen.scoring, threshold)
                    hidden[(domain_id, voice)] = TOO_FEW if small else PROTECTS
                    continue
                parts = [(domain_id, voice, filters.helped)]
            key = (domain_id, voice)
            counts[key], people[key], comments[key] = _merge(counted, parts)
    return counts, people, comments, hidden


def evaluation_results(evaluation, filters=None, *, domains=None, counted=None):
    """Results for every domain (or for `domains`), for every page, file and report.
    `counted`: what count_rows found, when the caller has it already."""
    filters = filters or Filters()
    threshold = evaluation.council.small_number_threshold
    domains = list(Domain.objects.order_by("number")) if domains is None else list(domains)
    counted = counted or count_rows(evaluation)
    counts, people, comments, hidden = filtered_cells(
        counted, [d.pk for d in domains], filters, threshold)
    shown_comments = {}
    for (domain_id, voice), n in comments.items():
        if voice in SURVEY_VOICES and is_shown(people[(domain_id, voice)].scoring, threshold):
            shown_comments[domain_id] = shown_comments.get(domain_id, 0) + n
    results = build_results(domains, counts, people, threshold, voices=filters.voices,
                            comments=shown_comments, hidden=hidden)
    for result in results:
        (result.group_views, result.group_views_left_out,
         result.group_views_voted) = group_views(
            counted, result.domain.pk, threshold)
    return results


def shown_cells(evaluation, filters=None, *, counted=None):
    """The (domain_id, survey audience) pairs whose answers may be shown under `filters`."""
    filters = filters or Filters()
    threshold = evaluation.council.small_number_threshold
    counted = counted or count_rows(evaluation)
    domain_ids = {key[0] for key in counted.people}
    _counts, people, _comments, _hidden = filtered_cells(counted, domain_ids, filters, threshold)
    return {key for key, part in people.items()
            if key[1] in SURVEY_VOICES and is_shown(part.scoring, threshold)}


def comment_list(evaluation, filters=None, *, domain_number=None, tag="", counted=None):
    """Comments the facilitator may read: from sent responses, only where the answers of that
    domain in that survey are shown under the same filters. Hidden comments are included
    (marked) so that they can be shown again; every other page leaves them out."""
    filters = filters or Filters()
    allowed = Q(pk__in=[])
    for domain_id, audience in sorted(shown_cells(evaluation, filters, counted=counted)):
        allowed |= Q(item__domain_id=domain_id, response__survey__audience=audience)
    comments = sent_answers(evaluation).exclude(comment="").filter(allowed)
    if filters.helped is not None:
        comments = comments.filter(response__helped=filters.helped)
    if domain_number:
        comments = comments.filter(item__domain__number=domain_number)
    if tag == "none":
        comments = comments.filter(comment_tag="")
    elif tag:
        comments = comments.filter(comment_tag=tag)
    return comments.select_related("item__domain", "item__question", "response__survey").order_by(
        "item__domain__number", "response__survey__audience", "pk"
    )
