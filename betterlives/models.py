"""Councils and the people who work in them."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Council(models.Model):
    class Nation(models.TextChoices):
        ENGLAND = "england", _("England")
        WALES = "wales", _("Wales")

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("short name for web addresses"), max_length=80, unique=True)
    nation = models.CharField(_("nation"), max_length=10, choices=Nation.choices)
    logo = models.ImageField(_("logo"), upload_to="council-logos/", blank=True)
    small_number_threshold = models.PositiveSmallIntegerField(
        _("small-number threshold"),
        default=5,
        validators=[MinValueValidator(2), MaxValueValidator(50)],
        help_text=_(
            "Results based on fewer answers than this are hidden everywhere, "
            "so that nobody can be identified."
        ),
    )
    free_text_retention_months = models.PositiveSmallIntegerField(
        _("keep typed comments for (months)"),
        default=24,
        validators=[MinValueValidator(6), MaxValueValidator(120)],
        help_text=_(
            "Comments people type in the “tell us more” boxes of surveys are deleted this "
            "many months after they answered. Their answers to the questions are kept. "
            "Choose a number from 6 to 120."
        ),
    )
    # How people reach the council about its evaluation: shown on the survey's welcome page,
    # its poster, the Easy Read summary and the public "You said, we did" page.
    contact_team = models.CharField(_("team to contact"), max_length=200, blank=True,
                                    help_text=_("For example, Learning Disability Team"))
    contact_phone = models.CharField(_("phone number"), max_length=40, blank=True)
    contact_email = models.EmailField(_("email address"), max_length=200, blank=True)
    contact_address = models.TextField(_("postal address"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("council")
        verbose_name_plural = _("councils")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("council_home", kwargs={"council_slug": self.slug})

    @property
    def has_contact_details(self):
        return any((self.contact_team, self.contact_phone, self.contact_email,
                    self.contact_address))

    def contact_address_lines(self):
        return [line.strip() for line in self.contact_address.splitlines() if line.strip()]


class Role(models.TextChoices):
    FACILITATOR = "facilitator", _("Facilitator")
    CONTRIBUTOR = "contributor", _("Contributor")
    BOARD_VIEWER = "board_viewer", _("Board viewer")


class Membership(models.Model):
    """A person's role in one council. A person can belong to several councils."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["council__name"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "council"], name="one_role_per_council"),
        ]

    def __str__(self):
        return f"{self.user} – {self.council} ({self.get_role_display()})"


class AuditEvent(models.Model):
    """Who changed what, and when, in a council's evaluations. Written by the services that
    make the change; shown to the council. Never holds respondents' answers."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="audit_events")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    action = models.CharField(_("what happened"), max_length=200)
    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=40)
    changes = models.JSONField(_("what changed"), default=dict, blank=True)
    # What the object belongs to, such as "evaluations.evaluation:12", so that the history of
    # an evaluation still finds the events of objects that have since been removed.
    scope = models.CharField(max_length=80, blank=True, db_index=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [models.Index(fields=["council", "object_type", "object_id"])]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}"
