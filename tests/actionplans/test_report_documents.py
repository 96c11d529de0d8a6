"""The three PDF documents (actionplans/reports): board pack, Easy Read summary, action plan.

Each is rendered with tests.pdf_render.render_pdf and read back with pypdf.
"""

import datetime
import io
import re
import uuid

import pytest
from django.core.management import call_command
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pypdf import PdfReader

from actionplans.models import Action, SignOff, Status, Timescale
from actionplans.reports.documents import (
    DOCUMENTS,
    action_plan_context,
    board_pack_context,
    easy_read_context,
)
from domains.easy_read import easy_read_title
from domains.models import Audience, CrossReference, Domain
from evaluations.models import ChosenDomain, Evaluation
from evaluations.selectors.surveys import survey_items
from evaluations.services.responses import paper_response_create
from evaluations.services.step_two import domain_choice_save
from tests.actionplans.helpers import MADE_AT, words
from tests.factories import ActionFactory, ProgressUpdateFactory
from tests.pdf_render import render_pdf

pytestmark = pytest.mark.django_db

@pytest.fixture
def evaluation(framework_evaluation):
    return framework_evaluation


def read(pdf):
    reader = PdfReader(io.BytesIO(pdf))
    return reader, [words(page.extract_text()) for page in reader.pages]


def catalog(reader):
    return reader.trailer["/Root"]


@pytest.fixture
def demo(framework):
    call_command("seed_demo", stdout=io.StringIO())
    return Evaluation.objects.get(title__endswith="(demo)")


# The demo, read back ------------------------------------------------------------------------


def render(key, evaluation, **kwargs):
    """The document's context, its PDF read back, and the text of each page."""
    template, builder = DOCUMENTS[key]
    context = builder(evaluation, made_at=MADE_AT)
    reader, pages = read(render_pdf(template, context, **kwargs))
    return context, reader, pages


def assert_tagged_with_the_plan(demo, context, reader, pages, *, codes=True, easy_read=False):
    """Titled, in English, tagged, more than one page, with every chosen domain and every
    action of the demo (and, unless `codes` is False, their Good Lives codes). Easy Read
    gives a domain's Easy Read title, and an action's Easy Read title when it has one."""
    text = " ".join(pages)
    assert context["evaluation"] == demo and context["council"] == demo.council
    assert context["made_at"] == MADE_AT
    assert len(reader.pages) > 1
    assert reader.metadata.title == str(context["title"])
    assert demo.title in reader.metadata.title
    assert str(catalog(reader)["/Lang"]) == "en"
    assert "/StructTreeRoot" in catalog(reader)
    chosen = list(ChosenDomain.objects.filter(evaluation=demo).select_related("domain"))
    assert len(chosen) == 2
    for item in chosen:
        title = easy_read_title(item.domain) if easy_read else item.domain.title
        assert words(title) in text, title
    actions = list(Action.objects.filter(evaluation=demo).prefetch_related("good_lives_actions"))
    assert len(actions) == 9
    for action in actions:
        title = action.easy_title if easy_read else action.title
        assert words(title) in text, title
        for item in action.good_lives_actions.all() if codes else []:
            assert item.code in text


