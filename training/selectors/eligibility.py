"""Whether a person may hold a seat on a session: one function decides, for every door.

``load_facts`` reads, in a fixed number of queries whatever the number of people and
sessions, everything the rules need: the courses' audiences and prerequisites, each
person's bookings and the sessions they staff, and who from their teams is away on
the days in question. ``decide`` then answers for one person and one session with no
query at all, so the booking service (one person, under its locks), the session page
(the viewer) and the invitation plan (everyone overdue, every candidate session) all
apply the same rules, and the plan can record its own placements (``Facts.hold``) so a
team's cap counts the people it has just invited.

The rules, in the order they are checked:

1. the session is open for booking (not cancelled or started, inside its window);
2. the person does not train or present at it;
3. they hold no booking on it already;
4. they are in the course's audience;
5. they attended its prerequisites;
6. one booking per course: no live booking on another session of the course, and not
   completed while the completion still counts (unless the course may be repeated);
7. no seat on, and no session to staff at, an overlapping time;
8. their team's abstraction cap for the London day is not reached (the one refusal
   that offers the waiting list instead).
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.db import connection
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format

from core.page_cache import kept
from people.enums import OrganisationType
from training import times
from training.enums import (
    ABSTRACTED_STATUSES,
    ACTIVE_BOOKING_STATUSES,
    LIVE_BOOKING_STATUSES,
    SEAT_HOLDING_STATUSES,
    BookingStatus,
    SessionStatus,
)
from training.models import Booking, Course, CourseRequirement, Session
from training.selectors.matrix import rule_for

# Renewal: a person may book again from this many months before their completion expires.
RENEW_FROM_MONTHS = 3
# Sessions whose people are away from duty.
LIVE_SESSION_STATUSES = (SessionStatus.SCHEDULED, SessionStatus.DELIVERED)


def is_partner(person) -> bool:
    return person.organisation_id is not None and person.organisation.type != OrganisationType.FORCE


@dataclass(frozen=True)
class Refusal:
    """Why a person may not hold a seat; ``message`` is fit to show them."""

    code: str
    message: str
    can_waitlist: bool = False


@dataclass(frozen=True)
class Held:
    """A booking of the person's that the rules look at."""

    session_id: int
    course_id: int
    title: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    status: str
    session_status: str


@dataclass(frozen=True)
class Staffed:
    session_id: int
    title: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    role: str  # "trainer" or "subject matter expert"


@dataclass
class Facts:
    """What the rules need about some people and some sessions (see ``load_facts``)."""

    now: datetime.datetime
    partners_allowed: dict[int, set[int]] = field(default_factory=dict)
    prerequisites: dict[int, list[tuple[int, str]]] = field(default_factory=dict)
    requirements: dict[int, list[CourseRequirement]] = field(default_factory=dict)
    bookings: dict[int, list[Held]] = field(default_factory=lambda: defaultdict(list))
    staffing: dict[int, list[Staffed]] = field(default_factory=lambda: defaultdict(list))
    # (team id, London day) -> the people of the team away on training that day.
    away: dict[tuple[int, datetime.date], set[int]] = field(
        default_factory=lambda: defaultdict(set)
    )

    def hold(self, session: Session, person, *, status: str = BookingStatus.CONFIRMED) -> None:
        """Count ``person`` (anything with ``pk`` and ``team_id``) as holding a seat on
        ``session`` from now on: a place just planned, or an invitation already out."""
        self.bookings[person.pk].append(
            Held(
                session.pk,
                session.course_id,
                session.course.title,
                session.starts_at,
                session.ends_at,
                status,
                session.status,
            )
        )
        if person.team_id and status in ABSTRACTED_STATUSES:
            self.away[(person.team_id, times.london_day(session.starts_at))].add(person.pk)

    def release(self, session: Session, person) -> None:
        """Stop counting ``person``'s seat on ``session`` (they lost it)."""
        self.bookings[person.pk] = [
            h for h in self.bookings[person.pk] if h.session_id != session.pk
        ]
        if person.team_id:
            self.away[(person.team_id, times.london_day(session.starts_at))].discard(person.pk)


# --- loading ----------------------------------------------------------------------------


@dataclass(frozen=True)
class CourseFacts:
    """What some courses ask of the people who book them (``load_course_facts``)."""

    partners_allowed: dict[int, set[int]]
    prerequisites: dict[int, list[tuple[int, str]]]
    requirements: dict[int, list[CourseRequirement]]


# What courses ask changes only when these tables do (``training.apps`` watches them).
PROGRAMME_GENERATION = "training:programme:generation"
PROGRAMME_TABLES = (
    "training_course",
    "training_course_partner_organisations",
    "training_course_prerequisites",
    "training_courserequirement",
)


