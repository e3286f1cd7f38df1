"""Reads that decide whether a person may hold a seat on a session.

Used by the booking service (under its locks) and by pages that want to say
in advance why the Book button is not offered.
"""

import datetime
import zoneinfo

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from people.enums import OrganisationType
from training.enums import ABSTRACTED_STATUSES, SEAT_HOLDING_STATUSES, BookingStatus, SessionStatus
from training.models import Booking, Course, Session

LONDON = zoneinfo.ZoneInfo(settings.TIME_ZONE)


def is_partner(person) -> bool:
    return person.organisation_id is not None and person.organisation.type != OrganisationType.FORCE


def in_audience(course: Course, person) -> bool:
    """Partners by organisation; force staff by rank and function (empty list: any)."""
    if is_partner(person):
        return (
            course.open_to_all_partners
            or course.partner_organisations.filter(pk=person.organisation_id).exists()
        )
    return (not course.audience_ranks or person.rank in course.audience_ranks) and (
        not course.audience_functions or person.function in course.audience_functions
    )


def missing_prerequisites(course: Course, person) -> list[Course]:
    """Prerequisite courses the person has not attended."""
    required = list(course.prerequisites.all())
    if not required:
        return []
    done = set(
        Booking.objects.filter(
            person=person, status=BookingStatus.ATTENDED, session__course__in=required
        ).values_list("session__course_id", flat=True)
    )
    return [c for c in required if c.pk not in done]


def overlapping_booking(session: Session, person) -> Booking | None:
    """A seat the person holds on another live session that overlaps this one in time."""
    return (
        Booking.objects.filter(
            person=person,
            status__in=SEAT_HOLDING_STATUSES,
            session__status=SessionStatus.SCHEDULED,
            session__starts_at__lt=session.ends_at,
            session__ends_at__gt=session.starts_at,
        )
        .exclude(session=session)
        .select_related("session__course")
        .first()
    )


def local_day_bounds(moment: datetime.datetime) -> tuple[datetime.datetime, datetime.datetime]:
    """Start and end of the Europe/London calendar day containing ``moment``."""
    day = timezone.localtime(moment, LONDON).date()
    start = datetime.datetime.combine(day, datetime.time.min, tzinfo=LONDON)
    end = datetime.datetime.combine(
        day + datetime.timedelta(days=1), datetime.time.min, tzinfo=LONDON
    )
    return start, end


def team_abstractions_on_day(session: Session, team_id: int, *, exclude_person_id=None) -> QuerySet:
    """Bookings that take people of this team away to training on the session's day."""
    start, end = local_day_bounds(session.starts_at)
    qs = Booking.objects.filter(
        person__team_id=team_id,
        status__in=ABSTRACTED_STATUSES,
        session__status__in=[SessionStatus.SCHEDULED, SessionStatus.DELIVERED],
        session__starts_at__gte=start,
        session__starts_at__lt=end,
    )
    if exclude_person_id is not None:
        qs = qs.exclude(person_id=exclude_person_id)
    return qs


def team_cap_reached(session: Session, person) -> bool:
    cap = session.course.abstraction_cap_per_team
    if cap is None or person.team_id is None:
        return False
    away = (
        team_abstractions_on_day(session, person.team_id, exclude_person_id=person.pk)
        .values("person_id")
        .distinct()
        .count()
    )
    return away >= cap


def seats_taken(session: Session) -> int:
    return session.bookings.filter(status__in=SEAT_HOLDING_STATUSES).count()
