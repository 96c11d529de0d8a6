"""Read and check the framework content files in fixtures/framework/."""

import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

FRAMEWORK_DIR = Path(settings.BASE_DIR) / "fixtures" / "framework"
STATIC_DIR = Path(settings.BASE_DIR) / "static"

SURVEY_AUDIENCES = ("lived_experience", "family_carers", "staff_partners")
INDICATOR_UNITS = ("percent", "number", "rate_per_100000", "score")
RESOURCE_KINDS = ("guidance", "example", "data", "tool")
# What a Good Lives action is: from a chapter of the framework, from another Learning
# Disability England publication, an example of local practice, or written by us.
ACTION_KINDS = ("framework", "publication", "local_example", "ours")
# Which part of a domain page a statement paraphrases; our own statements have none.
STATEMENT_SECTIONS = ("what_good_looks_like", "introduction")
# Listing pages (tags, categories, paging) change as posts are added: never a source.
LISTING_URL = re.compile(r"/(tag|category|page)/|[?&]page=", re.IGNORECASE)
SOURCE_KEYS = ("source_url",)

# The texts that people read, each given in English (`title`) and in Welsh (`title_cy`).
# Publication titles and publishers stay in their own language and are not listed.
WELSH_KEYS = {
    "framework": ("notes",),
    "audience": ("name",),
    "theme": ("title", "summary"),
    "action": ("text", "place"),
    "domain": ("title", "summary", "easy_read_summary", "picture_alt"),
    "statement": ("text",),
    "enabler": ("text", "hint"),
    "indicator": ("name", "description"),
    "question": ("text",),
    "survey": ("text", "hint", "picture_alt"),
    "resource": ("title", "description"),
    "link": ("reason",),
}


# What the messages call each list of a domain's items (the lists' keys stay as in the file).
PART_NAMES = {
    "statement": pgettext_lazy("framework file", "statement"),
    "enabler": pgettext_lazy("framework file", "enabler"),
    "question": pgettext_lazy("framework file", "question"),
    "indicator": pgettext_lazy("framework file", "indicator"),
    "resource": pgettext_lazy("framework file", "resource"),
    "survey": pgettext_lazy("framework file", "survey"),
}
NO_CODE = gettext_lazy("(no code)")


def _chapter_number():
    return _("%(item)s: chapter must be a chapter number, like 4.")


class FrameworkDataError(Exception):
    """The content files are not in the expected shape. The message says where and how.

    `item` and `field` say which item and field are wrong, and `problems` lists
    (item, field, sentence) when there are several, so that a reader of one uploaded file
    (domains.content_file) can name the line of each."""

    def __init__(self, message, *, item=None, field=None, problems=()):
        super().__init__(message)
        self.item = item
        self.field = field
        self.problems = list(problems)


@dataclass
class FrameworkData:
    meta: dict
    domains: list
    good_lives: dict


def _read_yaml(path):
    try:
        with open(path, encoding="utf-8") as handle:
            return yaml.safe_load(handle)
    except yaml.YAMLError as error:
        raise FrameworkDataError(_("%(file)s is not valid YAML: %(problem)s") % {
            "file": path.name, "problem": error}) from error


def read_framework(directory=FRAMEWORK_DIR):
    directory = Path(directory)
    if not (directory / "framework.yaml").exists():
        raise FrameworkDataError(_("No framework.yaml in %(folder)s/.") % {
            "folder": directory.name})
    data = FrameworkData(
        meta=_read_yaml(directory / "framework.yaml"),
        domains=[_read_yaml(p) for p in sorted((directory / "domains").glob("*.yaml"))],
        good_lives=_read_yaml(directory / "good_lives.yaml"),
    )
    check_framework(data)
    check_welsh(data)
    return data


def _require(item, keys, where):
    missing = [key for key in keys if item.get(key) in (None, "")]
    if missing:
        raise FrameworkDataError(_("%(item)s is missing %(fields)s.") % {
            "item": where, "fields": ", ".join(missing)}, item=item, field=missing[0])


