"""The training matrix: for each person in scope and each course their role requires,
whether it is complete, booked, due or overdue, and the compliance that follows.

``load_matrix`` makes four queries (people, requirements, bookings, the courses'
approved trainers) however many people are in scope; everything after that is
pure functions over the fetched rows, so it can be tested without a database
and reused by the invitations service.

Rules, for a person and a course:

- The course is *required* when one of its requirements applies to the person's
  rank and function (an empty list means any). If several apply, the strictest
  holds: the shortest ``within_months`` and the shortest renewal period.
- *Delivers it*: the person is one of the course's approved trainers. A course's
  requirement does not apply to the people approved to deliver it (they teach it, so
  they are not its learners): the cell says so, it is not counted as required, and
  nobody is invited to book it.
- *Complete*: they attended it, and (with a renewal period) the attendance has
  not expired: attended on day A, valid until A + renewal months.
- *Booked*: not complete, and they hold a seat (confirmed or waiting for
  approval) on a scheduled session of the course that has not started.
- Otherwise the deadline is ``role_started_on`` + ``within_months`` (or, when a
  completion has expired, the expiry date). *Overdue* once the deadline has
  passed, *due* until then (and when the start date is not recorded).
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import date_format

from training import times
from training.enums import SEAT_HOLDING_STATUSES, BookingStatus, SessionStatus
from training.models import Booking, Course, CourseRequirement
from training.times import add_months


class MatrixStatus(models.TextChoices):
    COMPLETE = "complete", "Complete"
    BOOKED = "booked", "Booked"
    OVERDUE = "overdue", "Overdue"
    DUE = "due", "Due"
    DELIVERS = "delivers", "Delivers it"
    NOT_REQUIRED = "not_required", "Not required"


# Statuses of a course someone must attend (counted in compliance).
REQUIRED_STATUSES = (
    MatrixStatus.COMPLETE,
    MatrixStatus.BOOKED,
    MatrixStatus.OVERDUE,
    MatrixStatus.DUE,
)


TAG_CLASSES = {
    MatrixStatus.COMPLETE: "govuk-tag govuk-tag--green",
    MatrixStatus.BOOKED: "govuk-tag",
    MatrixStatus.OVERDUE: "govuk-tag govuk-tag--red",
    MatrixStatus.DUE: "govuk-tag govuk-tag--yellow",
    MatrixStatus.DELIVERS: "govuk-tag govuk-tag--blue",
    MatrixStatus.NOT_REQUIRED: "govuk-tag govuk-tag--grey",
}

london_date = times.london_day


# --- what applies ---------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    """The requirement that holds for one person and one course (the strictest applying)."""

    course: Course
    within_months: int
    renewal_months: int | None


def rule_for(requirements: Iterable[CourseRequirement], person) -> Rule | None:
    """The strictest of ``requirements`` (all for one course) that applies to ``person``."""
    applying = [r for r in requirements if r.applies_to(person)]
    if not applying:
        return None
    renewals = [r.renewal_months for r in applying if r.renewal_months]
    return Rule(
        course=applying[0].course,
        within_months=min(r.within_months for r in applying),
        renewal_months=min(renewals) if renewals else None,
    )


# --- one cell -----------------------------------------------------------------------


@dataclass(frozen=True)
class MatrixCell:
    status: MatrixStatus
    deadline: datetime.date | None = None
    completed_on: datetime.date | None = None
    valid_until: datetime.date | None = None
    booked_for: datetime.datetime | None = None

    @property
    def is_required(self) -> bool:
        return self.status in REQUIRED_STATUSES

    @property
    def is_shown(self) -> bool:
        return self.status != MatrixStatus.NOT_REQUIRED

    @property
    def label(self) -> str:
        return self.status.label

    @property
    def tag_class(self) -> str:
        return TAG_CLASSES[self.status]

    @property
    def detail(self) -> str:
        """A short phrase with the date that matters, e.g. 'deadline 3 Mar 2026'."""
        fmt = "j M Y"
        if self.status == MatrixStatus.COMPLETE:
            if self.valid_until:
                return f"until {date_format(self.valid_until, fmt)}"
            return f"on {date_format(self.completed_on, fmt)}" if self.completed_on else ""
        if self.status == MatrixStatus.BOOKED and self.booked_for:
            return f"for {date_format(london_date(self.booked_for), fmt)}"
        if self.status == MatrixStatus.OVERDUE and self.deadline:
            return f"was due by {date_format(self.deadline, fmt)}"
        if self.status == MatrixStatus.DUE:
            return f"by {date_format(self.deadline, fmt)}" if self.deadline else "no start date"
        return ""

    @property
    def text(self) -> str:
        detail = self.detail
        return f"{self.label}: {detail}" if detail else str(self.label)


NOT_REQUIRED = MatrixCell(MatrixStatus.NOT_REQUIRED)
DELIVERS = MatrixCell(MatrixStatus.DELIVERS)


def cell_status(
    *,
    rule: Rule | None,
    role_started_on: datetime.date | None,
    attended_on: Iterable[datetime.date],
    booked_for: Iterable[datetime.datetime],
    today: datetime.date,
) -> MatrixCell:
    """One person's status on one course.

    ``attended_on``: London days they attended a session of the course.
    ``booked_for``: start times of future scheduled sessions of the course on
    which they hold a seat. See the module docstring for the rules.
    """
    if rule is None:
        return NOT_REQUIRED
    last = max(attended_on, default=None)
    deadline = None
    if last is not None:
        if rule.renewal_months is None:
            return MatrixCell(MatrixStatus.COMPLETE, completed_on=last)
        expires = add_months(last, rule.renewal_months)
        if expires > today:
            return MatrixCell(MatrixStatus.COMPLETE, completed_on=last, valid_until=expires)
        deadline = expires
    elif role_started_on is not None:
        deadline = add_months(role_started_on, rule.within_months)
    next_seat = min(booked_for, default=None)
    if next_seat is not None:
        return MatrixCell(MatrixStatus.BOOKED, deadline=deadline, booked_for=next_seat)
    if deadline is not None and deadline < today:
        return MatrixCell(MatrixStatus.OVERDUE, deadline=deadline)
    return MatrixCell(MatrixStatus.DUE, deadline=deadline)


# --- the whole matrix -------------------------------------------------------------


def percent(part: int, whole: int) -> int | None:
    """Whole-number percentage, half rounded up; None when there is nothing to count."""
    if whole == 0:
        return None
    return (part * 200 + whole) // (whole * 2)


@dataclass
class MatrixRow:
    person: object
    cells: list[MatrixCell]

    def count(self, status: MatrixStatus) -> int:
        return sum(1 for cell in self.cells if cell.status == status)

    @property
    def required(self) -> int:
        return sum(1 for cell in self.cells if cell.is_required)

    @property
    def complete(self) -> int:
        return self.count(MatrixStatus.COMPLETE)

    @property
    def overdue(self) -> int:
        return self.count(MatrixStatus.OVERDUE)

    @property
    def compliance(self) -> int | None:
        return percent(self.complete, self.required)


@dataclass
class CourseCompliance:
    course: Course
    counts: dict[MatrixStatus, int] = field(default_factory=dict)

    @property
    def required(self) -> int:
        return sum(n for s, n in self.counts.items() if s in REQUIRED_STATUSES)

    @property
    def complete(self) -> int:
        return self.counts.get(MatrixStatus.COMPLETE, 0)

    @property
    def booked(self) -> int:
        return self.counts.get(MatrixStatus.BOOKED, 0)

    @property
    def overdue(self) -> int:
        return self.counts.get(MatrixStatus.OVERDUE, 0)

    @property
    def due(self) -> int:
        return self.counts.get(MatrixStatus.DUE, 0)

    @property
    def percent(self) -> int | None:
        return percent(self.complete, self.required)


@dataclass
class Matrix:
    courses: list[Course]
    rows: list[MatrixRow]
    compliance: list[CourseCompliance]
    # People in scope for whom no course is required (not shown as rows).
    not_required_count: int = 0

    @property
    def required(self) -> int:
        return sum(c.required for c in self.compliance)

    @property
    def complete(self) -> int:
        return sum(c.complete for c in self.compliance)

    @property
    def overdue(self) -> int:
        return sum(c.overdue for c in self.compliance)

    @property
    def percent(self) -> int | None:
        return percent(self.complete, self.required)

    def overdue_pairs(self) -> list[tuple[object, Course]]:
        """(person, course) for every overdue cell, by person then course."""
        return [
            (row.person, course)
            for row in self.rows
            for course, cell in zip(self.courses, row.cells, strict=True)
            if cell.status == MatrixStatus.OVERDUE
        ]


@dataclass(frozen=True)
class BookingFact:
    """The part of a booking the matrix needs (one row of the bookings query)."""

    person_id: int
    course_id: int
    status: str
    starts_at: datetime.datetime
    session_status: str


def build_matrix(
    *,
    people: Iterable,
    requirements: Iterable[CourseRequirement],
    bookings: Iterable[BookingFact],
    now: datetime.datetime,
    trainers: Iterable[tuple[int, int]] = (),
) -> Matrix:
    """The matrix from already-fetched rows (pure: no queries).

    ``trainers``: (course id, person id) for each course's approved trainers. Columns
    are the courses required for anyone in scope, by title; rows are the people with
    at least one of them (to attend or to deliver), in the order given.
    """
    delivers = set(trainers)
    today = london_date(now)
    by_course: dict[int, list[CourseRequirement]] = defaultdict(list)
    courses: dict[int, Course] = {}
    for requirement in requirements:
        by_course[requirement.course_id].append(requirement)
        courses[requirement.course_id] = requirement.course

    attended: dict[tuple[int, int], list[datetime.date]] = defaultdict(list)
    booked: dict[tuple[int, int], list[datetime.datetime]] = defaultdict(list)
    for fact in bookings:
        key = (fact.person_id, fact.course_id)
        if fact.status == BookingStatus.ATTENDED:
            attended[key].append(london_date(fact.starts_at))
        elif (
            fact.status in SEAT_HOLDING_STATUSES
            and fact.session_status == SessionStatus.SCHEDULED
            and fact.starts_at > now
        ):
            booked[key].append(fact.starts_at)

    people = list(people)
    rules = {
        (person.pk, course_id): rule_for(reqs, person)
        for person in people
        for course_id, reqs in by_course.items()
    }
    required_ids = {course_id for (_, course_id), rule in rules.items() if rule is not None}
    columns = sorted((courses[i] for i in required_ids), key=lambda c: (c.title, c.pk))

    rows, skipped = [], 0
    compliance = [CourseCompliance(course=c) for c in columns]
    for person in people:
        cells = [
            DELIVERS
            if (course.pk, person.pk) in delivers and rules[(person.pk, course.pk)] is not None
            else cell_status(
                rule=rules[(person.pk, course.pk)],
                role_started_on=person.role_started_on,
                attended_on=attended.get((person.pk, course.pk), ()),
                booked_for=booked.get((person.pk, course.pk), ()),
                today=today,
            )
            for course in columns
        ]
        if not any(cell.is_shown for cell in cells):
            skipped += 1
            continue
        rows.append(MatrixRow(person=person, cells=cells))
        for summary, cell in zip(compliance, cells, strict=True):
            summary.counts[cell.status] = summary.counts.get(cell.status, 0) + 1
    return Matrix(courses=columns, rows=rows, compliance=compliance, not_required_count=skipped)


# --- loading ------------------------------------------------------------------------


def requirements_queryset() -> QuerySet[CourseRequirement]:
    return CourseRequirement.objects.filter(course__is_active=True).select_related("course")


def people_for_matrix(people: QuerySet) -> QuerySet:
    return people.select_related("team__district", "district", "organisation").order_by(
        "last_name", "first_name", "username"
    )


def booking_facts(people: QuerySet, course_ids: Iterable[int]) -> list[BookingFact]:
    rows = (
        Booking.objects.filter(
            person__in=people.values("pk"),
            session__course_id__in=list(course_ids),
            status__in=[BookingStatus.ATTENDED, *SEAT_HOLDING_STATUSES],
        )
        .order_by()
        .values_list(
            "person_id", "session__course_id", "status", "session__starts_at", "session__status"
        )
    )
    return [BookingFact(*row) for row in rows]


def approved_trainers(people: QuerySet, course_ids: Iterable[int]) -> list[tuple[int, int]]:
    """(course id, person id) for the people in scope approved to deliver these courses."""
    return list(
        Course.approved_trainers.through.objects.filter(
            course_id__in=list(course_ids), user_id__in=people.values("pk")
        ).values_list("course_id", "user_id")
    )


def load_matrix(people: QuerySet, *, now: datetime.datetime | None = None) -> Matrix:
    """The matrix for everyone in ``people``: four queries, whatever their number."""
    now = now or timezone.now()
    requirements = list(requirements_queryset())
    course_ids = {r.course_id for r in requirements}
    people_rows = list(people_for_matrix(people))
    if not (course_ids and people_rows):
        return build_matrix(people=people_rows, requirements=requirements, bookings=[], now=now)
    return build_matrix(
        people=people_rows,
        requirements=requirements,
        bookings=booking_facts(people, course_ids),
        now=now,
        trainers=approved_trainers(people, course_ids),
    )


def requirements_for(
    person, *, now: datetime.datetime | None = None
) -> list[tuple[Course, MatrixCell]]:
    """What the person's role requires, or they deliver, and where they stand on each."""
    matrix = load_matrix(get_user_model().objects.filter(pk=person.pk), now=now)
    if not matrix.rows:
        return []
    return list(zip(matrix.courses, matrix.rows[0].cells, strict=True))
