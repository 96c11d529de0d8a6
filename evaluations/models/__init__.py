"""Evaluation models, one module per topic."""

from .council_check import EnablerAnswer, IndicatorValue
from .surveys import (
    CODE_ALPHABET,
    RESUME_CODE_LENGTH,
    SCALE_CHOICES,
    SCORES,
    SHORT_CODE_LENGTH,
    Answer,
    Choice,
    CommentTag,
    Evaluation,
    Response,
    Survey,
    SurveyItem,
    new_token,
    normalise_code,
    random_code,
)
from .workshops import Group, LiveVote, Vote, VoteParticipant, Workshop, WorkshopRating

__all__ = [
    "CODE_ALPHABET", "RESUME_CODE_LENGTH", "SCALE_CHOICES", "SCORES", "SHORT_CODE_LENGTH",
    "Answer", "Choice", "CommentTag", "EnablerAnswer", "Evaluation", "Group",
    "IndicatorValue", "LiveVote", "Response", "Survey", "SurveyItem", "Vote",
    "VoteParticipant", "Workshop", "WorkshopRating", "new_token", "normalise_code",
    "random_code",
]
