"""Every Easy Read question has a picture of its own idea, with a description of that picture;
a council can upload its own PNG or JPEG instead; the pictures we vendor are credited."""

import csv
import io
from collections import defaultdict

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from domains.framework_files import read_framework
from domains.models import Audience, CouncilQuestionPicture, SurveyQuestion
from domains.pictures import checked_picture
from domains.services import framework_load
from evaluations.selectors.surveys import survey_items
from tests.evaluations.helpers import begin, question_page
from tests.factories import CouncilFactory, evaluation_with_surveys

STATIC = settings.BASE_DIR / "static"
SYMBOLS = STATIC / "images" / "symbols"
# Questions in one domain that ask the same idea may share a picture. None do today.
SAME_IDEA = set()


def lived_experience_questions():
    for domain in read_framework().domains:
        for question in domain["survey_questions"]["lived_experience"]:
            yield domain, question


# The fixtures ---------------------------------------------------------------------------------


def test_every_easy_read_question_has_a_picture_and_a_description():
    questions = list(lived_experience_questions())
    assert len(questions) >= 26
    for _domain, question in questions:
        path = STATIC / question["picture"]
        assert path.is_file() and path.stat().st_size > 0, question["code"]
        assert question["picture_alt"].strip(), question["code"]
        assert question["picture"] != _domain["picture"], (
            f"{question['code']} shows its domain's picture, not its own"
        )


def test_no_two_questions_in_a_domain_share_a_picture():
    used = defaultdict(list)
    for domain, question in lived_experience_questions():
        used[(domain["code"], question["picture"])].append(question["code"])
    shared = {key: codes for key, codes in used.items()
              if len(codes) > 1 and frozenset(codes) not in SAME_IDEA}
    assert not shared


def test_one_picture_always_has_the_same_description():
    """The same picture is described the same way wherever a question uses it."""
    alts = defaultdict(set)
    for _domain, question in lived_experience_questions():
        alts[question["picture"]].add(question["picture_alt"])
    assert {picture: texts for picture, texts in alts.items() if len(texts) > 1} == {}


def test_every_vendored_symbol_is_in_the_manifest_with_its_licence():
    with open(SYMBOLS / "MANIFEST.csv", encoding="utf-8", newline="") as handle:
        rows = {row["file"]: row for row in csv.DictReader(handle)}
    on_disk = {path.name for path in SYMBOLS.glob("*.svg")}
    assert on_disk == set(rows)
    for row in rows.values():
        for key in ("source_package", "source_version", "original_file", "licence", "author"):
            assert row[key].strip(), (row["file"], key)
    used = {q["picture"].rsplit("/", 1)[-1] for _d, q in lived_experience_questions()
            if q["picture"].startswith("images/symbols/")}
    assert used <= on_disk


def test_a_question_without_a_picture_is_refused(tmp_path):
    import shutil

    from domains.framework_files import FRAMEWORK_DIR, FrameworkDataError

    target = tmp_path / "framework"
    shutil.copytree(FRAMEWORK_DIR, target)
    d1 = target / "domains" / "d1.yaml"
    d1.write_text(d1.read_text().replace("      picture: images/symbols/ear.svg\n", "", 1))
    with pytest.raises(FrameworkDataError, match="D1-LE-1 is missing picture"):
        read_framework(target)
    d1.write_text(d1.read_text().replace("images/symbols/notepad.svg", "images/nope.svg", 1))
    with pytest.raises(FrameworkDataError):
        read_framework(target)


# Loading ----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_load_framework_stores_the_pictures_and_is_idempotent(framework):
    question = SurveyQuestion.objects.get(code="D5-LE-1", is_current=True)
    assert question.picture == "images/symbols/house.svg"
    assert question.picture_alt == "A house"
    assert framework_load().changes == []


@pytest.mark.django_db
def test_a_new_picture_keeps_the_revision(framework, tmp_path):
    import shutil

    from domains.framework_files import FRAMEWORK_DIR

    target = tmp_path / "framework"
    shutil.copytree(FRAMEWORK_DIR, target)
    d5 = target / "domains" / "d5.yaml"
    d5.write_text(d5.read_text().replace("picture_alt: A house\n", "picture_alt: A home\n", 1))
    framework_load(directory=target)
    question = SurveyQuestion.objects.get(code="D5-LE-1", is_current=True)
    assert (question.revision, question.picture_alt) == (1, "A home")


@pytest.mark.django_db
def test_earlier_revisions_show_the_picture_too(framework):
    """A survey set up before a question was reworded still asks the earlier revision: it
    shows the question's picture as well (a picture is not part of the wording)."""
    current = SurveyQuestion.objects.get(code="D5-LE-1", is_current=True)
    SurveyQuestion.objects.filter(pk=current.pk).update(
        is_current=False, picture="", picture_alt="", text=current.text + " (older wording)")
    assert framework_load().changes  # a new revision, and the older one gets the picture
    older = SurveyQuestion.objects.get(pk=current.pk)
    newer = SurveyQuestion.objects.get(code="D5-LE-1", is_current=True)
    assert newer.pk != older.pk
    assert (older.picture, older.picture_alt) == (newer.picture, newer.picture_alt) == (
        "images/symbols/house.svg", "A house")
    assert framework_load().changes == []


