"""Paper key-in stores each questionnaire once, never an empty one, never on an archived
evaluation."""

import re
import uuid
from functools import partial

import pytest
from django.test import Client
from django.urls import reverse

from domains.models import Audience
from evaluations.models import Answer, Response
from evaluations.selectors.surveys import survey_items
from evaluations.services.evaluations import evaluation_archive
from evaluations.services.responses import paper_response_create
from evaluations.services.surveys import survey_close
from tests.concurrency import needs_postgres, run_each

from .helpers import blank_post, entry_url, survey_of

pytestmark = pytest.mark.django_db

CONFIRMATION = "Paper response saved. You can enter another."


def filled_post(survey):
    data = blank_post(survey)
    data[f"item_{survey_items(survey)[0].pk}"] = "good"
    return data


def share_url(survey):
    evaluation = survey.evaluation
    return reverse("evaluations:share", kwargs={
        "council_slug": evaluation.council.slug, "pk": evaluation.pk,
        "audience": survey.audience})


# An empty form --------------------------------------------------------------------------------

def test_an_empty_form_is_refused_with_an_error_that_says_what_to_enter(
        client, contributor, framework_evaluation):
    survey = survey_of(framework_evaluation, Audience.LIVED_EXPERIENCE)
    client.force_login(contributor)
    data = blank_post(survey)
    response = client.post(entry_url(survey), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert "<title>Error:" in page
    assert ("Select an answer or copy what they wrote for at least one question. If the "
            "questionnaire came back blank, do not enter it") in page
    first = survey_items(survey)[0]
    assert f'href="#id_item_{first.pk}' in page  # the summary links to question 1
    assert data["submission_key"] in page  # the same key: fixing it and saving stores once
    assert Response.objects.count() == 0


def test_comments_of_only_spaces_are_empty_too(client, contributor, framework_evaluation):
    survey = survey_of(framework_evaluation, Audience.FAMILY_CARERS)
    data = blank_post(survey)
    data[f"comment_{survey_items(survey)[0].pk}"] = "   \r\n  "
    client.force_login(contributor)
    assert client.post(entry_url(survey), data).status_code == 200
    assert Response.objects.count() == 0


@pytest.mark.parametrize("what", ["choice", "comment", "helped"])
def test_one_thing_filled_in_is_enough(client, contributor, framework_evaluation, what):
    survey = survey_of(framework_evaluation, Audience.FAMILY_CARERS)
    item = survey_items(survey)[-1]
    data = blank_post(survey)
    key, value = {"choice": (f"item_{item.pk}", "mostly"),
                  "comment": (f"comment_{item.pk}", "They wrote this"),
                  "helped": ("helped", "no")}[what]
    data[key] = value
    client.force_login(contributor)
    assert client.post(entry_url(survey), data).status_code == 302
    assert Response.objects.get().channel == Response.Channel.PAPER


def test_the_service_refuses_an_empty_questionnaire(framework_evaluation):
    survey = survey_of(framework_evaluation, Audience.STAFF_PARTNERS)
    with pytest.raises(ValueError):
        paper_response_create(survey=survey, submission_key=uuid.uuid4(),
                              answers={item: ("", "") for item in survey_items(survey)},
                              helped=None)
    assert Response.objects.count() == 0


# The same form saved again ----------------------------------------------------------------------

def test_twenty_posts_of_the_same_form_store_one_response_and_the_same_confirmation(
        client, contributor, framework_evaluation):
    survey = survey_of(framework_evaluation, Audience.LIVED_EXPERIENCE)
    data = filled_post(survey)
    client.force_login(contributor)
    for _ in range(20):
        reply = client.post(entry_url(survey), data)
        assert reply.status_code == 302
        assert reply["Location"] == entry_url(survey)
        page = client.get(reply["Location"]).content.decode()
        assert CONFIRMATION in page
        assert "already saved" not in page
    assert Response.objects.count() == 1
    assert Answer.objects.count() == 1


def test_back_and_save_again_stores_once_and_a_new_blank_form_has_a_new_key(
        client, contributor, framework_evaluation):
    survey = survey_of(framework_evaluation, Audience.FAMILY_CARERS)
    client.force_login(contributor)
    first_page = client.get(entry_url(survey)).content.decode()
    key = re.search(r'name="submission_key" value="([^"]+)"', first_page).group(1)
    data = blank_post(survey, key=key)
    data[f"item_{survey_items(survey)[0].pk}"] = "sometimes"
    client.post(entry_url(survey), data)  # Save
    after = client.get(entry_url(survey)).content.decode()  # the next blank form
    assert key not in after
    client.post(entry_url(survey), data)  # Back (the form as it was), Save again
    assert Response.objects.filter(submission_key=key).count() == 1
    assert Response.objects.count() == 1


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_identical_posts_at_once_store_one_response(contributor, framework_evaluation):
    survey = survey_of(framework_evaluation, Audience.LIVED_EXPERIENCE)
    data = filled_post(survey)
    clients = []
    for _ in range(20):
        one = Client()
        one.force_login(contributor)
        clients.append(one)
    statuses = run_each([partial(one.post, entry_url(survey), data) for one in clients])
    statuses = [reply.status_code for reply in statuses]
    assert statuses == [302] * 20
    assert Response.objects.count() == 1
    assert Answer.objects.count() == 1


# Closed surveys and archived evaluations ---------------------------------------------------------

def test_a_closed_survey_still_takes_paper_and_the_page_says_why(
        client, facilitator, framework_evaluation):
    survey = survey_of(framework_evaluation, Audience.LIVED_EXPERIENCE)
    survey_close(survey=survey)
    client.force_login(facilitator)
    page = client.get(entry_url(survey)).content.decode()
    assert "Paper questionnaires often come back late" in page
    assert client.post(entry_url(survey), filled_post(survey)).status_code == 302
    assert Response.objects.get().channel == Response.Channel.PAPER


@pytest.mark.parametrize("role_fixture", ["contributor", "facilitator"])
def test_an_archived_evaluation_takes_no_paper(client, request, framework_evaluation, role_fixture):
    survey = survey_of(framework_evaluation, Audience.LIVED_EXPERIENCE)
    data = filled_post(survey)
    evaluation_archive(evaluation=framework_evaluation)
    client.force_login(request.getfixturevalue(role_fixture))
    for reply in (client.get(entry_url(survey)), client.post(entry_url(survey), data)):
        assert reply.status_code == 403
        page = reply.content.decode()
        assert "This evaluation is archived" in page
        assert 'name="submission_key"' not in page
    assert Response.objects.count() == 0


def test_the_share_page_hides_the_paper_link_once_archived(client, facilitator,
                                                           framework_evaluation):
    survey = survey_of(framework_evaluation, Audience.LIVED_EXPERIENCE)
    client.force_login(facilitator)
    assert entry_url(survey) in client.get(share_url(survey)).content.decode()
    evaluation_archive(evaluation=framework_evaluation)
    assert entry_url(survey) not in client.get(share_url(survey)).content.decode()


def test_archived_another_council_still_gets_404(client, outsider, framework_evaluation):
    survey = survey_of(framework_evaluation, Audience.LIVED_EXPERIENCE)
    evaluation_archive(evaluation=framework_evaluation)
    client.force_login(outsider)
    assert client.get(entry_url(survey)).status_code == 404
    assert client.post(entry_url(survey), filled_post(survey)).status_code == 404


def test_archived_board_viewer_still_gets_403_without_the_form(client, board_viewer,
                                                               framework_evaluation):
    survey = survey_of(framework_evaluation, Audience.LIVED_EXPERIENCE)
    evaluation_archive(evaluation=framework_evaluation)
    client.force_login(board_viewer)
    reply = client.get(entry_url(survey))
    assert reply.status_code == 403
    assert 'name="submission_key"' not in reply.content.decode()
