"""Downloads of results and anonymised responses, as CSV or Excel.

Small numbers are suppressed exactly as on the pages (the same functions count them), hidden
comments are left out, and any text that a spreadsheet could run as a formula is made safe.
"""

import csv
import io

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from openpyxl import Workbook

from betterlives.small_numbers import hidden_parts, is_shown

from .models import SCORES, Choice, Response
from .results import evaluation_results, sent_answers, shown_cells

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """Text a spreadsheet would treat as a formula gets a leading apostrophe."""
    if isinstance(value, Promise):  # a translated label
        value = str(value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def results_rows(evaluation):
    """One row per domain and voice: the same figures as the results page, from the same
    function, with the same voices hidden."""
    threshold = evaluation.council.small_number_threshold
    fewer = _("fewer than %(n)d people") % {"n": threshold}
    yield [_("Domain number"), _("Domain"), _("Voice"), _("People"), _("Answers"),
           _("Scored answers"), _("Score (0 to 100)"), _("How people answered"),
           _("Gap between voices"), _("Answers without a score"), _("Whose answers")]
    for result in evaluation_results(evaluation):
        gap = "" if result.gap is None else result.gap
        for voice in result.voices:
            whose = _("Individual people") if voice.is_individual else voice.group_note
            if voice.suppressed:
                figures = [fewer, "", "", fewer, "", gap, ""]
            else:
                spread = "; ".join(f"{label}: {n}" for _choice, label, n in voice.distribution)
                figures = [voice.people if voice.is_individual else "", voice.answered,
                           voice.scored, "" if voice.score is None else voice.score, spread,
                           gap, voice.not_scored]
            yield [result.domain.number, result.domain.title, voice.label, *figures, whose]


# What a row of the responses download says about the person besides their answers. Each is
# coarsened wherever one of its values would pick out fewer people than the threshold.
QUASI_IDENTIFIERS = ("helped", "channel", "month")
NOT_SHOWN = object()


def _people_by_description(evaluation):
    """{audience: {(helped, channel, month): people}} for sent responses (one GROUP BY)."""
    rows = (
        Response.objects.filter(survey__evaluation=evaluation,
                                status=Response.Status.SUBMITTED)
        .annotate(month=TruncMonth("submitted_at"))
        .values("survey__audience", "helped", "channel", "month").annotate(n=Count("pk"))
        .order_by()
    )
    by_voice = {}
    for row in rows:
        month = row["month"].strftime("%Y-%m") if row["month"] else ""
        described = by_voice.setdefault(row["survey__audience"], {})
        key = (row["helped"], row["channel"], month)
        described[key] = described.get(key, 0) + row["n"]
    return by_voice


def coarsening(described, threshold):
    """For one voice's {(helped, channel, month): people}: the values of each description
    that may be shown, as {position: set of values}.

    A value that picks out fewer than `threshold` people is not shown, nor are the values
    that would give it away (betterlives.small_numbers). Then, while some combination of the
    values left still picks out fewer people, the least needed description is dropped whole
    (the month, then how it was answered, then whether someone helped).
    """
    keep = {}
    for position in range(len(QUASI_IDENTIFIERS)):
        people = {}
        for key, n in described.items():
            people[key[position]] = people.get(key[position], 0) + n
        keep[position] = set(people) - hidden_parts(people, threshold)
    for position in reversed(range(len(QUASI_IDENTIFIERS))):
        classes = {}
        for key, n in described.items():
            shown = tuple(key[p] if key[p] in keep[p] else NOT_SHOWN for p in keep)
            classes[shown] = classes.get(shown, 0) + n
        if all(is_shown(n, threshold) for n in classes.values()):
            break
        keep[position] = set()
    return keep


def responses_rows(evaluation):
    """One row per answer of a sent response, for facilitators only.

    A survey whose sent responses are fewer than the threshold is left out whole, and so is
    any domain whose answers the results page hides. Whether someone helped, how it was
    answered and the month it was sent are shown only where they pick out at least the
    threshold of people of that survey. Rows are numbered in an order that says nothing about
    when they were sent. Comments the facilitator hid are never included.
    """
    threshold = evaluation.council.small_number_threshold
    shown = shown_cells(evaluation)
    described = _people_by_description(evaluation)
    voices = {audience for audience, people in described.items()
              if is_shown(sum(people.values()), threshold)}
    keep = {audience: coarsening(described[audience], threshold) for audience in voices}
    not_shown = _("Not shown")
    yield [_("Response"), _("Survey"), _("How it was answered"), _("Someone helped"),
           _("Sent in (month)"), _("Domain number"), _("Question code"), _("Question"),
           _("Answer"), _("Score (0 to 100)"), _("Comment"), _("Comment theme")]
    answers = (
        sent_answers(evaluation).filter(response__survey__audience__in=voices)
        .select_related("response__survey", "item__domain", "item__question")
        .order_by("response__submission_key", "item__domain__number", "item__position",
                  "item_id")
    )
    numbers = {}
    helped = {True: _("Yes"), False: _("No"), None: _("Not answered")}
    for answer in answers.iterator(chunk_size=500):
        response = answer.response
        audience = response.survey.audience
        if (answer.item.domain_id, audience) not in shown:
            continue
        kept = keep[audience]
        month = timezone.localtime(response.submitted_at).strftime("%Y-%m")
        number = numbers.setdefault(response.pk, len(numbers) + 1)
        hidden = answer.comment_hidden
        yield [
            f"R{number:04d}", response.survey.get_audience_display(),
            response.get_channel_display() if response.channel in kept[1] else not_shown,
            helped[response.helped] if response.helped in kept[0] else not_shown,
            month if month in kept[2] else not_shown,
            answer.item.domain.number,
            answer.item.question.code if answer.item.question_id else _("own question"),
            answer.item.text,
            Choice(answer.choice).label if answer.choice else _("Skipped"),
            "" if SCORES.get(answer.choice) is None else SCORES[answer.choice],
            "" if hidden else answer.comment,
            "" if hidden else answer.get_comment_tag_display(),
        ]


TABLES = {"results": results_rows, "responses": responses_rows}


def as_csv(rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return buffer.getvalue().encode("utf-8-sig")  # the BOM lets Excel read UTF-8


def as_xlsx(rows, title):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    for row in rows:
        sheet.append([safe_cell(cell) for cell in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


