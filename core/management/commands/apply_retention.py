"""``manage.py apply_retention [--dry-run]``: dispose of records past their retention period.

Run daily from cron (e.g. ``30 2 * * *``); every rule and every disposal is audited.
"""

from django.core.management.base import BaseCommand

from core.retention import apply_retention


class Command(BaseCommand):
    help = "Delete or anonymise records (and their files) kept longer than RETENTION_DAYS."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Count only; change nothing.")
        parser.add_argument("--only", help="Run one rule (its RETENTION_DAYS key).")

    def handle(self, *args, dry_run: bool, only: str | None, **options):
        for outcome in apply_retention(dry_run=dry_run, only=only):
            verb = "would go" if dry_run else "done"
            self.stdout.write(
                f"{outcome.key}: {outcome.description} before {outcome.cutoff:%d %b %Y}: "
                f"{outcome.count} ({verb})"
            )