def load_course_facts(course_ids: Iterable[int]) -> CourseFacts:
    """The courses' partner organisations, prerequisites and requirements: three queries,
    or none while they are kept (until a course or its rules change, or a minute passes).

    Nothing a booking locks protects these, so the booking service reads them before it
    takes the session's lock, keeping that lock (which every booking on the session
    waits for) for what must be read under it.
    """
    course_ids = sorted(set(course_ids))
    if len(course_ids) == 1:
        return kept(
            f"training:course-facts:{course_ids[0]}",
            lambda: _read_course_facts(course_ids),
            generation=PROGRAMME_GENERATION,
        )
    return _read_course_facts(course_ids)


def _read_course_facts(course_ids: list[int]) -> CourseFacts:
    courses = CourseFacts(
        partners_allowed={pk: set() for pk in course_ids},
        prerequisites={pk: [] for pk in course_ids},
        requirements={pk: [] for pk in course_ids},
    )
    if not course_ids:
        return courses
    for course_id, organisation_id in Course.partner_organisations.through.objects.filter(
        course_id__in=course_ids
    ).values_list("course_id", "organisation_id"):
        courses.partners_allowed[course_id].add(organisation_id)
    for course_id, required_id, title in Course.prerequisites.through.objects.filter(
        from_course_id__in=course_ids
    ).values_list("from_course_id", "to_course_id", "to_course__title"):
        courses.prerequisites[course_id].append((required_id, title))
    for requirement in CourseRequirement.objects.filter(course_id__in=course_ids).select_related(
        "course"
    ):
        courses.requirements[requirement.course_id].append(requirement)
    return courses


def load_facts(
    *,
    sessions: Iterable[Session],
    people: Iterable,
    now: datetime.datetime | None = None,
    courses: CourseFacts | None = None,
) -> Facts:
    """Everything ``decide`` needs for these sessions and people: seven queries at most,
    four when ``courses`` (``load_course_facts`` for the sessions' courses) is given.

    ``sessions`` need ``course`` fetched; ``people`` need ``organisation`` fetched (for
    partners) and ``team_id``.
    """
    facts = Facts(now=now or timezone.now())
    sessions = list(sessions)
    people = list(people)
    if not sessions or not people:
        return facts
    person_ids = [p.pk for p in people]
    session_ids = [s.pk for s in sessions]
    course_ids = {s.course_id for s in sessions}
    earliest = min(s.starts_at for s in sessions)
    latest = max(s.ends_at for s in sessions)

    if courses is None or not course_ids <= courses.partners_allowed.keys():
        courses = load_course_facts(course_ids)
    facts.partners_allowed = dict(courses.partners_allowed)
    facts.prerequisites = dict(courses.prerequisites)
    facts.requirements = dict(courses.requirements)
    prerequisite_ids = {pk for pairs in facts.prerequisites.values() for pk, _ in pairs}

    rows = _held_and_staffed(
        person_ids, session_ids, course_ids | prerequisite_ids, earliest=earliest, latest=latest
    )
    for kind, person_id, session_id, course_id, title, starts, ends, state, status, _ in rows:
        if kind == "booking":
            facts.bookings[person_id].append(
                Held(session_id, course_id, title, starts, ends, status, state)
            )
        else:
            facts.staffing[person_id].append(Staffed(session_id, title, starts, ends, role=kind))

    team_ids = {p.team_id for p in people if p.team_id}
    days = {times.london_day(s.starts_at) for s in sessions}
    if team_ids:
        on_days = reduce(
            or_,
            (
                Q(session__starts_at__gte=start, session__starts_at__lt=end)
                for start, end in (times.period_bounds(day, 1) for day in days)
            ),
        )
        for team_id, person_id, starts_at in (
            Booking.objects.filter(
                on_days,
                person__team_id__in=team_ids,
                status__in=ABSTRACTED_STATUSES,
                session__status__in=LIVE_SESSION_STATUSES,
            )
            .order_by()
            .values_list("person__team_id", "person_id", "session__starts_at")
        ):
            facts.away[(team_id, times.london_day(starts_at))].add(person_id)
    return facts


def _in(values) -> str:
    return "(" + ", ".join(["%s"] * len(values)) + ")"


