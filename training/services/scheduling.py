"""Scheduling sessions: create, change, cancel, and mark delivered.

Every door (trainers' pages, the Wagtail admin, commands) calls these, so the
rules hold whichever is used: only approved trainers (or administrators)
schedule a course; a venue never holds two sessions at once; nobody trains or
presents at two sessions at once; a session never has more seats than its
venue, nor fewer than the people already holding one.

Locks, always in this order so two requests never wait on each other in a
cycle: the session (when changing one), then the venue(s) by id, then the
staff by id. The venue lock makes "is the venue free?" and the insert one step,
so two schedulers racing for the same slot cannot both win; the staff locks do
the same for a trainer booked at two venues at once. (On SQLite, immediate
transactions serialise writers anyway.)
"""

import datetime
from collections.abc import Iterable
from functools import partial

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from core.audit import record
from training.enums import ACTIVE_BOOKING_STATUSES, BookingStatus, SessionStatus
from training.models import Booking, Course, Session, Venue
from training.selectors import eligibility
from training.selectors import sessions as selectors
from training.services import TrainingError
from training.services.booking import promote_from_waitlist

User = get_user_model()

# Written on each booking when its session is cancelled; the session-cancelled
# email goes to the people whose bookings carry it.
SESSION_CANCELLED_REASON = "Session cancelled"


def _local(moment: datetime.datetime) -> str:
    return date_format(timezone.localtime(moment), "l j F Y, H:i")


def _queue(task, session: Session) -> None:
    transaction.on_commit(partial(task.enqueue, session_id=session.pk))


def _clean(session: Session, **kwargs) -> None:
    try:
        session.full_clean(**kwargs)
    except ValidationError as error:
        messages = [m for field in error.message_dict.values() for m in field]
        raise TrainingError(" ".join(messages), code="invalid") from error


# --- checks (no writes) ----------------------------------------------------


def check_may_schedule(by, course: Course) -> None:
    if not by.has_perm("training.schedule_course", course):
        raise TrainingError(
            f"You are not approved to deliver {course.title}, so you cannot schedule it. "
            "Ask the programme team to add you to its approved trainers.",
            code="not_approved",
        )


def check_may_manage(by, session: Session) -> None:
    if not by.has_perm("training.manage_session", session):
        raise TrainingError(
            "Only the session's trainers and the programme team can change this session.",
            code="not_allowed",
        )


def check_times(
    *,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    booking_opens_at: datetime.datetime | None,
    booking_closes_at: datetime.datetime | None,
    now: datetime.datetime,
) -> None:
    if starts_at <= now:
        raise TrainingError(
            "The session must start in the future. Check the date and start time.", code="past"
        )
    if booking_opens_at and booking_closes_at and booking_opens_at >= booking_closes_at:
        raise TrainingError("Booking must open before it closes.", code="booking_window")
    if booking_closes_at and booking_closes_at > starts_at:
        raise TrainingError("Booking must close before the session starts.", code="booking_window")
    if booking_opens_at and booking_opens_at >= starts_at:
        raise TrainingError("Booking must open before the session starts.", code="booking_window")
    if ends_at <= starts_at:  # a course's duration is positive, so this is belt and braces
        raise TrainingError("The session must end after it starts.", code="invalid")


def check_capacity(*, capacity: int, venue: Venue) -> None:
    if capacity < 1:
        raise TrainingError("A session needs at least 1 place.", code="capacity")
    if capacity > venue.capacity:
        raise TrainingError(
            f"{venue.name} holds {venue.capacity} people, so the session can have at most "
            f"{venue.capacity} places.",
            code="capacity",
        )


def check_venue_free(
    *,
    venue: Venue,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    exclude_pk: int | None = None,
) -> None:
    """Precondition: the caller holds the venue's lock."""
    clash = selectors.venue_clash(venue, starts_at, ends_at, exclude_pk=exclude_pk)
    if clash is not None:
        raise TrainingError(
            f"{venue.name} is already booked for {clash.course.title} from "
            f"{_local(clash.starts_at)} to {timezone.localtime(clash.ends_at):%H:%M}. "
            "Choose another venue or time.",
            code="venue_clash",
        )


def check_staff_free(
    *,
    trainers: list,
    experts: list,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    exclude_pk: int | None = None,
) -> None:
    """Precondition: the caller holds the staff's locks."""
    overlap = [p for p in trainers if p in experts]
    if overlap:
        raise TrainingError(
            f"{overlap[0].get_full_name() or overlap[0].username} is named as both a trainer "
            "and a subject matter expert. Name them once.",
            code="trainer_overlap",
        )
    clashes = selectors.staff_clashes(
        [*trainers, *experts], starts_at, ends_at, exclude_pk=exclude_pk
    )
    if not clashes:
        return
    person, session = clashes[0]
    name = person.get_full_name() or person.username
    is_trainer = any(person.pk == t.pk for t in trainers)
    raise TrainingError(
        f"{name} is already running {session.course.title} from {_local(session.starts_at)} "
        f"to {timezone.localtime(session.ends_at):%H:%M}, which overlaps this session.",
        code="trainer_overlap" if is_trainer else "expert_overlap",
    )


