"""The attendance register: who came and who did not.

Trainers (and the programme team) mark each confirmed person attended or no
show from the session's start onward; saving a register marks the session
delivered. Marks can be corrected later (attended ↔ no show).
"""

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from core.audit import record
from training.enums import BookingStatus, SessionStatus
from training.models import Booking, Session
from training.services import TrainingError

MARKS = {
    "attended": BookingStatus.ATTENDED,
    "no_show": BookingStatus.NO_SHOW,
}
# Bookings a register may mark: a confirmed seat, or a mark being corrected.
MARKABLE_STATUSES = (BookingStatus.CONFIRMED, BookingStatus.ATTENDED, BookingStatus.NO_SHOW)


def check_may_take_register(by, session: Session, now=None) -> None:
    if not by.has_perm("training.take_register", session):
        raise TrainingError(
            "Only the session's trainers and the programme team can take its register.",
            code="not_allowed",
        )
    if session.status == SessionStatus.CANCELLED:
        raise TrainingError("This session was cancelled.", code="cancelled")
    if not session.has_started(now):
        when = date_format(timezone.localtime(session.starts_at), "l j F Y, H:i")
        raise TrainingError(
            f"You can take the register from the start of the session ({when}).",
            code="not_started",
        )


@transaction.atomic
def mark_attendance(*, session: Session, marks: dict[int, str], by) -> list[Booking]:
    """Mark bookings on ``session`` attended or no show: ``marks`` maps booking id → mark.

    Only confirmed (or already marked) bookings on this session; only from the
    session's start; ``by`` must have ``training.take_register``. Records who
    marked each booking and when, completes the session's register and marks the
    session delivered. Returns the bookings whose status changed.
    """
    now = timezone.now()
    session = (
        Session.objects.select_for_update().select_related("course", "venue").get(pk=session.pk)
    )
    check_may_take_register(by, session, now)
    unknown = sorted(mark for mark in set(marks.values()) if mark not in MARKS)
    if unknown:
        raise TrainingError(
            f"Mark each person attended or no show (not {', '.join(unknown)}).", code="bad_mark"
        )
    bookings = {
        b.pk: b for b in session.bookings.filter(pk__in=list(marks)).select_related("person")
    }
    missing = [pk for pk in marks if pk not in bookings]
    if missing:
        raise TrainingError(
            "Some of the people marked are not booked on this session.", code="not_on_session"
        )
    not_markable = [b for b in bookings.values() if b.status not in MARKABLE_STATUSES]
    if not_markable:
        booking = not_markable[0]
        raise TrainingError(
            f"{booking.person.get_full_name() or booking.person.username} does not hold a "
            f"confirmed place ({booking.get_status_display().lower()}), so cannot be marked.",
            code="not_confirmed",
        )

    changed = []
    for pk, mark in marks.items():
        booking = bookings[pk]
        status = MARKS[mark]
        previous = booking.status
        booking.status = status
        booking.attendance_marked_at = now
        booking.attendance_marked_by = by
        booking.save(
            update_fields=["status", "attendance_marked_at", "attendance_marked_by", "updated_at"]
        )
        if previous != status:
            changed.append(booking)
            record(
                actor=by,
                action=f"training.booking.{status}",
                obj=booking,
                summary=f"{booking.person}: {previous} → {status} on {session}",
                previous=previous,
                status=status,
            )

    session.register_completed_at = now
    session.register_completed_by = by
    fields = ["register_completed_at", "register_completed_by"]
    if session.status != SessionStatus.DELIVERED:
        session.status = SessionStatus.DELIVERED
        fields.append("status")
    session.save(update_fields=fields)
    record(
        actor=by,
        action="training.session.register",
        obj=session,
        summary=f"Register taken for {session}",
        attended=sum(1 for m in marks.values() if m == "attended"),
        no_show=sum(1 for m in marks.values() if m == "no_show"),
    )
    return changed


@transaction.atomic
def mark_everyone_attended(*, session: Session, by) -> list[Booking]:
    """Mark every confirmed (or already marked) person on the session attended."""
    session = Session.objects.select_for_update().get(pk=session.pk)
    ids = session.bookings.filter(status__in=MARKABLE_STATUSES).values_list("pk", flat=True)
    return mark_attendance(session=session, marks=dict.fromkeys(ids, "attended"), by=by)
