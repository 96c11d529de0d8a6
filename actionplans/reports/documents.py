"""The three PDF documents of an evaluation, each a template and a context builder.

`DOCUMENTS[key]` is (template name, builder). A builder takes the evaluation (and optionally
`made_at`, when the document is made: default now) and returns the template's context, always
with `evaluation`, `council`, `made_at` and `title` (lazy: it follows the language the PDF is
rendered in; `str()` it to store it). Each builder runs a fixed number of queries, however
many actions, updates, responses or comments there are; rendering runs none. Render with
`betterlives.pdf.render_pdf(template_name, context, language=...)`.
"""

from .action_plan import action_plan_context
from .board_pack import board_pack_context
from .easy_read import easy_read_context

DOCUMENTS = {
    "board": ("reports/board_pack.html", board_pack_context),
    "easyread": ("reports/easy_read.html", easy_read_context),
    "actions": ("reports/action_plan.html", action_plan_context),
}

__all__ = ["DOCUMENTS", "action_plan_context", "board_pack_context", "easy_read_context"]
