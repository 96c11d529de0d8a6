"""Downloads of results and anonymised responses, as CSV or Excel.

Small numbers are suppressed exactly as on the pages, hidden comments are left out, and any
text that a spreadsheet could run as a formula is made safe.
"""

import csv
import io

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from openpyxl import Workbook

from .models import SCORES, Choice
from .results import SURVEY_VOICES, count_rows, evaluation_results, sent_answers

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """Text a spreadsheet would treat as a formula gets a leading apostrophe."""
    if isinstance(value, Promise):  # a translated label
        value = str(value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def results_rows(evaluation):
    threshold = evaluation.council.small_number_threshold
    fewer = _("fewer than %(n)d") % {"n": threshold}
    yield [_("Domain number"), _("Domain"), _("Voice"), _("People"), _("Answers"),
           _("Scored answers"), _("Score (0 to 100)"), _("How people answered"),
           _("Gap between voices")]
    for result in evaluation_results(evaluation):
        for voice in result.voices:
            if voice.suppressed:
                counts = [fewer, "", "", fewer, ""]
            else:
                spread = "; ".join(f"{label}: {n}" for _choice, label, n in voice.distribution)
                counts = [voice.people, voice.answered, voice.scored,
                          "" if voice.score is None else voice.score, spread]
            yield [result.domain.number, result.domain.title, voice.label, *counts,
                   "" if result.gap is None else result.gap]


def responses_rows(evaluation):
    """One row per answer of a sent response, only where enough people answered."""
    threshold = evaluation.council.small_number_threshold
    _counts, people = count_rows(evaluation)
    shown = {key for key, n in people.items() if key[1] in SURVEY_VOICES and n >= threshold}
    yield [_("Response"), _("Survey"), _("How it was answered"), _("Someone helped"),
           _("Sent on"), _("Domain number"), _("Question code"), _("Question"), _("Answer"),
           _("Score (0 to 100)"), _("Comment"), _("Comment theme")]
    answers = (
        sent_answers(evaluation)
        .select_related("response__survey", "item__domain", "item__question")
        .order_by("response_id", "item__domain__number", "item__position", "item_id")
    )
    numbers = {}
    helped = {True: _("Yes"), False: _("No"), None: ""}
    for answer in answers.iterator(chunk_size=500):
        response = answer.response
        if (answer.item.domain_id, response.survey.audience) not in shown:
            continue
        number = numbers.setdefault(response.pk, len(numbers) + 1)
        hidden = answer.comment_hidden
        yield [
            f"R{number:04d}", response.survey.get_audience_display(),
            response.get_channel_display(), helped[response.helped],
            timezone.localtime(response.submitted_at).date().isoformat(),
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


