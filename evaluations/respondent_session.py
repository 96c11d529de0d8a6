"""Which response a respondent is working on, on this device.

A respondent has no account. The device's session *holds* the unfinished response they are
working on, against its survey; the response's submission key also travels in every survey
form as a hidden `response_key`, so an expired session mid-survey loses nothing.

Phones and tablets are shared (in a workshop one tablet goes round the room), so a device lets
go of a response ("forgets" it) as soon as its person is done with it:

- at once after Send;
- when the next person says "I am someone new";
- on a shared device (one that used a survey's shared-device link), after "Stop for now"
  too, and whenever someone chooses a language on the shared-device link again.

A forgotten response is not deleted: its person carries on with their resume code. The device
keeps only a note of the response it last let go of, so that its "sent" page (or, on a shared
device, its "stop" page with the code) can still be shown to the person who was just using
it, and a double click on Send finds the same confirmation. A page of a forgotten response
that is sent again (a tab left open, the Back button) never picks it up again.

A response is made only when its first answer is saved, never by Start: Start
gives the device a key for the response to come (`begin`), which the question pages carry in
their forms; the first page saved with something on it makes the response with that key, so a
double click makes one. Starting again, or someone new, gets a new key.

A facilitator can try a survey on their own device ("try it" mode, `start_trying`), also
before it opens or after it closes. Responses made while trying are tests (Response.practice),
counted nowhere. A device trying a survey works only on test responses of it, and any other
device only on real ones; stopping (`stop_trying`) lets go of the test response, so that the
next person on the device never sees its answers.

Only the views of a successful request change the session. After a failed CSRF check the
survey pages use `peek_response`, which reads and writes nothing.
"""

import hashlib
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import OuterRef, Subquery
from django.shortcuts import render

from betterlives.ratelimit import allow

from .models import Answer, Evaluation, Response

SESSION_KEY = "survey_responses"  # {survey token: submission key} the device holds
LAST_KEY = "survey_let_go"  # {survey token: submission key} the device last let go of
FORGOTTEN_KEY = "survey_forgotten"  # submission keys the device has let go of
STARTING_KEY = "survey_starting"  # {survey token: key of the response not made yet}
SHARED_KEY = "shared_device"  # True once a shared-device link was used on this device
TRYING_KEY = "survey_trying"  # survey tokens this device is trying: its answers are tests
FORM_FIELD = "response_key"
FORGOTTEN_LIMIT = 50


def key_to_read(request, survey_token):
    """The response key a survey page reads with its survey (selectors.responses): the one
    `_find` looks for first."""
    posted = _posted_key(request)
    if posted and _was_forgotten(request, posted):
        return posted
    return request.session.get(SESSION_KEY, {}).get(survey_token) or posted


def _lookup(request, survey, key, answer_to=None, read=None):
    """The response with this key, in the same query as its answer to the item `answer_to`
    (as `answer_choice` and `answer_comment`, None when there is none). No query when the
    page's `read` (selectors.responses.survey_page) was made with this key."""
    if not key:
        return None
    if read is not None and read.key == key:
        return _from_read(request, survey, read, answer_to)
    try:
        responses = Response.with_practice.filter(
            survey=survey, submission_key=key, practice=is_trying(request, survey))
    except ValidationError:  # a tampered key that is not a UUID
        return None
    if answer_to is not None:
        answer = Answer.with_practice.filter(response=OuterRef("pk"), item=answer_to)
        responses = responses.annotate(
            answer_choice=Subquery(answer.values("choice")[:1]),
            answer_comment=Subquery(answer.values("comment")[:1]))
    response = responses.first()
    if response is not None:
        response.survey = survey
    return response


def _from_read(request, survey, read, answer_to):
    response = read.response
    if response is None or response.practice != is_trying(request, survey):
        return None
    if answer_to is not None:
        response.answer_choice, response.answer_comment = read.answers.get(
            answer_to.pk, (None, None))
    response.survey = survey
    return response


def _posted_key(request):
    return request.POST.get(FORM_FIELD) if request.method == "POST" else None


def _was_forgotten(request, key):
    return str(key) in request.session.get(FORGOTTEN_KEY, ())


def _find(request, survey, answer_to=None, read=None):
    """(response, where it was found: "held", "posted" or None). Reads only.

    The response the device holds comes first. A form that names a response the device let
    go of finds it only once it has been sent (to show the same confirmation again).
    """
    posted = _posted_key(request)
    if posted and _was_forgotten(request, posted):
        response = _lookup(request, survey, posted, answer_to, read)
        return (response, "posted") if response and response.is_submitted else (None, None)
    held = request.session.get(SESSION_KEY, {}).get(survey.token)
    if posted and held and posted != held:
        # A page of another response (an old tab) never writes into the one held now.
        return None, None
    response = _lookup(request, survey, held, answer_to, read)
    if response is not None:
        return response, "held"
    response = _lookup(request, survey, posted, answer_to, read)
    return (response, "posted") if response else (None, None)


def peek_response(request, survey, read=None):
    """The response this request is about, as `current_response` finds it, changing nothing.

    For pages shown again after a failed CSRF check: the form's key is trusted only to show
    the page again; it is not kept.
    """
    return _find(request, survey, read=read)[0]


def current_response(request, survey, answer_to=None, read=None):
    """The response this person is working on in `survey`, or None; with `answer_to`, its
    answer to that item comes in the same query (see `_lookup`); with the page's `read`, with
    no query at all.

    The one the device holds, or else the one the form names (after an expired session), which
    the device then holds again. A sent response is never held: it is let go of at once.
    """
    response, where = _find(request, survey, answer_to, read)
    if response is None:
        return None
    if response.is_submitted:
        forget(request, survey, response)
    elif where == "posted":
        remember(request, response)
    return response


