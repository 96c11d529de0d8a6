"""Writes to framework content: the loader of fixtures/framework/ (its row-by-row writing is in
domains.content_sync), and what an administrator saves."""

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Max
from django.utils import translation
from django.utils.translation import gettext_noop

from .content_sync import (
    WORDING_TEXTS,
    Change,
    ContentSync,
    bilingual,
    is_reviewed,
    new_wording,
    source_values,
    wording_fields,
)
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
    OutcomeIndicator,
    Resource,
    Statement,
    SurveyQuestion,
)


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
    sync = ContentSync()
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
             **source_values(theme_data), **_chapter_values(theme_data)},
        )
        for position, item in enumerate(theme_data.get("actions", [])):
            action = sync.upsert(
                GoodLivesAction,
                {"code": item["code"]},
                {"theme": theme, **bilingual(item, ("text", "place")), "position": position,
                 "is_current": True, **source_values(item),
                 **_provenance_values(item), **_chapter_values(item)},
            )
            wanted = {audiences[code].pk for code in item["for"]}
            if set(action.audiences.values_list("pk", flat=True)) != wanted:
                action.audiences.set(wanted)
                sync.changes.append(Change(
                    "updated", gettext_noop("updated who Good Lives action %(code)s is for"),
                    code=action.code))
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
            **source_values(data, default_ours=False),
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
             **source_values(item, default_ours=False)},
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
        sync.changes.append(Change("removed", gettext_noop("removed cross-reference %(item)s"),
                                   item=link))
    stale.delete()
    return domain
