import datetime
from collections import Counter
from functools import partial

import pytest
from django.core import mail
from django.utils import timezone

from core.models import AuditEntry
from people.enums import Role
from tests.factories import CourseFactory, SessionFactory, UserFactory, VenueFactory
from tests.races import postgres_only, race
from training.enums import SESSION_CANCELLED_REASON, BookingStatus, SessionStatus
from training.models import Booking, Session
from training.services import TrainingError
from training.services.booking import book_seat
from training.services.scheduling import (
    SessionAction,
    cancel_session,
    schedule_session,
    transition_session,
    update_session,
)

pytestmark = pytest.mark.django_db


def in_days(days: int, hour: int = 10) -> datetime.datetime:
    return (timezone.now() + datetime.timedelta(days=days)).replace(
        hour=hour, minute=0, second=0, microsecond=0
    )


@pytest.fixture
def trainer():
    return UserFactory(roles=[Role.TRAINER])


@pytest.fixture
def course(trainer):
    course = CourseFactory(duration_minutes=150)
    course.approved_trainers.add(trainer)
    return course


@pytest.fixture
def venue():
    return VenueFactory(capacity=20)


def _tasks(callbacks) -> list:
    """The tasks a service queued after commit (not the emails those tasks then hand over)."""
    return [
        c.func.__self__
        for c in callbacks
        if isinstance(c, partial) and getattr(c.func, "__name__", "") == "enqueue"
    ]


def schedule(**overrides) -> Session:
    return schedule_session(**overrides)


def refused(code: str, function=schedule_session, **kwargs) -> TrainingError:
    with pytest.raises(TrainingError) as info:
        function(**kwargs)
    assert info.value.code == code, str(info.value)
    return info.value


# --- scheduling ------------------------------------------------------------------


def test_schedule_session_ends_after_course_duration_and_notifies_staff(
    django_capture_on_commit_callbacks, trainer, course, venue
):
    expert = UserFactory()
    starts = in_days(40)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        session = schedule_session(
            course=course,
            venue=venue,
            starts_at=starts,
            capacity=12,
            trainers=[trainer],
            experts=[expert],
            by=trainer,
            notes="Bring a recent problem from your ward.",
        )
    assert session.ends_at - session.starts_at == datetime.timedelta(minutes=150)
    assert (session.status, session.capacity, session.created_by) == (
        SessionStatus.SCHEDULED,
        12,
        trainer,
    )
    assert list(session.trainers.all()) == [trainer]
    assert list(session.subject_matter_experts.all()) == [expert]
    assert len(_tasks(callbacks)) == 1
    assert sorted(m.to[0] for m in mail.outbox) == sorted([trainer.email, expert.email])
    assert (
        AuditEntry.objects.filter(
            action="training.session.scheduled", object_id=str(session.pk)
        ).count()
        == 1
    )


def test_schedule_session_by_programme_admin_for_any_course(venue):
    admin = UserFactory(roles=[Role.PROGRAMME_ADMIN])
    session = schedule_session(
        course=CourseFactory(),
        venue=venue,
        starts_at=in_days(30),
        capacity=5,
        trainers=[],
        by=admin,
    )
    assert session.pk is not None


def test_schedule_refused_when_not_approved_trainer(venue, trainer):
    other_course = CourseFactory(title="Supervising problem solving")
    error = refused(
        "not_approved",
        course=other_course,
        venue=venue,
        starts_at=in_days(30),
        capacity=5,
        trainers=[trainer],
        by=trainer,
    )
    assert "Supervising problem solving" in str(error)
    assert Session.objects.count() == 0


def test_schedule_refused_for_approved_person_without_trainer_role(venue):
    officer = UserFactory()
    course = CourseFactory()
    course.approved_trainers.add(officer)
    refused(
        "not_approved",
        course=course,
        venue=venue,
        starts_at=in_days(30),
        capacity=5,
        trainers=[officer],
        by=officer,
    )


