"""The base of every page of one evaluation (EvaluationMixin)."""

from django.shortcuts import render

from betterlives.access import MANAGE, role_allows
from betterlives.mixins import CouncilMixin

from ..models import Evaluation
from ..selectors import evaluation_in_council, survey_get


class _LoadEvaluation:
    """Loads the evaluation (and survey) once CouncilMixin has checked the membership.

    It comes after CouncilMixin in EvaluationMixin's bases, so its dispatch runs second:
    another council gets 404 and a role without `permission` gets 403 before any lookup.
    """

    allow_archived = True

    def dispatch(self, request, *args, **kwargs):
        # The council comes from the person's membership, checked by CouncilMixin.
        self.evaluation = evaluation_in_council(council=self.council, pk=kwargs["pk"])
        if "audience" in kwargs:
            self.survey = survey_get(evaluation=self.evaluation, audience=kwargs["audience"])
        if self.is_archived and not self.allow_archived:
            return render(request, "evaluations/archived.html", {
                "council": self.council, "current_council": self.council,
                "membership": self.membership, "evaluation": self.evaluation,
            })
        return super().dispatch(request, *args, **kwargs)


class EvaluationMixin(CouncilMixin, _LoadEvaluation):
    """For pages of one evaluation (and, with <audience> in the URL, one of its surveys).

    Pages that change things set `allow_archived = False`: on an archived evaluation they
    show a page saying so, with the way to unarchive it.
    """

    @property
    def is_archived(self):
        return self.evaluation.status == Evaluation.Status.ARCHIVED

    @property
    def can_manage(self):
        return role_allows(self.membership.role, MANAGE) and not self.is_archived

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            evaluation=self.evaluation,
            survey=getattr(self, "survey", None),
            is_archived=self.is_archived,
            can_manage=self.can_manage,
        )
        return context
