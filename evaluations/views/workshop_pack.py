"""The printable workshop pack (PDF): how to join the live vote on a phone, one Easy Read card
per domain for people who vote by holding up or pointing at a card, and an attendance sheet
for each group (actionplans/reports/workshop_pack.py).

Made in the background, as the reports are (views/documents.py): its address asks for it and
goes to a page that says when it is ready to download. For people who may CONTRIBUTE in the
workshop's council (a board viewer gets 403, another council 404). An archived evaluation
still prints: the pack changes nothing. Made in the language asked for with `?language=en`
or `?language=cy` ("in English", "yn Gymraeg" beside the link on the workshop page); without
it, or with anything else, in the page's language.
"""

from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from betterlives.access import CONTRIBUTE

from ..document_store import WORKSHOP_PACK
from .documents import DocumentAskView, DocumentDownloadView, DocumentStatusView
from .workshops import StepOneMixin


class WorkshopPackMixin(StepOneMixin):
    permission = CONTRIBUTE
    kind = WORKSHOP_PACK
    url_names = ("workshop_pack", "workshop_pack_status", "workshop_pack_download")
    heading = gettext_lazy("Workshop pack")
    download_label = gettext_lazy("Download the workshop pack (PDF)")

    def subject(self):
        return {"workshop": self.workshop}

    def url_kwargs(self):
        return {"council_slug": self.council.slug, "pk": self.evaluation.pk,
                "workshop_pk": self.workshop.pk}

    def caption(self):
        return f"{self.evaluation.title} – {self.workshop.title}"

    def file_stem(self):
        name = "-".join(part for part in (slugify(self.evaluation.title),
                                          slugify(self.workshop.title)) if part)
        return f"{name}-workshop-pack"

    def back(self):
        return self.workshop_url(), _("Back to the workshop")


class WorkshopPackView(WorkshopPackMixin, DocumentAskView):
    pass


class WorkshopPackStatusView(WorkshopPackMixin, DocumentStatusView):
    pass


class WorkshopPackDownloadView(WorkshopPackMixin, DocumentDownloadView):
    pass
