"""The council's own check: enabler answers and outcome indicators, domain by domain.

Everyone in the council can see the check; CONTRIBUTE may change it. Board viewers (and
everyone, on an archived evaluation) see each domain read-only, without a form.
"""

from functools import cached_property

from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from betterlives.access import CONTRIBUTE
from betterlives.mixins import ServiceFormMixin
from evaluations.selectors.council_check import council_check_for_domain, council_check_overview

from ..forms.council_check import CouncilCheckForm
from ..services.council_check import council_check_save
from .workshops import StepOneMixin


class CouncilCheckView(StepOneMixin, TemplateView):
    template_name = "evaluations/council_check/overview.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            **council_check_overview(evaluation=self.evaluation), **kwargs
        )


class CouncilCheckDomainView(StepOneMixin, ServiceFormMixin, FormView):
    write_permission = CONTRIBUTE
    form_class = CouncilCheckForm
    template_name = "evaluations/council_check/domain.html"

    @cached_property
    def check(self):
        return council_check_for_domain(evaluation=self.evaluation, domain=self.domain)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "check": self.check,
                "has_next": bool(self.check.next_domain)}

    def get_context_data(self, **kwargs):
        if not self.can(CONTRIBUTE):
            kwargs["form"] = None  # read-only: the answers are shown without a form
        return super().get_context_data(check=self.check, **kwargs)

    def save(self, form):
        council_check_save(
            evaluation=self.evaluation, domain=self.domain,
            enabler_answers=form.enabler_answers(), indicator_values=form.indicator_values(),
        )

    def get_success_message(self):
        return _("The council's check of %(domain)s has been saved.") % {
            "domain": self.domain.title}

    def get_success_url(self):
        next_domain = self.check.next_domain
        if "next_domain" in self.request.POST and next_domain is not None:
            return self.url("council_check_domain", number=next_domain.number)
        return self.url("council_check") + f"#domain-{self.domain.number}"
