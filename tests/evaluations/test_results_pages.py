"""Results pages, comments and exports, against the database."""

import csv
import io

import pytest
from openpyxl import load_workbook

from betterlives.models import Role
from evaluations.models import Answer, Response
from evaluations.scores import Filters, Voice
from evaluations.selectors.results import count_rows, evaluation_results
from evaluations.selectors.surveys import survey_items
from tests.factories import make_responses, member

from .helpers import evaluation_url as url

pytestmark = pytest.mark.django_db
def result_for(evaluation, number, voice, filters=None):
    results = evaluation_results(evaluation, filters)
    return results[number - 1].voice(voice)


def test_scores_per_voice_from_the_database(evaluation, lived_survey, carer_survey):
    make_responses(lived_survey, 5, "good")
    make_responses(lived_survey, 5, "not_good")
    make_responses(carer_survey, 6, "mostly")
    lived = result_for(evaluation, 1, Voice.LIVED_EXPERIENCE)
    carers = result_for(evaluation, 1, Voice.FAMILY_CARERS)
    assert (lived.people, lived.score) == (10, 50)
    assert carers.score == 67
    assert evaluation_results(evaluation)[0].gap == 17


def test_unsent_responses_are_not_counted(evaluation, lived_survey):
    make_responses(lived_survey, 9, "good", status=Response.Status.IN_PROGRESS)
    assert not result_for(evaluation, 1, Voice.LIVED_EXPERIENCE).has_answers


def test_small_numbers_are_suppressed_at_the_councils_threshold(evaluation, lived_survey):
    evaluation.council.small_number_threshold = 4
    evaluation.council.save()
    make_responses(lived_survey, 3, "good")
    assert result_for(evaluation, 1, Voice.LIVED_EXPERIENCE).suppressed
    make_responses(lived_survey, 1, "good")
    shown = result_for(evaluation, 1, Voice.LIVED_EXPERIENCE)
    assert not shown.suppressed and shown.score == 100


def test_filters_by_audience_and_help(evaluation, lived_survey, carer_survey):
    make_responses(lived_survey, 5, "good", helped=True)
    make_responses(lived_survey, 5, "not_good", helped=False)
    make_responses(carer_survey, 5, "not_yet", helped=False)
    helped = Filters(helped=True)
    assert result_for(evaluation, 1, Voice.LIVED_EXPERIENCE, helped).score == 100
    assert not result_for(evaluation, 1, Voice.FAMILY_CARERS, helped).has_answers
    only_carers = Filters(audiences=(Voice.FAMILY_CARERS,))
    voices = [v.voice for v in evaluation_results(evaluation, only_carers)[0].voices]
    assert Voice.LIVED_EXPERIENCE not in voices and Voice.FAMILY_CARERS in voices


def test_overview_page(client, evaluation, lived_survey, facilitator):
    make_responses(lived_survey, 6, "good")
    make_responses(lived_survey, 2, "not_good")
    client.force_login(facilitator)
    response = client.get(url("results", evaluation))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Score for each domain from each voice" in page
    assert "<svg" in page and 'role="img"' in page
    assert ">75<" in page  # (6 × 100 + 2 × 0) / 8
    assert "fewer than 5" in page  # workshop votes etc. have no people here, surveys do


def test_overview_filters_and_bad_filter(client, evaluation, facilitator):
    client.force_login(facilitator)
    response = client.get(url("results", evaluation),
                          {"helped": "yes", "audience": "family_carers"})
    assert response.status_code == 200
    bad = client.get(url("results", evaluation), {"audience": "<script>"})
    assert bad.status_code == 200
    assert "Choose a survey from the list" in bad.content.decode()
    assert "<script>" not in bad.content.decode()


@pytest.mark.parametrize("number", [1, 6])
def test_domain_page(client, evaluation, lived_survey, board_viewer, number):
    make_responses(lived_survey, 5, "not_sure", comment="Buses stop too early")
    client.force_login(board_viewer)
    response = client.get(url("results_domain", evaluation, number=number))
    assert response.status_code == 200
    assert "What each voice said" in response.content.decode()
    assert client.get(url("results_domain", evaluation, number=99)).status_code == 404


def test_comments_tag_and_hide(client, evaluation, lived_survey, facilitator, board_viewer):
    make_responses(lived_survey, 5, "good", comment="My support is good")
    hidden_one = Answer.objects.filter(comment__isnull=False).first()
    client.force_login(facilitator)
    page = client.get(url("comments", evaluation)).content.decode()
    assert "My support is good" in page
    review = url("comment_review", evaluation, answer_pk=hidden_one.pk)
    reply = client.post(review, {f"c{hidden_one.pk}-tag": "working",
                                 f"c{hidden_one.pk}-hidden": "on"})
    assert reply.status_code == 302
    hidden_one.refresh_from_db()
    assert hidden_one.comment_tag == "working" and hidden_one.comment_hidden
    # Hidden comments appear nowhere else: not for the board, not in counts or downloads.
    client.force_login(board_viewer)
    comments = client.get(url("comments", evaluation)).context["page"]
    assert hidden_one not in list(comments)
    total_comments = evaluation_results(evaluation)[hidden_one.item.domain.number - 1].comments
    assert total_comments == Answer.objects.filter(
        item__domain=hidden_one.item.domain, comment_hidden=False).exclude(comment="").count()
    client.force_login(facilitator)
    body = client.get(url("export", evaluation, table="responses", file_format="csv"))
    rows = list(csv.reader(io.StringIO(body.content.decode("utf-8-sig"))))
    assert sum(1 for row in rows if row[10] == "My support is good") == (
        Answer.objects.filter(comment="My support is good", comment_hidden=False).count())


