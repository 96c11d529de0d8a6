"""The audit trail: services call `audit_record` when they change a council's data.

Events are recorded in English, in the service's own words (marked with gettext_noop, so the
catalogue holds them) and shown in each reader's language: see AuditEvent.shown_action and the
`recorded` template filter. What people typed is kept as they typed it.
"""

from django.utils import translation

from .models import AuditEvent


def changed_fields(before, after):
    """{field: [old, new]} for the keys whose values differ (values as text, choice labels in
    English)."""
    with translation.override("en"):
        return {
            key: [None if before.get(key) is None else str(before.get(key)),
                  None if after.get(key) is None else str(after.get(key))]
            for key in sorted(set(before) | set(after))
            if before.get(key) != after.get(key)
        }


def scope_of(obj):
    """The scope label of an object, for `audit_record(scope=...)` and `audit_list(scope=...)`."""
    return f"{obj._meta.label_lower}:{obj.pk}"


def audit_record(*, council, user, action, obj, changes=None, scope=None, names=None):
    """Write one audit event. `action` is the service's words (gettext_noop), with
    %(name)s for each of `names`; `changes` is {field: [old, new]} (see changed_fields);
    `scope` is what `obj` belongs to (an object, see scope_of), kept after `obj` is removed."""
    names = {key: str(value) for key, value in (names or {}).items()}
    return AuditEvent.objects.create(
        council=council,
        user=user if getattr(user, "is_authenticated", False) else None,
        action=(action % names)[:200],
        action_words=action,
        action_names=names,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        changes=changes or {},
        scope=scope_of(scope) if scope is not None else "",
    )


def audit_list(*, council, obj=None, object_type=None, scope=None):
    """A council's audit events, newest first, optionally for one object, kind of object or
    scope (everything recorded as belonging to that object)."""
    events = AuditEvent.objects.filter(council=council).select_related("user")
    if scope is not None:
        events = events.filter(scope=scope_of(scope))
    if obj is not None:
        events = events.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))
    elif object_type:
        events = events.filter(object_type=object_type)
    return events
