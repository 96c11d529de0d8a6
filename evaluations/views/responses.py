"""The survey as respondents see it: no account, one question per page, saved as they go.

The way in (the code page, the language, the welcome) is in responses_start. A response is
made when its first answer is saved, not by Start (respondent_session.begin).
"""

from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache

from betterlives.faces import ANSWER_PICTURES
from betterlives.ratelimit import rate_limited
from evaluations.selectors.responses import answers_by_item, survey_page

from ..forms.responses import AnswerForm, HelpedForm
from ..models import Answer
from ..respondent_session import (
    FORM_FIELD,
    current_response,
    forget,
    is_shared,
    is_starting,
    is_trying,
    key_to_read,
    last_response,
    let_go_of_everything,
    new_response_key,
    peek_response,
    remember,
)
from ..services.responses import (
    SurveyClosed,
    answer_save,
    response_first_save,
    response_helped_set,
    response_submit,
)
from ..survey_content import survey_content


def not_found(request):
    """The Easy Read "This link does not work" page, with the code form. Also every other
    404 under /s/ and /v/ (betterlives.views.errors.page_not_found)."""
    return render(request, "evaluations/responses/not_found.html", {"hide_navigation": True},
                  status=404)


def next_page_url(response, items):
    """Where a person carries on: the first question they have neither answered nor skipped
    (where they pressed "Stop for now"), else the end."""
    token = response.survey.token
    if response.is_submitted:
        return reverse("surveys:sent", kwargs={"token": token})
    answered = set(Answer.with_practice.filter(response=response)
                   .values_list("item_id", flat=True))
    for number, item in enumerate(items, start=1):
        if item.pk not in answered:
            return reverse("surveys:question", kwargs={"token": token, "number": number})
    if response.helped is None:
        return reverse("surveys:helped", kwargs={"token": token})
    return reverse("surveys:check", kwargs={"token": token})


@method_decorator(never_cache, name="dispatch")
class SurveyPage(View):
    """A page of one survey, reached by its public token."""

    template_name = None
    needs_response = True
    answer_to = None  # an item whose answer is read with the response (QuestionView)
    # Shown after Start, before anything is saved: the first saved page makes the response.
    before_first_answer = False

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        # The survey and the response the device names, with its answers: one query.
        self.read = survey_page(kwargs["token"], key_to_read(request, kwargs["token"]))
        self.survey = self.read.survey
        # Trying the survey ("try it" mode): answers are tests, taken even when it is closed.
        self.trying = is_trying(request, self.survey)

    def dispatch(self, request, *args, **kwargs):
        self.response = self.find_response() if self.needs_response else None
        self.new_key = None
        if self.needs_response and self.response is None:
            if self.before_first_answer:
                self.new_key = new_response_key(request, self.survey)
            if self.new_key is None:
                return redirect("surveys:welcome", token=self.survey.token)
        if self.response is not None and self.response.is_submitted and self.blocks_after_send:
            return redirect("surveys:sent", token=self.survey.token)
        if not self.survey.is_open() and self.blocks_when_closed and not self.trying:
            return self.closed()
        return super().dispatch(request, *args, **kwargs)

    blocks_after_send = True
    blocks_when_closed = True

    def find_response(self):
        """The response the device holds; else the one it has just sent, whose pages all show
        the confirmation (a double click, the Back button)."""
        response = current_response(self.request, self.survey, answer_to=self.answer_to,
                                    read=self.read)
        if response is None:
            last = last_response(self.request, self.survey)
            response = last if last is not None and last.is_submitted else None
        return response

    def stop(self):
        """Stop for now. A shared device lets go of the response: the stop page shows its code
        once more, and the next person starts afresh. With nothing saved there is no code."""
        if is_shared(self.request) and self.response is not None:
            forget(self.request, self.survey, self.response)
        return redirect("surveys:stop", token=self.survey.token)

    def closed(self):
        return render(self.request, "evaluations/responses/closed.html", self.context(), status=200)

    def context(self, **extra):
        return {
            "survey": self.survey,
            "current_council": self.survey.evaluation.council,
            "response": self.response,
            "response_key_field": FORM_FIELD,
            "response_key": self.response.submission_key if self.response else self.new_key,
            "shared_device": is_shared(self.request),
            "hide_navigation": True,
            "easy_read": self.survey.is_easy_read,
            "trying": self.trying,
            **extra,
        }

    def render(self, status=200, **extra):
        return render(self.request, self.template_name, self.context(**extra), status=status)

    def first_save(self, **page):
        """Make the response with this page's answer (respondent_session.begin). The
        questions before this one were passed with Continue and nothing chosen."""
        try:
            self.response = response_first_save(
                survey=self.survey, submission_key=self.new_key,
                language=translation.get_language() or "en", practice=self.trying, **page)
        except SurveyClosed:
            return self.closed()
        remember(self.request, self.response)
        return None


