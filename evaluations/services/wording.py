"""Newer wording of a framework question reaching the surveys that ask it.

When an administrator changes a question's wording, a new revision is added and surveys
already set up keep asking the revision they had (domains.services.revisioned_item_save). A
facilitator sees the newer wording beside the old on the survey's page and can take it for a
question nobody has answered yet; answers always keep the wording they were given.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from domains.models import SurveyQuestion

from ..models import Answer, SurveyItem


@transaction.atomic
def survey_item_wording_update(*, item):
    """Ask `item` in the current wording of its question. Refused (ValidationError) once
    anyone has answered it, tests included, and when there is no newer wording."""
    item = SurveyItem.objects.select_for_update().get(pk=item.pk)
    current = SurveyQuestion.objects.filter(code=item.question.code, is_current=True).first()
    if current is None or current.pk == item.question_id:
        raise ValidationError(_("This question already has the newest wording."))
    if Answer.with_practice.filter(item=item).exists():
        raise ValidationError(_(
            "People have answered this question already, so it keeps the wording they saw."))
    item.question = current
    item.save(update_fields=["question"])
    return item
