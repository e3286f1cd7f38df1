"""Daily portfolio jobs (cron): at-risk flags and their emails, lapsing, the assessor rule."""

from django.core.management.base import BaseCommand

from portfolios.services.assessors import check_assignments
from portfolios.services.progress import lapse_overdue, refresh_at_risk


class Command(BaseCommand):
    help = "Refresh at-risk flags (emailing changes), lapse overdue enrolments, check assessors."

    def handle(self, *args, **options):
        lapsed = lapse_overdue()
        changed = refresh_at_risk()
        flagged = check_assignments()
        self.stdout.write(
            f"{len(changed)} at-risk changes, {lapsed} lapsed, {flagged} assessor flags changed."
        )
