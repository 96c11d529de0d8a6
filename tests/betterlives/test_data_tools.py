import datetime
import io
import json
import uuid
import zipfile

import pytest
from django.contrib.admin import helpers
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actionplans.models import Action, SignOff
from betterlives.data_tools import (
    EXPORT_FILES,
    council_answers_erase,
    council_erase_counts,
    council_export,
)
from betterlives.models import AuditEvent, Role
from domains.models import Domain, EnablerQuestion
from evaluations.data_tools import response_erase
from evaluations.models import (
    Answer,
    ChosenDomain,
    DomainDecision,
    DomainReview,
    Evaluation,
    Response,
    ReviewEvidence,
    Survey,
    Workshop,
    WorkshopRating,
)
from evaluations.services.responses import paper_response_create

from ..factories import (
    ActionFactory,
    AuditEventFactory,
    CouncilFactory,
    EnablerAnswerFactory,
    ProgressUpdateFactory,
    UserFactory,
    WorkshopFactory,
    council_check_content,
    evaluation_with_surveys,
    good_lives_content,
    member,
    small_framework,
)
from .helpers import signed_in_to_admin

pytestmark = pytest.mark.django_db

EXPECTED_FILES = {
    "council.json", "evaluations.json", "surveys.json", "responses.json", "workshops.json",
    "council_check.json", "step_2.json", "actions.json", "progress.json", "sign_offs.json",
    "audit_events.json", "README.txt",
}


@pytest.fixture
def content(db):
    small_framework(domains=2, questions=2)
    council_check_content(enablers=1, indicators=1)
    return good_lives_content(actions=2)


def fill(council, word, person):
    """One of everything for `council`, every text containing `word`."""
    evaluation = evaluation_with_surveys(council, title=f"{word} evaluation")
    survey = evaluation.surveys.get(audience="family_carers")
    items = list(survey.items.all())
    response, _ = paper_response_create(
        survey=survey, submission_key=uuid.uuid4(), helped=True,
        answers={items[0]: ("mostly", f"{word} comment about day centres"),
                 items[1]: ("not_yet", "")},
    )
    domain = Domain.objects.get(number=1)
    workshop = WorkshopFactory(evaluation=evaluation, title=f"{word} workshop")
    WorkshopRating.objects.create(workshop=workshop, domain=domain, choice="mostly",
                                  strengths=f"{word} strengths")
    EnablerAnswerFactory(evaluation=evaluation, choice="mostly",
                         question=EnablerQuestion.objects.filter(domain=domain).first(),
                         evidence=f"{word} enabler evidence")
    DomainDecision.objects.create(evaluation=evaluation, decided_on=datetime.date(2026, 6, 1),
                                  how_decided=f"{word} decision", updated_by=person)
    ChosenDomain.objects.create(evaluation=evaluation, domain=domain, reason="improve")
    review = DomainReview.objects.create(evaluation=evaluation, domain=domain,
                                         key_findings=f"{word} findings")
    ReviewEvidence.objects.create(review=review, text=f"{word} evidence", added_by=person)
    action = ActionFactory(
        evaluation=evaluation, domain=domain, title=f"{word} action", description="More buses",
        lead_name="Priya Shah", lead_role="Commissioner", timescale="year",
        due_on=datetime.date(2027, 1, 1), success_measure="People travel")
    ProgressUpdateFactory(action=action, happened_on=datetime.date(2026, 7, 1),
                          text=f"{word} progress", status_before="not_started",
                          status_after="on_track", recorded_by=person)
    SignOff.objects.create(evaluation=evaluation, meeting=f"{word} board",
                           met_on=datetime.date(2026, 8, 1), decision="approved",
                           recorded_by=person)
    AuditEventFactory(council=council, user=person, action=f"{word} audit",
                      object_type="evaluations.evaluation", object_id=evaluation.pk)
    return evaluation, response


@pytest.fixture
def riverside(content):
    council = CouncilFactory(name="Riverside Council", slug="riverside")
    person = member(Role.FACILITATOR, council, username="fay")
    evaluation, response = fill(council, "Riverside", person)
    action = evaluation.actions.get()
    action.good_lives_actions.set(content[:1])
    return council


@pytest.fixture
def hillside(content):
    council = CouncilFactory(name="Hillside Council", slug="hillside")
    person = member(Role.FACILITATOR, council, username="otto")
    fill(council, "Hillside", person)
    return council


