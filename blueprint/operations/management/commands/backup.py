from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from blueprint.operations.backup import write_backup


class Command(BaseCommand):
    help = "Write everything the site holds to one compressed JSON file (default: backups/…)."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", help="where to write it; ends in .json.gz")

    def handle(self, *args, path, **options):
        if not path:
            stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
            path = Path(settings.BASE_DIR) / "backups" / f"blueprint-{stamp}.json.gz"
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        write_backup(path)
        self.stdout.write(f"Backed up to {path} ({path.stat().st_size:,} bytes).")
