"""Writing framework content only where it differs from what is stored, for the loader
(domains.services): which texts make new wording, the English and Welsh of a fixture item,
and ContentSync, which creates, updates, retires and remembers rows and notes what changed."""

import datetime
import decimal

from django.db import models
from django.db.models import Max
from django.utils.translation import gettext, gettext_noop

from .models import (
    EnablerQuestion,
    InDepthQuestion,
    LoadedContent,
    OutcomeIndicator,
    Statement,
    SurveyQuestion,
)

SOURCE_FIELDS = ("source_url", "source_checked", "ours")

# For each answerable model: the texts whose change means new wording (a new revision), in
# both languages, and the other fields that do.
WORDING_TEXTS = {
    Statement: ("text",),
    EnablerQuestion: ("text", "hint"),
    OutcomeIndicator: ("name", "description"),
    SurveyQuestion: ("text", "hint"),
    InDepthQuestion: ("text",),
}
WORDING_OTHER = {OutcomeIndicator: ("unit", "higher_is_better")}
LANGUAGES = ("en", "cy")


class Change(str):
    """One line of what a load did, with its `kind`: "added", "new_wording" (a new revision
    of an item already there), "updated", "retired", "removed" or "left_alone".

    The loader runs in English (domains.services), so the line is kept as its message and
    values and said again in the language in use wherever it is shown (the admin's preview
    in Welsh). Compared as a string, it is the English line."""

    def __new__(cls, what, message, /, **values):
        change = super().__new__(cls, gettext(message) % values)
        change.kind = what
        change.message = message
        change.values = values
        return change

    def __str__(self):
        return gettext(self.message) % self.values


class FieldNames:
    """Fields of a model named as its admin pages name them, in the language in use."""

    def __init__(self, model, names):
        self.model = model
        self.names = sorted(names)

    def __str__(self):
        return ", ".join(str(self.model._meta.get_field(name).verbose_name)
                         for name in self.names)


def added(obj):
    return Change("added", gettext_noop("added %(kind)s %(item)s"),
                  kind=obj._meta.verbose_name, item=obj)


def new_wording_added(obj):
    return Change("new_wording", gettext_noop("new wording for %(kind)s %(item)s"),
                  kind=obj._meta.verbose_name, item=obj)


def wording_fields(model):
    return (*(f"{name}_{language}" for name in WORDING_TEXTS[model] for language in LANGUAGES),
            *WORDING_OTHER.get(model, ()))


def new_wording(stored, wanted):
    """Whether `wanted` (field name -> value) words the item differently from `stored`.
    Welsh given for the first time fills in the same wording; Welsh changed is new wording."""
    for name, value in wanted.items():
        before = getattr(stored, name)
        if name.endswith("_cy") and not before:
            continue
        if (before or "") != (value or ""):
            return True
    return False


def is_reviewed(welsh_review):
    """framework.yaml says "awaiting review by a Welsh speaker" until one has checked the
    Welsh; then "reviewed by <who> on <date>"."""
    return str(welsh_review).strip().lower().startswith("reviewed by")


def bilingual(item, names, strip=False):
    """The English and Welsh of each named text in a fixture item, as model field values."""
    values = {}
    for name in names:
        english, welsh = item.get(name) or "", item.get(f"{name}_cy") or ""
        values[f"{name}_en"] = english.strip() if strip else english
        values[f"{name}_cy"] = welsh.strip() if strip else welsh
    return values


def source_values(item, default_ours=True):
    return {
        "source_url": item["source_url"],
        "source_checked": bool(item.get("source_checked", False)),
        "ours": bool(item.get("ours", default_ours)),
    }


