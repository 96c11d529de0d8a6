"""A domain's name in Easy Read: the one name for the topic wherever a respondent sees it
(phones, the projector, the public "You said, we did" page, the Easy Read report and the paper
questionnaire). It comes from the domain's Easy Read summary, so it is in the page's language
and never says "provisional": staff pages say that once, from `Domain.provisional`
(templates/domains/_provisional_note.html)."""

import re

BRACKETED_NOTE = re.compile(r"\s*\([^)]*\)\s*$")


def _sentences(domain):
    """The summary's sentences, the title first. A provisional domain's summary starts by
    saying its real name is not known yet, so its second sentence is the title."""
    sentences = list(domain.easy_read_sentences)
    if domain.provisional and len(sentences) > 1:
        sentences = [sentences[1], sentences[0], *sentences[2:]]
    return sentences


def easy_read_title(domain):
    """The first sentence of the Easy Read summary ("This part is about being safe."). With no
    summary, the title without a note in brackets such as "(provisional working title)"."""
    sentences = _sentences(domain)
    if sentences:
        return sentences[0]
    return BRACKETED_NOTE.sub("", domain.title)


def easy_read_details(domain):
    """The other sentences of the Easy Read summary, for pages that show the title as a
    heading and the rest beneath it, so no sentence is said twice."""
    return _sentences(domain)[1:]
