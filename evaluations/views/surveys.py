"""Facilitator pages for one survey: which questions it asks, the council's own questions,
its dates, closing and reopening it, trying it (its test answers counted nowhere, and deleted
here), and sharing it (link, short code, QR code, poster).
"""

from functools import cached_property
from itertools import groupby

from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import FormView, TemplateView

from betterlives.access import MANAGE
from betterlives.languages import poster_languages
from betterlives.mixins import ConfirmView, ServiceFormMixin
from betterlives.qr import qr_svg
from betterlives.store_once import StoreOnceMixin
from evaluations.selectors.evaluations import response_counts
from evaluations.selectors.surveys import (
    domains_for_own_questions,
    newer_wordings,
    practice_response_count,
    survey_all_items,
    survey_framework_item_get,
    survey_list,
    survey_own_item_get,
)
from evaluations.selectors.task_list import CLOSED, NOT_YET_OPEN, SURVEY_STATE_LABELS, survey_state
from evaluations.services.surveys import (
    OWN_QUESTIONS_PER_DOMAIN,
    survey_close,
    survey_dates_set,
    survey_item_wording_update,
    survey_own_question_add,
    survey_own_question_remove,
    survey_questions_choose,
    survey_reopen,
    welsh_required,
)

from ..forms.surveys import OwnQuestionForm, SurveyDatesForm, SurveyQuestionsForm
from ..models.surveys import spaced_code
from ..respondent_session import start_trying
from ..services.responses import practice_responses_delete
from .evaluation_base import EvaluationMixin


class SurveyMixin(EvaluationMixin):
    """Pages for one survey. Only facilitators; nothing changes on an archived evaluation."""

    permission = MANAGE
    allow_archived = False

    def get_context_data(self, **kwargs):
        state = survey_state(self.survey)
        return super().get_context_data(
            state=state, state_label=SURVEY_STATE_LABELS[state], **kwargs
        )

    def get_success_url(self):
        return self.survey.get_manage_url()


class SurveySetupView(SurveyMixin, ServiceFormMixin, FormView):
    """The survey's status and dates, and which questions it asks, grouped by domain."""

    form_class = SurveyQuestionsForm
    template_name = "evaluations/surveys/setup.html"

    @cached_property
    def items(self):
        return survey_all_items(self.survey)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "survey_items": self.items}

    def save(self, form):
        survey_questions_choose(survey=self.survey, enabled_item_ids=form.cleaned_data["items"])

    def get_success_message(self):
        return _("The questions have been saved.")

    def groups(self):
        """The questions by domain, with how many of them are the council's own."""
        groups = []
        for domain, items in groupby(self.items, key=lambda item: item.domain):
            items = list(items)
            own = sum(1 for item in items if item.is_own)
            groups.append({"domain": domain, "items": items, "own_count": own,
                           "can_add": own < OWN_QUESTIONS_PER_DOMAIN})
        return groups

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context["form"]
        if form.is_bound:
            checked = {int(v) for v in form.data.getlist("items")
                       if str(v).isdecimal() and len(str(v)) <= 18}
        else:
            checked = {item.pk for item in self.items if item.enabled}
        context.update(
            groups=self.groups(),
            newer_wordings=newer_wordings(self.items),
            checked=checked,
            asked=sum(1 for item in self.items if item.enabled),
            counts=response_counts([self.survey])[self.survey.pk],
            practice_count=practice_response_count(self.survey),
            own_limit=OWN_QUESTIONS_PER_DOMAIN,
            welsh_required=welsh_required(self.survey),
        )
        return context


class SurveyDatesView(SurveyMixin, ServiceFormMixin, FormView):
    form_class = SurveyDatesForm
    template_name = "evaluations/surveys/dates.html"

    def get_initial(self):
        return {"opens_on": self.survey.opens_on, "closes_on": self.survey.closes_on}

    def save(self, form):
        return survey_dates_set(survey=self.survey, **form.cleaned_data)

    def get_success_message(self):
        return _("The dates have been saved.")


class OwnQuestionAddView(StoreOnceMixin, SurveyMixin, ServiceFormMixin, FormView):
    form_class = OwnQuestionForm
    template_name = "evaluations/surveys/own_question_add.html"

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "domains": domains_for_own_questions(),
            "easy_read": self.survey.is_easy_read,
            "welsh_required": welsh_required(self.survey),
        }

    def get_initial(self):
        domain = self.request.GET.get("domain", "")
        return {"domain": int(domain)} if domain.isdecimal() and len(domain) <= 2 else {}

    def save(self, form):
        return survey_own_question_add(survey=self.survey, **form.cleaned_data)

    def get_context_data(self, **kwargs):
        return super().get_context_data(own_limit=OWN_QUESTIONS_PER_DOMAIN, **kwargs)

    def get_success_message(self):
        return _("Your question has been added. It is asked from now on.")

    def get_success_url(self):
        return f"{self.survey.get_manage_url()}#domain-{self.result.domain.number}"


