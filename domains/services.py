"""Writes to framework content. The only writer is the loader of fixtures/framework/."""

import datetime
import decimal
from dataclasses import dataclass, field

from django.db import models, transaction
from django.db.models import Max
from django.utils import translation

from .framework_files import FRAMEWORK_DIR, SURVEY_AUDIENCES, read_framework
from .models import (
    CrossReference,
    Domain,
    EnablerQuestion,
    FrameworkVersion,
    GoodLivesAction,
    GoodLivesAudience,
    GoodLivesTheme,
    InDepthQuestion,
    LoadedContent,
    OutcomeIndicator,
    Resource,
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


@dataclass
class LoadSummary:
    version: str
    domains: int
    questions: int
    actions: int
    cross_references: int
    changes: list = field(default_factory=list)
    left_alone: list = field(default_factory=list)

    def line(self):
        return (
            f"framework {self.version}: {self.domains} domains, {self.questions} questions, "
            f"{self.actions} Good Lives actions, {self.cross_references} cross-references"
        )


def _source_values(item, default_ours=True):
    return {
        "source_url": item["source_url"],
        "source_checked": bool(item.get("source_checked", False)),
        "ours": bool(item.get("ours", default_ours)),
    }


def _chapter_values(item):
    return {"chapter": item.get("chapter"), "chapter_title": item.get("chapter_title", "")}


def _provenance_values(item):
    """What kind of source a Good Lives action comes from; `ours` follows from the kind."""
    return {
        "kind": item["kind"],
        "ours": item["kind"] == GoodLivesAction.Kind.OURS,
        "publication": item.get("publication", ""),
        "published_in": item.get("published_in"),
    }


def _plain(value):
    """A field's value as it is remembered between loads (JSON): a row by its key, a date
    as text."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, (datetime.date, decimal.Decimal)):
        return str(value)
    return value


class _Sync:
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
        parts = ",".join(f"{name}={_plain(value)}" for name, value in sorted(lookup.items()))
        return f"{model._meta.label_lower}:{parts}"

    def edited_since_load(self, key, obj, names):
        """The fields among `names` whose stored value is not what the last load wrote."""
        last = self.loaded.get(key)
        if last is None:
            return set()
        return {name for name in names
                if name in last and _plain(getattr(obj, name)) != last[name]}

    def remember(self, key, values):
        """Note what this load wrote for the item (on top of what earlier loads wrote)."""
        last = self.remembered.get(key, self.loaded.get(key, {}))
        plain = {**last, **{name: _plain(value) for name, value in values.items()}}
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
            self.changes.append(f"added {model._meta.verbose_name} {obj}")
            self.remember(key, values)
            return obj
        changed = [name for name, value in values.items() if getattr(obj, name) != value]
        edited = self.edited_since_load(key, obj, changed)
        if edited:
            self.left_alone.append(
                f"{model._meta.verbose_name} {obj}: {', '.join(sorted(edited))} changed by an "
                "administrator since the last load; the files' version was not loaded")
            changed = [name for name in changed if name not in edited]
        if changed:
            for name in changed:
                setattr(obj, name, values[name])
            obj.save(update_fields=changed)
            self.changes.append(f"updated {model._meta.verbose_name} {obj}: {', '.join(changed)}")
        # A field left as the administrator made it is still remembered as the last load
        # wrote it, so the next load leaves it alone too, until the files agree with it.
        self.remember(key, {name: value for name, value in values.items() if name not in edited})
        return obj

    def retire_missing(self, queryset, keep_ids):
        for obj in queryset.filter(is_current=True).exclude(pk__in=keep_ids):
            obj.is_current = False
            obj.save(update_fields=["is_current"])
            self.changes.append(f"retired {obj._meta.verbose_name} {obj}")

    def picture_all_revisions(self, code, picture):
        earlier = SurveyQuestion.objects.filter(code=code, is_current=False).exclude(**picture)
        if earlier.update(**picture):
            self.changes.append(f"updated the picture of earlier revisions of {code}")

    def revision(self, model, *, item, position, version, placement):
        """Keep one current revision per code; new wording retires the old revision."""
        wording = bilingual(item, WORDING_TEXTS[model])
        if model is OutcomeIndicator:
            wording["unit"] = item["unit"]
            wording["higher_is_better"] = bool(item.get("higher_is_better", True))
        other = {**_source_values(item), **placement, "position": position}
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
            self.left_alone.append(
                f"{model._meta.verbose_name} {item['code']}: its wording was changed by an "
                "administrator since the last load; the files' wording was not loaded")
            return self.upsert(model, {"pk": current.pk}, other, key=key)
        if current is not None:
            current.is_current = False
            current.save(update_fields=["is_current"])
        latest = model.objects.filter(code=item["code"]).aggregate(n=Max("revision"))["n"] or 0
        obj = model.objects.create(
            code=item["code"], revision=latest + 1, framework_version=version,
            **wording, **other,
        )
        self.changes.append(f"added {model._meta.verbose_name} {obj}")
        self.remember(key, {**wording, **other})
        return obj


@transaction.atomic
def revisioned_item_save(*, item):
    """Save an answerable item edited by an administrator.

    If its wording changed, the stored row is retired and the edit is saved as a new revision,
    so answers already given keep pointing at the wording people saw.
    """
    model = type(item)
    stored = model.objects.filter(pk=item.pk).first() if item.pk else None
    if stored is None or not new_wording(
        stored, {name: getattr(item, name) for name in wording_fields(model)}
    ):
        item.save()
        return item
    stored.is_current = False
    stored.save(update_fields=["is_current"])
    latest = model.objects.filter(code=item.code).aggregate(n=Max("revision"))["n"]
    item.pk = None
    item._state.adding = True
    item.revision = latest + 1
    item.is_current = True
    item.framework_version = FrameworkVersion.objects.get(is_current=True)
    item.save()
    return item


def council_picture_save(*, picture, image, content_type):
    """Save a council's picture for a question. `image` and `content_type` come from
    domains.pictures.checked_picture, which has already checked and re-saved the file."""
    picture.image = image
    picture.content_type = content_type
    picture.full_clean(exclude=["image", "content_type"])
    picture.save()
    return picture


def framework_load(*, directory=FRAMEWORK_DIR):
    """Load or upgrade the framework content, in English and Welsh. Running it again with the
    same files changes nothing; answers keep pointing at the revision they answered."""
    return framework_load_data(read_framework(directory))


@transaction.atomic
@translation.override("en")
def framework_load_data(data):
    """Load content already read and checked (a FrameworkData), in one transaction."""
    sync = _Sync()
    version = _load_version(sync, data.meta)
    actions = _load_good_lives(sync, data.good_lives)
    for domain_data in data.domains:
        _load_domain(sync, domain_data, version, actions)
    sync.save_memory()
    return LoadSummary(
        version=version.version,
        domains=Domain.objects.count(),
        questions=sum(
            model.objects.filter(is_current=True).count()
            for model in (EnablerQuestion, SurveyQuestion, InDepthQuestion)
        ),
        actions=GoodLivesAction.objects.filter(is_current=True).count(),
        cross_references=CrossReference.objects.count(),
        changes=sync.changes,
        left_alone=sync.left_alone,
    )


def _load_version(sync, meta):
    values = {
        key: meta[key]
        for key in ("title", "publisher", "source_url", "good_lives_title",
                    "good_lives_publisher", "good_lives_source_url")
    }
    values.update(bilingual(meta, ("notes",)))
    values["welsh_reviewed"] = is_reviewed(meta["welsh_review"])
    FrameworkVersion.objects.filter(is_current=True).exclude(version=meta["version"]).update(
        is_current=False
    )
    return sync.upsert(
        FrameworkVersion, {"version": str(meta["version"])}, {**values, "is_current": True}
    )


def _load_good_lives(sync, good_lives):
    audiences = {
        item["code"]: sync.upsert(
            GoodLivesAudience, {"code": item["code"]},
            {**bilingual(item, ("name",)), "position": i}
        )
        for i, item in enumerate(good_lives["audiences"])
    }
    actions = {}
    for theme_position, theme_data in enumerate(good_lives["themes"]):
        theme = sync.upsert(
            GoodLivesTheme,
            {"code": theme_data["code"]},
            {**bilingual(theme_data, ("title", "summary")), "position": theme_position,
             **_source_values(theme_data), **_chapter_values(theme_data)},
        )
        for position, item in enumerate(theme_data.get("actions", [])):
            action = sync.upsert(
                GoodLivesAction,
                {"code": item["code"]},
                {"theme": theme, **bilingual(item, ("text", "place")), "position": position,
                 "is_current": True, **_source_values(item),
                 **_provenance_values(item), **_chapter_values(item)},
            )
            wanted = {audiences[code].pk for code in item["for"]}
            if set(action.audiences.values_list("pk", flat=True)) != wanted:
                action.audiences.set(wanted)
                sync.changes.append(f"updated who Good Lives action {action.code} is for")
            actions[action.code] = action
    sync.retire_missing(GoodLivesAction.objects.all(), [a.pk for a in actions.values()])
    return actions


def _load_domain(sync, data, version, actions):
    domain = sync.upsert(
        Domain,
        {"number": data["number"]},
        {
            "code": data["code"], "provisional": bool(data.get("provisional", False)),
            **bilingual(data, ("title", "summary", "easy_read_summary", "picture_alt"),
                        strip=True),
            "picture": data["picture"],
            **_source_values(data, default_ours=False),
        },
    )
    placement = {"domain": domain}
    groups = [
        (Statement, data.get("statements"), {}),
        (EnablerQuestion, data.get("enabler_questions"), {}),
        (OutcomeIndicator, data.get("outcome_indicators"), {}),
        (InDepthQuestion, data.get("in_depth_questions"), {}),
        *(
            (SurveyQuestion, (data.get("survey_questions") or {}).get(audience),
             {"audience": audience})
            for audience in SURVEY_AUDIENCES
        ),
    ]
    kept = {}
    for model, items, extra in groups:
        for position, item in enumerate(items or []):
            obj = sync.revision(
                model, item=item, position=position, version=version,
                placement={**placement, **extra},
            )
            kept.setdefault(model, []).append(obj.pk)
    for model in WORDING_TEXTS:
        sync.retire_missing(model.objects.filter(domain=domain), kept.get(model, []))

    resources = [
        sync.upsert(
            Resource,
            {"code": item["code"]},
            {"domain": domain, **bilingual(item, ("title", "description")),
             "url": item["url"], "kind": item["kind"], "position": position, "is_current": True,
             **_source_values(item, default_ours=False)},
        )
        for position, item in enumerate(data.get("resources") or [])
    ]
    sync.retire_missing(Resource.objects.filter(domain=domain), [r.pk for r in resources])

    links = [
        sync.upsert(
            CrossReference,
            {"domain": domain, "action": actions[link["action"]]},
            {**bilingual(link, ("reason",)), "position": position},
        )
        for position, link in enumerate(data.get("good_lives_links") or [])
    ]
    stale = CrossReference.objects.filter(domain=domain).exclude(pk__in=[x.pk for x in links])
    for link in stale:
        sync.changes.append(f"removed cross-reference {link}")
    stale.delete()
    return domain