def _held_and_staffed(person_ids, session_ids, course_ids, *, earliest, latest) -> list[tuple]:
    """The people's live bookings that the rules look at (on these courses or their
    prerequisites, on these sessions, or holding a seat at an overlapping time) and the
    sessions they train or speak at (these, or overlapping, not cancelled), in one
    statement. Each row: kind ("booking", "trainer" or "subject matter expert"), person,
    session, course, title, start, end, session status, booking status ("" for staffing),
    id; sorted by start, kind, id.

    Written as SQL, not as three querysets in a union: the booking service runs it under
    the session's lock, where building and compiling those querysets cost four times what
    the database takes to answer (``docs/performance.md``).
    """
    ops = connection.ops
    q = ops.quote_name
    booking, session, course = (m._meta.db_table for m in (Booking, Session, Course))
    overlap = f"s.{q('starts_at')} < %s AND s.{q('ends_at')} > %s"
    window = [ops.adapt_datetimefield_value(latest), ops.adapt_datetimefield_value(earliest)]
    columns = (
        f"s.{q('id')}, s.{q('course_id')}, c.{q('title')}, s.{q('starts_at')}, "
        f"s.{q('ends_at')}, s.{q('status')}"
    )
    sessions_and_courses = (
        f"INNER JOIN {q(session)} s ON s.{q('id')} = x.{q('session_id')} "
        f"INNER JOIN {q(course)} c ON c.{q('id')} = s.{q('course_id')}"
    )
    live, holding = LIVE_BOOKING_STATUSES, SEAT_HOLDING_STATUSES
    # Identifiers come from the models and every value is a parameter (the row kinds
    # are constants of this function).
    parts = [
        f"SELECT 'booking', x.{q('person_id')}, {columns}, x.{q('status')}, x.{q('id')} "  # noqa: S608
        f"FROM {q(booking)} x {sessions_and_courses} "
        f"WHERE x.{q('person_id')} IN {_in(person_ids)} AND x.{q('status')} IN {_in(live)} "
        f"AND (s.{q('course_id')} IN {_in(course_ids)} OR x.{q('session_id')} IN "
        f"{_in(session_ids)} OR (s.{q('status')} = %s AND x.{q('status')} IN {_in(holding)} "
        f"AND {overlap}))"
    ]
    params = [*person_ids, *live, *course_ids, *session_ids, SessionStatus.SCHEDULED]
    params += [*holding, *window]
    for through, role in (
        (Session.trainers.through, "trainer"),
        (Session.subject_matter_experts.through, "subject matter expert"),
    ):
        parts.append(
            f"SELECT '{role}', x.{q('user_id')}, {columns}, '', x.{q('id')} "  # noqa: S608
            f"FROM {q(through._meta.db_table)} x {sessions_and_courses} "
            f"WHERE x.{q('user_id')} IN {_in(person_ids)} AND s.{q('status')} <> %s "
            f"AND (x.{q('session_id')} IN {_in(session_ids)} OR ({overlap}))"
        )
        params += [*person_ids, SessionStatus.CANCELLED, *session_ids, *window]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        rows = cursor.fetchall()
    # SQLite gives datetimes back as text; PostgreSQL as aware datetimes.
    convert = getattr(ops, "convert_datetimefield_value", None)
    if convert is not None:
        rows = [
            (*row[:5], *(convert(moment, None, connection) for moment in row[5:7]), *row[7:])
            for row in rows
        ]
    return sorted(rows, key=lambda row: (row[5], row[0], row[9]))


# --- deciding -----------------------------------------------------------------------------


def _when(moment: datetime.datetime) -> str:
    return date_format(times.london(moment), "l j F Y")


def _at(moment: datetime.datetime) -> str:
    return date_format(times.london(moment), "l j F Y, H:i")


def window_refusal(session: Session, now: datetime.datetime) -> Refusal | None:
    if session.status == SessionStatus.CANCELLED:
        return Refusal("cancelled", "This session has been cancelled.")
    if session.status == SessionStatus.DELIVERED or session.has_started(now):
        return Refusal("started", "This session has already started.")
    if session.booking_opens_at and now < session.booking_opens_at:
        return Refusal("not_open", f"Booking opens on {_at(session.booking_opens_at)}.")
    closes = session.effective_booking_closes_at()
    if now >= closes:
        return Refusal("closed", f"Booking closed on {_at(closes)}.")
    return None


def in_audience(course: Course, person, partners_allowed: set[int]) -> bool:
    """Partners by organisation; force staff by rank and function (empty list: any)."""
    if is_partner(person):
        return course.open_to_all_partners or person.organisation_id in partners_allowed
    return (not course.audience_ranks or person.rank in course.audience_ranks) and (
        not course.audience_functions or person.function in course.audience_functions
    )