def test_comments_from_small_groups_are_not_shown(client, evaluation, lived_survey, facilitator):
    make_responses(lived_survey, 2, "good", comment="Only two of us said this")
    client.force_login(facilitator)
    page = client.get(url("comments", evaluation)).content.decode()
    assert "Only two of us said this" not in page


def test_only_facilitators_review_comments(client, evaluation, lived_survey, board_viewer):
    make_responses(lived_survey, 5, "good", comment="Hello")
    answer = Answer.objects.first()
    client.force_login(board_viewer)
    reply = client.post(url("comment_review", evaluation, answer_pk=answer.pk),
                        {f"c{answer.pk}-hidden": "on"})
    assert reply.status_code == 403
    answer.refresh_from_db()
    assert not answer.comment_hidden


@pytest.mark.parametrize("name, extra", [
    ("results", {}), ("results_domain", {"number": 1}), ("comments", {}),
    ("comment_review", {"answer_pk": 1}),
    ("export", {"table": "results", "file_format": "csv"}),
    ("export", {"table": "responses", "file_format": "xlsx"}),
])
def test_another_council_gets_404(client, evaluation, outsider, name, extra):
    client.force_login(outsider)
    method = client.post if name == "comment_review" else client.get
    assert method(url(name, evaluation, **extra)).status_code == 404


def test_unknown_export_is_not_found(client, evaluation, facilitator):
    client.force_login(facilitator)
    for table, file_format in [("secrets", "csv"), ("results", "pdf")]:
        reply = client.get(url("export", evaluation, table=table, file_format=file_format))
        assert reply.status_code == 404


def test_results_csv_reads_back_with_suppression(client, evaluation, lived_survey, carer_survey,
                                                 facilitator):
    make_responses(lived_survey, 6, "good")
    make_responses(carer_survey, 2, "mostly")
    client.force_login(facilitator)
    reply = client.get(url("export", evaluation, table="results", file_format="csv"))
    assert reply["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(reply.content.decode("utf-8-sig"))))
    assert rows[0][:7] == ["Domain number", "Domain", "Voice", "People", "Answers",
                           "Scored answers", "Score (0 to 100)"]
    by_voice = {(row[0], row[2]): row for row in rows[1:]}
    lived = by_voice[("1", Voice.LIVED_EXPERIENCE.label)]
    carers = by_voice[("1", Voice.FAMILY_CARERS.label)]
    assert lived[3] == "6" and lived[6] == "100"
    assert carers[3] == "fewer than 5 people" and carers[6] == "fewer than 5 people"
    assert "67" not in carers


def test_responses_xlsx_reads_back_and_neutralises_formulas(client, evaluation, lived_survey,
                                                            carer_survey, facilitator):
    make_responses(lived_survey, 5, "good", comment="=HYPERLINK(\"http://evil\",\"x\")")
    make_responses(carer_survey, 2, "mostly", comment="too few to show")
    client.force_login(facilitator)
    reply = client.get(url("export", evaluation, table="responses", file_format="xlsx"))
    sheet = load_workbook(io.BytesIO(reply.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    assert header[:4] == ("Response", "Survey", "How it was answered", "Someone helped")
    comments = {row[header.index("Comment")] for row in rows[1:]}
    assert "'=HYPERLINK(\"http://evil\",\"x\")" in comments
    assert not any(str(c).startswith("=") for c in comments if c)
    assert "too few to show" not in comments
    surveys = {row[1] for row in rows[1:]}
    assert surveys == {"People with lived experience"}
    assert {row[0] for row in rows[1:]} == {f"R{n:04d}" for n in range(1, 6)}


@pytest.mark.parametrize("value, safe", [
    ("=1+1", "'=1+1"), ("+44 123", "'+44 123"), ("-5", "'-5"), ("@SUM(A1)", "'@SUM(A1)"),
    ("fine", "fine"), (42, 42),
])
def test_safe_cell(value, safe):
    from evaluations.exports import safe_cell

    assert safe_cell(value) == safe


@pytest.mark.parametrize("name", ["results", "results_domain", "comments"])
def test_results_queries_do_not_grow(client, evaluation, lived_survey, carer_survey, facilitator,
                                     name, django_assert_max_num_queries):
    client.force_login(facilitator)
    page = url(name, evaluation, **({"number": 1} if name == "results_domain" else {}))
    make_responses(lived_survey, 10, "good", comment="A comment")

    with django_assert_max_num_queries(25) as small:
        assert client.get(page).status_code == 200
    make_responses(lived_survey, 500, "not_good", comment="Another")
    make_responses(carer_survey, 490, "mostly", comment="More",
                   items=survey_items(carer_survey)[:3])
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(page).status_code == 200


def test_count_rows_uses_a_fixed_number_of_queries(evaluation, lived_survey,
                                                   django_assert_num_queries):
    make_responses(lived_survey, 30, "good")
    with django_assert_num_queries(5):
        count_rows(evaluation)


def test_board_viewer_can_read_results(client, evaluation, council):
    viewer = member(Role.BOARD_VIEWER, council)
    client.force_login(viewer)
    assert client.get(url("results", evaluation)).status_code == 200
    export = url("export", evaluation, table="results", file_format="csv")
    assert client.get(export).status_code == 200
