"""The printable workshop pack (PDF): how to join the live vote on a phone, one Easy Read card
per domain for people who vote by holding up or pointing at a card, and an attendance sheet
for each group.

For people who may CONTRIBUTE in the workshop's council (a board viewer gets 403, another
council 404). An archived evaluation still prints: the pack changes nothing. Made in the
language asked for with `?language=en` or `?language=cy` ("in English", "yn Gymraeg" beside
the link on the workshop page); without it, or with anything else, in the page's language.
"""

from django.http import HttpResponse
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.text import slugify
from django.views import View

from betterlives.access import CONTRIBUTE
from betterlives.pdf import render_pdf
from betterlives.qr import qr_data_uri

from ..exports import file_language
from ..models.surveys import spaced_code
from ..selectors_workshop_pack import pack_live_vote, workshop_pack
from .workshops import StepOneMixin


class WorkshopPackView(StepOneMixin, View):
    permission = CONTRIBUTE

    def get(self, request, *args, **kwargs):
        live_vote = pack_live_vote(workshop=self.workshop)
        code_url = request.build_absolute_uri(reverse("surveys:code"))
        context = {
            "council": self.council,
            "evaluation": self.evaluation,
            "workshop": self.workshop,
            "live_vote": live_vote,
            "code_address": code_url.split("://", 1)[-1],
            "workshop_url": request.build_absolute_uri(self.workshop_url()),
            **workshop_pack(workshop=self.workshop),
        }
        if live_vote is not None:
            join_url = request.build_absolute_uri(
                reverse("votes:join", kwargs={"code": live_vote.code}))
            context.update(join_url=join_url, qr_data_uri=qr_data_uri(join_url),
                           spaced_code=spaced_code(live_vote.code))
        language, suffix = file_language(request.GET.get("language"))
        pdf = render_pdf("workshop_pack/pack.html", context, request=request, language=language)
        name = "-".join(part for part in (slugify(self.evaluation.title),
                                          slugify(self.workshop.title)) if part)
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = (
            f'attachment; filename="{name}-workshop-pack{suffix}.pdf"')
        response["Content-Language"] = language
        patch_cache_control(response, private=True, no_cache=True)
        return response
