import datetime
import socket

from django.db import connection
from django.utils import timezone

from core.models import WorkerHeartbeat


def record_heartbeat(*, worker_id: str, started_at: datetime.datetime) -> WorkerHeartbeat:
    """Upsert this worker's heartbeat row with the current time."""
    heartbeat, _ = WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={
            "hostname": socket.gethostname(),
            "started_at": started_at,
            "last_seen": timezone.now(),
        },
    )
    return heartbeat


def database_status() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return "error"
    return "ok"
