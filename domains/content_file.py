"""The whole framework content in one file, to download and to upload again.

The file holds what fixtures/framework/ holds, under three keys: `framework` (framework.yaml),
`good_lives` (good_lives.yaml) and `domains` (one entry for each domains/dN.yaml), with the
same key names, in English and Welsh (`key` and `key_cy`). An uploaded file is read with the
line of every item and field, checked with the checks read_framework applies, previewed in a
transaction that is rolled back, then applied in one transaction as a new version.
"""

from dataclasses import dataclass, field

import yaml
from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _

from .framework_files import (
    SURVEY_AUDIENCES,
    FrameworkData,
    FrameworkDataError,
    check_framework,
    check_welsh,
)
from .models import (
    Domain,
    FrameworkVersion,
    GoodLivesAudience,
    GoodLivesTheme,
)
from .services import framework_load_data

REVIEWED = "reviewed by a Welsh speaker"
AWAITING_REVIEW = "awaiting review by a Welsh speaker"
# The lists of items in a domain, in the order of the fixture files.
DOMAIN_LISTS = ("statements", "enabler_questions", "outcome_indicators", "in_depth_questions",
                "resources", "good_lives_links")
MOST_PROBLEMS_SHOWN = 20


class ContentFileError(Exception):
    """An uploaded file that cannot be loaded. `problems` are sentences, each naming its line
    and field where the file shows them."""

    def __init__(self, problems):
        super().__init__("\n".join(problems))
        self.problems = problems


# Export ------------------------------------------------------------------------------------

def _texts(obj, *names):
    """The English and Welsh of each named text, leaving out the empty ones."""
    values = {}
    for name in names:
        for key, value in ((name, getattr(obj, f"{name}_en")), (f"{name}_cy",
                                                                  getattr(obj, f"{name}_cy"))):
            if value not in (None, ""):
                values[key] = value
    return values


def _source(obj):
    return {"source_url": obj.source_url, "source_checked": obj.source_checked,
            "ours": obj.ours}


def _chapter(obj):
    values = {} if obj.chapter is None else {"chapter": obj.chapter}
    return {**values, **({"chapter_title": obj.chapter_title} if obj.chapter_title else {})}


def _current(manager):
    return manager.filter(is_current=True).order_by("position", "code")


def _good_lives():
    themes = []
    for theme in GoodLivesTheme.objects.order_by("position", "code"):
        actions = []
        for action in _current(theme.actions).prefetch_related("audiences"):
            published = ({} if action.published_in is None
                         else {"published_in": action.published_in})
            actions.append({
                "code": action.code, **_texts(action, "text"),
                "for": [a.code for a in action.audiences.order_by("position", "code")],
                "source_url": action.source_url, "source_checked": action.source_checked,
                "kind": action.kind,
                **({"publication": action.publication} if action.publication else {}),
                **published, **_texts(action, "place"), **_chapter(action),
            })
        themes.append({"code": theme.code, **_texts(theme, "title", "summary"),
                       **_source(theme), **_chapter(theme), "actions": actions})
    audiences = [{"code": a.code, **_texts(a, "name")}
                 for a in GoodLivesAudience.objects.order_by("position", "code")]
    return {"audiences": audiences, "themes": themes}


def _domain(domain, review):
    def items(manager, *names, extra=()):
        return [{"code": item.code, **_texts(item, *names),
                 **{name: getattr(item, name) for name in extra if getattr(item, name) != ""},
                 **_source(item)} for item in _current(manager)]

    survey = {}
    for audience in SURVEY_AUDIENCES:
        questions = _current(domain.survey_questions.filter(audience=audience))
        survey[audience] = [
            {"code": q.code, **_texts(q, "text", "hint"),
             **({"picture": q.picture} if q.picture else {}), **_texts(q, "picture_alt"),
             **_source(q)} for q in questions]
    return {
        "welsh_review": review, "number": domain.number, "code": domain.code,
        **_texts(domain, "title"), "provisional": domain.provisional, **_source(domain),
        **_texts(domain, "summary", "easy_read_summary"), "picture": domain.picture,
        **_texts(domain, "picture_alt"),
        "statements": items(domain.statements, "text", extra=("section",)),
        "enabler_questions": items(domain.enabler_questions, "text", "hint"),
        "outcome_indicators": items(domain.outcome_indicators, "name", "description",
                                    extra=("unit", "higher_is_better")),
        "survey_questions": {key: value for key, value in survey.items() if value},
        "in_depth_questions": items(domain.in_depth_questions, "text"),
        "resources": items(domain.resources, "title", "description", extra=("url", "kind")),
        "good_lives_links": [{"action": link.action.code, **_texts(link, "reason")}
                             for link in domain.cross_references.order_by("position")
                             .select_related("action")],
    }


