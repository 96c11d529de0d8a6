"""Export and erase tools for site administrators (used by the Django admin).

- `council_export` writes everything a council has entered, and everything people answered in
  its surveys, to a zip of JSON files (Django's serialisation format, one file per part of
  the service), for a council that leaves the service or asks for a copy of its data.
- `council_answers_erase` deletes every survey response of a council and their answers (the
  test responses of "try it" mode too, which the export leaves out); the evaluations,
  surveys, workshops, plan and audit trail stay.

Each writes an audit event (who, and how many rows — never what anyone wrote). Only site
administrators (superusers) may use them: check `data_tools_allowed` first.

The data a council has is held by the apps above this package, so each app says what it
holds, from its AppConfig.ready(): the files of the export (`export_files_add`) and, for the
app that holds survey answers, how to count and erase them (`answers_eraser_add`). This
package then needs to import none of them.
"""

import io
import json
import zipfile
from collections import Counter

from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from .audit import audit_record
from .models import AuditEvent, Council, Membership

BATCH_SIZE = 1000

# Fields left out of the export, by model: {model: set of field names}.
EXPORT_EXCLUDED_FIELDS = {}

# Each file of the export: its name, what it holds, and the models in it with the path from
# each model to its council. The council comes first and the audit trail last; each app's
# files go between them, in the order of INSTALLED_APPS.
EXPORT_FILES = [
    ("council.json", "the council and the roles people have in it (people by sign-in name)",
     [(Council, "pk"), (Membership, "council")]),
    ("audit_events.json", "the audit trail: who changed what, and when",
     [(AuditEvent, "council")]),
]

# How to count and erase a council's survey answers: (counts, erase) pairs, each a function
# of the council returning {what: how many}.
ANSWER_ERASERS = []


def export_files_add(*files, excluded_fields=None):
    """Add (name, description, [(model, path to council), ...]) files to the export, before
    the audit trail, and leave `excluded_fields` ({model: field names}) out of it."""
    known = {name for name, _description, _models in EXPORT_FILES}
    EXPORT_FILES[-1:-1] = [file for file in files if file[0] not in known]
    EXPORT_EXCLUDED_FIELDS.update(excluded_fields or {})


def answers_eraser_add(*, counts, erase):
    """`counts(council)` says what erasing the council's survey answers would delete, and
    `erase(council)` deletes them; both return {"responses": n, "answers": n, ...}."""
    if (counts, erase) not in ANSWER_ERASERS:
        ANSWER_ERASERS.append((counts, erase))


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


def council_erase_counts(council):
    """What erasing the council's survey answers would delete (for the confirmation page)."""
    total = Counter({"responses": 0, "answers": 0, "comments": 0})
    for counts, _erase in ANSWER_ERASERS:
        total.update(counts(council))
    return dict(total)


@transaction.atomic
def council_answers_erase(*, council, user):
    """Delete every survey response of the council, with its answers and comments. The
    evaluations, surveys, workshops, council check, step 2, plan and audit trail are kept.
    Returns {"responses": n, "answers": n}."""
    erased = Counter({"responses": 0, "answers": 0})
    for _counts, erase in ANSWER_ERASERS:
        erased.update(erase(council))
    audit_record(
        council=council, user=user, action=gettext_noop("Erased the council's survey answers"),
        obj=council,
        changes={gettext_noop("responses deleted"): [None, str(erased["responses"])],
                 gettext_noop("answers deleted"): [None, str(erased["answers"])]},
    )
    return dict(erased)
