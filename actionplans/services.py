"""Step 3: write the action plan, its progress updates and the board's sign-off.

Every service checks its input and raises ValidationError with messages keyed by field (so a
form shows each one beside its field): each field's length and choices with the model's own
checks (`clean_fields()`, whose limits and messages the forms use too), and here the rules
that need the evaluation, the council or the database. It writes the audit trail in the same
transaction: changes to an action against the action, its removal against the evaluation (so
the record outlives it), sign-offs against the sign-off.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from betterlives.audit import audit_record, changed_fields
from betterlives.models import Membership
from evaluations.models import ChosenDomain

from .models import (
    DOMAIN_NOT_CHOSEN,
    DUE_DATE_MISSING,
    GOOD_LIVES_NOT_LISTED,
    LEAD_ACCOUNT_NOT_LISTED,
    MEETING_DATE_MISSING,
    NEXT_UPDATE_MISSING,
    UPDATE_DATE_MISSING,
    Action,
    Group,
    ProgressUpdate,
    PublicYouSaid,
    SignOff,
    Status,
    Timescale,
)

EASY_READ_FIELDS = ("easy_read_title", "easy_read_description")
ACTION_TEXT_FIELDS = ("title", "description", "lead_name", "lead_role", "partners",
                      "success_measure", *EASY_READ_FIELDS)

# Field names as people read them in the audit trail.
AUDIT_NAMES = {
    "domain": gettext_noop("domain"),
    "title": gettext_noop("title"),
    "description": gettext_noop("what will happen"),
    "good_lives_actions": gettext_noop("Good Lives actions"),
    "lead_name": gettext_noop("lead"),
    "lead_role": gettext_noop("role or organisation of the lead"),
    "lead_user": gettext_noop("lead's account"),
    "partners": gettext_noop("partners"),
    "co_produced_with": gettext_noop("co-produced with"),
    "timescale": gettext_noop("timescale"),
    "due_on": gettext_noop("due date"),
    "success_measure": gettext_noop("how we will know it worked"),
    "status": gettext_noop("status"),
    "easy_read_title": gettext_noop("Easy Read title"),
    "easy_read_description": gettext_noop("Easy Read description"),
}


def _is_date(value):
    """A calendar date (a datetime is refused: it cannot be compared with a date)."""
    return isinstance(value, datetime.date) and not isinstance(value, datetime.datetime)


def _long_date(value):
    return formats.date_format(value, "j F Y")


def _stripped(value):
    return (value or "").strip()


def _field_errors(instance, *, exclude):
    """The model's own checks of `instance` (required, length, choices), as {field: [message]}.
    `exclude`: the fields the service checks itself."""
    try:
        instance.clean_fields(exclude=exclude)
    except ValidationError as error:
        return error.message_dict
    return {}


def _date_error(value, *, missing, earliest=None, too_early=None, latest=None, too_late=None):
    """What is wrong with a date given to a service, or None."""
    if not _is_date(value):
        return missing
    if latest is not None and value > latest:
        return too_late
    if earliest is not None and value < earliest:
        return too_early % {"date": _long_date(earliest)}
    return None


def _action_fill(action, data, linked=()):
    """Put `data` on `action` (not saved) and check it. Returns the Good Lives actions to link.

    `linked`: Good Lives actions the action links to already, which stay allowed after the
    framework retires them."""
    evaluation = action.evaluation
    for field in ACTION_TEXT_FIELDS:
        setattr(action, field, _stripped(data.get(field)))
    groups = list(data.get("co_produced_with") or [])
    action.co_produced_with = groups
    action.timescale = data.get("timescale")
    action.status = data.get("status", Status.NOT_STARTED)
    errors = _field_errors(action, exclude=["evaluation", "domain", "lead_user", "due_on"])
    action.co_produced_with = [g for g in Group.values if g in groups]  # in the list's order

    domain = data.get("domain")
    if domain is None or not ChosenDomain.objects.filter(
            evaluation=evaluation, domain=domain).exists():
        errors["domain"] = [DOMAIN_NOT_CHOSEN]
    else:
        action.domain = domain

    good_lives = list(data.get("good_lives_actions") or [])
    kept = {item.pk for item in linked}
    if any(not getattr(item, "is_current", False) and item.pk not in kept
           for item in good_lives):
        errors["good_lives_actions"] = [GOOD_LIVES_NOT_LISTED]

    action.due_on = data.get("due_on")
    due_on_error = _date_error(action.due_on, missing=DUE_DATE_MISSING,
                               earliest=evaluation.period_start,
                               too_early=_("The due date must be on or after %(date)s, when "
                                           "the evaluation started"))
    if due_on_error:
        errors["due_on"] = [due_on_error]

    if "lead_user" in data:  # left out, the action keeps its lead's account
        lead_user = data["lead_user"]
        if lead_user is not None and not Membership.objects.filter(
                council_id=evaluation.council_id, user=lead_user).exists():
            errors["lead_user"] = [LEAD_ACCOUNT_NOT_LISTED]
        else:
            action.lead_user = lead_user
    if errors:
        raise ValidationError(errors)
    return good_lives


def _state(values):
    """The audited values of an action as text (in English, as the audit trail is kept),
    keyed by the names people read."""
    with translation.override("en"):
        return _state_in_language(values)


def _state_in_language(values):
    state = {}
    for field, name in AUDIT_NAMES.items():
        value = values.get(field)
        if field == "domain":
            value = f"{value.number}. {value.title}" if value else ""
        elif field == "good_lives_actions":
            value = ", ".join(sorted(item.code for item in value or []))
        elif field == "lead_user":
            value = (value.get_full_name() or value.username) if value else ""
        elif field == "co_produced_with":
            value = ", ".join(str(Group(g).label) for g in value or [])
        elif field == "timescale":
            value = str(Timescale(value).label) if value else ""
        elif field == "status":
            value = str(Status(value).label) if value else ""
        elif field == "due_on":
            value = value.isoformat() if value else ""
        elif field in EASY_READ_FIELDS and not value:
            continue  # optional, and empty: nothing to record
        state[name] = value or ""
    return state


def _action_values(action):
    return {**{f: getattr(action, f) for f in AUDIT_NAMES if f != "good_lives_actions"},
            "good_lives_actions": list(action.good_lives_actions.all())}


@transaction.atomic
def action_create(*, evaluation, user, **data):
    """Add an action to the plan. `data` holds the fields named in AUDIT_NAMES (status is
    optional, "not started" by default). Returns the action."""
    action = Action(evaluation=evaluation)
    good_lives = _action_fill(action, data)
    action.save()
    action.good_lives_actions.set(good_lives)
    audit_record(council=evaluation.council, user=user,
                 action=gettext_noop("Added action “%(title)s”"), names={"title": action.title},
                 obj=action, scope=evaluation,
                 changes=changed_fields({}, _state(_action_values(action))))
    return action


@transaction.atomic
def action_update(*, action, user, **data):
    """Change an action: every field in AUDIT_NAMES is given (status and the Easy Read words
    may be left out, and stay as they are). Records what changed."""
    action = Action.objects.select_for_update().select_related("evaluation__council",
                                                               "domain").get(pk=action.pk)
    before_values = _action_values(action)
    before = _state(before_values)
    good_lives = _action_fill(action, {
        "status": action.status, "easy_read_title": action.easy_read_title,
        "easy_read_description": action.easy_read_description, **data},
        linked=before_values["good_lives_actions"])
    action.save()
    action.good_lives_actions.set(good_lives)
    changes = changed_fields(before, _state(_action_values(action)))
    if changes:
        audit_record(council=action.evaluation.council, user=user,
                     action=gettext_noop("Changed action “%(title)s”"),
                     names={"title": action.title}, obj=action,
                     scope=action.evaluation, changes=changes)
    return action


@transaction.atomic
def action_delete(*, action, user):
    """Remove an action and its progress updates; the audit trail keeps what it was."""
    action = Action.objects.select_for_update().select_related(
        "evaluation__council", "domain").get(pk=action.pk)
    evaluation = action.evaluation
    state = _state(_action_values(action))
    audit_record(council=evaluation.council, user=user,
                 action=gettext_noop("Removed action “%(title)s”"), names={"title": action.title},
                 obj=evaluation, scope=evaluation,
                 changes=changed_fields(state, {}))
    action.delete()


@transaction.atomic
def progress_add(*, action, user, happened_on, text, status):
    """Record progress on an action, and its status afterwards (which may be unchanged)."""
    action = Action.objects.select_for_update().select_related(
        "evaluation__council").get(pk=action.pk)
    update = ProgressUpdate(
        action=action, text=_stripped(text), status_before=action.status, status_after=status,
        recorded_by=user if getattr(user, "is_authenticated", False) else None)
    errors = _field_errors(update, exclude=["action", "happened_on", "recorded_by"])
    if "status_after" in errors:  # the service's argument is `status`
        errors["status"] = errors.pop("status_after")
    update.happened_on = happened_on
    date_error = _date_error(
        happened_on, missing=UPDATE_DATE_MISSING, latest=timezone.localdate(),
        too_late=_("The date of the update must be today or in the past"),
        earliest=action.evaluation.period_start,
        too_early=_("The date of the update must be on or after %(date)s, when the evaluation "
                    "started"))
    if date_error:
        errors["happened_on"] = [date_error]
    if errors:
        raise ValidationError(errors)
    update.save()
    changes = {gettext_noop("progress"): [None, update.text]}
    if update.status_changed:
        changes["status"] = [str(Status(action.status).label), str(Status(status).label)]
        action.status = status
        action.save(update_fields=["status", "updated_at"])
    audit_record(council=action.evaluation.council, user=user,
                 action=gettext_noop("Recorded progress on “%(title)s”"),
                 names={"title": action.title}, obj=action,
                 scope=action.evaluation, changes=changes)
    return update


@transaction.atomic
def sign_off_record(*, evaluation, user, meeting, met_on, decision, comments=""):
    """Record a partnership board's decision on the action plan."""
    sign_off = SignOff(
        evaluation=evaluation, meeting=_stripped(meeting), decision=decision,
        comments=_stripped(comments),
        recorded_by=user if getattr(user, "is_authenticated", False) else None)
    errors = _field_errors(sign_off, exclude=["evaluation", "met_on", "recorded_by"])
    sign_off.met_on = met_on
    date_error = _date_error(
        met_on, missing=MEETING_DATE_MISSING, latest=timezone.localdate(),
        too_late=_("The date of the meeting must be today or in the past"),
        earliest=evaluation.period_start,
        too_early=_("The date of the meeting must be on or after %(date)s, when the "
                    "evaluation started"))
    if date_error:
        errors["met_on"] = [date_error]
    if errors:
        raise ValidationError(errors)
    sign_off.save()
    audit_record(council=evaluation.council, user=user,
                 action=gettext_noop("Recorded the board's sign-off"),
                 obj=sign_off, scope=evaluation, changes=changed_fields({}, {
                     gettext_noop("meeting"): sign_off.meeting,
                     gettext_noop("date of the meeting"): met_on.isoformat(),
                     gettext_noop("decision"): SignOff.Decision(decision).label,
                     gettext_noop("comments"): sign_off.comments}))
    return sign_off


