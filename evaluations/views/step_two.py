"""Step 2: choose the domains to look at in depth, review each, and the history of changes.

Everyone in the council may read every page; facilitators change the choice of domains
(MANAGE); contributors and facilitators edit the reviews and add evidence (CONTRIBUTE).
Another council gets 404 (CouncilMixin); a role without the permission gets 403 on POST.
On an archived evaluation the pages are read-only and a POST shows the archived page.
"""

from functools import cached_property

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView, View

from betterlives.access import CONTRIBUTE, MANAGE
from betterlives.store_once import store_once
from evaluations.selectors.step_two import (
    choose_domains_page,
    history_events,
    review_content,
    review_get,
    review_list,
    review_page,
)

from ..forms.step_two import ChooseDomainsForm, EvidenceForm, ReviewForm
from ..services.step_two import domain_choice_save, review_evidence_add, review_save
from .evaluation_base import EvaluationMixin

HISTORY_PAGE_SIZE = 25


class StepTwoMixin(EvaluationMixin):
    """GET is open to the whole council; a POST needs `write_permission`."""

    write_permission = MANAGE

    def url(self, name, **kwargs):
        return reverse(f"evaluations:{name}", kwargs={
            "council_slug": self.council.slug, "pk": self.evaluation.pk, **kwargs})

class ChooseDomainsView(StepTwoMixin, FormView):
    write_permission = MANAGE
    form_class = ChooseDomainsForm
    template_name = "evaluations/step_two/choose.html"

    @cached_property
    def page(self):
        return choose_domains_page(evaluation=self.evaluation)

    def get_form_kwargs(self):
        threshold = self.page["threshold"]
        summaries = {
            row.domain.pk: {"result": row.result, "suggestions": row.suggestions, "rule": row.rule,
                            "threshold": threshold, "chosen": row.chosen, "choosing": True}
            for row in self.page["rows"]
        }
        return {**super().get_form_kwargs(), "domains": [r.domain for r in self.page["rows"]],
                "summaries": summaries}

    def get_initial(self):
        return ChooseDomainsForm.initial_for(
            self.page["decision"], [row.chosen for row in self.page["rows"] if row.chosen])

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            domain_choice_save(
                evaluation=self.evaluation, user=self.request.user,
                decided_on=data["decided_on"], took_part=data["took_part"],
                how_decided=data.get("how_decided", ""), choices=data["choices"],
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The choice of domains has been saved."))
        return redirect(self.url("reviews"))

    def get_context_data(self, **kwargs):
        return super().get_context_data(**self.page, **kwargs)


class ReviewListView(StepTwoMixin, TemplateView):
    http_method_names = ["get", "head", "options"]
    template_name = "evaluations/step_two/reviews.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(rows=review_list(evaluation=self.evaluation), **kwargs)


def load_chosen_and_review(view, kwargs):
    """The chosen domain of the URL (<number>) and its review: 404 for a domain not chosen."""
    return review_get(evaluation=view.evaluation, number=kwargs["number"])


class _ReviewMixin(StepTwoMixin):
    write_permission = CONTRIBUTE
    loaders = (("chosen_and_review", load_chosen_and_review),)

    @property
    def review(self):
        return self.chosen_and_review[1]

    def review_context(self, evidence_form=None):
        chosen, review = self.chosen_and_review
        return {
            "chosen": chosen, "review": review, "domain": chosen.domain,
            **review_page(evaluation=self.evaluation, review=review),
            "evidence_form": evidence_form or EvidenceForm(
                action=self.url("review_evidence_add", number=chosen.domain.number)),
        }


class ReviewView(_ReviewMixin, FormView):
    form_class = ReviewForm
    template_name = "evaluations/step_two/review.html"

    @cached_property
    def content(self):
        return review_content(review=self.review)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "content": self.content}

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if not form.is_bound:
            form.initial = {**form.initial_values(), "key_findings": self.review.key_findings}
        return form

    def form_valid(self, form):
        try:
            review_save(review=self.review, user=self.request.user, **form.service_kwargs())
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The review of %(domain)s has been saved.")
                         % {"domain": self.review.domain.title})
        return redirect(self.url("reviews"))

    def get_context_data(self, **kwargs):
        return super().get_context_data(**self.review_context(), **kwargs)


class ReviewEvidenceAddView(_ReviewMixin, View):
    """POST only; a role without CONTRIBUTE gets 403 on any method."""

    permission = CONTRIBUTE
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        chosen, review = self.chosen_and_review
        return store_once(request, lambda: self.add(request, chosen, review, *args, **kwargs))

    def add(self, request, chosen, review, *args, **kwargs):
        form = EvidenceForm(request.POST, action=self.url(
            "review_evidence_add", number=chosen.domain.number))
        if form.is_valid():
            try:
                review_evidence_add(review=review, user=request.user,
                                    text=form.cleaned_data["text"])
            except ValidationError as error:
                form.add_error("text", error)
        if form.errors:
            view = ReviewView()
            view.setup(request, *args, **kwargs)
            view.council, view.membership, view.evaluation = (
                self.council, self.membership, self.evaluation)
            view.chosen_and_review = self.chosen_and_review
            context = view.get_context_data(form=view.form_class(content=view.content, initial={
                **view.form_class(content=view.content).initial_values(),
                "key_findings": review.key_findings}))
            context.update(evidence_form=form, evidence_errors=True)
            return render(request, view.template_name, context)
        messages.success(request, _("Evidence added."))
        return redirect(self.url("review", number=chosen.domain.number) + "#evidence")


class AuditHistoryView(StepTwoMixin, TemplateView):
    http_method_names = ["get", "head", "options"]
    template_name = "evaluations/step_two/history.html"

    def get_context_data(self, **kwargs):
        paginator = Paginator(history_events(evaluation=self.evaluation), HISTORY_PAGE_SIZE)
        page = paginator.get_page(self.request.GET.get("page"))
        return super().get_context_data(page_obj=page, events=page.object_list, **kwargs)
