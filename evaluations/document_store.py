"""Where the printable documents of a survey or a workshop are made and kept.

The paper questionnaire and the workshop pack are shown on pages of this app, but they are
made and kept like the reports, by `actionplans` (its `Report` model and its background
worker), which sits above this app. So this app never imports it: `actionplans` registers
its document store here from its `AppConfig.ready()` (`document_store_set`), and the pages
reach it through `document_store()`.

A store offers:

- `ask(*, evaluation, kind, language, user, site, survey=None, workshop=None)`: ask for the
  document (an unchanged one is given back), returning the document;
- `find(*, evaluation, kind, pk, survey=None, workshop=None)`: that document of this
  evaluation and subject, or None;
- `is_ready(document)`: whether its PDF can be downloaded.

A document has `pk`, `language`, `state` (and its label), `pdf` and the times shown on its
status page.
"""

# The kinds of document made for one survey or one workshop.
PAPER = "paper"
WORKSHOP_PACK = "workshop_pack"

_store = None


def document_store_set(store):
    global _store
    _store = store


def document_store():
    if _store is None:
        raise RuntimeError("No document store is registered (is actionplans installed?)")
    return _store
