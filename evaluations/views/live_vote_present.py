"""Presentation mode: the live vote full screen on a projector, with no site chrome.

Readable from the back of a room: how to join (address, code, QR code), the domain on the
screen in Easy Read (title, picture, question) and the faces. While people vote it shows only
how many have voted; the tally by group (small numbers hidden, selectors.live_votes.live_vote_tally)
shows once the facilitator reveals it. The facilitator moves the room from the control page
(the vote screen, on a laptop or phone) or with keys here (static/js/presentation.js: N next
domain, R reveal or hide, E end), each a form POST. static/js/presentation.js also polls
present.json and reloads when the room changes; without JavaScript the "Refresh" link does.
"""

from django.http import JsonResponse
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from betterlives.faces import ANSWER_PICTURES
from betterlives.qr import qr_svg
from domains.easy_read import easy_read_title
from evaluations.selectors.live_votes import (
    live_vote_tally,
    present_state,
    vote_domains,
)

from ..models import FACE_CHOICES
from ..models.surveys import spaced_code
from .live_votes import WorkshopMixin


@method_decorator(never_cache, name="dispatch")
class VotePresentView(WorkshopMixin, TemplateView):
    template_name = "evaluations/live_votes/present.html"

    def get_context_data(self, **kwargs):
        live_vote = self.live_vote
        domains = vote_domains()
        current = live_vote.current_domain
        numbers = [domain.number for domain in domains]
        position = numbers.index(current.number) if current and current.number in numbers else -1
        join_url = self.request.build_absolute_uri(
            reverse("votes:join", kwargs={"code": live_vote.code}))
        code_url = self.request.build_absolute_uri(reverse("surveys:code"))
        tally = None
        if live_vote.revealed and current is not None:
            tally = live_vote_tally(live_vote, threshold=self.council.small_number_threshold)
        state = present_state(live_vote)
        faces = [(face.value, face.label, ANSWER_PICTURES[face.value]) for face in FACE_CHOICES]
        return super().get_context_data(
            domain=current,
            easy_title=easy_read_title(current) if current else "",
            domain_count=len(domains),
            next_domain=domains[position + 1] if 0 <= position < len(domains) - 1 else None,
            faces=faces,
            tally=tally,
            face_rows=[(choice, label, count, ANSWER_PICTURES[choice])
                       for choice, label, count in tally["faces"]] if tally else [],
            state=state,
            code_address=code_url.split("://", 1)[-1],
            spaced_code=spaced_code(live_vote.code),
            qr=qr_svg(join_url, title=_("QR code that opens the live vote")),
            present_url=self.vote_url("vote_present"),
            state_url=self.vote_url("vote_present_state"),
            screen_url=self.screen_url(),
            move_url=self.vote_url("vote_move"),
            reveal_url=self.vote_url("vote_reveal"),
            end_url=self.vote_url("vote_end"),
            **kwargs,
        )


@method_decorator(never_cache, name="dispatch")
class VotePresentStateView(WorkshopMixin, View):
    """What the presentation page polls: the step, status, whether the tally is revealed, and
    how many joined and voted. No votes by face or group: those are on the page only once
    revealed."""

    def get(self, request, *args, **kwargs):
        return JsonResponse(present_state(self.live_vote))