def _require_all(items, keys, where):
    for item in items or []:
        _require(item, ("code", *keys), f"{where} {item.get('code', NO_CODE)}")


def check_framework(data):
    """Fail with a clear message on anything the loader cannot use."""
    _require(
        data.meta,
        ("version", "title", "publisher", "source_url", "good_lives_title",
         "good_lives_publisher", "good_lives_source_url"),
        "framework.yaml",
    )
    _check_stable_url(data.meta, "framework.yaml", "good_lives_source_url")
    audience_codes = {a["code"] for a in data.good_lives.get("audiences", [])}
    action_codes = set()
    for theme in data.good_lives.get("themes", []):
        where = _("Theme %(code)s") % {"code": theme.get("code")}
        _require(theme, ("code", "title", "summary", "source_url"), where)
        _check_stable_url(theme, where)
        _check_theme(theme, where)
        for action in theme.get("actions", []):
            where = _("Good Lives action %(code)s") % {"code": action.get("code")}
            _require(action, ("code", "text", "for", "source_url", "kind"), where)
            _check_stable_url(action, where)
            _check_action(action, where)
            unknown = set(action["for"]) - audience_codes
            if unknown:
                raise FrameworkDataError(_("%(item)s is for unknown groups: %(groups)s.") % {
                    "item": where, "groups": ", ".join(sorted(unknown))}, item=action, field="for")
            if action["code"] in action_codes:
                raise FrameworkDataError(_("%(item)s appears twice.") % {"item": where},
                                         item=action, field="code")
            action_codes.add(action["code"])

    numbers = set()
    codes = set()
    for domain in data.domains:
        where = _("Domain %(code)s") % {"code": domain.get("code", "?")}
        _require(
            domain,
            ("number", "code", "title", "summary", "easy_read_summary", "picture",
             "picture_alt", "source_url"),
            where,
        )
        if domain["number"] in numbers:
            raise FrameworkDataError(_("%(item)s: number %(number)s is used twice.") % {
                "item": where, "number": domain["number"]}, item=domain, field="number")
        numbers.add(domain["number"])
        part = {kind: f"{where} {name}" for kind, name in PART_NAMES.items()}
        _require_all(domain.get("statements"), ("text", "source_url"), part["statement"])
        for statement in domain.get("statements") or []:
            _check_statement(statement, f"{part['statement']} {statement['code']}")
        _require_all(domain.get("enabler_questions"), ("text", "source_url"), part["enabler"])
        _require_all(domain.get("in_depth_questions"), ("text", "source_url"), part["question"])
        _require_all(
            domain.get("outcome_indicators"),
            ("name", "description", "unit", "source_url"),
            part["indicator"],
        )
        for indicator in domain.get("outcome_indicators") or []:
            if indicator["unit"] not in INDICATOR_UNITS:
                raise FrameworkDataError(_("%(item)s: unit must be one of %(units)s.") % {
                    "item": f"{part['indicator']} {indicator['code']}",
                    "units": ", ".join(INDICATOR_UNITS)}, item=indicator, field="unit")
        _require_all(
            domain.get("resources"),
            ("title", "description", "url", "kind", "source_url"),
            part["resource"],
        )
        for resource in domain.get("resources") or []:
            if resource["kind"] not in RESOURCE_KINDS:
                raise FrameworkDataError(_("%(item)s: kind must be one of %(kinds)s.") % {
                    "item": f"{part['resource']} {resource['code']}",
                    "kinds": ", ".join(RESOURCE_KINDS)}, item=resource, field="kind")
        survey = domain.get("survey_questions") or {}
        unknown = set(survey) - set(SURVEY_AUDIENCES)
        if unknown:
            raise FrameworkDataError(_("%(item)s: unknown survey audiences %(audiences)s.") % {
                "item": where, "audiences": ", ".join(sorted(unknown))},
                item=survey, field=sorted(unknown)[0])
        for audience in SURVEY_AUDIENCES:
            _require_all(survey.get(audience), ("text", "source_url"), f"{where} {audience}")
        # Easy Read: every lived-experience question has a picture of its own idea.
        _require_all(survey.get("lived_experience"), ("picture", "picture_alt"),
                     f"{where} lived_experience")
        for question in survey.get("lived_experience") or []:
            if not (STATIC_DIR / question["picture"]).is_file():
                raise FrameworkDataError(
                    _("%(item)s: picture %(picture)s is not a file under static/.") % {
                        "item": f"{where} lived_experience {question['code']}",
                        "picture": question["picture"]}, item=question, field="picture")
        for link in domain.get("good_lives_links") or []:
            _require(link, ("action", "reason"), _("%(item)s Good Lives link") % {"item": where})
            if link["action"] not in action_codes:
                raise FrameworkDataError(
                    _("%(item)s links to Good Lives action %(code)s, which does not exist.") % {
                        "item": where, "code": link["action"]}, item=link, field="action")
        for items in _answerable_lists(domain):
            for item in items:
                if item["code"] in codes:
                    raise FrameworkDataError(_("Code %(code)s is used twice.") % {
                        "code": item["code"]}, item=item, field="code")
                codes.add(item["code"])


