"""The attendance register: who came and who did not.

Trainers (and the programme team) mark each confirmed person attended or no show
from the session's start onward; saving a register marks the session delivered.
Marks can be corrected later (attended ↔ no show). Each mark is a move of the
booking through ``booking.transition_booking`` and delivering the session a move
through ``scheduling.transition_session``, so the guards, permission checks and
audit entries are theirs.
"""

from django.db import transaction
from django.utils import timezone

from core.audit import record
from training.enums import BookingStatus, SessionStatus
from training.models import Booking, Session
from training.services import TrainingError
from training.services.booking import BookingAction, lock_session, transition_booking
from training.services.scheduling import SessionAction, check_may_take_register, transition_session

MARKS = {
    "attended": (BookingStatus.ATTENDED, BookingAction.MARK_ATTENDED),
    "no_show": (BookingStatus.NO_SHOW, BookingAction.MARK_NO_SHOW),
}
# Bookings a register may mark: a confirmed seat, or a mark being corrected.
MARKABLE_STATUSES = (BookingStatus.CONFIRMED, BookingStatus.ATTENDED, BookingStatus.NO_SHOW)


@transaction.atomic
def mark_attendance(*, session: Session, marks: dict[int, str], by) -> list[Booking]:
    """Mark bookings on ``session`` attended or no show: ``marks`` maps booking id → mark.

    Only confirmed (or already marked) bookings on this session; only from the
    session's start; ``by`` must have ``training.take_register``. Records who
    marked each booking and when, completes the session's register and marks the
    session delivered. Returns the bookings whose status changed.
    """
    now = timezone.now()
    session = lock_session(session.pk)
    check_may_take_register(by, session, now)
    unknown = sorted(mark for mark in set(marks.values()) if mark not in MARKS)
    if unknown:
        raise TrainingError(
            f"Mark each person attended or no show (not {', '.join(unknown)}).", code="bad_mark"
        )
    bookings = {
        b.pk: b for b in session.bookings.filter(pk__in=list(marks)).select_related("person")
    }
    if any(pk not in bookings for pk in marks):
        raise TrainingError(
            "Some of the people marked are not booked on this session.", code="not_on_session"
        )

    changed = []
    for pk, mark in marks.items():
        status, action = MARKS[mark]
        if bookings[pk].status != status:
            changed.append(
                transition_booking(bookings[pk], action, session=session, by=by, now=now)
            )

    session.register_completed_at = now
    session.register_completed_by = by
    session.save(update_fields=["register_completed_at", "register_completed_by"])
    if session.status != SessionStatus.DELIVERED:
        transition_session(session, SessionAction.DELIVER, by=by, now=now)
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
    session = lock_session(session.pk)
    ids = session.bookings.filter(status__in=MARKABLE_STATUSES).values_list("pk", flat=True)
    return mark_attendance(session=session, marks=dict.fromkeys(ids, "attended"), by=by)
