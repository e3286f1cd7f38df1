"""Queue (or run) the training programme's periodic jobs.

Production runs this once a day from cron, e.g. at 06:00:

    0 6 * * *  cd /srv/pop-portal && .venv/bin/python manage.py training_jobs

It only enqueues; the task worker (``manage.py worker``) runs the jobs, so cron
needs no mail settings and a slow job never overlaps the next cron run. Each
job is safe to run twice: reminders and feedback requests are marked as sent,
and the duties digest starts where the last one ended.
"""

import importlib
from dataclasses import dataclass

from django.core.management.base import BaseCommand, CommandError

from training import tasks


@dataclass(frozen=True)
class Job:
    name: str
    task_name: str
    # The service the task calls: checked first, so a job whose code is not
    # deployed yet is reported rather than failing later in the worker.
    service: str
    function: str
    description: str

    @property
    def task(self):
        return getattr(tasks, self.task_name)

    def service_available(self) -> bool:
        try:
            module = importlib.import_module(self.service)
        except ImportError:
            return False
        return callable(getattr(module, self.function, None))


JOBS = (
    Job(
        name="reminders",
        task_name="send_due_reminders",
        service="training.services.notifications",
        function="send_due_reminders",
        description="remind people booked on sessions starting in the next few days",
    ),
    Job(
        name="duties-digest",
        task_name="send_duties_digest",
        service="training.services.duties_digest",
        function="send_duties_digest",
        description="email the duties department new and cancelled abstractions",
    ),
    Job(
        name="feedback",
        task_name="request_feedback",
        service="training.services.feedback",
        function="request_feedback",
        description="ask attendees of sessions that have ended for feedback",
    ),
)


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
            choices=[job.name for job in JOBS],
            help="Run only this job (repeat for several). Default: all of them.",
        )

    def handle(self, *args, now: bool = False, only: list[str] | None = None, **options):
        selected = [job for job in JOBS if not only or job.name in only]
        failed = []
        for job in selected:
            if not job.service_available():
                self.stdout.write(
                    self.style.WARNING(
                        f"Skipped {job.name}: {job.service}.{job.function} is not available "
                        "in this version of the portal."
                    )
                )
                continue
            if not now:
                result = job.task.enqueue()
                self.stdout.write(f"Queued {job.name} ({job.description}): task {result.id}.")
                continue
            try:
                count = job.task.call()
            except Exception as error:  # report every job, then fail the command
                failed.append(job.name)
                self.stderr.write(f"{job.name} failed: {error!r}")
                continue
            self.stdout.write(self.style.SUCCESS(f"Ran {job.name} ({job.description}): {count}."))
        if failed:
            raise CommandError(f"Failed: {', '.join(failed)}.")
