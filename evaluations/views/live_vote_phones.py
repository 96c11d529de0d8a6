"""Live votes in a workshop: the phones' side, under /v/<code>/ (evaluations.live_vote_urls).

No account. A phone joins once, saying which group the person is in, and is remembered by its
participant key, in the session and in a long-lived signed cookie, so one phone stays one
participant. Joining needs the device cookie the join page sets: a phone that joins again is
the same participant (VoteParticipant.device), and a phone that keeps no cookies is asked, in
Easy Read, to turn them on rather than counted again at every join. A vote counts only for
the domain on the screen. The pages follow the room: static/js/vote_follow.js polls the state
and reloads when the facilitator moves on; without JavaScript a "Next question" link does the
same. Everything a phone shows is in Easy Read: the domain's Easy Read title and picture.

Rate limits count each phone, not each address, since a whole room shares the venue's Wi-Fi:
joining is counted per device (its device token), voting per participant (its key), both in
settings.RATE_LIMITS["vote"]; every post also counts towards the much higher per-address
backstop, settings.RATE_LIMITS["vote_address"], so one machine still cannot flood.
"""

import secrets

from django.conf import settings
from django.core.signing import BadSignature
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.crypto import salted_hmac
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache

from betterlives.faces import ANSWER_PICTURES
from betterlives.ratelimit import allow, rate_limited, too_many_requests
from domains.easy_read import easy_read_title
from evaluations.forms.live_votes import GroupForm, VoteForm
from evaluations.models import Evaluation, normalise_code
from evaluations.selectors.live_votes import (
    domain_is_closed,
    live_vote_for_code,
    live_vote_state,
    participant_for_key,
    participant_vote,
)
from evaluations.services.live_votes import (
    DomainClosed,
    NotOnScreen,
    VoteEnded,
    VoteNotStarted,
    participant_join,
    vote_cast,
)
from evaluations.views.responses import not_found

SESSION_KEY = "live_votes"
COOKIE_PREFIX = "bl_vote_"
COOKIE_SALT = "betterlives.live_vote"
COOKIE_AGE = 60 * 60 * 24 * 90  # long after any workshop ends
DEVICE_COOKIE = "bl_vote_device"


def code_not_found(request, *, json=False):
    """An unknown code. Misses count against the "code" rate limit (as on the "enter your
    code" page), so nobody can try codes one after another to find an open vote."""
    limit, seconds = settings.RATE_LIMITS["code"]
    if not allow(request, "code", limit, seconds):
        if json:
            return JsonResponse({"error": "too many requests"}, status=429)
        return too_many_requests(request, "code")
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


def device_token(request):
    """The random token this phone was given by a join page, or None (cookies are off)."""
    try:
        return request.get_signed_cookie(DEVICE_COOKIE, default=None, salt=COOKIE_SALT,
                                         max_age=COOKIE_AGE) or None
    except BadSignature:
        return None


def give_device_token(reply):
    reply.set_signed_cookie(
        DEVICE_COOKIE, secrets.token_urlsafe(18), salt=COOKIE_SALT, max_age=COOKIE_AGE,
        secure=settings.SESSION_COOKIE_SECURE, httponly=True, samesite="Lax",
    )
    return reply


def device_key(token, code):
    """What is stored for the phone: a keyed hash of its token and the vote's code, so the
    token is never stored and the same phone in two votes cannot be linked."""
    return salted_hmac(COOKIE_SALT + ".device." + code, token, algorithm="sha256").hexdigest()


def joining_device(view, request):
    """Who a join is counted against: the phone's device token (None without cookies)."""
    return device_token(request)


def voting_participant(view, request):
    """Who a vote is counted against: the participant this phone joined as, if any."""
    return str(view.participant.key) if view.participant is not None else None


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

    @property
    def vote_over(self):
        """Ended, or its evaluation archived (archiving ends its votes too)."""
        return (not self.live_vote.is_open and not self.live_vote.is_ready) or (
            self.live_vote.workshop.evaluation.status == Evaluation.Status.ARCHIVED)

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
        return self.render("evaluations/live_votes/phones/ended.html", follow=False)

    def not_started(self):
        """A vote prepared ahead: wait, and the page follows the room when it starts."""
        return self.render("evaluations/live_votes/phones/not_started.html", follow=True,
                           follow_url=reverse("votes:join", kwargs={"code": self.live_vote.code}))


