"""The service's home page, the councils a person belongs to, and a council's home page
(whose lists the apps add from their AppConfig.ready())."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import TemplateView

from ..access import membership_list
from ..mixins import CouncilMixin


class HomeView(TemplateView):
    template_name = "home.html"


class CouncilListView(LoginRequiredMixin, TemplateView):
    template_name = "councils/list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(memberships=membership_list(self.request.user), **kwargs)


# The lists a council's home page shows (templates/councils/home.html), by their name in the
# template: {name: selector taking user and council}. Each app adds its own from its
# AppConfig.ready() (evaluations: "evaluations").
COUNCIL_HOME_LISTS = {}


def council_home_list_add(name, selector):
    """Show `selector(user=..., council=...)` on the council's home page as `name`."""
    COUNCIL_HOME_LISTS[name] = selector


class CouncilHomeView(CouncilMixin, TemplateView):
    template_name = "councils/home.html"

    def get_context_data(self, **kwargs):
        lists = {name: selector(user=self.request.user, council=self.council)
                 for name, selector in COUNCIL_HOME_LISTS.items()}
        return super().get_context_data(**lists, **kwargs)
