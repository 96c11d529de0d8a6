"""Domain models, one module per topic."""

from .council_media import CouncilQuestionPicture, CouncilRecording
from .framework import (
    SCALE_FOR_AUDIENCE,
    Audience,
    Domain,
    EnablerQuestion,
    InDepthQuestion,
    OutcomeIndicator,
    Resource,
    Scale,
    Statement,
    SurveyQuestion,
)
from .good_lives import CrossReference, GoodLivesAction, GoodLivesAudience, GoodLivesTheme
from .sources import FrameworkVersion, LoadedContent

__all__ = [
    "Audience", "CouncilQuestionPicture", "CouncilRecording", "CrossReference", "Domain",
    "EnablerQuestion", "FrameworkVersion", "GoodLivesAction", "GoodLivesAudience",
    "GoodLivesTheme", "InDepthQuestion", "LoadedContent", "OutcomeIndicator", "Resource",
    "SCALE_FOR_AUDIENCE", "Scale", "Statement", "SurveyQuestion",
]
