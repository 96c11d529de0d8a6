"""Step 2: the domains the council chooses to look at in depth, and its review of each."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from betterlives.text_limits import LONG_TEXT_LIMIT, TEXT_LIMIT
from domains.models import Domain, InDepthQuestion, Statement

from .surveys import Evaluation


class ChoiceReason(models.TextChoices):
    IMPROVE = "improve", _("It needs improving")
    STRENGTH = "strength", _("It is a strength to build on")
    OTHER = "other", _("Another reason")


class DomainDecision(models.Model):
    """How the council decided which domains to look at in depth, as last recorded.

    Every change is also written to the audit trail, which keeps the history.
    """

    evaluation = models.OneToOneField(
        Evaluation, on_delete=models.CASCADE, related_name="domain_decision"
    )
    decided_on = models.DateField(_("date of the decision"))
    took_part_lived_experience = models.PositiveIntegerField(
        _("people with lived experience"), default=0
    )
    took_part_family_carers = models.PositiveIntegerField(_("family carers"), default=0)
    took_part_staff = models.PositiveIntegerField(_("staff"), default=0)
    took_part_partners = models.PositiveIntegerField(_("partners"), default=0)
    how_decided = models.TextField(_("how the decision was made"), max_length=TEXT_LIMIT,
                                   blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("domain decision")
        verbose_name_plural = _("domain decisions")

    def __str__(self):
        return f"{self.evaluation} – {self.decided_on}"


class ChosenDomain(models.Model):
    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, related_name="chosen_domains"
    )
    domain = models.ForeignKey(Domain, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(_("why"), max_length=20, choices=ChoiceReason.choices)
    rationale = models.TextField(_("reasons in more detail"), max_length=TEXT_LIMIT, blank=True)

    class Meta:
        ordering = ["evaluation", "domain__number"]
        verbose_name = _("chosen domain")
        verbose_name_plural = _("chosen domains")
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "domain"], name="choose_domain_once"),
        ]

    def __str__(self):
        return f"{self.evaluation} – {self.domain_id} ({self.reason})"


class DomainReview(models.Model):
    """The in-depth review of one chosen domain."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="reviews")
    domain = models.ForeignKey(Domain, on_delete=models.PROTECT, related_name="+")
    key_findings = models.TextField(_("key findings"), max_length=LONG_TEXT_LIMIT, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["evaluation", "domain__number"]
        verbose_name = _("in-depth review")
        verbose_name_plural = _("in-depth reviews")
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "domain"], name="review_domain_once"),
        ]

    def __str__(self):
        return f"{self.evaluation} – {self.domain_id}"


class StatementRating(models.Model):
    """How far one "what good looks like" statement is in place, with the evidence."""

    class Rating(models.TextChoices):
        IN_PLACE = "in_place", _("In place")
        PARTLY = "partly", _("Partly in place")
        NOT_YET = "not_yet", _("Not yet")
        DONT_KNOW = "dont_know", _("Don't know")

    review = models.ForeignKey(
        DomainReview, on_delete=models.CASCADE, related_name="statement_ratings"
    )
    statement = models.ForeignKey(Statement, on_delete=models.PROTECT, related_name="+")
    rating = models.CharField(_("rating"), max_length=20, choices=Rating.choices, blank=True)
    evidence = models.TextField(_("evidence"), max_length=TEXT_LIMIT, blank=True)

    class Meta:
        verbose_name = _("statement rating")
        verbose_name_plural = _("statement ratings")
        constraints = [
            models.UniqueConstraint(fields=["review", "statement"], name="rate_statement_once"),
        ]

    def __str__(self):
        return f"{self.statement_id}: {self.rating or '-'}"


class InDepthAnswer(models.Model):
    review = models.ForeignKey(DomainReview, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(InDepthQuestion, on_delete=models.PROTECT, related_name="+")
    answer = models.TextField(_("answer"), max_length=LONG_TEXT_LIMIT, blank=True)

    class Meta:
        verbose_name = _("in-depth answer")
        verbose_name_plural = _("in-depth answers")
        constraints = [
            models.UniqueConstraint(fields=["review", "question"], name="answer_in_depth_once"),
        ]

    def __str__(self):
        return f"{self.question_id}"


class ReviewEvidence(models.Model):
    """A piece of evidence a contributor adds to a review."""

    review = models.ForeignKey(
        DomainReview, on_delete=models.CASCADE, related_name="evidence_items"
    )
    text = models.TextField(_("evidence"), max_length=TEXT_LIMIT)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["review", "added_at"]
        verbose_name = _("review evidence")
        verbose_name_plural = _("review evidence")

    def __str__(self):
        return self.text[:60]
