"""Findings of English on Welsh pages, for tests/browser/test_welsh_pages.py: each page's
findings, grouped by who can fix them (GROUPS), alike ones together, printed page by page and
by the kind of fix. Telling English from Welsh is in welsh_text.py."""

from collections import defaultdict
from dataclasses import dataclass, field

from .welsh_text import normalise, short

# Findings, page by page and by the kind of fix --------------------------------------------

# Each finding goes to the group whose people can fix it.
GROUPS = {
    "lang": "The page is not marked as Welsh (<html lang>)",
    "catalogue-missing": "Catalogue strings with no Welsh in django.po (translate them)",
    "catalogue": "Catalogue strings that have Welsh in django.po but are shown in English "
                 "(translated outside the page's language, e.g. gettext at import time; or "
                 "django.mo not compiled)",
    "marked": "Marked for translation but not in django.po yet (makemessages, then Welsh)",
    "hard-coded": "Hard-coded English: not marked for translation (templates, Python, "
                  "JavaScript)",
    "framework-missing": "Framework content with no Welsh (the *_cy field is empty)",
    "framework": "Framework content shown in English although its *_cy field has Welsh",
    "data": "Data held in English only: no Welsh field, or stored in English when written "
            "(history, picture credits); translate when shown, or mark it lang=\"en\"",
    "unchecked": "Could not be checked",
}


@dataclass
class Finding:
    text: str
    where: list
    group: str
    sources: list = field(default_factory=list)
    words: list = field(default_factory=list)

    def why(self):
        reasons = [source.detail for source in self.sources[:3]]
        if self.words:
            reasons.append("English words: " + ", ".join(self.words))
        return "; ".join(reasons)

    def __str__(self):
        why = f" — {self.why()}" if self.why() else ""
        return f'"{short(self.text, 160)}" ({", ".join(self.where)}){why}'


class PageFindings:
    """What one page showed in English, and how much of it was checked."""

    def __init__(self, name, url):
        self.name, self.url = name, url
        self.findings = []
        self.unchecked = False
        self.pieces = self.spoken = 0  # pieces of text checked, pieces read aloud in Welsh

    def add(self, detector, text, where):
        verdict = detector.verdict(text)
        if not verdict:
            return
        for finding in self.findings:
            if normalise(finding.text) == normalise(text):
                if where not in finding.where:
                    finding.where.append(where)
                return
        self.findings.append(Finding(text, [where], verdict.group(), verdict.found(),
                                     verdict.words))

    def add_lang(self, lang):
        self.findings.append(Finding(f'<html lang="{lang}">', ["html"], "lang"))

    def add_unchecked(self, why):
        self.unchecked = True
        self.findings.append(Finding(why, ["walk"], "unchecked"))

    def __str__(self):
        return "\n".join([f"[{self.name}] {self.url}"] + [
            f"  - ({item.group}) {item}" if isinstance(item, Finding) else f"    {item}"
            for item in alike_together(self.findings)])


def alike_together(findings, most=3):
    """The findings, with only the first `most` of those with the same reason and place (a
    list of picture credits, say), then how many more there are."""
    alike = defaultdict(list)
    for finding in findings:
        alike[(finding.group, finding.why(), tuple(finding.where))].append(finding)
    for same in alike.values():
        yield from same[:most]
        if len(same) > most:
            yield f"… and {len(same) - most} more like the one above"


def checked(pages):
    return "\n".join(f"  {page.name}: {page.pieces} pieces of text, {page.spoken} read aloud"
                     for page in pages if not page.unchecked)


def by_page(pages):
    return "\n".join(str(page) for page in pages if page.findings) or "(none)"


def by_fix(pages):
    """Each group, each distinct English piece once, with the pages that show it."""
    grouped = defaultdict(dict)
    for page in pages:
        for finding in page.findings:
            grouped[finding.group].setdefault(normalise(finding.text), (finding, []))[1].append(
                page.name)
    lines = []
    for group, title in GROUPS.items():
        if group in grouped:
            lines.append(f"\n## {title} ({len(grouped[group])})")
            for item in alike_together([finding for finding, _ in grouped[group].values()]):
                if isinstance(item, Finding):
                    names = dict.fromkeys(grouped[group][normalise(item.text)][1])
                    lines.append(f"  - {item}\n      on: {', '.join(names)}")
                else:
                    lines.append(f"    {item}")
    return "\n".join(lines).strip() or "(none)"
