"""Reads for the duties (rostering) department: who is away on training, by day and team.

Days are Europe/London calendar days: a session at 23:30 UTC in summer is on
the next London day. A week runs Monday to Sunday.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from people.models import District, Team
from people.selectors import in_district as person_in_district
from training.enums import ABSTRACTED_STATUSES
from training.models import Booking
from training.selectors.eligibility import LIVE_SESSION_STATUSES
from training.times import DAYS_IN_WEEK, london_today, monday_of, period_bounds, week_days
from training.times import london_day as local_day


def this_monday(now: datetime.datetime | None = None) -> datetime.date:
    """The Monday of this week (in London): the week the duties pages open on."""
    return monday_of(london_today(now))


# --- querysets ----------------------------------------------------------------


def abstraction_queryset() -> QuerySet[Booking]:
    """Bookings that take someone away from duty, with everything a row shows."""
    return (
        Booking.objects.filter(
            status__in=ABSTRACTED_STATUSES, session__status__in=LIVE_SESSION_STATUSES
        )
        .select_related(
            "person__team__district",
            "person__district",
            "session__course",
            "session__venue",
        )
        .order_by("session__starts_at", "person__last_name", "person__first_name", "pk")
    )


def in_period(
    queryset: QuerySet[Booking], first_day: datetime.date, days: int = DAYS_IN_WEEK
) -> QuerySet[Booking]:
    start, end = period_bounds(first_day, days)
    return queryset.filter(session__starts_at__gte=start, session__starts_at__lt=end)


def in_district(queryset: QuerySet[Booking], district: District) -> QuerySet[Booking]:
    """Bookings of people in the district (``people.selectors.district_of``)."""
    return queryset.filter(person_in_district(district, prefix="person__"))


def week_counts(queryset: QuerySet[Booking]) -> dict[str, int]:
    """People away, abstractions and late-notice bookings in ``queryset``: one query."""
    return queryset.order_by().aggregate(
        people_count=Count("person", distinct=True),
        abstraction_count=Count("pk"),
        late_count=Count("pk", filter=Q(is_late=True)),
    )


# --- the grid -------------------------------------------------------------------


@dataclass
class GridRow:
    team: Team | None
    cells: list[list[Booking]]

    @property
    def label(self) -> str:
        return self.team.name if self.team is not None else "No team recorded"

    @property
    def district(self) -> District | None:
        return self.team.district if self.team is not None else None

    @property
    def total(self) -> int:
        return sum(len(cell) for cell in self.cells)


@dataclass
class DutiesWeek:
    week_start: datetime.date
    days: list[datetime.date]
    rows: list[GridRow]
    bookings: list[Booking] = field(default_factory=list)

    @property
    def previous_week(self) -> datetime.date:
        return self.week_start - datetime.timedelta(days=DAYS_IN_WEEK)

    @property
    def next_week(self) -> datetime.date:
        return self.week_start + datetime.timedelta(days=DAYS_IN_WEEK)

    @property
    def abstraction_count(self) -> int:
        return len(self.bookings)

    @property
    def people_count(self) -> int:
        return len({b.person_id for b in self.bookings})

    @property
    def late_count(self) -> int:
        return sum(1 for b in self.bookings if b.is_late)

    @property
    def day_totals(self) -> list[int]:
        return [sum(len(row.cells[i]) for row in self.rows) for i in range(len(self.days))]


def build_week(bookings: list[Booking], week_start: datetime.date) -> DutiesWeek:
    """Arrange a week's abstractions into rows (teams, by name) and columns (days).

    Pure: works on bookings already fetched with their person, team and session.
    Only teams with someone away appear; people with no team share one last row.
    """
    days = week_days(week_start)
    index = {day: i for i, day in enumerate(days)}
    by_team: dict[int | None, list[list[Booking]]] = defaultdict(lambda: [[] for _ in days])
    teams: dict[int | None, Team | None] = {}
    kept = []
    for booking in bookings:
        column = index.get(local_day(booking.session.starts_at))
        if column is None:
            continue
        team = booking.person.team
        key = team.pk if team is not None else None
        teams[key] = team
        by_team[key][column].append(booking)
        kept.append(booking)
    rows = [GridRow(team=teams[key], cells=cells) for key, cells in by_team.items()]
    rows.sort(
        key=lambda r: (
            r.team is None,
            r.district.name if r.district else "",
            r.team.name if r.team else "",
        )
    )
    return DutiesWeek(week_start=week_start, days=days, rows=rows, bookings=kept)


# --- the dashboard summary --------------------------------------------------------


@dataclass
class WeekCount:
    week_start: datetime.date
    abstractions: int = 0
    people: int = 0
    late: int = 0


def upcoming_weeks(*, now: datetime.datetime | None = None, weeks: int = 4) -> list[WeekCount]:
    """Counts for each of the ``weeks`` weeks from this week's Monday: one query."""
    first = this_monday(now)
    counts = [
        WeekCount(week_start=first + datetime.timedelta(days=DAYS_IN_WEEK * i))
        for i in range(weeks)
    ]
    people: list[set[int]] = [set() for _ in counts]
    rows = in_period(abstraction_queryset(), first, DAYS_IN_WEEK * weeks).values_list(
        "session__starts_at", "person_id", "is_late"
    )
    for starts_at, person_id, is_late in rows:
        i = (local_day(starts_at) - first).days // DAYS_IN_WEEK
        if 0 <= i < weeks:
            counts[i].abstractions += 1
            counts[i].late += int(is_late)
            people[i].add(person_id)
    for count, seen in zip(counts, people, strict=True):
        count.people = len(seen)
    return counts
