"""Live votes in a workshop: the facilitator moves the room, phones cast votes.

Every change the phones must follow (another domain, a domain closed or reopened, the vote
ended) adds one to `step`, in the same UPDATE, so a phone that polls the state sees it.

A vote is one row per participant and domain. Casting is a single INSERT … ON CONFLICT DO
UPDATE, so a double tap, a second tab or two requests at once store one vote, and 100 people
voting together each cost the same few queries.
"""


from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from domains.models import Domain

from ..models import (
    FACE_CHOICES,
    SHORT_CODE_LENGTH,
    Evaluation,
    Group,
    LiveVote,
    Survey,
    Vote,
    VoteParticipant,
    random_code,
)


class VoteNotAccepted(Exception):
    """The vote cannot take this vote now. Nothing already cast is lost."""


class VoteEnded(VoteNotAccepted):
    """The facilitator has ended the vote."""


class DomainClosed(VoteNotAccepted):
    """The facilitator has closed voting on this domain."""


class NotOnScreen(VoteNotAccepted):
    """A vote for a domain that is not the one on the screen: the room has moved on, or the
    number was changed by hand."""


class VoteNotStarted(VoteNotAccepted):
    """The vote was prepared ahead and the facilitator has not started it yet."""


def _first_domain():
    return Domain.objects.order_by("number").first()


def live_vote_start(*, workshop, ready=False, practice=False):
    """A new vote with a free 6-character code, on the first domain: open now, or `ready`
    (prepared ahead: phones cannot join until live_vote_open). A `practice` vote is left out
    of every count, result, export and report. (Pressing Start twice gives one vote: the
    Start page's form is stored once, betterlives.store_once.)
    """
    first = _first_domain()
    status = LiveVote.Status.READY if ready else LiveVote.Status.OPEN
    for _attempt in range(10):
        code = random_code(SHORT_CODE_LENGTH)
        # People type vote codes on the same page as survey codes: never reuse one.
        if Survey.objects.filter(short_code=code).exists():
            continue
        try:
            with transaction.atomic():
                return LiveVote.objects.create(workshop=workshop, code=code,
                                               current_domain=first, status=status,
                                               practice=practice)
        except IntegrityError:  # the random code was taken: try another
            continue
    raise RuntimeError("Could not find a free code")  # pragma: no cover - 25^6 codes


def _next_step(live_vote, **changes):
    """Apply `changes` and step += 1 in one UPDATE on an open vote; refresh `live_vote`.

    Raises VoteEnded (changing nothing) when the vote has already ended.
    """
    updated = LiveVote.objects.filter(pk=live_vote.pk, status=LiveVote.Status.OPEN).update(
        step=F("step") + 1, **changes
    )
    if not updated:
        raise VoteEnded
    live_vote.refresh_from_db(fields=["step", "status", "current_domain", "ended_at"])
    return live_vote


def live_vote_open(*, live_vote):
    """Start a vote that was prepared ahead: phones can join from now. Starting an open vote
    again changes nothing; an ended vote raises VoteEnded."""
    updated = LiveVote.objects.filter(pk=live_vote.pk, status=LiveVote.Status.READY).update(
        status=LiveVote.Status.OPEN, started_at=timezone.now(), step=F("step") + 1)
    live_vote.refresh_from_db(fields=["step", "status", "started_at"])
    if not updated and live_vote.status == LiveVote.Status.ENDED:
        raise VoteEnded
    return live_vote


def live_vote_move(*, live_vote, domain):
    """Move the room to `domain` (forwards or back). Phones follow on their next poll. The
    presentation screen hides the tally again until the facilitator reveals it."""
    _next_step(live_vote, current_domain=domain, revealed=False)
    live_vote.revealed = False
    return live_vote


def live_vote_reveal(*, live_vote, revealed=True):
    """Show (or hide again) the tally of the domain on the presentation screen. Phones do not
    follow this (the step stays), so nobody's half-chosen vote is reloaded away."""
    if not LiveVote.objects.filter(pk=live_vote.pk).exclude(
            status=LiveVote.Status.READY).update(revealed=revealed):
        raise VoteNotStarted
    live_vote.revealed = revealed
    return live_vote


@transaction.atomic
def live_vote_close_domain(*, live_vote, domain):
    """Stop votes on `domain`. Votes already cast are kept."""
    _next_step(live_vote)
    live_vote.closed_domains.add(domain)
    return live_vote


