"""Times in training: stored in UTC, entered and shown in Europe/London.

One home for what every part of training needs about time: London days and weeks,
whether two sessions overlap, the bounds on dates people may type, and turning a
London date and time into an instant, refusing the times the clocks skip or repeat.
Arithmetic on instants is done in UTC, never on the wall clock, so a session across
a clock change lasts as long as its course.
"""

import calendar
import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db.models import Q
from django.utils import timezone
from django.utils.dates import MONTHS, MONTHS_3, WEEKDAYS, WEEKDAYS_ABBR
from django.utils.formats import date_format

LONDON = ZoneInfo("Europe/London")
UTC = datetime.UTC

# Dates anyone may type into a filter or form: wide enough for any real use, narrow
# enough that adding a week or a course's length never leaves the calendar.
EARLIEST_DATE = datetime.date(2000, 1, 1)
LATEST_DATE = datetime.date(2099, 12, 31)
# How far ahead a session may be scheduled.
SCHEDULE_YEARS_AHEAD = 5
DAYS_IN_WEEK = 7


def date_range_message(label: str) -> str:
    return (
        f"{label} must be between {date_format(EARLIEST_DATE, 'j F Y')} and "
        f"{date_format(LATEST_DATE, 'j F Y')}"
    )


# --- a session's date and times in a table row ----------------------------------------


@dataclass(frozen=True)
class When:
    """What a table row says about when a session is, worked out once in Python: the
    ``date`` filter parses its format and builds a formatter on every call, and a page
    of 25 sessions made about 150 of them. The text is what these template filters give
    (in the current time zone): ``day`` ``D j M Y`` of the start, ``times``
    ``H:i to [D j M Y, ]H:i`` (the end's day only when it is another day) and
    ``long_day`` ``l j F Y`` of the start."""

    day: str
    times: str
    long_day: str


def _day(moment: datetime.datetime) -> str:
    month = str(MONTHS_3[moment.month]).title()
    return f"{WEEKDAYS_ABBR[moment.weekday()]} {moment.day} {month} {moment.year}"


def session_when(starts_at: datetime.datetime, ends_at: datetime.datetime) -> When:
    start, end = timezone.localtime(starts_at), timezone.localtime(ends_at)
    end_day = f"{_day(end)}, " if start.date() != end.date() else ""
    return When(
        day=_day(start),
        times=f"{start:%H:%M} to {end_day}{end:%H:%M}",
        long_day=f"{WEEKDAYS[start.weekday()]} {start.day} {MONTHS[start.month]} {start.year}",
    )


# --- instants and overlaps ------------------------------------------------------------


def ends_at(starts_at: datetime.datetime, duration: datetime.timedelta) -> datetime.datetime:
    """The instant ``duration`` after ``starts_at`` (in UTC, whatever the wall clock does)."""
    return starts_at.astimezone(UTC) + duration


def overlaps(
    a_start: datetime.datetime,
    a_end: datetime.datetime,
    b_start: datetime.datetime,
    b_end: datetime.datetime,
) -> bool:
    """Whether two intervals share a moment; back to back (one ends as the other starts) is not."""
    return a_start < b_end and b_start < a_end


def overlapping(starts_at: datetime.datetime, ends_at: datetime.datetime, prefix: str = "") -> Q:
    """The same test as ``overlaps`` as a filter on a session (``prefix``: the path to it)."""
    return Q(**{f"{prefix}starts_at__lt": ends_at, f"{prefix}ends_at__gt": starts_at})


# --- London days and weeks ------------------------------------------------------------


def london(moment: datetime.datetime) -> datetime.datetime:
    return timezone.localtime(moment, LONDON)


def london_day(moment: datetime.datetime) -> datetime.date:
    return london(moment).date()


def london_today(now: datetime.datetime | None = None) -> datetime.date:
    return london_day(now or timezone.now())


def day_start(day: datetime.date) -> datetime.datetime:
    """The instant the London calendar day ``day`` begins (UK clocks never skip midnight)."""
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=LONDON)


def period_bounds(
    first_day: datetime.date, days: int
) -> tuple[datetime.datetime, datetime.datetime]:
    """[start, end) of ``days`` London calendar days from ``first_day``."""
    return day_start(first_day), day_start(first_day + datetime.timedelta(days=days))


def monday_of(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def week_days(week_start: datetime.date) -> list[datetime.date]:
    return [week_start + datetime.timedelta(days=i) for i in range(DAYS_IN_WEEK)]


def add_months(day: datetime.date, months: int) -> datetime.date:
    """``day`` plus ``months`` calendar months; 31 Jan + 1 month is 28 (or 29) Feb."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


# --- London wall-clock times that do not exist or happen twice ------------------------


@dataclass(frozen=True)
class LocalTimeError(ValueError):
    """A London date and time that names no instant, or two; ``message`` says why."""

    code: str  # "no_such_time" or "ambiguous_time"
    message: str

    def __str__(self) -> str:
        return self.message


def _wall_kind(naive: datetime.datetime) -> str:
    first = naive.replace(tzinfo=LONDON, fold=0)
    second = naive.replace(tzinfo=LONDON, fold=1)
    if first.utcoffset() == second.utcoffset():
        return "ok"
    if first.astimezone(UTC).astimezone(LONDON).replace(tzinfo=None) != naive:
        return "gap"
    return "fold"


def _edges(naive: datetime.datetime, kind: str) -> tuple[datetime.datetime, datetime.datetime]:
    """The first wall time of the gap (or repeated hour) and the first one after it."""
    minute = datetime.timedelta(minutes=1)
    start = naive
    while _wall_kind(start - minute) == kind:
        start -= minute
    end = naive
    while _wall_kind(end) == kind:
        end += minute
    return start, end


def london_datetime(day: datetime.date, time: datetime.time) -> datetime.datetime:
    """The instant (UTC) of ``time`` on ``day`` in London.

    Raises ``LocalTimeError`` for a time the clocks skip (spring) or pass twice (autumn).
    """
    naive = datetime.datetime.combine(day, time)
    kind = _wall_kind(naive)
    if kind == "ok":
        return naive.replace(tzinfo=LONDON).astimezone(UTC)
    start, end = _edges(naive, kind)
    on = f"{naive:%H:%M} on {date_format(day, 'l j F Y')}"
    choose = f"Choose a time before {start:%H:%M} or from {end:%H:%M}."
    if kind == "gap":
        raise LocalTimeError(
            "no_such_time",
            f"There is no {on} in the UK: the clocks go forward from {start:%H:%M} to "
            f"{end:%H:%M}. {choose}",
        )
    raise LocalTimeError(
        "ambiguous_time",
        f"{on} happens twice in the UK: the clocks go back from {end:%H:%M} to "
        f"{start:%H:%M}. {choose}",
    )


def check_wall_time(moment: datetime.datetime) -> datetime.datetime:
    """``moment`` as UTC, refusing (LocalTimeError) a London wall time that does not exist
    or happens twice. Instants already in UTC (or any fixed offset) pass unchanged."""
    if isinstance(moment.tzinfo, ZoneInfo) and moment.tzinfo.key == LONDON.key:
        return london_datetime(moment.date(), moment.time().replace(tzinfo=None))
    return moment.astimezone(UTC)
