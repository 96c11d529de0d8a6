"""A Welsh board pack and Easy Read summary carry the framework in Welsh: read back with pypdf,
they hold the Welsh of the domains, questions and Good Lives ideas they show, and none of the
English framework text (publication titles and names aside).

Uses the real framework content (fixtures/framework/), with answers in every survey, two
chosen domains and an action linked to Good Lives ideas.
"""

import io

import pytest
from pypdf import PdfReader

from actionplans.reports.documents import DOCUMENTS
from domains.models import Domain, GoodLivesAction
from domains.translation import TRANSLATED_FIELDS
from evaluations.models import Choice
from tests.actionplans.helpers import MADE_AT, words
from tests.factories import add_action, choose_domains, evaluation_with_surveys, make_responses
from tests.pdf_render import render_pdf

pytestmark = pytest.mark.django_db

@pytest.fixture
def evaluation(council, framework):
    evaluation = evaluation_with_surveys(council)
    for survey in evaluation.surveys.all():
        choice = Choice.GOOD if survey.is_easy_read else Choice.MOSTLY
        make_responses(survey, 6, choice, comment="")
    choose_domains(evaluation, 1, 5)
    ideas = list(GoodLivesAction.objects.filter(cross_references__domain__number=1)[:2])
    add_action(evaluation, 1, good_lives_actions=ideas)
    return evaluation


def pdf_text(key, evaluation, language):
    template, builder = DOCUMENTS[key]
    pdf = render_pdf(template, builder(evaluation, made_at=MADE_AT), language=language)
    return words(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))


def english_framework_texts():
    """Each English framework text that differs from its Welsh, as its first eight words (a
    PDF may wrap or cut a long text, but never begins it in the other language)."""
    texts = set()
    for model, names in TRANSLATED_FIELDS.items():
        for row in model.objects.all():
            for name in names:
                english, welsh = getattr(row, f"{name}_en") or "", getattr(row, f"{name}_cy")
                opening = " ".join(words(english).split()[:8])
                if len(opening.split()) >= 3 and english != welsh:
                    texts.add(opening)
    return texts


@pytest.mark.parametrize("key", ["board", "easyread"])
def test_the_welsh_pdf_has_no_english_framework_text(evaluation, key):
    text = pdf_text(key, evaluation, "cy")
    english = sorted(opening for opening in english_framework_texts() if opening in text)
    assert english == []
    domain = Domain.objects.get(number=1)
    shown = domain.title_cy if key == "board" else domain.easy_read_summary_cy.split(".")[0]
    assert words(shown) in text


@pytest.mark.parametrize("key", ["board", "easyread"])
def test_the_english_pdf_has_the_english(evaluation, key):
    """The check above can fail: the English PDF is full of English framework text."""
    text = pdf_text(key, evaluation, "en")
    assert any(opening in text for opening in english_framework_texts())