def plain_value(value):
    """A field's value as it is remembered between loads (JSON): a row by its key, a date
    as text."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, (datetime.date, decimal.Decimal)):
        return str(value)
    return value


class ContentSync:
    """Creates or updates rows only where something differs, and notes what changed.

    It remembers what it wrote for each item (LoadedContent). A field an administrator has
    changed since the last load, which the files would now change too, is left as the
    administrator made it, and listed in `left_alone`; everything nobody changed is upgraded.
    """

    def __init__(self):
        self.changes = []
        self.left_alone = []
        self.loaded = dict(LoadedContent.objects.values_list("item", "values"))
        self.remembered = {}

    @staticmethod
    def item_key(model, lookup):
        parts = ",".join(f"{name}={plain_value(value)}" for name, value in sorted(lookup.items()))
        return f"{model._meta.label_lower}:{parts}"

    def edited_since_load(self, key, obj, names):
        """The fields among `names` whose stored value is not what the last load wrote."""
        last = self.loaded.get(key)
        if last is None:
            return set()
        return {name for name in names
                if name in last and plain_value(getattr(obj, name)) != last[name]}

    def remember(self, key, values):
        """Note what this load wrote for the item (on top of what earlier loads wrote)."""
        last = self.remembered.get(key, self.loaded.get(key, {}))
        plain = {**last, **{name: plain_value(value) for name, value in values.items()}}
        if self.loaded.get(key) != plain:
            self.remembered[key] = plain

    def save_memory(self):
        LoadedContent.objects.bulk_create(
            LoadedContent(item=key, values=values)
            for key, values in self.remembered.items() if key not in self.loaded)
        changed = list(LoadedContent.objects.filter(
            item__in=[key for key in self.remembered if key in self.loaded]))
        for row in changed:
            row.values = self.remembered[row.item]
        LoadedContent.objects.bulk_update(changed, ["values"])

    def upsert(self, model, lookup, values, key=None):
        key = key or self.item_key(model, lookup)
        obj = model.objects.filter(**lookup).first()
        if obj is None:
            obj = model.objects.create(**lookup, **values)
            self.changes.append(added(obj))
            self.remember(key, values)
            return obj
        changed = [name for name, value in values.items() if getattr(obj, name) != value]
        edited = self.edited_since_load(key, obj, changed)
        if edited:
            self.left_alone.append(Change(
                "left_alone",
                gettext_noop("%(kind)s %(item)s: %(fields)s changed by an administrator since "
                             "the last load; the files' version was not loaded"),
                kind=model._meta.verbose_name, item=obj, fields=FieldNames(model, edited)))
            changed = [name for name in changed if name not in edited]
        if changed:
            for name in changed:
                setattr(obj, name, values[name])
            obj.save(update_fields=changed)
            self.changes.append(Change(
                "updated", gettext_noop("updated %(kind)s %(item)s: %(fields)s"),
                kind=model._meta.verbose_name, item=obj, fields=FieldNames(model, changed)))
        # A field left as the administrator made it is still remembered as the last load
        # wrote it, so the next load leaves it alone too, until the files agree with it.
        self.remember(key, {name: value for name, value in values.items() if name not in edited})
        return obj

    def retire_missing(self, queryset, keep_ids):
        for obj in queryset.filter(is_current=True).exclude(pk__in=keep_ids):
            obj.is_current = False
            obj.save(update_fields=["is_current"])
            self.changes.append(Change("retired", gettext_noop("retired %(kind)s %(item)s"),
                                       kind=obj._meta.verbose_name, item=obj))

    def picture_all_revisions(self, code, picture):
        earlier = SurveyQuestion.objects.filter(code=code, is_current=False).exclude(**picture)
        if earlier.update(**picture):
            self.changes.append(Change(
                "updated", gettext_noop("updated the picture of earlier revisions of %(code)s"),
                code=code))

    def revision(self, model, *, item, position, version, placement):
        """Keep one current revision per code; new wording retires the old revision."""
        wording = bilingual(item, WORDING_TEXTS[model])
        if model is OutcomeIndicator:
            wording["unit"] = item["unit"]
            wording["higher_is_better"] = bool(item.get("higher_is_better", True))
        other = {**source_values(item), **placement, "position": position}
        if model is Statement:
            # Which part of the page it paraphrases is not wording: no new revision.
            other["section"] = item.get("section", "")
        if model is SurveyQuestion:
            # The picture is not part of the wording: changing it keeps the revision, and
            # earlier revisions (still asked by surveys already set up) show it too.
            picture = {"picture": item.get("picture", ""),
                       **bilingual(item, ("picture_alt",))}
            other.update(picture)
            self.picture_all_revisions(item["code"], picture)
        key = self.item_key(model, {"code": item["code"]})
        current = model.objects.filter(code=item["code"], is_current=True).first()
        if current is not None and not new_wording(current, wording):
            return self.upsert(model, {"pk": current.pk}, {**wording, **other}, key=key)
        if current is not None and self.edited_since_load(key, current, wording):
            self.left_alone.append(Change(
                "left_alone",
                gettext_noop("%(kind)s %(code)s: its wording was changed by an administrator "
                             "since the last load; the files' wording was not loaded"),
                kind=model._meta.verbose_name, code=item["code"]))
            return self.upsert(model, {"pk": current.pk}, other, key=key)
        if current is not None:
            current.is_current = False
            current.save(update_fields=["is_current"])
        latest = model.objects.filter(code=item["code"]).aggregate(n=Max("revision"))["n"] or 0
        obj = model.objects.create(
            code=item["code"], revision=latest + 1, framework_version=version,
            **wording, **other,
        )
        self.changes.append(new_wording_added(obj) if latest else added(obj))
        self.remember(key, {**wording, **other})
        return obj
