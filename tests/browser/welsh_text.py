"""Telling English from Welsh in the text of a page that should be wholly in Welsh.

Used by tests/browser/test_welsh_pages.py and test_welsh_check.py (what is found is gathered
and printed by welsh_findings.py). A piece of text is English in two ways, reported
separately:

1. "source": it equals or contains an English source string whose Welsh is different: a
   msgid of locale/cy/LC_MESSAGES/django.po, an English framework text (the `*_en` fields
   django-modeltranslation adds), or English the database or the code holds with no Welsh.
   Each source is cut at placeholders, markup and sentence ends; a cut piece counts if it
   has at least three words (two when it is the whole string, as "Not sure") and does not
   occur anywhere in the Welsh (every msgstr and `*_cy` text, and the allowed names).
2. "words": it has distinctly English words (ENGLISH_WORDS), none of them a Welsh word.

Names are allowed (ALLOWED_NAMES, and the councils' and people's names in the database), and
so are email addresses, web addresses, paths and codes.
"""

import ast
import csv
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import polib
from modeltranslation.translator import translator

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "locale" / "cy" / "LC_MESSAGES" / "django.po"
PICTURE_CREDITS = ROOT / "static" / "images" / "symbols" / "MANIFEST.csv"
APPS = ("betterlives", "domains", "evaluations", "actionplans")

# Distinctly English words. None is a Welsh word: test_english_words_are_not_welsh checks
# that none of them occurs in the Welsh catalogue or the Welsh framework texts. Left out on
# purpose because Welsh uses them too: a, i, am, an, at, all, be, by, can, do, go, he, is,
# me, or, to, was, we (y We: the Web), sent (cent), man (place), help, data, staff, start.
ENGLISH_WORDS = frozenset("""
    the and your you with this that have are for not will what how our they from about
    please page question questions answer answers of in on it my more than there when
    which who why these those their them been has had were if each every would should could
    into only no yes send choose change save sign download open results survey people
    council councils domain evaluation workshop vote check thank name back next continue
    english welcome listen skip error success important hidden show hide search cancel
    remove edit delete add report reports action actions plan step
""".split())

# Names, written the same in Welsh: the service, the framework's publishers, and the
# organisations, programmes and councils the framework names (its Welsh names them in
# English too). Councils' and people's names come from the database (names_in_database).
# "English" is not here: it is allowed only inside an element with lang="en".
ALLOWED_NAMES = (
    "Better Lives", "Good Lives", "Learning Disability England",
    "Local Government Association", "ADASS", "Care and Health Improvement Programme",
    "Building the Right Support", "Foundation for People with Learning Disabilities",
    "Skills for Care", "Supported Loving", "Working Together for Change",
    "Learning Disabilities Health Check Scheme", "Lancashire County Council", "Dudley Council",
)

EMAIL = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
URL = r"(?:https?://|www\.)\S+|\b[\w-]+(?:\.[\w-]+)*\.(?:org|uk|com|cymru|wales|gov)(?:/\S*)?"
# Framework codes (D1-IN-2), resume codes (HQ63-7XKD), short codes (ABC123), an
# authenticator key in groups, and names with underscores (a cookie: bl_vote_CODE).
CODE = (r"\b(?=[A-Z0-9-]*\d)[A-Z0-9]+(?:-[A-Z0-9]+)*\b|\b(?:[A-Z2-7]{4}\s){3,}[A-Z2-7]{1,4}\b"
        r"|\b\w+_\w+\b")
PATH = r"\S*/\S*"  # such as you-said/
NOT_WORDS = re.compile(f"{EMAIL}|{URL}|{CODE}|{PATH}")
# Placeholders (%(name)s, {{ name }}, {name}, %{count}) and markup.
PLACEHOLDERS = r"%\(\w+\)[sdfi]|%[sd]|%\{\w+\}|\{\{.*?\}\}|\{\w*\}|<[^>]*>"
# Where a source string is cut: placeholders, markup, web addresses and sentence ends.
CUTS = re.compile(rf"{PLACEHOLDERS}|https?://\S+|[.!?:;]\s|\n")
WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")


def normalise(text):
    text = (text or "").replace("\u2019", "'").replace("\u2018", "'").replace("\xa0", " ")
    return re.sub(r"\s+", " ", text).strip()


def tokens(text):
    return tuple(WORD.findall(normalise(text).casefold()))


def short(text, most=90):
    text = normalise(text)
    return text if len(text) <= most else text[: most - 1] + "…"


def fragments(text):
    """The pieces of a source string between placeholders, markup and sentence ends that
    have at least two words with letters in them."""
    pieces = (tokens(part) for part in CUTS.split(text))
    return [words for words in pieces if sum(any(c.isalpha() for c in w) for w in words) >= 2]


def strip_names(text, names):
    text = normalise(text)
    for name in sorted(names, key=len, reverse=True):
        text = re.sub(re.escape(normalise(name)), " ", text, flags=re.IGNORECASE)
    return text


