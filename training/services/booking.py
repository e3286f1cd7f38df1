"""Booking a seat, cancelling, approving, and promoting from the waiting list.

Every door (views, Wagtail admin, commands, tasks) calls these functions. The
capacity rule is "count then write", so each function locks the session row
first (``select_for_update`` on PostgreSQL; SQLite's BEGIN IMMEDIATE serialises
writers), then the person, then their team: always in that order, so two
requests never wait on each other in a cycle.
"""

import datetime
from functools import partial

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from core.audit import record
from people.models import Team
from training.enums import (
    ACTIVE_BOOKING_STATUSES,
    LIVE_BOOKING_STATUSES,
    SEAT_HOLDING_STATUSES,
    BookingStatus,
    CalendarEvent,
    SessionStatus,
)
from training.models import Booking, Session
from training.selectors import eligibility
from training.services import TrainingError

User = get_user_model()


def _local(moment: datetime.datetime) -> str:
    return date_format(timezone.localtime(moment), "l j F Y, H:i")


def _queue_email(booking: Booking, event: CalendarEvent) -> None:
    from training import tasks

    transaction.on_commit(
        partial(tasks.send_booking_email.enqueue, booking_id=booking.pk, event=event.value)
    )


# --- checks (no writes) ----------------------------------------------------


def check_window(session: Session, now: datetime.datetime) -> None:
    if session.status == SessionStatus.CANCELLED:
        raise TrainingError("This session has been cancelled.", code="cancelled")
    if session.status == SessionStatus.DELIVERED or session.has_started(now):
        raise TrainingError("This session has already started.", code="started")
    if session.booking_opens_at and now < session.booking_opens_at:
        raise TrainingError(
            f"Booking opens on {_local(session.booking_opens_at)}.", code="not_open"
        )
    closes = session.effective_booking_closes_at()
    if now >= closes:
        raise TrainingError(f"Booking closed on {_local(closes)}.", code="closed")


def check_eligible(session: Session, person, *, check_team_cap: bool = True) -> None:
    """Raise TrainingError if ``person`` may not hold a seat on ``session``.

    Precondition for a reliable answer: the caller holds the session, person
    and team locks (the booking functions below do).
    """
    course = session.course
    if not eligibility.in_audience(course, person):
        raise TrainingError(
            f"{course.title} is not open to your role. Ask the programme team if you "
            "think it should be.",
            code="audience",
        )
    missing = eligibility.missing_prerequisites(course, person)
    if missing:
        names = ", ".join(c.title for c in missing)
        raise TrainingError(f"You need to attend {names} first.", code="prerequisite")
    clash = eligibility.overlapping_booking(session, person)
    if clash is not None:
        raise TrainingError(
            f"You are already booked on {clash.session.course.title} at "
            f"{_local(clash.session.starts_at)}, which overlaps this session.",
            code="overlap",
        )
    if check_team_cap and eligibility.team_cap_reached(session, person):
        raise TrainingError(
            f"The most people from {person.team.name} who may be away on training that day "
            f"({course.abstraction_cap_per_team}) are already booked. You can join the "
            "waiting list instead.",
            code="team_cap",
            can_waitlist=True,
        )


def _lock(session: Session, person) -> tuple[Session, object]:
    session = (
        Session.objects.select_for_update(of=("self",)).select_related("course").get(pk=session.pk)
    )
    person = (
        User.objects.select_for_update(of=("self",))
        .select_related("organisation", "team")
        .get(pk=person.pk)
    )
    if person.team_id:
        Team.objects.select_for_update().filter(pk=person.team_id).first()
    return session, person


def _seat_status(session: Session, person) -> BookingStatus:
    if session.course.requires_manager_approval:
        return BookingStatus.PENDING_APPROVAL
    return BookingStatus.CONFIRMED


# --- book -----------------------------------------------------------------


