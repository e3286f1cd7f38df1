"""The daily ``training_jobs`` command (cron → queue → worker)."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from tests.factories import CourseFactory, SessionFactory, UserFactory
from training.management.commands.training_jobs import Command
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


@pytest.fixture
def jobs(django_capture_on_commit_callbacks):
    """Run the command as cron would; what the jobs queue after commit runs too."""

    def _jobs(*args) -> str:
        out = StringIO()
        with django_capture_on_commit_callbacks(execute=True):
            call_command("training_jobs", *args, stdout=out)
        return out.getvalue()

    return _jobs


def test_training_jobs_now_runs_every_job_and_reminds_once(booked_soon, jobs):
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


def test_training_jobs_queues_for_the_worker(booked_soon, jobs):
    # Tests use the immediate task backend, so the queued job runs at once.
    output = jobs("--only", "reminders")

    assert output.startswith("Queued reminders (")
    assert "duties-digest" not in output
    assert [m.to for m in mail.outbox] == [[booked_soon.person.email]]


def test_training_jobs_now_sends_the_digest_and_asks_for_feedback(booked_soon, jobs):
    from people.enums import Role
    from training.enums import BookingStatus, SessionStatus
    from training.models import Booking, DutiesDigest

    duties = UserFactory(roles=[Role.DUTIES])
    ended = SessionFactory(
        starts_at=timezone.now() - datetime.timedelta(days=1, hours=3),
        ends_at=timezone.now() - datetime.timedelta(days=1),
        status=SessionStatus.DELIVERED,
    )
    came = Booking.objects.create(
        session=ended, person=UserFactory(), status=BookingStatus.ATTENDED
    )

    jobs("--now")

    came.refresh_from_db()
    assert came.feedback_requested_at is not None
    assert DutiesDigest.objects.count() == 1
    by_recipient = {m.to[0]: m.subject for m in mail.outbox}
    assert by_recipient[duties.email].startswith("Training abstractions: 1 new, 0 cancelled")
    assert by_recipient[came.person.email].startswith("How was ")
    assert by_recipient[booked_soon.person.email].startswith("Reminder: ")


def test_training_jobs_only_runs_the_jobs_asked_for(booked_soon, jobs):
    output = jobs("--now", "--only", "feedback")

    assert "Ran feedback" in output
    assert "reminders" not in output
    assert mail.outbox == []
    booked_soon.refresh_from_db()
    assert booked_soon.reminder_sent_at is None


def test_training_jobs_help_explains_cron_and_worker():
    text = Command().create_parser("manage.py", "training_jobs").format_help()
    assert "cron" in text
    assert "06:00" in text
    assert "worker" in text
