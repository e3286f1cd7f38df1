"""Bookings: making one, and the one transition function every change of status goes through.

Every door (views, the Wagtail admin, commands, tasks, the scheduling and attendance
services) calls these. ``book_seat`` creates a booking; ``transition_booking`` moves
one from status to status, holding each move's guard and its permission check
against the acting user, saving with ``update_fields``, writing the audit entry and
queueing the email after commit. ``cancel_booking``, ``approve_booking``,
``decline_booking`` and ``promote_from_waitlist`` are the ways in for people;
scheduling (a session cancelled or moved) and attendance (the register) call
``transition_booking`` themselves.

The capacity rule is "count then write", so each function locks the session row
first (``select_for_update`` on PostgreSQL; SQLite's BEGIN IMMEDIATE serialises
writers), then the person, then their team: always in that order, so two requests
never wait on each other in a cycle. Every booking on a session waits for its lock,
so what needs no lock (what the course asks) is read before it is taken, and what
is done under it is kept to a few statements.
"""

import datetime
import enum
from dataclasses import dataclass
from functools import partial

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from core.audit import deny, record
from people.models import Team
from training.enums import (
    ACTIVE_BOOKING_STATUSES,
    SEAT_HOLDING_STATUSES,
    SESSION_CANCELLED_REASON,
    BookingStatus,
    CalendarEvent,
    SessionStatus,
)
from training.models import Booking, Session
from training.selectors import eligibility, places
from training.services import TrainingError
from training.services.notifications import send_booking_email_task

User = get_user_model()


def _queue_email(booking: Booking, event: CalendarEvent, note: str = "") -> None:
    transaction.on_commit(
        partial(
            send_booking_email_task.enqueue, booking_id=booking.pk, event=event.value, note=note
        )
    )


def refuse(refusal: eligibility.Refusal) -> TrainingError:
    return TrainingError(refusal.message, code=refusal.code, can_waitlist=refusal.can_waitlist)


# --- locks ------------------------------------------------------------------------------


def lock_session(session_id: int, *, known: Session | None = None) -> Session:
    """The session's row, locked, with its course and venue (named in audit entries).

    ``known``: the same session read before the lock with its course and venue. The
    lock then reads the session's own row only, and takes the course and venue from
    ``known`` while the locked row still names them (the lock does not protect them:
    a course or venue changes without it), so every booking waiting for this lock
    waits for less."""
    locked = Session.objects.select_for_update(of=("self",))
    relations = [Session._meta.get_field(name) for name in ("course", "venue")]
    if known is None or not all(field.is_cached(known) for field in relations):
        return locked.select_related("course", "venue").get(pk=session_id)
    session = locked.get(pk=session_id)
    for field in relations:
        if getattr(session, field.attname) == getattr(known, field.attname):
            field.set_cached_value(session, field.get_cached_value(known))
    return session


def lock_people(ids) -> dict[int, object]:
    """Lock people (by id order), then their teams (by id order); returns them by id,
    each with their organisation and their (locked) team. A line manager, needed only
    for courses that ask for approval, is read when asked for."""
    people = {
        p.pk: p
        for p in User.objects.select_for_update(of=("self",))
        .select_related("organisation")
        .filter(pk__in=sorted(set(ids)))
        .order_by("pk")
    }
    team_ids = sorted({p.team_id for p in people.values() if p.team_id})
    if team_ids:
        locked = Team.objects.select_for_update().filter(pk__in=team_ids).order_by("pk")
        teams = {team.pk: team for team in locked}
        for person in people.values():
            if person.team_id:
                person.team = teams[person.team_id]
    return people


# --- book -------------------------------------------------------------------------------


def _seat_status(session: Session) -> BookingStatus:
    if session.course.requires_manager_approval:
        return BookingStatus.PENDING_APPROVAL
    return BookingStatus.CONFIRMED


