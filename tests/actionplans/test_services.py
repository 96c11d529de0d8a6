"""Step 3: the services that write the action plan, and the selectors that count it."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from actionplans.models import Action, ProgressUpdate, SignOff, Status, Timescale
from actionplans.selectors.plans import action_timeline, plan_counts, plan_progress
from actionplans.services import (
    action_create,
    action_delete,
    action_update,
    progress_add,
    sign_off_record,
)
from betterlives.models import AuditEvent, Role
from tests.actionplans.helpers import SOURCE, domain, today
from tests.factories import (
    GoodLivesActionFactory,
    GoodLivesAudienceFactory,
    GoodLivesThemeFactory,
    member,
)

pytestmark = pytest.mark.django_db

START = datetime.date(2026, 4, 1)  # when the evaluation starts


@pytest.fixture
def evaluation(evaluation_with_chosen_domains):
    return evaluation_with_chosen_domains


@pytest.fixture
def good_lives(db):
    """Two current Good Lives actions and one that is no longer in use, by code."""
    audience = GoodLivesAudienceFactory(code="councils", name="Councils", position=1)
    theme = GoodLivesThemeFactory(code="GL-T1", title="Speaking up", summary="Ideas.",
                                  source_url=SOURCE, position=1)
    actions = {}
    for position, (code, current) in enumerate(
            [("GL-A01", True), ("GL-A02", True), ("GL-A03", False)], start=1):
        action = GoodLivesActionFactory(
            code=code, theme=theme, text=f"Idea for change {code}.", position=position,
            source_url=SOURCE, is_current=current)
        action.audiences.add(audience)
        actions[code] = action
    return actions


def action_data(**overrides):
    data = {
        "domain": domain(1), "title": "Easy Read guide to the front door",
        "description": "Write an Easy Read guide with the self-advocacy group.",
        "good_lives_actions": [], "lead_name": "Priya Shah",
        "lead_role": "Commissioning manager", "lead_user": None,
        "partners": "Speak Up Riverside", "co_produced_with": ["lived_experience"],
        "timescale": Timescale.SIX_MONTHS, "due_on": datetime.date(2026, 9, 30),
        "success_measure": "People tell us the guide helped them.",
    }
    data.update(overrides)
    return data


def new_action(evaluation, user=None, **overrides):
    return action_create(evaluation=evaluation, user=user, **action_data(**overrides))


def action_events():
    return AuditEvent.objects.filter(object_type="actionplans.action").order_by("pk")


# Adding an action ---------------------------------------------------------------------------


def test_action_create_with_every_field_and_one_audit_event(evaluation, facilitator, contributor,
                                                            good_lives):
    contributor.first_name, contributor.last_name = "Cal", "Jones"
    contributor.save()
    action = new_action(
        evaluation, facilitator, title="  Easy Read guide  ", lead_user=contributor,
        good_lives_actions=[good_lives["GL-A02"], good_lives["GL-A01"]],
        co_produced_with=["staff", "lived_experience"], status=Status.ON_TRACK)
    action.refresh_from_db()
    assert action.evaluation == evaluation
    assert action.domain == domain(1)
    assert action.title == "Easy Read guide"
    assert action.lead_user == contributor
    assert action.co_produced_with == ["lived_experience", "staff"]  # in the list's order
    assert action.status == Status.ON_TRACK
    assert action.due_on == datetime.date(2026, 9, 30)
    assert sorted(a.code for a in action.good_lives_actions.all()) == ["GL-A01", "GL-A02"]

    event = action_events().get()
    assert event.action == "Added action “Easy Read guide”"
    assert event.user == facilitator
    assert event.object_id == str(action.pk)
    assert event.changes == {
        "domain": [None, "1. Domain title 1"],
        "title": [None, "Easy Read guide"],
        "what will happen": [None, "Write an Easy Read guide with the self-advocacy group."],
        "Good Lives actions": [None, "GL-A01, GL-A02"],
        "lead": [None, "Priya Shah"],
        "role or organisation of the lead": [None, "Commissioning manager"],
        "lead's account": [None, "Cal Jones"],
        "partners": [None, "Speak Up Riverside"],
        "co-produced with": [None, "People with lived experience, Staff"],
        "timescale": [None, "Within 6 months"],
        "due date": [None, "2026-09-30"],
        "how we will know it worked": [None, "People tell us the guide helped them."],
        "status": [None, "On track"],
    }


def test_an_action_starts_not_started_with_optional_fields_empty(evaluation):
    action = new_action(evaluation, partners="", co_produced_with=[])
    assert action.status == Status.NOT_STARTED
    assert (action.partners, action.co_produced_with, action.lead_user) == ("", [], None)
    event = action_events().get()
    assert event.user is None
    assert event.changes["partners"] == [None, ""]
    assert event.changes["status"] == [None, "Not started"]


def test_creating_from_a_good_lives_action(evaluation, facilitator, good_lives):
    idea = good_lives["GL-A01"]
    action = new_action(evaluation, facilitator, good_lives_actions=[idea],
                        description=idea.text)
    assert list(action.good_lives_actions.all()) == [idea]
    assert action.description == "Idea for change GL-A01."
    assert action_events().get().changes["Good Lives actions"] == [None, "GL-A01"]


@pytest.mark.parametrize("overrides, field, message", [
    ({"title": "  "}, "title", "Enter a title for the action"),
    ({"title": "x" * 201}, "title", "The title must be 200 characters or fewer"),
    ({"description": ""}, "description", "Enter what will happen"),
    ({"lead_name": ""}, "lead_name", "Enter the name of the person who leads the action"),
    ({"lead_role": ""}, "lead_role", "Enter the lead's role or organisation"),
    ({"success_measure": ""}, "success_measure", "Enter how you will know the action worked"),
    ({"partners": "x" * 1001}, "partners", "Partners must be 1000 characters or fewer"),
    ({"due_on": datetime.date(2026, 3, 31)}, "due_on",
     "The due date must be on or after 1 April 2026, when the evaluation started"),
    ({"due_on": None}, "due_on", "Enter the due date"),
    ({"good_lives_actions": "old"}, "good_lives_actions",
     "Choose Good Lives actions from the list"),
    ({"domain": "not chosen"}, "domain", "Choose one of the domains chosen to look at in depth"),
    ({"domain": None}, "domain", "Choose one of the domains chosen to look at in depth"),
    ({"lead_user": "other council"}, "lead_user", "Choose the lead's account from the list"),
    ({"timescale": "someday"}, "timescale", "Choose when the action will happen"),
    ({"co_produced_with": ["staff", "neighbours"]}, "co_produced_with",
     "Choose the groups from the list"),
    ({"status": "paused"}, "status", "Choose the status of the action"),
])
def test_action_create_refuses_bad_input(evaluation, facilitator, outsider, good_lives,
                                         overrides, field, message):
    special = {"old": [good_lives["GL-A01"], good_lives["GL-A03"]], "not chosen": domain(3),
               "other council": outsider}
    overrides = {k: special.get(v, v) if isinstance(v, str) else v for k, v in overrides.items()}
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as error:
        new_action(evaluation, facilitator, **overrides)
    assert error.value.message_dict[field] == [message]
    assert list(error.value.message_dict) == [field]
    assert not Action.objects.exists()
    assert AuditEvent.objects.count() == events


def test_every_error_is_given_at_once(evaluation):
    with pytest.raises(ValidationError) as error:
        new_action(evaluation, title="", lead_name="", timescale="")
    assert set(error.value.message_dict) == {"title", "lead_name", "timescale"}


def test_a_lead_from_the_same_council_in_any_role_is_allowed(evaluation, council):
    viewer = member(Role.BOARD_VIEWER, council, username="bea")
    assert new_action(evaluation, lead_user=viewer).lead_user == viewer


# Changing and removing ----------------------------------------------------------------------


def test_action_update_records_only_what_changed(evaluation, facilitator, contributor,
                                                 good_lives):
    action = new_action(evaluation, facilitator, good_lives_actions=[good_lives["GL-A01"]])
    action_update(action=action, user=contributor, **action_data(
        title="Easy Read guide for everyone", good_lives_actions=[good_lives["GL-A01"]]))
    event = action_events().last()
    assert event.action == "Changed action “Easy Read guide for everyone”"
    assert event.user == contributor
    assert event.changes == {"title": ["Easy Read guide to the front door",
                                       "Easy Read guide for everyone"]}

    action_update(action=action, user=contributor, **action_data(
        title="Easy Read guide for everyone", domain=domain(2), lead_user=contributor,
        good_lives_actions=[good_lives["GL-A01"], good_lives["GL-A02"]],
        due_on=datetime.date(2026, 12, 31), status=Status.AT_RISK))
    action.refresh_from_db()
    assert (action.domain, action.status, action.lead_user) == (
        domain(2), Status.AT_RISK, contributor)
    assert action_events().last().changes == {
        "domain": ["1. Domain title 1", "2. Domain title 2"],
        "Good Lives actions": ["GL-A01", "GL-A01, GL-A02"],
        "lead's account": ["", "cal"],
        "due date": ["2026-09-30", "2026-12-31"],
        "status": ["Not started", "At risk"],
    }


def test_action_update_with_nothing_changed_records_nothing(evaluation, facilitator):
    action = new_action(evaluation, facilitator)
    events = AuditEvent.objects.count()
    action_update(action=action, user=facilitator, **action_data())
    assert AuditEvent.objects.count() == events


def test_action_update_refuses_bad_input_and_changes_nothing(evaluation, facilitator):
    action = new_action(evaluation, facilitator)
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as error:
        action_update(action=action, user=facilitator, **action_data(title="New", due_on=None))
    assert error.value.message_dict == {"due_on": ["Enter the due date"]}
    action.refresh_from_db()
    assert action.title == "Easy Read guide to the front door"
    assert AuditEvent.objects.count() == events


def test_action_delete_records_against_the_evaluation(evaluation, facilitator):
    action = new_action(evaluation, facilitator)
    progress_add(action=action, user=facilitator, happened_on=START, text="Started",
                 status=Status.ON_TRACK)
    action.refresh_from_db()  # as the page does: it reads the action afresh
    action_delete(action=action, user=facilitator)
    assert not Action.objects.exists()
    assert not ProgressUpdate.objects.exists()
    event = AuditEvent.objects.latest("pk")
    assert event.action == "Removed action “Easy Read guide to the front door”"
    assert (event.object_type, event.object_id) == ("evaluations.evaluation",
                                                    str(evaluation.pk))
    assert event.user == facilitator
    assert event.changes["title"] == ["Easy Read guide to the front door", None]
    assert event.changes["status"] == ["On track", None]


# Progress -----------------------------------------------------------------------------------


def test_progress_changes_the_status_and_is_audited(evaluation, contributor):
    action = new_action(evaluation)
    update = progress_add(action=action, user=contributor, happened_on=START,
                          text="  First meeting held.  ", status=Status.ON_TRACK)
    assert (update.status_before, update.status_after) == (Status.NOT_STARTED, Status.ON_TRACK)
    assert update.status_changed
    assert update.text == "First meeting held."
    assert update.recorded_by == contributor
    action.refresh_from_db()
    assert action.status == Status.ON_TRACK
    event = action_events().last()
    assert event.action == "Recorded progress on “Easy Read guide to the front door”"
    assert event.user == contributor
    assert event.changes == {"progress": [None, "First meeting held."],
                             "status": ["Not started", "On track"]}


def test_progress_with_the_same_status(evaluation, contributor):
    action = new_action(evaluation, status=Status.ON_TRACK)
    update = progress_add(action=action, user=contributor, happened_on=today(),
                          text="Still going well.", status=Status.ON_TRACK)
    assert not update.status_changed
    action.refresh_from_db()
    assert action.status == Status.ON_TRACK
    assert action_events().last().changes == {"progress": [None, "Still going well."]}


@pytest.mark.parametrize("kwargs, field, message", [
    ({"happened_on": "tomorrow"}, "happened_on",
     "The date of the update must be today or in the past"),
    ({"happened_on": datetime.date(2026, 3, 31)}, "happened_on",
     "The date of the update must be on or after 1 April 2026, when the evaluation started"),
    ({"happened_on": None}, "happened_on", "Enter the date of the update"),
    ({"text": "   "}, "text", "Enter what has happened"),
    ({"text": "x" * 5001}, "text", "What has happened must be 5000 characters or fewer"),
    ({"status": "paused"}, "status", "Choose the status of the action"),
])
def test_progress_refuses_bad_input(evaluation, contributor, kwargs, field, message):
    action = new_action(evaluation)
    if kwargs.get("happened_on") == "tomorrow":
        kwargs = {"happened_on": today() + datetime.timedelta(days=1)}
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as error:
        progress_add(action=action, user=contributor, **{
            "happened_on": START, "text": "Done", "status": Status.DONE, **kwargs})
    assert error.value.message_dict == {field: [message]}
    assert not ProgressUpdate.objects.exists()
    assert AuditEvent.objects.count() == events
    action.refresh_from_db()
    assert action.status == Status.NOT_STARTED


def test_timeline_shows_updates_and_changes_newest_first(evaluation, facilitator):
    action = new_action(evaluation, facilitator)
    update = progress_add(action=action, user=facilitator, happened_on=START, text="Started",
                          status=Status.ON_TRACK)
    action_update(action=action, user=facilitator, **action_data(title="Renamed",
                                                                  status=Status.ON_TRACK))
    entries = action_timeline(action=action)
    assert [kind for kind, _at, _item in entries] == ["change", "update", "change"]
    assert entries[0][2].action == "Changed action “Renamed”"
    assert entries[1][2] == update
    assert entries[2][2].action.startswith("Added action")


# Counting the plan --------------------------------------------------------------------------


def test_plan_counts_by_status_domain_and_overdue(evaluation):
    empty = plan_counts(evaluation=evaluation)
    assert (empty["total"], empty["overdue"], [r.total for r in empty["domains"]]) == (0, 0, [0, 0])
    past = datetime.date(2026, 5, 1)
    later = today() + datetime.timedelta(days=30)
    new_action(evaluation, due_on=past)  # overdue
    new_action(evaluation, due_on=past, status=Status.DONE)  # done, so not overdue
    new_action(evaluation, due_on=later, status=Status.AT_RISK)
    new_action(evaluation, domain=domain(2), due_on=past, status=Status.OFF_TRACK)  # overdue
    counts = plan_counts(evaluation=evaluation)
    assert counts["total"] == 4
    assert counts["overdue"] == 2
    assert counts["by_status"] == {"not_started": 1, "on_track": 0, "at_risk": 1,
                                   "off_track": 1, "done": 1}
    first, second = counts["domains"]
    assert (first.domain.number, first.total, first.overdue) == (1, 3, 1)
    assert first.by_status["done"] == 1
    assert (second.domain.number, second.total, second.overdue) == (2, 1, 1)
    assert [code for code, _label in counts["statuses"]] == Status.values


def test_plan_progress_counts_without_updates(evaluation, facilitator):
    new_action(evaluation)
    new_action(evaluation, domain=domain(2), status=Status.DONE)
    sign_off_record(evaluation=evaluation, user=facilitator, meeting="Board", met_on=START,
                    decision=SignOff.Decision.APPROVED)
    assert plan_progress(evaluation) == {"actions": 2, "domains": 2, "done": 1, "updates": 0,
                                         "sign_offs": ["approved"], "reports": []}


def test_plan_progress_counts_each_action_once_however_many_updates(evaluation, facilitator):
    first = new_action(evaluation, status=Status.DONE)
    new_action(evaluation)
    for text in ("One", "Two", "Three"):
        progress_add(action=first, user=facilitator, happened_on=START, text=text,
                     status=Status.DONE)
    assert plan_progress(evaluation) == {"actions": 2, "domains": 1, "done": 1, "updates": 3,
                                         "sign_offs": [], "reports": []}


# Board sign-off -----------------------------------------------------------------------------


def test_sign_off_is_stored_and_audited(evaluation, facilitator):
    sign_off = sign_off_record(
        evaluation=evaluation, user=facilitator, meeting=" Learning Disability Partnership Board ",
        met_on=datetime.date(2026, 6, 10), decision=SignOff.Decision.APPROVED_WITH_CHANGES,
        comments="Add a housing action.")
    sign_off.refresh_from_db()
    assert (sign_off.meeting, sign_off.met_on, sign_off.decision, sign_off.comments) == (
        "Learning Disability Partnership Board", datetime.date(2026, 6, 10),
        "approved_with_changes", "Add a housing action.")
    assert sign_off.recorded_by == facilitator
    event = AuditEvent.objects.latest("pk")
    assert event.action == "Recorded the board's sign-off"
    assert (event.object_type, event.object_id) == ("actionplans.signoff", str(sign_off.pk))
    assert event.user == facilitator
    assert event.changes == {
        "meeting": [None, "Learning Disability Partnership Board"],
        "date of the meeting": [None, "2026-06-10"],
        "decision": [None, "Approved with changes"],
        "comments": [None, "Add a housing action."],
    }


@pytest.mark.parametrize("kwargs, field, message", [
    ({"meeting": " "}, "meeting", "Enter the name of the meeting"),
    ({"meeting": "x" * 201}, "meeting",
     "The name of the meeting must be 200 characters or fewer"),
    ({"met_on": "tomorrow"}, "met_on", "The date of the meeting must be today or in the past"),
    ({"met_on": datetime.date(2026, 3, 1)}, "met_on",
     "The date of the meeting must be on or after 1 April 2026, when the evaluation started"),
    ({"met_on": None}, "met_on", "Enter the date of the meeting"),
    ({"decision": "maybe"}, "decision", "Choose the board's decision"),
    ({"comments": "x" * 5001}, "comments", "The comments must be 5000 characters or fewer"),
])
def test_sign_off_refuses_bad_input(evaluation, facilitator, kwargs, field, message):
    if kwargs.get("met_on") == "tomorrow":
        kwargs = {"met_on": today() + datetime.timedelta(days=1)}
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as error:
        sign_off_record(evaluation=evaluation, user=facilitator, **{
            "meeting": "Board", "met_on": START, "decision": "approved", **kwargs})
    assert error.value.message_dict == {field: [message]}
    assert not SignOff.objects.exists()
    assert AuditEvent.objects.count() == events

