"""Emails about bookings and sessions, sent through Django's mail framework."""

from django.core.mail import EmailMessage
from django.utils import timezone
from django.utils.formats import date_format

from training.enums import CalendarEvent
from training.models import Booking


def send_booking_email(*, booking_id: int, event: CalendarEvent) -> None:
    booking = Booking.objects.select_related("person", "session__course", "session__venue").get(
        pk=booking_id
    )
    session = booking.session
    when = date_format(timezone.localtime(session.starts_at), "l j F Y, H:i")
    subject = f"{event.label}: {session.course.title}, {when}"
    body = (
        f"Hello {booking.person.first_name or booking.person.username},\n\n"
        f"{event.label}: {session.course.title}\n"
        f"When: {when}\nWhere: {session.venue.name}, {session.venue.address}\n"
        f"Your booking: {booking.get_status_display()}\n\nPOP Portal\n"
    )
    if booking.person.email:
        EmailMessage(subject, body, to=[booking.person.email]).send()