# --- locks -------------------------------------------------------------------


def _lock_venues(*venues: Venue) -> dict[int, Venue]:
    ids = sorted({v.pk for v in venues})
    locked = Venue.objects.select_for_update().select_related("district").filter(pk__in=ids)
    return {v.pk: v for v in locked.order_by("pk")}


def _lock_people(people: Iterable) -> list:
    """Lock and return the people, keeping the order they were given in."""
    people = list(people)
    ids = sorted({p.pk for p in people})
    locked = {u.pk: u for u in User.objects.select_for_update().filter(pk__in=ids).order_by("pk")}
    return [locked[p.pk] for p in people]


# --- schedule ----------------------------------------------------------------


@transaction.atomic
def schedule_session(
    *,
    course: Course,
    venue: Venue,
    starts_at: datetime.datetime,
    capacity: int,
    trainers: Iterable,
    experts: Iterable = (),
    by,
    booking_opens_at: datetime.datetime | None = None,
    booking_closes_at: datetime.datetime | None = None,
    notes: str = "",
) -> Session:
    """Schedule a run of ``course`` at ``venue`` starting ``starts_at`` (ends after its duration).

    Refuses (TrainingError) when ``by`` may not schedule the course, the start is
    in the past, the booking window is impossible, ``capacity`` exceeds the
    venue's, the venue holds another live session at an overlapping time, or a
    trainer or subject matter expert is already at an overlapping session.
    After commit, queues notice to the trainers and subject matter experts.
    """
    now = timezone.now()
    check_may_schedule(by, course)
    if not course.is_active:
        raise TrainingError(f"{course.title} is no longer offered.", code="inactive_course")
    ends_at = starts_at + course.duration
    check_times(
        starts_at=starts_at,
        ends_at=ends_at,
        booking_opens_at=booking_opens_at,
        booking_closes_at=booking_closes_at,
        now=now,
    )
    venue = _lock_venues(venue)[venue.pk]
    trainers, experts = _lock_people(trainers), _lock_people(experts)
    check_capacity(capacity=capacity, venue=venue)
    check_venue_free(venue=venue, starts_at=starts_at, ends_at=ends_at)
    check_staff_free(trainers=trainers, experts=experts, starts_at=starts_at, ends_at=ends_at)

    session = Session(
        course=course,
        venue=venue,
        starts_at=starts_at,
        ends_at=ends_at,
        capacity=capacity,
        booking_opens_at=booking_opens_at,
        booking_closes_at=booking_closes_at,
        notes=notes,
        created_by=by if getattr(by, "pk", None) else None,
        status=SessionStatus.SCHEDULED,
    )
    _clean(session)
    session.save()
    session.trainers.set(trainers)
    session.subject_matter_experts.set(experts)
    record(
        actor=by,
        action="training.session.scheduled",
        obj=session,
        summary=f"Scheduled {session}",
        venue=venue.pk,
        starts_at=starts_at.isoformat(),
        capacity=capacity,
        trainers=[t.pk for t in trainers],
        experts=[e.pk for e in experts],
    )
    from training import tasks

    _queue(tasks.notify_session_staff, session)
    return session


