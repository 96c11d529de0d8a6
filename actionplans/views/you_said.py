"""The public Easy Read "You said, we did" page, reached by a survey's link once the
facilitator has published it: /s/<token>/you-said/. No account.

A link that is unknown, or whose evaluation's page is not published, gives the plain
"This link does not work" page (404), exactly like any other survey link that does not work.
"""

from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import render
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache

from evaluations.selectors.surveys import survey_for_token
from evaluations.views.responses import not_found

from ..selectors.you_said import public_you_said, published_page


@method_decorator(never_cache, name="dispatch")
class PublicYouSaidView(View):
    """Only read: a link that works answers POST with 405; one that does not, with 404."""

    http_method_names = ["get", "head", "post"]

    def dispatch(self, request, *args, token, **kwargs):
        try:
            survey = survey_for_token(token)
        except Http404:
            return not_found(request)
        self.survey = survey
        self.page = published_page(survey.evaluation)
        if self.page is None:
            return not_found(request)
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        evaluation = self.survey.evaluation
        return render(request, "evaluations/responses/you_said.html", {
            "survey": self.survey,
            "evaluation": evaluation,
            "council": evaluation.council,
            "current_council": evaluation.council,
            "page": self.page,
            "domains": public_you_said(evaluation),
            "threshold": evaluation.council.small_number_threshold,
            "hide_navigation": True,
            "easy_read": True,
        })
