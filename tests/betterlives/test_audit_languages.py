"""The audit trail is kept in English and read in each reader's language: what happened and
the names of the changed fields in the service's own words, choice labels translated, what
people typed as they typed it, and anything only in English marked lang="en"."""

import pytest
from django.template import Context, Template
from django.utils import translation

from betterlives.audit import audit_record, changed_fields
from betterlives.models import AuditEvent
from evaluations.models import ChoiceReason
from tests.factories import AuditEventFactory

pytestmark = pytest.mark.django_db

HISTORY = Template("{% load in_language %}{{ event|recorded_action }}|"
                   "{% for name, values in event.changes.items %}{{ name|recorded_name }}: "
                   "{{ values.0|recorded_value }} → {{ values.1|recorded_value }};{% endfor %}")


def shown(event, language):
    with translation.override(language):
        return HISTORY.render(Context({"event": event}))


def test_an_event_recorded_on_a_welsh_page_is_kept_in_english(council):
    with translation.override("cy"):
        event = audit_record(
            council=council, user=None, action="Changed why domain %(number)s was chosen",
            names={"number": 2}, obj=council,
            changes=changed_fields({"why": ChoiceReason.IMPROVE.label},
                                   {"why": ChoiceReason.STRENGTH.label}))
    event = AuditEvent.objects.get(pk=event.pk)
    assert event.action == "Changed why domain 2 was chosen"
    assert event.changes == {"why": ["It needs improving", "It is a strength to build on"]}


def test_each_reader_reads_it_in_their_language(council):
    event = audit_record(
        council=council, user=None, action="Changed why domain %(number)s was chosen",
        names={"number": 2}, obj=council,
        changes=changed_fields({"why": ChoiceReason.IMPROVE.label, "rationale": "Dim digon"},
                               {"why": ChoiceReason.STRENGTH.label, "rationale": "Digon"}))
    assert shown(event, "en") == ("Changed why domain 2 was chosen|Rationale: Dim digon → "
                                  "Digon;Why: It needs improving → It is a strength to build on;")
    with translation.override("cy"):
        improve, strength = str(ChoiceReason.IMPROVE.label), str(ChoiceReason.STRENGTH.label)
    assert improve != "It needs improving"
    assert shown(event, "cy") == (f"Newidiwyd pam y dewiswyd maes 2|Rhesymau: Dim digon → "
                                  f"Digon;Pam: {improve} → {strength};")


def test_words_only_in_english_are_marked_english(council):
    """An event recorded before the service kept its words apart, and a field name the
    catalogue does not hold."""
    event = AuditEventFactory(council=council, action="Chose domain 1. Leadership",
                              object_type="betterlives.council", object_id="1",
                              changes={"statement D1-WG-1 rating": [None, "Yes"]})
    assert shown(event, "cy") == (
        '<span lang="en">Chose domain 1. Leadership</span>|'
        '<span lang="en">Statement D1-WG-1 rating</span>: None → Do;')  # "Yes" is in the catalogue