def test_board_pack_of_the_demo(demo):
    context, reader, pages = render("board", demo)
    assert_tagged_with_the_plan(demo, context, reader, pages)
    cover, contents, text = pages[0], pages[1], " ".join(pages)
    assert demo.council.name in cover and demo.title in cover
    assert "Report for the Learning Disability Partnership Board" in cover
    assert "14 May 2026" in cover

    # The contents page gives each section's page number, and the heading is on that page.
    listed = {}
    for title in ("Summary", "Step 1: results for every domain",
                  "Step 2: the domains we chose and why", "Step 3: the action plan",
                  "Progress", "Board sign-off", "Appendix: how this report was made"):
        match = re.search(re.escape(title) + r" (\d+)", contents)
        assert match, f"{title} has no page number on the contents page"
        listed[title] = int(match.group(1))
        assert title in pages[listed[title] - 1], (title, listed[title])
    assert listed["Summary"] < listed["Step 3: the action plan"] < listed["Progress"]
    # The running header on every page after the cover.
    header = f"{demo.council.name} · {demo.title} · 14 May 2026"
    assert all(header in page for page in pages[1:])

    for heading in ("Who took part", "Survey responses sent", "Live vote voters",
                    "What stands out", "The council's own check", "Direction of travel",
                    "Who took part in deciding", "Key findings", "Overdue actions",
                    "Approved with changes", "Small numbers are not shown",
                    "The frameworks used"):
        assert heading in text, heading
    for domain in Domain.objects.all():  # step 1 results for every domain
        assert words(f"{domain.title}: score and answers from each voice") in text
    framework = demo.framework_version
    for fact in (framework.title, framework.version, framework.good_lives_title,
                 framework.good_lives_publisher):
        assert words(fact) in text
    assert "Faces (people with lived experience, live votes)" in text


def test_easy_read_summary_of_the_demo(demo):
    context, reader, pages = render("easyread", demo)
    # Easy Read leaves the Good Lives codes out: they mean nothing to its readers.
    assert_tagged_with_the_plan(demo, context, reader, pages, codes=False, easy_read=True)
    text = " ".join(pages)
    assert "What we asked" in text and "What we will do" in text
    assert "They told us" in text and "out of 100." in text
    assert "We have done this." in text and "This is late." in text
    # The demo council has no contact details: the booklet says who to ask instead.
    assert "Ask the person who gave you this survey." in text
    html = render_to_string("reports/easy_read.html", context)
    assert 'class="easy-read' in html
    images = re.findall(r"<img [^>]*>", html)
    assert len(images) >= 15 and all(' alt="' in tag for tag in images)


def test_action_plan_of_the_demo_is_landscape(demo):
    context, reader, pages = render("actions", demo)
    assert_tagged_with_the_plan(demo, context, reader, pages)
    for page in reader.pages:
        assert page.mediabox.width > page.mediabox.height  # A4 landscape
    text = " ".join(pages)
    assert "9 actions in the plan." in text and "2 overdue." in text
    assert text.count("Overdue") >= 3  # the counts' heading and the two late actions
    # The table's headers are repeated on every page it runs onto; the list of where the
    # linked Good Lives ideas come from follows the tables.
    key = "Where the ideas linked to Good Lives come from"
    assert key in pages[-1]
    assert all("What will happen" in page for page in pages if key not in page)
    assert "GL-A10 From Learning Disability England's “Good Lives Manifesto 2024”" in (
        text.replace("’", "'"))
    assert "GL-A24 An example from Lancashire" in text


# Welsh ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["board", "easyread", "actions"])
def test_rendering_in_welsh_sets_the_language(evaluation, key):
    _context, reader, pages = render(key, evaluation, language="cy")
    assert str(catalog(reader)["/Lang"]) == "cy"
    assert evaluation.title in reader.metadata.title
    assert "Mai 2026" in " ".join(pages)  # dates in Welsh: 14 May 2026


# Small numbers --------------------------------------------------------------------------------


@pytest.fixture
def small_numbers(evaluation, facilitator):
    """Six people with lived experience answered every question "good"; two family carers
    answered, one "Yes, all the time" and one "Sometimes" (a score of 66 if it were shown);
    nobody from staff. The threshold is 5. Domain 1 is chosen for step 2."""
    council = evaluation.council
    council.small_number_threshold = 5
    council.save()
    lived = evaluation.surveys.get(audience=Audience.LIVED_EXPERIENCE)
    for _n in range(6):
        paper_response_create(survey=lived, submission_key=uuid.uuid4(), helped=False,
                              answers={item: ("good", "") for item in survey_items(lived)})
    carers = evaluation.surveys.get(audience=Audience.FAMILY_CARERS)
    for choice in ("all_the_time", "sometimes"):
        paper_response_create(survey=carers, submission_key=uuid.uuid4(), helped=False,
                              answers={item: (choice, "") for item in survey_items(carers)})
    domain_choice_save(
        evaluation=evaluation, user=facilitator, decided_on=datetime.date(2026, 5, 1),
        took_part={"lived_experience": 3}, how_decided="",
        choices={Domain.objects.get(number=1): ("improve", "")})
    return evaluation