@dataclass(frozen=True)
class Source:
    text: str  # the English, as the catalogue, the database or the code has it
    origin: str  # its group in GROUPS
    detail: str  # where it comes from, to find it


class Matcher:
    """Finds whole word sequences in a piece of text, indexed by their first two words."""

    def __init__(self):
        self.index = defaultdict(list)
        self.sources = {}

    def add(self, words, source):
        """Where two sources share these words, the first that is exactly them wins."""
        if words not in self.sources:
            self.index[words[:2]].append(words)
            self.sources[words] = source
        elif tokens(source.text) == words != tokens(self.sources[words].text):
            self.sources[words] = source

    def find(self, words):
        """{source: how many words it matched}. A match inside a longer one is left out
        ("Send my answers" inside "Send my answers: you cannot change them after this")."""
        hits = [(start, start + len(candidate), self.sources[candidate])
                for start in range(len(words) - 1)
                for candidate in self.index.get(words[start:start + 2], ())
                if words[start:start + len(candidate)] == candidate]
        found = {}
        for start, end, source in hits:
            if not any(s <= start and end <= e and e - s > end - start for s, e, _ in hits):
                found[source] = max(found.get(source, 0), end - start)
        return found


class WelshCorpus:
    """Every Welsh text: words that occur here in this order may be on a Welsh page."""

    def __init__(self, texts):
        texts = [tokens(text) for text in texts]
        self.text = " | " + " | ".join(" ".join(words) for words in texts) + " | "
        self.pairs = {pair for words in texts for pair in zip(words, words[1:], strict=False)}

    def __contains__(self, words):
        return (all(pair in self.pairs for pair in zip(words, words[1:], strict=False))
                and f" {' '.join(words)} " in self.text)


def catalogue_entries():
    return [entry for entry in polib.pofile(str(CATALOGUE)) if not entry.obsolete]


def welsh_of(entry):
    """The Welsh of a catalogue entry; "" when it has none (untranslated or fuzzy)."""
    if entry.fuzzy:
        return ""
    return " | ".join(v for v in [entry.msgstr, *entry.msgstr_plural.values()] if v)


def framework_texts():
    """(English, Welsh, "Model.field") for every text held in English and Welsh."""
    rows = []
    for model in translator.get_registered_models():
        for name in translator.get_options_for_model(model).fields:
            label = f"{model.__name__}.{name}"
            for english, welsh in model.objects.values_list(f"{name}_en", f"{name}_cy"):
                if english:
                    rows.append((english, welsh or "", label))
    return rows


def welsh_texts():
    """Every Welsh text of the catalogue and the framework."""
    texts = [welsh_of(entry) for entry in catalogue_entries()]
    return [text for text in texts + [w for _, w, _ in framework_texts()] if text]