def test_schedule_refused_when_capacity_above_venue(trainer, course):
    small = VenueFactory(name="Meeting room 2", capacity=8)
    error = refused(
        "capacity",
        course=course,
        venue=small,
        starts_at=in_days(30),
        capacity=9,
        trainers=[trainer],
        by=trainer,
    )
    assert str(error) == (
        "Meeting room 2 holds 8 people, so the session can have at most 8 places."
    )
    assert (
        schedule_session(
            course=course, venue=small, starts_at=in_days(30), capacity=8, trainers=[], by=trainer
        ).capacity
        == 8
    )


def test_schedule_refused_when_venue_holds_an_overlapping_session(trainer, course, venue):
    existing = SessionFactory(venue=venue, starts_at=in_days(30, hour=9))  # 09:00-11:30
    error = refused(
        "venue_clash",
        course=course,
        venue=venue,
        starts_at=in_days(30, hour=11),
        capacity=5,
        trainers=[trainer],
        by=trainer,
    )
    assert existing.course.title in str(error)
    assert Session.objects.count() == 1


def test_schedule_allows_venue_back_to_back_and_after_cancellation(trainer, course, venue):
    existing = SessionFactory(
        venue=venue,
        starts_at=in_days(30, hour=9),
        ends_at=in_days(30, hour=11),
    )
    back_to_back = schedule_session(
        course=course,
        venue=venue,
        starts_at=in_days(30, hour=11),
        capacity=5,
        trainers=[],
        by=trainer,
    )
    assert back_to_back.starts_at == existing.ends_at
    SessionFactory(venue=venue, starts_at=in_days(31, hour=9), status=SessionStatus.CANCELLED)
    assert schedule_session(
        course=course,
        venue=venue,
        starts_at=in_days(31, hour=9),
        capacity=5,
        trainers=[],
        by=trainer,
    )


def test_schedule_refused_when_trainer_already_at_an_overlapping_session(trainer, course, venue):
    elsewhere = SessionFactory(starts_at=in_days(30, hour=10), trainers=[trainer])
    error = refused(
        "trainer_overlap",
        course=course,
        venue=venue,
        starts_at=in_days(30, hour=12),
        capacity=5,
        trainers=[trainer],
        by=trainer,
    )
    assert elsewhere.course.title in str(error)
    assert trainer.get_full_name() in str(error)


def test_schedule_refused_when_expert_already_at_an_overlapping_session(trainer, course, venue):
    expert = UserFactory()
    clash = SessionFactory(starts_at=in_days(30, hour=10))
    clash.subject_matter_experts.add(expert)
    refused(
        "expert_overlap",
        course=course,
        venue=venue,
        starts_at=in_days(30, hour=11),
        capacity=5,
        trainers=[trainer],
        experts=[expert],
        by=trainer,
    )


def test_schedule_refused_when_start_is_in_the_past(trainer, course, venue):
    refused(
        "past",
        course=course,
        venue=venue,
        starts_at=timezone.now() - datetime.timedelta(minutes=1),
        capacity=5,
        trainers=[trainer],
        by=trainer,
    )


def test_schedule_refused_when_booking_closes_after_start(trainer, course, venue):
    starts = in_days(30)
    refused(
        "booking_window",
        course=course,
        venue=venue,
        starts_at=starts,
        capacity=5,
        trainers=[trainer],
        by=trainer,
        booking_closes_at=starts + datetime.timedelta(hours=1),
    )


# --- changing ---------------------------------------------------------------------


def scheduled(trainer, course, venue, **kwargs) -> Session:
    values = {"starts_at": in_days(30), "capacity": 10, "trainers": [trainer]}
    values.update(kwargs)
    return schedule_session(course=course, venue=venue, by=trainer, **values)


def change(session: Session, by, **kwargs) -> Session:
    values = {
        "venue": session.venue,
        "starts_at": session.starts_at,
        "capacity": session.capacity,
        "trainers": list(session.trainers.all()),
        "experts": list(session.subject_matter_experts.all()),
    }
    values.update(kwargs)
    return update_session(session=session, by=by, **values)


def test_update_session_moving_bumps_sequence_and_sends_updates(
    django_capture_on_commit_callbacks, trainer, course, venue
):
    session = scheduled(trainer, course, venue)
    person = UserFactory()
    book_seat(session=session, person=person)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        session = change(session, trainer, starts_at=in_days(32, hour=14))
    session.refresh_from_db()
    assert session.sequence == 1
    assert timezone.localtime(session.ends_at).hour == 16
    assert timezone.localtime(session.ends_at).minute == 30
    assert sorted(m.to[0] for m in mail.outbox) == sorted([person.email, trainer.email])


