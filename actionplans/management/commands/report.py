"""Write one report of an evaluation to a file: `manage.py report <evaluation id> --kind
board|easyread|actions --output FILE [--language en|cy]`.

It makes the PDF the same way the reports page does (in a child process, within the time
and memory limits), without storing it.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from evaluations.models import Evaluation

from ...models import Report
from ...reports.html import document_html
from ...reports.render import RenderFailed, html_to_pdf


class Command(BaseCommand):
    help = "Write one report of an evaluation (a PDF) to a file."

    def add_arguments(self, parser):
        parser.add_argument("evaluation", type=int, help="the evaluation's id")
        parser.add_argument("--kind", required=True, choices=Report.EVALUATION_KINDS)
        parser.add_argument("--output", required=True, help="the PDF file to write")
        parser.add_argument("--language", default=settings.LANGUAGE_CODE,
                            choices=[code for code, _name in settings.LANGUAGES])

    def handle(self, *args, evaluation, kind, output, language, **options):
        found = Evaluation.objects.select_related("council").filter(pk=evaluation).first()
        if found is None:
            raise CommandError(f"There is no evaluation {evaluation}.")
        try:
            pdf, pages = html_to_pdf(document_html(found, kind, language))
        except RenderFailed as failure:
            raise CommandError(f"The report could not be made: {failure.reason}.") from failure
        with open(output, "wb") as file:
            file.write(pdf)
        self.stdout.write(f"{output}: {Report.Kind(kind).label}, {pages} pages, "
                          f"{len(pdf):,} bytes")