class OwnQuestionRemoveView(SurveyMixin, ConfirmView):
    @cached_property
    def item(self):
        return survey_own_item_get(survey=self.survey, pk=self.kwargs["item_pk"])

    def get_confirm_text(self):
        return {
            "heading": _("Are you sure you want to remove this question?"),
            "quote": self.item.own_text,
            "paragraphs": [
                _("If anyone has answered it already, it is switched off instead, so their "
                  "answers are kept."),
            ],
            "button_label": _("Yes, remove this question"),
        }

    def perform(self):
        survey_own_question_remove(item=self.item)
        return _("Your question has been removed.")


class NewerWordingView(SurveyMixin, ConfirmView):
    """GET: the question as the survey asks it beside its newer wording. POST: ask the newer
    wording (refused once anyone has answered it)."""

    template_name = "evaluations/surveys/newer_wording.html"
    button_class = "govuk-button"

    @cached_property
    def item(self):
        return survey_framework_item_get(survey=self.survey, pk=self.kwargs["item_pk"])

    def get_confirm_text(self):
        found = newer_wordings([self.item])
        return {
            "heading": _("Use the newer wording of this question?"),
            "item": self.item,
            "current": found[0][1] if found else None,
            "answered": found[0][2] if found else False,
            "button_label": _("Yes, use the newer wording"),
        }

    def perform(self):
        survey_item_wording_update(item=self.item)
        return _("The survey now asks the newer wording of this question.")


class SurveyCloseView(SurveyMixin, ConfirmView):
    def get_confirm_text(self):
        return {
            "heading": _("Are you sure you want to close this survey now?"),
            "paragraphs": [
                _("People will not be able to send answers any more. Everything already "
                  "saved is kept."),
                _("You can reopen the survey later. You can still enter paper responses."),
            ],
            "button_label": _("Yes, close the survey"),
        }

    def perform(self):
        survey_close(survey=self.survey)
        return _("The survey is closed.")


class SurveyReopenView(SurveyMixin, ConfirmView):
    button_class = "govuk-button"

    def get_confirm_text(self):
        return {
            "heading": _("Reopen this survey?"),
            "paragraphs": [
                _("People will be able to answer again using the same link and code."),
                _("If its closing date has passed, the closing date is removed. You can set "
                  "a new one."),
            ],
            "button_label": _("Reopen the survey"),
        }

    def perform(self):
        survey_reopen(survey=self.survey)
        return _("The survey is open again.")


class SurveyTryView(SurveyMixin, View):
    """POST: try the survey in this browser ("try it" mode): its public pages open even
    before it opens or after it closes, and every answer given is a test, counted nowhere."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        start_trying(request, self.survey)
        return redirect(self.survey.get_public_url())


class PracticeResponsesDeleteView(SurveyMixin, ConfirmView):
    """Delete the survey's test answers. Real responses are never deleted here."""

    def get_confirm_text(self):
        return {
            "heading": _("Are you sure you want to delete the test answers?"),
            "paragraphs": [
                _("This deletes every answer given while trying this survey. The answers "
                  "people gave are not changed."),
            ],
            "button_label": _("Yes, delete the test answers"),
        }

    def perform(self):
        count = practice_responses_delete(survey=self.survey)
        return ngettext("%(count)d test response has been deleted.",
                        "%(count)d test responses have been deleted.", count) % {"count": count}


class SharingMixin(SurveyMixin):
    """The survey's public link, short code and QR code. Archived: still shown (read-only)."""

    allow_archived = True

    def get_context_data(self, **kwargs):
        public_url = self.request.build_absolute_uri(self.survey.get_public_url())
        code_url = self.request.build_absolute_uri(reverse("surveys:code"))
        return super().get_context_data(
            public_url=public_url,
            code_address=code_url.split("://", 1)[-1],
            code_url=code_url,
            short_code=spaced_code(self.survey.short_code),
            qr=qr_svg(public_url, title=_("QR code that opens the survey")),
            not_yet_open=self.get_state() == NOT_YET_OPEN,
            closed=self.get_state() == CLOSED,
            **kwargs,
        )

    def get_state(self):
        return survey_state(self.survey)


class SurveyShareView(SharingMixin, TemplateView):
    """Also the shared-device link: for a tablet passed round a workshop, it keeps nobody's
    answers for the next person."""

    template_name = "evaluations/surveys/share.html"

    def get_context_data(self, **kwargs):
        others = [s for s in survey_list(evaluation=self.evaluation) if s.pk != self.survey.pk]
        shared_url = self.request.build_absolute_uri(
            reverse("surveys:shared", kwargs={"token": self.survey.token}))
        return super().get_context_data(
            other_surveys=others,
            shared_url=shared_url,
            shared_qr=qr_svg(shared_url, title=_("QR code that opens the survey for a "
                                                 "shared tablet")),
            **kwargs,
        )


class SurveyPosterView(SharingMixin, TemplateView):
    """An invitation to print (A4) or show on screen, with the QR code and short code: in
    Cymraeg and English, side by side in the council's order, for councils in Wales and
    councils in England that chose bilingual posters; else in English
    (betterlives.languages.poster_languages)."""

    template_name = "evaluations/surveys/poster.html"

    def get_context_data(self, **kwargs):
        languages = poster_languages(self.council)
        bilingual = len(languages) > 1
        return super().get_context_data(
            poster_languages=languages, bilingual=bilingual,
            column_class="govuk-grid-column-one-half" if bilingual else "govuk-grid-column-full",
            **kwargs,
        )