@transaction.atomic
def live_vote_reopen_domain(*, live_vote, domain):
    """Undo closing `domain` (a mis-click on the projector should not be final)."""
    _next_step(live_vote)
    live_vote.closed_domains.remove(domain)
    return live_vote


def live_vote_end(*, live_vote):
    """End the vote: phones show "This vote has ended". Ending twice changes nothing."""
    try:
        return _next_step(live_vote, status=LiveVote.Status.ENDED, ended_at=timezone.now())
    except VoteEnded:
        live_vote.refresh_from_db(fields=["step", "status", "current_domain", "ended_at"])
        return live_vote


def live_votes_end_for_evaluation(*, evaluation):
    """End every vote of the evaluation that is open or ready (when it is archived)."""
    return LiveVote.objects.filter(
        workshop__evaluation=evaluation,
        status__in=[LiveVote.Status.OPEN, LiveVote.Status.READY],
    ).update(status=LiveVote.Status.ENDED, ended_at=timezone.now(), step=F("step") + 1)


def live_vote_can_delete(live_vote):
    """A practice vote can always be deleted; a real one only while nobody has voted in it."""
    return live_vote.practice or not Vote.objects.filter(live_vote=live_vote).exists()


def live_vote_delete(*, live_vote):
    """Delete a practice vote, or a vote nobody has voted in, with its participants."""
    with transaction.atomic():
        LiveVote.objects.select_for_update().filter(pk=live_vote.pk).first()
        if not live_vote_can_delete(live_vote):
            raise ValidationError(_("People have voted in this live vote, so it cannot be "
                                    "deleted. Their votes count in the results."))
        live_vote.delete()


def participant_join(*, live_vote, group, device=""):
    """One phone joins the vote, saying which group the person is in. Nothing else is kept.

    `device` (a keyed hash of the phone's device cookie) makes a phone that joins again, or
    sends Continue twice at once, the same participant: the first group it chose stays.
    """
    if group not in Group.values:
        raise ValueError(f"Unknown group {group!r}")
    status = LiveVote.objects.filter(pk=live_vote.pk).values_list("status", flat=True).first()
    if status == LiveVote.Status.READY:
        raise VoteNotStarted
    if status != LiveVote.Status.OPEN:
        raise VoteEnded
    if not device:
        return VoteParticipant.objects.create(live_vote=live_vote, group=group)
    known = VoteParticipant.objects.filter(live_vote=live_vote, device=device).first()
    if known is not None:
        return known
    try:
        with transaction.atomic():
            return VoteParticipant.objects.create(live_vote=live_vote, group=group,
                                                  device=device)
    except IntegrityError:  # the same phone joined at the same moment
        return VoteParticipant.objects.get(live_vote=live_vote, device=device)


def vote_cast(*, participant, domain, choice):
    """Cast or replace this participant's vote on `domain`: one vote per person per domain.

    Refuses (VoteEnded, DomainClosed, NotOnScreen) when the vote has ended (or its evaluation
    is archived), the domain is closed, or it is not the domain on the screen. Two queries:
    the vote's state, then one upsert on (participant, domain).
    """
    if choice not in FACE_CHOICES:
        raise ValueError(f"Not a face: {choice!r}")
    closed = LiveVote.closed_domains.through.objects.filter(
        livevote_id=OuterRef("pk"), domain_id=domain.pk
    )
    with transaction.atomic():
        state = (
            LiveVote.objects.filter(pk=participant.live_vote_id)
            .annotate(domain_closed=Exists(closed))
            .values("status", "domain_closed", "current_domain_id",
                    "workshop__evaluation__status")
            .first()
        )
        if (state is None or state["status"] != LiveVote.Status.OPEN
                or state["workshop__evaluation__status"] == Evaluation.Status.ARCHIVED):
            raise VoteEnded
        if state["current_domain_id"] != domain.pk:
            raise NotOnScreen
        if state["domain_closed"]:
            raise DomainClosed
        Vote.objects.bulk_create(
            [Vote(live_vote_id=participant.live_vote_id, participant=participant, domain=domain,
                  choice=choice, updated_at=timezone.now())],
            update_conflicts=True,
            unique_fields=["participant", "domain"],
            update_fields=["choice", "updated_at"],
        )
