"""The Better Lives framework and the Good Lives framework, held as data.

Content is loaded from fixtures/framework/ by `manage.py load_framework`. Items that people
answer (statements, enabler questions, indicators, survey and in-depth questions) are never
edited in place once their wording changes: a new revision is added and the old one is retired,
so answers keep pointing at the wording they answered.
"""

import re

from django.db import models
from django.urls import reverse
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def with_english_names(sentence, **names):
    """A translated sentence naming publications or chapters by their published (English)
    titles: each name is marked lang="en", so that a Welsh page says which words are English.
    Returns safe HTML."""
    marked = {key: format_html('<span lang="en">{}</span>', value) if isinstance(value, str)
              else value for key, value in names.items()}
    return mark_safe(conditional_escape(sentence) % marked)  # noqa: S308 - escaped above


class Sourced(models.Model):
    """Where a piece of content comes from, and how far we checked it."""

    source_url = models.URLField(_("source"), max_length=500)
    source_checked = models.BooleanField(
        _("wording checked against the source"),
        default=False,
        help_text=_("Ticked when someone has read the source and confirmed this item."),
    )
    ours = models.BooleanField(
        _("written by this service"),
        default=True,
        help_text=_(
            "Ticked when the item is our own wording or our own question, not the framework's."
        ),
    )

    class Meta:
        abstract = True


class FrameworkVersion(models.Model):
    version = models.CharField(_("version"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=300)
    publisher = models.CharField(_("publisher"), max_length=300)
    source_url = models.URLField(_("source"), max_length=500)
    good_lives_title = models.CharField(_("Good Lives title"), max_length=300)
    good_lives_publisher = models.CharField(_("Good Lives publisher"), max_length=300)
    good_lives_source_url = models.URLField(_("Good Lives source"), max_length=500)
    notes = models.TextField(_("notes"), blank=True)
    welsh_reviewed = models.BooleanField(
        _("Welsh checked by a Welsh speaker"), default=False,
        help_text=_("Set from welsh_review in framework.yaml when a Welsh speaker has checked "
                    "the Welsh."),
    )
    loaded_at = models.DateTimeField(auto_now_add=True)
    is_current = models.BooleanField(default=False)

    class Meta:
        ordering = ["-loaded_at"]
        verbose_name = _("framework version")
        verbose_name_plural = _("framework versions")
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"],
                condition=models.Q(is_current=True),
                name="one_current_framework_version",
            )
        ]

    def __str__(self):
        return self.version


class Domain(Sourced):
    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    code = models.CharField(_("code"), max_length=10, unique=True)
    title = models.CharField(_("title"), max_length=200)
    provisional = models.BooleanField(
        _("provisional"),
        default=False,
        help_text=_("The title or content has not been confirmed against the framework."),
    )
    summary = models.TextField(_("summary"))
    easy_read_summary = models.TextField(_("Easy Read summary"))
    picture = models.CharField(_("picture"), max_length=200, help_text=_("Path under static/"))
    picture_alt = models.CharField(_("picture description"), max_length=200)

    class Meta:
        ordering = ["number"]
        verbose_name = _("domain")
        verbose_name_plural = _("domains")

    def __str__(self):
        return f"{self.number}. {self.title}"

    def get_absolute_url(self):
        return reverse("domains:detail", kwargs={"number": self.number})

    @property
    def easy_read_sentences(self):
        """Easy Read puts each sentence on a line of its own."""
        return [s.strip() for s in SENTENCE_END.split(self.easy_read_summary) if s.strip()]


