from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from blueprint.gitbook.outline import OutlineError, parse_outline
from blueprint.gitbook.services import import_outline


class Command(BaseCommand):
    help = "Import a GitBook-style navigation outline (bullets, indentation = depth) into the tree."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, *args, path, **options):
        try:
            text = path.read_text("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"Cannot read {path}: {exc}") from None
        try:
            outline = parse_outline(text)
        except OutlineError as exc:
            raise CommandError(f"{path}, {exc}. Nothing was imported.") from None
        report = import_outline(outline=outline)
        for line in report.lines():
            self.stdout.write(line)
