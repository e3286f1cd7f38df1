import datetime

import pytest
from django.utils import timezone

from core.models import AuditEntry
from people.enums import Role
from tests.factories import SessionFactory, UserFactory
from training.enums import BookingStatus, SessionStatus
from training.models import Booking
from training.services import TrainingError
from training.services.attendance import mark_attendance, mark_everyone_attended

pytestmark = pytest.mark.django_db


@pytest.fixture
def trainer():
    return UserFactory(roles=[Role.TRAINER])


def past_session(trainer, **kwargs):
    return SessionFactory(
        starts_at=timezone.now() - datetime.timedelta(hours=3), trainers=[trainer], **kwargs
    )


def booking(session, status=BookingStatus.CONFIRMED) -> Booking:
    return Booking.objects.create(session=session, person=UserFactory(), status=status)


def refused(code: str, **kwargs) -> TrainingError:
    with pytest.raises(TrainingError) as info:
        mark_attendance(**kwargs)
    assert info.value.code == code, str(info.value)
    return info.value


def test_mark_attendance_records_marks_and_completes_the_register(trainer):
    session = past_session(trainer)
    came, missed = booking(session), booking(session)

    changed = mark_attendance(
        session=session, marks={came.pk: "attended", missed.pk: "no_show"}, by=trainer
    )

    came.refresh_from_db()
    missed.refresh_from_db()
    session.refresh_from_db()
    assert sorted(b.pk for b in changed) == sorted([came.pk, missed.pk])
    assert (came.status, missed.status) == (BookingStatus.ATTENDED, BookingStatus.NO_SHOW)
    assert (came.attendance_marked_by, missed.attendance_marked_by) == (trainer, trainer)
    assert came.attendance_marked_at is not None
    assert session.status == SessionStatus.DELIVERED
    assert session.register_completed_by == trainer
    assert session.register_completed_at is not None
    assert AuditEntry.objects.filter(action="training.session.register").count() == 1


def test_mark_attendance_corrects_an_earlier_mark(trainer):
    session = past_session(trainer)
    person = booking(session, BookingStatus.NO_SHOW)
    mark_attendance(session=session, marks={person.pk: "attended"}, by=trainer)
    person.refresh_from_db()
    assert person.status == BookingStatus.ATTENDED


def test_mark_everyone_attended_marks_only_confirmed_and_marked(trainer):
    session = past_session(trainer)
    confirmed, no_show = booking(session), booking(session, BookingStatus.NO_SHOW)
    waiting = booking(session, BookingStatus.WAITLISTED)
    cancelled = booking(session, BookingStatus.CANCELLED)

    mark_everyone_attended(session=session, by=trainer)

    statuses = dict(Booking.objects.filter(session=session).values_list("pk", "status"))
    assert statuses == {
        confirmed.pk: BookingStatus.ATTENDED,
        no_show.pk: BookingStatus.ATTENDED,
        waiting.pk: BookingStatus.WAITLISTED,
        cancelled.pk: BookingStatus.CANCELLED,
    }


def test_mark_attendance_refused_before_the_session_starts(trainer):
    session = SessionFactory(trainers=[trainer])
    person = booking(session)
    refused("not_started", session=session, marks={person.pk: "attended"}, by=trainer)
    person.refresh_from_db()
    assert person.status == BookingStatus.CONFIRMED


def test_mark_attendance_refused_for_someone_not_confirmed(trainer):
    session = past_session(trainer)
    waiting = booking(session, BookingStatus.WAITLISTED)
    refused("not_confirmed", session=session, marks={waiting.pk: "attended"}, by=trainer)


def test_mark_attendance_refused_for_a_booking_on_another_session(trainer):
    session = past_session(trainer)
    elsewhere = booking(past_session(trainer))
    refused("not_on_session", session=session, marks={elsewhere.pk: "attended"}, by=trainer)


def test_mark_attendance_refused_for_an_unknown_mark(trainer):
    session = past_session(trainer)
    person = booking(session)
    refused("bad_mark", session=session, marks={person.pk: "late"}, by=trainer)


def test_mark_attendance_refused_for_another_trainer(trainer):
    session = past_session(trainer)
    person = booking(session)
    other = UserFactory(roles=[Role.TRAINER])
    refused("not_allowed", session=session, marks={person.pk: "attended"}, by=other)


def test_mark_attendance_allowed_for_programme_admin(trainer):
    session = past_session(trainer)
    person = booking(session)
    admin = UserFactory(roles=[Role.PROGRAMME_ADMIN])
    mark_attendance(session=session, marks={person.pk: "no_show"}, by=admin)
    person.refresh_from_db()
    assert (person.status, person.attendance_marked_by) == (BookingStatus.NO_SHOW, admin)


def test_mark_attendance_refused_on_a_cancelled_session(trainer):
    session = past_session(trainer, status=SessionStatus.CANCELLED)
    person = booking(session)
    refused("cancelled", session=session, marks={person.pk: "attended"}, by=trainer)
