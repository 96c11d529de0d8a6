"""A council's own pictures and voice recordings for the framework's survey questions and the
respondent pages, stored in the database so that every app server can serve them."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .framework import Audience, SurveyQuestion


class CouncilQuestionPicture(models.Model):
    """A council's own licensed picture for a framework question, used on its survey pages
    instead of the framework's picture. PNG or JPEG only, stored in the database (checked and
    re-saved without its metadata by domains.pictures), so every app server can show it."""

    council = models.ForeignKey(
        "betterlives.Council", on_delete=models.CASCADE, related_name="question_pictures",
        verbose_name=_("council"),
    )
    question = models.ForeignKey(
        SurveyQuestion, on_delete=models.CASCADE, related_name="council_pictures",
        verbose_name=_("question"),
        limit_choices_to={"audience": Audience.LIVED_EXPERIENCE, "is_current": True},
        help_text=_("The picture is used for every revision of this question."),
    )
    image = models.BinaryField(_("picture"), editable=False)
    content_type = models.CharField(max_length=20, editable=False)
    alt_text = models.CharField(
        _("picture description"), max_length=200,
        help_text=_("Say what the picture shows, in a few words. Screen readers read it out."),
    )
    licence = models.CharField(
        _("licence or permission"), max_length=200, blank=True,
        help_text=_("Where the picture comes from and what lets the council use it."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["council__name", "question__code"]
        verbose_name = _("council picture for a question")
        verbose_name_plural = _("council pictures for questions")
        constraints = [
            models.UniqueConstraint(
                fields=["council", "question"], name="one_picture_per_question"
            ),
        ]

    def __str__(self):
        return f"{self.council}: {self.question.code}"

    def get_absolute_url(self):
        return reverse("domains:council_picture", kwargs={"pk": self.pk})


class CouncilRecording(models.Model):
    """A person's voice reading a survey question or a respondent page, recorded by the
    council (as Easy Read groups do). Stored in the database, like CouncilQuestionPicture;
    domains.recordings checks the file by its content and finds it for a page."""

    class Page(models.TextChoices):
        WELCOME = "welcome", _("Welcome page")
        START = "start", _("Choose your language page")
        CODE = "code", _("Enter your code page")
        HELPED = "helped", _("Did someone help you page")
        CHECK = "check", _("Check your answers page")
        SENT = "sent", _("Answers sent page")
        STOP = "stop", _("Stop for now page")

    council = models.ForeignKey(
        "betterlives.Council", on_delete=models.CASCADE, related_name="recordings",
        verbose_name=_("council"),
    )
    question = models.ForeignKey(
        SurveyQuestion, on_delete=models.CASCADE, null=True, blank=True,
        related_name="council_recordings", verbose_name=_("question"),
        limit_choices_to={"is_current": True},
        help_text=_("Choose a question or a page, not both. The recording is used for every "
                    "revision of this question."),
    )
    page = models.CharField(_("page"), max_length=10, choices=Page.choices, blank=True)
    language = models.CharField(
        _("language"), max_length=5, choices=[("en", _("English")), ("cy", _("Cymraeg"))],
        help_text=_("The language the person speaks in. It plays on pages in that language."),
    )
    audio = models.BinaryField(_("recording"), editable=False)
    content_type = models.CharField(max_length=20, editable=False)
    transcript = models.TextField(
        _("transcript or note"), blank=True,
        help_text=_("What the recording says, or who recorded it. Optional."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["council__name", "page", "question__code", "language"]
        verbose_name = _("council recording")
        verbose_name_plural = _("council recordings")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(question__isnull=False, page="")
                           | (models.Q(question__isnull=True) & ~models.Q(page=""))),
                name="recording_question_or_page",
            ),
            models.UniqueConstraint(
                fields=["council", "question", "language"],
                condition=models.Q(question__isnull=False),
                name="one_recording_per_question_language",
            ),
            models.UniqueConstraint(
                fields=["council", "page", "language"], condition=~models.Q(page=""),
                name="one_recording_per_page_language",
            ),
        ]

    def __str__(self):
        what = self.question.code if self.question_id else self.get_page_display()
        return f"{self.council}: {what} ({self.language})"

    def get_absolute_url(self):
        return reverse("council_recording", kwargs={"pk": self.pk})

    def clean(self):
        from django.core.exceptions import ValidationError

        super().clean()
        if bool(self.question_id) == bool(self.page):
            raise ValidationError(_("Choose either a question or a page for this recording."))
