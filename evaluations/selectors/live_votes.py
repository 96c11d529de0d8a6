"""Reads for live votes: the facilitator's (scoped through the evaluation the caller may see)
and the phones' (reached by code). Every count is done in the database with GROUP BY, so a
page costs the same queries with 3 participants or 300. Tallies hide small numbers
(DESIGN §5): fewer than the council's threshold of people shows words, never counts."""

import uuid

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from betterlives.small_numbers import Part, fewer_than, hidden_parts, is_shown
from domains.models import Domain
from evaluations.models import (
    FACE_CHOICES,
    SCORES,
    Group,
    LiveVote,
    Vote,
    VoteParticipant,
    normalise_code,
)

SCORED_FACES = [face for face in FACE_CHOICES if SCORES[face] is not None]


def live_vote_get(*, workshop, pk):
    """A live vote of that workshop, with its current domain, else 404."""
    live_vote = (
        LiveVote.objects.select_related("current_domain").filter(workshop=workshop, pk=pk).first()
    )
    if live_vote is None:
        raise Http404
    live_vote.workshop = workshop
    return live_vote


def _count(model, **filters):
    return Coalesce(
        Subquery(
            model.objects.filter(live_vote=OuterRef("pk"), **filters)
            .order_by().values("live_vote").annotate(n=Count("pk")).values("n"),
            output_field=IntegerField(),
        ),
        0,
    )


def live_vote_list(*, workshop):
    """The workshop's live votes, newest first, each with `participant_count` and
    `vote_count` (one query)."""
    return list(
        LiveVote.objects.filter(workshop=workshop)
        .select_related("current_domain")
        .annotate(participant_count=_count(VoteParticipant), vote_count=_count(Vote))
        .order_by("-started_at")
    )


def vote_domains():
    """Every domain, in order, for moving the room."""
    return list(Domain.objects.order_by("number"))


def closed_domain_ids(live_vote):
    return set(live_vote.closed_domains.values_list("pk", flat=True))


def protected_live_votes(live_vote, threshold):
    """{domain_id: True} for the domains whose votes in `live_vote` are enough to show but
    must not be shown, because the evaluation's results add up every live vote: with this
    one shown, the total minus the shown live votes would give away live votes with too few
    people (one GROUP BY).

    A person can vote in two live votes, so live votes are parts that may overlap
    (betterlives.small_numbers.hidden_parts, overlapping=True)."""
    if live_vote.practice:  # a practice vote is in no total: nothing to subtract it from
        return {}
    parts = {}
    rows = (
        Vote.objects.filter(live_vote__workshop__evaluation_id=live_vote.workshop.evaluation_id,
                            live_vote__practice=False)
        .values("domain_id", "live_vote_id")
        .annotate(people=Count("pk"), scored=Count("pk", filter=Q(choice__in=SCORED_FACES)))
        .order_by()
    )
    for row in rows:
        parts.setdefault(row["domain_id"], {})[row["live_vote_id"]] = Part(
            row["people"], row["scored"])
    return {
        domain_id: live_vote.pk in hidden_parts(by_vote, threshold, overlapping=True)
        and is_shown(by_vote[live_vote.pk].scoring, threshold)
        for domain_id, by_vote in parts.items() if live_vote.pk in by_vote
    }


OTHER_VOTES_NOTE = gettext_lazy(
    "Not shown, to keep the votes of a smaller live vote in this evaluation private")


def _room_note(shown, protects, threshold):
    """Why the room's counts are hidden, or None when they are shown."""
    if shown:
        return None
    if protects:
        return str(OTHER_VOTES_NOTE)
    return ngettext(
        "Fewer than %(count)s person has voted Good, Not sure or Not good on this domain.",
        "Fewer than %(count)s people have voted Good, Not sure or Not good on this domain.",
        threshold) % {"count": threshold}


def _hidden_note(scored, threshold):
    """Why a group's counts are hidden: too few people, or to protect a smaller group."""
    if not is_shown(scored, threshold):
        return fewer_than(threshold)
    return _("Not shown, to keep a smaller group’s votes private")