def test_update_session_capacity_only_keeps_sequence(trainer, course, venue):
    session = change(scheduled(trainer, course, venue), trainer, capacity=15)
    assert (session.capacity, session.sequence) == (15, 0)


def test_update_refused_when_capacity_below_seats_taken(trainer, course, venue):
    session = scheduled(trainer, course, venue, capacity=3)
    for _ in range(3):
        book_seat(session=session, person=UserFactory())
    refused("capacity_below_taken", change, session=session, by=trainer, capacity=2)


def test_update_more_capacity_promotes_the_waiting_list(trainer, course, venue):
    session = scheduled(trainer, course, venue, capacity=1)
    book_seat(session=session, person=UserFactory())
    waiting = book_seat(session=session, person=UserFactory())
    change(session, trainer, capacity=2)
    waiting.refresh_from_db()
    assert waiting.status == BookingStatus.CONFIRMED


def test_update_refused_when_moved_onto_a_busy_venue(trainer, course, venue):
    session = scheduled(trainer, course, venue)
    busy = VenueFactory()
    SessionFactory(venue=busy, starts_at=session.starts_at)
    refused("venue_clash", change, session=session, by=trainer, venue=busy)


def test_update_refused_when_trainer_added_who_is_busy(trainer, course, venue):
    session = scheduled(trainer, course, venue)
    colleague = UserFactory(roles=[Role.TRAINER])
    SessionFactory(starts_at=session.starts_at, trainers=[colleague])
    refused("trainer_overlap", change, session=session, by=trainer, trainers=[trainer, colleague])


def test_update_refused_for_another_trainer(trainer, course, venue):
    session = scheduled(trainer, course, venue)
    other = UserFactory(roles=[Role.TRAINER])
    refused("not_allowed", change, session=session, by=other, capacity=5)


def test_update_refused_when_moved_into_the_past(trainer, course, venue):
    session = scheduled(trainer, course, venue)
    refused(
        "past",
        change,
        session=session,
        by=trainer,
        starts_at=timezone.now() - datetime.timedelta(hours=1),
    )


# --- cancelling -------------------------------------------------------------------


def test_cancel_session_cancels_every_active_booking_with_one_email_each(
    django_capture_on_commit_callbacks, trainer, course, venue
):
    session = scheduled(trainer, course, venue, capacity=1)
    holder = book_seat(session=session, person=UserFactory())
    waiting = book_seat(session=session, person=UserFactory())
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        cancel_session(session=session, by=trainer, reason="Trainer unwell")
    session.refresh_from_db()
    assert (session.status, session.cancellation_reason) == (
        SessionStatus.CANCELLED,
        "Trainer unwell",
    )
    assert (
        list(
            Booking.objects.filter(pk__in=[holder.pk, waiting.pk]).values_list(
                "status", "cancellation_reason"
            )
        )
        == [(BookingStatus.CANCELLED, SESSION_CANCELLED_REASON)] * 2
    )
    assert AuditEntry.objects.filter(action="training.booking.cancelled").count() == 2
    # One task, not one email per booking from the service.
    assert [t.name for t in _tasks(callbacks)] == ["notify_session_cancelled_task"]
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [holder.person.email, waiting.person.email, trainer.email]
    )


def test_cancel_session_frees_the_venue(trainer, course, venue):
    session = scheduled(trainer, course, venue)
    cancel_session(session=session, by=trainer, reason="Room double-booked")
    assert scheduled(trainer, course, venue, starts_at=session.starts_at).pk != session.pk


def test_cancel_refused_without_reason_or_after_start(trainer, course, venue):
    session = scheduled(trainer, course, venue)
    refused("reason_required", cancel_session, session=session, by=trainer, reason="  ")
    started = SessionFactory(
        starts_at=timezone.now() - datetime.timedelta(minutes=10), trainers=[trainer]
    )
    refused("started", cancel_session, session=started, by=trainer, reason="Too late")


