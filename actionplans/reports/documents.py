"""The PDF documents of an evaluation, each a template and a context builder.

`ALL_DOCUMENTS[key]` is (template name, builder). A builder takes the evaluation (and optionally
`made_at`, when the document is made: default now) and returns the template's context, always
with `evaluation` and `council`. The three reports of the whole evaluation also give
`made_at` and `title` (lazy: it follows the language the PDF is rendered in; `str()` it to
store it). The paper questionnaire and the workshop pack take their subject too (`survey` or
`workshop`, and `site`, the address printed links point at: see Report.subject). Each builder
runs a fixed number of queries, however many actions, updates, responses or comments there
are; rendering runs none. Every one is made the same way: reports/services.py asks for it,
reports/html.py writes its HTML, reports/render.py renders it in a child process.
"""

from .action_plan import action_plan_context
from .board_pack import board_pack_context
from .easy_read import easy_read_context
from .paper import paper_context
from .workshop_pack import workshop_pack_context

# The reports of the whole evaluation (the reports page).
DOCUMENTS = {
    "board": ("reports/board_pack.html", board_pack_context),
    "easyread": ("reports/easy_read.html", easy_read_context),
    "actions": ("reports/action_plan.html", action_plan_context),
}
# Documents of one survey or workshop of the evaluation.
SUBJECT_DOCUMENTS = {
    "paper": ("reports/paper_questionnaire.html", paper_context),
    "workshop_pack": ("reports/workshop_pack/pack.html", workshop_pack_context),
}
ALL_DOCUMENTS = {**DOCUMENTS, **SUBJECT_DOCUMENTS}

__all__ = ["ALL_DOCUMENTS", "DOCUMENTS", "SUBJECT_DOCUMENTS", "action_plan_context",
           "board_pack_context", "easy_read_context",
           "paper_context", "workshop_pack_context"]
