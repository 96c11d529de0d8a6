"""Where the framework's content comes from: the published framework version it was loaded
from, the fields every sourced item shares (its source and how far we checked it), and what
`load_framework` last wrote for each item."""

from django.db import models
from django.utils.translation import gettext_lazy as _


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


class LoadedContent(models.Model):
    """What load_framework last wrote for one item ("<model>:<key>"), so that the next load
    can tell an administrator's change since then (left alone, and listed) from content
    nobody touched (upgraded from the files)."""

    item = models.CharField(max_length=200, unique=True)
    values = models.JSONField(default=dict)

    def __str__(self):
        return self.item