class JoinView(_PhonePage):
    """Say once which group you are in. A phone that has joined goes straight to the vote."""

    template_name = "evaluations/live_votes/phones/join.html"

    def get(self, request, code):
        if self.participant is not None:
            return redirect("votes:vote", code=self.live_vote.code)
        if self.vote_over:
            return self.ended()
        if self.live_vote.is_ready:
            reply = self.not_started()
        else:
            reply = self.show(GroupForm())
        return reply if device_token(request) else give_device_token(reply)

    @rate_limited("vote", who=joining_device)
    @rate_limited("vote_address")
    def post(self, request, code):
        if self.participant is not None:  # a second tab or a back button: one phone, one vote
            return redirect("votes:vote", code=self.live_vote.code)
        if self.vote_over:
            return self.ended()
        if self.live_vote.is_ready:
            return self.not_started()
        token = device_token(request)
        if token is None:  # no cookies: every join would look like a new person
            return give_device_token(self.render("evaluations/live_votes/phones/cookies.html"))
        form = GroupForm(request.POST)
        if not form.is_valid():
            return self.show(form)
        try:
            participant = participant_join(live_vote=self.live_vote,
                                           group=form.cleaned_data["group"],
                                           device=device_key(token, self.live_vote.code))
        except VoteEnded:
            return self.ended()
        except VoteNotStarted:
            return self.not_started()
        participant.live_vote = self.live_vote
        return remember_participant(request, redirect("votes:vote", code=self.live_vote.code),
                                    participant)

    def show(self, form):
        return self.render(self.template_name, form=form)


class VoteView(_PhonePage):
    """The domain the room is on: tap a face and send. Then "thank you" until the room moves."""

    template_name = "evaluations/live_votes/phones/vote.html"
    follows = True

    def get(self, request, code):
        if self.participant is None:
            return redirect("votes:join", code=self.live_vote.code)
        if self.vote_over:
            return self.ended()
        domain = self.live_vote.current_domain
        if domain is None:
            return self.render("evaluations/live_votes/phones/wait.html")
        vote = participant_vote(participant=self.participant, domain=domain)
        if domain_is_closed(self.live_vote, domain):
            return self.render_domain("evaluations/live_votes/phones/closed.html", domain,
                                      vote=vote)
        if vote is not None and "change" not in request.GET:
            return self.render_domain("evaluations/live_votes/phones/thanks.html", domain,
                                      vote=vote, face=ANSWER_PICTURES.get(vote.choice))
        initial = {"choice": vote.choice} if vote else {}
        return self.show(VoteForm(initial={**initial, "domain": domain.number}), domain,
                         changing=vote is not None)

    @rate_limited("vote", who=voting_participant)
    @rate_limited("vote_address")
    def post(self, request, code):
        if self.participant is None:
            return redirect("votes:join", code=self.live_vote.code)
        if self.vote_over:
            return self.ended()
        form = VoteForm(request.POST)
        domain = self.live_vote.current_domain
        if domain is None:
            return redirect("votes:vote", code=self.live_vote.code)
        if not self._on_screen(form):
            return self.not_on_screen()
        if not form.is_valid():
            return self.show(form, domain)
        try:
            vote_cast(participant=self.participant, domain=domain,
                      choice=form.cleaned_data["choice"])
        except VoteEnded:
            return self.ended()
        except NotOnScreen:  # the room moved on while this request was on its way
            return self.not_on_screen()
        except DomainClosed:
            return self.render_domain("evaluations/live_votes/phones/closed.html", domain,
                                      vote=None, too_late=True)
        return redirect("votes:vote", code=self.live_vote.code)

    def _on_screen(self, form):
        """Whether the page the person answered is the domain on the screen now."""
        current = self.live_vote.current_domain
        return current is not None and form.data.get("domain", "") == str(current.number)

    def not_on_screen(self):
        """A vote for another domain: the room moved on, or the number was changed. Nothing
        is stored; the page says so in Easy Read and leads to the question on the screen."""
        return self.render("evaluations/live_votes/phones/not_on_screen.html")

    def render_domain(self, template, domain, **extra):
        return self.render(template, domain=domain, easy_title=easy_read_title(domain), **extra)

    def show(self, form, domain, **extra):
        return self.render_domain(self.template_name, domain, form=form, **extra)

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
        if view.vote_over:
            return view.ended()
        form = VoteForm(request.POST)
        domain = view.live_vote.current_domain
        if domain is None:
            return redirect("votes:vote", code=code)
        if not view._on_screen(form):
            return view.not_on_screen()
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

