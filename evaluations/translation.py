"""A council's own survey questions, in English and Welsh (see domains/translation.py)."""

from modeltranslation.translator import TranslationOptions, register

from .models import SurveyItem


@register(SurveyItem)
class SurveyItemTranslation(TranslationOptions):
    fields = ("own_text",)
