"""Delete typed survey comments older than each council's retention period:
`manage.py delete_old_free_text [--dry-run]`. Prints one line per council."""

from django.core.management.base import BaseCommand

from ...services.retention import free_text_delete_old


class Command(BaseCommand):
    help = (
        "Blank the typed comments (and their themes) of survey responses older than each "
        "council's retention period. Answers to the questions are kept. Safe to run every day."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true",
            help="only count what would be deleted; change nothing",
        )

    def handle(self, *args, dry_run=False, **options):
        results = free_text_delete_old(dry_run=dry_run)
        for result in results:
            self.stdout.write(result.summary())
        if not results:
            self.stdout.write("There are no councils.")