def remember(request, response):
    """Hold this response on the device, against its survey."""
    token = response.survey.token
    key = str(response.submission_key)
    held = request.session.get(SESSION_KEY, {})
    if held.get(token) not in (None, key):
        # Another response was held here: the device lets go of it for good.
        forget(request, response.survey, note=False)
        held = request.session.get(SESSION_KEY, {})
    if held.get(token) != key:
        request.session[SESSION_KEY] = {**held, token: key}
    _drop(request, LAST_KEY, token)
    _drop(request, STARTING_KEY, token)
    forgotten = request.session.get(FORGOTTEN_KEY, [])
    if key in forgotten:
        request.session[FORGOTTEN_KEY] = [k for k in forgotten if k != key]


def forget(request, survey, response=None, *, note=True):
    """Let go of `response` (by default the one the device holds for `survey`). Nothing is
    deleted. With `note`, the device notes it, so its "sent" or "stop" page can show once
    more."""
    token = survey.token
    held = request.session.get(SESSION_KEY, {}).get(token)
    key = str(response.submission_key) if response is not None else held
    if key is None:
        return
    if held == key:
        _drop(request, SESSION_KEY, token)
    forgotten = request.session.get(FORGOTTEN_KEY, [])
    if key not in forgotten:
        request.session[FORGOTTEN_KEY] = [*forgotten, key][-FORGOTTEN_LIMIT:]
    if note:
        if request.session.get(LAST_KEY, {}).get(token) != key:
            request.session[LAST_KEY] = {**request.session.get(LAST_KEY, {}), token: key}
    else:
        _drop(request, LAST_KEY, token)


def let_go_of_everything(request, survey):
    """A clean screen for the next person: nothing held for `survey`, nothing noted."""
    forget(request, survey, note=False)
    _drop(request, LAST_KEY, survey.token)
    _drop(request, STARTING_KEY, survey.token)


def begin(request, survey):
    """Start pressed: a clean screen, and a new key for the response this person's first
    saved answer will make. Nothing is stored yet."""
    let_go_of_everything(request, survey)
    request.session[STARTING_KEY] = {**request.session.get(STARTING_KEY, {}),
                                     survey.token: str(uuid.uuid4())}


def is_starting(request, survey):
    """Start was pressed on this device and no answer has been saved since."""
    return survey.token in request.session.get(STARTING_KEY, {})


def new_response_key(request, survey):
    """The key a first saved page may make this person's response with, or None. Reads only.

    Only the key Start gave this device: a form that names another (a page left open from
    before someone else pressed Start) makes nothing.
    """
    key = request.session.get(STARTING_KEY, {}).get(survey.token)
    posted = _posted_key(request)
    if key is None or (posted and posted != key):
        return None
    return key


def last_response(request, survey):
    """The response the device last let go of in `survey` (sent, or stopped on a shared
    device), or None."""
    return _lookup(request, survey, request.session.get(LAST_KEY, {}).get(survey.token))


def mark_shared(request):
    if not request.session.get(SHARED_KEY):
        request.session[SHARED_KEY] = True


def is_shared(request):
    return bool(request.session.get(SHARED_KEY))


def start_trying(request, survey):
    """Try the survey on this device: from now on its answers here are tests. Whatever the
    device held for the survey is let go of first."""
    let_go_of_everything(request, survey)
    tried = request.session.get(TRYING_KEY, [])
    if survey.token not in tried:
        request.session[TRYING_KEY] = [*tried, survey.token]


def stop_trying(request, survey):
    """Stop trying the survey here, letting go of the test response: a clean screen."""
    let_go_of_everything(request, survey)
    tried = request.session.get(TRYING_KEY, [])
    if survey.token in tried:
        request.session[TRYING_KEY] = [t for t in tried if t != survey.token]


def is_trying(request, survey):
    """Whether this device is trying `survey` (never on an archived evaluation)."""
    return (survey.token in request.session.get(TRYING_KEY, ())
            and survey.evaluation.status != Evaluation.Status.ARCHIVED)


def belongs_here(request, response):
    """A test response is worked on only by a device trying its survey; a real one, only
    elsewhere."""
    return response.practice == is_trying(request, response.survey)


def _drop(request, session_key, token):
    known = request.session.get(session_key, {})
    if token in known:
        request.session[session_key] = {k: v for k, v in known.items() if k != token}


# Start pressed (each Start can make one response), per 10 minutes: per device (its session),
# enough for a tablet passed round a whole workshop; and per address, enough for a room of
# phones on one venue's Wi-Fi. settings.RATE_LIMITS can set either.
START_LIMITS = {"survey_start_device": (60, 600), "survey_start": (600, 600)}


def _start_limits():
    return {**START_LIMITS, **getattr(settings, "RATE_LIMITS", {})}


def start_allowed(request):
    """Count one Start for this device and its address (betterlives.ratelimit)."""
    limits = _start_limits()
    device = request.session.session_key
    if device:  # counted apart, so that one device cannot use up a venue's allowance
        digest = hashlib.sha256(device.encode()).hexdigest()[:16]
        limit, seconds = limits["survey_start_device"]
        if not allow(request, f"survey_start_device:{digest}", limit, seconds):
            return False
    limit, seconds = limits["survey_start"]
    return allow(request, "survey_start", limit, seconds)


def too_many_starts(request):
    _limit, seconds = _start_limits()["survey_start"]
    return render(request, "429.html", {"minutes": max(1, seconds // 60)}, status=429)