def _check_stable_url(item, where, key="source_url"):
    if LISTING_URL.search(str(item.get(key, ""))):
        raise FrameworkDataError(
            _("%(item)s: %(field)s %(url)s is a listing page whose contents change; give the "
              "page of the article itself.") % {"item": where, "field": key, "url": item[key]},
            item=item, field=key)


def _is_year(value):
    return isinstance(value, int) and not isinstance(value, bool) and 1900 <= value <= 2100


def _is_chapter(value):
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def _check_theme(theme, where):
    """A theme is a Good Lives chapter (`chapter`, ours false) or our own grouping (ours)."""
    ours = theme.get("ours", True)
    if not isinstance(ours, bool):
        raise FrameworkDataError(_("%(item)s: ours must be true or false.") % {"item": where},
                                 item=theme, field="ours")
    if "chapter" in theme and not _is_chapter(theme["chapter"]):
        raise FrameworkDataError(_chapter_number() % {"item": where}, item=theme, field="chapter")
    if not ours and "chapter" not in theme:
        raise FrameworkDataError(
            _("%(item)s: a theme that is not ours must say which Good Lives chapter it is, as "
              "chapter; otherwise its grouping and title are ours (ours: true).") % {
                "item": where}, item=theme, field="ours")
    if ours and "chapter" in theme:
        raise FrameworkDataError(
            _("%(item)s: a theme of our own grouping (ours: true) has no chapter.") % {
                "item": where}, item=theme, field="chapter")


def _check_action(action, where):
    """Each idea says what it is, with the facts that kind needs: the framework's chapter,
    the other publication's title, or the place of a local example."""
    kind = action.get("kind")
    if kind not in ACTION_KINDS:
        raise FrameworkDataError(_("%(item)s: kind must be one of %(kinds)s, not %(kind)r.") % {
            "item": where, "kinds": ", ".join(ACTION_KINDS), "kind": kind},
            item=action, field="kind")
    needed = {"framework": ("chapter",), "publication": ("publication",),
              "local_example": ("place",), "ours": ()}[kind]
    _require(action, needed, _("%(item)s (kind %(kind)s)") % {"item": where, "kind": kind})
    if "chapter" in action and not _is_chapter(action["chapter"]):
        raise FrameworkDataError(_chapter_number() % {"item": where}, item=action,
                                 field="chapter")
    if "published_in" in action and not _is_year(action["published_in"]):
        raise FrameworkDataError(_("%(item)s: published_in must be a year, like 2024.") % {
            "item": where}, item=action, field="published_in")
    if kind != "framework" and (action.get("chapter") or action.get("chapter_title")):
        raise FrameworkDataError(
            _("%(item)s: only an idea of kind framework has a chapter; this one is %(kind)s.") % {
                "item": where, "kind": kind},
            item=action, field="chapter" if action.get("chapter") else "chapter_title")
    if "ours" in action and bool(action["ours"]) != (kind == "ours"):
        raise FrameworkDataError(
            _("%(item)s: ours says %(ours)s but kind is %(kind)s; leave ours out, the kind "
              "says it.") % {"item": where, "ours": action["ours"], "kind": kind},
            item=action, field="ours")


