"""Evaluation models, one module per topic."""

from .council_check import EnablerAnswer, IndicatorValue
from .groups import Group
from .step_two import (
    ChoiceReason,
    ChosenDomain,
    DomainDecision,
    DomainReview,
    InDepthAnswer,
    ReviewEvidence,
    StatementRating,
)
from .surveys import (
    CODE_ALPHABET,
    FACE_CHOICES,
    FOUR_POINT_CHOICES,
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
from .workshops import LiveVote, Vote, VoteParticipant, Workshop, WorkshopRating

__all__ = [
    "Answer", "CODE_ALPHABET", "Choice", "ChoiceReason", "ChosenDomain", "CommentTag",
    "DomainDecision", "DomainReview", "EnablerAnswer", "Evaluation", "Group", "InDepthAnswer",
    "FACE_CHOICES", "FOUR_POINT_CHOICES", "IndicatorValue", "LiveVote", "RESUME_CODE_LENGTH",
    "Response",
    "ReviewEvidence", "SCALE_CHOICES", "SCORES", "SHORT_CODE_LENGTH", "StatementRating",
    "Survey", "SurveyItem", "Vote", "VoteParticipant", "Workshop", "WorkshopRating",
    "new_token", "normalise_code", "random_code",
]
