"""The `framework` fixture's copy of the framework content holds exactly what
`load_framework` writes, and new rows still get fresh ids after it."""

import pytest
from django.core.management import call_command

from domains.models import Domain, LoadedContent, SurveyQuestion
from domains.services import framework_load
from tests import framework_rows
from tests.factories import FrameworkVersionFactory

pytestmark = pytest.mark.django_db
# When a row was written differs from one load to the next.
WHEN = {"loaded_at", "updated_at"}


def everything(remembered=True):
    """Every row of the framework tables, with ids and references given as the referenced
    rows' own values, so that two loads compare equal whatever ids they were given. What
    the loader remembers names rows by id, so it is compared by count unless `remembered`."""
    raw = {model: [{name: value for name, value in row.items() if name not in WHEN}
                   for row in model._base_manager.values()] for model in framework_rows.tables()}
    links = {model: {field.attname: field.related_model for field in model._meta.concrete_fields
                     if field.is_relation} for model in raw}
    natural = {(model, row["id"]): repr(sorted(
        (name, value) for name, value in row.items() if name != "id" and name not in links[model]))
        for model, rows in raw.items() for row in rows}

    def plain(model, row):
        return repr(sorted(
            (name, natural[(links[model][name], value)] if name in links[model] else value)
            for name, value in row.items() if name != "id"))

    return {model._meta.db_table: (sorted(plain(model, row) for row in rows)
                                   if remembered or model is not LoadedContent else len(rows))
            for model, rows in raw.items()}


def empty():
    for model in reversed(framework_rows.tables()):
        model._base_manager.all().delete()


def test_the_copy_is_what_load_framework_writes(framework):
    empty()
    framework_rows.put()  # a copy: the fixture has loaded the content once already
    copied = everything(remembered=False)
    assert copied["domains_domain"] and copied["domains_loadedcontent"]
    empty()
    call_command("load_framework", verbosity=0)
    assert everything(remembered=False) == copied


def test_new_rows_after_the_copy_get_fresh_ids(framework):
    question = SurveyQuestion.objects.filter(is_current=True).first()
    highest = SurveyQuestion.objects.order_by("-pk").first().pk
    question.pk = None
    question.code = "D9-LE-1"
    question.save()
    assert question.pk > highest
    version = FrameworkVersionFactory(version="2099.1", title="Later", publisher="", source_url="",
                                      good_lives_title="", good_lives_publisher="",
                                      good_lives_source_url="")
    assert version.pk > 1
    assert Domain.objects.count() == 6 and LoadedContent.objects.exists()


def test_loading_again_over_the_copy_changes_nothing(framework):
    summary = framework_load()
    assert summary.changes == [] and summary.left_alone == []