def live_vote_tally(live_vote, domain=None, *, threshold=None, protected=None):
    """How the room voted on `domain` (the current one by default), in two GROUP BY queries,
    with small numbers hidden (DESIGN §5, betterlives.small_numbers).

    The room's counts by face are `shown` only when at least `threshold` people (the
    council's small-number threshold) gave a scored vote on the domain; a group's only when
    at least `threshold` of its people did and no hidden group could be worked out by
    subtracting the shown ones from the room's. Hidden counts are None, never numbers, and a
    hidden group has a `note` in words instead. `voted` (the room) and `joined` say who took
    part, not how they voted; a group's `total` (how many of it voted) is hidden with its
    counts, since next to the threshold it would say whether someone chose "I don't want to
    say".

    When the room must stay hidden to protect another live vote (`protected`, from
    protected_live_votes, worked out here when not given), so do all its groups.

    Returns {"threshold", "shown", "faces": [(choice, label, count or None)], "groups":
    [{"group", "label", "shown", "note", "counts": [count per face] or None, "cells":
    [(choice, count or None)], "total", "joined"}], "joined", "voted"}.
    """
    if threshold is None:
        threshold = live_vote.workshop.evaluation.council.small_number_threshold
    domain = domain or live_vote.current_domain
    if protected is None:
        protected = protected_live_votes(live_vote, threshold)
    protects = domain is not None and protected.get(domain.pk, False)
    by_group_face = {}
    if domain is not None:
        rows = (
            Vote.objects.filter(live_vote=live_vote, domain=domain)
            .values("participant__group", "choice")
            .annotate(n=Count("pk"))
            .order_by()
        )
        for row in rows:
            by_group_face[(row["participant__group"], row["choice"])] = row["n"]
    joined_by_group = {
        row["group"]: row["n"]
        for row in VoteParticipant.objects.filter(live_vote=live_vote)
        .values("group").annotate(n=Count("pk")).order_by()
    }
    counts = {
        group.value: [by_group_face.get((group.value, face.value), 0) for face in FACE_CHOICES]
        for group in Group
    }
    parts = {group: _part(row) for group, row in counts.items()}
    hidden = hidden_parts(parts, threshold)
    room = [sum(row[n] for row in counts.values()) for n in range(len(FACE_CHOICES))]
    room_shown = is_shown(_part(room).scored, threshold) and not protects
    groups = []
    for group in Group:
        part = parts[group.value]
        shown = (group.value not in hidden and is_shown(part.scored, threshold)
                 and not protects)
        row = counts[group.value] if shown else None
        note = OTHER_VOTES_NOTE if protects and is_shown(part.scored, threshold) else (
            _hidden_note(part.scored, threshold))
        groups.append({
            "group": group.value, "label": group.label, "shown": shown,
            "note": None if shown else str(note),
            "counts": row,
            "cells": list(zip((face.value for face in FACE_CHOICES),
                              row or [None] * len(FACE_CHOICES), strict=True)),
            "total": part.people if shown else None,
            "joined": joined_by_group.get(group.value, 0),
        })
    return {
        "threshold": threshold,
        "shown": room_shown,
        "note": _room_note(room_shown, protects, threshold),
        "faces": [(face.value, face.label, count if room_shown else None)
                  for face, count in zip(FACE_CHOICES, room, strict=True)],
        "groups": groups,
        "joined": sum(joined_by_group.values()),
        "voted": sum(room),
    }


def _part(row):
    """A Part from counts per face (in FACE_CHOICES order): everyone who voted, and those who
    gave a scored face (not "I don't want to say"). One vote per person per domain, so votes
    are people."""
    return Part(sum(row), sum(count for face, count in zip(FACE_CHOICES, row, strict=True)
                              if SCORES[face] is not None))


