"""One action: write it (from scratch or from a Good Lives action), read it with its
history, change or remove it, and record progress on it."""

from functools import cached_property

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from betterlives.access import MANAGE
from betterlives.mixins import ConfirmView, ServiceFormMixin
from betterlives.store_once import StoreOnceMixin
from evaluations.selectors.step_two import chosen_domain_list

from ..forms import ActionForm, ProgressForm
from ..selectors import plans
from ..services import action_create, action_delete, action_update, progress_add
from .base import PlanMixin


class _ActionFormView(PlanMixin, ServiceFormMixin, FormView):
    permission = MANAGE
    allow_archived = False
    form_class = ActionForm
    template_name = "actionplans/action_form.html"

    @cached_property
    def chosen(self):
        return chosen_domain_list(evaluation=self.evaluation)

    @cached_property
    def library(self):
        return plans.current_good_lives_actions()

    @cached_property
    def accounts(self):
        return plans.council_accounts(council=self.council)

    def form_domain(self):
        """The domain whose suggestions the form shows."""
        raise NotImplementedError

    @cached_property
    def suggestions(self):
        return plans.good_lives_suggestions(domain=self.form_domain())

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "domains": [c.domain for c in self.chosen],
                "suggestions": self.suggestions, "library": self.library,
                "accounts": self.accounts}

    def get_success_url(self):
        return self.plan_url("action", action_pk=self.result.pk)

    def get_context_data(self, **kwargs):
        domain = self.form_domain()
        return super().get_context_data(
            domain=domain, suggestions=self.suggestions,
            resources=plans.resources_by_domain([domain.pk])[domain.pk], **kwargs)


class ActionCreateView(StoreOnceMixin, _ActionFormView):
    """Add an action to a chosen domain; `?from=<code>` starts from a Good Lives action."""

    @cached_property
    def chosen_domain(self):
        chosen = next((c for c in self.chosen if c.domain.number == self.kwargs["number"]),
                      None)
        if chosen is None:
            raise Http404
        return chosen

    def form_domain(self):
        return self.chosen_domain.domain

    @cached_property
    def starting_point(self):
        code = self.request.GET.get("from", "")
        return plans.good_lives_get(code=code) if code else None

    def get_initial(self):
        initial = {"domain": str(self.form_domain().pk), "status": "not_started"}
        start = self.starting_point
        if start is not None:
            initial.update(
                title=start.text[:200].rstrip(" .") if len(start.text) <= 200
                else start.text[:197].rstrip() + "…",
                description=start.text, suggested_good_lives=[start.code],
                other_good_lives=[start.code])
        return initial

    def save(self, form):
        return action_create(evaluation=self.evaluation, user=self.request.user,
                             **form.service_kwargs())

    def get_success_message(self):
        return _("Action added to the plan.")

    def get_context_data(self, **kwargs):
        return super().get_context_data(heading=_("Add an action"),
                                        starting_point=self.starting_point, **kwargs)


class _OneActionMixin(PlanMixin):
    @cached_property
    def action(self):
        return plans.action_get(evaluation=self.evaluation, pk=self.kwargs["action_pk"])


class ActionEditView(_OneActionMixin, _ActionFormView):
    def form_domain(self):
        return self.action.domain

    @cached_property
    def library(self):
        """The current library, and any retired Good Lives actions this action links to."""
        current = plans.current_good_lives_actions()
        codes = {item.code for item in current}
        retired = [item for item in self.action.good_lives_actions.select_related("theme")
                   if item.code not in codes]
        return current + retired

    def get_initial(self):
        return ActionForm.initial_for(self.action)

    def save(self, form):
        return action_update(action=self.action, user=self.request.user,
                             **form.service_kwargs())

    def get_success_message(self):
        return _("Action saved.")

    def get_context_data(self, **kwargs):
        return super().get_context_data(heading=_("Change the action"), action=self.action,
                                        **kwargs)


class ActionDetailView(_OneActionMixin, TemplateView):
    template_name = "actionplans/action.html"

    def get_context_data(self, **kwargs):
        action = self.action
        return super().get_context_data(
            action=action, timeline=plans.action_timeline(action=action),
            good_lives=list(action.good_lives_actions.select_related("theme")
                            .order_by("code")),
            can_record_progress=self.can_record_progress(action), **kwargs)


class ActionDeleteView(_OneActionMixin, ConfirmView):
    permission = MANAGE
    allow_archived = False

    def get_confirm_text(self):
        return {
            "heading": _("Remove this action from the plan?"),
            "quote": self.action.title,
            "paragraphs": [_("Its progress updates are removed with it. The history of "
                             "changes keeps a record of what it said.")],
            "button_label": _("Remove the action"),
        }

    def perform(self):
        action_delete(action=self.action, user=self.request.user)
        return _("The action “%(title)s” has been removed.") % {"title": self.action.title}

    def get_success_url(self):
        if self.request.method == "POST":
            return self.plan_url("plan")
        return self.plan_url("action", action_pk=self.action.pk)


class ProgressAddView(StoreOnceMixin, _OneActionMixin, ServiceFormMixin, FormView):
    """Facilitators, and a contributor who leads the action; anyone else gets 403."""

    allow_archived = False
    form_class = ProgressForm
    template_name = "actionplans/progress_form.html"

    def get(self, request, *args, **kwargs):
        self.check_allowed()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.check_allowed()
        return super().post(request, *args, **kwargs)

    def check_allowed(self):
        if not self.can_record_progress(self.action):
            raise PermissionDenied

    def get_initial(self):
        return {"happened_on": timezone.localdate(), "status": self.action.status}

    def save(self, form):
        data = form.cleaned_data
        return progress_add(action=self.action, user=self.request.user,
                            happened_on=data["happened_on"], text=data["text"],
                            status=data["status"])

    def get_success_message(self):
        return _("Progress update saved.")

    def get_success_url(self):
        return self.plan_url("action", action_pk=self.action.pk) + "#history"

    def get_context_data(self, **kwargs):
        return super().get_context_data(action=self.action, **kwargs)
