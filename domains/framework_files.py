"""Read and check the framework content files in fixtures/framework/."""

import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from django.conf import settings

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
        raise FrameworkDataError(f"{path.name} is not valid YAML: {error}") from error


def read_framework(directory=FRAMEWORK_DIR):
    directory = Path(directory)
    if not (directory / "framework.yaml").exists():
        raise FrameworkDataError(f"No framework.yaml in {directory.name}/.")
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
        raise FrameworkDataError(f"{where} is missing {', '.join(missing)}.", item=item,
                                 field=missing[0])


def _require_all(items, keys, where):
    for item in items or []:
        _require(item, ("code", *keys), f"{where} {item.get('code', '(no code)')}")


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
        where = f"Theme {theme.get('code')}"
        _require(theme, ("code", "title", "summary", "source_url"), where)
        _check_stable_url(theme, where)
        _check_theme(theme, where)
        for action in theme.get("actions", []):
            where = f"Good Lives action {action.get('code')}"
            _require(action, ("code", "text", "for", "source_url", "kind"), where)
            _check_stable_url(action, where)
            _check_action(action, where)
            unknown = set(action["for"]) - audience_codes
            if unknown:
                raise FrameworkDataError(f"{where} is for unknown groups: {sorted(unknown)}.",
                                         item=action, field="for")
            if action["code"] in action_codes:
                raise FrameworkDataError(f"{where} appears twice.", item=action, field="code")
            action_codes.add(action["code"])

    numbers = set()
    codes = set()
    for domain in data.domains:
        where = f"Domain {domain.get('code', '?')}"
        _require(
            domain,
            ("number", "code", "title", "summary", "easy_read_summary", "picture",
             "picture_alt", "source_url"),
            where,
        )
        if domain["number"] in numbers:
            raise FrameworkDataError(f"{where}: number {domain['number']} is used twice.",
                                     item=domain, field="number")
        numbers.add(domain["number"])
        _require_all(domain.get("statements"), ("text", "source_url"), f"{where} statement")
        for statement in domain.get("statements") or []:
            _check_statement(statement, f"{where} statement {statement['code']}")
        _require_all(domain.get("enabler_questions"), ("text", "source_url"), f"{where} enabler")
        _require_all(domain.get("in_depth_questions"), ("text", "source_url"), f"{where} question")
        _require_all(
            domain.get("outcome_indicators"),
            ("name", "description", "unit", "source_url"),
            f"{where} indicator",
        )
        for indicator in domain.get("outcome_indicators") or []:
            if indicator["unit"] not in INDICATOR_UNITS:
                raise FrameworkDataError(
                    f"{where} indicator {indicator['code']}: unit must be one of "
                    f"{', '.join(INDICATOR_UNITS)}.", item=indicator, field="unit"
                )
        _require_all(
            domain.get("resources"),
            ("title", "description", "url", "kind", "source_url"),
            f"{where} resource",
        )
        for resource in domain.get("resources") or []:
            if resource["kind"] not in RESOURCE_KINDS:
                raise FrameworkDataError(
                    f"{where} resource {resource['code']}: kind must be one of "
                    f"{', '.join(RESOURCE_KINDS)}.", item=resource, field="kind"
                )
        survey = domain.get("survey_questions") or {}
        unknown = set(survey) - set(SURVEY_AUDIENCES)
        if unknown:
            raise FrameworkDataError(f"{where}: unknown survey audiences {sorted(unknown)}.",
                                     item=survey, field=sorted(unknown)[0])
        for audience in SURVEY_AUDIENCES:
            _require_all(survey.get(audience), ("text", "source_url"), f"{where} {audience}")
        # Easy Read: every lived-experience question has a picture of its own idea.
        _require_all(survey.get("lived_experience"), ("picture", "picture_alt"),
                     f"{where} lived_experience")
        for question in survey.get("lived_experience") or []:
            if not (STATIC_DIR / question["picture"]).is_file():
                raise FrameworkDataError(
                    f"{where} lived_experience {question['code']}: picture "
                    f"{question['picture']} is not a file under static/.",
                    item=question, field="picture",
                )
        for link in domain.get("good_lives_links") or []:
            _require(link, ("action", "reason"), f"{where} Good Lives link")
            if link["action"] not in action_codes:
                raise FrameworkDataError(
                    f"{where} links to Good Lives action {link['action']}, which does not exist.",
                    item=link, field="action",
                )
        for items in _answerable_lists(domain):
            for item in items:
                if item["code"] in codes:
                    raise FrameworkDataError(f"Code {item['code']} is used twice.", item=item,
                                             field="code")
                codes.add(item["code"])


def _check_stable_url(item, where, key="source_url"):
    if LISTING_URL.search(str(item.get(key, ""))):
        raise FrameworkDataError(
            f"{where}: {key} {item[key]} is a listing page whose contents change; give the "
            f"page of the article itself.", item=item, field=key,
        )


