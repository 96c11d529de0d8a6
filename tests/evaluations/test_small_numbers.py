"""Small numbers hidden everywhere: counted on the people who gave a score, no subtraction
through the filters, and a responses download that identifies nobody."""

import csv
import datetime
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from actionplans.reports.documents import board_pack_context
from actionplans.selectors.plans import you_said_we_did
from betterlives.models import Role
from evaluations.models import Answer, Response
from evaluations.scores import PROTECTS, TOO_FEW, Filters, Voice
from evaluations.selectors.results import comment_list, evaluation_results
from evaluations.selectors.step_two import choose_domains_page
from evaluations.selectors.suggestions import suggest_domains
from tests.factories import choose_domains, make_responses, member

from .helpers import evaluation_url as url

pytestmark = pytest.mark.django_db


def download(client, evaluation, table, file_format="csv"):
    reply = client.get(url("export", evaluation, table=table, file_format=file_format))
    assert reply.status_code == 200
    if file_format == "xlsx":
        return list(load_workbook(io.BytesIO(reply.content)).active.iter_rows(values_only=True))
    return list(csv.reader(io.StringIO(reply.content.decode("utf-8-sig"))))


def voice_of(evaluation, voice, filters=None, number=1):
    return evaluation_results(evaluation, filters)[number - 1].voice(voice)


# 1. Suppression counts the people who gave a score --------------------------------------------


@pytest.fixture
def four_scores(evaluation, carer_survey):
    """Ten family carers answered; only four gave a score, each a different one."""
    for choice in ("all_the_time", "mostly", "sometimes", "not_yet"):
        make_responses(carer_survey, 1, choice)
    make_responses(carer_survey, 6, "dont_know")
    staff = evaluation.surveys.get(audience="staff_partners")
    make_responses(staff, 5, "all_the_time")
    return evaluation


def test_four_scores_among_ten_people_are_not_shown(four_scores):
    carers = voice_of(four_scores, Voice.FAMILY_CARERS)
    assert carers.suppressed and carers.hidden_because == TOO_FEW
    assert carers.score is None and carers.distribution == []
    assert (carers.people, carers.answered, carers.scored) == (0, 0, 0)
    staff = voice_of(four_scores, Voice.STAFF_PARTNERS)
    assert staff.score == 100 and not staff.suppressed


def test_a_hidden_voice_takes_no_part_in_gaps_or_suggestions(four_scores):
    results = evaluation_results(four_scores)
    assert all(r.gap is None for r in results)  # only the staff voice is shown
    for suggestion in suggest_domains(results):
        assert "2 voices" not in suggestion.reason
    page = choose_domains_page(evaluation=four_scores)
    assert page["rows"][0].result.voice(Voice.FAMILY_CARERS).suppressed


def test_four_scores_are_hidden_on_every_page_and_file(client, four_scores, facilitator):
    client.force_login(facilitator)
    overview = client.get(url("results", four_scores)).content.decode()
    assert "fewer than 5 people" in overview
    domain = client.get(url("results_domain", four_scores, number=1)).content.decode()
    assert "Fewer than 5 people gave an answer with a score" in domain
    carers_card = domain.split("Family carers</h3>", 1)[1].split("Staff and partners</h3>")[0]
    assert "<table" not in carers_card and " answers (" not in carers_card, carers_card
    assert "<strong>50</strong>" not in overview + domain  # their score if it were shown
    for file_format in ("csv", "xlsx"):
        rows = download(client, four_scores, "results", file_format)
        carers = [r for r in rows if r[2] == "Family carers" and str(r[0]) == "1"][0]
        assert carers[3] == "fewer than 5 people" and carers[6] == "fewer than 5 people"
        assert "Mostly" not in " ".join(str(c) for c in carers)
    board = board_pack_context(four_scores)
    assert board["results"][0].result.voice(Voice.FAMILY_CARERS).suppressed


def test_people_and_answers_are_said_apart(client, evaluation, carer_survey, facilitator):
    make_responses(carer_survey, 5, "mostly")
    make_responses(carer_survey, 2, "dont_know")
    client.force_login(facilitator)
    page = client.get(url("results_domain", evaluation, number=1)).content.decode()
    carers = voice_of(evaluation, Voice.FAMILY_CARERS)
    answers = carers.answered
    assert carers.people == 7 and carers.not_scored == answers * 2 // 7
    assert f"7 people, {answers} answers ({carers.not_scored} without a score)" in page
    rows = download(client, evaluation, "results")
    header, carers_row = rows[0], [r for r in rows if r[2] == "Family carers"][0]
    assert carers_row[header.index("People")] == "7"
    assert carers_row[header.index("Answers")] == str(answers)


