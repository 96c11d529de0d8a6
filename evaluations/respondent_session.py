"""Which response a respondent is working on.

A respondent has no account. Their unfinished response is remembered in the session and also
travels in every survey form as a hidden `response_key` (the response's submission key), so an
expired session mid-survey loses nothing: the next page they send carries the key with it.
"""

from django.core.exceptions import ValidationError

from .models import Response

SESSION_KEY = "survey_responses"
FORM_FIELD = "response_key"


def remember(request, response):
    """Keep this response in the session, against its survey."""
    known = request.session.get(SESSION_KEY, {})
    key = str(response.submission_key)
    if known.get(response.survey.token) != key:
        known[response.survey.token] = key
        request.session[SESSION_KEY] = known


def current_response(request, survey):
    """The response this person is working on in `survey`, or None.

    Looks in the session first, then in the form that was sent (after an expired session).
    """
    key = request.session.get(SESSION_KEY, {}).get(survey.token)
    if key is None and request.method == "POST":
        key = request.POST.get(FORM_FIELD)
    if not key:
        return None
    try:
        response = Response.objects.filter(survey=survey, submission_key=key).first()
    except ValidationError:  # a tampered key that is not a UUID
        return None
    if response is not None:
        response.survey = survey
        remember(request, response)
    return response
