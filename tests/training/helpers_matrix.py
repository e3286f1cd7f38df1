"""Set-up shared by the matrix and invitation tests: requirements and training history."""

import datetime

from django.utils import timezone

from tests.factories import SessionFactory
from training.enums import BookingStatus, SessionStatus
from training.models import Booking, CourseRequirement, Session
from training.services.booking import book_seat
from training.times import LONDON


def today() -> datetime.date:
    return timezone.localtime(timezone.now(), LONDON).date()


def days_ago(n: int) -> datetime.date:
    return today() - datetime.timedelta(days=n)


def require(course, *, ranks=(), functions=(), within_months=6, renewal_months=None):
    return CourseRequirement.objects.create(
        course=course,
        ranks=list(ranks),
        functions=list(functions),
        within_months=within_months,
        renewal_months=renewal_months,
    )


def attended(person, course, *, on: datetime.date) -> Booking:
    """``person`` attended a session of ``course`` on London day ``on`` (in the past).

    Booked through the booking service on a future session, which is then moved
    to the past and marked delivered, as the register would leave it.
    """
    session = SessionFactory(course=course)
    booking = book_seat(session=session, person=person)
    starts = datetime.datetime.combine(on, datetime.time(9, 30), tzinfo=LONDON)
    Session.objects.filter(pk=session.pk).update(
        starts_at=starts,
        ends_at=starts + datetime.timedelta(minutes=course.duration_minutes),
        status=SessionStatus.DELIVERED,
    )
    Booking.objects.filter(pk=booking.pk).update(status=BookingStatus.ATTENDED)
    booking.refresh_from_db()
    return booking
