"""Step 3: the action plan of an evaluation, its progress updates and the board's sign-off.

Actions belong to an evaluation and to one of its chosen domains. Every change is written to
the audit trail (betterlives.AuditEvent) by the services in `actionplans/services.py`.

Each field's limit, choices and messages are set here once: the forms build their fields from
them, and the services check writes with `clean_fields()`, so a write that does not come
through a form gets the same messages.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from betterlives.text_limits import TEXT_LIMIT
from domains.models import Domain, GoodLivesAction
from evaluations import document_store
from evaluations.models import Evaluation, Group, Survey, Workshop

# Messages that the forms and the services both give. The services check these rules
# themselves, as they need the evaluation, the council or the library; the status message is
# shared by two fields.
DOMAIN_NOT_CHOSEN = _("Choose one of the domains chosen to look at in depth")
GOOD_LIVES_NOT_LISTED = _("Choose Good Lives actions from the list")
LEAD_ACCOUNT_NOT_LISTED = _("Choose the lead's account from the list")
GROUPS_NOT_LISTED = _("Choose the groups from the list")
STATUS_NOT_CHOSEN = _("Choose the status of the action")
DUE_DATE_MISSING = _("Enter the due date")
UPDATE_DATE_MISSING = _("Enter the date of the update")
MEETING_DATE_MISSING = _("Enter the date of the meeting")
NEXT_UPDATE_MISSING = _("Enter when you will next update the page")


def text_messages(*, too_long, empty=None):
    """A text field's messages: nothing entered (for a required field) and too long."""
    messages = {"max_length": too_long}
    if empty is not None:
        messages["blank"] = empty
    return messages


def choice_messages(message):
    """One message for a choice not made and for a value not in the list."""
    return {"blank": message, "null": message, "invalid_choice": message}


def length_validators(limit):
    """Validators for a TextField's `max_length`, which Django checks only in forms."""
    return [MaxLengthValidator(limit)]


def validate_groups(value):
    """Every group the action was co-produced with is one of the list."""
    if not isinstance(value, list) or any(group not in Group.values for group in value):
        raise ValidationError(GROUPS_NOT_LISTED, code="not_listed")


class Status(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    OFF_TRACK = "off_track", _("Off track")
    DONE = "done", _("Done")


class Timescale(models.TextChoices):
    NOW = "now", _("Now")
    SIX_MONTHS = "six_months", _("Within 6 months")
    YEAR = "year", _("Within a year")
    LONGER = "longer", _("Longer")


class Action(models.Model):
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="actions")
    domain = models.ForeignKey(Domain, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=200, error_messages=text_messages(
        empty=_("Enter a title for the action"),
        too_long=_("The title must be 200 characters or fewer")))
    description = models.TextField(
        _("what will happen"), max_length=TEXT_LIMIT, validators=length_validators(TEXT_LIMIT),
        error_messages=text_messages(
            empty=_("Enter what will happen"),
            too_long=_("What will happen must be 5000 characters or fewer")))
    # Optional words for the Easy Read summary and the public "You said, we did" page.
    easy_read_title = models.CharField(
        _("Easy Read title"), max_length=120, blank=True, error_messages=text_messages(
            too_long=_("The Easy Read title must be 120 characters or fewer")))
    easy_read_description = models.TextField(
        _("Easy Read description"), max_length=1000, blank=True, validators=length_validators(1000),
        error_messages=text_messages(
            too_long=_("The Easy Read description must be 1000 characters or fewer")))
    good_lives_actions = models.ManyToManyField(
        GoodLivesAction, blank=True, related_name="+", verbose_name=_("Good Lives actions"))
    lead_name = models.CharField(_("lead"), max_length=200, error_messages=text_messages(
        empty=_("Enter the name of the person who leads the action"),
        too_long=_("The lead's name must be 200 characters or fewer")))
    lead_role = models.CharField(
        _("role or organisation of the lead"), max_length=200, error_messages=text_messages(
            empty=_("Enter the lead's role or organisation"),
            too_long=_("The lead's role or organisation must be 200 characters or fewer")))
    lead_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("lead's account"),
        help_text=_("A lead with an account may record progress on this action."),
    )
    partners = models.TextField(
        _("partners"), max_length=1000, blank=True, validators=length_validators(1000),
        error_messages=text_messages(too_long=_("Partners must be 1000 characters or fewer")))
    co_produced_with = models.JSONField(_("co-produced with"), default=list, blank=True,
                                        validators=[validate_groups])
    timescale = models.CharField(_("timescale"), max_length=20, choices=Timescale.choices,
                                 error_messages=choice_messages(
                                     _("Choose when the action will happen")))
    due_on = models.DateField(_("due date"))
    success_measure = models.TextField(
        _("how we will know it worked"), max_length=TEXT_LIMIT,
        validators=length_validators(TEXT_LIMIT),
        error_messages=text_messages(
            empty=_("Enter how you will know the action worked"),
            too_long=_("How you will know it worked must be 5000 characters or fewer")))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices,
                              default=Status.NOT_STARTED,
                              error_messages=choice_messages(STATUS_NOT_CHOSEN))
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["evaluation", "domain__number", "due_on", "pk"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        indexes = [models.Index(fields=["evaluation", "status"], name="action_by_status")]

    def __str__(self):
        return self.title

    def is_overdue(self, today=None):
        return self.status != Status.DONE and self.due_on < (today or timezone.localdate())

    def co_produced_labels(self):
        return [Group(code).label for code in self.co_produced_with if code in Group.values]

    @property
    def easy_title(self):
        """The Easy Read title when there is one, else the title."""
        return self.easy_read_title or self.title


class ProgressUpdate(models.Model):
    """What has happened on an action, on a date, and its status afterwards."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    happened_on = models.DateField(_("date of the update"))
    text = models.TextField(
        _("what has happened"), max_length=TEXT_LIMIT, validators=length_validators(TEXT_LIMIT),
        error_messages=text_messages(
            empty=_("Enter what has happened"),
            too_long=_("What has happened must be 5000 characters or fewer")))
    status_before = models.CharField(max_length=20, choices=Status.choices)
    status_after = models.CharField(_("status"), max_length=20, choices=Status.choices,
                                    error_messages=choice_messages(STATUS_NOT_CHOSEN))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["action", "-happened_on", "-recorded_at"]
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")

    def __str__(self):
        return f"{self.action_id} {self.happened_on}: {self.status_after}"

    @property
    def status_changed(self):
        return self.status_before != self.status_after


class SignOff(models.Model):
    """A partnership board's decision on the action plan."""

    class Decision(models.TextChoices):
        APPROVED = "approved", _("Approved")
        APPROVED_WITH_CHANGES = "approved_with_changes", _("Approved with changes")
        NOT_APPROVED = "not_approved", _("Not approved yet")

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE,
                                   related_name="sign_offs")
    meeting = models.CharField(_("meeting"), max_length=200, error_messages=text_messages(
        empty=_("Enter the name of the meeting"),
        too_long=_("The name of the meeting must be 200 characters or fewer")))
    met_on = models.DateField(_("date of the meeting"))
    decision = models.CharField(_("decision"), max_length=30, choices=Decision.choices,
                                error_messages=choice_messages(_("Choose the board's decision")))
    comments = models.TextField(
        _("comments"), max_length=TEXT_LIMIT, blank=True, validators=length_validators(TEXT_LIMIT),
        error_messages=text_messages(
            too_long=_("The comments must be 5000 characters or fewer")))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["evaluation", "-met_on", "-recorded_at"]
        verbose_name = _("board sign-off")
        verbose_name_plural = _("board sign-offs")

    def __str__(self):
        return f"{self.meeting} {self.met_on}: {self.decision}"


