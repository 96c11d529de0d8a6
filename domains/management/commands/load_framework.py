from django.core.management.base import BaseCommand, CommandError

from domains.framework_files import FRAMEWORK_DIR, FrameworkDataError
from domains.services import framework_load


class Command(BaseCommand):
    help = (
        "Load or upgrade the Better Lives and Good Lives framework content from "
        "fixtures/framework/. Safe to run again: unchanged content is left alone, and answers "
        "keep pointing at the wording they answered. What an administrator changed since the "
        "last load is kept, and listed after the summary line."
    )

    def add_arguments(self, parser):
        parser.add_argument("--directory", default=str(FRAMEWORK_DIR), help="Content folder.")

    def handle(self, *args, directory, verbosity, **options):
        try:
            summary = framework_load(directory=directory)
        except FrameworkDataError as error:
            raise CommandError(f"Framework content not loaded: {error}") from error
        if verbosity > 1:
            for change in summary.changes:
                self.stdout.write(f"  {change}")
        if verbosity > 0:
            self.stdout.write(summary.line())
            for item in summary.left_alone:
                self.stdout.write(f"  left alone: {item}")
