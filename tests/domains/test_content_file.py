"""The whole framework content as one file: download it, upload an edited copy, preview what
it would change, and load it as a new version (domains.content_file)."""

import io

import pytest
import yaml
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from domains.content_file import (
    ContentFileError,
    framework_content_import,
    framework_content_preview,
    framework_export,
    read_content,
)
from domains.models import (
    FrameworkVersion,
    GoodLivesAction,
    LoadedContent,
    Resource,
    SurveyQuestion,
)
from domains.services import framework_load_data

pytestmark = pytest.mark.django_db

NEW_WORDING = "Can you get the help you need in the town where you live?"


def exported():
    stream = io.StringIO()
    framework_export(stream)
    return stream.getvalue()


def edited(change, version="2026.99"):
    """The exported content with `change(data)` applied and a new version."""
    data = yaml.safe_load(exported())
    if version:
        data["framework"]["version"] = version
    change(data)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def domain(data, code):
    return next(d for d in data["domains"] if d["code"] == code)


def item(items, code):
    return next(entry for entry in items if entry["code"] == code)


def three_edits(data):
    """A question reworded, a new Good Lives idea, and a resource removed."""
    d2 = domain(data, "D2")
    question = item(d2["survey_questions"]["lived_experience"], "D2-LE-3")
    question["text"] = NEW_WORDING
    question["text_cy"] = ("Allwch chi gael yr help sydd ei angen arnoch chi yn y dref lle "
                           "rydych chi’n byw?")
    data["good_lives"]["themes"][0]["actions"].append({
        "code": "GL-A90", "text": "Hold a yearly Good Lives day with self-advocates.",
        "text_cy": "Cynhaliwch ddiwrnod Good Lives bob blwyddyn gyda hunaneiriolwyr.",
        "for": ["self_advocacy", "councils"],
        "source_url": "https://www.learningdisabilityengland.org.uk/action-towards-good-lives/",
        "source_checked": False, "kind": "ours",
    })
    d2["resources"] = d2["resources"][1:]


def snapshot():
    return {
        "versions": sorted(FrameworkVersion.objects.values_list("version", "is_current")),
        "questions": sorted(SurveyQuestion.objects.values_list(
            "code", "revision", "text_en", "text_cy", "is_current")),
        "actions": sorted(GoodLivesAction.objects.values_list("code", "text_en", "is_current")),
        "resources": sorted(Resource.objects.values_list("code", "is_current")),
        "memory": sorted(LoadedContent.objects.values_list("item", "values")),
    }