@pytest.fixture
def site_admin(client):
    return signed_in_to_admin(
        client, UserFactory(username="root", is_staff=True, is_superuser=True))


@pytest.fixture
def plain_staff(client):
    """Staff who may change councils and see responses, but are not site administrators."""
    user = UserFactory(username="stella", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(
        content_type__app_label__in=["betterlives", "evaluations"]))
    return signed_in_to_admin(client, user)


def read_zip(data):
    archive = zipfile.ZipFile(io.BytesIO(data))
    return {name: archive.read(name).decode() for name in archive.namelist()}


def run_action(client, url, action, objects, **extra):
    return client.post(url, {"action": action, "index": 0,
                             helpers.ACTION_CHECKBOX_NAME: [o.pk for o in objects], **extra})


COUNCILS = reverse("admin:betterlives_council_changelist")
RESPONSES = reverse("admin:evaluations_response_changelist")


# Export --------------------------------------------------------------------------------------


def test_export_holds_a_file_for_each_part_with_the_councils_rows(site_admin, riverside,
                                                                  hillside):
    response = run_action(site_admin, COUNCILS, "export_data", [riverside])

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "riverside-data-" in response["Content-Disposition"]
    files = read_zip(b"".join(response.streaming_content))
    assert set(files) == EXPECTED_FILES
    records = {name: json.loads(text) for name, text in files.items() if name.endswith(".json")}

    def models_in(name):
        return sorted({r["model"] for r in records[name]})

    assert models_in("council.json") == ["betterlives.council", "betterlives.membership"]
    assert models_in("evaluations.json") == ["evaluations.evaluation"]
    assert models_in("surveys.json") == ["evaluations.survey", "evaluations.surveyitem"]
    assert models_in("responses.json") == ["evaluations.answer", "evaluations.response"]
    assert models_in("workshops.json") == ["evaluations.workshop", "evaluations.workshoprating"]
    assert models_in("council_check.json") == ["evaluations.enableranswer"]
    assert models_in("step_2.json") == [
        "evaluations.chosendomain", "evaluations.domaindecision", "evaluations.domainreview",
        "evaluations.reviewevidence"]
    assert models_in("actions.json") == ["actionplans.action"]
    assert models_in("progress.json") == ["actionplans.progressupdate"]
    assert models_in("sign_offs.json") == ["actionplans.signoff"]
    assert "betterlives.auditevent" in models_in("audit_events.json")

    evaluation = riverside.evaluations.get()
    assert [r["pk"] for r in records["evaluations.json"]] == [evaluation.pk]
    responses = [r for r in records["responses.json"] if r["model"] == "evaluations.response"]
    answers = [r for r in records["responses.json"] if r["model"] == "evaluations.answer"]
    assert len(responses) == 1 and len(answers) == 2
    assert "resume_code" not in responses[0]["fields"]
    assert "submission_key" not in responses[0]["fields"]
    assert responses[0]["fields"]["survey"] == evaluation.surveys.get(
        audience="family_carers").pk
    assert "Riverside comment about day centres" in {a["fields"]["comment"] for a in answers}
    assert len([r for r in records["surveys.json"] if r["model"] == "evaluations.survey"]) == \
        Survey.objects.filter(evaluation=evaluation).count()
    # People by sign-in name; Good Lives links by id.
    [progress] = records["progress.json"]
    assert progress["fields"]["recorded_by"] == ["fay"]
    [action] = records["actions.json"]
    assert action["fields"]["good_lives_actions"] == list(
        Action.objects.get(evaluation=evaluation).good_lives_actions.values_list("pk", flat=True))
    assert action["fields"]["good_lives_actions"]
    assert "responses.json: survey responses and their answers" in files["README.txt"]
    assert "(3 records)" in files["README.txt"]  # responses.json: 1 response + 2 answers


def test_export_holds_nothing_of_another_council(site_admin, riverside, hillside):
    response = run_action(site_admin, COUNCILS, "export_data", [riverside])
    files = read_zip(b"".join(response.streaming_content))
    everything = "\n".join(files.values())
    assert "Riverside" in everything
    assert "Hillside" not in everything
    assert "otto" not in everything
    hillside_evaluation = hillside.evaluations.get()
    for text in files.values():
        if text.startswith("["):
            for record in json.loads(text):
                fields = record["fields"]
                assert fields.get("evaluation") != hillside_evaluation.pk
                assert fields.get("council") != hillside.pk


