"""The framework in Welsh: every text people read is loaded in English and Welsh, a Welsh page
reads the Welsh, Welsh given for the first time fills in the same revision, changed Welsh is
new wording, and the files say their Welsh awaits review by a Welsh speaker."""

import pytest
import yaml
from django.utils import translation

from domains.framework_files import FRAMEWORK_DIR, FrameworkDataError, read_framework
from domains.models import Domain, LoadedContent, SurveyQuestion
from domains.translation import TRANSLATED_FIELDS
from tests.domains.helpers import edit, load

pytestmark = pytest.mark.django_db


@pytest.fixture
def framework():
    load()


def test_every_text_people_read_has_its_welsh(framework):
    missing = []
    for model, names in TRANSLATED_FIELDS.items():
        rows = model.objects.all()
        if hasattr(model, "is_current"):
            rows = rows.filter(is_current=True)
        assert rows.exists(), model
        for row in rows:
            for name in names:
                english, welsh = getattr(row, f"{name}_en"), getattr(row, f"{name}_cy")
                if english and (not welsh or welsh == english):
                    missing.append(f"{model.__name__} {row.pk} {name}")
    assert missing == []


def test_a_welsh_page_reads_the_welsh(framework):
    domain = Domain.objects.get(number=1)
    question = SurveyQuestion.objects.get(code="D1-LE-1", is_current=True)
    with translation.override("cy"):
        assert domain.title == domain.title_cy != domain.title_en
        assert question.text == question.text_cy != question.text_en
        assert question.picture_alt == question.picture_alt_cy
    with translation.override("en"):
        assert domain.title == domain.title_en


def test_each_file_says_its_welsh_awaits_review():
    for path in [FRAMEWORK_DIR / "framework.yaml", FRAMEWORK_DIR / "good_lives.yaml",
                 *sorted((FRAMEWORK_DIR / "domains").glob("*.yaml"))]:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert data["welsh_review"] == "awaiting review by a Welsh speaker", path.name


def test_a_text_without_its_welsh_is_refused(content):
    edit(content / "domains" / "d2.yaml",
         lambda data: data["survey_questions"]["lived_experience"][0].pop("hint_cy"))
    with pytest.raises(FrameworkDataError, match=r"Domain D2 survey lived_experience "
                                                 r"D2-LE-1: hint_cy"):
        read_framework(content)


def test_a_file_without_its_review_mark_is_refused(content):
    edit(content / "good_lives.yaml", lambda data: data.pop("welsh_review"))
    with pytest.raises(FrameworkDataError, match="good_lives.yaml: say whether a Welsh speaker"):
        read_framework(content)


def test_welsh_given_for_the_first_time_keeps_the_revision(content):
    load(content)
    # A database loaded before the Welsh was written (and before loads were remembered).
    SurveyQuestion.objects.filter(code="D1-LE-1").update(text_cy="", hint_cy="")
    LoadedContent.objects.all().delete()
    load(content)
    question = SurveyQuestion.objects.get(code="D1-LE-1", is_current=True)
    assert question.revision == 1
    assert question.text_cy.startswith("Ydy’r cyngor")


def test_changed_welsh_is_new_wording(content):
    load(content)

    def reword(data):
        question = data["survey_questions"]["lived_experience"][0]
        question["text_cy"] = "Ydy’r cyngor yn gwrando arnoch chi?"

    edit(content / "domains" / "d1.yaml", reword)
    load(content)
    old = SurveyQuestion.objects.get(code="D1-LE-1", revision=1)
    new = SurveyQuestion.objects.get(code="D1-LE-1", is_current=True)
    assert not old.is_current and new.revision == 2
    assert new.text_cy == "Ydy’r cyngor yn gwrando arnoch chi?"
    assert new.text_en == old.text_en


def test_admin_edits_english_and_welsh_side_by_side(site_admin, framework):
    from django.urls import reverse

    question = SurveyQuestion.objects.get(code="D1-LE-1", is_current=True)
    page = site_admin.get(reverse("admin:domains_surveyquestion_change", args=[question.pk]))
    html = page.content.decode()
    assert 'name="text_en"' in html and 'name="text_cy"' in html
    assert 'name="picture_alt_cy"' in html


def test_staff_see_that_the_welsh_awaits_review(client, framework):
    from django.urls import reverse

    page = client.get(reverse("domains:overview")).content.decode()
    assert "waiting to be checked by a Welsh speaker" in page


def test_a_reviewed_welsh_is_no_longer_marked(client, content):
    from django.urls import reverse

    edit(content / "framework.yaml",
         lambda data: data.update(welsh_review="reviewed by A. Jones on 2027-01-10"))
    load(content)
    page = client.get(reverse("domains:overview")).content.decode()
    assert "waiting to be checked by a Welsh speaker" not in page


def test_publication_titles_stay_english_on_a_welsh_page(client, framework):
    from django.urls import reverse

    from domains.models import FrameworkVersion

    version = FrameworkVersion.objects.get(is_current=True)
    client.cookies["django_language"] = "cy"
    page = client.get(reverse("domains:overview"), HTTP_ACCEPT_LANGUAGE="cy").content.decode()
    assert '<html lang="cy"' in page
    assert f'<span lang="en">{version.title}</span>' in page