def live_vote_summary(live_vote, domains, *, threshold=None, protected=None):
    """Votes on every domain by face, for the table under the tally (one GROUP BY query).

    A domain's counts are `shown` only when at least `threshold` people gave a scored vote
    on it and no other live vote needs them hidden (`protected`); otherwise `counts` is
    None. `total` is how many people voted on it.

    Returns [{"domain", "shown", "counts": [count per face] or None, "note": words when
    hidden, "total"}] for every domain.
    """
    if threshold is None:
        threshold = live_vote.workshop.evaluation.council.small_number_threshold
    if protected is None:
        protected = protected_live_votes(live_vote, threshold)
    counts = {}
    rows = (
        Vote.objects.filter(live_vote=live_vote)
        .values("domain_id", "choice").annotate(n=Count("pk")).order_by()
    )
    for row in rows:
        counts[(row["domain_id"], row["choice"])] = row["n"]
    summary = []
    for domain in domains:
        row = [counts.get((domain.pk, face.value), 0) for face in FACE_CHOICES]
        enough = is_shown(_part(row).scored, threshold)
        shown = enough and not protected.get(domain.pk)
        note = None if shown else str(OTHER_VOTES_NOTE) if enough else fewer_than(threshold)
        summary.append({"domain": domain, "shown": shown, "counts": row if shown else None,
                        "note": note, "total": sum(row)})
    return summary


def tally_json(live_vote, tally, closed):
    """The tally as the facilitator's screen polls it (vote_tally). A hidden count is not in
    it at all: the room's `counts` only when `shown`, and a hidden group is {"shown": false,
    "note": words, "joined"}."""
    domain = live_vote.current_domain
    data = {
        "step": live_vote.step,
        "status": live_vote.status,
        "revealed": live_vote.revealed,
        "domain": {"number": domain.number, "title": domain.title} if domain else None,
        "domain_closed": closed,
        "threshold": tally["threshold"],
        "shown": tally["shown"],
        "note": tally["note"],
        "groups": {row["group"]: _group_json(row) for row in tally["groups"]},
        "joined": tally["joined"],
        "voted": tally["voted"],
    }
    if tally["shown"]:
        data["counts"] = {choice: count for choice, _, count in tally["faces"]}
    return data


def _group_json(row):
    if not row["shown"]:
        return {"shown": False, "note": row["note"], "joined": row["joined"]}
    return {"shown": True, **dict(row["cells"]), "total": row["total"], "joined": row["joined"]}


def present_state(live_vote):
    """What the presentation page shows while people vote, and polls: {"step", "status",
    "revealed", "joined", "voted"}. How many voted on the domain on the screen says nothing
    about how anyone voted. Two queries."""
    domain_id = live_vote.current_domain_id
    voted = Vote.objects.filter(live_vote=live_vote, domain_id=domain_id).count() if (
        domain_id) else 0
    return {
        "step": live_vote.step, "status": live_vote.status, "revealed": live_vote.revealed,
        "joined": VoteParticipant.objects.filter(live_vote=live_vote).count(), "voted": voted,
    }


# The phones' side -------------------------------------------------------------------------------


def live_vote_for_code(code):
    """The live vote a typed or linked code belongs to (with its current domain), or None."""
    code = normalise_code(code)
    if not code or len(code) > 8:
        return None
    return (
        LiveVote.objects.select_related("current_domain", "workshop__evaluation__council")
        .filter(code=code).first()
    )


def open_live_vote_for_code(code):
    """For the "enter your code" page: an open vote with this code, or one prepared ahead
    (its join page says to wait for the start), or None."""
    return LiveVote.objects.filter(
        code=normalise_code(code), status__in=[LiveVote.Status.OPEN, LiveVote.Status.READY]
    ).only("code").first()


def live_vote_state(code):
    """What phones poll: {"step", "status"} for the code, or None. One query, no joins."""
    code = normalise_code(code)
    if not code or len(code) > 8:
        return None
    return LiveVote.objects.filter(code=code).values("step", "status").first()


def participant_for_key(*, code, key):
    """The participant with `key` in the vote with `code`, with the vote and its current
    domain (one query), or None. A tampered key is simply not found."""
    try:
        key = uuid.UUID(str(key))
    except (TypeError, ValueError, AttributeError):
        return None
    return (
        VoteParticipant.objects.select_related(
            "live_vote__current_domain", "live_vote__workshop__evaluation__council"
        )
        .filter(key=key, live_vote__code=normalise_code(code))
        .first()
    )


def participant_vote(*, participant, domain):
    """The participant's vote on `domain`, or None."""
    if domain is None:
        return None
    return Vote.objects.filter(participant=participant, domain=domain).first()


def domain_is_closed(live_vote, domain):
    return domain is not None and live_vote.closed_domains.filter(pk=domain.pk).exists()