@transaction.atomic
def book_seat(
    *, session: Session, person, booked_by=None, waitlist_if_blocked: bool = False
) -> Booking:
    """Book ``person`` on ``session``: confirmed, pending approval, or waitlisted.

    Refuses (TrainingError) when the session is not open, the person is not in
    the audience, lacks a prerequisite, already holds a booking here or an
    overlapping seat, or their team's abstraction cap for the day is reached
    (then ``waitlist_if_blocked=True`` puts them on the waiting list instead).
    A full session puts the person on the waiting list. Emails after commit.
    """
    now = timezone.now()
    session, person = _lock(session, person)
    check_window(session, now)
    if session.bookings.filter(person=person, status__in=LIVE_BOOKING_STATUSES).exists():
        raise TrainingError("You are already booked on this session.", code="duplicate")
    try:
        check_eligible(session, person)
        blocked = False
    except TrainingError as error:
        if not (error.can_waitlist and waitlist_if_blocked):
            raise
        blocked = True

    full = eligibility.seats_taken(session) >= session.capacity
    status = BookingStatus.WAITLISTED if (blocked or full) else _seat_status(session, person)
    booking = Booking(
        session=session,
        person=person,
        status=status,
        booked_by=booked_by or person,
        created_at=now,
        waitlisted_at=now if status == BookingStatus.WAITLISTED else None,
        confirmed_at=now if status == BookingStatus.CONFIRMED else None,
        approver=person.line_manager if status == BookingStatus.PENDING_APPROVAL else None,
        is_late=session.is_late_notice(now),
    )
    booking.full_clean()
    booking.save()
    record(
        actor=booked_by or person,
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


# --- the one transition function ------------------------------------------


def _set_status(booking: Booking, status: BookingStatus, *, actor, event, **fields) -> Booking:
    """Move a booking to ``status``; caller holds the session lock."""
    previous = booking.status
    booking.status = status
    for name, value in fields.items():
        setattr(booking, name, value)
    if status == BookingStatus.CONFIRMED and booking.confirmed_at is None:
        booking.confirmed_at = timezone.now()
    booking.save(update_fields=["status", "updated_at", "confirmed_at", *fields])
    record(
        actor=actor,
        action=f"training.booking.{status}",
        obj=booking,
        summary=f"{booking.person}: {previous} → {status} on {booking.session}",
        previous=previous,
        status=status,
    )
    if event is not None:
        _queue_email(booking, event)
    return booking


def _locked_booking(booking: Booking) -> tuple[Booking, Session]:
    session = (
        Session.objects.select_for_update(of=("self",))
        .select_related("course")
        .get(pk=booking.session_id)
    )
    booking = Booking.objects.select_related("person").get(pk=booking.pk)
    return booking, session


# --- cancel and promote ---------------------------------------------------


@transaction.atomic
def cancel_booking(*, booking: Booking, by, reason: str = "") -> Booking | None:
    """Cancel a booking; if it held a seat, promote the first eligible waitlisted person.

    Never after the session has started. Returns the promoted booking, if any.
    """
    booking, session = _locked_booking(booking)
    if booking.status not in ACTIVE_BOOKING_STATUSES:
        raise TrainingError(
            "This booking is not active, so there is nothing to cancel.", code="inactive"
        )
    if session.has_started():
        raise TrainingError(
            "The session has started, so the booking can no longer be cancelled.", code="started"
        )
    held_seat = booking.status in SEAT_HOLDING_STATUSES
    _set_status(
        booking,
        BookingStatus.CANCELLED,
        actor=by,
        event=CalendarEvent.CANCELLED,
        cancelled_at=timezone.now(),
        cancellation_reason=reason[:300],
    )
    return promote_from_waitlist(session=session, actor=by) if held_seat else None


def promote_from_waitlist(*, session: Session, actor=None) -> Booking | None:
    """Give a free seat to the first waitlisted person who is still eligible.

    Precondition: the caller holds the session lock inside a transaction. People
    no longer eligible (e.g. now booked elsewhere at that time) keep their place
    in the queue and are skipped. Never after the session has started.
    """
    if session.status != SessionStatus.SCHEDULED or session.has_started():
        return None
    if eligibility.seats_taken(session) >= session.capacity:
        return None
    queue = session.bookings.filter(status=BookingStatus.WAITLISTED).order_by("waitlisted_at", "pk")
    for candidate in queue.select_related("person"):
        person = (
            User.objects.select_for_update(of=("self",))
            .select_related("organisation", "team")
            .get(pk=candidate.person_id)
        )
        if person.team_id:
            Team.objects.select_for_update().filter(pk=person.team_id).first()
        try:
            check_eligible(session, person)
        except TrainingError:
            continue
        status = _seat_status(session, person)
        return _set_status(
            candidate,
            status,
            actor=actor,
            event=CalendarEvent.PROMOTED,
            approver=person.line_manager if status == BookingStatus.PENDING_APPROVAL else None,
            is_late=session.is_late_notice(timezone.now()),
        )
    return None


# --- manager approval -----------------------------------------------------


def can_decide(booking: Booking, user) -> bool:
    return (
        user.is_superuser
        or (booking.approver_id is not None and booking.approver_id == user.pk)
        or (booking.person.line_manager_id == user.pk)
        or user.has_perm("training.schedule_any_session")
    )


@transaction.atomic
def approve_booking(*, booking: Booking, by, note: str = "") -> Booking:
    """The line manager approves a pending booking: the held seat is confirmed."""
    booking, session = _locked_booking(booking)
    if booking.status != BookingStatus.PENDING_APPROVAL:
        raise TrainingError("This booking is not waiting for approval.", code="not_pending")
    if not can_decide(booking, by):
        raise TrainingError(
            "Only the person's line manager can approve this booking.", code="not_manager"
        )
    if session.has_started():
        raise TrainingError("The session has started.", code="started")
    return _set_status(
        booking,
        BookingStatus.CONFIRMED,
        actor=by,
        event=CalendarEvent.APPROVED,
        decided_at=timezone.now(),
        decision_note=note[:300],
        approver=by,
    )


@transaction.atomic
def decline_booking(*, booking: Booking, by, note: str = "") -> Booking | None:
    """The line manager declines: the seat goes to the next eligible person waiting."""
    booking, session = _locked_booking(booking)
    if booking.status != BookingStatus.PENDING_APPROVAL:
        raise TrainingError("This booking is not waiting for approval.", code="not_pending")
    if not can_decide(booking, by):
        raise TrainingError(
            "Only the person's line manager can decline this booking.", code="not_manager"
        )
    _set_status(
        booking,
        BookingStatus.DECLINED,
        actor=by,
        event=CalendarEvent.DECLINED,
        decided_at=timezone.now(),
        decision_note=note[:300],
        approver=by,
    )
    return promote_from_waitlist(session=session, actor=by)
