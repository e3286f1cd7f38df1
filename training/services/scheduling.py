"""Scheduling sessions: create, change, and the one transition function for a session.

Every door (trainers' pages, the Wagtail admin, commands) calls these, so the
rules hold whichever is used: only approved trainers (or administrators)
schedule a course; a venue never holds two sessions at once; nobody trains or
presents at two sessions at once; a session never has more seats than its
venue, nor fewer than the people already holding one. ``transition_session``
moves a session to cancelled or delivered, with its guard, its permission check
against the acting user, its audit entry and its side effects; cancelling moves
each booking through ``booking.transition_booking``. Moving a session re-checks,
for everyone holding a seat, what booking checks (staffing it, overlaps, the
team's cap on the new day, late notice), and tells those affected; a trainer or
subject matter expert taken off a session is told.

Times are instants: a session ends its course's length after it starts however
the wall clock moves, and a London time the clocks skip or repeat is refused.

Locks, always in this order so two requests never wait on each other in a
cycle: the session (when changing one), then the venue(s) by id, then the
staff by id, then (after a move) the people booked and their teams by id. The
venue lock makes "is the venue free?" and the insert one step, so two
schedulers racing for the same slot cannot both win; the staff locks do the
same for a trainer booked at two venues at once. (On SQLite, immediate
transactions serialise writers anyway.)
"""

import datetime
import enum
from collections.abc import Iterable
from functools import partial

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from core.audit import deny, record
from core.concurrency import changed_since, stale_message
from training import times
from training.enums import ACTIVE_BOOKING_STATUSES, SEAT_HOLDING_STATUSES, SessionStatus
from training.models import Booking, Course, Session, Venue
from training.selectors import eligibility, places
from training.selectors import sessions as selectors
from training.services import TrainingError
from training.services.booking import (
    BookingAction,
    lock_people,
    promote_from_waitlist,
    transition_booking,
)
from training.services.notifications import (
    notify_session_cancelled_task,
    notify_session_changed_task,
    notify_session_staff_task,
    notify_staff_removed_task,
)

User = get_user_model()


def _local(moment: datetime.datetime) -> str:
    return date_format(times.london(moment), "l j F Y, H:i")


def _clean(session: Session, **kwargs) -> None:
    try:
        session.full_clean(**kwargs)
    except ValidationError as error:
        messages = [m for field in error.message_dict.values() for m in field]
        raise TrainingError(" ".join(messages), code="invalid") from error


# --- checks (no writes) ----------------------------------------------------


def check_may_schedule(by, course: Course) -> None:
    if not by.has_perm("training.schedule_course", course):
        deny(actor=by, action="training.session.schedule", obj=course, reason=course.title)
        raise TrainingError(
            f"You are not approved to deliver {course.title}, so you cannot schedule it. "
            "Ask the programme team to add you to its approved trainers.",
            code="not_approved",
        )


def check_may_manage(by, session: Session) -> None:
    if not by.has_perm("training.manage_session", session):
        deny(actor=by, action="training.session.manage", obj=session)
        raise TrainingError(
            "Only the session's trainers and the programme team can change this session.",
            code="not_allowed",
        )


def check_may_take_register(by, session: Session, now=None) -> None:
    if not by.has_perm("training.take_register", session):
        deny(actor=by, action="training.session.register", obj=session)
        raise TrainingError(
            "Only the session's trainers and the programme team can take its register.",
            code="not_allowed",
        )
    if session.status == SessionStatus.CANCELLED:
        raise TrainingError("This session was cancelled.", code="cancelled")
    if not session.has_started(now):
        raise TrainingError(
            f"You can take the register from the start of the session "
            f"({_local(session.starts_at)}).",
            code="not_started",
        )


def check_can_still_change(session: Session, now=None) -> None:
    if session.status == SessionStatus.CANCELLED:
        raise TrainingError("This session is already cancelled.", code="cancelled")
    if not session.can_still_change(now):
        done = "been delivered" if session.status == SessionStatus.DELIVERED else "started"
        raise TrainingError(
            f"This session has {done}, so it can no longer be changed.", code="started"
        )


def check_start(starts_at: datetime.datetime, now: datetime.datetime) -> datetime.datetime:
    """The start as an instant (UTC): in the future, not years away, and a real London time."""
    try:
        starts_at = times.check_wall_time(starts_at)
    except times.LocalTimeError as error:
        raise TrainingError(error.message, code=error.code) from error
    if starts_at <= now:
        raise TrainingError(
            "The session must start in the future. Check the date and start time.", code="past"
        )
    latest = times.add_months(times.london_day(now), 12 * times.SCHEDULE_YEARS_AHEAD)
    if times.london_day(starts_at) > latest:
        raise TrainingError(
            f"Sessions can be scheduled up to {times.SCHEDULE_YEARS_AHEAD} years ahead, so "
            f"the session must start by {date_format(latest, 'j F Y')}.",
            code="too_far",
        )
    return starts_at


