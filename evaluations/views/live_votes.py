"""Live votes in a workshop: the facilitator's side.

Under /councils/<slug>/evaluations/<pk>/workshops/<workshop_pk>/votes/ (evaluations.urls):
start a vote (now or ready for later, real or practice), the control page with its tally
(also as JSON, polled by static/js/live_tally.js), and the controls that move the room,
start a ready vote, reveal the tally in presentation mode, end or delete a vote. The tally
hides small numbers (selectors.live_votes.live_vote_tally), the same for every role. Anyone in the
council may watch; the controls need CONTRIBUTE. Another council's workshop or vote is a
404. Presentation mode is in live_vote_present.py, the phones' side in live_vote_phones.py.
"""

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from betterlives.access import CONTRIBUTE
from betterlives.faces import ANSWER_PICTURES
from betterlives.mixins import ConfirmView
from betterlives.qr import qr_svg
from betterlives.store_once import store_once
from domains.models import Domain
from evaluations.selectors.live_votes import (
    closed_domain_ids,
    domain_is_closed,
    live_vote_get,
    live_vote_summary,
    live_vote_tally,
    protected_live_votes,
    tally_json,
    vote_domains,
)
from evaluations.selectors.workshops import workshop_get

from ..forms.live_votes import CloseDomainForm, MoveForm, StartForm
from ..models.surveys import spaced_code
from ..services.live_votes import (
    VoteEnded,
    VoteNotStarted,
    live_vote_can_delete,
    live_vote_close_domain,
    live_vote_delete,
    live_vote_end,
    live_vote_move,
    live_vote_open,
    live_vote_reopen_domain,
    live_vote_reveal,
    live_vote_start,
)
from .evaluation_base import EvaluationMixin

# The facilitator's side -------------------------------------------------------------------------


def load_workshop(view, kwargs):
    """The workshop of the URL, inside the evaluation (404 for another evaluation's)."""
    return workshop_get(evaluation=view.evaluation, pk=kwargs["workshop_pk"])


def load_live_vote(view, kwargs):
    """The live vote of the URL (<vote_pk>), inside the workshop; None without one."""
    if "vote_pk" not in kwargs:
        return None
    return live_vote_get(workshop=view.workshop, pk=kwargs["vote_pk"])


class WorkshopMixin(EvaluationMixin):
    """For pages of one workshop (and one of its live votes)."""

    loaders = (("workshop", load_workshop), ("live_vote", load_live_vote))

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            workshop=self.workshop, live_vote=self.live_vote, **kwargs)

    def workshop_url(self):
        return reverse("evaluations:workshop", kwargs=self._workshop_kwargs())

    def _workshop_kwargs(self):
        return {"council_slug": self.council.slug, "pk": self.evaluation.pk,
                "workshop_pk": self.workshop.pk}

    def screen_url(self, live_vote=None):
        live_vote = live_vote or self.live_vote
        return reverse("evaluations:vote_screen",
                       kwargs={**self._workshop_kwargs(), "vote_pk": live_vote.pk})

    def vote_url(self, name):
        return reverse(f"evaluations:{name}",
                       kwargs={**self._workshop_kwargs(), "vote_pk": self.live_vote.pk})


class VoteStartView(WorkshopMixin, ConfirmView):
    """GET: what a live vote is, with a choice of now or later and practice, and a Start
    button. POST: start one (or get it ready), go to its screen."""

    permission = CONTRIBUTE
    allow_archived = False
    template_name = "evaluations/live_votes/start.html"
    button_class = "govuk-button"

    def get_confirm_text(self):
        return {
            "heading": _("Start a live vote"),
            "paragraphs": [
                _("People in the room join on their phones with a short code. They say once "
                  "which group they are in, then tap a face for each domain."),
                _("Show presentation mode on a projector. It shows the code and how many "
                  "people have voted; you show the votes by group when everyone has voted. "
                  "You move the room from domain to domain."),
            ],
            "button_label": _("Start the live vote"),
            "form": getattr(self, "form", None) or StartForm(),
        }

    def post(self, request, *args, **kwargs):
        parent = super().post
        return store_once(request, lambda: parent(request, *args, **kwargs))

    def perform(self):
        self.form = StartForm(self.request.POST)
        self.form.is_valid()  # every field is optional and has a safe default
        data = self.form.cleaned_data
        self.started = live_vote_start(workshop=self.workshop, ready=data.get("when") == "later",
                                       practice=bool(data.get("practice")))
        return ""

    def get_success_url(self):
        started = getattr(self, "started", None)
        return self.screen_url(started) if started else self.workshop_url()