def data_texts():
    """(text, where) for what the database or a data file holds in one language only:
    the framework's title, the history of changes (written when they happened), and the
    picture credits. Only those with English words count (see EnglishDetector)."""
    from betterlives.models import AuditEvent
    from domains.models import FrameworkVersion

    rows = []
    for version in FrameworkVersion.objects.all():
        rows += [(version.title, "FrameworkVersion.title"),
                 (version.good_lives_title, "FrameworkVersion.good_lives_title")]
    history = "AuditEvent.{}, written in English when it happened"
    for action, changes in AuditEvent.objects.values_list("action", "changes"):
        rows.append((action, history.format("action")))
        for name, old_new in (changes or {}).items():
            rows += [(value, history.format("changes")) for value in
                     [name, *(old_new if isinstance(old_new, list) else [old_new])]
                     if isinstance(value, str)]
    with open(PICTURE_CREDITS, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            rows += [(row[name], f"{PICTURE_CREDITS.name} {name}")
                     for name in ("emoji_name", "source_package", "author")]
    return rows


def names_in_database():
    """Councils' and people's names (and an action's lead): names, not English."""
    from django.contrib.auth import get_user_model

    from actionplans.models import Action
    from betterlives.models import Council

    names = set(Council.objects.values_list("name", flat=True))
    for first, last in get_user_model().objects.values_list("first_name", "last_name"):
        names.update(n for n in (first, last, f"{first} {last}".strip()) if n)
    names.update(n for n in Action.objects.values_list("lead_name", flat=True) if n)
    return names


@dataclass
class Verdict:
    sources: dict = field(default_factory=dict)  # English source strings: words matched
    words: list = field(default_factory=list)  # distinctly English words
    marked: dict = field(default_factory=dict)  # marked for translation, not in django.po
    exact: Source = None  # the source that is the whole text, if one is

    def __bool__(self):
        return bool(self.sources or self.words)

    def found(self):
        """Every source: the one that is the whole text first, then the longest match; on
        a tie "marked" first (the catalogue then has an older wording of the sentence)."""
        both = {**self.sources, **self.marked}
        return sorted(both, key=lambda s: (s != self.exact, -both[s], s.origin != "marked"))

    def group(self):
        """Which kind of fix a piece of English needs (see GROUPS)."""
        found = self.found()
        return found[0].origin if found else "hard-coded"


class EnglishDetector:
    """Built once the framework is in the database (it reads the `*_en`/`*_cy` fields)."""

    def __init__(self):
        self.names = ALLOWED_NAMES + tuple(names_in_database())
        self.welsh = WelshCorpus(welsh_texts() + list(self.names))
        self.matcher = Matcher()
        self.whole = {}  # each source's whole text: the first source with it wins
        # Data first: a history entry that is also a catalogue string was stored in English.
        for text, where in data_texts():
            if self.english_words(text):
                self._add(text, Source(text, "data", where))
        for entry in catalogue_entries():
            welsh = welsh_of(entry)
            for english in filter(None, [entry.msgid, entry.msgid_plural]):
                detail = f'msgid "{short(english)}"' + (
                    f' (Welsh: "{short(welsh)}")' if welsh else " (no Welsh in django.po)")
                self._add(english, Source(english, "catalogue" if welsh else
                                          "catalogue-missing", detail))
        for english, welsh, label in framework_texts():
            if normalise(english) != normalise(welsh):
                detail = f"{label}_en" + ("" if welsh else f" ({label}_cy is empty)")
                self._add(english, Source(english, "framework" if welsh else
                                          "framework-missing", detail))
        # Marked for translation in the code, but not in django.po (yet).
        self.marked = Matcher()
        in_catalogue = {normalise(msgid.replace("%%", "%")) for e in catalogue_entries()
                        for msgid in (e.msgid, e.msgid_plural) if msgid}
        for text, where in marked_strings():
            if normalise(text) not in in_catalogue:
                source = Source(text, "marked", f'"{short(text)}" is marked in {where}')
                self.marked.add(tokens(text), source)
                for words in fragments(text):
                    self.marked.add(words, source)

    def _add(self, english, source):
        whole = tokens(english)
        self.whole.setdefault(whole, source)
        for words in fragments(english):
            # Two words only when they are the whole string ("Not sure"), not a scrap of a
            # longer one ("You have" of "You have %(n)d left").
            if (len(words) > 2 or words == whole) and words not in self.welsh:
                self.matcher.add(words, source)

    def english_words(self, text):
        cleaned = NOT_WORDS.sub(" ", strip_names(text, self.names))
        return list(dict.fromkeys(w for w in tokens(cleaned) if w in ENGLISH_WORDS))

    def verdict(self, text):
        words = tokens(text)
        verdict = Verdict(self.matcher.find(words), self.english_words(text))
        if verdict and words in self.whole:
            verdict.exact = self.whole[words]
            verdict.sources[verdict.exact] = len(words)
        if verdict:
            exact = self.marked.sources.get(words)
            verdict.marked = {exact: len(words)} if exact else self.marked.find(words)
        return verdict


# Strings marked for translation in the code: "not in django.po yet" or hard-coded English.
PY_CALL = re.compile(
    r"\b(?:_|gettext|gettext_lazy|ngettext|ngettext_lazy|pgettext|pgettext_lazy|gettext_noop)"
    r"\(\s*((?:[rRuU]?(?:\"(?:\\.|[^\"\\])*\"|'(?:\\.|[^'\\])*')\s*,?\s*)+)")
PY_LITERAL = re.compile(r"[rRuU]?(?:\"(?:\\.|[^\"\\])*\"|'(?:\\.|[^'\\])*')")
TEMPLATE_TRANSLATE = re.compile(r"{%\s*(?:translate|trans)\s+(\"[^\"]*\"|'[^']*')")
TEMPLATE_BLOCK = re.compile(
    r"{%\s*blocktrans(?:late)?\b[^%]*%}(.*?){%\s*endblocktrans(?:late)?\s*%}", re.DOTALL)


def marked_strings():
    """(msgid, file) for the strings the templates and the code mark for translation."""
    found = []
    for path in (ROOT / "templates").rglob("*.html"):
        text, where = path.read_text(encoding="utf-8"), str(path.relative_to(ROOT))
        found += [(m[1:-1], where) for m in TEMPLATE_TRANSLATE.findall(text)]
        for body in TEMPLATE_BLOCK.findall(text):
            body = re.sub(r"{{\s*(\w+)[^}]*}}", r"%(\1)s", body)  # as makemessages has it
            found += [(part, where) for part in re.split(r"{%\s*plural\s*%}", body)]
    for path in (p for app in APPS for p in (ROOT / app).rglob("*.py")):
        if "migrations" not in path.parts:
            text, where = path.read_text(encoding="utf-8"), str(path.relative_to(ROOT))
            found += [(msgid, where) for call in PY_CALL.findall(text)
                      for msgid in call_strings(call)]
    return found


def call_strings(call):
    """The strings among a call's arguments; literals side by side are one string."""
    strings, current, end = [], [], 0
    for match in PY_LITERAL.finditer(call):
        if current and call[end:match.start()].strip():  # a comma: the next argument
            strings.append("".join(current))
            current = []
        try:
            current.append(ast.literal_eval(match.group()))
        except (SyntaxError, ValueError):
            pass
        end = match.end()
    return strings + (["".join(current)] if current else [])