def book_seat(
    *, session: Session, person, booked_by=None, waitlist_if_blocked: bool = False
) -> Booking:
    """Book ``person`` on ``session``: confirmed, pending approval, or waitlisted.

    ``booked_by`` (default: the person) must be the person or an administrator.
    Refuses (TrainingError) on any rule of ``eligibility.decide``; when only their
    team's abstraction cap stands in the way, ``waitlist_if_blocked=True`` puts them
    on the waiting list instead. A full session puts the person on the waiting list.
    A waitlisted booking's ``waitlist_reason`` says why (``"full"``, or the refusal's
    code: ``"team_cap"``) and ``waitlist_position`` its place in the queue. Emails after
    commit.
    """
    by = booked_by or person
    if not by.has_perm("training.book_for", person):
        deny(actor=by, action="training.booking.create", obj=session, reason=f"Book for {person}")
        raise TrainingError("You can only book training for yourself.", code="not_allowed")
    # Without a savepoint of its own: every refusal is decided before anything is
    # written and raised after the block, so a caller's transaction goes on. (A
    # savepoint is two round trips, one of them under the session's lock.)
    with transaction.atomic(savepoint=False):
        outcome = _book(session, person, by=by, waitlist_if_blocked=waitlist_if_blocked)
    if isinstance(outcome, eligibility.Refusal):
        raise refuse(outcome)
    return outcome


def _book(session: Session, person, *, by, waitlist_if_blocked: bool):
    """``book_seat`` inside its transaction: the booking, or the refusal to raise."""
    now = timezone.now()
    courses = eligibility.load_course_facts([session.course_id])
    session = lock_session(session.pk, known=session)
    person = lock_people([person.pk])[person.pk]
    facts = eligibility.load_facts(sessions=[session], people=[person], now=now, courses=courses)
    refusal = eligibility.decide(session, person, facts)
    if refusal and not (refusal.can_waitlist and waitlist_if_blocked):
        return refusal
    taken, waiting = places.seats_and_waiting(session)
    full = taken >= session.capacity
    status = BookingStatus.WAITLISTED if (refusal or full) else _seat_status(session)
    booking = Booking(
        session=session,
        person=person,
        status=status,
        booked_by=by,
        created_at=now,
        waitlisted_at=now if status == BookingStatus.WAITLISTED else None,
        confirmed_at=now if status == BookingStatus.CONFIRMED else None,
        approver=person.line_manager if status == BookingStatus.PENDING_APPROVAL else None,
        is_late=session.is_late_notice(now),
    )
    # The related rows are the ones just locked, and ``decide`` has refused a second live
    # booking under the person's lock (the database's constraint stands behind it), so
    # only the fields are checked here: no query.
    booking.full_clean(exclude=["session", "person", "booked_by", "approver"])
    booking.save()
    if status == BookingStatus.WAITLISTED:
        booking.waitlist_reason = "full" if full else refusal.code
        booking.waitlist_position = waiting + 1  # last in the queue, under the lock
    else:
        booking.waitlist_reason, booking.waitlist_position = "", None
    record(
        actor=by,
        action="training.booking.created",
        obj=booking,
        summary=f"{person} {booking.get_status_display().lower()} on {session}",
        status=status,
    )
    _queue_email(
        booking,
        {
            BookingStatus.CONFIRMED: CalendarEvent.CONFIRMED,
            BookingStatus.WAITLISTED: CalendarEvent.WAITLISTED,
            BookingStatus.PENDING_APPROVAL: CalendarEvent.PENDING,
        }[status],
    )
    return booking


# --- the one transition function ----------------------------------------------------------


class BookingAction(enum.StrEnum):
    CANCEL = "cancel"  # the person, their manager or an administrator cancels
    CANCEL_WITH_SESSION = "cancel_with_session"  # the session is cancelled
    APPROVE = "approve"
    DECLINE = "decline"
    PROMOTE = "promote"  # a seat came free: follows from another change
    LOSE_SEAT = "lose_seat"  # the session moved and a rule now stands in the way
    MARK_ATTENDED = "mark_attended"
    MARK_NO_SHOW = "mark_no_show"


@dataclass(frozen=True)
class _Move:
    sources: tuple[str, ...]
    # Checked as ``by.has_perm(permission, booking or its session)``; None: the move
    # follows from another one whose permission was checked (a freed seat).
    permission: str | None
    on_session: bool
    not_allowed: str
    wrong_status: str  # said when the booking's status is not one of ``sources``
    wrong_code: str
    before_start: bool  # refused once the session has started
    event: CalendarEvent | None


