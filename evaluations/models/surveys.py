"""Evaluations, their surveys, and the anonymous responses people give.

Nothing that identifies a person is stored with a response: no account, no IP address, no
browser details. A response is found again only through its resume code (which the person
keeps) or the submission key held in their session and forms.
"""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from betterlives.models import Council
from domains.models import (
    SCALE_FOR_AUDIENCE,
    Audience,
    Domain,
    FrameworkVersion,
    Scale,
    SurveyQuestion,
)

# Codes people type: no look-alike characters (no 0/O, 1/I/L, 2/Z, 5/S, 8/B).
CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
SHORT_CODE_LENGTH = 6
RESUME_CODE_LENGTH = 8


def random_code(length):
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def normalise_code(text):
    """What a person typed, as stored: capitals, no spaces or hyphens."""
    return "".join(ch for ch in (text or "").upper() if ch.isalnum())


def spaced_code(code):
    """ACD347 -> "ACD 347": easier to read aloud and to copy."""
    return " ".join(code[i:i + 3] for i in range(0, len(code), 3))


def new_token():
    return secrets.token_urlsafe(18)


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

    def get_absolute_url(self):
        return reverse(
            "evaluations:detail", kwargs={"council_slug": self.council.slug, "pk": self.pk}
        )


class Survey(models.Model):
    """One audience's survey in one evaluation."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="surveys")
    audience = models.CharField(_("who it is for"), max_length=20, choices=Audience.choices)
    token = models.CharField(max_length=40, unique=True, default=new_token, editable=False)
    short_code = models.CharField(max_length=8, unique=True, editable=False)
    opens_on = models.DateField(_("opens on"), null=True, blank=True)
    closes_on = models.DateField(_("closes on"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed by the facilitator at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Goes up whenever what the survey's pages show changes (its questions, their pictures
    # and recordings): each app server keeps those, read once, under this number
    # (evaluations.survey_content).
    content_version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["evaluation", "audience"]
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "audience"], name="one_survey_each"),
        ]

    def __str__(self):
        return f"{self.evaluation} – {self.get_audience_display()}"

    @property
    def scale(self):
        return SCALE_FOR_AUDIENCE[self.audience]

    @property
    def is_easy_read(self):
        return self.audience == Audience.LIVED_EXPERIENCE

    def is_open(self, today=None):
        today = today or timezone.localdate()
        if self.closed_at is not None:
            return False
        if self.opens_on and today < self.opens_on:
            return False
        return not (self.closes_on and today > self.closes_on)

    def get_public_url(self):
        return reverse("surveys:start", kwargs={"token": self.token})

    def get_manage_url(self):
        return reverse(
            "evaluations:survey",
            kwargs={"council_slug": self.evaluation.council.slug, "pk": self.evaluation_id,
                    "audience": self.audience},
        )


class SurveyItem(models.Model):
    """A question as it appears in one survey: the framework's, or the council's own."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="items")
    domain = models.ForeignKey(Domain, on_delete=models.PROTECT, related_name="+")
    question = models.ForeignKey(
        SurveyQuestion, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        help_text=_("The framework question, at the revision this survey asks."),
    )
    own_text = models.CharField(_("your question"), max_length=300, blank=True)
    enabled = models.BooleanField(_("asked"), default=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["survey", "domain__number", "position", "pk"]
        verbose_name = _("survey question")
        verbose_name_plural = _("survey questions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(question__isnull=False) | ~models.Q(own_text=""),
                name="item_has_text",
            )
        ]

    def __str__(self):
        return self.text

    @property
    def is_own(self):
        return self.question_id is None

    @property
    def text(self):
        return self.own_text if self.is_own else self.question.text

    @property
    def hint(self):
        return "" if self.is_own else self.question.hint

    @property
    def text_language(self):
        """The language `text` is shown in: the page's, or English where a council in England
        gave its own question no Welsh (the page marks it lang="en")."""
        language = translation.get_language() or settings.LANGUAGE_CODE
        if self.is_own and not getattr(self, f"own_text_{language}", None):
            return settings.LANGUAGE_CODE
        return language


class Choice(models.TextChoices):
    """Every answer value on either scale."""

    GOOD = "good", _("Good")
    NOT_SURE = "not_sure", _("Not sure")
    NOT_GOOD = "not_good", _("Not good")
    NO_SAY = "no_say", _("I don't want to say")
    ALL_THE_TIME = "all_the_time", _("Yes, all the time")
    MOSTLY = "mostly", _("Mostly")
    SOMETIMES = "sometimes", _("Sometimes")
    NOT_YET = "not_yet", _("Not yet")
    DONT_KNOW = "dont_know", _("Don't know")


