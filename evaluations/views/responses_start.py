"""The way into a survey: the "enter your code" page, choosing a language, and the welcome;
and the way out of trying one ("try it" mode).

A phone or tablet may be shared, so the welcome never shows anything of a response the device
holds: the person says whether they carry on or are someone new. The shared-device link
(for a tablet passed round a workshop) gives each person a clean screen.
"""

from django.conf import settings
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache

from betterlives.languages import in_language_order
from betterlives.ratelimit import rate_limited
from evaluations.selectors.live_votes import open_live_vote_for_code

from ..forms.responses import CodeForm, LanguageForm
from ..models import SHORT_CODE_LENGTH, Survey, normalise_code
from ..respondent_session import (
    begin,
    belongs_here,
    current_response,
    forget,
    let_go_of_everything,
    mark_shared,
    remember,
    start_allowed,
    stop_trying,
    too_many_starts,
)
from ..services.responses import response_find
from ..survey_content import survey_content
from .responses import SurveyPage, next_page_url, not_found


@method_decorator(never_cache, name="dispatch")
class CodeView(View):
    """The public "enter your code" page: a survey's short code, or a resume code."""

    template_name = "evaluations/responses/code.html"

    def get(self, request):
        return render(request, self.template_name, {"form": CodeForm(), "hide_navigation": True})

    @rate_limited("code")
    def post(self, request):
        form = CodeForm(request.POST)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form, "hide_navigation": True})
        code = normalise_code(form.cleaned_data["code"])
        if len(code) == SHORT_CODE_LENGTH:
            survey = Survey.objects.filter(short_code=code).first()
            if survey is not None:
                return redirect(survey.get_public_url())
            live_vote = open_live_vote_for_code(code)
            if live_vote is not None:
                return redirect("votes:join", code=live_vote.code)
        response = response_find(code=code)
        if response is not None and belongs_here(request, response):
            if response.is_submitted:  # show the confirmation; never hold a sent response
                forget(request, response.survey, response)
            else:
                remember(request, response)
            return redirect(next_page_url(response, survey_content(response.survey).items))
        return not_found(request)


# The question in the other language, under the heading, for someone who reads only that one.
# Not translated: each is already in its own language.
OTHER_LANGUAGE_HINT = {"en": ("cy", "Dewiswch eich iaith"), "cy": ("en", "Choose your language")}


class StartView(SurveyPage):
    """Choose a language."""

    template_name = "evaluations/responses/start.html"
    needs_response = False
    shared_link = False

    def get(self, request, token):
        return self.show(LanguageForm(initial={"language": translation.get_language()}))

    def show(self, form):
        # Cymraeg first when the council chose it (betterlives.languages).
        field = form.fields["language"]
        field.choices = in_language_order(field.choices, self.survey.evaluation.council)
        other_language, hint = OTHER_LANGUAGE_HINT.get(translation.get_language(),
                                                       OTHER_LANGUAGE_HINT["en"])
        return self.render(form=form, shared_link=self.shared_link, other_language=other_language,
                           other_language_hint=hint)

    def post(self, request, token):
        form = LanguageForm(request.POST)
        if not form.is_valid():
            return self.show(form)
        language = form.cleaned_data["language"]
        translation.activate(language)
        if self.shared_link:  # a clean screen for each person
            mark_shared(request)
            let_go_of_everything(request, self.survey)
        reply = redirect("surveys:welcome", token=token)
        reply.set_cookie(settings.LANGUAGE_COOKIE_NAME, language,
                         max_age=settings.LANGUAGE_COOKIE_AGE, samesite="Lax",
                         secure=settings.LANGUAGE_COOKIE_SECURE)
        return reply


class SharedStartView(StartView):
    """The shared-device link, for a tablet passed round a workshop: choosing a language
    clears the screen, and from then on the device lets go of each person's response when
    they send it or stop."""

    shared_link = True


class WelcomeView(SurveyPage):
    """What this is, then Start. When the device holds someone's unfinished response, none of
    it is shown: the person says whether they carry on or are someone new.

    Start stores nothing (the first saved answer makes the response) and is rate-limited per
    device and per address (respondent_session.start_allowed)."""

    template_name = "evaluations/responses/welcome.html"
    needs_response = False

    def get(self, request, token):
        return self.show(returning=self.unfinished() is not None)

    def show(self, *, returning):
        # The held response stays out of the context: this page shows nothing of it.
        return self.render(returning=returning)

    def unfinished(self):
        response = current_response(self.request, self.survey)
        return response if response is not None and not response.is_submitted else None

    def post(self, request, token):
        action = request.POST.get("action")
        response = None if action == "new" else self.unfinished()
        if response is not None:
            if action == "carry_on":
                return redirect(next_page_url(response, survey_content(self.survey).items))
            return self.show(returning=True)  # Start pressed in another tab: ask
        if action == "carry_on":  # nothing to carry on with any more
            return redirect("surveys:welcome", token=token)
        if not start_allowed(request):
            return too_many_starts(request)
        # Someone new: the last one is kept safe. Nothing is stored until the first answer.
        begin(request, self.survey)
        return redirect("surveys:question", token=token, number=1)


class StopTryingView(SurveyPage):
    """POST: stop trying the survey on this device. The test response is let go of, so the
    next person sees none of it; back to the survey's page for the facilitator."""

    needs_response = False
    blocks_when_closed = False

    def get(self, request, token):  # only the banner's button stops trying
        return redirect("surveys:welcome", token=token)

    def post(self, request, token):
        stop_trying(request, self.survey)
        return redirect(self.survey.get_manage_url())
