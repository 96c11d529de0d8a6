"""The framework texts held in English and Welsh (django-modeltranslation adds `text_en` and
`text_cy` beside `text`; reading `text` gives the language of the page)."""

from modeltranslation.translator import TranslationOptions, register

from .models import (
    CrossReference,
    Domain,
    EnablerQuestion,
    FrameworkVersion,
    GoodLivesAction,
    GoodLivesAudience,
    GoodLivesTheme,
    InDepthQuestion,
    OutcomeIndicator,
    Resource,
    Statement,
    SurveyQuestion,
)

# The same texts as domains.framework_files.WELSH_KEYS, model by model.
TRANSLATED_FIELDS = {
    FrameworkVersion: ("notes",),
    GoodLivesAudience: ("name",),
    GoodLivesTheme: ("title", "summary"),
    GoodLivesAction: ("text", "place"),
    Domain: ("title", "summary", "easy_read_summary", "picture_alt"),
    Statement: ("text",),
    EnablerQuestion: ("text", "hint"),
    OutcomeIndicator: ("name", "description"),
    InDepthQuestion: ("text",),
    SurveyQuestion: ("text", "hint", "picture_alt"),
    Resource: ("title", "description"),
    CrossReference: ("reason",),
}

for model, names in TRANSLATED_FIELDS.items():
    register(model)(type(f"{model.__name__}Translation", (TranslationOptions,), {"fields": names}))
