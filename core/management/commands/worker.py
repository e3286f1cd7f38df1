"""Run the task worker (django-tasks-db's db_worker) and record a heartbeat.

A background thread upserts a WorkerHeartbeat row every
WORKER_HEARTBEAT_SECONDS, so /healthz can say when the worker was last alive.
"""

import threading
import uuid

from django.conf import settings
from django.db import close_old_connections, connection
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Command as DBWorkerCommand

from core.services import record_heartbeat


class Command(DBWorkerCommand):
    help = "Run the background task worker with a heartbeat for /healthz."

    def handle(self, *args, **options):
        worker_id = options.get("worker_id") or f"worker-{uuid.uuid4().hex[:12]}"
        options["worker_id"] = worker_id
        # The autoreloader would run the worker in a child process and leave
        # this one beating for a worker it is not; restart by hand instead.
        options["reload"] = False
        started_at = timezone.now()
        stop = threading.Event()

        def beat() -> None:
            try:
                while not stop.wait(settings.WORKER_HEARTBEAT_SECONDS):
                    try:
                        close_old_connections()
                        record_heartbeat(worker_id=worker_id, started_at=started_at)
                    except Exception:
                        self.stderr.write("Heartbeat could not be recorded; retrying.")
            finally:
                connection.close()

        record_heartbeat(worker_id=worker_id, started_at=started_at)  # alive from the start
        threading.Thread(target=beat, name="heartbeat", daemon=True).start()
        try:
            return super().handle(*args, **options)
        finally:
            stop.set()
