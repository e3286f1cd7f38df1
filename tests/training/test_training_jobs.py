"""The daily ``training_jobs`` command (cron → queue → worker)."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from tests.factories import CourseFactory, SessionFactory, UserFactory
from training.management.commands import training_jobs
from training.management.commands.training_jobs import Command, Job
from training.services.booking import book_seat

pytestmark = pytest.mark.django_db


@pytest.fixture
def booked_soon(django_capture_on_commit_callbacks):
    """A confirmed booking on a session two days from now; the outbox starts empty."""
    session = SessionFactory(
        course=CourseFactory(booking_cutoff_hours=0),
        starts_at=timezone.now() + datetime.timedelta(days=2),
    )
    with django_capture_on_commit_callbacks(execute=True):
        booking = book_seat(session=session, person=UserFactory())
    mail.outbox.clear()
    return booking


def jobs(*args) -> str:
    out = StringIO()
    call_command("training_jobs", *args, stdout=out)
    return out.getvalue()


def test_training_jobs_now_runs_every_job_and_reminds_once(booked_soon):
    first = jobs("--now")
    second = jobs("--now")

    assert "Ran reminders (remind people booked on sessions starting in the next few days): 1." in (
        first
    )
    assert "Ran duties-digest" in first
    assert "Ran feedback" in first
    assert "Ran reminders (remind people booked on sessions starting in the next few days): 0." in (
        second
    )
    reminders = [m for m in mail.outbox if m.subject.startswith("Reminder:")]
    assert [m.to for m in reminders] == [[booked_soon.person.email]]
    booked_soon.refresh_from_db()
    assert booked_soon.reminder_sent_at is not None


def test_training_jobs_queues_for_the_worker(booked_soon):
    # Tests use the immediate task backend, so the queued job runs at once.
    output = jobs("--only", "reminders")

    assert output.startswith("Queued reminders (")
    assert "duties-digest" not in output
    assert [m.to for m in mail.outbox] == [[booked_soon.person.email]]


def test_training_jobs_skips_a_job_whose_service_is_missing(monkeypatch, booked_soon):
    missing = Job(
        name="not-yet",
        task_name="request_feedback",
        service="training.services.not_written_yet",
        function="do_it",
        description="a job from a later release",
    )
    monkeypatch.setattr(training_jobs, "JOBS", (missing, training_jobs.JOBS[0]))

    output = jobs("--now")

    assert (
        "Skipped not-yet: training.services.not_written_yet.do_it is not available "
        "in this version of the portal." in output
    )
    assert "Ran reminders" in output
    assert len(mail.outbox) == 1


def test_training_jobs_job_detects_missing_function():
    assert (
        Job(
            "x", "send_due_reminders", "training.services.notifications", "nope", ""
        ).service_available()
        is False
    )
    assert training_jobs.JOBS[0].service_available() is True


def test_training_jobs_help_explains_cron_and_worker():
    text = Command().create_parser("manage.py", "training_jobs").format_help()
    assert "cron" in text
    assert "06:00" in text
    assert "worker" in text