class VoteDeleteView(WorkshopMixin, ConfirmView):
    """Delete a practice vote, or a vote nobody has voted in (confirmation page first)."""

    permission = CONTRIBUTE
    allow_archived = False
    template_name = "evaluations/live_votes/confirm_end.html"

    def get_context_data(self, **kwargs):
        if not live_vote_can_delete(self.live_vote):
            kwargs.setdefault("errors", [_("People have voted in this live vote, so it "
                                           "cannot be deleted. Their votes count in the "
                                           "results.")])
        return super().get_context_data(**kwargs)

    def get_confirm_text(self):
        paragraphs = [_("Its code stops working and everything about it is deleted. You "
                        "cannot undo this.")]
        if self.live_vote.practice:
            paragraphs.insert(0, _("This is a practice vote. Its votes are not counted "
                                   "anywhere."))
        return {"heading": _("Are you sure you want to delete this live vote?"),
                "paragraphs": paragraphs, "button_label": _("Yes, delete the live vote")}

    def perform(self):
        live_vote_delete(live_vote=self.live_vote)
        self.deleted = True
        return _("The live vote has been deleted.")

    def get_success_url(self):
        return self.workshop_url() if getattr(self, "deleted", False) else self.screen_url()


@method_decorator(never_cache, name="dispatch")
class VoteScreenView(WorkshopMixin, TemplateView):
    """The control page (a laptop or phone): how to join, the domain the room is on, the
    tally, and the controls. Presentation mode is the page for the projector."""

    template_name = "evaluations/live_votes/screen.html"

    def get_context_data(self, **kwargs):
        live_vote = self.live_vote
        domains = vote_domains()
        closed = closed_domain_ids(live_vote)
        current = live_vote.current_domain
        numbers = [domain.number for domain in domains]
        position = numbers.index(current.number) if current and current.number in numbers else -1
        join_url = self.request.build_absolute_uri(
            reverse("votes:join", kwargs={"code": live_vote.code})
        )
        code_url = self.request.build_absolute_uri(reverse("surveys:code"))
        threshold = self.council.small_number_threshold
        protected = protected_live_votes(live_vote, threshold)
        tally = live_vote_tally(live_vote, threshold=threshold, protected=protected)
        return super().get_context_data(
            domains=domains,
            domain_count=len(domains),
            current_closed=current is not None and current.pk in closed,
            closed_ids=closed,
            previous_domain=domains[position - 1] if position > 0 else None,
            next_domain=domains[position + 1] if 0 <= position < len(domains) - 1 else None,
            tally=tally,
            face_rows=[(choice, label, count, ANSWER_PICTURES[choice])
                       for choice, label, count in tally["faces"]],
            summary=live_vote_summary(live_vote, domains, threshold=threshold,
                                      protected=protected),
            face_count=len(tally["faces"]),
            group_note_span=len(tally["faces"]) + 1,
            code_address=code_url.split("://", 1)[-1],
            spaced_code=spaced_code(live_vote.code),
            qr=qr_svg(join_url, title=_("QR code that opens the live vote")),
            screen_url=self.screen_url(),
            present_url=self.vote_url("vote_present"),
            reveal_url=self.vote_url("vote_reveal"),
            tally_url=self.vote_url("vote_tally"),
            move_url=self.vote_url("vote_move"),
            close_url=self.vote_url("vote_close_domain"),
            end_url=self.vote_url("vote_end"),
            open_url=self.vote_url("vote_open"),
            delete_url=self.vote_url("vote_delete"),
            can_delete=live_vote_can_delete(live_vote),
            **kwargs,
        )


