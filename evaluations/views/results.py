"""Step 1 results: every voice side by side, and the comments people wrote."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from betterlives.access import MANAGE
from domains.models import Domain
from evaluations.scores import Voice
from evaluations.selectors.evidence import domain_evidence
from evaluations.selectors.results import comment_list, evaluation_results

from ..charts import results_chart
from ..forms.results import CommentFilterForm, CommentReviewForm, ResultsFilterForm
from ..services.results import comment_review
from .evaluation_base import EvaluationMixin


class ResultsContextMixin(EvaluationMixin):
    def filter_form(self, form_class=ResultsFilterForm):
        return form_class(self.request.GET or None)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        threshold = self.council.small_number_threshold
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(threshold=threshold, query_string=query.urlencode())
        return context


class ResultsOverviewView(ResultsContextMixin, TemplateView):
    template_name = "evaluations/results/overview.html"

    def get_context_data(self, **kwargs):
        form = self.filter_form()
        results = evaluation_results(self.evaluation, form.filters())
        threshold = self.council.small_number_threshold
        return super().get_context_data(
            form=form, results=results,
            voices=[v.voices[i] for v in results[:1] for i in range(len(v.voices))],
            chart=results_chart(
                results, threshold=threshold,
                no_score_text=_("no answers"),
                suppressed_text=_("fewer than %(n)d people") % {"n": threshold},
                protects_text=_("not shown"),
            ),
            **kwargs,
        )


class ResultsDomainView(ResultsContextMixin, TemplateView):
    template_name = "evaluations/results/domain.html"

    def get_context_data(self, **kwargs):
        domain = get_object_or_404(Domain, number=self.kwargs["number"])
        form = self.filter_form()
        results = evaluation_results(self.evaluation, form.filters())
        result = next(r for r in results if r.domain.pk == domain.pk)
        return super().get_context_data(
            form=form, domain=domain, result=result,
            evidence=domain_evidence(self.evaluation, domain),
            previous=domain.number - 1 if domain.number > 1 else None,
            next=domain.number + 1 if domain.number < len(results) else None,
            **kwargs,
        )


class CommentListView(ResultsContextMixin, TemplateView):
    template_name = "evaluations/results/comments.html"
    paginate_by = 25

    def get_context_data(self, **kwargs):
        form = self.filter_form(CommentFilterForm)
        valid = form.is_bound and form.is_valid()
        comments = comment_list(
            self.evaluation, form.filters(),
            domain_number=form.cleaned_data.get("domain") if valid else None,
            tag=form.cleaned_data.get("tag", "") if valid else "",
        )
        if not self.can(MANAGE):
            comments = comments.filter(comment_hidden=False)
        page = Paginator(comments, self.paginate_by).get_page(self.request.GET.get("page"))
        for answer in page:
            answer.review_form = CommentReviewForm(
                initial={"tag": answer.comment_tag, "hidden": answer.comment_hidden},
                prefix=f"c{answer.pk}",
            )
        return super().get_context_data(
            form=form, page=page, voice_labels=dict(Voice.choices),
            return_to=self.request.get_full_path(), **kwargs,
        )


class CommentReviewView(EvaluationMixin, View):
    """POST only: the facilitator gives a comment a theme, or hides it."""

    permission = MANAGE
    allow_archived = False

    def post(self, request, *args, **kwargs):
        answer = get_object_or_404(
            comment_list(self.evaluation).select_related(None), pk=kwargs["answer_pk"]
        )
        form = CommentReviewForm(request.POST, prefix=f"c{answer.pk}")
        if form.is_valid():
            comment_review(answer=answer, tag=form.cleaned_data["tag"],
                           hidden=form.cleaned_data["hidden"])
            messages.success(request, _("Comment saved"))
        else:
            messages.error(request, _("Choose a theme from the list"))
        back = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
            back = reverse("evaluations:comments", kwargs={
                "council_slug": self.council.slug, "pk": self.evaluation.pk})
        return redirect(f"{back}#comment-{answer.pk}")
