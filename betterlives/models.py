"""Councils and the people who work in them."""

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.dispatch import receiver
from django.urls import reverse
from django.utils.crypto import salted_hmac
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
    # Which language comes first where both are offered: the respondent's language choice,
    # the language switcher on the council's pages, and bilingual posters. Left as None, it
    # is set when the council is created: on for councils in Wales, off for England (save).
    cymraeg_first = models.BooleanField(
        _("show Cymraeg first"), default=None,
        help_text=_("Cymraeg is listed before English on the survey's language choice, the "
                    "language switcher and bilingual posters."),
    )
    bilingual_posters = models.BooleanField(
        _("posters in Cymraeg and English"), default=False,
        help_text=_("Councils in Wales always have posters in Cymraeg and English. Turn this "
                    "on for a council in England to have them too."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("council")
        verbose_name_plural = _("councils")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.set_cymraeg_first_by_nation()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("council_home", kwargs={"council_slug": self.slug})

    def set_cymraeg_first_by_nation(self):
        """A new council shows Cymraeg first when it is in Wales, unless told otherwise."""
        if self.cymraeg_first is None:
            self.cymraeg_first = self.nation == self.Nation.WALES

    def clean_fields(self, exclude=None):
        self.set_cymraeg_first_by_nation()
        super().clean_fields(exclude=exclude)

    @property
    def has_bilingual_posters(self):
        return self.nation == self.Nation.WALES or self.bilingual_posters

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
    # The service's own words for what happened, with the names put into them, so that the
    # history reads in each reader's language (see shown_action). `action` holds them in
    # English. Empty for events recorded before this was kept.
    action_words = models.CharField(max_length=200, blank=True, editable=False)
    action_names = models.JSONField(default=dict, blank=True, editable=False)
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

    @property
    def shown_action(self):
        """What happened, in the reader's language."""
        from django.utils.translation import gettext

        if self.action_words:
            return gettext(self.action_words) % self.action_names
        return gettext(self.action)


class StaffProfile(models.Model):
    """What a person who works on the service chose for themselves: the language the
    service speaks to them in, on every device they sign in on (betterlives.middleware).
    Also how many times their other sessions were signed out (session_auth_hash)."""

    class Language(models.TextChoices):
        # Each language is named in itself, as on the language switcher.
        ENGLISH = "en", "English"
        WELSH = "cy", "Cymraeg"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_profile"
    )
    language = models.CharField(_("language"), max_length=10, choices=Language.choices,
                                blank=True)
    session_version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("staff profile")
        verbose_name_plural = _("staff profiles")

    def __str__(self):
        return str(self.user)


# Django's own salt, so that sessions of people whose version is still 0 stay signed in.
SESSION_HASH_SALT = "django.contrib.auth.models.AbstractBaseUser.get_session_auth_hash"


def session_version(user):
    """How many times `user`'s sessions were signed out. Read with the user on each request
    (betterlives.auth_backend), so checking the session costs no query of its own."""
    try:
        return user.staff_profile.session_version
    except StaffProfile.DoesNotExist:
        return 0


def session_auth_hash(user, secret=None):
    """What Django keeps in each session to check it still belongs to `user`: an HMAC of
    their password hash, and of their session_version once it has gone up. Raising the
    version (betterlives.two_factor.services.sessions_sign_out) signs out every session of
    theirs that does not get the new hash. Set on Django's User in BetterLivesConfig.ready."""
    version = session_version(user)
    value = f"{user.password}:{version}" if version else user.password
    return salted_hmac(SESSION_HASH_SALT, value, secret=secret, algorithm="sha256").hexdigest()


def session_auth_fallback_hashes(user):
    return (session_auth_hash(user, secret) for secret in settings.SECRET_KEY_FALLBACKS)


@receiver(user_logged_in, dispatch_uid="betterlives.staff_language_at_sign_in")
def staff_language_at_sign_in(sender, request, user, **kwargs):
    """Each time a person signs in, on any device, the service takes up their own language
    (betterlives.languages)."""
    from .languages import read_at_sign_in

    read_at_sign_in(request, user)


class FormSubmission(models.Model):
    """A create form that was saved, by the submission key its blank form carried.

    A second post of the same form (a double click, Back and Save again, a resubmitted page,
    or many at once) finds its key here and goes where the first went, storing nothing
    (betterlives.store_once). Keys are forgotten after a week.
    """

    key = models.UUIDField(unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.CASCADE,
                             related_name="+")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    # Where the first post went, and the messages it showed there.
    redirect_to = models.CharField(max_length=1000, blank=True)
    messages = models.JSONField(default=list, blank=True)
    # A hash of the page and the words saved: the same words saved again on a form fetched
    # afresh (Back, on a browser that did not keep the page) are not saved twice either.
    fingerprint = models.CharField(max_length=64, blank=True, db_index=True)

    def __str__(self):
        return str(self.key)
