"""The one read behind a respondent's survey page: the survey found by its token (with its
evaluation and council) and the response the device names, with every answer in it.

Survey pages are the busiest in the service: a room of phones presses Continue together.
Building this read with the ORM on every request cost more than running it (the SQL was
compiled afresh each time, about half of the page's own database time), and it took two
queries. So the SQL is written once per process and database from the models' own column
lists, and each row becomes model objects through the same converters the ORM uses, so the
objects are the ones the ORM would give. `tests/evaluations/test_survey_page_read.py` checks
that against the ORM on SQLite and on PostgreSQL.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import connections, router
from django.http import Http404

from betterlives.models import Council
from evaluations.models import Answer, Evaluation, Response, Survey


@dataclass
class SurveyRead:
    survey: Survey
    key: str | None = None  # the response key asked for
    response: Response | None = None  # the response with that key, if there is one
    answers: dict = field(default_factory=dict)  # item id: (choice, comment)


class _Columns:
    """Some of a model's columns in the read, as alias."column", and how to turn the values
    the database gives into Python values (the converters the ORM would apply)."""

    def __init__(self, model, alias, connection, names=None):
        self.model = model
        self.fields = ([model._meta.get_field(name) for name in names] if names
                       else list(model._meta.concrete_fields))
        self.attnames = [f.attname for f in self.fields]
        quote = connection.ops.quote_name
        self.sql = [f"{alias}.{quote(f.column)}" for f in self.fields]
        self.converters = []
        for position, model_field in enumerate(self.fields):
            column = model_field.get_col(alias)
            found = (connection.ops.get_db_converters(column)
                     + column.get_db_converters(connection))
            if found:
                self.converters.append((position, found, column))

    def values(self, row, connection):
        values = list(row)
        for position, converters, column in self.converters:
            for convert in converters:
                values[position] = convert(values[position], column, connection)
        return values

    def build(self, row, connection):
        return self.model.from_db(connection.alias, self.attnames, self.values(row, connection))


class _Read:
    def __init__(self, connection):
        quote = connection.ops.quote_name
        self.parts = [_Columns(Survey, "s", connection), _Columns(Evaluation, "e", connection),
                      _Columns(Council, "c", connection), _Columns(Response, "r", connection),
                      _Columns(Answer, "a", connection, names=("item", "choice", "comment"))]
        table = {model: quote(model._meta.db_table)
                 for model in (Survey, Evaluation, Council, Response, Answer)}

        def column(model, name):
            return quote(model._meta.get_field(name).column)

        # Only names from the models' own metadata, quoted; the values are parameters.
        self.sql = (
            f"SELECT {', '.join(sql for part in self.parts for sql in part.sql)}"  # noqa: S608
            f" FROM {table[Survey]} s"
            f" INNER JOIN {table[Evaluation]} e"
            f" ON e.{column(Evaluation, 'id')} = s.{column(Survey, 'evaluation')}"
            f" INNER JOIN {table[Council]} c"
            f" ON c.{column(Council, 'id')} = e.{column(Evaluation, 'council')}"
            f" LEFT OUTER JOIN {table[Response]} r"
            f" ON r.{column(Response, 'survey')} = s.{column(Survey, 'id')}"
            f" AND r.{column(Response, 'submission_key')} = %s"
            f" LEFT OUTER JOIN {table[Answer]} a"
            f" ON a.{column(Answer, 'response')} = r.{column(Response, 'id')}"
            f" WHERE s.{column(Survey, 'token')} = %s"
        )
        self.key_field = Response._meta.get_field("submission_key")

    def run(self, connection, token, key):
        # A key that is not a UUID (a tampered form) names no response.
        try:
            key_value = self.key_field.get_db_prep_value(
                self.key_field.to_python(key), connection) if key else None
        except ValidationError:
            key_value = None
        with connection.cursor() as cursor:
            cursor.execute(self.sql, [key_value, token])
            rows = cursor.fetchall()
        if not rows:
            raise Http404
        survey, evaluation, council, response = (
            part.build(part_row, connection)
            for part, part_row in zip(self.parts[:4], self._split(rows[0]), strict=False))
        evaluation.council = council
        survey.evaluation = evaluation
        page = SurveyRead(survey=survey, key=key)
        if response.pk is not None:  # found
            response.survey = survey
            page.response = response
            answers = self.parts[4]
            for row in rows:
                item, choice, comment = answers.values(self._split(row)[4], connection)
                if item is not None:
                    page.answers[item] = (choice, comment)
        return page

    def _split(self, row):
        parts, start = [], 0
        for part in self.parts:
            parts.append(row[start:start + len(part.sql)])
            start += len(part.sql)
        return parts


_reads = {}


def survey_page(token, key=None):
    """The survey with this token, and the response with submission key `key` (tests
    included) with its answers, in one query. 404 when no survey has the token."""
    connection = connections[router.db_for_read(Survey)]
    read = _reads.get((connection.alias, connection.vendor))
    if read is None:
        read = _reads[(connection.alias, connection.vendor)] = _Read(connection)
    return read.run(connection, token, key)


def answers_by_item(response):
    """The answers of one response, for its own check page (a test's too)."""
    return {a.item_id: a for a in Answer.with_practice.filter(response=response)}