@transaction.atomic
def you_said_publish(*, evaluation, user, next_update_on):
    """Publish the public Easy Read "You said, we did" page of the evaluation, saying when it
    will next be updated (a date from today on)."""
    if not _is_date(next_update_on):
        raise ValidationError({"next_update_on": NEXT_UPDATE_MISSING})
    if next_update_on < timezone.localdate():
        raise ValidationError({"next_update_on": _(
            "When you will next update the page must be today or in the future")})
    page, _created = PublicYouSaid.objects.select_for_update().get_or_create(
        evaluation=evaluation)
    yes, no = gettext_noop("yes"), gettext_noop("no")
    before = {gettext_noop("published"): yes if page.published else no,
              gettext_noop("next update"): (page.next_update_on.isoformat()
                                            if page.next_update_on else "")}
    page.published = True
    page.next_update_on = next_update_on
    page.published_at = timezone.now()
    page.published_by = user if getattr(user, "is_authenticated", False) else None
    page.save()
    audit_record(council=evaluation.council, user=user,
                 action=gettext_noop("Published the public “You said, we did” page"), obj=page,
                 scope=evaluation, changes=changed_fields(before, {
                     gettext_noop("published"): yes,
                     gettext_noop("next update"): next_update_on.isoformat()}))
    return page


@transaction.atomic
def you_said_unpublish(*, evaluation, user):
    """Take the public page down: its link then says "This link does not work"."""
    page = PublicYouSaid.objects.select_for_update().filter(evaluation=evaluation).first()
    if page is None or not page.published:
        return page
    page.published = False
    page.save(update_fields=["published"])
    audit_record(council=evaluation.council, user=user,
                 action=gettext_noop("Took down the public “You said, we did” page"), obj=page,
                 scope=evaluation, changes=changed_fields(
                     {gettext_noop("published"): gettext_noop("yes")},
                     {gettext_noop("published"): gettext_noop("no")}))
    return page
