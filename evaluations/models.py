"""Evaluations: one council's run of the Better Lives self-evaluation."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from betterlives.models import Council
from domains.models import FrameworkVersion


class Evaluation(models.Model):
    class Status(models.TextChoices):
        SETTING_UP = "setting_up", _("Setting up")
        IN_PROGRESS = "in_progress", _("In progress")
        COMPLETED = "completed", _("Completed")
        ARCHIVED = "archived", _("Archived")

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="evaluations")
    framework_version = models.ForeignKey(
        FrameworkVersion, on_delete=models.PROTECT, related_name="evaluations"
    )
    title = models.CharField(_("title"), max_length=200)
    period_start = models.DateField(_("start date"))
    period_end = models.DateField(_("end date"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SETTING_UP
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-period_start", "title"]
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")

    def __str__(self):
        return self.title
