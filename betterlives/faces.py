"""The one face scale for a 0–100 score, used by every page, PDF and public page that draws a
face for a score (DESIGN §5: faces good 100 / not sure 50 / not good 0).

A score of 67 or more is the good face, 34 to 66 the "not sure" face, 33 or less the "not
good" face; no score (nothing scored, or a voice hidden because too few people answered) has
no face at all. Callers must pass only a score that may be shown (evaluation_results: a
suppressed VoiceResult has no score).
"""

from django.utils.translation import gettext_lazy as _

GOOD = "good"
NOT_SURE = "not_sure"
NOT_GOOD = "not_good"
NO_SAY = "no_say"  # an answer, never a score: "I don't want to say"

GOOD_FROM = 67  # this score and above is the good face
NOT_GOOD_UP_TO = 33  # this score and below is the "not good" face

PICTURES = {
    GOOD: "images/faces/good.svg",
    NOT_SURE: "images/faces/not-sure.svg",
    NOT_GOOD: "images/faces/not-good.svg",
}
# The picture beside each answer on the faces scale (Easy Read surveys, live votes, paper).
ANSWER_PICTURES = {**PICTURES, NO_SAY: "images/faces/dont-want-to-say.svg"}
ALT = {
    GOOD: _("A smiling face"),
    NOT_SURE: _("A face that is not sure"),
    NOT_GOOD: _("A sad face"),
}
# What the face says, in Easy Read.
WORDS = {
    GOOD: _("They told us this is good."),
    NOT_SURE: _("They told us they are not sure it is good."),
    NOT_GOOD: _("They told us this is not good."),
}


def face_for(score):
    """"good", "not_sure" or "not_good" for a 0–100 score; None for no score."""
    if score is None:
        return None
    if score >= GOOD_FROM:
        return GOOD
    if score > NOT_GOOD_UP_TO:
        return NOT_SURE
    return NOT_GOOD


def face_picture(score):
    """The static path of the face for `score`, or None."""
    return PICTURES.get(face_for(score))


def face_alt(score):
    return ALT.get(face_for(score), "")