class QuestionView(SurveyPage):
    """One question per page. The same template serves every question of every survey."""

    template_name = "evaluations/responses/question.html"
    before_first_answer = True

    def dispatch(self, request, *args, **kwargs):
        self.content = survey_content(self.survey)
        self.items = self.content.items
        number = kwargs["number"]
        if not 1 <= number <= len(self.items):
            return not_found(request)
        self.number = number
        self.item = self.answer_to = self.items[number - 1]
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, token, number):
        choice = getattr(self.response, "answer_choice", None)
        comment = getattr(self.response, "answer_comment", None)
        initial = {} if choice is None else {"choice": choice, "comment": comment}
        return self.show(AnswerForm(initial=initial, scale=self.survey.scale))

    def post(self, request, token, number):
        form = AnswerForm(request.POST, scale=self.survey.scale)
        if not form.is_valid():
            return self.show(form)
        choice, comment = form.cleaned_data["choice"], form.cleaned_data["comment"]
        if self.response is None:
            if choice or comment:  # the first answer makes the response
                refused = self.first_save(skipped=self.items[:number - 1], item=self.item,
                                          choice=choice, comment=comment)
                if refused is not None:
                    return refused
        else:
            try:
                # "Stop for now" records nothing that was not chosen: the person comes back
                # here.
                answer_save(response=self.response, item=self.item, choice=choice,
                            comment=comment, skip=request.POST.get("action") != "stop")
            except SurveyClosed:
                return self.closed()
        if request.POST.get("action") == "stop":
            return self.stop()
        if request.GET.get("from") == "check":
            return redirect("surveys:check", token=token)
        if number < len(self.items):
            return redirect("surveys:question", token=token, number=number + 1)
        return redirect("surveys:helped", token=token)

    def show(self, form, **extra):
        back = (reverse("surveys:question", kwargs={"token": self.survey.token,
                                                    "number": self.number - 1})
                if self.number > 1 else reverse("surveys:welcome", args=[self.survey.token]))
        return self.render(form=form, item=self.item, number=self.number,
                           total=len(self.items), back_url=back,
                           picture=self.content.picture(self.item),
                           recording=self.content.recording(self.item), **extra)

    @classmethod
    def after_csrf_failure(cls, request, token, number):
        """The form's security token expired: show the page again with the answer kept.

        Nothing is saved and the session is left as it was (see `peek_response`)."""
        view = cls()
        view.setup(request, token=token, number=number)
        view.content = survey_content(view.survey)
        view.items = view.content.items
        if not 1 <= number <= len(view.items):
            return not_found(request)
        view.number, view.item = number, view.items[number - 1]
        view.response = peek_response(request, view.survey, read=view.read)
        view.new_key = None if view.response else new_response_key(request, view.survey)
        if view.response is None and view.new_key is None or (
                view.response is not None and view.response.is_submitted):
            return redirect("surveys:sent" if view.response else "surveys:welcome", token=token)
        form = AnswerForm(request.POST, scale=view.survey.scale)
        form.is_valid()
        return view.show(form, expired=True)


