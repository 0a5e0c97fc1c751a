from pathlib import Path

from django.core.management.base import BaseCommand

from blueprint.gitbook.markdown_files import export_markdown


class Command(BaseCommand):
    help = "Write the whole Blueprint as a GitBook-compatible folder of Markdown files."

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)

    def handle(self, *args, directory, **options):
        written = export_markdown(directory)
        self.stdout.write(f"Wrote {len(written)} files to {directory}.")
