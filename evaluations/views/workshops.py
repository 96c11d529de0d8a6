"""Workshops: the list, recording one (who came, when and where), its page, and the group's
rating of each domain.

Every page is under /councils/<council_slug>/evaluations/<pk>/workshops/: another council is a
404 (CouncilMixin), a workshop of another evaluation or a domain number that does not exist
is a 404, and a role without CONTRIBUTE gets 403 on the pages that change things. On an
archived evaluation those pages say it is archived instead.
"""

from functools import cached_property

from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from betterlives.access import CONTRIBUTE
from betterlives.mixins import ServiceFormMixin
from betterlives.store_once import StoreOnceMixin
from evaluations.selectors.workshops import (
    domain_get,
    workshop_get,
    workshop_list_page,
    workshop_page,
    workshop_rating_page,
)

from ..forms.workshops import WorkshopForm, WorkshopRatingForm
from ..services.workshops import (
    WORKSHOP_FIELDS,
    workshop_create,
    workshop_rating_save,
    workshop_update,
)
from .evaluation_base import EvaluationMixin


def load_workshop(view, kwargs):
    """The workshop of the URL (<workshop_pk>), inside the evaluation; None without one."""
    if "workshop_pk" not in kwargs:
        return None
    return workshop_get(evaluation=view.evaluation, pk=kwargs["workshop_pk"])


def load_domain(view, kwargs):
    """The domain of the URL (<number>); None without one."""
    return domain_get(number=kwargs["number"]) if "number" in kwargs else None


class StepOneMixin(EvaluationMixin):
    """For the workshop and council's-own-check pages of one evaluation."""

    loaders = (("workshop", load_workshop), ("domain", load_domain))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(workshop=self.workshop, domain=self.domain)
        return context

    def url(self, name, **kwargs):
        return reverse(f"evaluations:{name}", kwargs={
            "council_slug": self.council.slug, "pk": self.evaluation.pk, **kwargs})

    def workshop_url(self):
        return self.url("workshop", workshop_pk=self.workshop.pk)


class WorkshopListView(StepOneMixin, TemplateView):
    template_name = "evaluations/workshops/list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**workshop_list_page(evaluation=self.evaluation),
                                        **kwargs)


class WorkshopCreateView(StoreOnceMixin, StepOneMixin, ServiceFormMixin, FormView):
    permission = CONTRIBUTE
    allow_archived = False
    form_class = WorkshopForm
    template_name = "evaluations/workshops/form.html"

    def save(self, form):
        return workshop_create(evaluation=self.evaluation, **form.cleaned_data)

    def get_success_message(self):
        return _("Workshop recorded. Next, record how the group rated each domain.")

    def get_success_url(self):
        return self.url("workshop", workshop_pk=self.result.pk)


class WorkshopEditView(StepOneMixin, ServiceFormMixin, FormView):
    permission = CONTRIBUTE
    allow_archived = False
    form_class = WorkshopForm
    template_name = "evaluations/workshops/form.html"

    def get_initial(self):
        initial = {name: getattr(self.workshop, name) for name in WORKSHOP_FIELDS}
        for name in initial:
            if name.startswith("attended_") and initial[name] == 0:
                initial[name] = None  # an empty box means nobody came
        return initial

    def save(self, form):
        return workshop_update(workshop=self.workshop, **form.cleaned_data)

    def get_success_message(self):
        return _("Workshop details saved.")

    def get_success_url(self):
        return self.workshop_url()


class WorkshopDetailView(StepOneMixin, TemplateView):
    template_name = "evaluations/workshops/detail.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**workshop_page(workshop=self.workshop), **kwargs)


class WorkshopRatingView(StepOneMixin, ServiceFormMixin, FormView):
    """One question page: the group's rating of one domain, with strengths, things to
    improve and evidence."""

    permission = CONTRIBUTE
    allow_archived = False
    form_class = WorkshopRatingForm
    template_name = "evaluations/workshops/rating.html"

    @cached_property
    def page(self):
        return workshop_rating_page(workshop=self.workshop, domain=self.domain)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "domain": self.domain,
                "scale": self.workshop.rating_scale, "has_next": bool(self.page.next_domain)}

    def get_initial(self):
        rating = self.page.rating
        if rating is None:
            return {}
        return {"choice": rating.choice, "strengths": rating.strengths,
                "improvements": rating.improvements, "evidence": rating.evidence}

    def save(self, form):
        return workshop_rating_save(workshop=self.workshop, domain=self.domain,
                                    **form.cleaned_data)

    def get_success_message(self):
        return _("The rating for %(domain)s has been saved.") % {"domain": self.domain.title}

    def get_success_url(self):
        next_domain = self.page.next_domain
        if "next_domain" in self.request.POST and next_domain is not None:
            return self.url("workshop_rating", workshop_pk=self.workshop.pk,
                            number=next_domain.number)
        return self.workshop_url() + "#ratings"
