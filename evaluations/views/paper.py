"""Paper: a printable questionnaire (PDF), and a page to key in what people wrote on it.

The questionnaire is made in the language asked for with `?language=en` or `?language=cy`
(the links "in English" and "yn Gymraeg" beside the download), whatever language the page is
in; without it, or with anything else, in the language of the page.
"""

import uuid

from django.contrib import messages
from django.db import IntegrityError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView

from betterlives.access import CONTRIBUTE, MANAGE, role_allows
from betterlives.mixins import CouncilMixin
from betterlives.pdf import render_pdf
from betterlives.qr import qr_data_uri
from betterlives.store_once import StoreOnceMixin

from ..exports import file_language
from ..forms.paper import PaperResponseForm
from ..models import SCALE_CHOICES, Choice, Evaluation
from ..selectors import evaluation_get, survey_get, survey_items
from ..services.responses import paper_response_create

FACES = "images/faces/"
FACE_PICTURES = {
    Choice.GOOD: (FACES + "good.svg", gettext_lazy("A smiling face")),
    Choice.NOT_SURE: (FACES + "not-sure.svg", gettext_lazy("A face with a straight mouth")),
    Choice.NOT_GOOD: (FACES + "not-good.svg", gettext_lazy("A sad face")),
    Choice.NO_SAY: (FACES + "dont-want-to-say.svg", gettext_lazy("A face with a zipped mouth")),
}


class PaperSurveyMixin(CouncilMixin):
    """Finds the evaluation and survey of the URL, scoped to the person and their role."""

    def get_survey(self):
        if not hasattr(self, "survey"):
            self.evaluation = evaluation_get(
                user=self.request.user, council=self.council, pk=self.kwargs["pk"],
                permission=self.permission,
            )
            self.survey = survey_get(evaluation=self.evaluation, audience=self.kwargs["audience"])
        return self.survey


class PaperQuestionnaireView(PaperSurveyMixin, View):
    """The survey as a printable PDF: Easy Read for people with lived experience."""

    permission = MANAGE

    def get(self, request, *args, **kwargs):
        survey = self.get_survey()
        online_url = request.build_absolute_uri(survey.get_public_url())
        options = []
        for choice in SCALE_CHOICES[survey.scale]:
            picture, alt = FACE_PICTURES.get(choice, (None, ""))
            options.append({"label": choice.label, "picture": picture, "alt": alt})
        context = {
            "council": self.council,
            "evaluation": self.evaluation,
            "survey": survey,
            "items": survey_items(survey),
            "easy_read": survey.is_easy_read,
            "options": options,
            "online_url": online_url,
            "code_url": request.build_absolute_uri(reverse("surveys:code")),
            "qr_data_uri": qr_data_uri(online_url),
            "give_back_by": survey.closes_on,
        }
        language, suffix = file_language(request.GET.get("language"))
        pdf = render_pdf("reports/paper_questionnaire.html", context, request=request,
                         language=language)
        audience = slugify(survey.audience.replace("_", "-"))
        filename = "-".join(part for part in (slugify(self.evaluation.title), audience) if part)
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = (
            f'attachment; filename="{filename}-paper-questionnaire{suffix}.pdf"'
        )
        response["Content-Language"] = language
        patch_cache_control(response, private=True, no_cache=True)
        return response


class PaperResponseView(StoreOnceMixin, PaperSurveyMixin, FormView):
    """Key in one paper questionnaire. Each blank form carries its own submission key (the
    response's own, used by betterlives.store_once as every create form's is), so saving it
    twice (double click, Back and Save again, refresh) stores it once and shows the same
    confirmation. Taken after the survey has closed (paper comes back late), never on an
    archived evaluation."""

    permission = CONTRIBUTE
    form_class = PaperResponseForm
    template_name = "evaluations/paper_entry.html"

    def get(self, request, *args, **kwargs):
        return self.archived() or super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        return self.archived() or super().post(request, *args, **kwargs)

    def archived(self):
        """The "archived" page (403) on an archived evaluation, else None. Runs after
        CouncilMixin and the lookup: another council still gets 404, a board viewer 403."""
        self.get_survey()
        if self.evaluation.status != Evaluation.Status.ARCHIVED:
            return None
        return render(self.request, "evaluations/archived.html", {
            "council": self.council, "current_council": self.council,
            "membership": self.membership, "evaluation": self.evaluation,
        }, status=403)

    def get_form_kwargs(self):
        survey = self.get_survey()
        return {**super().get_form_kwargs(), "survey": survey, "items": survey_items(survey)}

    def form_valid(self, form):
        try:
            paper_response_create(
                survey=self.survey,
                submission_key=form.cleaned_data["submission_key"],
                answers=form.answers(),
                helped=form.helped(),
            )
        except IntegrityError:
            # The key belongs to another survey's response: a tampered form. Nothing is saved;
            # the page comes back with what was typed and a fresh key to save it with.
            data = self.request.POST.copy()
            data["submission_key"] = str(uuid.uuid4())
            form = self.get_form_class()(**{**self.get_form_kwargs(), "data": data})
            form.is_valid()
            form.add_error(None, _("This response could not be saved. Check the answers and "
                                   "save it again"))
            return self.render_to_response(self.get_context_data(form=form))
        # The same confirmation however often this form is saved: it was stored once.
        messages.success(self.request, _("Paper response saved. You can enter another."))
        return redirect(self.request.path)

    def get_context_data(self, **kwargs):
        self.get_survey()
        context = super().get_context_data(**kwargs)
        context.update(
            evaluation=self.evaluation,
            survey=self.survey,
            can_download=role_allows(self.membership.role, MANAGE),
            survey_open=self.survey.is_open(),
        )
        return context
