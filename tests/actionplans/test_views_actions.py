"""Step 3 pages for one action, through the test client: add it (from scratch or from a Good
Lives action), the errors people see, change it, remove it and record progress on it.

Who may open each page is in test_access.py; the services' own checks are in test_services.py.
"""

import datetime
import html
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from actionplans.models import Action, ProgressUpdate
from betterlives.models import AuditEvent
from domains.models import GoodLivesAction
from tests.actionplans.helpers import domain, url
from tests.factories import (
    ResourceFactory,
    add_action,
    choose_domains,
    evaluation_with_surveys,
)
from tests.form_reader import form_as_it_stands

pytestmark = pytest.mark.django_db

TITLE = "Evening bus travel training"


def text(response):
    """The page as people read it (so "lead's" is not "lead&#x27;s")."""
    return html.unescape(response.content.decode())


def action_data(**overrides):
    """A complete action form for domain 1, as a browser posts it. None leaves a field out."""
    data = {
        "title": TITLE, "description": "Travel training for people who go out in the evening.",
        "domain": str(domain(1).pk), "suggested_good_lives": ["GL-1"],
        "other_good_lives": ["GL-3"], "lead_name": "Priya Shah",
        "lead_role": "Commissioning manager", "lead_user": "",
        "partners": "Riverside Buses", "co_produced_with": ["lived_experience", "staff"],
        "timescale": "six_months", "due_on_0": "30", "due_on_1": "9", "due_on_2": "2027",
        "success_measure": "Twenty people travel on their own in the evening.",
        "status": "not_started",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def ticked(page, name, value):
    """Is the checkbox or radio `name`=`value` ticked on the page?"""
    for tag in re.findall(r"<input[^>]*>", page):
        if f'name="{name}"' in tag and f'value="{value}"' in tag:
            return " checked" in tag
    raise AssertionError(f"No input {name}={value} on the page")


def assert_error(response, message):
    """The message is in the GOV.UK error summary and beside its field."""
    assert response.status_code == 200
    page = text(response)
    summary = page.split('class="govuk-error-summary"', 1)[1].split("</ul>", 1)[0]
    assert message in summary
    field_messages = re.findall(r'class="govuk-error-message"[^>]*>(.*?)</(?:p|span)>\s*(?:<|$)',
                                page, flags=re.S)
    field_messages = [re.sub(r"<[^>]+>", "", m) for m in field_messages]
    assert any(message in m for m in field_messages), field_messages


# Adding an action -------------------------------------------------------------------------


def test_form_shows_the_domains_suggestions_and_resources(client, facilitator, evaluation):
    source = "https://example.org/framework"
    ResourceFactory(domain=domain(1), code="R1", title="Travel training guide",
                    description="How other councils run it.", source_url=source,
                    url="https://example.org/travel", kind="guidance", position=1)
    ResourceFactory(domain=domain(2), code="R2", title="Housing checklist",
                    description="For domain 2.", url="https://example.org/housing",
                    kind="tool", source_url=source)
    ResourceFactory(domain=domain(1), code="R3", title="An old guide",
                    description="No longer used.", url="https://example.org/old",
                    kind="guidance", source_url=source, is_current=False)
    client.force_login(facilitator)
    response = client.get(url("action_create", evaluation, number=1))
    assert response.status_code == 200
    page = text(response)
    assert "Reason 1 for domain 1." in page and "Reason 2 for domain 1." in page
    assert "Reason 1 for domain 2." not in page
    assert "Travel training guide" in page and 'href="https://example.org/travel"' in page
    assert "Housing checklist" not in page and "An old guide" not in page
    # The suggestions are offered first, the rest of the library after them.
    assert page.index('value="GL-1"') < page.index('value="GL-3"')
    assert not ticked(page, "suggested_good_lives", "GL-1")  # nothing ticked to start with


def test_adding_an_action_with_every_field(client, facilitator, contributor, evaluation):
    client.force_login(facilitator)
    response = client.post(url("action_create", evaluation, number=1), action_data(
        lead_user=str(contributor.pk), status="on_track",
        easy_read_title="Learn to use the bus at night",
        easy_read_description="We will help you get the bus."))
    action = Action.objects.get()
    assert response.status_code == 302
    assert action.easy_read_title == "Learn to use the bus at night"
    assert action.easy_read_description == "We will help you get the bus."
    assert response["Location"] == url("action", evaluation, action_pk=action.pk)
    assert (action.evaluation, action.domain.number, action.title) == (evaluation, 1, TITLE)
    assert action.description == "Travel training for people who go out in the evening."
    assert sorted(a.code for a in action.good_lives_actions.all()) == ["GL-1", "GL-3"]
    assert (action.lead_name, action.lead_role, action.lead_user) == (
        "Priya Shah", "Commissioning manager", contributor)
    assert action.partners == "Riverside Buses"
    assert action.co_produced_with == ["lived_experience", "staff"]
    assert (action.timescale, action.due_on) == ("six_months", datetime.date(2027, 9, 30))
    assert action.success_measure == "Twenty people travel on their own in the evening."
    assert action.status == "on_track"

    page = text(client.get(response["Location"]))
    assert f"<h1 class=\"govuk-heading-l\">{TITLE}</h1>" in page
    assert "Action added to the plan." in page
    assert "<strong>GL-1</strong>" in page and "<strong>GL-3</strong>" in page
    assert "<strong>GL-2</strong>" not in page
    assert "Account: cal" in page
    assert "People with lived experience, Staff" in page
    assert "30 September 2027" in page
    history = page.split('id="history"', 1)[1]
    assert f"Added action “{TITLE}”" in history


def test_starting_from_a_good_lives_action(client, facilitator, evaluation):
    client.force_login(facilitator)
    response = client.get(url("action_create", evaluation, number=1) + "?from=GL-1")
    assert response.status_code == 200
    page = text(response)
    assert "Starting from Good Lives action GL-1 (Theme one)" in page
    assert 'value="Good Lives idea number 1 for councils"' in page
    assert ticked(page, "suggested_good_lives", "GL-1")
    assert not ticked(page, "suggested_good_lives", "GL-2")
    assert not ticked(page, "other_good_lives", "GL-3")

    data = form_as_it_stands(response)
    assert data["title"] == "Good Lives idea number 1 for councils"
    assert data["description"] == "Good Lives idea number 1 for councils."
    data.update(lead_name="Priya Shah", lead_role="Commissioning manager",
                timescale="year", due_on_0="1", due_on_1="3", due_on_2="2027",
                success_measure="People tell us it made a difference.")
    response = client.post(url("action_create", evaluation, number=1), data)
    assert response.status_code == 302, text(response)
    action = Action.objects.get()
    assert [a.code for a in action.good_lives_actions.all()] == ["GL-1"]
    assert action.title == "Good Lives idea number 1 for councils"
    assert (action.domain.number, action.status) == (1, "not_started")


def test_starting_from_a_good_lives_action_of_the_rest_of_the_library(client, facilitator,
                                                                       evaluation):
    """GL-3 is not suggested for domain 1: it is ticked among the other actions."""
    client.force_login(facilitator)
    response = client.get(url("action_create", evaluation, number=1) + "?from=GL-3")
    page = text(response)
    assert ticked(page, "other_good_lives", "GL-3")
    assert not ticked(page, "suggested_good_lives", "GL-1")
    data = form_as_it_stands(response)
    data.update(lead_name="Priya Shah", lead_role="Manager", timescale="now",
                due_on_0="1", due_on_1="3", due_on_2="2027", success_measure="We will see.")
    assert client.post(url("action_create", evaluation, number=1), data).status_code == 302
    assert [a.code for a in Action.objects.get().good_lives_actions.all()] == ["GL-3"]


def test_a_long_good_lives_text_is_shortened_for_the_title(client, facilitator, evaluation):
    GoodLivesAction.objects.filter(code="GL-1").update(text="Word " * 60)
    client.force_login(facilitator)
    response = client.get(url("action_create", evaluation, number=1) + "?from=GL-1")
    title = form_as_it_stands(response)["title"]
    assert len(title) <= 200 and title.endswith("…")


@pytest.mark.parametrize("overrides, message", [
    ({"title": ""}, "Enter a title for the action"),
    ({"due_on_0": "31", "due_on_1": "3", "due_on_2": "2026"},
     "The due date must be on or after 1 April 2026, when the evaluation started"),
    ({"other_good_lives": ["GL-3", "GL-99"]}, "Choose Good Lives actions from the list"),
    ({"due_on_0": "31", "due_on_1": "2", "due_on_2": "2027"}, "The due date must be a real date"),
    ({"timescale": None}, "Choose when the action will happen"),
    ({"lead_user": "outsider"}, "Choose the lead's account from the list"),
])
def test_add_errors_are_shown_and_nothing_is_saved(client, facilitator, outsider, evaluation,
                                                  overrides, message):
    if overrides.get("lead_user") == "outsider":
        overrides = {"lead_user": str(outsider.pk)}
    events = AuditEvent.objects.count()
    client.force_login(facilitator)
    response = client.post(url("action_create", evaluation, number=1), action_data(**overrides))
    assert_error(response, message)
    assert not Action.objects.exists()
    assert AuditEvent.objects.count() == events
    page = text(response)
    if "title" not in overrides:
        assert f'value="{TITLE}"' in page  # what was typed is still there
    assert "Riverside Buses" in page
    assert ticked(page, "suggested_good_lives", "GL-1")


def test_an_evaluation_period_error_highlights_the_date(client, facilitator, evaluation):
    """The service's error about the due date goes beside the date inputs."""
    client.force_login(facilitator)
    response = client.post(url("action_create", evaluation, number=1),
                           action_data(due_on_0="1", due_on_1="1", due_on_2="2026"))
    page = text(response)
    assert "govuk-input--error" in page
    assert 'value="2026"' in page


# Changing and removing an action ----------------------------------------------------------


def test_editing_records_only_what_changed(client, facilitator, evaluation):
    action = add_action(evaluation, user=facilitator, good_lives_actions=list(
        GoodLivesAction.objects.filter(code__in=["GL-1", "GL-3"])),
        due_on=datetime.date(2027, 2, 1))
    client.force_login(facilitator)
    response = client.get(url("action_edit", evaluation, action_pk=action.pk))
    data = form_as_it_stands(response)
    assert data["title"] == action.title and data["status"] == "not_started"
    data.update(title="Travel training on weekday evenings", status="at_risk")
    response = client.post(url("action_edit", evaluation, action_pk=action.pk), data)
    assert response.status_code == 302, text(response)
    assert response["Location"] == url("action", evaluation, action_pk=action.pk)
    action.refresh_from_db()
    assert (action.title, action.status) == ("Travel training on weekday evenings", "at_risk")
    assert sorted(a.code for a in action.good_lives_actions.all()) == ["GL-1", "GL-3"]
    event = AuditEvent.objects.latest("pk")
    assert event.action == "Changed action “Travel training on weekday evenings”"
    assert event.user == facilitator
    assert event.changes == {
        "title": ["Travel training in the evenings", "Travel training on weekday evenings"],
        "status": ["Not started", "At risk"]}
    page = text(client.get(response["Location"]))
    history = page.split('id="history"', 1)[1]
    assert "Changed action “Travel training on weekday evenings”" in history
    assert "Status: “Not started” → “At risk”" in history
    assert history.index("Changed action") < history.index("Added action")


def test_editing_errors_change_nothing(client, facilitator, evaluation):
    action = add_action(evaluation, user=facilitator)
    client.force_login(facilitator)
    data = form_as_it_stands(client.get(url("action_edit", evaluation, action_pk=action.pk)))
    data.update(title="", status="done")
    response = client.post(url("action_edit", evaluation, action_pk=action.pk), data)
    assert_error(response, "Enter a title for the action")
    action.refresh_from_db()
    assert (action.title, action.status) == ("Travel training in the evenings", "not_started")
    assert AuditEvent.objects.latest("pk").action.startswith("Added action")


def test_editing_keeps_links_to_retired_good_lives_actions(client, facilitator, evaluation):
    action = add_action(evaluation, user=facilitator, good_lives_actions=list(
        GoodLivesAction.objects.filter(code__in=["GL-1", "GL-3"])))
    GoodLivesAction.objects.filter(code="GL-3").update(is_current=False)
    client.force_login(facilitator)
    data = form_as_it_stands(client.get(url("action_edit", evaluation, action_pk=action.pk)))
    data.update(title="Travel training on weekday evenings")
    response = client.post(url("action_edit", evaluation, action_pk=action.pk), data)
    assert response.status_code == 302
    assert sorted(a.code for a in action.good_lives_actions.all()) == ["GL-1", "GL-3"]
    assert list(AuditEvent.objects.latest("pk").changes) == ["title"]


def test_removing_an_action(client, facilitator, evaluation):
    action = add_action(evaluation, user=facilitator, title="Easy Read letters")
    client.force_login(facilitator)
    confirm = client.get(url("action_delete", evaluation, action_pk=action.pk))
    page = text(confirm)
    assert "Remove this action from the plan?" in page and "Easy Read letters" in page
    assert Action.objects.filter(pk=action.pk).exists()
    response = client.post(url("action_delete", evaluation, action_pk=action.pk), follow=True)
    assert response.redirect_chain == [(url("plan", evaluation), 302)]
    assert "The action “Easy Read letters” has been removed." in text(response)
    assert not Action.objects.exists()
    event = AuditEvent.objects.latest("pk")
    assert event.action == "Removed action “Easy Read letters”"
    assert client.get(url("action", evaluation, action_pk=action.pk)).status_code == 404


def test_the_history_page_keeps_a_removed_action(client, facilitator, council, evaluation):
    action = add_action(evaluation, user=facilitator, title="Easy Read letters")
    other = evaluation_with_surveys(council, title="Better Lives 2027")
    choose_domains(other, 1)
    theirs = add_action(other, user=facilitator, title="Their letters")
    client.force_login(facilitator)
    client.post(url("action_delete", evaluation, action_pk=action.pk), follow=True)
    client.post(url("action_delete", other, action_pk=theirs.pk), follow=True)
    history = history_page(client, evaluation)
    assert "Removed action “Easy Read letters”" in history
    assert "Their letters" not in history


def history_page(client, evaluation):
    return text(client.get(reverse("evaluations:history", kwargs={
        "council_slug": evaluation.council.slug, "pk": evaluation.pk})))


def test_the_history_page_lists_the_changes_to_an_action(client, facilitator, evaluation):
    action = add_action(evaluation, user=facilitator, title="Easy Read letters")
    client.force_login(facilitator)
    client.post(url("progress_add", evaluation, action_pk=action.pk), progress_data())
    history = history_page(client, evaluation)
    assert "Added action “Easy Read letters”" in history
    assert "Recorded progress on “Easy Read letters”" in history


def test_the_history_page_keeps_the_earlier_events_of_a_removed_action(client, facilitator,
                                                                       evaluation):
    action = add_action(evaluation, user=facilitator, title="Easy Read letters")
    client.force_login(facilitator)
    client.post(url("progress_add", evaluation, action_pk=action.pk), progress_data())
    client.post(url("action_delete", evaluation, action_pk=action.pk))
    history = history_page(client, evaluation)
    assert "Removed action “Easy Read letters”" in history
    assert "Added action “Easy Read letters”" in history
    assert "Recorded progress on “Easy Read letters”" in history


# Progress -------------------------------------------------------------------------------------


def progress_data(day=None, **overrides):
    day = day or timezone.localdate()
    data = {"happened_on_0": str(day.day), "happened_on_1": str(day.month),
            "happened_on_2": str(day.year), "text": "Six people came to the first session.",
            "status": "at_risk"}
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_recording_progress_changes_the_status(client, facilitator, evaluation):
    action = add_action(evaluation, user=facilitator)
    client.force_login(facilitator)
    form = client.get(url("progress_add", evaluation, action_pk=action.pk))
    assert "The status now is: Not started." in text(form)
    assert ticked(text(form), "status", "not_started")
    response = client.post(url("progress_add", evaluation, action_pk=action.pk),
                           progress_data())
    assert response.status_code == 302
    assert response["Location"] == url("action", evaluation, action_pk=action.pk) + "#history"
    action.refresh_from_db()
    assert action.status == "at_risk"
    update = ProgressUpdate.objects.get()
    assert (update.recorded_by, update.happened_on) == (facilitator, timezone.localdate())

    page = text(client.get(url("action", evaluation, action_pk=action.pk)))
    history = page.split('id="history"', 1)[1]
    assert "Progress update, " + timezone.localdate().strftime("%-d %B %Y") in history
    assert "Six people came to the first session." in history
    assert "Status changed from Not started to At risk." in history
    assert "Recorded by fay" in history
    # The progress is not listed twice (once as an update, once as a change).
    assert history.count("Six people came to the first session.") == 1
    assert history.index("Progress update") < history.index("Added action")


def test_progress_without_a_status_change(client, facilitator, evaluation):
    action = add_action(evaluation, user=facilitator, status="on_track")
    client.force_login(facilitator)
    client.post(url("progress_add", evaluation, action_pk=action.pk),
                progress_data(status="on_track"))
    page = text(client.get(url("action", evaluation, action_pk=action.pk)))
    assert "Status stayed On track." in page
    assert "Status changed" not in page


@pytest.mark.parametrize("overrides, message", [
    ({"day": "future"}, "The date of the update must be today or in the past"),
    ({"text": ""}, "Enter what has happened"),
    ({"text": "   "}, "Enter what has happened"),
    ({"day": datetime.date(2026, 3, 1)},
     "The date of the update must be on or after 1 April 2026, when the evaluation started"),
    ({"status": None}, "Choose the status of the action"),
])
def test_progress_errors(client, facilitator, evaluation, overrides, message):
    action = add_action(evaluation, user=facilitator)
    if overrides.get("day") == "future":
        overrides = {"day": timezone.localdate() + datetime.timedelta(days=1)}
    client.force_login(facilitator)
    response = client.post(url("progress_add", evaluation, action_pk=action.pk),
                           progress_data(**overrides))
    assert_error(response, message)
    assert not ProgressUpdate.objects.exists()
    action.refresh_from_db()
    assert action.status == "not_started"


def test_other_evaluation_in_the_same_council_keeps_its_own_actions(client, facilitator,
                                                                    council, evaluation):
    other = evaluation_with_surveys(council, title="Better Lives 2027")
    choose_domains(other, 1)
    add_action(other, title="Their action")
    add_action(evaluation, title="Our action")
    client.force_login(facilitator)
    page = text(client.get(url("plan", evaluation)))
    assert "Our action" in page and "Their action" not in page

