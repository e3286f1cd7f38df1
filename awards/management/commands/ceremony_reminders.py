"""Remind ceremony guests who have not replied (daily, from cron).

    0 6 * * *  cd /srv/pop-portal && .venv/bin/python manage.py ceremony_reminders

Opens a ceremony's automatic reminder round when one falls due (14 and 3 days before its
reply-by date) and sends it. Safe to run as often as you like: each round reaches each
guest once, and a round is not opened within two days of the last one.
"""

from django.core.management.base import BaseCommand

from awards.services.ceremony import remind_non_repliers, remind_non_repliers_task


class Command(BaseCommand):
    help = (
        "Remind ceremony guests who have not replied: 14 and 3 days before the reply-by date, "
        "each guest once per round. Run daily from cron; it queues the job for the task worker "
        "(`manage.py worker`), or runs it here with --now."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--now", action="store_true", help="Send in this process instead of queueing."
        )

    def handle(self, *args, now: bool = False, **options):
        if not now:
            result = remind_non_repliers_task.enqueue()
            self.stdout.write(f"Queued ceremony reminders: task {result.id}.")
            return
        sent = remind_non_repliers()
        self.stdout.write(self.style.SUCCESS(f"Sent {sent} ceremony reminder(s)."))
