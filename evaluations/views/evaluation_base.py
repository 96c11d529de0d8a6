"""The base of every page of one evaluation (and, with <audience> in the URL, one survey).

A page declares what it needs instead of overriding `dispatch`:

- `permission`: the role that may open the page (CouncilMixin: another council gets 404, a
  role without it 403);
- `write_permission`: the role a POST needs, when the page is open to more people than may
  change it (403 without it);
- `allow_archived = False` for a page that only changes things: on an archived evaluation it
  shows the archived page instead, whatever the method. Nothing changes an archived
  evaluation, so a POST to a page with a `write_permission` shows it too;
- `loaders`: (attribute, function) pairs, run in order once the evaluation is found; each
  function takes the view and the URL's keyword arguments and returns the object (or raises
  Http404), so a tampered link is a 404 before anything else happens.

`can(permission)` says whether this person may do what `permission` allows here now (never on
an archived evaluation); templates get it as `can.manage`, `can.contribute` and `can.edit`
(the page's own write permission). What the person's role allows, archived or not (to
download, or to unarchive), is `role_allows.manage` and `role_allows.contribute`.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from betterlives.access import CONTRIBUTE, MANAGE, role_allows
from betterlives.mixins import CouncilMixin
from evaluations.selectors.evaluations import evaluation_in_council
from evaluations.selectors.surveys import survey_get

from ..models import Evaluation

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def load_survey(view, kwargs):
    return survey_get(evaluation=view.evaluation, audience=kwargs["audience"])


class EvaluationMixin(CouncilMixin):
    write_permission = None
    allow_archived = True
    archived_status = 200
    loaders = ()

    def council_page_ready(self, request, **kwargs):
        # The council comes from the person's membership, checked by CouncilMixin.
        self.evaluation = evaluation_in_council(council=self.council, pk=kwargs["pk"])
        if "audience" in kwargs:
            self.survey = load_survey(self, kwargs)
        for attribute, load in self.loaders:
            setattr(self, attribute, load(self, kwargs))
        writing = request.method not in SAFE_METHODS and self.write_permission is not None
        if writing and not role_allows(self.membership.role, self.write_permission):
            raise PermissionDenied
        if self.is_archived and (writing or not self.allow_archived):
            return self.render_archived()
        return None

    @property
    def is_archived(self):
        return self.evaluation.status == Evaluation.Status.ARCHIVED

    def can(self, permission):
        return role_allows(self.membership.role, permission) and not self.is_archived

    def render_archived(self):
        """The page saying the evaluation is archived, with the way to unarchive it."""
        return render(self.request, "evaluations/archived.html", {
            "council": self.council, "current_council": self.council,
            "membership": self.membership, "evaluation": self.evaluation,
            "role_allows": self.role_allows(),
        }, status=self.archived_status)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            evaluation=self.evaluation,
            survey=getattr(self, "survey", None),
            is_archived=self.is_archived,
            can={"manage": self.can(MANAGE), "contribute": self.can(CONTRIBUTE),
                 "edit": self.can(self.write_permission or self.permission)},
        )
        return context
