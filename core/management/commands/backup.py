"""``manage.py backup [--into DIR]``: database + media + private files, with checksums."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core.backup import BackupError, make_backup


class Command(BaseCommand):
    help = "Back up the database and the media and private files (see core/backup.py)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--into",
            default=str(getattr(settings, "BACKUP_ROOT", "backups")),
            help="Folder to write the backup folder in (default: BACKUP_ROOT).",
        )

    def handle(self, *args, into: str, **options):
        try:
            summary = make_backup(into=Path(into))
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Backed up {summary.rows} rows in {summary.tables} tables and {summary.files} "
            f"files to {summary.folder}"
        )
