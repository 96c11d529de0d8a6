"""Live votes in a workshop.

The facilitator's side is under /councils/<slug>/evaluations/<pk>/workshops/<workshop_pk>/votes/
(evaluations.urls): start a vote, the screen for the projector with its tally (also as JSON,
polled by static/js/live_tally.js), and the controls that move the room. Anyone in the council
may watch the screen; moving, closing and ending need CONTRIBUTE. Another council's workshop
or vote is a 404.

The phones' side is under /v/<code>/ (evaluations.vote_urls): no account. A phone joins once,
saying which group the person is in, and is remembered by its participant key, in the session
and in a long-lived signed cookie, so one phone stays one participant. The pages follow the
room: static/js/vote_follow.js polls the state and reloads when the facilitator moves on;
without JavaScript a "Next question" link does the same.
"""

from django.conf import settings
from django.core.signing import BadSignature
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from betterlives.access import CONTRIBUTE, role_allows
from betterlives.ratelimit import allow, rate_limited
from domains.models import Domain

from ..forms.live_votes import CloseDomainForm, GroupForm, MoveForm, VoteForm
from ..models import Choice, normalise_code
from ..selectors_votes import (
    closed_domain_ids,
    domain_is_closed,
    live_vote_for_code,
    live_vote_get,
    live_vote_state,
    live_vote_summary,
    live_vote_tally,
    participant_for_key,
    participant_vote,
    tally_json,
    vote_domains,
    workshop_get,
)
from ..services.live_votes import (
    DomainClosed,
    VoteEnded,
    live_vote_close_domain,
    live_vote_end,
    live_vote_move,
    live_vote_reopen_domain,
    live_vote_start,
    participant_join,
    vote_cast,
)
from .facilitator_base import ConfirmView, EvaluationMixin
from .facilitator_surveys import qr_svg, spaced_code
from .respondent import FACES, not_found, radio_options

# The facilitator's side -------------------------------------------------------------------------


class _LoadWorkshop:
    """Loads the workshop of the evaluation (and the live vote, with <vote_pk> in the URL).

    Comes after _LoadEvaluation in the bases, so the council, role and evaluation are checked
    first. A workshop or vote of another evaluation is a 404.
    """

    def dispatch(self, request, *args, **kwargs):
        self.workshop = workshop_get(evaluation=self.evaluation, pk=kwargs["workshop_pk"])
        if "vote_pk" in kwargs:
            self.live_vote = live_vote_get(workshop=self.workshop, pk=kwargs["vote_pk"])
        return super().dispatch(request, *args, **kwargs)


class WorkshopMixin(EvaluationMixin, _LoadWorkshop):
    """For pages of one workshop (and one of its live votes)."""

    @property
    def can_control(self):
        return role_allows(self.membership.role, CONTRIBUTE) and not self.is_archived

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            workshop=self.workshop, live_vote=getattr(self, "live_vote", None),
            can_control=self.can_control, **kwargs,
        )

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
    """GET: what a live vote is, and a Start button. POST: start one, go to its screen."""

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
                _("Show the vote screen on a projector. It shows the code, and the votes by "
                  "group as they arrive. You move the room from domain to domain."),
            ],
            "button_label": _("Start the live vote"),
        }

    def perform(self):
        self.started = live_vote_start(workshop=self.workshop)
        return ""

    def get_success_url(self):
        started = getattr(self, "started", None)
        return self.screen_url(started) if started else self.workshop_url()


@method_decorator(never_cache, name="dispatch")
class VoteScreenView(WorkshopMixin, TemplateView):
    """The screen for the projector: how to join, the domain the room is on, and the tally."""

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
        tally = live_vote_tally(live_vote)
        return super().get_context_data(
            domains=domains,
            domain_count=len(domains),
            current_closed=current is not None and current.pk in closed,
            closed_ids=closed,
            previous_domain=domains[position - 1] if position > 0 else None,
            next_domain=domains[position + 1] if 0 <= position < len(domains) - 1 else None,
            tally=tally,
            face_rows=[(choice, label, count, FACES[choice])
                       for choice, label, count in tally["faces"]],
            summary=live_vote_summary(live_vote, domains),
            code_address=code_url.split("://", 1)[-1],
            spaced_code=spaced_code(live_vote.code),
            qr=qr_svg(join_url, title=_("QR code that opens the live vote")),
            screen_url=self.screen_url(),
            tally_url=self.vote_url("vote_tally"),
            move_url=self.vote_url("vote_move"),
            close_url=self.vote_url("vote_close_domain"),
            end_url=self.vote_url("vote_end"),
            **kwargs,
        )