def test_a_voice_with_too_few_people_shows_no_score_or_counts(small_numbers):
    for key in ("board", "easyread"):
        context, _reader, pages = render(key, small_numbers)
        html = render_to_string(DOCUMENTS[key][0], context)
        text = " ".join(pages)
        wording = {"board": "Fewer than 5 people gave a score",
                   "easyread": "Fewer than 5 people told us what they think"}[key]
        assert wording in text, key
        assert not re.search(r"\b66\b", text), key  # the carers' score
        # The carers' answers, counted: one "Yes, all the time" and one "Sometimes".
        assert "Yes, all the time:" not in html, key
        assert "Sometimes: 1" not in text and "Sometimes 1" not in text, key
        assert "Family carers" in text, key
        # People with lived experience are enough to be shown: a score of 100.
        if key == "board":
            assert "People with lived experience 100 " in text
        else:
            assert "images/faces/good.svg" in html and "That is 100 out of 100." in text


# Queries ---------------------------------------------------------------------------------------


def add_plan(evaluation, count):
    """`count` actions over two chosen domains, each with two Good Lives links and two
    progress updates, and a board sign-off."""
    domains = list(Domain.objects.filter(number__in=[2, 4]).order_by("number"))
    for domain in domains:
        ChosenDomain.objects.get_or_create(evaluation=evaluation, domain=domain,
                                           defaults={"reason": "improve"})
    links = {d.pk: [c.action for c in CrossReference.objects.filter(domain=d)
                    .select_related("action")[:2]] for d in domains}
    today = timezone.localdate()
    for n in range(count):
        domain = domains[n % 2]
        action = ActionFactory(
            evaluation=evaluation, domain=domain, title=f"Action number {n}",
            description="What will happen.", lead_name="A lead", lead_role="A role",
            timescale=Timescale.NOW, due_on=today + datetime.timedelta(days=n - 3),
            success_measure="We will know.", status=Status.values[n % len(Status.values)],
            co_produced_with=["lived_experience"])
        action.good_lives_actions.set(links[domain.pk])
        for days in (2, 1):
            ProgressUpdateFactory(
                action=action, happened_on=today - datetime.timedelta(days=days),
                text=f"Update {days}", status_before=Status.NOT_STARTED,
                status_after=action.status)
    SignOff.objects.get_or_create(evaluation=evaluation, meeting="Board", met_on=today,
                                  decision=SignOff.Decision.APPROVED)


def queries(builder, template, evaluation):
    evaluation = Evaluation.objects.get(pk=evaluation.pk)
    with CaptureQueriesContext(connection) as built:
        context = builder(evaluation)
    with CaptureQueriesContext(connection) as rendered:
        render_to_string(template, context)
    return len(built.captured_queries), len(rendered.captured_queries)


@pytest.mark.parametrize("key", ["board", "easyread", "actions"])
def test_queries_do_not_grow_with_the_plan(evaluation, key):
    template, builder = DOCUMENTS[key]
    add_plan(evaluation, 5)
    few = queries(builder, template, evaluation)
    add_plan(evaluation, 55)
    assert Action.objects.filter(evaluation=evaluation).count() == 60
    many = queries(builder, template, evaluation)
    assert few == many
    assert many[1] == 0  # rendering runs no queries: the builder fetched everything


def test_documents_list_the_three_builders():
    assert DOCUMENTS == {
        "board": ("reports/board_pack.html", board_pack_context),
        "easyread": ("reports/easy_read.html", easy_read_context),
        "actions": ("reports/action_plan.html", action_plan_context),
    }
