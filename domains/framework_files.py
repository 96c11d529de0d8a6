"""Read and check the framework content files in fixtures/framework/."""

from dataclasses import dataclass
from pathlib import Path

import yaml
from django.conf import settings

FRAMEWORK_DIR = Path(settings.BASE_DIR) / "fixtures" / "framework"
STATIC_DIR = Path(settings.BASE_DIR) / "static"

SURVEY_AUDIENCES = ("lived_experience", "family_carers", "staff_partners")
INDICATOR_UNITS = ("percent", "number", "rate_per_100000", "score")
RESOURCE_KINDS = ("guidance", "example", "data", "tool")
SOURCE_KEYS = ("source_url",)

# The texts that people read, each given in English (`title`) and in Welsh (`title_cy`).
# Publication titles and publishers stay in their own language and are not listed.
WELSH_KEYS = {
    "framework": ("notes",),
    "audience": ("name",),
    "theme": ("title", "summary"),
    "action": ("text",),
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
    """The content files are not in the expected shape. The message says where and how."""


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
        raise FrameworkDataError(f"{where} is missing {', '.join(missing)}.")


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
    audience_codes = {a["code"] for a in data.good_lives.get("audiences", [])}
    action_codes = set()
    for theme in data.good_lives.get("themes", []):
        _require(theme, ("code", "title", "summary", "source_url"), f"Theme {theme.get('code')}")
        for action in theme.get("actions", []):
            where = f"Good Lives action {action.get('code')}"
            _require(action, ("code", "text", "for", "source_url"), where)
            unknown = set(action["for"]) - audience_codes
            if unknown:
                raise FrameworkDataError(f"{where} is for unknown groups: {sorted(unknown)}.")
            if action["code"] in action_codes:
                raise FrameworkDataError(f"{where} appears twice.")
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
            raise FrameworkDataError(f"{where}: number {domain['number']} is used twice.")
        numbers.add(domain["number"])
        _require_all(domain.get("statements"), ("text", "source_url"), f"{where} statement")
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
                    f"{', '.join(INDICATOR_UNITS)}."
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
                    f"{', '.join(RESOURCE_KINDS)}."
                )
        survey = domain.get("survey_questions") or {}
        unknown = set(survey) - set(SURVEY_AUDIENCES)
        if unknown:
            raise FrameworkDataError(f"{where}: unknown survey audiences {sorted(unknown)}.")
        for audience in SURVEY_AUDIENCES:
            _require_all(survey.get(audience), ("text", "source_url"), f"{where} {audience}")
        # Easy Read: every lived-experience question has a picture of its own idea.
        _require_all(survey.get("lived_experience"), ("picture", "picture_alt"),
                     f"{where} lived_experience")
        for question in survey.get("lived_experience") or []:
            if not (STATIC_DIR / question["picture"]).is_file():
                raise FrameworkDataError(
                    f"{where} lived_experience {question['code']}: picture "
                    f"{question['picture']} is not a file under static/."
                )
        for link in domain.get("good_lives_links") or []:
            _require(link, ("action", "reason"), f"{where} Good Lives link")
            if link["action"] not in action_codes:
                raise FrameworkDataError(
                    f"{where} links to Good Lives action {link['action']}, which does not exist."
                )
        for items in _answerable_lists(domain):
            for item in items:
                if item["code"] in codes:
                    raise FrameworkDataError(f"Code {item['code']} is used twice.")
                codes.add(item["code"])


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
        f"{where}: {key}_cy"
        for kind, item, where in _welsh_items(data)
        for key in WELSH_KEYS[kind]
        if item.get(key) not in (None, "") and item.get(f"{key}_cy") in (None, "")
    ]
    if missing:
        more = f" and {len(missing) - 5} more" if len(missing) > 5 else ""
        raise FrameworkDataError(
            f"Welsh is missing for {'; '.join(missing[:5])}{more}. Add each text in Welsh "
            f"beside its English, as key_cy."
        )
    files = [("framework.yaml", data.meta), ("good_lives.yaml", data.good_lives)] + [
        (f"domain {domain['code']}", domain) for domain in data.domains]
    unmarked = [name for name, content in files if not content.get("welsh_review")]
    if unmarked:
        raise FrameworkDataError(
            f"{', '.join(unmarked)}: say whether a Welsh speaker has reviewed the Welsh, as "
            f"welsh_review."
        )
