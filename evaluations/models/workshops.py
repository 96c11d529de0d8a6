"""Workshops: who came, how each group rated each domain, and live votes on phones."""

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from domains.models import Domain, Scale

from .groups import Group
from .surveys import Choice, Evaluation


class Workshop(models.Model):
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="workshops")
    title = models.CharField(_("name"), max_length=200)
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), max_length=5000, blank=True)
    attended_lived_experience = models.PositiveIntegerField(
        _("people with lived experience"), default=0
    )
    attended_family_carers = models.PositiveIntegerField(_("family carers"), default=0)
    attended_staff = models.PositiveIntegerField(_("staff"), default=0)
    attended_partners = models.PositiveIntegerField(_("partners"), default=0)
    rating_scale = models.CharField(
        _("scale for the group's ratings"), max_length=20, choices=Scale.choices,
        default=Scale.FOUR_POINT,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-held_on", "title"]
        verbose_name = _("workshop")
        verbose_name_plural = _("workshops")

    def __str__(self):
        return self.title

    @property
    def attendance(self):
        return {
            Group.LIVED_EXPERIENCE: self.attended_lived_experience,
            Group.FAMILY_CARERS: self.attended_family_carers,
            Group.STAFF: self.attended_staff,
            Group.PARTNERS: self.attended_partners,
        }

    @property
    def attended_total(self):
        return sum(self.attendance.values())


class WorkshopRating(models.Model):
    """The group's view of one domain, agreed in the workshop."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="ratings")
    domain = models.ForeignKey(Domain, on_delete=models.PROTECT, related_name="+")
    choice = models.CharField(_("rating"), max_length=20, choices=Choice.choices, blank=True)
    strengths = models.TextField(_("strengths"), max_length=5000, blank=True)
    improvements = models.TextField(_("things to improve"), max_length=5000, blank=True)
    evidence = models.TextField(_("evidence"), max_length=5000, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["workshop", "domain__number"]
        verbose_name = _("workshop rating")
        verbose_name_plural = _("workshop ratings")
        constraints = [
            models.UniqueConstraint(fields=["workshop", "domain"], name="one_rating_per_domain"),
        ]

    def __str__(self):
        return f"{self.workshop} – {self.domain_id}: {self.choice or '-'}"


class LiveVote(models.Model):
    """A vote in the room: people join on their phones by code and tap a face per domain."""

    class Status(models.TextChoices):
        READY = "ready", _("Ready")  # prepared ahead: phones cannot join until Start
        OPEN = "open", _("Open")
        ENDED = "ended", _("Ended")

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="live_votes")
    code = models.CharField(max_length=8, unique=True, editable=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    current_domain = models.ForeignKey(
        Domain, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closed_domains = models.ManyToManyField(Domain, blank=True, related_name="+")
    # Goes up by one whenever the facilitator moves the room, so phones know to follow.
    step = models.PositiveIntegerField(default=0)
    # A practice vote: its votes are left out of every count, result, export and report.
    practice = models.BooleanField(_("practice"), default=False)
    # The presentation screen shows the tally of the domain on the screen only once the
    # facilitator reveals it; moving to another domain hides it again.
    revealed = models.BooleanField(default=False)
    started_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("live vote")
        verbose_name_plural = _("live votes")

    def __str__(self):
        return f"{self.workshop} – {self.code}"

    @property
    def is_open(self):
        return self.status == self.Status.OPEN

    @property
    def is_ready(self):
        return self.status == self.Status.READY


class VoteParticipant(models.Model):
    """One phone in a live vote. Nothing about the person is stored but their group."""

    live_vote = models.ForeignKey(LiveVote, on_delete=models.CASCADE, related_name="participants")
    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    group = models.CharField(_("group"), max_length=20, choices=Group.choices)
    # A keyed hash of the phone's device cookie and the vote's code (never the cookie
    # itself), so a phone that joins again is the same participant, and the same phone in
    # two live votes cannot be linked.
    device = models.CharField(max_length=64, blank=True, default="", editable=False)
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("live vote participant")
        verbose_name_plural = _("live vote participants")
        constraints = [
            models.UniqueConstraint(
                fields=["live_vote", "device"], condition=~models.Q(device=""),
                name="one_participant_per_device",
            ),
        ]

    def __str__(self):
        return f"{self.live_vote_id} – {self.get_group_display()}"


class Vote(models.Model):
    live_vote = models.ForeignKey(LiveVote, on_delete=models.CASCADE, related_name="votes")
    participant = models.ForeignKey(
        VoteParticipant, on_delete=models.CASCADE, related_name="votes"
    )
    domain = models.ForeignKey(Domain, on_delete=models.PROTECT, related_name="+")
    choice = models.CharField(max_length=20, choices=Choice.choices)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [
            models.UniqueConstraint(fields=["participant", "domain"], name="one_vote_per_domain"),
        ]
        indexes = [models.Index(fields=["live_vote", "domain"])]

    def __str__(self):
        return f"{self.domain_id}: {self.choice}"
