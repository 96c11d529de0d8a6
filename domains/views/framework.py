"""Public, read-only pages about the framework."""

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView

from .. import selectors
from ..forms.good_lives import GoodLivesFilterForm


class FrameworkOverviewView(TemplateView):
    template_name = "domains/overview.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            version=selectors.current_version(), domains=selectors.domain_list(), **kwargs
        )


class DomainDetailView(TemplateView):
    template_name = "domains/detail.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            domain=selectors.domain_detail(kwargs["number"]), **kwargs
        )


class GoodLivesLibraryView(TemplateView):
    template_name = "domains/good_lives.html"
    paginate_by = 25

    def get_context_data(self, **kwargs):
        form = GoodLivesFilterForm(self.request.GET or None)
        filters = form.cleaned_data if form.is_valid() else {}
        actions = selectors.good_lives_action_list(
            q=filters.get("q", ""),
            theme=filters.get("theme", ""),
            audience=filters.get("audience", ""),
        )
        page = Paginator(actions, self.paginate_by).get_page(self.request.GET.get("page"))
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(
            form=form,
            page=page,
            filtered=bool(filters and any(filters.values())),
            query_string=query.urlencode(),
            version=selectors.current_version(),
            **kwargs,
        )


@require_safe
def council_picture(request, pk):
    """A council's uploaded picture for a question. Public, like the survey pages that show
    it; only PNG or JPEG re-saved by domains.pictures is ever stored."""
    picture = selectors.council_picture(pk)
    response = HttpResponse(bytes(picture.image), content_type=picture.content_type)
    response["Cache-Control"] = "public, max-age=3600"
    response["Content-Disposition"] = "inline"
    return response