def framework_content():
    """The current content, as the file holds it: current revisions only."""
    version = FrameworkVersion.objects.get(is_current=True)
    review = REVIEWED if version.welsh_reviewed else AWAITING_REVIEW
    meta = {
        "welsh_review": review, "version": version.version,
        **{name: getattr(version, name) for name in (
            "title", "publisher", "source_url", "good_lives_title", "good_lives_publisher",
            "good_lives_source_url")},
        **_texts(version, "notes"),
    }
    return {
        "framework": meta,
        "good_lives": {"welsh_review": review, **_good_lives()},
        "domains": [_domain(domain, review) for domain in Domain.objects.order_by("number")],
    }


def framework_export(stream):
    """Write the current content to `stream` (text) as one YAML file."""
    stream.write(
        "# Better Lives framework content: everything in fixtures/framework/ in one file.\n"
        "# Edit it, give `framework: version` a new value, and load it again in the admin\n"
        "# (Framework versions, Load content from a file) or with `manage.py import_framework`.\n"
    )
    yaml.safe_dump(framework_content(), stream, allow_unicode=True, sort_keys=False,
                   width=100, default_flow_style=False)


# Reading an uploaded file ------------------------------------------------------------------

class _LineLoader(yaml.SafeLoader):
    """A safe YAML loader whose mappings remember their line, and the line of each key."""


class _Located(dict):
    line = None
    key_lines = None


def _construct_mapping(loader, node):
    data = _Located()
    data.line = node.start_mark.line + 1
    data.key_lines = {}
    yield data
    loader.flatten_mapping(node)
    for key_node, _value in node.value:
        key = loader.construct_object(key_node)
        if key in data.key_lines:
            raise ContentFileError([_("Line %(line)s: %(field)s appears twice in one item.") % {
                "line": key_node.start_mark.line + 1, "field": key}])
        data.key_lines[key] = key_node.start_mark.line + 1
    data.update(loader.construct_mapping(node))


_LineLoader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)


def _line(item, key=None):
    if not isinstance(item, _Located):
        return None
    return item.key_lines.get(key, item.line) if key else item.line


def _problem(item, key, sentence):
    line = _line(item, key)
    if line is None:
        return sentence
    return _("Line %(line)s, %(problem)s") % {"line": line, "problem": sentence}


def _parse(text):
    try:
        return yaml.load(text, Loader=_LineLoader)  # noqa: S506 (a SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        raise ContentFileError([_("Line %(line)s: this is not valid YAML (%(problem)s).") % {
            "line": mark.line + 1, "problem": error.problem or error.context}]) from error
    except (yaml.YAMLError, TypeError) as error:
        raise ContentFileError([_("This is not valid YAML (%(problem)s).") % {
            "problem": error}]) from error


def _expect(value, kind, item, key, where):
    """Fail unless `value` (item[key]) is a mapping ("mapping") or a list ("list")."""
    ok = isinstance(value, dict) if kind == "mapping" else isinstance(value, list)
    if not ok:
        sentence = (_("%(where)s: %(field)s must be a set of keys and values.")
                    if kind == "mapping" else
                    _("%(where)s: %(field)s must be a list, each entry starting with “-”."))
        raise ContentFileError([_problem(item, key, sentence % {"where": where, "field": key})])


def _entries(parent, key, where):
    """The list parent[key] (empty when left out), each entry a mapping."""
    value = parent.get(key)
    if value is None:
        return []
    _expect(value, "list", parent, key, where)
    for entry in value:
        _expect(entry, "mapping", parent, key, where)
    return value