def check_times(
    *,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    booking_opens_at: datetime.datetime | None,
    booking_closes_at: datetime.datetime | None,
) -> None:
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
            f"{_local(clash.starts_at)} to {times.london(clash.ends_at):%H:%M}. "
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
        f"to {times.london(session.ends_at):%H:%M}, which overlaps this session.",
        code="trainer_overlap" if is_trainer else "expert_overlap",
    )


# --- locks -------------------------------------------------------------------


def _lock_session(session: Session) -> Session:
    return Session.objects.select_for_update().select_related("course", "venue").get(pk=session.pk)


def _lock_venues(*venues: Venue) -> dict[int, Venue]:
    ids = sorted({v.pk for v in venues})
    locked = Venue.objects.select_for_update().select_related("district").filter(pk__in=ids)
    return {v.pk: v for v in locked.order_by("pk")}


def _lock_staff(people: Iterable) -> list:
    """Lock and return the people, keeping the order they were given in."""
    people = list(people)
    ids = sorted({p.pk for p in people})
    locked = {u.pk: u for u in User.objects.select_for_update().filter(pk__in=ids).order_by("pk")}
    return [locked[p.pk] for p in people]


def _queue(task, session: Session, **kwargs) -> None:
    transaction.on_commit(partial(task.enqueue, session_id=session.pk, **kwargs))


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
    in the past, years ahead or a London time that does not exist (or happens
    twice), the booking window is impossible, ``capacity`` exceeds the venue's,
    the venue holds another live session at an overlapping time, or a trainer or
    subject matter expert is already at an overlapping session. After commit,
    queues notice to the trainers and subject matter experts.
    """
    now = timezone.now()
    check_may_schedule(by, course)
    if not course.is_active:
        raise TrainingError(f"{course.title} is no longer offered.", code="inactive_course")
    starts_at = check_start(starts_at, now)
    ends_at = times.ends_at(starts_at, course.duration)
    check_times(
        starts_at=starts_at,
        ends_at=ends_at,
        booking_opens_at=booking_opens_at,
        booking_closes_at=booking_closes_at,
    )
    venue = _lock_venues(venue)[venue.pk]
    trainers, experts = _lock_staff(trainers), _lock_staff(experts)
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
    _queue(notify_session_staff_task, session)
    return session


# --- change ---------------------------------------------------------------------


def _why_lost(refusal: eligibility.Refusal) -> str:
    """How the lost-seat email finishes "On the new date ..."."""
    if refusal.code == "team_cap":
        return (
            "the most people from your team who may be away on training that day are already booked"
        )
    if refusal.code == "staff":
        return "you are one of the people running it"
    return refusal.message[0].lower() + refusal.message[1:].rstrip(".")


def _recheck_seats(session: Session, *, by, now: datetime.datetime) -> list[int]:
    """After a move: seats a rule now stands in the way of go back to the waiting list.

    Checked latest seat first, so when a team's cap is exceeded it is the people who
    booked last who lose their seat. Returns the ids of the bookings that lost one.
    Precondition: the session is locked and saved at its new time.
    """
    holders = list(
        session.bookings.filter(status__in=SEAT_HOLDING_STATUSES).select_related("person")
    )
    if not holders:
        return []
    people = lock_people([b.person_id for b in holders])
    facts = eligibility.load_facts(sessions=[session], people=people.values(), now=now)
    lost = []
    holders.sort(key=lambda b: (b.confirmed_at or b.created_at, b.pk), reverse=True)
    for booking in holders:
        person = people[booking.person_id]
        refusal = eligibility.decide(session, person, facts, keeping_seat=True)
        if refusal is None:
            continue
        booking.person = person
        transition_booking(
            booking,
            BookingAction.LOSE_SEAT,
            session=session,
            by=by,
            now=now,
            note=_why_lost(refusal),
        )
        facts.release(session, person)
        lost.append(booking.pk)
    if session.is_late_notice(now):
        # Duties hear of the new day only now: inside the notice period, it is late.
        Booking.objects.filter(
            session=session, status__in=SEAT_HOLDING_STATUSES, is_late=False
        ).update(is_late=True, updated_at=now)
    return lost


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
    seen_version: int | None = None,
) -> Session:
    """Change a scheduled session's date, time, venue, capacity, staff or notes.

    ``seen_version`` (``core.concurrency.version_of`` when the form was opened): refused
    (code ``stale``, saying who changed it and when) if the session changed since.

    The same rules as scheduling apply, and capacity may not drop below the seats
    already taken (more capacity promotes people from the waiting list). A change
    of date, time or venue bumps ``sequence`` and re-checks every seat (see
    ``_recheck_seats``); after commit the people who lost a seat are told why,
    everyone else booked (and the staff) gets the new details. A change of staff
    sends the staff their invitations again and tells anyone taken off.
    """
    now = timezone.now()
    session = _lock_session(session)
    check_may_manage(by, session)
    change = changed_since(session, seen_version)
    if change is not None:
        raise TrainingError(stale_message(change, "this session"), code="stale")
    check_can_still_change(session, now)
    starts_at = check_start(starts_at, now)
    ends_at = times.ends_at(starts_at, session.course.duration)
    moved = starts_at != session.starts_at or venue.pk != session.venue_id
    check_times(
        starts_at=starts_at,
        ends_at=ends_at,
        booking_opens_at=booking_opens_at,
        booking_closes_at=booking_closes_at,
    )
    venue = _lock_venues(venue, session.venue)[venue.pk]
    trainers, experts = _lock_staff(trainers), _lock_staff(experts)
    check_capacity(capacity=capacity, venue=venue)
    taken = places.seats_taken(session)
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
    staying = {p.pk for p in [*trainers, *experts]}
    removed = {
        "trainer_ids": [pk for pk in before["trainers"] if pk not in staying],
        "expert_ids": [pk for pk in before["experts"] if pk not in staying],
    }
    staff_changed = before["trainers"] != sorted(t.pk for t in trainers) or before[
        "experts"
    ] != sorted(e.pk for e in experts)
    session.venue, session.starts_at, session.ends_at = venue, starts_at, ends_at
    session.capacity, session.notes = capacity, notes
    session.booking_opens_at, session.booking_closes_at = booking_opens_at, booking_closes_at
    if moved or staff_changed:
        # Every calendar update must outrank the one before (the staff's UID carries it).
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
    lost = _recheck_seats(session, by=by, now=now) if moved else []
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
        lost_seats=lost,
    )
    # Extra places go to the people waiting, first in line first.
    while promote_from_waitlist(session=session, actor=by) is not None:
        pass
    if moved:  # tells the people booked (but those who lost a seat) and the staff
        _queue(notify_session_changed_task, session, skip_booking_ids=lost)
    elif staff_changed:
        _queue(notify_session_staff_task, session)
    if removed["trainer_ids"] or removed["expert_ids"]:
        _queue(notify_staff_removed_task, session, **removed)
    return session


# --- the one transition function ---------------------------------------------------


class SessionAction(enum.StrEnum):
    CANCEL = "cancel"
    DELIVER = "deliver"


def transition_session(
    session: Session,
    action: SessionAction,
    *,
    by,
    reason: str = "",
    now: datetime.datetime | None = None,
) -> Session:
    """Move ``session`` to cancelled or delivered: guard, permission check against ``by``,
    ``update_fields`` save, audit entry and side effects after commit.

    CANCEL: ``training.manage_session``; the session can still change (scheduled, not
    started); a reason is given. Every active booking moves to cancelled through
    ``transition_booking``, and after commit one task tells everyone booked and the staff.
    DELIVER: ``training.take_register``; not cancelled and started.
    Precondition: the caller holds the session's row lock inside a transaction.
    """
    now = now or timezone.now()
    if action == SessionAction.CANCEL:
        check_may_manage(by, session)
        reason = (reason or "").strip()
        if not reason:
            raise TrainingError("Give a reason for cancelling the session.", code="reason_required")
        check_can_still_change(session, now)
        active = (
            Booking.objects.filter(session=session, status__in=ACTIVE_BOOKING_STATUSES)
            .select_related("person")
            .order_by("pk")
        )
        cancelled = 0
        for booking in active:
            transition_booking(
                booking,
                BookingAction.CANCEL_WITH_SESSION,
                session=session,
                by=by,
                now=now,
                notify=False,
            )
            cancelled += 1
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
        _queue(notify_session_cancelled_task, session)
        return session

    check_may_take_register(by, session, now)
    if session.status == SessionStatus.DELIVERED:
        return session
    session.status = SessionStatus.DELIVERED
    session.save(update_fields=["status"])
    record(
        actor=by, action="training.session.delivered", obj=session, summary=f"Delivered {session}"
    )
    return session


@transaction.atomic
def cancel_session(*, session: Session, by, reason: str) -> Session:
    """Cancel a session that has not started, and every booking on it (see
    ``transition_session``)."""
    return transition_session(_lock_session(session), SessionAction.CANCEL, by=by, reason=reason)