class Revisioned(Sourced):
    """An answerable item. Wording changes add a revision; old revisions are kept, retired."""

    code = models.CharField(_("code"), max_length=20)
    revision = models.PositiveSmallIntegerField(_("revision"), default=1)
    is_current = models.BooleanField(_("in use"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    framework_version = models.ForeignKey(
        FrameworkVersion, on_delete=models.PROTECT, related_name="+",
        help_text=_("The version in which this wording first appeared."),
    )

    class Meta:
        abstract = True
        ordering = ["domain__number", "position", "code", "revision"]

    def __str__(self):
        return f"{self.code} r{self.revision}"


def revision_constraints(name):
    return [
        models.UniqueConstraint(fields=["code", "revision"], name=f"{name}_code_revision"),
        models.UniqueConstraint(
            fields=["code"], condition=models.Q(is_current=True), name=f"{name}_one_current"
        ),
    ]


class Statement(Revisioned):
    """A "what good looks like" statement, rated in the step 2 in-depth review."""

    class Section(models.TextChoices):
        WHAT_GOOD_LOOKS_LIKE = "what_good_looks_like", _("What good looks like")
        INTRODUCTION = "introduction", _("Introduction")

    domain = models.ForeignKey(Domain, on_delete=models.PROTECT, related_name="statements")
    text = models.TextField(_("text"))
    section = models.CharField(
        _("section of the source page"), max_length=30, choices=Section.choices, blank=True,
        help_text=_("The part of the domain page this statement paraphrases. Empty when the "
                    "statement is our own."),
    )

    class Meta(Revisioned.Meta):
        verbose_name = _("what good looks like statement")
        verbose_name_plural = _("what good looks like statements")
        constraints = revision_constraints("statement")

    @property
    def provenance(self):
        """Where the statement comes from, in plain words."""
        if self.ours or not self.section:
            return _("Written by Better Lives")
        return _("From the “%(section)s” section of the framework page") % {
            "section": self.get_section_display()}


class EnablerQuestion(Revisioned):
    """A question for the council's own check of whether the key enablers are in place."""

    domain = models.ForeignKey(Domain, on_delete=models.PROTECT, related_name="enabler_questions")
    text = models.TextField(_("text"))
    hint = models.TextField(_("hint"), blank=True)

    class Meta(Revisioned.Meta):
        verbose_name = _("enabler question")
        verbose_name_plural = _("enabler questions")
        constraints = revision_constraints("enabler")


class OutcomeIndicator(Revisioned):
    class Unit(models.TextChoices):
        PERCENT = "percent", _("Per cent")
        NUMBER = "number", _("Number")
        RATE = "rate_per_100000", _("Rate per 100,000")
        SCORE = "score", _("Score")

    domain = models.ForeignKey(
        Domain, on_delete=models.PROTECT, related_name="outcome_indicators"
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"))
    unit = models.CharField(_("unit"), max_length=20, choices=Unit.choices)
    higher_is_better = models.BooleanField(_("higher is better"), default=True)

    class Meta(Revisioned.Meta):
        verbose_name = _("outcome indicator")
        verbose_name_plural = _("outcome indicators")
        constraints = revision_constraints("indicator")


class Audience(models.TextChoices):
    LIVED_EXPERIENCE = "lived_experience", _("People with lived experience")
    FAMILY_CARERS = "family_carers", _("Family carers")
    STAFF_PARTNERS = "staff_partners", _("Staff and partners")


class Scale(models.TextChoices):
    FACES = "faces", _("Faces: good, not sure, not good")
    FOUR_POINT = "four_point", _("Yes, all the time / Mostly / Sometimes / Not yet")


SCALE_FOR_AUDIENCE = {
    Audience.LIVED_EXPERIENCE: Scale.FACES,
    Audience.FAMILY_CARERS: Scale.FOUR_POINT,
    Audience.STAFF_PARTNERS: Scale.FOUR_POINT,
}


class SurveyQuestion(Revisioned):
    domain = models.ForeignKey(Domain, on_delete=models.PROTECT, related_name="survey_questions")
    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices)
    text = models.TextField(_("question"))
    hint = models.TextField(_("hint"), blank=True)
    picture = models.CharField(
        _("picture"), max_length=200, blank=True,
        help_text=_("Path under static/ of a picture that shows this question's idea."),
    )
    picture_alt = models.CharField(
        _("picture description"), max_length=200, blank=True,
        help_text=_("What the picture shows, for people who cannot see it."),
    )

    class Meta(Revisioned.Meta):
        ordering = ["audience", "domain__number", "position", "code", "revision"]
        verbose_name = _("survey question")
        verbose_name_plural = _("survey questions")
        constraints = revision_constraints("survey_question")

    @property
    def scale(self):
        return SCALE_FOR_AUDIENCE[self.audience]


class InDepthQuestion(Revisioned):
    domain = models.ForeignKey(
        Domain, on_delete=models.PROTECT, related_name="in_depth_questions"
    )
    text = models.TextField(_("question"))

    class Meta(Revisioned.Meta):
        verbose_name = _("in-depth question")
        verbose_name_plural = _("in-depth questions")
        constraints = revision_constraints("in_depth_question")


class Resource(Sourced):
    class Kind(models.TextChoices):
        GUIDANCE = "guidance", _("Guidance")
        EXAMPLE = "example", _("Example")
        DATA = "data", _("Data")
        TOOL = "tool", _("Tool")

    domain = models.ForeignKey(Domain, on_delete=models.PROTECT, related_name="resources")
    code = models.CharField(_("code"), max_length=20, unique=True)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"))
    url = models.URLField(_("link"), max_length=500)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    position = models.PositiveSmallIntegerField(default=0)
    is_current = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["domain__number", "position", "code"]
        verbose_name = _("resource")
        verbose_name_plural = _("resources")

    def __str__(self):
        return self.title


class GoodLivesAudience(models.Model):
    """Who a Good Lives action is for."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        verbose_name = _("Good Lives audience")
        verbose_name_plural = _("Good Lives audiences")

    def __str__(self):
        return self.name


class Chaptered(models.Model):
    """A chapter of the Good Lives framework. Chapter titles stay in English, like the titles
    of publications."""

    chapter = models.PositiveSmallIntegerField(
        _("Good Lives chapter"), null=True, blank=True,
        help_text=_("The number of the Good Lives chapter, when it comes from one."),
    )
    chapter_title = models.CharField(
        _("chapter title"), max_length=200, blank=True,
        help_text=_("The chapter's title as published, when it has been confirmed."),
    )

    class Meta:
        abstract = True

    def chapter_words(self):
        if self.chapter_title:
            return with_english_names(_("From Good Lives, chapter %(chapter)s: %(title)s"),
                                      chapter=self.chapter, title=self.chapter_title)
        return _("From Good Lives, chapter %(chapter)s") % {"chapter": self.chapter}


class GoodLivesTheme(Chaptered, Sourced):
    """A group of ideas. Either a chapter of Good Lives (`chapter` set, `ours` false) or our own
    grouping under our own title (`ours` true)."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"))
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        verbose_name = _("Good Lives theme")
        verbose_name_plural = _("Good Lives themes")

    def __str__(self):
        return self.title

    @property
    def provenance(self):
        """Whether the theme is a Good Lives chapter or our own grouping, in plain words."""
        if self.ours or not self.chapter:
            return _("Our grouping, not a Good Lives chapter")
        return self.chapter_words()


