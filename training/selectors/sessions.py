"""Reads about sessions for the people who schedule and run them.

Each list annotates what its rows show (seats taken, waiting list) and fetches
related rows up front, so a page costs the same number of queries for three
sessions as for three thousand.
"""

import datetime
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from people.rules import is_admin
from training import times
from training.enums import BookingStatus, SessionStatus
from training.models import Booking, Course, Session, Venue
from training.selectors import places

User = get_user_model()

# People on a register and on the sign-in sheet: everyone holding a confirmed
# seat, and anyone already marked.
REGISTER_STATUSES = (BookingStatus.CONFIRMED, BookingStatus.ATTENDED, BookingStatus.NO_SHOW)


def _trainer_prefetch() -> Prefetch:
    return Prefetch("trainers", queryset=User.objects.order_by("last_name", "first_name"))


def sessions_run_by(user, *, upcoming: bool, now: datetime.datetime | None = None):
    """Sessions the user trains (administrators: every session), upcoming or past.

    Upcoming means not yet ended, soonest first; past means ended, latest first.
    """
    now = now or timezone.now()
    queryset = Session.objects.all()
    if not is_admin(user):
        queryset = queryset.filter(trainers=user)
    if upcoming:
        queryset = queryset.filter(ends_at__gt=now).order_by("starts_at", "pk")
    else:
        queryset = queryset.filter(ends_at__lte=now).order_by("-starts_at", "-pk")
    return places.with_places(
        queryset.select_related("course", "venue__district").prefetch_related(_trainer_prefetch())
    )


def next_sessions_for(user, *, limit: int = 5) -> list[Session]:
    """The user's next few sessions as a trainer (not cancelled), soonest first."""
    queryset = (
        Session.objects.filter(trainers=user, ends_at__gt=timezone.now())
        .exclude(status=SessionStatus.CANCELLED)
        .select_related("course", "venue")
        .order_by("starts_at", "pk")
    )
    return list(places.with_places(queryset)[:limit])


def registers_due_for(user, *, limit: int = 5) -> list[Session]:
    """Sessions the user trains that have started but whose register is not taken yet."""
    queryset = (
        Session.objects.filter(
            trainers=user, starts_at__lte=timezone.now(), register_completed_at__isnull=True
        )
        .exclude(status=SessionStatus.CANCELLED)
        .select_related("course", "venue")
        .order_by("-starts_at", "-pk")
    )
    return list(queryset[:limit])


def session_detail(pk: int) -> Session:
    """One session with what the manage page shows; raises Session.DoesNotExist."""
    return (
        places.with_places(Session.objects.filter(pk=pk))
        .select_related("course", "venue__district", "created_by", "register_completed_by")
        .prefetch_related(
            _trainer_prefetch(),
            Prefetch(
                "subject_matter_experts",
                queryset=User.objects.order_by("last_name", "first_name"),
            ),
        )
        .get()
    )


def bookings_on(session: Session) -> QuerySet[Booking]:
    """Every booking on the session with the person's team, for the manage page."""
    return (
        session.bookings.select_related("person__team", "person__organisation")
        .order_by("status", "person__last_name", "person__first_name", "pk")
        .all()
    )


def register_bookings(session: Session) -> list[Booking]:
    """The people expected on the day, by surname: confirmed or already marked."""
    return list(
        session.bookings.filter(status__in=REGISTER_STATUSES)
        .select_related("person__team", "person__organisation")
        .order_by("person__last_name", "person__first_name", "pk")
    )


def schedulable_courses(user) -> QuerySet[Course]:
    """Active courses the user may schedule: administrators any, trainers their own."""
    queryset = Course.objects.filter(is_active=True).order_by("title")
    if is_admin(user):
        return queryset
    return queryset.filter(approved_trainers=user)


def venues() -> QuerySet[Venue]:
    return Venue.objects.select_related("district").order_by("district__name", "name")


def expert_choices() -> QuerySet:
    """People who may be named as subject matter experts: any active person."""
    return User.objects.filter(is_active=True).order_by("last_name", "first_name")


# --- clashes (called by the scheduling service under its locks) -------------


def overlapping(starts_at: datetime.datetime, ends_at: datetime.datetime) -> QuerySet[Session]:
    """Live (not cancelled) sessions that overlap the interval; touching ends do not."""
    return Session.objects.exclude(status=SessionStatus.CANCELLED).filter(
        times.overlapping(starts_at, ends_at)
    )


def venue_clash(
    venue: Venue,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    *,
    exclude_pk: int | None = None,
) -> Session | None:
    queryset = overlapping(starts_at, ends_at).filter(venue=venue).select_related("course")
    if exclude_pk is not None:
        queryset = queryset.exclude(pk=exclude_pk)
    return queryset.order_by("starts_at").first()


def staff_clashes(
    people: Iterable,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    *,
    exclude_pk: int | None = None,
) -> list[tuple[object, Session]]:
    """(person, session) for each person already training or presenting at that time."""
    ids = [p.pk for p in people]
    if not ids:
        return []
    queryset = (
        overlapping(starts_at, ends_at)
        .filter(Q(trainers__in=ids) | Q(subject_matter_experts__in=ids))
        .select_related("course")
        .prefetch_related("trainers", "subject_matter_experts")
        .distinct()
        .order_by("starts_at")
    )
    if exclude_pk is not None:
        queryset = queryset.exclude(pk=exclude_pk)
    found = []
    by_id = {p.pk: p for p in people}
    for session in queryset:
        staff = {u.pk for u in session.trainers.all()} | {
            u.pk for u in session.subject_matter_experts.all()
        }
        for pk in ids:
            if pk in staff and all(pk != person.pk for person, _ in found):
                found.append((by_id[pk], session))
    return found
