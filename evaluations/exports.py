"""Downloads of results and anonymised responses, as CSV or Excel.

Small numbers are suppressed exactly as on the pages (the same functions count them), hidden
comments are left out, and any text that a spreadsheet could run as a formula is made safe.

A download is made in the language asked for (`export_file`): its headings, the words in its
cells (answers, yes and no, how it was answered, the survey and voice names, the domains and
framework questions) and its sheet's name. Nothing about who is shown changes with it.
"""

import csv
import io

from django.conf import settings
from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from betterlives.small_numbers import Part, hidden_parts, is_shown
from evaluations.scores import SCORED_CHOICES
from evaluations.selectors.results import evaluation_results, sent_answers, shown_cells

from .models import SCORES, Choice, Response

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
                figures = [voice.people if voice.counts_people else "", voice.answered,
                           voice.scored, "" if voice.score is None else voice.score, spread,
                           gap, voice.not_scored]
            yield [result.domain.number, result.domain.title, voice.label, *figures, whose]


# What a row of the responses download says about the person besides their answers. Each is
# coarsened wherever one of its values would pick out fewer people than the threshold.
QUASI_IDENTIFIERS = ("helped", "channel", "month")
NOT_SHOWN = object()


def _month(value):
    return value.strftime("%Y-%m") if value else ""


def _described_people(evaluation):
    """How many people each description picks out, in two GROUP BYs:

    ({audience: {(helped, channel, month): Part}} of every sent response, and
    {audience: {domain_id: {(helped, channel, month): Part}}} of the people with a row in
    each domain, with those who gave a scored answer there)."""
    sent = Response.objects.filter(survey__evaluation=evaluation,
                                   status=Response.Status.SUBMITTED)
    by_voice = {}
    for row in (sent.annotate(month=TruncMonth("submitted_at"))
                .values("survey__audience", "helped", "channel", "month")
                .annotate(n=Count("pk")).order_by()):
        key = (row["helped"], row["channel"], _month(row["month"]))
        by_voice.setdefault(row["survey__audience"], {})[key] = Part(row["n"])
    by_domain = {}
    for row in (sent_answers(evaluation).annotate(month=TruncMonth("response__submitted_at"))
                .values("response__survey__audience", "item__domain_id", "response__helped",
                        "response__channel", "month")
                .annotate(people=Count("response_id", distinct=True),
                          scored=Count("response_id", distinct=True,
                                       filter=Q(choice__in=SCORED_CHOICES)))
                .order_by()):
        key = (row["response__helped"], row["response__channel"], _month(row["month"]))
        domains = by_domain.setdefault(row["response__survey__audience"], {})
        domains.setdefault(row["item__domain_id"], {})[key] = Part(row["people"], row["scored"])
    return by_voice, by_domain


def _split(described, position):
    """{value: Part} of one description, from {(helped, channel, month): Part}."""
    parts = {}
    for key, part in described.items():
        before = parts.get(key[position], Part(0, 0))
        parts[key[position]] = Part(before.people + part.people,
                                    before.scoring + part.scoring)
    return parts


def coarsening(splits, threshold):
    """The values of each description that may be shown, as {position: set of values}.

    splits: the {(helped, channel, month): Part} of every group that the rows let someone
    count: the survey's people, and the people of each domain that is exported. A value is
    kept only when, in every one of them, splitting by that description hides it neither
    as too small nor as giving a smaller value away (betterlives.small_numbers). Then, while
    some combination of the values kept still picks out fewer people than the threshold in
    any of them, the least needed description is dropped whole (the month, then how it was
    answered, then whether someone helped).
    """
    keep = {}
    for position in range(len(QUASI_IDENTIFIERS)):
        keep[position] = {value for described in splits for value in _split(described, position)}
        changed = True
        while changed:
            changed = False
            for described in splits:
                parts = _split(described, position)
                hidden = hidden_parts(parts, threshold,
                                      never_shown={v for v in parts if v not in keep[position]})
                if keep[position] & hidden:
                    keep[position] -= hidden
                    changed = True
    for position in reversed(range(len(QUASI_IDENTIFIERS))):
        if all(_classes_are_safe(described, keep, threshold) for described in splits):
            break
        keep[position] = set()
    return keep


def _classes_are_safe(described, keep, threshold):
    classes = {}
    for key, part in described.items():
        shown = tuple(key[p] if key[p] in keep[p] else NOT_SHOWN for p in keep)
        before = classes.get(shown, Part(0, 0))
        classes[shown] = Part(before.people + part.people, before.scoring + part.scoring)
    return all(not part.people or is_shown(part.scoring, threshold) for part in classes.values())


def responses_rows(evaluation):
    """One row per answer of a sent response, for facilitators only.

    A survey whose sent responses are fewer than the threshold is left out whole, and so is
    any domain whose answers the results page hides. Whether someone helped, how it was
    answered and the month it was sent are shown only where they pick out at least the
    threshold of people of that survey, and of those who gave a score in each domain that is
    exported (see `coarsening`). Rows are numbered in an order that says nothing about
    when they were sent. Comments the facilitator hid are never included.
    """
    threshold = evaluation.council.small_number_threshold
    shown = shown_cells(evaluation)
    by_voice, by_domain = _described_people(evaluation)
    voices = {audience for audience, described in by_voice.items()
              if is_shown(sum(part.people for part in described.values()), threshold)}
    keep = {
        audience: coarsening([by_voice[audience], *[
            described for domain_id, described in by_domain.get(audience, {}).items()
            if (domain_id, audience) in shown]], threshold)
        for audience in voices
    }
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
SHEET_TITLES = {"results": gettext_lazy("Results"), "responses": gettext_lazy("Responses")}


def language_codes():
    return [code for code, _name in settings.LANGUAGES]


def chosen_language(value):
    """The language a file was asked for in: `value` when it is one of settings.LANGUAGES,
    otherwise (missing, unknown or malformed) the language of the page."""
    codes = language_codes()
    if isinstance(value, str) and value in codes:
        return value
    current = translation.get_language()
    return current if current in codes else settings.LANGUAGE_CODE


def file_language(value):
    """(language, name suffix) of a file asked for with `?language=value`. A file asked for in
    a language has it at the end of its name ("-cy"), so that both can sit in one folder; a
    file in the language of the page keeps the name it always had."""
    language = chosen_language(value)
    return language, (f"-{language}" if value == language else "")


def export_file(evaluation, table, file_format, language):
    """The bytes of one download (`table` of TABLES, "csv" or "xlsx"), in `language`.

    The rows are generated while the language is active, so every word in them is in it."""
    with translation.override(language):
        rows = TABLES[table](evaluation)
        if file_format == "csv":
            return as_csv(rows)
        return as_xlsx(rows, str(SHEET_TITLES[table]))


def as_csv(rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return buffer.getvalue().encode("utf-8-sig")  # the BOM lets Excel read UTF-8


def as_xlsx(rows, title):
    # Imported here: openpyxl takes a tenth of a second to import, which every app server
    # process would pay at each start for a download few people make.
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    for row in rows:
        sheet.append([safe_cell(cell) for cell in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