class GoodLivesAction(Chaptered, Sourced):
    """An idea for action linked to Good Lives, with what kind of source it comes from."""

    class Kind(models.TextChoices):
        FRAMEWORK = "framework", _("From the Good Lives framework")
        PUBLICATION = "publication", _("From another Learning Disability England publication")
        LOCAL_EXAMPLE = "local_example", _("An example of local practice")
        OURS = "ours", _("Written by Better Lives")

    code = models.CharField(_("code"), max_length=20, unique=True)
    theme = models.ForeignKey(GoodLivesTheme, on_delete=models.PROTECT, related_name="actions")
    text = models.TextField(_("idea for change"))
    kind = models.CharField(
        _("kind of source"), max_length=20, choices=Kind.choices, default=Kind.OURS,
        help_text=_("Where the idea comes from. Only ideas from a chapter of the framework are "
                    "the framework's own."),
    )
    publication = models.CharField(
        _("publication"), max_length=300, blank=True,
        help_text=_("For another Learning Disability England publication: its title, as "
                    "published."),
    )
    published_in = models.PositiveSmallIntegerField(
        _("year published"), null=True, blank=True,
        help_text=_("The year the publication came out, when the page shows it."),
    )
    place = models.CharField(
        _("place"), max_length=200, blank=True,
        help_text=_("For an example of local practice: where it happens."),
    )
    audiences = models.ManyToManyField(
        GoodLivesAudience, related_name="actions", verbose_name=_("who it is for")
    )
    position = models.PositiveSmallIntegerField(default=0)
    is_current = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["theme__position", "position"]
        verbose_name = _("Good Lives action")
        verbose_name_plural = _("Good Lives actions")

    def __str__(self):
        return f"{self.code}: {self.text[:60]}"

    def save(self, *args, **kwargs):
        # `ours` follows from the kind, whoever saves the idea.
        self.ours = self.kind == self.Kind.OURS
        super().save(*args, **kwargs)

    @property
    def provenance(self):
        """Where the idea comes from, in plain words: the framework's chapter, another
        publication and its year, the place of a local example, or our own writing."""
        if self.kind == self.Kind.FRAMEWORK:
            return self.chapter_words()
        if self.kind == self.Kind.PUBLICATION:
            if self.published_in and str(self.published_in) not in self.publication:
                return with_english_names(
                    _("From Learning Disability England’s “%(publication)s” (%(year)s)"),
                    publication=self.publication, year=self.published_in)
            return with_english_names(_("From Learning Disability England’s “%(publication)s”"),
                                      publication=self.publication)
        if self.kind == self.Kind.LOCAL_EXAMPLE:
            return _("An example from %(place)s") % {"place": self.place}
        return _("Written by Better Lives")


class CrossReference(models.Model):
    """A Good Lives action that relates to a Better Lives domain, and why."""

    domain = models.ForeignKey(Domain, on_delete=models.PROTECT, related_name="cross_references")
    action = models.ForeignKey(
        GoodLivesAction, on_delete=models.PROTECT, related_name="cross_references"
    )
    reason = models.CharField(_("reason"), max_length=300)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["domain__number", "position"]
        verbose_name = _("cross-reference")
        verbose_name_plural = _("cross-references")
        constraints = [
            models.UniqueConstraint(fields=["domain", "action"], name="one_link_per_pair"),
        ]

    def __str__(self):
        return f"{self.domain.code} ↔ {self.action.code}"


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


class LoadedContent(models.Model):
    """What load_framework last wrote for one item ("<model>:<key>"), so that the next load
    can tell an administrator's change since then (left alone, and listed) from content
    nobody touched (upgraded from the files)."""

    item = models.CharField(max_length=200, unique=True)
    values = models.JSONField(default=dict)

    def __str__(self):
        return self.item
