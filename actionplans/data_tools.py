"""The action plans' part of the site administrators' data tools (betterlives.data_tools):
the files of a council's export that hold its actions, their progress and the board's
sign-offs. Added to the data tools by ActionPlansConfig.ready()."""

from .models import Action, ProgressUpdate, SignOff

EXPORT_FILES = [
    ("actions.json", "the actions of the action plans",
     [(Action, "evaluation__council")]),
    ("progress.json", "progress updates on the actions",
     [(ProgressUpdate, "action__evaluation__council")]),
    ("sign_offs.json", "the partnership board's sign-offs",
     [(SignOff, "evaluation__council")]),
]
