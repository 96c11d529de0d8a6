"""The check that a page is wholly in Welsh (tests/browser/welsh_text.py), checked itself:
English pages and a sentence of English put on a Welsh page are flagged, and none of the words
taken as English is Welsh."""

import re
from collections import defaultdict

import pytest
from django.urls import reverse

from .conftest import close_context
from .welsh_text import PLACEHOLDERS, EnglishDetector, short, welsh_texts
from .welsh_walk import WELSH, Walk, choose, press

pytestmark = pytest.mark.browser


ENGLISH_LINE = "Press Start to answer the questions about your support."


def test_the_check_flags_english(browser, live_server, welsh_data):
    """Honesty: the same pages with English chosen are flagged: by <html lang>, and once the
    page claims to be Welsh (as a page with untranslated text does), by both ways of telling
    English. A sentence of English put on a Welsh page is flagged, and is read aloud in a
    Welsh voice, unless it is marked lang="en"."""
    walk = Walk(EnglishDetector())
    context, page = walk.context(browser, live_server, language="en")
    page.goto(f"/s/{welsh_data['lived'].token}/")
    choose(page, "language", "en")
    press(page)
    claims_welsh = "document.documentElement.lang = 'cy'"
    for name, path in [("survey welcome", None), ("framework", reverse("domains:overview"))]:
        english = walk.look(page, f"{name}, English chosen", path)
        assert [f.group for f in english.findings] == ["lang"], english
        page.evaluate(claims_welsh)
        result = walk.look(page, f"{name}, English chosen, claiming to be Welsh")
        assert any(f.sources for f in result.findings), f"No English source found:\n{result}"
        assert any(f.words for f in result.findings), f"No English words found:\n{result}"
        assert len(result.findings) >= 5, result
    close_context(context)

    context, page = walk.context(browser, live_server)
    page.goto(f"/s/{welsh_data['lived'].token}/")
    choose(page, "language", WELSH)
    press(page)
    add_line = """([text, lang]) => {
      const p = document.createElement('p');
      p.className = 'govuk-body bl-added';
      if (lang) p.lang = lang;
      p.textContent = text;
      document.querySelector('main h1').after(p);
    }"""
    page.evaluate(add_line, [ENGLISH_LINE, ""])
    added = [f for f in walk.look(page, "welcome with English added").findings
             if ENGLISH_LINE in f.text]
    assert added and added[0].words, walk.pages[-1]
    assert any("Listen" in where for where in added[0].where), added[0]
    page.reload()
    page.evaluate(add_line, [ENGLISH_LINE, "en"])
    marked = walk.look(page, "welcome with English added, marked lang=en")
    assert not [f for f in marked.findings if ENGLISH_LINE in f.text], marked
    close_context(context)


def test_english_words_are_not_welsh(framework):
    """None of the words taken as English occurs in the Welsh catalogue or the Welsh
    framework texts (names, placeholders, addresses and codes left out). "English" is left
    out too: the Welsh names each language in itself ("Dewiswch English neu Cymraeg"), and
    on a page it belongs inside lang="en"."""
    detector = EnglishDetector()
    welsh = defaultdict(list)
    for text in welsh_texts():
        for word in detector.english_words(re.sub(PLACEHOLDERS, " ", text)):
            welsh[word].append(short(text))
    welsh.pop("english", None)
    assert not welsh, "\n".join(f"{word}: {texts[:3]}" for word, texts in welsh.items())
