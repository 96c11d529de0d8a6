"""Where each idea linked to Good Lives comes from, and which part of a domain page each "what
good looks like" statement paraphrases: the loader reads and checks it, the shipped content
has it for every item, and every page and PDF that shows these items says it in plain words."""

import datetime
import html
import io
import re

import pytest
import yaml
from django.core.management import CommandError
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from pypdf import PdfReader

from actionplans.reports.documents import DOCUMENTS
from domains.framework_files import (
    ACTION_KINDS,
    FRAMEWORK_DIR,
    LISTING_URL,
    FrameworkDataError,
    read_framework,
)
from domains.models import GoodLivesAction, GoodLivesTheme, Statement
from tests.domains.helpers import edit, load, table_snapshot
from tests.factories import add_action, choose_domains, evaluation_with_surveys
from tests.pdf_render import render_pdf

pytestmark = pytest.mark.django_db

MANIFESTO = "From Learning Disability England’s “Good Lives Manifesto 2024”"


def shipped_actions():
    data = yaml.safe_load((FRAMEWORK_DIR / "good_lives.yaml").read_text(encoding="utf-8"))
    return [action for theme in data["themes"] for action in theme["actions"]]


def action_in(data, code):
    return next(action for theme in data["themes"] for action in theme["actions"]
                if action["code"] == code)


ENGLISH_NAME = re.compile(r'<span lang="en">(.*?)</span>')


def words(provenance):
    """Provenance as words: the publication and chapter titles it marks as English, unmarked."""
    return html.unescape(ENGLISH_NAME.sub(r"\1", str(provenance)))


def text(response):
    return words(response.content.decode())


# The shipped content ------------------------------------------------------------------------


def test_every_good_lives_action_says_what_it_is_and_cites_a_stable_page():
    for action in shipped_actions():
        assert action["kind"] in ACTION_KINDS, action["code"]
        assert not LISTING_URL.search(action["source_url"]), action["code"]
        if action["kind"] == "framework":
            assert action.get("chapter"), action["code"]
        if action["kind"] == "publication":
            assert action.get("publication"), action["code"]
        if action["kind"] == "local_example":
            assert action.get("place") and action.get("place_cy"), action["code"]
    meta = yaml.safe_load((FRAMEWORK_DIR / "framework.yaml").read_text(encoding="utf-8"))
    assert not LISTING_URL.search(meta["good_lives_source_url"])


# "Good Lives asks…" credits the framework with what another publication (or a person) said.
CREDITED_TO_GOOD_LIVES = re.compile(
    r"\bGood Lives (asks|ask|suggests|wants|says|aim)\b|a (core )?Good Lives (aim|ask)\b"
    r"|\bMae Good Lives yn (galw|gofyn|awgrymu)|\b(nodau|ofynion craidd) Good Lives\b")


def test_why_an_idea_is_suggested_credits_its_real_source(framework):
    from domains.models import CrossReference

    for link in CrossReference.objects.select_related("action"):
        if link.action.kind == GoodLivesAction.Kind.FRAMEWORK:
            continue
        for reason in (link.reason_en, link.reason_cy):
            assert not CREDITED_TO_GOOD_LIVES.search(reason), (link, reason)


def test_loaded_ideas_keep_their_kind(framework):
    current = GoodLivesAction.objects.filter(is_current=True)
    assert current.count() == len(shipped_actions())
    assert not current.filter(kind="framework", chapter__isnull=True).exists()
    assert not current.filter(source_url__contains="/tag/").exists()
    manifesto = GoodLivesAction.objects.get(code="GL-A06")
    assert (manifesto.kind, manifesto.publication, manifesto.published_in, manifesto.ours) == (
        "publication", "Good Lives Manifesto 2024", 2024, False)
    lancashire = GoodLivesAction.objects.get(code="GL-A23")
    assert (lancashire.kind, lancashire.place_en, lancashire.place_cy) == (
        "local_example", "Lancashire", "Swydd Gaerhirfryn")
    chapter = GoodLivesTheme.objects.get(code="GL-T5")
    assert (chapter.ours, chapter.chapter, chapter.chapter_title) == (
        False, 4, "To love and be loved")
    assert not GoodLivesTheme.objects.filter(ours=False, chapter__isnull=True).exists()
    with translation.override("en"):
        assert words(manifesto.provenance) == MANIFESTO
        assert words(lancashire.provenance) == "An example from Lancashire"
        assert words(chapter.provenance) == "From Good Lives, chapter 4: To love and be loved"
        assert GoodLivesTheme.objects.get(code="GL-T1").provenance == (
            "Our grouping, not a Good Lives chapter")


