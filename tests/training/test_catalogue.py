import datetime

import pytest
from django.utils import timezone

from people.enums import Rank
from tests.factories import CourseFactory, SessionFactory, UserFactory
from training.enums import BookingStatus, SessionStatus
from training.models import Booking
from training.selectors import catalogue, places
from training.services.booking import book_seat, cancel_booking

pytestmark = pytest.mark.django_db


def test_upcoming_sessions_annotates_seats_waitlist_and_the_viewers_status():
    viewer = UserFactory()
    session = SessionFactory(capacity=2)
    book_seat(session=session, person=UserFactory())
    book_seat(session=session, person=viewer)
    book_seat(session=session, person=UserFactory())  # waitlisted
    cancelled = book_seat(session=SessionFactory(capacity=2), person=UserFactory())
    cancel_booking(booking=cancelled, by=cancelled.person)

    rows = {
        s.pk: (s.seats_taken, s.seats_left, s.waitlist_length, s.viewer_status)
        for s in catalogue.upcoming_sessions(viewer=viewer)
    }

    assert rows == {
        session.pk: (2, 0, 1, BookingStatus.CONFIRMED),
        cancelled.session_id: (0, 2, 0, None),
    }


def test_upcoming_sessions_counts_pending_bookings_as_taken_seats():
    manager = UserFactory(rank=Rank.SERGEANT)
    session = SessionFactory(capacity=3, course=CourseFactory(requires_manager_approval=True))
    book_seat(session=session, person=UserFactory(line_manager=manager))
    viewer = UserFactory(line_manager=manager)
    book_seat(session=session, person=viewer)
    row = catalogue.upcoming_sessions(viewer=viewer).get()
    assert (row.seats_taken, row.seats_left, row.viewer_status) == (
        2,
        1,
        BookingStatus.PENDING_APPROVAL,
    )


def test_upcoming_sessions_leaves_out_cancelled_and_started_sessions():
    kept = SessionFactory()
    SessionFactory(status=SessionStatus.CANCELLED)
    SessionFactory(starts_at=timezone.now() - datetime.timedelta(minutes=1))
    assert [s.pk for s in catalogue.upcoming_sessions(viewer=UserFactory())] == [kept.pk]


def test_upcoming_sessions_can_filter_and_sort_on_the_figures():
    full = SessionFactory(capacity=1)
    book_seat(session=full, person=UserFactory())
    free = SessionFactory(capacity=5, starts_at=full.starts_at + datetime.timedelta(days=1))
    sessions = catalogue.upcoming_sessions(viewer=UserFactory())
    assert [s.pk for s in sessions.filter(seats_left__gt=0)] == [free.pk]
    assert [s.pk for s in sessions.order_by("-seats_left")] == [free.pk, full.pk]
    assert sessions.filter(seats_left__gt=0).count() == 1


def test_waitlist_position_follows_the_queue_order():
    session = SessionFactory(capacity=1)
    book_seat(session=session, person=UserFactory())
    first = book_seat(session=session, person=UserFactory())
    second = book_seat(session=session, person=UserFactory())
    third = book_seat(session=session, person=UserFactory())
    cancel_booking(booking=second, by=second.person)

    annotated = {
        b.person_id: b.waitlist_position
        for person in (first.person, third.person)
        for b in catalogue.bookings_of(person)
    }

    assert annotated == {first.person_id: 1, third.person_id: 2}
    assert (places.waitlist_position(first), places.waitlist_position(third)) == (1, 2)
    second.refresh_from_db()
    assert places.waitlist_position(second) is None


def test_upcoming_and_past_bookings_split_a_persons_history():
    person = UserFactory()
    soon = book_seat(session=SessionFactory(), person=person)
    later = SessionFactory(starts_at=soon.session.starts_at + datetime.timedelta(days=2))
    cancelled = book_seat(session=later, person=person)
    cancel_booking(booking=cancelled, by=person)
    done = Booking.objects.create(
        session=SessionFactory(
            starts_at=timezone.now() - datetime.timedelta(days=3), status=SessionStatus.DELIVERED
        ),
        person=person,
        status=BookingStatus.ATTENDED,
    )
    book_seat(session=SessionFactory(), person=UserFactory())  # someone else's

    assert [b.pk for b in catalogue.upcoming_bookings_of(person)] == [soon.pk]
    assert [b.pk for b in catalogue.past_bookings_of(person)] == [cancelled.pk, done.pk]


def test_pending_approvals_go_to_the_approver_and_the_line_manager_only():
    sergeant = UserFactory(rank=Rank.SERGEANT)
    course = CourseFactory(requires_manager_approval=True)
    mine = book_seat(
        session=SessionFactory(course=course), person=UserFactory(line_manager=sergeant)
    )
    book_seat(session=SessionFactory(course=course), person=UserFactory())
    confirmed = SessionFactory()
    book_seat(session=confirmed, person=UserFactory(line_manager=sergeant))

    assert [b.pk for b in catalogue.pending_approvals_for(sergeant)] == [mine.pk]
    assert list(catalogue.pending_approvals_for(UserFactory())) == []
