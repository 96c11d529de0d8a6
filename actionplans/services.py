"""Step 3: write the action plan, its progress updates and the board's sign-off.

Every service checks its input and raises ValidationError with messages keyed by field (so a
form shows each one beside its field), and writes the audit trail in the same transaction:
changes to an action against the action, its removal against the evaluation (so the record
outlives it), sign-offs against the sign-off.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from betterlives.audit import audit_record, changed_fields
from betterlives.models import Membership
from betterlives.text_limits import TEXT_LIMIT
from evaluations.models import ChosenDomain

from .models import Action, Group, ProgressUpdate, PublicYouSaid, SignOff, Status, Timescale

TITLE_LIMIT = 200
NAME_LIMIT = 200
PARTNERS_LIMIT = 1000
EASY_TITLE_LIMIT = 120
EASY_TEXT_LIMIT = 1000
EASY_READ_FIELDS = ("easy_read_title", "easy_read_description")

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


def _required_text(errors, field, value, limit, empty, too_long):
    value = (value or "").strip()
    if not value:
        errors[field] = empty
    elif len(value) > limit:
        errors[field] = too_long
    return value


def _check_action(evaluation, data, linked=()):
    """Clean and check the fields of an action. Returns the cleaned values.

    `linked`: Good Lives actions the action links to already, which stay allowed after the
    framework retires them."""
    errors = {}
    clean = dict(data)
    clean["title"] = _required_text(
        errors, "title", data.get("title"), TITLE_LIMIT, _("Enter a title for the action"),
        _("The title must be 200 characters or fewer"))
    clean["description"] = _required_text(
        errors, "description", data.get("description"), TEXT_LIMIT,
        _("Enter what will happen"), _("What will happen must be 5000 characters or fewer"))
    clean["lead_name"] = _required_text(
        errors, "lead_name", data.get("lead_name"), NAME_LIMIT,
        _("Enter the name of the person who leads the action"),
        _("The lead's name must be 200 characters or fewer"))
    clean["lead_role"] = _required_text(
        errors, "lead_role", data.get("lead_role"), NAME_LIMIT,
        _("Enter the lead's role or organisation"),
        _("The lead's role or organisation must be 200 characters or fewer"))
    clean["success_measure"] = _required_text(
        errors, "success_measure", data.get("success_measure"), TEXT_LIMIT,
        _("Enter how you will know the action worked"),
        _("How you will know it worked must be 5000 characters or fewer"))
    clean["partners"] = (data.get("partners") or "").strip()
    if len(clean["partners"]) > PARTNERS_LIMIT:
        errors["partners"] = _("Partners must be 1000 characters or fewer")
    clean["easy_read_title"] = (data.get("easy_read_title") or "").strip()
    if len(clean["easy_read_title"]) > EASY_TITLE_LIMIT:
        errors["easy_read_title"] = _("The Easy Read title must be 120 characters or fewer")
    clean["easy_read_description"] = (data.get("easy_read_description") or "").strip()
    if len(clean["easy_read_description"]) > EASY_TEXT_LIMIT:
        errors["easy_read_description"] = _(
            "The Easy Read description must be 1000 characters or fewer")

    domain = data.get("domain")
    if domain is None or not ChosenDomain.objects.filter(
            evaluation=evaluation, domain=domain).exists():
        errors["domain"] = _("Choose one of the domains chosen to look at in depth")

    good_lives = list(data.get("good_lives_actions") or [])
    kept = {item.pk for item in linked}
    if any(not getattr(item, "is_current", False) and item.pk not in kept
           for item in good_lives):
        errors["good_lives_actions"] = _("Choose Good Lives actions from the list")
    clean["good_lives_actions"] = good_lives

    groups = list(data.get("co_produced_with") or [])
    if any(group not in Group.values for group in groups):
        errors["co_produced_with"] = _("Choose the groups from the list")
    clean["co_produced_with"] = [g for g in Group.values if g in groups]

    if data.get("timescale") not in Timescale.values:
        errors["timescale"] = _("Choose when the action will happen")
    if data.get("status", Status.NOT_STARTED) not in Status.values:
        errors["status"] = _("Choose the status of the action")

    due_on = data.get("due_on")
    if not _is_date(due_on):
        errors["due_on"] = _("Enter the due date")
    elif due_on < evaluation.period_start:
        errors["due_on"] = _("The due date must be on or after %(date)s, when the evaluation "
                             "started") % {"date": _long_date(evaluation.period_start)}

    lead_user = data.get("lead_user")
    if lead_user is not None and not Membership.objects.filter(
            council_id=evaluation.council_id, user=lead_user).exists():
        errors["lead_user"] = _("Choose the lead's account from the list")
    if errors:
        raise ValidationError(errors)
    return clean


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


FIELDS = [f for f in AUDIT_NAMES if f != "good_lives_actions"]


@transaction.atomic
def action_create(*, evaluation, user, **data):
    """Add an action to the plan. `data` holds the fields named in AUDIT_NAMES (status is
    optional, "not started" by default). Returns the action."""
    clean = _check_action(evaluation, data)
    action = Action.objects.create(evaluation=evaluation, **{
        f: clean.get(f) for f in FIELDS if f != "status"},
        status=clean.get("status") or Status.NOT_STARTED)
    action.good_lives_actions.set(clean["good_lives_actions"])
    audit_record(council=evaluation.council, user=user,
                 action=gettext_noop("Added action “%(title)s”"), names={"title": action.title},
                 obj=action, scope=evaluation,
                 changes=changed_fields({}, _state(_action_values(action))))
    return action


@transaction.atomic
def action_update(*, action, user, **data):
    """Change an action: every field in AUDIT_NAMES is given. Records what changed."""
    action = Action.objects.select_for_update().select_related("evaluation__council",
                                                               "domain").get(pk=action.pk)
    before_values = _action_values(action)
    clean = _check_action(action.evaluation, {
        "status": action.status, "easy_read_title": action.easy_read_title,
        "easy_read_description": action.easy_read_description, **data},
                          linked=before_values["good_lives_actions"])
    before = _state(before_values)
    for field in FIELDS:
        setattr(action, field, clean[field] if field in clean else getattr(action, field))
    action.save()
    action.good_lives_actions.set(clean["good_lives_actions"])
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
    errors = {}
    text = _required_text(errors, "text", text, TEXT_LIMIT, _("Enter what has happened"),
                          _("What has happened must be 5000 characters or fewer"))
    if not _is_date(happened_on):
        errors["happened_on"] = _("Enter the date of the update")
    elif happened_on > timezone.localdate():
        errors["happened_on"] = _("The date of the update must be today or in the past")
    elif happened_on < action.evaluation.period_start:
        errors["happened_on"] = _(
            "The date of the update must be on or after %(date)s, when the evaluation "
            "started") % {"date": _long_date(action.evaluation.period_start)}
    if status not in Status.values:
        errors["status"] = _("Choose the status of the action")
    if errors:
        raise ValidationError(errors)
    update = ProgressUpdate.objects.create(
        action=action, happened_on=happened_on, text=text, status_before=action.status,
        status_after=status, recorded_by=user if getattr(user, "is_authenticated", False)
        else None)
    changes = {gettext_noop("progress"): [None, text]}
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
    errors = {}
    meeting = _required_text(errors, "meeting", meeting, NAME_LIMIT,
                             _("Enter the name of the meeting"),
                             _("The name of the meeting must be 200 characters or fewer"))
    comments = (comments or "").strip()
    if len(comments) > TEXT_LIMIT:
        errors["comments"] = _("The comments must be 5000 characters or fewer")
    if not _is_date(met_on):
        errors["met_on"] = _("Enter the date of the meeting")
    elif met_on > timezone.localdate():
        errors["met_on"] = _("The date of the meeting must be today or in the past")
    elif met_on < evaluation.period_start:
        errors["met_on"] = _(
            "The date of the meeting must be on or after %(date)s, when the evaluation "
            "started") % {"date": _long_date(evaluation.period_start)}
    if decision not in SignOff.Decision.values:
        errors["decision"] = _("Choose the board's decision")
    if errors:
        raise ValidationError(errors)
    sign_off = SignOff.objects.create(
        evaluation=evaluation, meeting=meeting, met_on=met_on, decision=decision,
        comments=comments,
        recorded_by=user if getattr(user, "is_authenticated", False) else None)
    audit_record(council=evaluation.council, user=user,
                 action=gettext_noop("Recorded the board's sign-off"),
                 obj=sign_off, scope=evaluation, changes=changed_fields({}, {
                     gettext_noop("meeting"): meeting,
                     gettext_noop("date of the meeting"): met_on.isoformat(),
                     gettext_noop("decision"): SignOff.Decision(decision).label,
                     gettext_noop("comments"): comments}))
    return sign_off


@transaction.atomic
def you_said_publish(*, evaluation, user, next_update_on):
    """Publish the public Easy Read "You said, we did" page of the evaluation, saying when it
    will next be updated (a date from today on)."""
    if not _is_date(next_update_on):
        raise ValidationError({"next_update_on": _("Enter when you will next update the page")})
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