def _is_year(value):
    return isinstance(value, int) and not isinstance(value, bool) and 1900 <= value <= 2100


def _is_chapter(value):
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def _check_theme(theme, where):
    """A theme is a Good Lives chapter (`chapter`, ours false) or our own grouping (ours)."""
    ours = theme.get("ours", True)
    if not isinstance(ours, bool):
        raise FrameworkDataError(f"{where}: ours must be true or false.", item=theme,
                                 field="ours")
    if "chapter" in theme and not _is_chapter(theme["chapter"]):
        raise FrameworkDataError(f"{where}: chapter must be a chapter number, like 4.",
                                 item=theme, field="chapter")
    if not ours and "chapter" not in theme:
        raise FrameworkDataError(
            f"{where}: a theme that is not ours must say which Good Lives chapter it is, as "
            f"chapter; otherwise its grouping and title are ours (ours: true).",
            item=theme, field="ours",
        )
    if ours and "chapter" in theme:
        raise FrameworkDataError(
            f"{where}: a theme of our own grouping (ours: true) has no chapter.",
            item=theme, field="chapter",
        )


def _check_action(action, where):
    """Each idea says what it is, with the facts that kind needs: the framework's chapter,
    the other publication's title, or the place of a local example."""
    kind = action.get("kind")
    if kind not in ACTION_KINDS:
        raise FrameworkDataError(
            f"{where}: kind must be one of {', '.join(ACTION_KINDS)}, not {kind!r}.",
            item=action, field="kind",
        )
    needed = {"framework": ("chapter",), "publication": ("publication",),
              "local_example": ("place",), "ours": ()}[kind]
    _require(action, needed, f"{where} (kind {kind})")
    if "chapter" in action and not _is_chapter(action["chapter"]):
        raise FrameworkDataError(f"{where}: chapter must be a chapter number, like 4.",
                                 item=action, field="chapter")
    if "published_in" in action and not _is_year(action["published_in"]):
        raise FrameworkDataError(f"{where}: published_in must be a year, like 2024.",
                                 item=action, field="published_in")
    if kind != "framework" and (action.get("chapter") or action.get("chapter_title")):
        raise FrameworkDataError(
            f"{where}: only an idea of kind framework has a chapter; this one is {kind}.",
            item=action, field="chapter" if action.get("chapter") else "chapter_title",
        )
    if "ours" in action and bool(action["ours"]) != (kind == "ours"):
        raise FrameworkDataError(
            f"{where}: ours says {action['ours']} but kind is {kind}; leave ours out, the kind "
            f"says it.", item=action, field="ours",
        )


def _check_statement(statement, where):
    """A statement paraphrases a named section of the domain page, or is our own."""
    section = statement.get("section", "")
    if statement.get("ours", True):
        if section:
            raise FrameworkDataError(
                f"{where}: an item of our own (ours: true) paraphrases no section; remove "
                f"section.", item=statement, field="section",
            )
        return
    if section not in STATEMENT_SECTIONS:
        raise FrameworkDataError(
            f"{where}: section must be one of {', '.join(STATEMENT_SECTIONS)}, not {section!r}.",
            item=statement, field="section",
        )


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
        yield "audience", item, f"Good Lives audience {item['code']}"
    for theme in data.good_lives.get("themes", []):
        yield "theme", theme, f"Theme {theme['code']}"
        for action in theme.get("actions", []):
            yield "action", action, f"Good Lives action {action['code']}"
    for domain in data.domains:
        where = f"Domain {domain['code']}"
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
        for kind, items in lists.items():
            for item in items or []:
                yield kind.split()[0], item, f"{where} {kind} {item['code']}"
        for link in domain.get("good_lives_links") or []:
            yield "link", link, f"{where} Good Lives link to {link['action']}"


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
        more = f" and {len(missing) - 5} more" if len(missing) > 5 else ""
        raise FrameworkDataError(
            f"Welsh is missing for {'; '.join(m[2] for m in missing[:5])}{more}. Add each text "
            f"in Welsh beside its English, as key_cy.",
            problems=[(item, key, f"{text} is missing") for item, key, text in missing],
        )
    files = [("framework.yaml", data.meta), ("good_lives.yaml", data.good_lives)] + [
        (f"domain {domain['code']}", domain) for domain in data.domains]
    unmarked = [(name, content) for name, content in files if not content.get("welsh_review")]
    if unmarked:
        raise FrameworkDataError(
            f"{', '.join(name for name, _ in unmarked)}: say whether a Welsh speaker has "
            f"reviewed the Welsh, as welsh_review.",
            problems=[(content, None, f"{name}: welsh_review is missing") for name, content
                      in unmarked],
        )
