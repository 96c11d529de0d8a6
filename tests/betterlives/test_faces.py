"""The one face scale for a 0–100 score: 67 and above good, 34–66 not sure, 33 and below
not good, no score no face."""

import pytest

from betterlives.faces import GOOD, NOT_GOOD, NOT_SURE, face_alt, face_for, face_picture


@pytest.mark.parametrize("score, face", [
    (0, NOT_GOOD), (32, NOT_GOOD), (33, NOT_GOOD),
    (34, NOT_SURE), (50, NOT_SURE), (66, NOT_SURE),
    (67, GOOD), (100, GOOD),
    (None, None),
])
def test_boundaries(score, face):
    assert face_for(score) == face


def test_pictures_and_words():
    assert face_picture(100) == "images/faces/good.svg"
    assert face_picture(50) == "images/faces/not-sure.svg"
    assert face_picture(0) == "images/faces/not-good.svg"
    assert face_picture(None) is None and face_alt(None) == ""
    assert str(face_alt(32)) == "A sad face"


def test_the_easy_read_pdf_uses_the_scale():
    """A workshop score of 32 is the "not good" face, not "not sure"."""
    from actionplans.reports.easy_read import EasyVoice
    from evaluations.scores import VoiceResult

    def voice(score, suppressed=False):
        return EasyVoice(VoiceResult("workshop_votes", 6, 6, 6, score, [], suppressed))

    assert voice(32).face == NOT_GOOD and voice(32).picture.endswith("not-good.svg")
    assert voice(34).face == NOT_SURE and voice(67).face == GOOD
    assert voice(None).face is None
    assert voice(None, suppressed=True).face is None and voice(None, True).picture is None
