import pytest
from django.core import mail
from django.core.management import call_command
from django.tasks import task

from core.models import WorkerHeartbeat

pytestmark = pytest.mark.django_db(transaction=True)


@task
def send_test_email(address: str) -> None:
    from django.core.mail import send_mail

    send_mail("Queued", "Sent by the worker.", None, [address])


def test_worker_runs_queued_tasks_and_records_a_heartbeat(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    result = send_test_email.enqueue("amy@example.police.uk")
    assert mail.outbox == []  # queued, not run

    call_command("worker", batch=True, worker_id="test-worker", verbosity=0)

    result.refresh()
    assert result.status == "SUCCESSFUL"
    assert [m.to for m in mail.outbox] == [["amy@example.police.uk"]]
    assert WorkerHeartbeat.objects.get().worker_id == "test-worker"
