"""The council's own check: enabler questions and outcome indicators for each domain."""

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from domains.models import EnablerQuestion, OutcomeIndicator

from .surveys import Choice, Evaluation

# Changes smaller than this share of the earliest value count as "no clear change".
STEADY_SHARE = Decimal("0.02")


class EnablerAnswer(models.Model):
    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, related_name="enabler_answers"
    )
    question = models.ForeignKey(EnablerQuestion, on_delete=models.PROTECT, related_name="+")
    choice = models.CharField(_("answer"), max_length=20, choices=Choice.choices, blank=True)
    evidence = models.TextField(_("evidence"), max_length=5000, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("enabler answer")
        verbose_name_plural = _("enabler answers")
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "question"], name="one_enabler_answer"),
        ]

    def __str__(self):
        return f"{self.question_id}: {self.choice or '-'}"


class Direction(models.TextChoices):
    IMPROVING = "improving", _("Getting better")
    STEADY = "steady", _("No clear change")
    WORSENING = "worsening", _("Getting worse")
    UNKNOWN = "unknown", _("Not enough data")


class IndicatorValue(models.Model):
    """Three years of one indicator, with the local target and a comparison."""

    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, related_name="indicator_values"
    )
    indicator = models.ForeignKey(OutcomeIndicator, on_delete=models.PROTECT, related_name="+")
    value_two_years_ago = models.DecimalField(
        _("two years ago"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    value_last_year = models.DecimalField(
        _("last year"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    value_this_year = models.DecimalField(
        _("this year"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    local_target = models.DecimalField(
        _("local target"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    comparator = models.DecimalField(
        _("similar councils"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    notes = models.TextField(_("notes"), max_length=5000, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "indicator"], name="one_indicator_value"),
        ]

    def __str__(self):
        return f"{self.indicator_id}: {self.values}"

    @property
    def values(self):
        return [self.value_two_years_ago, self.value_last_year, self.value_this_year]

    @property
    def direction(self):
        """The direction of travel over the years given, taking "higher is better" into account."""
        known = [v for v in self.values if v is not None]
        if len(known) < 2:
            return Direction.UNKNOWN
        first, last = known[0], known[-1]
        change = last - first
        if abs(change) <= abs(first) * STEADY_SHARE:
            return Direction.STEADY
        better = change > 0 if self.indicator.higher_is_better else change < 0
        return Direction.IMPROVING if better else Direction.WORSENING

    @property
    def latest(self):
        return next((v for v in reversed(self.values) if v is not None), None)

    def _better_or_equal(self, value, reference):
        if value is None or reference is None:
            return None
        return value >= reference if self.indicator.higher_is_better else value <= reference

    @property
    def meets_target(self):
        """True or False against the local target, or None when either is missing."""
        return self._better_or_equal(self.latest, self.local_target)

    @property
    def at_least_comparator(self):
        """Whether the latest value is as good as similar councils', or None."""
        return self._better_or_equal(self.latest, self.comparator)