@transaction.atomic
def update_session(
    *,
    session: Session,
    by,
    venue: Venue,
    starts_at: datetime.datetime,
    capacity: int,
    trainers: Iterable,
    experts: Iterable = (),
    booking_opens_at: datetime.datetime | None = None,
    booking_closes_at: datetime.datetime | None = None,
    notes: str = "",
) -> Session:
    """Change a scheduled session's date, time, venue, capacity, staff or notes.

    The same rules as scheduling apply, and capacity may not drop below the seats
    already taken (more capacity promotes people from the waiting list). A change
    of date, time or venue bumps ``sequence`` and, after commit, sends everyone
    booked (and the staff) an updated invitation; a change of staff alone sends
    the staff their invitations again.
    """
    now = timezone.now()
    session = (
        Session.objects.select_for_update().select_related("course", "venue").get(pk=session.pk)
    )
    check_may_manage(by, session)
    if session.status != SessionStatus.SCHEDULED:
        raise TrainingError(
            f"This session is {session.get_status_display().lower()}, so it cannot be changed.",
            code="not_scheduled",
        )
    if session.has_started(now):
        raise TrainingError(
            "This session has started, so it can no longer be changed.", code="started"
        )
    ends_at = starts_at + session.course.duration
    moved = starts_at != session.starts_at or venue.pk != session.venue_id
    check_times(
        starts_at=starts_at,
        ends_at=ends_at,
        booking_opens_at=booking_opens_at,
        booking_closes_at=booking_closes_at,
        now=now,
    )
    venue = _lock_venues(venue, session.venue)[venue.pk]
    trainers, experts = _lock_people(trainers), _lock_people(experts)
    check_capacity(capacity=capacity, venue=venue)
    taken = eligibility.seats_taken(session)
    if capacity < taken:
        raise TrainingError(
            f"{taken} people already hold a place, so capacity cannot be less than {taken}.",
            code="capacity_below_taken",
        )
    check_venue_free(venue=venue, starts_at=starts_at, ends_at=ends_at, exclude_pk=session.pk)
    check_staff_free(
        trainers=trainers,
        experts=experts,
        starts_at=starts_at,
        ends_at=ends_at,
        exclude_pk=session.pk,
    )

    before = {
        "venue": session.venue_id,
        "starts_at": session.starts_at.isoformat(),
        "capacity": session.capacity,
        "trainers": sorted(session.trainers.values_list("pk", flat=True)),
        "experts": sorted(session.subject_matter_experts.values_list("pk", flat=True)),
    }
    staff_changed = before["trainers"] != sorted(t.pk for t in trainers) or before[
        "experts"
    ] != sorted(e.pk for e in experts)
    session.venue, session.starts_at, session.ends_at = venue, starts_at, ends_at
    session.capacity, session.notes = capacity, notes
    session.booking_opens_at, session.booking_closes_at = booking_opens_at, booking_closes_at
    if moved:
        session.sequence += 1
    _clean(session)
    session.save(
        update_fields=[
            "venue",
            "starts_at",
            "ends_at",
            "capacity",
            "notes",
            "booking_opens_at",
            "booking_closes_at",
            "sequence",
        ]
    )
    session.trainers.set(trainers)
    session.subject_matter_experts.set(experts)
    record(
        actor=by,
        action="training.session.changed",
        obj=session,
        summary=f"Changed {session}",
        before=before,
        venue=venue.pk,
        starts_at=starts_at.isoformat(),
        capacity=capacity,
        trainers=[t.pk for t in trainers],
        experts=[e.pk for e in experts],
        sequence=session.sequence,
    )
    # Extra places go to the people waiting, first in line first.
    while promote_from_waitlist(session=session, actor=by) is not None:
        pass
    from training import tasks

    if moved:  # tells the people booked and the staff
        _queue(tasks.notify_session_changed, session)
    elif staff_changed:
        _queue(tasks.notify_session_staff, session)
    return session


@transaction.atomic
def cancel_session(*, session: Session, by, reason: str) -> Session:
    """Cancel a session that has not started, and every booking on it.

    Active bookings (confirmed, pending, waitlisted) become cancelled with the
    reason "Session cancelled" in the same transaction, without one email each:
    after commit a single task tells everyone booked and the staff.
    """
    reason = (reason or "").strip()
    session = (
        Session.objects.select_for_update().select_related("course", "venue").get(pk=session.pk)
    )
    check_may_manage(by, session)
    if not reason:
        raise TrainingError("Give a reason for cancelling the session.", code="reason_required")
    if session.status == SessionStatus.CANCELLED:
        raise TrainingError("This session is already cancelled.", code="cancelled")
    if session.status == SessionStatus.DELIVERED or session.has_started():
        raise TrainingError(
            "This session has started, so it can no longer be cancelled.", code="started"
        )
    now = timezone.now()
    active = list(
        Booking.objects.filter(session=session, status__in=ACTIVE_BOOKING_STATUSES)
        .select_related("person")
        .order_by("pk")
    )
    cancelled = Booking.objects.filter(pk__in=[b.pk for b in active]).update(
        status=BookingStatus.CANCELLED,
        cancelled_at=now,
        cancellation_reason=SESSION_CANCELLED_REASON,
        updated_at=now,
    )
    for booking in active:
        record(
            actor=by,
            action=f"training.booking.{BookingStatus.CANCELLED}",
            obj=booking,
            summary=f"{booking.person}: {booking.status} → cancelled (session cancelled)",
            previous=booking.status,
            status=BookingStatus.CANCELLED,
        )
    session.status = SessionStatus.CANCELLED
    session.cancellation_reason = reason
    session.sequence += 1
    session.save(update_fields=["status", "cancellation_reason", "sequence"])
    record(
        actor=by,
        action="training.session.cancelled",
        obj=session,
        summary=f"Cancelled {session}: {reason}",
        reason=reason,
        bookings_cancelled=cancelled,
    )
    from training import tasks

    _queue(tasks.notify_session_cancelled, session)
    return session


@transaction.atomic
def mark_session_delivered(*, session: Session, by) -> Session:
    """Record that a scheduled session took place; only once it has started."""
    session = (
        Session.objects.select_for_update().select_related("course", "venue").get(pk=session.pk)
    )
    if not by.has_perm("training.take_register", session):
        raise TrainingError(
            "Only the session's trainers and the programme team can do this.",
            code="not_allowed",
        )
    if session.status == SessionStatus.DELIVERED:
        return session
    if session.status == SessionStatus.CANCELLED:
        raise TrainingError("This session was cancelled.", code="cancelled")
    if not session.has_started():
        raise TrainingError("This session has not started yet.", code="not_started")
    session.status = SessionStatus.DELIVERED
    session.save(update_fields=["status"])
    record(
        actor=by,
        action="training.session.delivered",
        obj=session,
        summary=f"Delivered {session}",
    )
    return session
