"""Data retention: delete what respondents typed once their council's period has passed.

Each council chooses how long typed comments are kept (`Council.free_text_retention_months`,
24 months unless changed). `free_text_delete_old` blanks the comments (and the themes given to
them) of survey responses older than that, council by council. A response's age counts from
when it was sent, or from when it was started if it was never sent. The answers to the
questions themselves are kept, so results and scores do not change.

Run it every night with `manage.py delete_old_free_text` (see docs/deploy.md).
"""

import calendar
import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_noop

from betterlives.audit import audit_record
from betterlives.models import Council

from ..models import Answer, Response

AUDIT_ACTION = gettext_noop("Deleted typed comments older than the retention period")


@dataclass(frozen=True)
class RetentionResult:
    """What was (or, in a dry run, would be) deleted for one council."""

    council: Council
    months: int
    cutoff: datetime.datetime
    comments: int
    responses: int
    dry_run: bool

    def summary(self):
        verb = "would blank" if self.dry_run else "blanked"
        return (
            f"{self.council.name}: {verb} {self.comments} "
            f"comment{'' if self.comments == 1 else 's'} in {self.responses} "
            f"response{'' if self.responses == 1 else 's'} from before "
            f"{timezone.localtime(self.cutoff):%Y-%m-%d} "
            f"(kept for {self.months} months)"
        )


def months_before(moment, months):
    """The same day and time `months` calendar months earlier (the 31st becomes the last day
    of a shorter month)."""
    index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def old_answers(*, council, cutoff):
    """The answers of `council`'s responses from before `cutoff` that still hold a comment or
    a theme. Test responses ("try it" mode) are included: their comments go too."""
    old_responses = (
        Response.with_practice.filter(survey__evaluation__council=council)
        .alias(answered_at=Coalesce("submitted_at", "started_at"))
        .filter(answered_at__lt=cutoff)
    )
    return Answer.with_practice.filter(response__in=old_responses).filter(
        ~Q(comment="") | ~Q(comment_tag="") | Q(comment_hidden=True)
    )


def free_text_delete_old(now=None, dry_run=False):
    """Blank the old comments of every council. Returns one RetentionResult per council, in
    name order. Writes one audit event (counts only, never the text) for each council that
    had something deleted. Running it again deletes nothing more."""
    now = now or timezone.now()
    results = []
    for council in Council.objects.order_by("name"):
        months = council.free_text_retention_months
        cutoff = months_before(timezone.localtime(now), months)
        with transaction.atomic():
            answers = old_answers(council=council, cutoff=cutoff)
            responses = answers.values("response_id").distinct().count()
            comments = answers.exclude(comment="").count()
            if not dry_run:
                answers.update(comment="", comment_tag="", comment_hidden=False)
                if responses:
                    audit_record(
                        council=council, user=None, action=AUDIT_ACTION, obj=council,
                        changes={
                            gettext_noop("comments deleted"): [None, str(comments)],
                            gettext_noop("responses"): [None, str(responses)],
                            gettext_noop("kept for (months)"): [None, str(months)],
                            gettext_noop("answered before"): [None, f"{cutoff:%Y-%m-%d}"],
                        },
                    )
        results.append(RetentionResult(
            council=council, months=months, cutoff=cutoff, comments=comments,
            responses=responses, dry_run=dry_run,
        ))
    return results
