"""The three reports made in Welsh: headings, labels and the choice labels they print come from
the Welsh catalogue (locale/cy), the PDF says it is in Welsh, and English still gives English.

A small evaluation (tests.factories.small_framework) with one chosen domain and one action is
rendered with tests.pdf_render.render_pdf and read back with pypdf, as in
test_report_documents.py.
"""

import io
import re

import pytest
from django.utils import translation
from pypdf import PdfReader

from actionplans.models import Group, Report, SignOff, Status, Timescale
from actionplans.reports.documents import DOCUMENTS
from domains.easy_read import easy_read_title
from domains.models import Audience, Domain
from evaluations.models import Choice, ChoiceReason, CommentTag, StatementRating
from evaluations.scores import Voice
from tests.actionplans.helpers import MADE_AT, words
from tests.pdf_render import render_pdf

pytestmark = pytest.mark.django_db

@pytest.fixture
def evaluation(evaluation_with_one_action):
    return evaluation_with_one_action


def render(key, evaluation, language):
    """The PDF of one document in `language`: its reader and its text, page by page."""
    template, builder = DOCUMENTS[key]
    pdf = render_pdf(template, builder(evaluation, made_at=MADE_AT), language=language)
    reader = PdfReader(io.BytesIO(pdf))
    return reader, [words(page.extract_text()) for page in reader.pages]


# What each document says in each language: (title, Welsh, English). Every Welsh phrase has
# its English one at the same place, and neither may appear in the other language's PDF.
# None of them is in the evaluation's own content (titles and texts from the database).
DOCUMENT_WORDS = {
    "board": (
        ("Pecyn y bwrdd: Better Lives 2026", "Board pack: Better Lives 2026"),
        [
            ("Cynnwys", "Contents"),
            ("Crynodeb", "Summary"),
            ("Adroddiad ar gyfer y Bwrdd Partneriaeth Anabledd Dysgu",
             "Report for the Learning Disability Partnership Board"),
            ("Cam 1: canlyniadau pob maes", "Step 1: results for every domain"),
            ("Cam 3: y cynllun gweithredu", "Step 3: the action plan"),
            ("Pwy gymerodd ran", "Who took part"),
            ("Pobl â phrofiad bywyd", "People with lived experience"),
            ("Gwiriad y cyngor ei hun", "The council's own check"),
            ("Beth fydd yn digwydd", "What will happen"),
            ("Arweinydd", "Lead"),
            ("Statws", "Status"),
            ("Heb ddechrau", "Not started"),
            ("(O fewn 6 mis)", "(Within 6 months)"),
            ("Pam: Mae angen ei wella", "Why: It needs improving"),
            ("Nid yw'r bwrdd wedi cymeradwyo'r cynllun eto.",
             "The board has not signed off the plan yet."),
            ("Atodiad: sut y lluniwyd yr adroddiad hwn", "Appendix: how this report was made"),
            ("Ie, bob amser", "Yes, all the time"),
            ("Tudalen 2 o", "Page 2 of"),
            ("14 Mai 2026", "14 May 2026"),
        ],
    ),
    "easyread": (
        ("Crynodeb Hawdd ei Ddeall: Better Lives 2026", "Easy Read summary: Better Lives 2026"),
        [
            ("Beth ddywedoch chi wrthym, a beth fyddwn ni'n ei wneud",
             "What you told us, and what we will do"),
            ("Hawdd ei Ddeall", "Easy Read"),
            ("Beth wnaethon ni ei ofyn", "What we asked"),
            ("Beth ddywedodd pobl wrthym", "What people told us"),
            ("Pobl ag anabledd dysgu", "People with a learning disability"),
            ("Dewison ni hwn oherwydd bod angen iddo wella.",
             "We chose this because it needs to get better."),
            ("Beth fyddwn ni'n ei wneud", "What we will do"),
            ("Mae 1 peth i'w wneud ynddo.", "We made a plan with 1 thing to do."),
            ("Dydyn ni ddim wedi dechrau hyn eto.", "We have not started this yet."),
            ("Rhagor o wybodaeth", "Find out more"),
            ("Mae'r Bwrdd Partneriaeth Anabledd Dysgu yn gwirio'r cynllun.",
             "The Learning Disability Partnership Board checks the plan."),
            ("ym mis Mai 2026", "in May 2026"),
        ],
    ),
    "actions": (
        ("Cynllun gweithredu: Better Lives 2026", "Action plan: Better Lives 2026"),
        [
            ("Cipolwg ar y cynllun", "The plan at a glance"),
            ("1 cam gweithredu yn y cynllun.", "1 action in the plan."),
            ("Pam y cafodd ei ddewis: Mae angen ei wella", "Why it was chosen: It needs improving"),
            ("Cam gweithredu", "Action"),
            ("Beth fydd yn digwydd", "What will happen"),
            ("Arweinydd", "Lead"),
            ("Dyddiad targed", "Due date"),
            ("Statws", "Status"),
            ("Heb ddechrau", "Not started"),
            ("O fewn 6 mis", "Within 6 months"),
            ("Ar y trywydd iawn", "On track"),
            ("Sut y byddwn yn gwybod ei fod wedi gweithio:", "We will know it worked when:"),
            ("Dim wedi'u cysylltu", "None linked"),
            ("Gwnaed ar 14 Mai 2026.", "Made on 14 May 2026."),
        ],
    ),
}
# The Easy Read summary of the small framework's domain says "Easy Read summary." itself.
IN_THE_CONTENT = {"easyread": {"Easy Read"}}


