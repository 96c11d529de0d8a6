"""The plan as a whole: the overview with counts and filters, the Good Lives library beside
it, the board's sign-off, and "you said, we did"."""

from functools import cached_property

from django.core.paginator import Paginator
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from betterlives.access import MANAGE
from betterlives.mixins import ConfirmView, ServiceFormMixin
from betterlives.store_once import StoreOnceMixin
from domains.selectors import good_lives_action_list
from evaluations.selectors.step_two import chosen_domain_list

from ..forms import LibraryFilterForm, PlanFilterForm, PublishForm, SignOffForm
from ..selectors import plans, you_said
from ..services import sign_off_record, you_said_publish, you_said_unpublish
from .base import PlanMixin

PLAN_PAGE_SIZE = 50
LIBRARY_PAGE_SIZE = 25


def query_without_page(request):
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


class PlanView(PlanMixin, TemplateView):
    template_name = "actionplans/plan.html"
    plan_crumb = False

    def get_context_data(self, **kwargs):
        counts = plans.plan_counts(evaluation=self.evaluation)
        domains = [row.domain for row in counts["domains"]]
        form = PlanFilterForm(self.request.GET or None, domains=domains,
                              leads=plans.lead_names(evaluation=self.evaluation))
        filters = form.filters()
        actions = plans.action_list(evaluation=self.evaluation, **filters)
        page = Paginator(actions, PLAN_PAGE_SIZE).get_page(self.request.GET.get("page"))
        resources = plans.resources_by_domain([d.pk for d in domains])
        for row in counts["domains"]:
            row.resources = resources[row.domain.pk]
        return super().get_context_data(
            counts=counts, form=form, filtered=any(filters.values()), page_obj=page,
            actions=page.object_list, query_string=query_without_page(self.request),
            sign_off=next(iter(plans.sign_off_list(evaluation=self.evaluation)), None),
            **kwargs)


class GoodLivesView(PlanMixin, TemplateView):
    """The Good Lives library for writing the plan: a domain's suggestions first, then the
    whole library, searchable and filtered by theme and by who the action is for."""

    template_name = "actionplans/good_lives.html"

    @cached_property
    def chosen(self):
        return chosen_domain_list(evaluation=self.evaluation)

    def get_context_data(self, **kwargs):
        number = self.request.GET.get("domain", "")
        chosen = next((c for c in self.chosen if str(c.domain.number) == number),
                      self.chosen[0] if self.chosen else None)
        form = LibraryFilterForm(self.request.GET or None)
        filters = form.cleaned_data if form.is_valid() else {}
        actions = good_lives_action_list(q=filters.get("q", ""), theme=filters.get("theme", ""),
                                         audience=filters.get("audience", ""))
        page = Paginator(actions, LIBRARY_PAGE_SIZE).get_page(self.request.GET.get("page"))
        return super().get_context_data(
            chosen_domains=self.chosen, chosen=chosen, form=form, page_obj=page,
            filtered=any(v for k, v in filters.items() if k != "domain"),
            query_string=query_without_page(self.request),
            suggestions=plans.good_lives_suggestions(domain=chosen.domain) if chosen
            else [], **kwargs)


class SignOffView(PlanMixin, TemplateView):
    template_name = "actionplans/sign_off.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            sign_offs=plans.sign_off_list(evaluation=self.evaluation),
            counts=plans.plan_counts(evaluation=self.evaluation), **kwargs)


class SignOffCreateView(StoreOnceMixin, PlanMixin, ServiceFormMixin, FormView):
    permission = MANAGE
    allow_archived = False
    form_class = SignOffForm
    template_name = "actionplans/sign_off_form.html"

    def get_initial(self):
        return {"meeting": _("Learning Disability Partnership Board")}

    def save(self, form):
        return sign_off_record(evaluation=self.evaluation, user=self.request.user,
                               **form.cleaned_data)

    def get_success_message(self):
        return _("The board's sign-off has been recorded.")

    def get_success_url(self):
        return self.plan_url("sign_off")


def public_url(request, evaluation):
    """The address of the public page: by the first survey's link (any survey's works)."""
    survey = evaluation.surveys.order_by("pk").first()
    if survey is None:
        return ""
    return request.build_absolute_uri(reverse("surveys:you_said", args=[survey.token]))


class YouSaidWeDidView(PlanMixin, TemplateView):
    template_name = "actionplans/you_said.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            rows=plans.you_said_we_did(evaluation=self.evaluation),
            threshold=self.council.small_number_threshold,
            public_page=you_said.page_state(self.evaluation),
            public_url=public_url(self.request, self.evaluation),
            **kwargs)


class YouSaidPublishView(PlanMixin, ServiceFormMixin, FormView):
    """Publish the public Easy Read page, saying when it will next be updated. The form page
    says what will be shown, and is the confirmation."""

    permission = MANAGE
    allow_archived = False
    form_class = PublishForm
    template_name = "actionplans/you_said_publish.html"

    def get_initial(self):
        page = you_said.page_state(self.evaluation)
        return {"next_update_on": page.next_update_on} if page and page.next_update_on else {}

    def save(self, form):
        return you_said_publish(evaluation=self.evaluation, user=self.request.user,
                                **form.cleaned_data)

    def get_success_message(self):
        return _("The “You said, we did” page is published.")

    def get_success_url(self):
        return self.plan_url("you_said")


class YouSaidUnpublishView(PlanMixin, ConfirmView):
    permission = MANAGE
    allow_archived = False

    def get_confirm_text(self):
        return {
            "heading": _("Take down the public “You said, we did” page?"),
            "paragraphs": [_("Its link will say “This link does not work” until you publish "
                             "it again.")],
            "button_label": _("Take the page down"),
        }

    def perform(self):
        you_said_unpublish(evaluation=self.evaluation, user=self.request.user)
        return _("The public “You said, we did” page has been taken down.")

    def get_success_url(self):
        return self.plan_url("you_said")
