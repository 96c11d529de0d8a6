"""The Good Lives framework held as data: who its actions are for, its themes (its chapters, or
our own groupings), its ideas for action and where each one comes from, and the
cross-references that link an action to a Better Lives domain."""

from django.db import models
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from .framework import Domain
from .sources import Sourced


def with_english_names(sentence, **names):
    """A translated sentence naming publications or chapters by their published (English)
    titles: each name is marked lang="en", so that a Welsh page says which words are English.
    Returns safe HTML."""
    marked = {key: format_html('<span lang="en">{}</span>', value) if isinstance(value, str)
              else value for key, value in names.items()}
    return mark_safe(conditional_escape(sentence) % marked)  # noqa: S308 - escaped above


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
