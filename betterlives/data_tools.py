"""Export and erase tools for site administrators (used by the Django admin).

- `council_export` writes everything a council has entered, and everything people answered in
  its surveys, to a zip of JSON files (Django's serialisation format, one file per part of
  the service), for a council that leaves the service or asks for a copy of its data.
- `council_answers_erase` deletes every survey response of a council and their answers (the
  test responses of "try it" mode too, which the export leaves out); the evaluations,
  surveys, workshops, plan and audit trail stay.
- `response_erase` deletes one survey response and its answers.

Each writes an audit event (who, and how many rows — never what anyone wrote). Only site
administrators (superusers) may use them: check `data_tools_allowed` first.
"""

import io
import json
import zipfile

from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from actionplans.models import Action, ProgressUpdate, SignOff
from evaluations.models import (
    Answer,
    ChosenDomain,
    DomainDecision,
    DomainReview,
    EnablerAnswer,
    Evaluation,
    InDepthAnswer,
    IndicatorValue,
    LiveVote,
    Response,
    ReviewEvidence,
    StatementRating,
    Survey,
    SurveyItem,
    Vote,
    VoteParticipant,
    Workshop,
    WorkshopRating,
)

from .audit import audit_record
from .models import AuditEvent, Council, Membership

BATCH_SIZE = 1000

# Fields left out of the export: the codes that let someone open a response and carry on.
EXPORT_EXCLUDED_FIELDS = {Response: {"resume_code", "submission_key"}}

# Each file of the export: its name, what it holds, and the models in it with the path from
# each model to its council.
EXPORT_FILES = [
    ("council.json", "the council and the roles people have in it (people by sign-in name)",
     [(Council, "pk"), (Membership, "council")]),
    ("evaluations.json", "evaluations",
     [(Evaluation, "council")]),
    ("surveys.json", "surveys and the questions each one asks",
     [(Survey, "evaluation__council"), (SurveyItem, "survey__evaluation__council")]),
    ("responses.json", "survey responses and their answers, comments included",
     [(Response, "survey__evaluation__council"),
      (Answer, "response__survey__evaluation__council")]),
    ("workshops.json", "workshops, the groups' ratings, and live votes",
     [(Workshop, "evaluation__council"), (WorkshopRating, "workshop__evaluation__council"),
      (LiveVote, "workshop__evaluation__council"),
      (VoteParticipant, "live_vote__workshop__evaluation__council"),
      (Vote, "live_vote__workshop__evaluation__council")]),
    ("council_check.json", "the council's own check: enabler answers and indicator values",
     [(EnablerAnswer, "evaluation__council"), (IndicatorValue, "evaluation__council")]),
    ("step_2.json", "step 2: the domains chosen, how, and the in-depth reviews",
     [(DomainDecision, "evaluation__council"), (ChosenDomain, "evaluation__council"),
      (DomainReview, "evaluation__council"), (StatementRating, "review__evaluation__council"),
      (InDepthAnswer, "review__evaluation__council"),
      (ReviewEvidence, "review__evaluation__council")]),
    ("actions.json", "the actions of the action plans",
     [(Action, "evaluation__council")]),
    ("progress.json", "progress updates on the actions",
     [(ProgressUpdate, "action__evaluation__council")]),
    ("sign_offs.json", "the partnership board's sign-offs",
     [(SignOff, "evaluation__council")]),
    ("audit_events.json", "the audit trail: who changed what, and when",
     [(AuditEvent, "council")]),
]

README = """\
Better Lives: the data of {council}
Exported on {when} by {who}.

Each .json file is a list of records in Django's serialisation format:
{{"model": ..., "pk": ..., "fields": {{...}}}}. People are shown by their sign-in name;
framework content (domains, questions, Good Lives actions) by its id in the framework.
Report PDFs are not included: they can be made again from this data.

This export holds what people wrote in surveys. Keep it safe and delete it when it is no
longer needed.

{files}
"""


def data_tools_allowed(user):
    """Only site administrators (active superusers) may export or erase a council's data."""
    return bool(user and user.is_active and user.is_superuser)


def _batches(queryset):
    """The queryset in primary-key order, a batch at a time, so that memory use stays flat
    however many rows there are."""
    last = None
    while True:
        batch = queryset.order_by("pk")
        if last is not None:
            batch = batch.filter(pk__gt=last)
        batch = list(batch[:BATCH_SIZE])
        if not batch:
            return
        yield batch
        last = batch[-1].pk


