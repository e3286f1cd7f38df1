"""Background work for training. Tasks take ids, fetch, and call a service.

Services queue these with ``transaction.on_commit``; tests run them immediately.
"""

from django.tasks import task

from training.enums import CalendarEvent


@task
def send_booking_email(*, booking_id: int, event: str) -> None:
    """Email the person about their booking, with an .ics where it applies."""
    from training.services.notifications import send_booking_email as send

    send(booking_id=booking_id, event=CalendarEvent(event))


@task
def notify_session_cancelled(*, session_id: int) -> None:
    """Tell everyone booked (and the trainers) that the session is cancelled."""
    from training.services.notifications import notify_session_cancelled as send

    send(session_id=session_id)


@task
def notify_session_changed(*, session_id: int) -> None:
    """Send updated invitations (same UID, higher SEQUENCE) after a date/time/venue change."""
    from training.services.notifications import notify_session_changed as send

    send(session_id=session_id)


@task
def notify_session_staff(*, session_id: int) -> None:
    """Give trainers and subject matter experts notice of their session."""
    from training.services.notifications import notify_session_staff as send

    send(session_id=session_id)


@task
def send_due_reminders() -> int:
    """Remind people of sessions starting soon; returns how many were sent."""
    from training.services.notifications import send_due_reminders as send

    return send()


@task
def send_duties_digest() -> int:
    """Email the duties department the abstractions added and cancelled since the last digest."""
    from training.services.duties_digest import send_duties_digest as send

    return send()


@task
def request_feedback() -> int:
    """Ask attendees of sessions that have ended for feedback; returns how many were asked."""
    from training.services.feedback import request_feedback as send

    return send()


@task
def send_invitation_email(*, invitation_id: int) -> None:
    """Email an overdue person an invitation to book a session."""
    from training.services.invitations import send_invitation_email as send

    send(invitation_id=invitation_id)
