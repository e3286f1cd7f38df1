"""Queue (or run) the training programme's periodic jobs.

Production runs this once a day from cron, e.g. at 06:00:

    0 6 * * *  cd /srv/pop-portal && .venv/bin/python manage.py training_jobs

It only enqueues; the task worker (``manage.py worker``) runs the jobs, so cron
needs no mail settings and a slow job never overlaps the next cron run. Each
job is safe to run twice: reminders and feedback requests are marked as sent,
and the duties digest starts where the last one ended.
"""

from django.core.management.base import BaseCommand, CommandError

from training.services.duties_digest import send_duties_digest_task
from training.services.feedback import request_feedback_task
from training.services.notifications import send_due_reminders_task

# name: (task, what it does)
JOBS = {
    "reminders": (
        send_due_reminders_task,
        "remind people booked on sessions starting in the next few days",
    ),
    "duties-digest": (
        send_duties_digest_task,
        "email the duties department new and cancelled abstractions",
    ),
    "feedback": (request_feedback_task, "ask attendees of sessions that have ended for feedback"),
}


class Command(BaseCommand):
    help = (
        "Queue the daily training jobs: reminders before sessions, the duties digest, and "
        "feedback requests after sessions. Production runs it from cron once a day (e.g. "
        "06:00: `0 6 * * * manage.py training_jobs`); the task worker (`manage.py worker`) "
        "executes the queued tasks. Use --now to run the jobs here instead of queueing them."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--now",
            action="store_true",
            help="Run the jobs in this process instead of queueing them for the worker.",
        )
        parser.add_argument(
            "--only",
            action="append",
            choices=list(JOBS),
            help="Run only this job (repeat for several). Default: all of them.",
        )

    def handle(self, *args, now: bool = False, only: list[str] | None = None, **options):
        failed = []
        for name, (job, description) in JOBS.items():
            if only and name not in only:
                continue
            if not now:
                result = job.enqueue()
                self.stdout.write(f"Queued {name} ({description}): task {result.id}.")
                continue
            try:
                count = job.call()
            except Exception as error:  # report every job, then fail the command
                failed.append(name)
                self.stderr.write(f"{name} failed: {error!r}")
                continue
            self.stdout.write(self.style.SUCCESS(f"Ran {name} ({description}): {count}."))
        if failed:
            raise CommandError(f"Failed: {', '.join(failed)}.")