# The question page --------------------------------------------------------------------------


@pytest.mark.django_db
def test_each_question_page_shows_its_own_picture(client, lived_survey):
    begin(client, lived_survey)
    for number, item in enumerate(survey_items(lived_survey), start=1):
        page = question_page(client, lived_survey, number)
        assert f'src="/static/{item.question.picture}" alt="{item.question.picture_alt}"' in page
        assert item.domain.picture not in page, item.question.code


# A council's own picture ----------------------------------------------------------------------


def png_bytes(size=(40, 30), mode="RGB", fmt="PNG", **save):
    out = io.BytesIO()
    Image.new(mode, size, "teal").save(out, format=fmt, **save)
    return out.getvalue()


SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>x()</script></svg>'


def test_png_and_jpeg_are_accepted_and_saved_again():
    data, kind = checked_picture(SimpleUploadedFile("ok.png", png_bytes() + b"extra bytes"))
    assert kind == "image/png" and b"extra bytes" not in data
    assert Image.open(io.BytesIO(data)).format == "PNG"
    exif = Image.Exif()
    exif[0x010F] = "Secret camera"
    jpeg = png_bytes(fmt="JPEG", exif=exif.tobytes())
    data, kind = checked_picture(SimpleUploadedFile("photo.JPG", jpeg))
    assert kind == "image/jpeg" and b"Secret camera" not in data


@pytest.mark.parametrize("name, content, code", [
    ("picture.svg", SVG, "svg"),
    ("picture.png", SVG, "svg"),  # an SVG renamed to look like a PNG
    ("picture.png", b"just some text, not a picture", "not_a_picture"),
    ("picture.png", b"GIF89a" + png_bytes()[6:], "not_a_picture"),
    ("picture.gif", png_bytes(fmt="GIF"), "extension"),
    ("picture.png", png_bytes(fmt="JPEG"), "mismatch"),
    ("picture", png_bytes(), "extension"),
])
def test_other_files_are_refused(name, content, code):
    with pytest.raises(ValidationError) as refused:
        checked_picture(SimpleUploadedFile(name, content))
    assert refused.value.code == code



def admin_add(client, council, question, upload, alt="A council building"):
    data = {"council": council.pk, "question": question.pk, "alt_text": alt, "licence": "Ours"}
    if upload is not None:
        data["upload"] = upload
    return client.post(reverse("admin:domains_councilquestionpicture_add"), data)


@pytest.mark.django_db
def test_the_admin_refuses_svg_wrong_content_and_a_missing_description(site_admin, framework):
    council = CouncilFactory()
    question = SurveyQuestion.objects.get(code="D1-LE-1", is_current=True)
    refused = {
        "svg": admin_add(site_admin, council, question, SimpleUploadedFile("a.svg", SVG)),
        "text": admin_add(site_admin, council, question,
                          SimpleUploadedFile("a.png", b"not a picture")),
        "no alt": admin_add(site_admin, council, question,
                            SimpleUploadedFile("a.png", png_bytes()), alt="  "),
        "no file": admin_add(site_admin, council, question, None),
    }
    for name, response in refused.items():
        assert response.status_code == 200, name
        assert response.context["adminform"].form.errors, name
    svg_errors = refused["svg"].context["adminform"].form.errors["upload"]
    assert "SVG pictures cannot be uploaded" in svg_errors[0]
    assert not CouncilQuestionPicture.objects.exists()


@pytest.mark.django_db
def test_a_council_picture_replaces_the_framework_picture_for_that_council_only(
    site_admin, client, lived_survey, council
):
    question = SurveyQuestion.objects.get(code="D1-LE-1", is_current=True)
    response = admin_add(site_admin, council, question,
                         SimpleUploadedFile("town-hall.png", png_bytes()), alt="Our town hall")
    assert response.status_code == 302
    picture = CouncilQuestionPicture.objects.get()
    served = client.get(picture.get_absolute_url())
    assert served["Content-Type"] == "image/png"
    assert Image.open(io.BytesIO(served.content)).format == "PNG"

    site_admin.logout()
    begin(client, lived_survey)
    page = question_page(client, lived_survey, 1)
    assert f'src="{picture.get_absolute_url()}" alt="Our town hall"' in page
    assert question.picture not in page

    other = evaluation_with_surveys(CouncilFactory(), [Audience.LIVED_EXPERIENCE])
    other_survey = other.surveys.get()
    client.cookies.clear()
    begin(client, other_survey)
    page = question_page(client, other_survey, 1)
    assert f'src="/static/{question.picture}" alt="{question.picture_alt}"' in page


# The credits page -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_pictures_page_credits_every_vendored_picture(client):
    page = client.get(reverse("pages:pictures")).content.decode()
    assert "CC BY 4.0" in page and "Twemoji" in page
    for path in SYMBOLS.glob("*.svg"):
        assert f"/static/images/symbols/{path.name}" in page
    assert reverse("pages:pictures") in client.get(reverse("pages:accessibility")).content.decode()