def _check_statement(statement, where):
    """A statement paraphrases a named section of the domain page, or is our own."""
    section = statement.get("section", "")
    if statement.get("ours", True):
        if section:
            raise FrameworkDataError(
                _("%(item)s: an item of our own (ours: true) paraphrases no section; remove "
                  "section.") % {"item": where}, item=statement, field="section")
        return
    if section not in STATEMENT_SECTIONS:
        raise FrameworkDataError(
            _("%(item)s: section must be one of %(sections)s, not %(section)r.") % {
                "item": where, "sections": ", ".join(STATEMENT_SECTIONS), "section": section},
            item=statement, field="section")


def _answerable_lists(domain):
    survey = domain.get("survey_questions") or {}
    return [
        domain.get("statements") or [],
        domain.get("enabler_questions") or [],
        domain.get("outcome_indicators") or [],
        domain.get("in_depth_questions") or [],
        domain.get("resources") or [],
        *(survey.get(audience) or [] for audience in SURVEY_AUDIENCES),
    ]


def _welsh_items(data):
    """Every item with texts to translate, as (kind, item, where)."""
    yield "framework", data.meta, "framework.yaml"
    for item in data.good_lives.get("audiences", []):
        yield "audience", item, _("Good Lives audience %(code)s") % {"code": item["code"]}
    for theme in data.good_lives.get("themes", []):
        yield "theme", theme, _("Theme %(code)s") % {"code": theme["code"]}
        for action in theme.get("actions", []):
            yield "action", action, _("Good Lives action %(code)s") % {"code": action["code"]}
    for domain in data.domains:
        where = _("Domain %(code)s") % {"code": domain["code"]}
        yield "domain", domain, where
        lists = {
            "statement": domain.get("statements"),
            "enabler": domain.get("enabler_questions"),
            "indicator": domain.get("outcome_indicators"),
            "question": domain.get("in_depth_questions"),
            "resource": domain.get("resources"),
            **{f"survey {audience}": (domain.get("survey_questions") or {}).get(audience)
               for audience in SURVEY_AUDIENCES},
        }
        for list_name, items in lists.items():
            kind, *audience = list_name.split()
            name = " ".join([str(PART_NAMES[kind]), *audience])
            for item in items or []:
                yield kind, item, f"{where} {name} {item['code']}"
        for link in domain.get("good_lives_links") or []:
            yield "link", link, _("%(item)s Good Lives link to %(code)s") % {
                "item": where, "code": link["action"]}


def check_welsh(data):
    """Every English text has its Welsh beside it (`key_cy`), and each file says whether a
    Welsh speaker has reviewed the Welsh."""
    missing = [
        (item, key, f"{where}: {key}_cy")
        for kind, item, where in _welsh_items(data)
        for key in WELSH_KEYS[kind]
        if item.get(key) not in (None, "") and item.get(f"{key}_cy") in (None, "")
    ]
    if missing:
        named = "; ".join(m[2] for m in missing[:5])
        if len(missing) > 5:
            named = _("%(items)s and %(count)s more") % {"items": named,
                                                          "count": len(missing) - 5}
        raise FrameworkDataError(
            _("Welsh is missing for %(items)s. Add each text in Welsh beside its English, as "
              "key_cy.") % {"items": named},
            problems=[(item, key, _("%(item)s is missing") % {"item": text})
                      for item, key, text in missing],
        )
    files = [("framework.yaml", data.meta), ("good_lives.yaml", data.good_lives)] + [
        (_("Domain %(code)s") % {"code": domain["code"]}, domain) for domain in data.domains]
    unmarked = [(name, content) for name, content in files if not content.get("welsh_review")]
    if unmarked:
        raise FrameworkDataError(
            _("%(items)s: say whether a Welsh speaker has reviewed the Welsh, as "
              "welsh_review.") % {"items": ", ".join(name for name, _content in unmarked)},
            problems=[(content, None, _("%(item)s: welsh_review is missing") % {"item": name})
                      for name, content in unmarked],
        )
