"""Paper: a printable questionnaire (PDF), and a page to key in what people wrote on it.

The questionnaire is made in the background, as the reports are (views/documents.py): its
address asks for it and goes to a page that says when it is ready to download. It is made
in the language asked for with `?language=en` or `?language=cy` (the links "in English" and
"yn Gymraeg" beside the download), whatever language the page is in; without it, or with
anything else, in the language of the page.
"""

import uuid

from django.contrib import messages
from django.db import IntegrityError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView

from betterlives.access import CONTRIBUTE, MANAGE
from betterlives.store_once import StoreOnceMixin
from evaluations.selectors.surveys import survey_items

from ..document_store import PAPER
from ..forms.paper import PaperResponseForm
from ..services.responses import paper_response_create
from .documents import DocumentAskView, DocumentDownloadView, DocumentStatusView
from .evaluation_base import EvaluationMixin


class PaperSurveyMixin(EvaluationMixin):
    """Pages of one survey's paper questionnaire (the URL names the audience)."""


class PaperQuestionnaireMixin(PaperSurveyMixin):
    """The survey as a printable PDF: Easy Read for people with lived experience."""

    permission = MANAGE
    kind = PAPER
    url_names = ("paper_pdf", "paper_pdf_status", "paper_pdf_download")
    heading = gettext_lazy("Paper questionnaire")
    download_label = gettext_lazy("Download the paper questionnaire (PDF)")

    def subject(self):
        return {"survey": self.survey}

    def url_kwargs(self):
        return {"council_slug": self.council.slug, "pk": self.evaluation.pk,
                "audience": self.survey.audience}

    def caption(self):
        return f"{self.evaluation.title} – {self.survey.get_audience_display()}"

    def file_stem(self):
        audience = slugify(self.survey.audience.replace("_", "-"))
        name = "-".join(part for part in (slugify(self.evaluation.title), audience) if part)
        return f"{name}-paper-questionnaire"

    def back(self):
        return (reverse("evaluations:share", kwargs=self.url_kwargs()),
                _("Back to sharing the survey"))


class PaperQuestionnaireView(PaperQuestionnaireMixin, DocumentAskView):
    pass


class PaperQuestionnaireStatusView(PaperQuestionnaireMixin, DocumentStatusView):
    pass


class PaperQuestionnaireDownloadView(PaperQuestionnaireMixin, DocumentDownloadView):
    pass


class PaperResponseView(StoreOnceMixin, PaperSurveyMixin, FormView):
    """Key in one paper questionnaire. Each blank form carries its own submission key (the
    response's own, used by betterlives.store_once as every create form's is), so saving it
    twice (double click, Back and Save again, refresh) stores it once and shows the same
    confirmation. Taken after the survey has closed (paper comes back late), never on an
    archived evaluation."""

    permission = CONTRIBUTE
    form_class = PaperResponseForm
    template_name = "evaluations/paper_entry.html"

    allow_archived = False
    archived_status = 403  # nothing can be keyed in: refused, not just shown

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "survey": self.survey,
                "items": survey_items(self.survey)}

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
        context = super().get_context_data(**kwargs)
        context.update(survey_open=self.survey.is_open())
        return context