def _deliver(*, session, by):
    return transition_session(session, SessionAction.DELIVER, by=by)


def test_delivering_a_session_only_after_start_and_by_its_trainer(trainer):
    future = SessionFactory(trainers=[trainer])
    refused("not_started", _deliver, session=future, by=trainer)
    past = SessionFactory(
        starts_at=timezone.now() - datetime.timedelta(hours=3), trainers=[trainer]
    )
    refused("not_allowed", _deliver, session=past, by=UserFactory(roles=[Role.TRAINER]))
    assert _deliver(session=past, by=trainer).status == SessionStatus.DELIVERED
    assert AuditEntry.objects.filter(action="training.session.delivered").count() == 1


# --- races (PostgreSQL: row locks between connections) --------------------------------

RACERS = 8
ROUNDS = 5


def outcome(results) -> Counter:
    return Counter(r.code if isinstance(r, TrainingError) else type(r).__name__ for r in results)


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_parallel_schedulers_cannot_double_book_a_venue():
    admin = UserFactory(roles=[Role.PROGRAMME_ADMIN])
    course = CourseFactory()
    venue = VenueFactory()
    trainers = [UserFactory(roles=[Role.TRAINER]) for _ in range(RACERS)]
    for round_number in range(ROUNDS):
        starts = in_days(30 + round_number)
        results, errors = race(
            [
                lambda t=t, s=starts: schedule_session(
                    course=course, venue=venue, starts_at=s, capacity=5, trainers=[t], by=admin
                )
                for t in trainers
            ],
            refusal=TrainingError,
        )
        assert errors == []
        assert outcome(results) == Counter({"Session": 1, "venue_clash": RACERS - 1})
    assert Session.objects.filter(venue=venue).count() == ROUNDS


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_parallel_schedulers_cannot_put_a_trainer_in_two_places():
    admin = UserFactory(roles=[Role.PROGRAMME_ADMIN])
    course = CourseFactory()
    trainer = UserFactory(roles=[Role.TRAINER])
    venues = [VenueFactory() for _ in range(RACERS)]
    for round_number in range(ROUNDS):
        starts = in_days(30 + round_number)
        results, errors = race(
            [
                lambda v=v, s=starts: schedule_session(
                    course=course, venue=v, starts_at=s, capacity=5, trainers=[trainer], by=admin
                )
                for v in venues
            ],
            refusal=TrainingError,
        )
        assert errors == []
        assert outcome(results) == Counter({"Session": 1, "trainer_overlap": RACERS - 1})
    assert Session.objects.filter(trainers=trainer).count() == ROUNDS


# --- issue 6: bounded dates and aware times -----------------------------------------------

import zoneinfo  # noqa: E402

LONDON = zoneinfo.ZoneInfo("Europe/London")


def _last_sunday(year: int, month: int) -> datetime.date:
    day = datetime.date(year, month, 31)
    return day - datetime.timedelta(days=(day.weekday() + 1) % 7)


def _next_change(month: int) -> datetime.date:
    today = timezone.localdate()
    day = _last_sunday(today.year, month)
    return day if day > today + datetime.timedelta(days=3) else _last_sunday(today.year + 1, month)


def test_schedule_refuses_a_start_years_away_instead_of_overflowing(trainer, course, venue):
    error = refused(
        "too_far",
        course=course,
        venue=venue,
        starts_at=datetime.datetime(9999, 12, 31, 23, 0, tzinfo=datetime.UTC),
        capacity=5,
        trainers=[trainer],
        by=trainer,
    )
    assert str(error).startswith("Sessions can be scheduled up to 5 years ahead")


def test_schedule_across_the_spring_clock_change_keeps_the_courses_length(trainer, course, venue):
    day = _next_change(3)
    starts = datetime.datetime.combine(day, datetime.time(0, 30), tzinfo=LONDON)

    session = scheduled(trainer, course, venue, starts_at=starts)

    session.refresh_from_db()
    assert session.ends_at - session.starts_at == datetime.timedelta(minutes=150)