def _check_shape(document):
    """The file's outline, before the content checks that read_framework applies."""
    if not isinstance(document, dict):
        raise ContentFileError([_(
            "The file must hold framework, good_lives and domains, as the file downloaded "
            "from this page does.")])
    for key in ("framework", "good_lives", "domains"):
        if key not in document:
            raise ContentFileError([_("The file has no %(field)s: download the content to "
                                      "see the shape it needs.") % {"field": key}])
    _expect(document["framework"], "mapping", document, "framework", _("The file"))
    _expect(document["good_lives"], "mapping", document, "good_lives", _("The file"))
    _expect(document["domains"], "list", document, "domains", _("The file"))
    good_lives = document["good_lives"]
    for key in ("audiences", "themes"):
        if key not in good_lives:
            raise ContentFileError([_problem(good_lives, None, _(
                "good_lives has no %(field)s.") % {"field": key})])
    _entries(good_lives, "audiences", "good_lives")
    for theme in _entries(good_lives, "themes", "good_lives"):
        for action in _entries(theme, "actions", f"theme {theme.get('code')}"):
            _expect(action.get("for", []), "list", action, "for", f"action {action.get('code')}")
    for domain in document["domains"]:
        _expect(domain, "mapping", document, "domains", _("The file"))
        where = f"domain {domain.get('code')}"
        for key in DOMAIN_LISTS:
            _entries(domain, key, where)
        survey = domain.get("survey_questions") or {}
        _expect(survey, "mapping", domain, "survey_questions", where)
        for audience in survey:
            _entries(survey, audience, where)


def read_content(text):
    """The content of an uploaded file, read and checked. Raises ContentFileError whose
    problems name the line and field of each."""
    document = _parse(text)
    _check_shape(document)
    data = FrameworkData(meta=document["framework"], good_lives=document["good_lives"],
                         domains=document["domains"])
    try:
        check_framework(data)
        check_welsh(data)
    except FrameworkDataError as error:
        raise ContentFileError(_located(error)) from error
    except (KeyError, TypeError, AttributeError, ValueError) as error:
        raise ContentFileError([_("The file is not in the shape the content needs (%(problem)s). "
                                  "Compare it with a downloaded file.") % {"problem": error}]
                               ) from error
    return data


def _located(error):
    if not error.problems:
        return [_problem(error.item, error.field, str(error))]
    problems = [_problem(item, key, sentence) for item, key, sentence in error.problems]
    if len(problems) > MOST_PROBLEMS_SHOWN:
        more = len(problems) - MOST_PROBLEMS_SHOWN
        problems = [*problems[:MOST_PROBLEMS_SHOWN], _("…and %(count)s more.") % {"count": more}]
    return problems


# Preview and apply -------------------------------------------------------------------------

@dataclass
class Preview:
    """What loading a file would do. `refusal` says why it cannot be applied, if it can't."""

    version: str
    added: list = field(default_factory=list)
    changed: list = field(default_factory=list)
    retired: list = field(default_factory=list)
    left_alone: list = field(default_factory=list)
    refusal: str = ""

    @property
    def changes_nothing(self):
        return not (self.added or self.changed or self.retired)


def _version_refusal(data):
    version = str(data.meta["version"])
    loaded = FrameworkVersion.objects.filter(version=version).first()
    if loaded is None:
        return ""
    if loaded.is_current:
        sentence = _("framework: version %(version)s is the version in use now. Give the file "
                     "a new version, such as a higher number, so that it is applied as a new "
                     "version.")
    else:
        sentence = _("framework: version %(version)s was loaded before. Give the file a new "
                     "version, such as a higher number, so that it is applied as a new "
                     "version.")
    return _problem(data.meta, "version", sentence % {"version": version})


def _load(data):
    try:
        return framework_load_data(data)
    except DatabaseError as error:
        raise ContentFileError([_("The content could not be saved, so nothing was changed "
                                  "(%(problem)s).") % {"problem": error}]) from error


def framework_content_preview(*, text):
    """Load the file in a transaction that is rolled back, and say what it would change."""
    data = read_content(text)
    with transaction.atomic():
        refusal = _version_refusal(data)
        summary = _load(data)
        transaction.set_rollback(True)
    preview = Preview(version=str(data.meta["version"]), left_alone=summary.left_alone,
                      refusal=refusal)
    # A new revision of an item already there is new wording: a change, not an addition.
    lists = {"added": preview.added, "retired": preview.retired, "removed": preview.retired}
    for change in summary.changes:
        lists.get(change.kind, preview.changed).append(change)
    return preview


def framework_content_import(*, text):
    """Apply the file as a new version, all in one transaction: a failure applies nothing."""
    data = read_content(text)
    with transaction.atomic():
        refusal = _version_refusal(data)
        if refusal:
            raise ContentFileError([refusal])
        return _load(data)
