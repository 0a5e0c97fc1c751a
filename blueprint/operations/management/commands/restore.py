from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from blueprint.operations.backup import NotEmpty, UnsafeBackup, restore_backup


class Command(BaseCommand):
    help = "Load a backup written by `backup` into this (migrated, empty) database."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument(
            "--replace", action="store_true", help="empty a database that holds content first"
        )

    def handle(self, *args, path, replace, **options):
        if not Path(path).is_file():
            raise CommandError(f"No backup at {path}.")
        try:
            restore_backup(path, replace=replace)
        except NotEmpty:
            raise CommandError(
                "This database already holds content. Restore into an empty database, or add "
                "--replace to delete everything in it first."
            ) from None
        except UnsafeBackup as error:
            raise CommandError(
                f"This backup names files outside the media folder ({error}). Nothing was restored."
            ) from None
        self.stdout.write(f"Restored {path}.")
