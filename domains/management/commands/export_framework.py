import sys

from django.core.management.base import BaseCommand, CommandError

from domains.content_file import framework_export
from domains.models import FrameworkVersion


class Command(BaseCommand):
    help = (
        "Write the whole framework content now in use (both languages, current wording only) "
        "to one YAML file, in the shape of the files in fixtures/framework/. Load an edited "
        "copy with import_framework."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", help="File to write. Without it, the content is "
                                             "written to standard output.")

    def handle(self, *args, output, verbosity, **options):
        if not FrameworkVersion.objects.filter(is_current=True).exists():
            raise CommandError("No framework content is loaded yet: run load_framework first.")
        if not output:
            framework_export(sys.stdout)
            return
        with open(output, "w", encoding="utf-8") as handle:
            framework_export(handle)
        if verbosity > 0:
            self.stdout.write(f"Framework content written to {output}")
