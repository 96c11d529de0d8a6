import re

import pytest
from django.core.management import CommandError

from domains.models import (
    CrossReference,
    Domain,
    FrameworkVersion,
    GoodLivesAction,
    SurveyQuestion,
)
from tests.domains.helpers import edit, load, table_snapshot
from tests.factories import EvaluationFactory

pytestmark = pytest.mark.django_db

LINE = re.compile(
    r"^framework (\S+): (\d+) domains, (\d+) questions, (\d+) Good Lives actions, "
    r"(\d+) cross-references$"
)


def test_prints_one_summary_line_with_real_counts():
    lines = load()
    assert len(lines) == 1
    match = LINE.match(lines[0])
    assert match, lines[0]
    version, domains, questions, actions, links = match.groups()
    assert version == FrameworkVersion.objects.get(is_current=True).version
    assert int(domains) == Domain.objects.count() == 6
    assert int(actions) == GoodLivesAction.objects.filter(is_current=True).count()
    assert int(links) == CrossReference.objects.count()
    assert int(questions) > 6 * (2 + 9 + 4)


def test_running_twice_changes_nothing():
    first_line = load()
    first = table_snapshot()
    second_line = load(verbosity=2)
    assert second_line == first_line  # no "added/updated" lines at verbosity 2
    assert table_snapshot() == first


def test_upgrade_keeps_what_existing_answers_point_at(content):
    load()
    old_version = FrameworkVersion.objects.get(is_current=True)
    evaluation = EvaluationFactory()  # started on the old version
    answered = SurveyQuestion.objects.filter(is_current=True).order_by("code").first()
    old_text = answered.text

    edit(content / "framework.yaml", lambda d: d.update(version="2099.1"))
    domain_file = content / "domains" / f"d{answered.domain.number}.yaml"

    def reword(data):
        for question in data["survey_questions"][answered.audience]:
            if question["code"] == answered.code:
                question["text"] = "A reworded question?"

    edit(domain_file, reword)
    lines = load(content)
    assert lines[-1].startswith("framework 2099.1:")

    answered.refresh_from_db()
    assert answered.text == old_text  # the answered wording is untouched
    assert not answered.is_current
    new = SurveyQuestion.objects.get(code=answered.code, is_current=True)
    assert new.text == "A reworded question?"
    assert new.revision == answered.revision + 1
    assert new.framework_version.version == "2099.1"
    evaluation.refresh_from_db()
    assert evaluation.framework_version == old_version
    assert FrameworkVersion.objects.get(is_current=True).version == "2099.1"


def test_removed_items_are_retired_not_deleted(content):
    load()
    path = content / "domains" / "d1.yaml"
    removed = {}

    def drop_last_question(data):
        removed["code"] = data["in_depth_questions"].pop()["code"]

    edit(path, drop_last_question)
    load(content)
    from domains.models import InDepthQuestion

    retired = InDepthQuestion.objects.get(code=removed["code"])
    assert not retired.is_current


def test_bad_content_is_explained(content):
    def break_it(data):
        data["good_lives_links"][0]["action"] = "GL-NOPE"

    edit(content / "domains" / "d2.yaml", break_it)
    with pytest.raises(CommandError, match="links to Good Lives action GL-NOPE, which does not"):
        load(content)
    assert not Domain.objects.exists()  # nothing half-loaded


def test_missing_field_is_explained(content):
    edit(content / "domains" / "d3.yaml", lambda d: d.pop("easy_read_summary"))
    with pytest.raises(CommandError, match="is missing easy_read_summary"):
        load(content)
