"""The task list's steps, tasks and statuses (evaluations.selectors.task_list.evaluation_tasks)."""

import datetime

import pytest
from django.utils import timezone

from evaluations.selectors.evaluations import response_counts
from evaluations.selectors.surveys import survey_list
from evaluations.selectors.task_list import (
    CANNOT_START,
    COMPLETED,
    IN_PROGRESS,
    NOT_STARTED,
    evaluation_tasks,
    survey_state,
)
from evaluations.services.responses import (
    paper_response_create,
    response_helped_set,
    response_start,
)
from evaluations.services.surveys import survey_close, survey_dates_set
from tests.factories import (
    EnablerAnswerFactory,
    EnablerQuestionFactory,
    ReportFactory,
    WorkshopFactory,
    evaluation_with_surveys,
    small_framework,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 5, 10)


@pytest.fixture
def evaluation(small_evaluation):
    return small_evaluation


def tasks_of(evaluation, **kwargs):
    surveys = survey_list(evaluation=evaluation)
    steps = evaluation_tasks(evaluation=evaluation, counts=response_counts(surveys), **kwargs)
    return steps, {task.title: task for step in steps for task in step.tasks}


def test_three_steps_with_their_tasks(evaluation):
    steps, _tasks = tasks_of(evaluation)
    assert [step.title for step in steps] == [
        "Step 1: Quick self-evaluation of all six domains",
        "Step 2: Choose domains to look at in depth",
        "Step 3: Make the action plan",
    ]
    assert [task.title for task in steps[0].tasks] == [
        "Set up and share the survey for people with lived experience (Easy Read)",
        "Set up and share the survey for family carers",
        "Set up and share the survey for staff and partners",
        "See who has answered",
        "Enter paper responses",
        "Record workshops",
        "Record the council's own check",
        "See the results",
    ]
    assert [task.title for task in steps[1].tasks] == [
        "Choose domains", "Review the chosen domains"]
    assert [task.title for task in steps[2].tasks] == [
        "Build the action plan", "Track progress", "Board sign-off", "Reports"]


def test_new_evaluation(evaluation):
    steps, tasks = tasks_of(evaluation)
    survey_task = tasks["Set up and share the survey for family carers"]
    assert survey_task.status == NOT_STARTED
    assert survey_task.status_label == "Not started"
    assert survey_task.url.endswith(f"/evaluations/{evaluation.pk}/surveys/family_carers/")
    assert tasks["See who has answered"].status == NOT_STARTED
    assert tasks["See who has answered"].url.endswith("/responses/")
    assert tasks["Enter paper responses"].status == NOT_STARTED
    assert tasks["Enter paper responses"].url.endswith("/surveys/lived_experience/share/#paper")
    for title, ending in [("Record workshops", "/workshops/"),
                          ("Record the council's own check", "/council-check/"),
                          ("See the results", "/results/")]:
        assert tasks[title].status == NOT_STARTED
        assert tasks[title].url.endswith(ending)
    assert tasks["Choose domains"].status == NOT_STARTED
    assert tasks["Choose domains"].url.endswith("/choose-domains/")
    later = steps[1].tasks[1:] + steps[2].tasks[:3]
    assert len(later) == 4
    for task in later:
        assert task.status == CANNOT_START
        assert task.status_label == "Cannot start yet"
        assert task.url is None


def test_survey_with_dates_is_in_progress(evaluation):
    survey = evaluation.surveys.get(audience="family_carers")
    survey_dates_set(survey=survey, opens_on=TODAY + datetime.timedelta(days=5),
                     closes_on=None)
    _steps, tasks = tasks_of(evaluation, today=TODAY)
    assert tasks["Set up and share the survey for family carers"].status == IN_PROGRESS


def started(survey):
    """A response with something saved: only those count as started."""
    response_helped_set(response=response_start(survey=survey), helped=True)