@pytest.mark.parametrize("key", ["board", "easyread", "actions"])
def test_a_report_made_in_welsh_is_in_welsh(evaluation, key):
    reader, pages = render(key, evaluation, "cy")
    text = " ".join(pages)
    (title, english_title), phrases = DOCUMENT_WORDS[key]
    assert str(reader.trailer["/Root"]["/Lang"]) == "cy"
    assert reader.metadata.title == title
    assert evaluation.title in text  # content stays as entered
    # Easy Read names a domain in its Easy Read words, the others by its title.
    with translation.override("cy"):
        domain = Domain.objects.get(number=1)
        name = easy_read_title(domain) if key == "easyread" else domain.title
    assert words(name) in text
    for welsh, english in phrases:
        assert words(welsh) in text, welsh
        if english not in IN_THE_CONTENT.get(key, ()):
            assert not re.search(rf"(?<!\w){re.escape(english)}(?!\w)", text), english


@pytest.mark.parametrize("key", ["board", "easyread", "actions"])
def test_a_report_made_in_english_is_still_in_english(evaluation, key):
    reader, pages = render(key, evaluation, "en")
    text = " ".join(pages)
    (_title, english_title), phrases = DOCUMENT_WORDS[key]
    assert str(reader.trailer["/Root"]["/Lang"]) == "en"
    assert reader.metadata.title == english_title
    for welsh, english in phrases:
        assert english in text, english
        assert words(welsh) not in text, welsh


def test_the_welsh_contents_page_gives_each_section_its_page(evaluation):
    _reader, pages = render("board", evaluation, "cy")
    contents = next(page for page in pages if page.startswith("Cynnwys"))
    for title in ("Crynodeb", "Cam 1: canlyniadau pob maes",
                  "Cam 2: y meysydd a ddewiswyd gennym a pham",
                  "Cam 2: beth a ganfu'r adolygiadau manwl", "Cam 3: y cynllun gweithredu",
                  "Cynnydd", "Cymeradwyaeth y bwrdd", "Atodiad: sut y lluniwyd yr adroddiad hwn"):
        match = re.search(re.escape(title) + r" (\d+)", contents)
        assert match, f"{title} has no page number on the contents page"
        assert title in pages[int(match.group(1)) - 1], title


def test_welsh_counts_take_the_welsh_plural_forms():
    """Welsh has four plural forms in the catalogue: one, two, other, and eight or eleven."""
    # Named, not written in the call, so that makemessages does not list this file.
    singular, plural = "%(counter)s action in the plan.", "%(counter)s actions in the plan."
    with translation.override("cy"):
        said = {n: translation.ngettext(singular, plural, n) % {"counter": n}
                for n in (1, 2, 3, 8, 11, 20)}
    assert said == {
        1: "1 cam gweithredu yn y cynllun.",
        2: "2 gam gweithredu yn y cynllun.",
        3: "3 o gamau gweithredu yn y cynllun.",
        8: "8 o gamau gweithredu yn y cynllun.",
        11: "11 o gamau gweithredu yn y cynllun.",
        20: "20 o gamau gweithredu yn y cynllun.",
    }


# Choice labels that are the same word in Welsh.
SAME_IN_WELSH = {"Staff"}


@pytest.mark.parametrize("choices", [
    Status, Timescale, Group, SignOff.Decision, Report.Kind, Report.State, Voice, ChoiceReason,
    StatementRating.Rating, Choice, CommentTag, Audience,
], ids=lambda choices: choices.__qualname__)
def test_every_choice_label_the_reports_print_has_a_welsh_translation(choices):
    with translation.override("en"):
        english = [str(label) for label in choices.labels]
    with translation.override("cy"):
        welsh = [str(label) for label in choices.labels]
    untranslated = [e for e, w in zip(english, welsh, strict=True)
                    if e == w and e not in SAME_IN_WELSH]
    assert not untranslated
