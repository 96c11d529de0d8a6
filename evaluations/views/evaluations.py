"""Pages for people who run an evaluation: start, change and archive it, its task list and
the response monitor. Its surveys' set-up and sharing pages are in views/surveys.py.

Every page is under /councils/<council_slug>/evaluations/ and uses CouncilMixin: another
council's evaluation or survey is a 404, a role that may not change things gets 403.
"""

from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from betterlives.access import MANAGE
from betterlives.mixins import ConfirmView, CouncilMixin, ServiceFormMixin
from betterlives.store_once import StoreOnceMixin
from evaluations.selectors.evaluations import response_counts, response_monitor_tables
from evaluations.selectors.surveys import survey_list
from evaluations.selectors.task_list import evaluation_tasks

from ..forms.evaluations import EvaluationForm
from ..services.evaluations import (
    evaluation_archive,
    evaluation_create,
    evaluation_unarchive,
    evaluation_update,
)
from .evaluation_base import EvaluationMixin


class EvaluationCreateView(StoreOnceMixin, CouncilMixin, ServiceFormMixin, FormView):
    permission = MANAGE
    form_class = EvaluationForm
    template_name = "evaluations/evaluation_form.html"

    def save(self, form):
        return evaluation_create(council=self.council, **form.cleaned_data)

    def get_success_message(self):
        return _("Evaluation started. Next, set up and share the surveys.")

    def get_success_url(self):
        return self.result.get_absolute_url()


class EvaluationEditView(EvaluationMixin, ServiceFormMixin, FormView):
    permission = MANAGE
    allow_archived = False
    form_class = EvaluationForm
    template_name = "evaluations/evaluation_form.html"

    def get_initial(self):
        return {
            "title": self.evaluation.title,
            "period_start": self.evaluation.period_start,
            "period_end": self.evaluation.period_end,
            "audiences": [survey.audience for survey in survey_list(evaluation=self.evaluation)],
        }

    def save(self, form):
        return evaluation_update(evaluation=self.evaluation, **form.cleaned_data)

    def get_success_message(self):
        return _("Evaluation details saved.")

    def get_success_url(self):
        return self.evaluation.get_absolute_url()


class EvaluationArchiveView(EvaluationMixin, ConfirmView):
    permission = MANAGE
    allow_archived = False

    def get_confirm_text(self):
        return {
            "heading": _("Are you sure you want to archive this evaluation?"),
            "paragraphs": [
                _("Its surveys will close and stop taking answers."),
                _("Everyone in your council can still see it. You can unarchive it later."),
            ],
            "button_label": _("Yes, archive this evaluation"),
        }

    def perform(self):
        evaluation_archive(evaluation=self.evaluation)
        return _("Evaluation archived.")

    def get_success_url(self):
        return self.evaluation.get_absolute_url()


class EvaluationUnarchiveView(EvaluationMixin, ConfirmView):
    permission = MANAGE
    button_class = "govuk-button"

    def get(self, request, *args, **kwargs):
        if not self.is_archived:
            return redirect(self.evaluation)
        return super().get(request, *args, **kwargs)

    def get_confirm_text(self):
        return {
            "heading": _("Unarchive this evaluation?"),
            "paragraphs": [
                _("You will be able to change it again. Its surveys stay closed until you "
                  "reopen them."),
            ],
            "button_label": _("Unarchive this evaluation"),
        }

    def perform(self):
        if not self.is_archived:
            return ""
        evaluation_unarchive(evaluation=self.evaluation)
        return _("Evaluation unarchived.")

    def get_success_url(self):
        return self.evaluation.get_absolute_url()


class EvaluationDetailView(EvaluationMixin, TemplateView):
    """The task list: the three steps of the framework and each task's status."""

    template_name = "evaluations/detail.html"

    def get_context_data(self, **kwargs):
        surveys = survey_list(evaluation=self.evaluation)
        steps = evaluation_tasks(
            evaluation=self.evaluation, counts=response_counts(surveys), surveys=surveys,
            set_up_links=self.can(MANAGE),
        )
        return super().get_context_data(steps=steps, **kwargs)


class ResponseMonitorView(EvaluationMixin, TemplateView):
    """Sent and unfinished responses per audience, by day. Counts only, never answers."""

    template_name = "evaluations/monitor.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            tables=response_monitor_tables(evaluation=self.evaluation), **kwargs
        )