def line_of(text, after, key):
    """The line number (from 1) of the first `key:` after the line holding `after`."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if after in line)
    return next(i for i in range(start, len(lines))
                if lines[i].strip().lstrip("- ").startswith(f"{key}:")) + 1


def test_the_round_trip_changes_nothing(framework):
    before = snapshot()
    summary = framework_load_data(read_content(exported()))
    assert summary.changes == []
    assert summary.left_alone == []
    assert snapshot() == before


def test_the_exported_file_has_the_shape_of_the_fixture_files(framework):
    data = yaml.safe_load(exported())
    assert set(data) == {"framework", "good_lives", "domains"}
    assert data["framework"]["version"] == FrameworkVersion.objects.get(is_current=True).version
    assert [d["number"] for d in data["domains"]] == [1, 2, 3, 4, 5, 6]
    question = item(domain(data, "D2")["survey_questions"]["lived_experience"], "D2-LE-3")
    assert question["text"] and question["text_cy"] and question["picture"]


def test_the_round_trip_with_a_new_version_only_adds_the_version(framework):
    preview = framework_content_preview(text=edited(lambda data: None))
    assert preview.added == ["added framework version 2026.99"]
    assert preview.changed == preview.retired == preview.left_alone == []
    assert not preview.refusal


def test_an_edited_file_is_previewed_without_being_applied(framework):
    before = snapshot()
    preview = framework_content_preview(text=edited(three_edits))
    assert snapshot() == before
    assert "new wording for survey question D2-LE-3 r2" in preview.changed
    assert any("GL-A90" in line for line in preview.added)
    removed = Resource.objects.get(code="D2-RS-1").title
    assert preview.retired == [f"retired resource {removed}"]
    assert not preview.refusal


def test_an_edited_file_is_applied_as_a_new_version(framework):
    summary = framework_content_import(text=edited(three_edits))
    assert summary.version == "2026.99"
    assert FrameworkVersion.objects.get(is_current=True).version == "2026.99"
    question = SurveyQuestion.objects.get(code="D2-LE-3", is_current=True)
    assert question.text_en == NEW_WORDING
    assert question.revision == 2
    assert question.framework_version.version == "2026.99"
    assert SurveyQuestion.objects.get(code="D2-LE-3", revision=1).is_current is False
    assert GoodLivesAction.objects.get(code="GL-A90").is_current
    assert Resource.objects.get(code="D2-RS-1").is_current is False


def test_the_version_in_use_is_refused(framework):
    before = snapshot()
    text = edited(three_edits, version=None)
    preview = framework_content_preview(text=text)
    assert "version 2026.3 is the version in use now" in preview.refusal
    assert preview.refusal.startswith(f"Line {line_of(text, 'framework:', 'version')}, ")
    with pytest.raises(ContentFileError, match="version in use now"):
        framework_content_import(text=text)
    assert snapshot() == before


def test_missing_welsh_names_the_line_and_field(framework):
    def drop_welsh(data):
        question = item(domain(data, "D2")["survey_questions"]["lived_experience"], "D2-LE-3")
        del question["text_cy"]

    before = snapshot()
    text = edited(drop_welsh)
    with pytest.raises(ContentFileError) as error:
        framework_content_import(text=text)
    line = line_of(text, "code: D2-LE-3", "text")
    assert error.value.problems == [
        f"Line {line}, Domain D2 survey lived_experience D2-LE-3: text_cy is missing"]
    assert snapshot() == before


def test_a_bad_kind_names_the_line_and_field(framework):
    def bad_kind(data):
        item(domain(data, "D1")["resources"], "D1-RS-1")["kind"] = "video"

    before = snapshot()
    text = edited(bad_kind)
    with pytest.raises(ContentFileError) as error:
        framework_content_preview(text=text)
    [problem] = error.value.problems
    line = line_of(text, "code: D1-RS-1", "kind")
    assert problem.startswith(f"Line {line}, Domain D1 resource D1-RS-1: kind must be one of")
    assert snapshot() == before


def test_broken_yaml_names_its_line(framework):
    text = edited(lambda data: None).splitlines()
    text[5] = text[5] + ": : ["
    with pytest.raises(ContentFileError) as error:
        read_content("\n".join(text))
    [problem] = error.value.problems
    assert problem.startswith("Line 6: this is not valid YAML")


def test_a_file_of_the_wrong_shape_is_refused(framework):
    with pytest.raises(ContentFileError, match="must hold framework, good_lives and domains"):
        read_content("- just a list\n")
    with pytest.raises(ContentFileError, match="Line 4, domain D1: statements must be a list"):
        read_content("framework: {}\ngood_lives: {audiences: [], themes: []}\ndomains:\n"
                     "  - {code: D1, statements: oops}\n")


def test_the_commands_export_preview_and_apply(framework, tmp_path):
    path = tmp_path / "content.yaml"
    call_command("export_framework", output=str(path), stdout=io.StringIO())
    out = io.StringIO()
    with pytest.raises(CommandError, match="version in use now"):
        call_command("import_framework", str(path), stdout=out)
    assert "would change nothing" in out.getvalue()

    path.write_text(edited(three_edits), encoding="utf-8")
    before = snapshot()
    out = io.StringIO()
    call_command("import_framework", str(path), stdout=out)
    assert "Would retire:" in out.getvalue()
    assert snapshot() == before
    out = io.StringIO()
    call_command("import_framework", str(path), apply=True, stdout=out)
    assert out.getvalue().startswith("Loaded framework 2026.99:")
    assert SurveyQuestion.objects.get(code="D2-LE-3", is_current=True).text_en == NEW_WORDING


def upload(client, text):
    return client.post(reverse("admin:domains_frameworkversion_load"), {
        "upload": SimpleUploadedFile("content.yaml", text.encode("utf-8"), "text/yaml")})


def test_the_admin_downloads_the_content(site_admin, framework):
    changelist = site_admin.get(reverse("admin:domains_frameworkversion_changelist"))
    assert reverse("admin:domains_frameworkversion_download").encode() in changelist.content
    response = site_admin.get(reverse("admin:domains_frameworkversion_download"))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert response.content.decode("utf-8") == exported()


def test_the_admin_previews_then_loads_a_file(site_admin, framework):
    assert site_admin.get(reverse("admin:domains_frameworkversion_load")).status_code == 200
    before = snapshot()
    response = upload(site_admin, edited(three_edits))
    assert response.status_code == 200
    assert "Load this content" in response.content.decode()
    assert f"retired resource {Resource.objects.get(code='D2-RS-1').title}" in (
        response.content.decode())
    assert snapshot() == before
    response = site_admin.post(reverse("admin:domains_frameworkversion_load"), {
        "apply": "1", "sha256": response.context["sha256"]})
    assert response.status_code == 302
    assert FrameworkVersion.objects.get(is_current=True).version == "2026.99"


def test_the_admin_applies_only_the_file_previewed(site_admin, framework):
    upload(site_admin, edited(three_edits))
    before = snapshot()
    response = site_admin.post(reverse("admin:domains_frameworkversion_load"), {
        "apply": "1", "sha256": "0" * 64})
    assert response.status_code == 400
    assert "no longer here" in response.content.decode()
    assert snapshot() == before


def test_the_admin_refuses_the_version_in_use(site_admin, framework):
    response = upload(site_admin, exported())
    page = response.content.decode()
    assert "version 2026.3 is the version in use now" in page
    assert "Loading this file would change nothing." in page
    assert "Load this content" not in page


def test_the_admin_shows_each_problem_with_its_line(site_admin, framework):
    def drop_welsh(data):
        del item(domain(data, "D2")["survey_questions"]["lived_experience"], "D2-LE-3")[
            "text_cy"]

    response = upload(site_admin, edited(drop_welsh))
    assert response.status_code == 400
    assert "D2-LE-3: text_cy is missing" in response.content.decode()
    assert "Load this content" not in response.content.decode()


def test_the_content_pages_are_for_staff_only(client, facilitator, framework):
    client.force_login(facilitator)
    for name in ("download", "load"):
        response = client.get(reverse(f"admin:domains_frameworkversion_{name}"))
        assert response.status_code == 302, name


def test_the_content_pages_need_two_factor_sign_in(client, django_user_model, framework):
    user = django_user_model.objects.create_superuser("root", "root@example.org", "pw-123456789")
    client.force_login(user)
    for name in ("download", "load"):
        response = client.get(reverse(f"admin:domains_frameworkversion_{name}"))
        assert response.status_code == 302, name
        assert response.url.startswith(reverse("two_factor_set_up")), name


def in_welsh(message, **values):
    """The Welsh of one of the loader's messages, which must differ from its English."""
    with translation.override("cy"):
        welsh = translation.gettext(message)
    assert welsh != message, f"not translated: {message}"
    return welsh % values


def test_the_admin_preview_is_wholly_in_welsh(site_admin, framework):
    site_admin.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    resource = Resource.objects.get(code="D2-RS-1")
    page = upload(site_admin, edited(three_edits)).content.decode()
    with translation.override("cy"):
        kind = str(Resource._meta.verbose_name)
    assert in_welsh("retired %(kind)s %(item)s", kind=kind, item=resource.title_cy) in page
    for english in ("retired resource", "new wording for", "added Good Lives action",
                    "would be added", "Load this content"):
        assert english not in page


def test_the_admin_names_problems_in_welsh(site_admin, framework):
    def bad_kind(data):
        data["good_lives"]["themes"][0]["actions"][0]["kind"] = "manifesto"

    site_admin.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    page = upload(site_admin, edited(bad_kind)).content.decode()
    assert in_welsh("Good Lives action %(code)s", code="GL-A01") in page
    assert "kind must be one of" not in page
    assert "The file cannot be loaded" not in page