def test_survey_with_responses_is_in_progress(evaluation):
    started(evaluation.surveys.get(audience="family_carers"))
    _steps, tasks = tasks_of(evaluation)
    task = tasks["Set up and share the survey for family carers"]
    assert task.status == IN_PROGRESS
    assert task.hint == "0 sent, 1 not finished"
    assert tasks["See who has answered"].status == IN_PROGRESS
    assert tasks["Set up and share the survey for staff and partners"].status == NOT_STARTED


def test_closed_survey_is_completed(evaluation):
    survey_close(survey=evaluation.surveys.get(audience="staff_partners"))
    _steps, tasks = tasks_of(evaluation)
    assert tasks["Set up and share the survey for staff and partners"].status == COMPLETED
    assert tasks["Set up and share the survey for staff and partners"].status_label == (
        "Completed")


def test_survey_past_its_closing_date_is_completed(evaluation):
    survey = evaluation.surveys.get(audience="staff_partners")
    survey_dates_set(survey=survey, opens_on=None, closes_on=TODAY - datetime.timedelta(days=1))
    _steps, tasks = tasks_of(evaluation, today=TODAY)
    assert tasks["Set up and share the survey for staff and partners"].status == COMPLETED


def test_monitor_completed_when_every_survey_closed_with_answers(evaluation):
    survey = evaluation.surveys.get(audience="family_carers")
    started(survey)
    for each in evaluation.surveys.all():
        survey_close(survey=each)
    _steps, tasks = tasks_of(evaluation)
    assert tasks["See who has answered"].status == COMPLETED


def test_paper_responses_in_progress(evaluation):
    import uuid

    survey = evaluation.surveys.get(audience="family_carers")
    paper_response_create(survey=survey, submission_key=uuid.uuid4(), answers={}, helped=True)
    _steps, tasks = tasks_of(evaluation)
    assert tasks["Enter paper responses"].status == IN_PROGRESS
    assert tasks["Enter paper responses"].hint == "1 paper response entered"


def test_one_survey_links_straight_to_paper_entry(council):
    small_framework()
    evaluation = evaluation_with_surveys(council, audiences=["staff_partners"])
    _steps, tasks = tasks_of(evaluation)
    assert tasks["Enter paper responses"].url.endswith("/surveys/staff_partners/paper/new/")


def test_read_only_tasks_have_no_set_up_links(evaluation):
    _steps, tasks = tasks_of(evaluation, set_up_links=False)
    assert tasks["Set up and share the survey for family carers"].url is None
    assert tasks["Enter paper responses"].url is None
    assert tasks["See who has answered"].url is not None


def test_survey_state(evaluation):
    survey = evaluation.surveys.get(audience="family_carers")
    assert survey_state(survey, TODAY) == "open"
    survey.opens_on = TODAY + datetime.timedelta(days=1)
    assert survey_state(survey, TODAY) == "not_yet_open"
    survey.opens_on, survey.closes_on = None, TODAY
    assert survey_state(survey, TODAY) == "open"
    survey.closes_on = TODAY - datetime.timedelta(days=1)
    assert survey_state(survey, TODAY) == "closed"
    survey.closes_on, survey.closed_at = None, timezone.now()
    assert survey_state(survey, TODAY) == "closed"


def test_tasks_take_one_query_for_surveys_when_not_given(evaluation,
                                                         django_assert_num_queries):
    progress = {"workshops": 0, "enablers_answered": 0, "enablers_total": 0,
                "step_two": {"chosen": 0, "completed": 0, "started": 0},
                "step_three": {"actions": 0, "domains": 0, "done": 0, "updates": 0,
                               "sign_offs": [], "reports": []}}
    with django_assert_num_queries(1):
        evaluation_tasks(evaluation=evaluation, counts={}, progress=progress)


def test_progress_takes_three_queries(evaluation, django_assert_num_queries):
    from evaluations.selectors.task_list import step_one_progress

    with django_assert_num_queries(3):
        step_one_progress(evaluation)


