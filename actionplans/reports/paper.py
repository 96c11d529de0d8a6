"""The paper questionnaire of one survey: Easy Read for people with lived experience, plain
English for the others, with the short code, the QR code and where to type the code.

`site` is the address the printed links point at (scheme and host, from the request that
asked for the questionnaire): the document is made in the background, without a request.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from betterlives.faces import ANSWER_PICTURES
from betterlives.qr import qr_data_uri
from evaluations.models import SCALE_CHOICES, Choice
from evaluations.selectors.surveys import survey_items

# What each face on the printed page shows, for people who cannot see it.
FACE_ALT = {
    Choice.GOOD: _("A smiling face"),
    Choice.NOT_SURE: _("A face with a straight mouth"),
    Choice.NOT_GOOD: _("A sad face"),
    Choice.NO_SAY: _("A face with a zipped mouth"),
}


def paper_context(evaluation, made_at=None, *, survey, site):
    """The template's context (made_at is not printed: the questionnaire has no date)."""
    online_url = site + survey.get_public_url()
    options = []
    for choice in SCALE_CHOICES[survey.scale]:
        options.append({"label": choice.label, "picture": ANSWER_PICTURES.get(choice),
                        "alt": FACE_ALT.get(choice, "")})
    return {
        "council": evaluation.council,
        "evaluation": evaluation,
        "survey": survey,
        "items": survey_items(survey),
        "easy_read": survey.is_easy_read,
        "options": options,
        "online_url": online_url,
        "code_url": site + reverse("surveys:code"),
        "qr_data_uri": qr_data_uri(online_url),
        "give_back_by": survey.closes_on,
    }