def _repeat_refusal(session: Session, person, facts: Facts) -> Refusal | None:
    course = session.course
    if course.may_repeat:
        return None
    mine = [h for h in facts.bookings.get(person.pk, ()) if h.course_id == course.pk]
    for held in mine:
        if (
            held.session_id != session.pk
            and held.status in ACTIVE_BOOKING_STATUSES
            and held.session_status == SessionStatus.SCHEDULED
            and held.ends_at > facts.now
        ):
            place = (
                "a place on the waiting list for"
                if held.status == BookingStatus.WAITLISTED
                else "a place on"
            )
            return Refusal(
                "repeat",
                f"You already have {place} {course.title} on {_when(held.starts_at)}. You can "
                "book one session of a course at a time: cancel that booking first if you "
                "would rather come on this date.",
            )
    attended = [h for h in mine if h.status == BookingStatus.ATTENDED]
    if not attended:
        return None
    last = max(times.london_day(h.starts_at) for h in attended)
    rule = rule_for(facts.requirements.get(course.pk, ()), person)
    renewal = rule.renewal_months if rule else None
    on = date_format(last, "j F Y")
    if renewal is None:
        return Refusal(
            "repeat",
            f"You attended {course.title} on {on}, so you do not need to book it again.",
        )
    expires = times.add_months(last, renewal)
    renew_from = times.add_months(expires, -RENEW_FROM_MONTHS)
    if times.london_day(session.starts_at) < renew_from:
        return Refusal(
            "repeat",
            f"You attended {course.title} on {on} and it counts until "
            f"{date_format(expires, 'j F Y')}. You can book a session from "
            f"{date_format(renew_from, 'j F Y')} to renew it.",
        )
    return None


def _overlap_refusal(session: Session, person, facts: Facts) -> Refusal | None:
    for held in facts.bookings.get(person.pk, ()):
        if (
            held.session_id != session.pk
            and held.status in SEAT_HOLDING_STATUSES
            and held.session_status == SessionStatus.SCHEDULED
            and times.overlaps(held.starts_at, held.ends_at, session.starts_at, session.ends_at)
        ):
            return Refusal(
                "overlap",
                f"You are already booked on {held.title} at {_at(held.starts_at)}, which "
                "overlaps this session.",
            )
    for staffed in facts.staffing.get(person.pk, ()):
        if staffed.session_id != session.pk and times.overlaps(
            staffed.starts_at, staffed.ends_at, session.starts_at, session.ends_at
        ):
            return Refusal(
                "overlap",
                f"You are the {staffed.role} at {staffed.title} at {_at(staffed.starts_at)}, "
                "which overlaps this session.",
            )
    return None


def _team_cap_refusal(session: Session, person, facts: Facts) -> Refusal | None:
    cap = session.course.abstraction_cap_per_team
    if cap is None or not person.team_id:
        return None
    away = facts.away.get((person.team_id, times.london_day(session.starts_at)), set())
    if len(away - {person.pk}) < cap:
        return None
    return Refusal(
        "team_cap",
        f"The most people from {person.team.name} who may be away on training that day "
        f"({cap}) are already booked. You can join the waiting list instead.",
        can_waitlist=True,
    )


def decide(session: Session, person, facts: Facts, *, keeping_seat: bool = False) -> Refusal | None:
    """Why ``person`` may not hold a seat on ``session``, or None if they may (no queries).

    ``keeping_seat``: re-check a seat already held (after the session moved): only the
    rules a move can break (staffing it, overlaps, the team's cap) apply.
    """
    if not keeping_seat:
        refusal = window_refusal(session, facts.now)
        if refusal:
            return refusal
    for staffed in facts.staffing.get(person.pk, ()):
        if staffed.session_id == session.pk:
            return Refusal(
                "staff",
                f"You are the {staffed.role} on this session, so you do not book a seat on it.",
            )
    if not keeping_seat:
        course = session.course
        if any(
            h.session_id == session.pk and h.status in LIVE_BOOKING_STATUSES
            for h in facts.bookings.get(person.pk, ())
        ):
            return Refusal("duplicate", "You are already booked on this session.")
        if not in_audience(course, person, facts.partners_allowed.get(course.pk, set())):
            return Refusal(
                "audience",
                f"{course.title} is not open to your role. Ask the programme team if you "
                "think it should be.",
            )
        done = {
            h.course_id
            for h in facts.bookings.get(person.pk, ())
            if h.status == BookingStatus.ATTENDED
        }
        missing = [title for pk, title in facts.prerequisites.get(course.pk, []) if pk not in done]
        if missing:
            return Refusal("prerequisite", f"You need to attend {', '.join(missing)} first.")
        refusal = _repeat_refusal(session, person, facts)
        if refusal:
            return refusal
    return _overlap_refusal(session, person, facts) or _team_cap_refusal(session, person, facts)


def refusal_for(
    session: Session, person, *, now: datetime.datetime | None = None
) -> Refusal | None:
    """``decide`` for one person and one session, loading the facts (a page asking
    whether to offer the Book button)."""
    return decide(session, person, load_facts(sessions=[session], people=[person], now=now))
