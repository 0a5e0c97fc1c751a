from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from blueprint.gitbook.markdown_files import MarkdownImportError, import_markdown
from blueprint.gitbook.outline import OutlineError


class Command(BaseCommand):
    help = "Read a GitBook-compatible folder of Markdown (SUMMARY.md and its pages) into the Blueprint."

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)

    def handle(self, *args, directory, **options):
        try:
            report = import_markdown(directory)
        except (MarkdownImportError, OutlineError) as exc:
            raise CommandError(f"{exc} Nothing was imported.") from None
        for line in report.lines():
            self.stdout.write(line)