def test_group_judgements_say_they_are_not_individuals(client, evaluation, facilitator):
    client.force_login(facilitator)
    page = client.get(url("results_domain", evaluation, number=1)).content.decode()
    assert "not individual people's answers" in page.replace("&#x27;", "'")
    rows = download(client, evaluation, "results")
    whose = {r[2]: r[-1] for r in rows[1:] if r[0] == "1"}
    assert whose["Family carers"] == "Individual people"
    assert "not individual people" in whose["Workshop ratings"]
    assert "not individual people" in whose["The council's own check"]


def test_you_said_we_did_hides_the_four(four_scores, facilitator):
    choose_domains(four_scores, 1, user=facilitator)
    [row] = you_said_we_did(evaluation=four_scores)
    assert row.result.voice(Voice.FAMILY_CARERS).suppressed


# 2. Filters cannot undo suppression by subtraction ---------------------------------------------


@pytest.fixture
def three_helped(evaluation):
    """Ten staff: three had help, seven did not (the demo's domain 1)."""
    staff = evaluation.surveys.get(audience="staff_partners")
    make_responses(staff, 3, "not_yet", helped=True, comment="Helped and unhappy")
    make_responses(staff, 7, "all_the_time", helped=False, comment="On my own and happy")
    return evaluation


def test_the_helped_part_and_its_complement_are_both_hidden(three_helped):
    everyone = voice_of(three_helped, Voice.STAFF_PARTNERS)
    assert (everyone.people, everyone.suppressed) == (10, False)
    helped = voice_of(three_helped, Voice.STAFF_PARTNERS, Filters(helped=True))
    assert helped.suppressed and helped.hidden_because == TOO_FEW
    alone = voice_of(three_helped, Voice.STAFF_PARTNERS, Filters(helped=False))
    assert alone.suppressed and alone.hidden_because == PROTECTS
    assert alone.distribution == [] and alone.people == 0


def test_filtered_pages_show_no_figure_to_subtract(client, three_helped, board_viewer):
    client.force_login(board_viewer)
    for name, extra in (("results", {}), ("results_domain", {"number": 1})):
        page = client.get(url(name, three_helped, **extra), {"helped": "no"}).content.decode()
        assert ">0<" not in page.split("Staff and partners", 1)[1].split("</tr>", 1)[0]
        assert "not shown" in page.lower()
    domain = client.get(url("results_domain", three_helped, number=1),
                        {"helped": "no"}).content.decode()
    assert "7 people" not in domain


def test_comments_follow_the_filters(three_helped, facilitator):
    alone = comment_list(three_helped, Filters(helped=False))
    assert not alone.exists()
    helped = comment_list(three_helped, Filters(helped=True))
    assert not helped.exists()
    everyone = comment_list(three_helped)
    assert everyone.filter(comment="Helped and unhappy").exists()


def test_enough_people_who_did_not_say_keep_the_other_part_shown(three_helped):
    staff = three_helped.surveys.get(audience="staff_partners")
    make_responses(staff, 5, "mostly", helped=None)
    alone = voice_of(three_helped, Voice.STAFF_PARTNERS, Filters(helped=False))
    assert not alone.suppressed and alone.people == 7 and alone.score == 100
    # "Everyone" minus "on their own" is now eight people's answers: enough.
    helped = voice_of(three_helped, Voice.STAFF_PARTNERS, Filters(helped=True))
    assert helped.suppressed


# 3. The responses download ------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.BOARD_VIEWER, Role.CONTRIBUTOR])
def test_only_facilitators_download_responses(client, three_helped, council, role):
    client.force_login(member(role, council))
    for file_format in ("csv", "xlsx"):
        reply = client.get(url("export", three_helped, table="responses",
                               file_format=file_format))
        assert reply.status_code == 403
    page = client.get(url("results", three_helped)).content.decode()
    assert "anonymised responses" not in page
    assert client.get(url("export", three_helped, table="results",
                          file_format="csv")).status_code == 200


def test_another_council_cannot_download_responses(client, three_helped, outsider):
    client.force_login(outsider)
    reply = client.get(url("export", three_helped, table="responses", file_format="csv"))
    assert reply.status_code == 404


