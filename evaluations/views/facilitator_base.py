"""Building blocks shared by the facilitator pages (facilitator, facilitator_surveys)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.generic import TemplateView

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


class ServiceFormMixin:
    """form_valid calls one service through `save(form)`; its ValidationError goes on the form."""

    success_message = ""

    def form_valid(self, form):
        try:
            self.result = self.save(form)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        message = self.get_success_message()
        if message:
            messages.success(self.request, message)
        return redirect(self.get_success_url())

    def get_success_message(self):
        return self.success_message


class ConfirmView(TemplateView):
    """GET: "Are you sure…?" with one button. POST: do it (one service), then go back.

    Subclasses give `get_confirm_text()` (heading, paragraphs, button label) and `perform()`,
    which returns the success message.
    """

    template_name = "evaluations/confirm.html"
    button_class = "govuk-button govuk-button--warning"

    def post(self, request, *args, **kwargs):
        try:
            message = self.perform()
        except ValidationError as error:  # shown above the button, which stays to try again
            return self.render_to_response(self.get_context_data(errors=error.messages))
        if message:
            messages.success(request, message)
        return redirect(self.get_success_url())

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            button_class=self.button_class, cancel_url=self.get_success_url(),
            **self.get_confirm_text(), **kwargs,
        )