def test_each_statement_names_the_section_it_paraphrases(framework):
    statements = Statement.objects.filter(is_current=True)
    assert not statements.filter(ours=False, section="").exists()
    assert not statements.filter(ours=True).exclude(section="").exists()
    assert statements.get(code="D1-WG-6").section == "introduction"
    assert statements.get(code="D1-WG-1").section == "what_good_looks_like"
    assert set(statements.filter(code__startswith="D3-").values_list("section", flat=True)) == {
        "introduction"}
    six = statements.filter(code__startswith="D6-")
    assert not six.filter(source_url__contains="people-learning-7").exists()
    with translation.override("en"):
        assert statements.get(code="D1-WG-6").provenance == (
            "From the “Introduction” section of the framework page")
        assert six.first().provenance == "Written by Better Lives"


# The loader's checks --------------------------------------------------------------------------


@pytest.mark.parametrize("change, message", [
    (lambda a: a.update(kind="blog"),
     r"Good Lives action GL-A06: kind must be one of framework, publication, local_example, "
     r"ours, not 'blog'"),
    (lambda a: a.pop("kind"), r"Good Lives action GL-A06 is missing kind"),
    (lambda a: a.update(kind="framework", publication=""),
     r"Good Lives action GL-A06 \(kind framework\) is missing chapter"),
    (lambda a: a.update(kind="local_example"),
     r"Good Lives action GL-A06 \(kind local_example\) is missing place"),
    (lambda a: a.update(published_in="May 2024"),
     r"Good Lives action GL-A06: published_in must be a year"),
    (lambda a: a.update(chapter=4), r"Good Lives action GL-A06: only an idea of kind framework"),
    (lambda a: a.update(ours=True), r"Good Lives action GL-A06: ours says True but kind is"),
    (lambda a: a.update(source_url="https://www.learningdisabilityengland.org.uk/tag/new/page/10"),
     r"Good Lives action GL-A06: source_url .* is a listing page"),
])
def test_a_bad_idea_is_refused_and_nothing_changes(content, change, message):
    load(content)
    before = table_snapshot()
    edit(content / "good_lives.yaml", lambda data: change(action_in(data, "GL-A06")))
    with pytest.raises(CommandError, match=message):
        load(content)
    assert table_snapshot() == before


def test_a_theme_not_ours_must_be_a_chapter(content):
    edit(content / "good_lives.yaml", lambda data: data["themes"][4].pop("chapter"))
    with pytest.raises(FrameworkDataError, match=r"Theme GL-T5: a theme that is not ours must "
                                                 r"say which Good Lives chapter"):
        read_framework(content)


def test_a_theme_of_our_own_has_no_chapter(content):
    edit(content / "good_lives.yaml", lambda data: data["themes"][0].update(chapter=1))
    with pytest.raises(FrameworkDataError, match=r"Theme GL-T1: a theme of our own grouping"):
        read_framework(content)


@pytest.mark.parametrize("change, message", [
    (lambda s: s.update(section="summary"),
     r"Domain D1 statement D1-WG-1: section must be one of what_good_looks_like, introduction"),
    (lambda s: s.pop("section"), r"Domain D1 statement D1-WG-1: section must be one of"),
    (lambda s: s.update(ours=True), r"Domain D1 statement D1-WG-1: an item of our own"),
])
def test_a_statement_must_name_its_section(content, change, message):
    edit(content / "domains" / "d1.yaml", lambda data: change(data["statements"][0]))
    with pytest.raises(FrameworkDataError, match=message):
        read_framework(content)


def test_a_framework_idea_with_its_chapter_loads(content):
    def make_framework(data):
        action = action_in(data, "GL-A23")
        action.update(kind="framework", chapter=4, chapter_title="To love and be loved")
        for key in ("place", "place_cy", "publication"):
            action.pop(key)
    edit(content / "good_lives.yaml", make_framework)
    load(content)
    action = GoodLivesAction.objects.get(code="GL-A23")
    with translation.override("en"):
        assert words(action.provenance) == "From Good Lives, chapter 4: To love and be loved"
    assert load(content)[1:] == []  # nothing changes the second time