_MARKABLE = (BookingStatus.CONFIRMED, BookingStatus.ATTENDED, BookingStatus.NO_SHOW)
_REGISTER = "Only the session's trainers and the programme team can take its register."
MOVES: dict[BookingAction, _Move] = {
    BookingAction.CANCEL: _Move(
        ACTIVE_BOOKING_STATUSES,
        "training.cancel_booking",
        False,
        "Only the person booked, their line manager or the programme team can cancel this booking.",
        "This booking is not active, so there is nothing to cancel.",
        "inactive",
        True,
        CalendarEvent.CANCELLED,
    ),
    BookingAction.CANCEL_WITH_SESSION: _Move(
        ACTIVE_BOOKING_STATUSES,
        "training.manage_session",
        True,
        "Only the session's trainers and the programme team can cancel this session.",
        "This booking is not active, so there is nothing to cancel.",
        "inactive",
        True,
        None,  # one task tells everyone once the session's cancellation commits
    ),
    BookingAction.APPROVE: _Move(
        (BookingStatus.PENDING_APPROVAL,),
        "training.decide_booking",
        False,
        "Only the person's line manager can approve this booking.",
        "This booking is not waiting for approval.",
        "not_pending",
        True,
        CalendarEvent.APPROVED,
    ),
    BookingAction.DECLINE: _Move(
        (BookingStatus.PENDING_APPROVAL,),
        "training.decide_booking",
        False,
        "Only the person's line manager can decline this booking.",
        "This booking is not waiting for approval.",
        "not_pending",
        False,
        CalendarEvent.DECLINED,
    ),
    BookingAction.PROMOTE: _Move(
        (BookingStatus.WAITLISTED,),
        None,
        False,
        "",
        "Only a place on the waiting list can be given a seat.",
        "not_waitlisted",
        True,
        CalendarEvent.PROMOTED,
    ),
    BookingAction.LOSE_SEAT: _Move(
        SEAT_HOLDING_STATUSES,
        "training.manage_session",
        True,
        "Only the session's trainers and the programme team can change this session.",
        "Only a booking that holds a seat can lose it.",
        "no_seat",
        True,
        CalendarEvent.LOST_SEAT,
    ),
    BookingAction.MARK_ATTENDED: _Move(
        _MARKABLE, "training.take_register", True, _REGISTER, "", "not_confirmed", False, None
    ),
    BookingAction.MARK_NO_SHOW: _Move(
        _MARKABLE, "training.take_register", True, _REGISTER, "", "not_confirmed", False, None
    ),
}


def _target(booking: Booking, action: BookingAction, session: Session) -> BookingStatus:
    match action:
        case BookingAction.CANCEL | BookingAction.CANCEL_WITH_SESSION:
            return BookingStatus.CANCELLED
        case BookingAction.APPROVE:
            return BookingStatus.CONFIRMED
        case BookingAction.DECLINE:
            return BookingStatus.DECLINED
        case BookingAction.PROMOTE:
            return _seat_status(session)
        case BookingAction.LOSE_SEAT:
            return BookingStatus.WAITLISTED
        case BookingAction.MARK_ATTENDED:
            return BookingStatus.ATTENDED
        case BookingAction.MARK_NO_SHOW:
            return BookingStatus.NO_SHOW


