"""Reads for live votes: the facilitator's (scoped through the evaluation the caller may see)
and the phones' (reached by code). Every count is done in the database with GROUP BY, so a
page costs the same queries with 3 participants or 300."""

import uuid

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404

from domains.models import Domain, Scale

from .models import SCALE_CHOICES, Group, LiveVote, Vote, VoteParticipant, Workshop, normalise_code

FACES = tuple(SCALE_CHOICES[Scale.FACES])


def workshop_get(*, evaluation, pk):
    """A workshop of an evaluation the caller has already been allowed to see, else 404."""
    workshop = Workshop.objects.filter(evaluation=evaluation, pk=pk).first()
    if workshop is None:
        raise Http404
    workshop.evaluation = evaluation
    return workshop


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


def live_vote_tally(live_vote, domain=None):
    """How the room voted on `domain` (the current one by default), in two GROUP BY queries.

    Returns {"faces": [(choice, label, count)], "groups": [{"group", "label", "counts":
    [count per face], "cells": [(choice, count)], "total", "joined"}], "joined", "voted"}.
    """
    domain = domain or live_vote.current_domain
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
    groups = []
    for group in Group:
        counts = [by_group_face.get((group.value, face.value), 0) for face in FACES]
        groups.append({
            "group": group.value, "label": group.label, "counts": counts,
            "cells": list(zip((face.value for face in FACES), counts, strict=True)),
            "total": sum(counts),
            "joined": joined_by_group.get(group.value, 0),
        })
    faces = [
        (face.value, face.label, sum(by_group_face.get((g.value, face.value), 0) for g in Group))
        for face in FACES
    ]
    return {
        "faces": faces,
        "groups": groups,
        "joined": sum(joined_by_group.values()),
        "voted": sum(count for _, _, count in faces),
    }


def live_vote_summary(live_vote, domains):
    """Votes on every domain by face, for the table under the tally (one GROUP BY query).

    Returns [{"domain", "counts": [count per face], "total"}] for every domain.
    """
    counts = {}
    rows = (
        Vote.objects.filter(live_vote=live_vote)
        .values("domain_id", "choice").annotate(n=Count("pk")).order_by()
    )
    for row in rows:
        counts[(row["domain_id"], row["choice"])] = row["n"]
    summary = []
    for domain in domains:
        row = [counts.get((domain.pk, face.value), 0) for face in FACES]
        summary.append({"domain": domain, "counts": row, "total": sum(row)})
    return summary


def tally_json(live_vote, tally, closed):
    """The tally as the facilitator's screen polls it (vote_tally)."""
    domain = live_vote.current_domain
    return {
        "step": live_vote.step,
        "status": live_vote.status,
        "domain": {"number": domain.number, "title": domain.title} if domain else None,
        "domain_closed": closed,
        "counts": {choice: count for choice, _, count in tally["faces"]},
        "groups": {
            row["group"]: {
                **dict(zip((face.value for face in FACES), row["counts"], strict=True)),
                "total": row["total"], "joined": row["joined"],
            }
            for row in tally["groups"]
        },
        "joined": tally["joined"],
        "voted": tally["voted"],
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
    """For the "enter your code" page: an open vote with this code, or None."""
    return LiveVote.objects.filter(
        code=normalise_code(code), status=LiveVote.Status.OPEN
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