@method_decorator(never_cache, name="dispatch")
class VoteTallyView(WorkshopMixin, View):
    """The tally as JSON, for the screen to update itself without a reload."""

    def get(self, request, *args, **kwargs):
        live_vote = self.live_vote
        closed = domain_is_closed(live_vote, live_vote.current_domain)
        return JsonResponse(tally_json(live_vote, live_vote_tally(live_vote), closed))


class _ControlView(WorkshopMixin, View):
    """A button on the screen: POST does one thing and goes back to the screen."""

    permission = CONTRIBUTE
    allow_archived = False

    def get(self, request, *args, **kwargs):
        return redirect(self.screen_url())

    def post(self, request, *args, **kwargs):
        try:
            self.perform()
        except VoteEnded:
            pass  # the screen says the vote has ended
        return redirect(self.screen_url())


class VoteMoveView(_ControlView):
    """Previous, Next, or straight to domain N."""

    def perform(self):
        form = MoveForm(self.request.POST, domains=vote_domains())
        if form.is_valid():
            live_vote_move(live_vote=self.live_vote, domain=form.domain)


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
    permission = CONTRIBUTE
    allow_archived = False
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
            return ""
        live_vote_end(live_vote=self.live_vote)
        return _("The vote has ended. Thank you.")

    def get_success_url(self):
        return self.screen_url()


# The phones' side -------------------------------------------------------------------------------

SESSION_KEY = "live_votes"
COOKIE_PREFIX = "bl_vote_"
COOKIE_SALT = "betterlives.live_vote"
COOKIE_AGE = 60 * 60 * 24 * 90  # long after any workshop ends