def test_export_is_recorded_in_the_audit_trail(riverside):
    admin_user = UserFactory(username="root", is_staff=True, is_superuser=True)
    counts = council_export(council=riverside, user=admin_user, file=io.BytesIO())
    event = AuditEvent.objects.filter(council=riverside).order_by("-pk").first()
    assert event.action == "Exported the council's data"
    assert event.user == admin_user
    assert event.changes["records exported"] == [None, str(sum(counts.values()))]
    assert set(counts) == {name for name, _d, _m in EXPORT_FILES}


def test_export_runs_the_same_number_of_queries_however_much_data(riverside):
    """Queries depend on the number of models, not of rows: people and links are fetched
    with their rows."""
    def queries():
        with CaptureQueriesContext(connection) as captured:
            council_export(council=riverside, user=None, file=io.BytesIO())
        return len(captured)

    few = queries()
    person = UserFactory(username="extra")
    for n in range(5):
        fill(riverside, f"More{n}", person)
    assert queries() == few


def test_export_is_one_council_at_a_time(site_admin, riverside, hillside):
    response = run_action(site_admin, COUNCILS, "export_data", [riverside, hillside])
    assert response.status_code == 302
    assert "Choose one council at a time." in site_admin.get(COUNCILS).content.decode()
    assert not AuditEvent.objects.filter(action__startswith="Exported").exists()


# Erase a council's survey answers -----------------------------------------------------------


def erase_url(council):
    return reverse("admin:betterlives_council_erase_answers", args=[council.pk])


def test_the_erase_action_asks_for_confirmation_first(site_admin, riverside):
    response = run_action(site_admin, COUNCILS, "erase_answers", [riverside])
    assert response.status_code == 302
    assert response["Location"] == erase_url(riverside)
    page = site_admin.get(erase_url(riverside))
    assert page.status_code == 200
    assert page.context["counts"] == {"responses": 1, "answers": 2, "comments": 1}
    assert "Type the council&#x27;s name to confirm" in page.content.decode()
    assert Response.objects.filter(survey__evaluation__council=riverside).count() == 1


def test_the_wrong_name_erases_nothing(site_admin, riverside):
    response = site_admin.post(erase_url(riverside), {"confirm_name": "Riverside"})
    assert response.status_code == 400
    assert "exactly as it is shown" in response.content.decode()
    assert Answer.objects.filter(response__survey__evaluation__council=riverside).count() == 2


def test_erasing_removes_only_that_councils_answers(site_admin, riverside, hillside):
    response = site_admin.post(erase_url(riverside), {"confirm_name": " Riverside  Council "})

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:betterlives_council_change",
                                           args=[riverside.pk])
    assert not Response.objects.filter(survey__evaluation__council=riverside).exists()
    assert not Answer.objects.filter(response__survey__evaluation__council=riverside).exists()
    assert Response.objects.filter(survey__evaluation__council=hillside).count() == 1
    assert Answer.objects.filter(response__survey__evaluation__council=hillside).count() == 2
    # The evaluation, its surveys, workshops, plan and audit trail stay.
    evaluation = riverside.evaluations.get()
    assert evaluation.surveys.count() == 3
    assert Workshop.objects.filter(evaluation=evaluation).count() == 1
    assert Action.objects.filter(evaluation=evaluation).count() == 1
    assert AuditEvent.objects.filter(council=riverside, action="Riverside audit").exists()
    event = AuditEvent.objects.get(council=riverside,
                                   action="Erased the council's survey answers")
    assert event.user.username == "root"
    assert event.changes == {"responses deleted": [None, "1"], "answers deleted": [None, "2"]}


def test_erase_service_counts_what_it_deleted(riverside, hillside):
    assert council_erase_counts(riverside) == {"responses": 1, "answers": 2, "comments": 1}
    assert council_answers_erase(council=riverside, user=None) == {"responses": 1, "answers": 2}
    assert council_erase_counts(riverside) == {"responses": 0, "answers": 0, "comments": 0}
    assert council_erase_counts(hillside)["responses"] == 1


# Erase one response ---------------------------------------------------------------------------