SCALE_CHOICES = {
    Scale.FACES: [Choice.GOOD, Choice.NOT_SURE, Choice.NOT_GOOD, Choice.NO_SAY],
    Scale.FOUR_POINT: [Choice.ALL_THE_TIME, Choice.MOSTLY, Choice.SOMETIMES, Choice.NOT_YET,
                       Choice.DONT_KNOW],
}
# 0–100 per answer (DESIGN §5); None = answered but not scored.
# The answers on the faces scale, in order (live votes count these).
FACE_CHOICES = tuple(SCALE_CHOICES[Scale.FACES])
FOUR_POINT_CHOICES = tuple(SCALE_CHOICES[Scale.FOUR_POINT])

SCORES = {
    Choice.GOOD: 100, Choice.NOT_SURE: 50, Choice.NOT_GOOD: 0, Choice.NO_SAY: None,
    Choice.ALL_THE_TIME: 100, Choice.MOSTLY: 67, Choice.SOMETIMES: 33, Choice.NOT_YET: 0,
    Choice.DONT_KNOW: None,
}


class CountedResponses(models.Manager):
    """Every response but the tests made in a survey's "try it" mode (Response.practice).

    The default manager, and so what `survey.responses` and every count, result, export and
    report reads: a test can be left out of none of them by mistake. The respondent's own
    pages use `Response.with_practice`."""

    def get_queryset(self):
        return super().get_queryset().filter(practice=False)


class Response(models.Model):
    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", _("In progress")
        SUBMITTED = "submitted", _("Sent")

    class Channel(models.TextChoices):
        ONLINE = "online", _("Online")
        PAPER = "paper", _("Paper")

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    submission_key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    resume_code = models.CharField(max_length=RESUME_CODE_LENGTH, unique=True, editable=False)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.IN_PROGRESS)
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.ONLINE)
    language = models.CharField(max_length=8, default="en")
    helped = models.BooleanField(_("someone helped"), null=True, blank=True)
    started_at = models.DateTimeField(default=timezone.now)
    last_saved_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    # Made in the survey's "try it" mode by someone trying the survey: counted nowhere.
    practice = models.BooleanField(_("test response"), default=False, editable=False)

    with_practice = models.Manager()  # tests included: the respondent's pages, deleting
    objects = CountedResponses()

    class Meta:
        ordering = ["started_at"]
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        indexes = [models.Index(fields=["survey", "status"])]
        default_manager_name = "objects"
        # Related objects, cascades and refresh_from_db see tests too.
        base_manager_name = "with_practice"

    def __str__(self):
        return f"{self.survey} – {self.get_status_display()}"

    @property
    def is_submitted(self):
        return self.status == self.Status.SUBMITTED

    @property
    def resume_code_display(self):
        code = self.resume_code
        return f"{code[:4]}-{code[4:]}"


class CommentTag(models.TextChoices):
    WORKING = "working", _("Working")
    NOT_WORKING = "not_working", _("Not working")
    IDEA = "idea", _("An idea")


class CountedAnswers(models.Manager):
    """Every answer but those of test responses (see CountedResponses)."""

    def get_queryset(self):
        return super().get_queryset().filter(response__practice=False)


def protect_real_answers(collector, field, sub_objs, using):
    """on_delete for an answer's question: real answers keep their question (PROTECT); the
    answers of test responses go with it."""
    real = sub_objs.filter(response__practice=False)
    if real.exists():
        models.PROTECT(collector, field, real, using)
    models.CASCADE(collector, field, sub_objs, using)


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(SurveyItem, on_delete=protect_real_answers, related_name="answers")
    choice = models.CharField(max_length=20, choices=Choice.choices, blank=True)
    comment = models.TextField(_("tell us more"), max_length=1000, blank=True)
    saved_at = models.DateTimeField(default=timezone.now)
    # Set by the facilitator when reading comments. A hidden comment could identify someone
    # and is shown nowhere.
    comment_tag = models.CharField(
        _("theme"), max_length=20, choices=CommentTag.choices, blank=True
    )
    comment_hidden = models.BooleanField(_("hidden"), default=False)

    with_practice = models.Manager()
    objects = CountedAnswers()

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        default_manager_name = "objects"
        base_manager_name = "with_practice"
        constraints = [
            models.UniqueConstraint(fields=["response", "item"], name="one_answer_per_item"),
        ]

    def __str__(self):
        return f"{self.item_id}: {self.choice or '-'}"