def test_responses_blank_whether_three_people_had_help(client, three_helped, facilitator):
    client.force_login(facilitator)
    page = client.get(url("results", three_helped)).content.decode()
    assert "anonymised responses" in page
    rows = download(client, three_helped, "responses")
    header, body = rows[0], rows[1:]
    helped = {row[header.index("Someone helped")] for row in body}
    assert helped == {"Not shown"}  # "Yes" would pick out 3 people, "No" then the same 3
    assert {row[header.index("How it was answered")] for row in body} == {"Online"}
    month = timezone.localtime(timezone.now()).strftime("%Y-%m")
    assert {row[header.index("Sent in (month)")] for row in body} == {month}
    assert len({row[0] for row in body}) == 10


def test_responses_drop_a_description_whose_combinations_pick_people_out(
        client, evaluation, facilitator):
    """Five had help and five did not; five on paper and five online; but only one person
    had help and answered on paper."""
    staff = evaluation.surveys.get(audience="staff_partners")
    for helped, paper, count in ((True, True, 1), (True, False, 4), (False, True, 4),
                                 (False, False, 1)):
        for response in make_responses(staff, count, "mostly", helped=helped):
            if paper:
                Response.objects.filter(pk=response.pk).update(channel=Response.Channel.PAPER)
    client.force_login(facilitator)
    rows = download(client, evaluation, "responses")
    header, body = rows[0], rows[1:]
    assert {row[header.index("Someone helped")] for row in body} == {"Yes", "No"}
    assert {row[header.index("How it was answered")] for row in body} == {"Not shown"}


def test_responses_leave_out_a_survey_with_too_few_people(client, evaluation, carer_survey,
                                                          facilitator):
    make_responses(carer_survey, 4, "mostly", comment="Four carers only")
    make_responses(evaluation.surveys.get(audience="staff_partners"), 5, "mostly")
    client.force_login(facilitator)
    body = download(client, evaluation, "responses", "xlsx")[1:]
    assert {row[1] for row in body} == {"Staff and partners"}
    assert not any("Four carers only" in str(cell) for row in body for cell in row)


def test_responses_leave_out_a_domain_without_enough_scores(client, evaluation, facilitator):
    staff = evaluation.surveys.get(audience="staff_partners")
    make_responses(staff, 6, "dont_know")  # six people, no scores anywhere
    make_responses(staff, 6, "mostly",
                   items=[i for i in staff.items.all() if i.domain.number == 2])
    client.force_login(facilitator)
    body = download(client, evaluation, "responses")[1:]
    assert {row[5] for row in body} == {"2"}


def test_response_numbers_say_nothing_about_when_they_were_sent(client, evaluation,
                                                                facilitator):
    """Rows are numbered in the order of each response's random key, not in the order
    they were sent (which someone watching the room could match to a person)."""
    staff = evaluation.surveys.get(audience="staff_partners")
    made = []
    for day in range(8):
        [response] = make_responses(staff, 1, "mostly", comment=f"Sent on day {day}")
        Response.objects.filter(pk=response.pk).update(
            submitted_at=timezone.now() - datetime.timedelta(days=day))
        made.append(response)
    client.force_login(facilitator)
    rows = download(client, evaluation, "responses")
    comment = rows[0].index("Comment")
    numbered = {}
    for row in rows[1:]:
        numbered.setdefault(row[0], row[comment])
    by_number = [numbered[number] for number in sorted(numbered)]
    by_key = [f"Sent on day {made.index(r)}" for r in
              Response.objects.filter(pk__in=[r.pk for r in made]).order_by("submission_key")]
    assert by_number == by_key


def test_responses_blank_a_description_that_one_domain_would_give_away(
        client, evaluation, facilitator):
    """Ten people had help and ten did not, but only two of those who had help gave a score
    on domain 1: "Someone helped" would show those two people's domain 1 answers, which the
    results page hides with "Only people who had help"."""
    staff = evaluation.surveys.get(audience="staff_partners")
    domain_one = [i for i in staff.items.all() if i.domain.number == 1]
    others = [i for i in staff.items.all() if i.domain.number != 1]
    for choice, count in (("mostly", 2), ("dont_know", 8)):
        for response in make_responses(staff, count, choice, helped=True, items=domain_one):
            Answer.objects.bulk_create(Answer(response=response, item=item, choice="mostly")
                                       for item in others)
    make_responses(staff, 10, "sometimes", helped=False)
    assert voice_of(evaluation, Voice.STAFF_PARTNERS, Filters(helped=True)).suppressed
    client.force_login(facilitator)
    rows = download(client, evaluation, "responses")
    header, body = rows[0], rows[1:]
    assert {row[header.index("Someone helped")] for row in body} == {"Not shown"}
    assert {row[5] for row in body} >= {"1", "2"}  # domain 1 is still exported: 12 scored