def test_workshops_and_council_check_progress(evaluation):
    import datetime

    from domains.models import Domain, FrameworkVersion
    from evaluations.models import EnablerAnswer

    WorkshopFactory(evaluation=evaluation, title="Spring workshop",
                    held_on=datetime.date(2026, 5, 1), place="",
                    attended_lived_experience=0, attended_family_carers=0,
                    attended_staff=0, attended_partners=0)
    questions = [
        EnablerQuestionFactory(
            domain=Domain.objects.first(), code=f"EN-{n}", text=f"Enabler {n}",
            source_url="https://example.org", framework_version=FrameworkVersion.objects.get(),
        )
        for n in range(3)
    ]
    EnablerAnswerFactory(evaluation=evaluation, question=questions[0], choice="mostly")
    _steps, tasks = tasks_of(evaluation)
    assert tasks["Record workshops"].status == IN_PROGRESS
    assert tasks["Record workshops"].hint == "1 workshop recorded"
    assert tasks["Record the council's own check"].status == IN_PROGRESS
    assert tasks["See the results"].status == IN_PROGRESS
    EnablerAnswer.objects.bulk_create(
        EnablerAnswerFactory.build(evaluation=evaluation, question=q, choice="not_yet")
        for q in questions[1:]
    )
    _steps, tasks = tasks_of(evaluation)
    assert tasks["Record the council's own check"].status == COMPLETED


def test_step_three_tasks_follow_the_plan(evaluation, facilitator):
    from actionplans.services import progress_add, sign_off_record
    from tests.factories import add_action, choose_domains

    choose_domains(evaluation, 1, 2)
    _steps, tasks = tasks_of(evaluation)
    assert tasks["Build the action plan"].status == NOT_STARTED
    assert tasks["Build the action plan"].url.endswith(f"/evaluations/{evaluation.pk}/plan/")
    assert tasks["Track progress"].status == CANNOT_START
    assert tasks["Board sign-off"].status == CANNOT_START

    first = add_action(evaluation, 1)
    _steps, tasks = tasks_of(evaluation)
    assert tasks["Build the action plan"].status == IN_PROGRESS  # domain 2 has no action
    assert tasks["Build the action plan"].hint == "1 action"
    assert tasks["Track progress"].status == NOT_STARTED
    assert tasks["Board sign-off"].status == NOT_STARTED
    assert tasks["Board sign-off"].url.endswith("/plan/sign-off/")

    add_action(evaluation, 2)
    progress_add(action=first, user=facilitator, happened_on=evaluation.period_start,
                 text="Started", status="on_track")
    sign_off_record(evaluation=evaluation, user=facilitator, meeting="Board",
                    met_on=evaluation.period_start, decision="not_approved")
    _steps, tasks = tasks_of(evaluation)
    assert tasks["Build the action plan"].status == COMPLETED
    assert tasks["Track progress"].status == IN_PROGRESS
    assert tasks["Track progress"].hint == "0 of 2 actions done"
    assert tasks["Board sign-off"].status == IN_PROGRESS
    assert tasks["Board sign-off"].hint == "Not approved yet"

    sign_off_record(evaluation=evaluation, user=facilitator, meeting="Board",
                    met_on=evaluation.period_start + datetime.timedelta(days=1),
                    decision="approved")
    _steps, tasks = tasks_of(evaluation)
    assert tasks["Board sign-off"].status == COMPLETED
    assert tasks["Reports"].status == NOT_STARTED
    assert tasks["Reports"].url.endswith("/plan/reports/")


def test_reports_task_counts_the_kinds_ready(evaluation):

    _steps, tasks = tasks_of(evaluation)
    assert tasks["Reports"].status == NOT_STARTED  # open before anything is chosen
    ReportFactory(evaluation=evaluation, state="ready", pdf=b"%PDF")
    ReportFactory(evaluation=evaluation, kind="actions", language="cy", state="failed")
    _steps, tasks = tasks_of(evaluation)
    assert (tasks["Reports"].status, tasks["Reports"].hint) == (IN_PROGRESS,
                                                                "1 of 3 reports made")
    for kind in ("easyread", "actions"):
        ReportFactory(evaluation=evaluation, kind=kind, state="ready", pdf=b"%PDF")
    _steps, tasks = tasks_of(evaluation)
    assert tasks["Reports"].status == COMPLETED
