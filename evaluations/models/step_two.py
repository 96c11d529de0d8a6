"""Step 2: the domains the council chooses to look at in depth, and its review of each.

Each field's limit, choices and messages are set here once: the forms build their fields from
them, and the services check writes with `clean_fields()`, so a write that does not come
through a form gets the same messages.
"""

from django.conf import settings
from django.core.validators import MaxLengthValidator, MaxValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from betterlives.text_limits import LONG_TEXT_LIMIT, TEXT_LIMIT
from domains.models import Domain, InDepthQuestion, Statement

from .surveys import Evaluation

# How many people from one group may have taken part in deciding.
PEOPLE_LIMIT = 1000

# Messages given in more than one place. The services check the first two themselves (they
# concern all the choices, or a date). The next two name the domain, so they cannot be the
# fields' own: the service gives them when the model finds the reason or the rationale
# wrong. The services also give the people numbers' and the rating's for a value of the
# wrong type, and two fields share the evidence's.
NO_DOMAIN_CHOSEN = _("Choose at least one domain to look at in depth")
DECISION_DATE_MISSING = _("Enter the date of the decision")
REASON_NOT_CHOSEN = _("Choose why you chose %(domain)s")
RATIONALE_TOO_LONG = _("The reasons for %(domain)s must be 5000 characters or fewer")
PEOPLE_NOT_A_NUMBER = _("Numbers of people must be whole numbers from 0 to 1,000")
RATING_NOT_LISTED = _("Choose how far each statement is in place")
EVIDENCE_TOO_LONG = _("The evidence must be 5000 characters or fewer")


def people_field(verbose_name):
    """How many people from one group took part in deciding."""
    return models.PositiveIntegerField(
        verbose_name, default=0, validators=[MaxValueValidator(PEOPLE_LIMIT)],
        error_messages={"invalid": PEOPLE_NOT_A_NUMBER, "min_value": PEOPLE_NOT_A_NUMBER,
                        "max_value": PEOPLE_NOT_A_NUMBER})


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
    took_part_lived_experience = people_field(_("people with lived experience"))
    took_part_family_carers = people_field(_("family carers"))
    took_part_staff = people_field(_("staff"))
    took_part_partners = people_field(_("partners"))
    how_decided = models.TextField(
        _("how the decision was made"), max_length=TEXT_LIMIT, blank=True,
        validators=[MaxLengthValidator(TEXT_LIMIT)], error_messages={
            "max_length": _("How the decision was made must be 5000 characters or fewer")})
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
    # Their messages name the domain: REASON_NOT_CHOSEN and RATIONALE_TOO_LONG.
    reason = models.CharField(_("why"), max_length=20, choices=ChoiceReason.choices)
    rationale = models.TextField(_("reasons in more detail"), max_length=TEXT_LIMIT, blank=True,
                                 validators=[MaxLengthValidator(TEXT_LIMIT)])

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
    key_findings = models.TextField(
        _("key findings"), max_length=LONG_TEXT_LIMIT, blank=True,
        validators=[MaxLengthValidator(LONG_TEXT_LIMIT)], error_messages={
            "max_length": _("The key findings must be 10000 characters or fewer")})
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
    rating = models.CharField(_("rating"), max_length=20, choices=Rating.choices, blank=True,
                              error_messages={"invalid_choice": RATING_NOT_LISTED})
    evidence = models.TextField(_("evidence"), max_length=TEXT_LIMIT, blank=True,
                                validators=[MaxLengthValidator(TEXT_LIMIT)],
                                error_messages={"max_length": EVIDENCE_TOO_LONG})

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
    answer = models.TextField(
        _("answer"), max_length=LONG_TEXT_LIMIT, blank=True,
        validators=[MaxLengthValidator(LONG_TEXT_LIMIT)], error_messages={
            "max_length": _("Each answer must be 10000 characters or fewer")})

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
    text = models.TextField(_("evidence"), max_length=TEXT_LIMIT,
                            validators=[MaxLengthValidator(TEXT_LIMIT)], error_messages={
                                "blank": _("Enter the evidence"),
                                "max_length": EVIDENCE_TOO_LONG})
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