class HelpedView(SurveyPage):
    """Asked once, after the last question."""

    template_name = "evaluations/responses/helped.html"
    before_first_answer = True

    def get(self, request, token):
        helped = {True: "yes", False: "no"}.get(getattr(self.response, "helped", None))
        return self.show(HelpedForm(initial={"helped": helped}))

    def post(self, request, token):
        form = HelpedForm(request.POST)
        if not form.is_valid():
            return self.show(form)
        stopping = request.POST.get("action") == "stop"
        helped = form.helped_value()
        if self.response is None:
            if helped is not None:  # the first answer makes the response
                refused = self.first_save(skipped=survey_content(self.survey).items, helped=helped)
                if refused is not None:
                    return refused
        else:
            try:
                if not (stopping and helped is None):  # nothing chosen: nothing saved
                    response_helped_set(response=self.response, helped=helped)
            except SurveyClosed:
                return self.closed()
        if stopping:
            return self.stop()
        return redirect("surveys:check", token=token)

    @classmethod
    def after_csrf_failure(cls, request, token):
        view = cls()
        view.setup(request, token=token)
        view.response = peek_response(request, view.survey, read=view.read)
        view.new_key = None if view.response else new_response_key(request, view.survey)
        if view.response is None and view.new_key is None or (
                view.response is not None and view.response.is_submitted):
            return redirect("surveys:sent" if view.response else "surveys:welcome", token=token)
        form = HelpedForm(request.POST)
        form.is_valid()
        return view.show(form, expired=True)

    def show(self, form, **extra):
        last = len(survey_content(self.survey).items)
        back = reverse("surveys:question", kwargs={"token": self.survey.token, "number": last})
        return self.render(form=form, back_url=back, **extra)


class CheckView(SurveyPage):
    """Check, then send. With nothing saved yet, it says there is nothing to send."""

    template_name = "evaluations/responses/check.html"
    before_first_answer = True

    def get(self, request, token):
        items = survey_content(self.survey).items
        answers = answers_by_item(self.response) if self.response else {}
        faces = ANSWER_PICTURES if self.survey.is_easy_read else {}
        rows = []
        for number, item in enumerate(items, start=1):
            answer = answers.get(item.pk)
            rows.append({"number": number, "item": item, "answer": answer,
                         "face": faces.get(answer.choice) if answer else None})
        return self.render(rows=rows, total=len(items), expired="expired" in request.GET)


class SendView(SurveyPage):
    """Send the answers. A double click, a refresh or a second tab stores one response."""

    blocks_after_send = False

    def get(self, request, token):
        return redirect("surveys:check", token=token)

    @rate_limited("send")
    def post(self, request, token):
        try:
            response = response_submit(response=self.response)
        except SurveyClosed:
            return self.closed()
        forget(request, self.survey, response)  # the next person starts afresh
        return redirect("surveys:sent", token=token)

    @classmethod
    def after_csrf_failure(cls, request, token):
        """An expired token on the send button: the answers are safe; ask to press it again."""
        return redirect(reverse("surveys:check", kwargs={"token": token}) + "?expired=1")


class SentView(SurveyPage):
    template_name = "evaluations/responses/sent.html"
    blocks_after_send = False
    blocks_when_closed = False

    def find_response(self):
        last = last_response(self.request, self.survey)
        if last is not None and last.is_submitted:
            return last
        return current_response(self.request, self.survey)

    def get(self, request, token):
        if not self.response.is_submitted:
            return redirect("surveys:check", token=token)
        return self.render()


class StopView(SurveyPage):
    """Stop for now: the resume code, big, and how to use it. On a shared device the response
    has been let go of already; Finish clears the screen for the next person."""

    template_name = "evaluations/responses/stop.html"
    blocks_when_closed = False
    before_first_answer = True  # nothing saved yet: no code, nothing to lose

    def find_response(self):
        response = current_response(self.request, self.survey)
        if response is None and not is_starting(self.request, self.survey):
            response = last_response(self.request, self.survey)
        return response

    def get(self, request, token):
        return self.render()

    def post(self, request, token):
        if request.POST.get("action") == "carry_on":
            if self.response is None:
                return redirect("surveys:question", token=token, number=1)
            remember(request, self.response)
            return redirect(next_page_url(self.response, survey_content(self.survey).items))
        let_go_of_everything(request, self.survey)
        return redirect("surveys:shared" if is_shared(request) else "surveys:start", token=token)