@pytest.mark.parametrize(("month", "code"), [(3, "no_such_time"), (10, "ambiguous_time")])
def test_schedule_refuses_local_times_that_do_not_exist_or_happen_twice(
    trainer, course, venue, month, code
):
    day = _next_change(month)
    starts = datetime.datetime.combine(day, datetime.time(1, 30), tzinfo=LONDON)
    refused(code, course=course, venue=venue, starts_at=starts, capacity=5, trainers=[], by=trainer)


# --- issue 6: moving a session re-checks what booking checks ----------------------------------


def test_moving_a_session_rechecks_the_team_cap_and_tells_who_lost_a_seat(
    django_capture_on_commit_callbacks, trainer, venue
):
    from tests.factories import TeamFactory

    course = CourseFactory(title="Masterclass", abstraction_cap_per_team=1, duration_minutes=150)
    course.approved_trainers.add(trainer)
    team = TeamFactory()
    elsewhere = SessionFactory(starts_at=in_days(40, hour=9))
    away = book_seat(session=elsewhere, person=UserFactory(team=team))
    session = scheduled(trainer, course, venue, starts_at=in_days(30, hour=13))
    mover = book_seat(session=session, person=UserFactory(team=team))
    other_team = book_seat(session=session, person=UserFactory())
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        change(session, trainer, starts_at=in_days(40, hour=13))

    mover.refresh_from_db()
    other_team.refresh_from_db()
    away.refresh_from_db()
    assert (mover.status, other_team.status, away.status) == (
        BookingStatus.WAITLISTED,
        BookingStatus.CONFIRMED,
        BookingStatus.CONFIRMED,
    )
    [told] = [m for m in mail.outbox if m.to == [mover.person.email]]
    assert told.subject.startswith("You have lost your place: Masterclass")
    assert "the most people from your team who may be away on training that day" in told.body
    assert AuditEntry.objects.filter(
        action="training.booking.waitlisted", object_id=str(mover.pk)
    ).exists()


def test_moving_a_session_onto_a_persons_other_booking_takes_their_seat_here(trainer, venue):
    course = CourseFactory(duration_minutes=150)
    course.approved_trainers.add(trainer)
    session = scheduled(trainer, course, venue, starts_at=in_days(30, hour=9))
    person = UserFactory()
    booking = book_seat(session=session, person=person)
    elsewhere = SessionFactory(starts_at=in_days(35, hour=9))
    book_seat(session=elsewhere, person=person)

    change(session, trainer, starts_at=in_days(35, hour=10))

    booking.refresh_from_db()
    assert booking.status == BookingStatus.WAITLISTED


def test_moving_a_session_inside_the_notice_period_flags_its_bookings_late(trainer, venue):
    course = CourseFactory(duration_minutes=150, duties_notice_days=28)
    course.approved_trainers.add(trainer)
    session = scheduled(trainer, course, venue, starts_at=in_days(60))
    booking = book_seat(session=session, person=UserFactory())
    assert booking.is_late is False

    change(session, trainer, starts_at=in_days(10))

    booking.refresh_from_db()
    assert booking.is_late is True


def test_removing_a_trainer_or_expert_tells_them(
    django_capture_on_commit_callbacks, trainer, course, venue
):
    colleague = UserFactory(roles=[Role.TRAINER])
    expert = UserFactory()
    session = scheduled(trainer, course, venue, trainers=[trainer, colleague], experts=[expert])
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        change(session, trainer, trainers=[trainer], experts=[])

    removed = sorted(
        m.to[0] for m in mail.outbox if m.subject.startswith("You are no longer needed")
    )
    assert removed == sorted([colleague.email, expert.email])
    from tests.training.mail_helpers import invitation

    [message] = [m for m in mail.outbox if m.to == [expert.email]]
    assert invitation(message).method_param == "CANCEL"


def test_cancel_session_goes_through_the_booking_transition(trainer, course, venue):
    session = scheduled(trainer, course, venue)
    booking = book_seat(session=session, person=UserFactory())

    cancel_session(session=session, by=trainer, reason="Trainer unwell")

    entry = AuditEntry.objects.get(action="training.booking.cancelled", object_id=str(booking.pk))
    assert (entry.actor, entry.data["previous"], entry.data["cause"]) == (
        trainer,
        BookingStatus.CONFIRMED,
        "session_cancelled",
    )
