"""The audit trail: services call `audit_record` when they change a council's data."""

from .models import AuditEvent


def changed_fields(before, after):
    """{field: [old, new]} for the keys whose values differ (values as text)."""
    return {
        key: [None if before.get(key) is None else str(before.get(key)),
              None if after.get(key) is None else str(after.get(key))]
        for key in sorted(set(before) | set(after))
        if before.get(key) != after.get(key)
    }


def audit_record(*, council, user, action, obj, changes=None):
    """Write one audit event. `changes` is {field: [old, new]} (see changed_fields)."""
    return AuditEvent.objects.create(
        council=council,
        user=user if getattr(user, "is_authenticated", False) else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        changes=changes or {},
    )


def audit_list(*, council, obj=None, object_type=None):
    """A council's audit events, newest first, optionally for one object or kind of object."""
    events = AuditEvent.objects.filter(council=council).select_related("user")
    if obj is not None:
        events = events.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))
    elif object_type:
        events = events.filter(object_type=object_type)
    return events