def transition_booking(
    booking: Booking,
    action: BookingAction,
    *,
    session: Session,
    by,
    note: str = "",
    now: datetime.datetime | None = None,
    notify: bool = True,
) -> Booking:
    """Move ``booking`` by ``action``: the guard, the permission check against ``by``, the
    save (``update_fields``), the audit entry and the email after commit.

    Precondition: the caller holds ``session``'s row lock (``session`` is that locked
    row) inside a transaction. ``note``: the reason for a cancellation, the manager's
    note on a decision, or why the seat was lost. ``notify=False`` leaves telling the
    person to the caller (a session's cancellation tells everyone in one task).
    Raises TrainingError when the move is not allowed.
    """
    move = MOVES[action]
    now = now or timezone.now()
    if move.permission is not None:
        target = session if move.on_session else booking
        if by is None or not by.has_perm(move.permission, target):
            deny(actor=by, action=f"training.booking.{action.value}", obj=booking)
            raise TrainingError(move.not_allowed, code="not_allowed")
    if booking.status not in move.sources:
        raise TrainingError(
            move.wrong_status
            or f"{booking.person} does not hold a confirmed place "
            f"({booking.get_status_display().lower()}), so cannot be marked.",
            code=move.wrong_code,
        )
    if move.before_start and session.has_started(now):
        done = {
            BookingAction.CANCEL: "cancelled",
            BookingAction.CANCEL_WITH_SESSION: "cancelled",
            BookingAction.APPROVE: "approved",
        }.get(action, "changed")
        raise TrainingError(
            f"The session has started, so the booking can no longer be {done}.", code="started"
        )
    previous = booking.status
    status = _target(booking, action, session)
    fields = {"status", "updated_at"}
    booking.status = status
    match action:
        case BookingAction.CANCEL | BookingAction.CANCEL_WITH_SESSION:
            booking.cancelled_at = now
            booking.cancellation_reason = (
                SESSION_CANCELLED_REASON
                if action == BookingAction.CANCEL_WITH_SESSION
                else note[:300]
            )
            fields |= {"cancelled_at", "cancellation_reason"}
        case BookingAction.APPROVE | BookingAction.DECLINE:
            booking.decided_at, booking.decision_note, booking.approver = now, note[:300], by
            fields |= {"decided_at", "decision_note", "approver"}
        case BookingAction.PROMOTE:
            person = booking.person
            booking.approver = (
                person.line_manager if status == BookingStatus.PENDING_APPROVAL else None
            )
            booking.is_late = session.is_late_notice(now)
            fields |= {"approver", "is_late"}
        case BookingAction.LOSE_SEAT:
            # Back in the queue where their booking was made, ahead of later arrivals.
            booking.waitlisted_at = booking.created_at
            fields.add("waitlisted_at")
        case BookingAction.MARK_ATTENDED | BookingAction.MARK_NO_SHOW:
            booking.attendance_marked_at, booking.attendance_marked_by = now, by
            fields |= {"attendance_marked_at", "attendance_marked_by"}
    if status == BookingStatus.CONFIRMED and booking.confirmed_at is None:
        booking.confirmed_at = now
        fields.add("confirmed_at")
    booking.save(update_fields=sorted(fields))
    record(
        actor=by,
        action=f"training.booking.{status}",
        obj=booking,
        summary=f"{booking.person}: {previous} → {status} on {session}",
        previous=previous,
        status=status,
        cause=action.value if action != BookingAction.CANCEL_WITH_SESSION else "session_cancelled",
        **({"note": note[:300]} if note else {}),
    )
    if notify and move.event is not None:
        _queue_email(booking, move.event, note if action == BookingAction.LOSE_SEAT else "")
    return booking


def _locked(booking: Booking) -> tuple[Booking, Session]:
    session = lock_session(booking.session_id)
    booking = Booking.objects.select_related("person__line_manager").get(pk=booking.pk)
    return booking, session


# --- the ways in --------------------------------------------------------------------------


@transaction.atomic
def cancel_booking(*, booking: Booking, by, reason: str = "") -> Booking | None:
    """Cancel a booking; if it held a seat, promote the first eligible waitlisted person.

    ``by``: the person, their line manager or an administrator. Never after the
    session has started. Returns the promoted booking, if any.
    """
    booking, session = _locked(booking)
    held_seat = booking.status in SEAT_HOLDING_STATUSES
    transition_booking(booking, BookingAction.CANCEL, session=session, by=by, note=reason)
    return promote_from_waitlist(session=session, actor=by) if held_seat else None


@transaction.atomic
def approve_booking(*, booking: Booking, by, note: str = "") -> Booking:
    """The line manager approves a pending booking: the held seat is confirmed."""
    booking, session = _locked(booking)
    return transition_booking(booking, BookingAction.APPROVE, session=session, by=by, note=note)


@transaction.atomic
def decline_booking(*, booking: Booking, by, note: str = "") -> Booking | None:
    """The line manager declines: the seat goes to the next eligible person waiting."""
    booking, session = _locked(booking)
    transition_booking(booking, BookingAction.DECLINE, session=session, by=by, note=note)
    return promote_from_waitlist(session=session, actor=by)


def promote_from_waitlist(*, session: Session, actor=None) -> Booking | None:
    """Give a free seat to the first waitlisted person who is still eligible.

    Precondition: the caller holds the session lock inside a transaction. People
    no longer eligible (e.g. now booked elsewhere at that time) keep their place
    in the queue and are skipped. Never after the session has started.
    """
    now = timezone.now()
    if session.status != SessionStatus.SCHEDULED or session.has_started(now):
        return None
    if places.seats_taken(session) >= session.capacity:
        return None
    courses = None
    for candidate in places.waiting_queue(session).select_related("person"):
        person = lock_people([candidate.person_id])[candidate.person_id]
        courses = courses or eligibility.load_course_facts([session.course_id])
        facts = eligibility.load_facts(
            sessions=[session], people=[person], now=now, courses=courses
        )
        if eligibility.decide(session, person, facts, keeping_seat=True) is not None:
            continue
        candidate.person = person
        return transition_booking(
            candidate, BookingAction.PROMOTE, session=session, by=actor, now=now
        )
    return None
