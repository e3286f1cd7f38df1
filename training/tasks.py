"""Background work for training. Tasks take ids, fetch, and call a service."""

from django.tasks import task

from training.enums import CalendarEvent


@task
def send_booking_email(*, booking_id: int, event: str) -> None:
    """Email the person about their booking (with an .ics where it applies)."""
    from training.services.notifications import send_booking_email as send

    send(booking_id=booking_id, event=CalendarEvent(event))
