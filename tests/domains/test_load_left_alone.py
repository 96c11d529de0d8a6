"""load_framework upgrades only what nobody changed since the last load: an administrator's
change is kept, and listed after the summary line."""

import pytest

from domains.models import Domain, SurveyQuestion
from domains.services import revisioned_item_save
from tests.domains.helpers import edit, load

pytestmark = pytest.mark.django_db

ADMIN_TEXT = "Does the council really listen to people with a learning disability?"
FILE_TEXT = "Does the council listen to you?"


def admin_rewords(code, text=ADMIN_TEXT):
    question = SurveyQuestion.objects.get(code=code, is_current=True)
    question.text_en = text
    return revisioned_item_save(item=question)


def file_rewords(content, position, text):
    def change(data):
        data["survey_questions"]["lived_experience"][position]["text"] = text
    edit(content / "domains" / "d1.yaml", change)


def current(code):
    return SurveyQuestion.objects.get(code=code, is_current=True)


def test_an_administrators_wording_is_kept_when_the_files_change_it_too(content):
    load(content)
    edited = admin_rewords("D1-LE-1")
    file_rewords(content, 0, FILE_TEXT)
    lines = load(content)
    assert current("D1-LE-1") == edited and current("D1-LE-1").text_en == ADMIN_TEXT
    assert any("left alone: survey question D1-LE-1" in line for line in lines), lines
    assert not SurveyQuestion.objects.filter(text_en=FILE_TEXT).exists()


def test_an_administrators_wording_is_kept_when_the_files_did_not_change(content):
    load(content)
    admin_rewords("D1-LE-1")
    lines = load(content)
    assert current("D1-LE-1").text_en == ADMIN_TEXT
    assert any("D1-LE-1" in line for line in lines[1:]), lines
    again = load(content)  # still left alone, and still said
    assert current("D1-LE-1").text_en == ADMIN_TEXT and len(again) == len(lines)


def test_wording_nobody_changed_is_upgraded(content):
    load(content)
    admin_rewords("D1-LE-1")
    file_rewords(content, 1, FILE_TEXT)
    lines = load(content)
    assert current("D1-LE-2").text_en == FILE_TEXT and current("D1-LE-2").revision == 2
    assert not any("D1-LE-2" in line for line in lines), lines


def test_other_fields_of_an_item_are_upgraded_beside_the_administrators_change(content):
    load(content)
    Domain.objects.filter(number=1).update(title_en="Leadership (our words)")

    def change(data):
        data["summary"] = "A new summary of domain one."
    edit(content / "domains" / "d1.yaml", change)
    lines = load(content)
    domain = Domain.objects.get(number=1)
    assert domain.title_en == "Leadership (our words)"
    assert domain.summary_en == "A new summary of domain one."
    assert any("left alone: domain" in line and "title [en]" in line for line in lines), lines


def test_once_the_files_agree_with_the_administrator_nothing_is_left_alone(content):
    load(content)
    admin_rewords("D1-LE-1")
    file_rewords(content, 0, ADMIN_TEXT)
    lines = load(content)
    assert len(lines) == 1, lines
    assert current("D1-LE-1").text_en == ADMIN_TEXT
    file_rewords(content, 0, FILE_TEXT)  # later file changes are loaded again
    load(content)
    assert current("D1-LE-1").text_en == FILE_TEXT