def code_not_found(request, *, json=False):
    """An unknown code. Misses count against the "code" rate limit (as on the "enter your
    code" page), so nobody can try codes one after another to find an open vote."""
    limit, seconds = settings.RATE_LIMITS["code"]
    if not allow(request, "code", limit, seconds):
        if json:
            return JsonResponse({"error": "too many requests"}, status=429)
        return render(request, "429.html", {"minutes": max(1, seconds // 60)}, status=429)
    if json:
        return JsonResponse({"error": "not found"}, status=404)
    return not_found(request)


def _cookie_name(code):
    return COOKIE_PREFIX + code


def remember_participant(request, reply, participant):
    """Keep the participant's key in the session and in a signed cookie on the phone."""
    code = participant.live_vote.code
    known = request.session.get(SESSION_KEY, {})
    if known.get(code) != str(participant.key):
        known[code] = str(participant.key)
        request.session[SESSION_KEY] = known
    reply.set_signed_cookie(
        _cookie_name(code), str(participant.key), salt=COOKIE_SALT, max_age=COOKIE_AGE,
        secure=settings.SESSION_COOKIE_SECURE, httponly=True, samesite="Lax",
    )
    return reply


def current_participant(request, code):
    """This phone's participant in the vote with `code`, or None.

    The signed cookie first (no session query), then the session.
    """
    try:
        key = request.get_signed_cookie(_cookie_name(code), default=None, salt=COOKIE_SALT,
                                        max_age=COOKIE_AGE)
    except BadSignature:
        key = None
    participant = participant_for_key(code=code, key=key) if key else None
    if participant is None:
        key = request.session.get(SESSION_KEY, {}).get(code)
        participant = participant_for_key(code=code, key=key) if key else None
    return participant


@method_decorator(never_cache, name="dispatch")
class _PhonePage(View):
    """A page of one live vote, reached by its code."""

    def dispatch(self, request, *args, **kwargs):
        code = kwargs["code"] = normalise_code(kwargs["code"])
        if not code or len(code) > 8:
            return code_not_found(request)
        self.participant = current_participant(request, code)
        self.live_vote = (self.participant.live_vote if self.participant
                          else live_vote_for_code(code))
        if self.live_vote is None:
            return code_not_found(request)
        return super().dispatch(request, *args, **kwargs)

    def context(self, **extra):
        live_vote = self.live_vote
        return {
            "live_vote": live_vote,
            "participant": getattr(self, "participant", None),
            "current_council": live_vote.workshop.evaluation.council,
            "hide_navigation": True,
            "easy_read": True,
            "state_url": reverse("votes:state", kwargs={"code": live_vote.code}),
            "follow_url": reverse("votes:vote", kwargs={"code": live_vote.code}),
            **extra,
        }

    # Pages that follow the room: vote_follow.js reloads them when the facilitator moves on.
    follows = False

    def render(self, template, status=200, **extra):
        extra.setdefault("follow", self.follows)
        return render(self.request, template, self.context(**extra), status=status)

    def ended(self):
        return self.render("votes/ended.html", follow=False)


class JoinView(_PhonePage):
    """Say once which group you are in. A phone that has joined goes straight to the vote."""

    template_name = "votes/join.html"

    def get(self, request, code):
        if self.participant is not None:
            return redirect("votes:vote", code=self.live_vote.code)
        if not self.live_vote.is_open:
            return self.ended()
        return self.show(GroupForm())

    @rate_limited("vote")
    def post(self, request, code):
        if self.participant is not None:  # a second tab or a back button: one phone, one vote
            return redirect("votes:vote", code=self.live_vote.code)
        if not self.live_vote.is_open:
            return self.ended()
        form = GroupForm(request.POST)
        if not form.is_valid():
            return self.show(form)
        try:
            participant = participant_join(live_vote=self.live_vote,
                                           group=form.cleaned_data["group"])
        except VoteEnded:
            return self.ended()
        participant.live_vote = self.live_vote
        return remember_participant(request, redirect("votes:vote", code=self.live_vote.code),
                                    participant)

    def show(self, form):
        return self.render(self.template_name, form=form,
                           group_options=radio_options(form["group"]))


class VoteView(_PhonePage):
    """The domain the room is on: tap a face and send. Then "thank you" until the room moves."""

    template_name = "votes/vote.html"
    follows = True

    def get(self, request, code):
        if self.participant is None:
            return redirect("votes:join", code=self.live_vote.code)
        if not self.live_vote.is_open:
            return self.ended()
        domain = self.live_vote.current_domain
        if domain is None:
            return self.render("votes/wait.html")
        vote = participant_vote(participant=self.participant, domain=domain)
        if domain_is_closed(self.live_vote, domain):
            return self.render("votes/closed.html", domain=domain, vote=vote)
        if vote is not None and "change" not in request.GET:
            return self.render("votes/thanks.html", domain=domain, vote=vote,
                               face=FACES.get(vote.choice))
        initial = {"choice": vote.choice} if vote else {}
        return self.show(VoteForm(initial={**initial, "domain": domain.number}), domain,
                         changing=vote is not None)

    @rate_limited("vote")
    def post(self, request, code):
        if self.participant is None:
            return redirect("votes:join", code=self.live_vote.code)
        if not self.live_vote.is_open:
            return self.ended()
        form = VoteForm(request.POST)
        domain = self._domain(form)
        if domain is None:
            return redirect("votes:vote", code=self.live_vote.code)
        if not form.is_valid():
            return self.show(form, domain)
        try:
            vote_cast(participant=self.participant, domain=domain,
                      choice=form.cleaned_data["choice"])
        except VoteEnded:
            return self.ended()
        except DomainClosed:
            return self.render("votes/closed.html", domain=domain, vote=None, too_late=True)
        return redirect("votes:vote", code=self.live_vote.code)

    def _domain(self, form):
        """The domain of the page the person answered: usually the room's current one."""
        current = self.live_vote.current_domain
        number = form.data.get("domain", "")
        if current is not None and number == str(current.number):
            return current
        if not str(number).isdigit():
            return current
        return Domain.objects.filter(number=int(number)).first()

    def show(self, form, domain, **extra):
        return self.render(
            self.template_name, form=form, domain=domain,
            choices=radio_options(form["choice"], pictures=FACES, dividers=(Choice.NO_SAY,)),
            **extra,
        )

    @classmethod
    def after_csrf_failure(cls, request, code):
        """The page's security token expired: show it again with the face still chosen."""
        view = cls()
        code = normalise_code(code)
        view.setup(request, code=code)
        view.participant = current_participant(request, code)
        if view.participant is None:
            return redirect("votes:join", code=code) if live_vote_for_code(code) else (
                code_not_found(request))
        view.live_vote = view.participant.live_vote
        if not view.live_vote.is_open:
            return view.ended()
        form = VoteForm(request.POST)
        domain = view._domain(form) or view.live_vote.current_domain
        if domain is None:
            return redirect("votes:vote", code=code)
        form.is_valid()
        return view.show(form, domain, expired=True)


@method_decorator(never_cache, name="dispatch")
class VoteStateView(View):
    """What phones poll every few seconds: {"step": n, "status": "open"}. One small query."""

    def get(self, request, code):
        state = live_vote_state(code)
        if state is None:
            return code_not_found(request, json=True)
        return JsonResponse(state)

