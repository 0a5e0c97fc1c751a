from pathlib import Path

from django.core.management.base import BaseCommand

from recommendations.markdown_io import export_markdown


class Command(BaseCommand):
    help = "Write the whole Blueprint as a GitBook-compatible folder of Markdown files."

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)

    def handle(self, *args, directory, **options):
        written = export_markdown(directory)
        self.stdout.write(f"Wrote {len(written)} files to {directory}.")