class PublicYouSaid(models.Model):
    """The public Easy Read "You said, we did" page of an evaluation (/s/<token>/you-said/).

    It is shown only while `published`; the facilitator sets when it will next be updated.
    It names nobody and shows no comments.
    """

    evaluation = models.OneToOneField(Evaluation, on_delete=models.CASCADE,
                                      related_name="public_you_said")
    published = models.BooleanField(_("published"), default=False)
    next_update_on = models.DateField(_("when we will next update this page"), null=True,
                                      blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("public “You said, we did” page")
        verbose_name_plural = _("public “You said, we did” pages")

    def __str__(self):
        return f"{self.evaluation_id}: {'published' if self.published else 'not published'}"


class Report(models.Model):
    """A PDF of an evaluation, made in the background in one language: a report of the whole
    evaluation (board pack, Easy Read summary, action plan), a survey's paper questionnaire
    (`survey` set) or a workshop's pack (`workshop` set). `site` is the address (scheme and
    host) the links printed in a paper questionnaire or a pack point at.

    `fingerprint` is a hash of what the report says (see reports/services.py): a report whose
    fingerprint differs from the data now is out of date, and asking again makes a new one.
    """

    class Kind(models.TextChoices):
        BOARD = "board", _("Board pack")
        EASY_READ = "easyread", _("Easy Read summary")
        ACTIONS = "actions", _("Action plan")
        PAPER = document_store.PAPER, _("Paper questionnaire")
        WORKSHOP_PACK = document_store.WORKSHOP_PACK, _("Workshop pack")

    # The kinds listed on the reports page: documents of the whole evaluation.
    EVALUATION_KINDS = ("board", "easyread", "actions")

    class State(models.TextChoices):
        QUEUED = "queued", _("Waiting to be made")
        RUNNING = "running", _("Being made")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Could not be made")

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="reports")
    kind = models.CharField(_("report"), max_length=20, choices=Kind.choices)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, null=True, blank=True,
                               related_name="+")
    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, null=True, blank=True,
                                 related_name="+")
    site = models.CharField(max_length=200, blank=True)
    # The document's HTML, written when it is asked for and emptied once the PDF is made.
    html = models.TextField(blank=True, editable=False)
    language = models.CharField(_("language"), max_length=10)
    state = models.CharField(_("state"), max_length=20, choices=State.choices,
                             default=State.QUEUED)
    fingerprint = models.CharField(max_length=64)
    # A cheap summary of the data behind the report, to say on the reports page whether it is
    # out of date without rendering it (reports/services.py: data_version).
    data_version = models.CharField(max_length=64, blank=True)
    failure = models.CharField(max_length=20, blank=True)
    pdf = models.BinaryField(null=True, editable=False)
    pages = models.PositiveIntegerField(null=True, blank=True)
    size = models.PositiveIntegerField(null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    requested_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["evaluation", "kind", "language", "-requested_at", "-pk"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        indexes = [models.Index(fields=["evaluation", "kind", "language"],
                                name="report_by_kind")]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.language}) {self.state}"

    def filename(self):
        return f"{self.get_kind_display()} {self.evaluation_id} {self.language}.pdf".replace(
            " ", "-").lower()

    def subject(self):
        """What the document is of besides the evaluation, as its builder takes it."""
        if self.kind == self.Kind.PAPER:
            return {"survey": self.survey, "site": self.site}
        if self.kind == self.Kind.WORKSHOP_PACK:
            return {"workshop": self.workshop, "site": self.site}
        return {}
