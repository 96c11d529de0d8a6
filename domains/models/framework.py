"""The Better Lives framework held as data: its domains, the items people answer about each
domain (what good looks like statements, enabler questions, outcome indicators, survey and
in-depth questions) and the resources for each domain. Content is loaded from
fixtures/framework/ by `manage.py load_framework`. Items that people answer are never edited in
place once their wording changes: a new revision is added and the old one is retired, so answers
keep pointing at the wording they answered."""

import re

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .sources import FrameworkVersion, Sourced

SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


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