@method_decorator(never_cache, name="dispatch")
class VoteTallyView(WorkshopMixin, View):
    """The tally as JSON, for the screen to update itself without a reload."""

    def get(self, request, *args, **kwargs):
        live_vote = self.live_vote
        closed = domain_is_closed(live_vote, live_vote.current_domain)
        tally = live_vote_tally(live_vote, threshold=self.council.small_number_threshold)
        return JsonResponse(tally_json(live_vote, tally, closed))


class _ControlView(WorkshopMixin, View):
    """A button on the screen: POST does one thing and goes back to the screen it came from
    (the control page, or the presentation page when the form says back=present)."""

    permission = CONTRIBUTE
    allow_archived = False

    def get(self, request, *args, **kwargs):
        return redirect(self.screen_url())

    def post(self, request, *args, **kwargs):
        try:
            announce = self.perform()
        except VoteEnded:
            announce = _("This vote has ended.")
        if self.request.POST.get("back") == "present":
            if announce:  # said aloud by the presentation page's status region
                messages.info(request, announce)
            return redirect(self.vote_url("vote_present"))
        return redirect(self.screen_url())


class VoteMoveView(_ControlView):
    """Previous, Next, or straight to domain N."""

    def perform(self):
        form = MoveForm(self.request.POST, domains=vote_domains())
        if not form.is_valid():
            return None
        live_vote_move(live_vote=self.live_vote, domain=form.domain)
        return _("Domain %(number)s is on the screen.") % {"number": form.domain.number}


class VoteOpenView(_ControlView):
    """Start a vote that was got ready ahead: phones can join from now."""

    def perform(self):
        live_vote_open(live_vote=self.live_vote)
        return _("The vote has started.")


class VoteRevealView(_ControlView):
    """Show the tally of the domain on the presentation screen (action=hide hides it again)."""

    def perform(self):
        hide = self.request.POST.get("action") == "hide"
        try:
            live_vote_reveal(live_vote=self.live_vote, revealed=not hide)
        except VoteNotStarted:
            return None
        return _("The votes are hidden.") if hide else _("The votes on this domain are shown.")


class VoteCloseDomainView(_ControlView):
    """Stop votes on the domain on the screen (action=reopen opens it again)."""

    def perform(self):
        form = CloseDomainForm(self.request.POST)
        if not form.is_valid():
            return
        domain = Domain.objects.filter(number=form.cleaned_data["number"]).first()
        if domain is None:
            return
        if form.cleaned_data["action"] == "reopen":
            live_vote_reopen_domain(live_vote=self.live_vote, domain=domain)
        else:
            live_vote_close_domain(live_vote=self.live_vote, domain=domain)


class VoteEndView(WorkshopMixin, ConfirmView):
    """End the vote. Archiving an evaluation ends its votes, so on an archived evaluation an
    End pressed on a page left open says the vote has ended (and ends one still open)."""

    permission = CONTRIBUTE
    template_name = "evaluations/live_votes/confirm_end.html"

    def get(self, request, *args, **kwargs):
        if not self.live_vote.is_open:
            return redirect(self.screen_url())
        return super().get(request, *args, **kwargs)

    def get_confirm_text(self):
        return {
            "heading": _("Are you sure you want to end the vote?"),
            "paragraphs": [
                _("Phones will show “This vote has ended” and nobody can vote any more."),
                _("Every vote is kept and counts in the workshop’s results. You cannot "
                  "restart this vote, but you can start a new one."),
            ],
            "button_label": _("Yes, end the vote"),
        }

    def perform(self):
        if not self.live_vote.is_open:
            return _("This vote has already ended.")
        live_vote_end(live_vote=self.live_vote)
        return _("The vote has ended. Thank you.")

    def get_success_url(self):
        return self.screen_url()
