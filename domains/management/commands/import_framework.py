from django.core.management.base import BaseCommand, CommandError

from domains.content_file import (
    ContentFileError,
    framework_content_import,
    framework_content_preview,
)


class Command(BaseCommand):
    help = (
        "Check a framework content file (made by export_framework, then edited) and say what "
        "loading it would add, change, retire and leave alone. With --apply, load it as a new "
        "version, all in one transaction: if anything fails, nothing is changed."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The YAML file to load.")
        parser.add_argument("--apply", action="store_true",
                            help="Load the content. Without it, nothing is changed.")

    def handle(self, *args, file, apply, verbosity, **options):
        try:
            with open(file, encoding="utf-8") as handle:
                text = handle.read()
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Could not read {file}: {error}") from error
        try:
            if apply:
                summary = framework_content_import(text=text)
            else:
                preview = framework_content_preview(text=text)
        except ContentFileError as error:
            raise CommandError("Framework content not loaded:\n" + "\n".join(
                f"  {problem}" for problem in error.problems)) from error
        if apply:
            for change in summary.changes if verbosity > 1 else ():
                self.stdout.write(f"  {change}")
            self.stdout.write(f"Loaded {summary.line()}")
            for item in summary.left_alone:
                self.stdout.write(f"  left alone: {item}")
            return
        for heading, lines in (("Would add", preview.added), ("Would change", preview.changed),
                               ("Would retire", preview.retired),
                               ("Would leave alone", preview.left_alone)):
            if lines:
                self.stdout.write(f"{heading}:")
                for line in lines:
                    self.stdout.write(f"  {line}")
        if preview.changes_nothing:
            self.stdout.write("Loading this file would change nothing.")
        if preview.refusal:
            raise CommandError(preview.refusal)
        self.stdout.write(f"Nothing changed. Run again with --apply to load version "
                          f"{preview.version}.")
