"""Helpers shared by the domains test modules (fixtures are in conftest.py)."""

import io

import yaml
from django.core.management import call_command

from domains.framework_files import FRAMEWORK_DIR
from domains.models import (
    CrossReference,
    Domain,
    FrameworkVersion,
    GoodLivesAction,
    SurveyQuestion,
)

# Loading the framework content (load_framework) ---------------------------------------------


def load(directory=FRAMEWORK_DIR, verbosity=1):
    out = io.StringIO()
    call_command("load_framework", directory=str(directory), stdout=out, verbosity=verbosity)
    return out.getvalue().strip().splitlines()


def table_snapshot():
    return {
        model.__name__: sorted(model.objects.values_list(*fields))
        for model, fields in [
            (Domain, ("number", "title", "summary")),
            (SurveyQuestion, ("code", "revision", "text", "is_current")),
            (GoodLivesAction, ("code", "text", "is_current")),
            (CrossReference, ("domain__number", "action__code", "reason")),
            (FrameworkVersion, ("version", "is_current")),
        ]
    }


def edit(path, change):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