def test_an_administrator_erases_one_response(site_admin, riverside, hillside):
    survey = riverside.evaluations.get().surveys.get(audience="family_carers")
    item = survey.items.first()
    keep, _ = paper_response_create(survey=survey, submission_key=uuid.uuid4(), helped=None,
                                    answers={item: ("mostly", "")})
    erase = Response.objects.get(survey=survey, helped=True)

    confirm = run_action(site_admin, RESPONSES, "erase_responses", [erase])
    assert confirm.status_code == 200
    assert "(2 answers)" in confirm.content.decode()
    assert Response.objects.filter(pk=erase.pk).exists()

    done = run_action(site_admin, RESPONSES, "erase_responses", [erase], confirm="yes")
    assert done.status_code == 302
    assert not Response.objects.filter(pk=erase.pk).exists()
    assert not Answer.objects.filter(response_id=erase.pk).exists()
    assert Response.objects.filter(pk=keep.pk).exists()
    assert Response.objects.filter(survey__evaluation__council=hillside).count() == 1
    event = AuditEvent.objects.get(action="Erased a survey response")
    assert (event.council, event.object_type, event.object_id) == (
        riverside, "evaluations.response", str(erase.pk))
    assert event.scope == f"evaluations.evaluation:{survey.evaluation_id}"
    assert "day centres" not in json.dumps(event.changes)


def test_response_erase_service(riverside):
    response = Response.objects.get(survey__evaluation__council=riverside)
    assert response_erase(response=response, user=None) == 2
    assert not Response.objects.filter(pk=response.pk).exists()
    assert not Answer.objects.filter(response_id=response.pk).exists()


def test_a_response_is_found_by_its_resume_code_and_opens_read_only(site_admin, riverside,
                                                                   hillside):
    response = Response.objects.get(survey__evaluation__council=riverside)
    code = response.resume_code
    found = site_admin.get(RESPONSES, {"q": f"{code[:4].lower()}-{code[4:]}"})
    assert list(found.context["cl"].result_list) == [response]
    assert list(site_admin.get(RESPONSES, {"q": "NOPE"}).context["cl"].result_list) == []

    page = site_admin.get(reverse("admin:evaluations_response_change", args=[response.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Riverside comment about day centres" in html
    assert code not in html
    assert 'name="_save"' not in html


def test_audit_events_are_listed_read_only(site_admin, riverside):
    event = AuditEvent.objects.filter(council=riverside).first()
    assert site_admin.get(reverse("admin:betterlives_auditevent_changelist")).status_code == 200
    page = site_admin.get(reverse("admin:betterlives_auditevent_change", args=[event.pk]))
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()


# Only site administrators ---------------------------------------------------------------------


def test_staff_who_are_not_site_administrators_cannot_use_the_tools(plain_staff, riverside):
    changelist = plain_staff.get(COUNCILS)
    assert changelist.status_code == 200
    actions = dict(changelist.context["action_form"].fields["action"].choices)
    assert "export_data" not in actions and "erase_answers" not in actions

    export = run_action(plain_staff, COUNCILS, "export_data", [riverside])
    assert export["Content-Type"].startswith("text/html")
    assert plain_staff.get(erase_url(riverside)).status_code == 403
    assert plain_staff.post(erase_url(riverside),
                            {"confirm_name": riverside.name}).status_code == 403
    assert plain_staff.get(RESPONSES).status_code == 403
    assert run_action(plain_staff, RESPONSES, "erase_responses",
                      list(Response.objects.all()), confirm="yes").status_code == 403
    assert Answer.objects.count() == 2
    assert not AuditEvent.objects.filter(action__startswith="Exported").exists()


def test_council_members_cannot_reach_the_admin(client, riverside):
    client.force_login(riverside.memberships.get().user)
    assert client.get(erase_url(riverside)).status_code == 302


def test_once_its_answers_are_erased_a_council_can_be_deleted(riverside, hillside):
    """Answers protect the questions they answer, so a council with responses cannot be
    deleted; erasing them first lets a site administrator remove the council entirely."""
    council_answers_erase(council=riverside, user=None)
    riverside.delete()
    assert not Evaluation.objects.filter(council_id=riverside.pk).exists()
    assert Response.objects.filter(survey__evaluation__council=hillside).count() == 1