# Pages and PDFs -------------------------------------------------------------------------------


def test_the_library_is_titled_for_what_it_is_and_shows_provenance(client, framework):
    page = text(client.get(reverse("domains:good_lives")))
    assert "<h1 class=\"govuk-heading-xl\">Ideas for action linked to Good Lives</h1>" in page
    assert "Good Lives ideas for change" not in page
    assert MANIFESTO in page
    assert "Our grouping, not a Good Lives chapter" in page
    chapter = text(client.get(reverse("domains:good_lives"), {"theme": "GL-T5"}))
    assert "From Good Lives, chapter 4: To love and be loved" in chapter
    assert "An example from Lancashire" in chapter


def test_a_domain_page_shows_sections_and_provenance(client, framework):
    page = text(client.get(reverse("domains:detail", kwargs={"number": 1})))
    assert "From the “What good looks like” section of the framework page" in page
    assert "From the “Introduction” section of the framework page" in page
    linked = page.split("Ideas for action linked to Good Lives")[1]
    assert "Paraphrased from the source" not in linked


@pytest.fixture
def plan(council, framework):
    evaluation = evaluation_with_surveys(council)
    choose_domains(evaluation, 1)
    ideas = list(GoodLivesAction.objects.filter(code__in=["GL-A06", "GL-A23"]))
    return add_action(evaluation, 1, good_lives_actions=ideas)


def test_the_action_pages_show_provenance(client, facilitator, plan):
    client.force_login(facilitator)
    evaluation = plan.evaluation
    kwargs = {"council_slug": evaluation.council.slug, "pk": evaluation.pk}
    page = text(client.get(reverse("actionplans:action", kwargs={**kwargs,
                                                                 "action_pk": plan.pk})))
    assert MANIFESTO in page and "An example from Lancashire" in page
    library = text(client.get(reverse("actionplans:good_lives", kwargs=kwargs),
                              {"domain": 1}))
    assert "Ideas for action linked to Good Lives, for the plan" in library
    assert MANIFESTO in library
    form = text(client.get(reverse("actionplans:action_create",
                                   kwargs={**kwargs, "number": 1})))
    assert MANIFESTO in form  # the suggestions' hints say where each idea comes from
    overview = text(client.get(reverse("actionplans:plan", kwargs=kwargs)))
    assert "GL-A23 <span class=\"govuk-body-s\">(An example from Lancashire)</span>" in overview


def pdf_words(key, evaluation, language="en"):
    template, builder = DOCUMENTS[key]
    pdf = render_pdf(template, builder(evaluation, made_at=datetime.datetime(
        2026, 5, 14, 10, 30, tzinfo=datetime.UTC)), language=language)
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    text = re.sub(r"-[ \t]*\n\s*", "-", text.replace("\u2019", "'"))
    return " ".join(text.split())


@pytest.mark.parametrize("key", ["board", "actions"])
def test_the_pdfs_show_provenance(plan, key):
    words = pdf_words(key, plan.evaluation)
    assert MANIFESTO.replace("’", "'") in words
    assert "An example from Lancashire" in words


# Welsh ----------------------------------------------------------------------------------------


def test_a_welsh_page_gives_the_provenance_in_welsh(client, framework):
    client.cookies["django_language"] = "cy"
    page = text(client.get(reverse("domains:good_lives"), {"theme": "GL-T5"},
                           HTTP_ACCEPT_LANGUAGE="cy"))
    assert '<html lang="cy"' in page
    with translation.override("cy"):
        # The place is the fixture's Welsh; the words around it are the Welsh UI string.
        expected = gettext("An example from %(place)s") % {"place": "Swydd Gaerhirfryn"}
        chapter = gettext("From Good Lives, chapter %(chapter)s: %(title)s") % {
            "chapter": 4, "title": "To love and be loved"}
    assert expected in page and "Lancashire" not in page.split("<main")[1]
    assert chapter in page


def test_a_welsh_pdf_gives_the_provenance_in_welsh(plan):
    words = pdf_words("board", plan.evaluation, "cy")
    with translation.override("cy"):
        expected = gettext("An example from %(place)s") % {"place": "Swydd Gaerhirfryn"}
    assert expected in words
