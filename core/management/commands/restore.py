"""``manage.py restore FOLDER --yes``: replace the database and files with a backup."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.backup import BackupError, read_manifest, restore_backup


class Command(BaseCommand):
    help = "Restore a backup made by `manage.py backup`: checks every checksum first."

    def add_arguments(self, parser):
        parser.add_argument("folder", help="The backup folder (holding manifest.json).")
        parser.add_argument(
            "--yes",
            action="store_true",
            help="Replace the current database and files without asking.",
        )
        parser.add_argument(
            "--check", action="store_true", help="Only verify the backup's checksums."
        )

    def handle(self, *args, folder: str, yes: bool, check: bool, **options):
        try:
            manifest = read_manifest(Path(folder))
            if check:
                self.stdout.write(
                    f"{folder} is whole: the database and {len(manifest['files'])} files match "
                    "their checksums."
                )
                return
            if not yes:
                raise CommandError(
                    "This replaces the whole database and the media and private files. "
                    "Run again with --yes to go ahead."
                )
            summary = restore_backup(folder=Path(folder))
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Restored {summary.rows} rows in {summary.tables} tables and {summary.files} "
            f"files from {summary.folder}"
        )
