"""Recording workshops and the group's rating of each domain."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from domains.models import Scale

from ..models import SCALE_CHOICES, Evaluation, Workshop, WorkshopRating

ATTENDANCE_FIELDS = (
    "attended_lived_experience", "attended_family_carers", "attended_staff", "attended_partners",
)
WORKSHOP_FIELDS = ("title", "held_on", "place", "notes", *ATTENDANCE_FIELDS, "rating_scale")


def mark_started(evaluation_id):
    """Recording anything for step 1 means the evaluation is under way."""
    Evaluation.objects.filter(
        pk=evaluation_id, status=Evaluation.Status.SETTING_UP
    ).update(status=Evaluation.Status.IN_PROGRESS)


def _check_scale(rating_scale):
    if rating_scale not in Scale.values:
        raise ValidationError({"rating_scale": _("Select the scale the group used")})


@transaction.atomic
def workshop_create(*, evaluation, title, held_on, place="", notes="",
                    attended_lived_experience=0, attended_family_carers=0, attended_staff=0,
                    attended_partners=0, rating_scale=Scale.FOUR_POINT):
    _check_scale(rating_scale)
    workshop = Workshop.objects.create(
        evaluation=evaluation, title=title, held_on=held_on, place=place, notes=notes,
        attended_lived_experience=attended_lived_experience or 0,
        attended_family_carers=attended_family_carers or 0,
        attended_staff=attended_staff or 0,
        attended_partners=attended_partners or 0,
        rating_scale=rating_scale,
    )
    mark_started(evaluation.pk)
    return workshop


@transaction.atomic
def workshop_update(*, workshop, **fields):
    """Change the details. The scale can change only while no domain has been rated on it."""
    unknown = set(fields) - set(WORKSHOP_FIELDS)
    if unknown:
        raise TypeError(f"workshop_update() got unexpected fields: {sorted(unknown)}")
    scale = fields.get("rating_scale", workshop.rating_scale)
    _check_scale(scale)
    if scale != workshop.rating_scale:
        rated = workshop.ratings.exclude(choice="").count()
        if rated:
            raise ValidationError({"rating_scale": ngettext(
                "The group has already rated %(count)d domain on this scale, so the "
                "scale cannot be changed",
                "The group has already rated %(count)d domains on this scale, so the "
                "scale cannot be changed",
                rated,
            ) % {"count": rated}})
    for name, value in fields.items():
        if name in ATTENDANCE_FIELDS:
            value = value or 0
        setattr(workshop, name, value)
    workshop.save(update_fields=list(fields) or None)
    return workshop


@transaction.atomic
def workshop_rating_save(*, workshop, domain, choice, strengths="", improvements="",
                         evidence=""):
    """The group's rating of one domain: one per workshop and domain, replaced on resave."""
    if choice not in SCALE_CHOICES[workshop.rating_scale]:
        raise ValidationError({"choice": _("Select how the group rated %(domain)s")
                               % {"domain": domain.title}})
    rating, _created = WorkshopRating.objects.update_or_create(
        workshop=workshop, domain=domain,
        defaults={"choice": choice, "strengths": strengths, "improvements": improvements,
                  "evidence": evidence},
    )
    mark_started(workshop.evaluation_id)
    return rating