def _export_querysets(council, models):
    """Each model's rows of this council. What they refer to by natural key (people, by
    sign-in name) and their many-to-many links are fetched with them, so the number of
    queries does not grow with the number of rows."""
    for model, path in models:
        queryset = model.objects.filter(**{path: council.pk})
        by_natural_key = [f.name for f in model._meta.concrete_fields
                          if f.is_relation and hasattr(f.related_model, "natural_key")]
        links = [f.name for f in model._meta.many_to_many]
        if by_natural_key:  # select_related() with no names would follow every foreign key
            queryset = queryset.select_related(*by_natural_key)
        if links:
            queryset = queryset.prefetch_related(*links)
        yield model, queryset


def _write_json_file(archive, name, council, models):
    """Write one file of the export; return the number of records in it."""
    count = 0
    with archive.open(name, "w") as raw, io.TextIOWrapper(raw, encoding="utf-8") as out:
        out.write("[")
        for model, queryset in _export_querysets(council, models):
            excluded = EXPORT_EXCLUDED_FIELDS.get(model)
            fields = None
            if excluded:
                fields = [f.name for f in model._meta.get_fields()
                          if f.concrete and not f.primary_key and f.name not in excluded]
            for batch in _batches(queryset):
                records = serializers.serialize(
                    "python", batch, fields=fields, use_natural_foreign_keys=True
                )
                for record in records:
                    out.write(",\n" if count else "\n")
                    json.dump(record, out, cls=DjangoJSONEncoder, ensure_ascii=False)
                    count += 1
        out.write("\n]\n")
    return count


def council_export(*, council, user, file):
    """Write a zip of the council's data to `file` (opened for binary writing). Returns
    {file name: number of records}. Records who exported it in the audit trail."""
    counts = {}
    with zipfile.ZipFile(file, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, _description, models in EXPORT_FILES:
            counts[name] = _write_json_file(archive, name, council, models)
        lines = [
            f"{name}: {description} ({counts[name]} records)"
            for name, description, _models in EXPORT_FILES
        ]
        archive.writestr("README.txt", README.format(
            council=council.name,
            when=timezone.localtime().strftime("%d %B %Y at %H:%M"),
            who=getattr(user, "username", "") or "a site administrator",
            files="\n".join(lines),
        ))
    audit_record(
        council=council, user=user, action=gettext_noop("Exported the council's data"), obj=council,
        changes={gettext_noop("records exported"): [None, str(sum(counts.values()))]},
    )
    return counts


def council_responses(council):
    """Every survey response of the council, tests included: all of them are erased."""
    return Response.with_practice.filter(survey__evaluation__council=council)


def council_erase_counts(council):
    """What erasing the council's survey answers would delete (for the confirmation page)."""
    answers = Answer.with_practice.filter(response__survey__evaluation__council=council)
    return {
        "responses": council_responses(council).count(),
        "answers": answers.count(),
        "comments": answers.exclude(comment="").count(),
    }


@transaction.atomic
def council_answers_erase(*, council, user):
    """Delete every survey response of the council, with its answers and comments. The
    evaluations, surveys, workshops, council check, step 2, plan and audit trail are kept.
    Returns {"responses": n, "answers": n}."""
    answers = Answer.with_practice.filter(response__survey__evaluation__council=council)
    answer_count = answers.count()
    answers.delete()
    response_count = council_responses(council).count()
    council_responses(council).delete()
    audit_record(
        council=council, user=user, action=gettext_noop("Erased the council's survey answers"),
        obj=council,
        changes={gettext_noop("responses deleted"): [None, str(response_count)],
                 gettext_noop("answers deleted"): [None, str(answer_count)]},
    )
    return {"responses": response_count, "answers": answer_count}


@transaction.atomic
def response_erase(*, response, user):
    """Delete one survey response and its answers, and say so in its council's audit trail.
    Returns the number of answers deleted."""
    response = Response.with_practice.select_related("survey__evaluation__council").get(
        pk=response.pk)
    evaluation = response.survey.evaluation
    answer_count = Answer.with_practice.filter(response=response).count()
    audit_record(
        council=evaluation.council, user=user, action=gettext_noop("Erased a survey response"),
        obj=response, scope=evaluation,
        changes={gettext_noop("answers deleted"): [None, str(answer_count)],
                 "survey": [None, str(response.survey.get_audience_display())]},
    )
    response.delete()
    return answer_count
