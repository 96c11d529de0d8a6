"""A question's wording changed by an administrator reaches the surveys that ask it: the
facilitator sees both wordings and can take the newer one for a question nobody has answered;
answers keep the wording they were given."""

import pytest

from domains.models import SurveyQuestion
from domains.services import revisioned_item_save
from evaluations.models import Answer, Evaluation
from evaluations.selectors.surveys import survey_items
from evaluations.services.evaluations import evaluation_archive
from tests.factories import make_responses

from .helpers import survey_url

pytestmark = pytest.mark.django_db

NEW_TEXT = "Do you get to say how your support is planned?"


@pytest.fixture
def evaluation(small_evaluation):
    return small_evaluation


def reword(item, text=NEW_TEXT):
    """An administrator changes the wording of the item's question (a new revision)."""
    question = SurveyQuestion.objects.get(pk=item.question_id)
    question.text_en = text
    return revisioned_item_save(item=question)


def wording_url(item):
    return survey_url("newer_wording", item.survey, item_pk=item.pk)


def test_the_survey_page_lists_questions_with_newer_wording(signed_in, survey):
    first, second = survey_items(survey)[:2]
    reword(first)
    page = signed_in.get(survey_url("survey", survey)).content.decode()
    assert "1 question has newer wording" in page
    assert first.question.text in page and wording_url(first) in page
    assert wording_url(second) not in page


def test_no_newer_wording_no_notice(signed_in, survey):
    page = signed_in.get(survey_url("survey", survey)).content.decode()
    assert "newer wording" not in page


def test_both_wordings_side_by_side_then_the_newer_is_asked(signed_in, survey):
    item = survey_items(survey)[0]
    old_text = item.question.text
    new = reword(item)
    page = signed_in.get(wording_url(item)).content.decode()
    assert old_text in page and NEW_TEXT in page
    assert "Yes, use the newer wording" in page
    reply = signed_in.post(wording_url(item), follow=True)
    item.refresh_from_db()
    assert item.question == new
    assert "The survey now asks the newer wording of this question." in reply.content.decode()
    assert "newer wording" not in signed_in.get(survey_url("survey", survey)).content.decode()


def test_an_answered_question_keeps_the_wording_people_saw(signed_in, survey):
    item = survey_items(survey)[0]
    make_responses(survey, 1, "all_the_time", items=[item])
    old = item.question
    reword(item)
    page = signed_in.get(wording_url(item)).content.decode()
    assert "so it keeps the wording they saw" in page
    assert "Yes, use the newer wording" not in page
    reply = signed_in.post(wording_url(item))
    assert "so it keeps the wording they saw" in reply.content.decode()
    item.refresh_from_db()
    assert item.question == old
    assert Answer.objects.get().item.question == old
    listing = signed_in.get(survey_url("survey", survey)).content.decode()
    assert "Answered already: it keeps its wording." in listing


def test_a_question_without_newer_wording_says_so(signed_in, survey):
    item = survey_items(survey)[0]
    page = signed_in.get(wording_url(item)).content.decode()
    assert "This question already has the newest wording." in page
    assert signed_in.post(wording_url(item)).status_code == 200
    item.refresh_from_db()
    assert item.question.revision == 1


def test_an_unknown_item_is_not_found(signed_in, survey, evaluation):
    other = evaluation.surveys.get(audience="staff_partners")
    item = survey_items(other)[0]
    assert signed_in.get(survey_url("newer_wording", survey, item_pk=item.pk)).status_code == 404
    assert signed_in.get(survey_url("newer_wording", survey, item_pk=999999)).status_code == 404


def test_another_council_gets_404(client, outsider, survey):
    item = survey_items(survey)[0]
    reword(item)
    client.force_login(outsider)
    assert client.get(wording_url(item)).status_code == 404
    assert client.post(wording_url(item)).status_code == 404
    item.refresh_from_db()
    assert item.question.revision == 1


def test_a_board_viewer_is_refused(client, board_viewer, survey):
    item = survey_items(survey)[0]
    reword(item)
    client.force_login(board_viewer)
    assert client.post(wording_url(item)).status_code == 403


def test_an_archived_evaluation_keeps_its_wording(signed_in, survey, evaluation):
    item = survey_items(survey)[0]
    reword(item)
    evaluation_archive(evaluation=evaluation)
    assert Evaluation.objects.get().status == Evaluation.Status.ARCHIVED
    signed_in.post(wording_url(item))
    item.refresh_from_db()
    assert item.question.revision == 1
