"""The one home for a session's places and its waiting list.

Seats taken are the bookings in ``PLACE_TAKEN_STATUSES``: pending approval and
confirmed before the session, and who came or did not once the register is taken,
so a delivered session still shows who was booked. The waiting list is served in
``WAITLIST_ORDER``: the earliest to join first, ties by booking id. Every page,
email, export and service counts and orders through these functions.
"""

from django.db import connection
from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest

from training.enums import PLACE_TAKEN_STATUSES, BookingStatus
from training.models import Booking, Session

WAITLIST_ORDER = ("waitlisted_at", "pk")


def _count(*statuses: str) -> Coalesce:
    """A correlated COUNT of the session's bookings in ``statuses`` (no GROUP BY on the rows)."""
    counted = (
        Booking.objects.filter(session=OuterRef("pk"), status__in=statuses)
        .order_by()
        .values("session")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def with_places(sessions: QuerySet[Session]) -> QuerySet[Session]:
    """Annotate ``seats_taken``, ``seats_left``, ``waitlist_length`` and ``attended``."""
    return sessions.annotate(
        seats_taken=_count(*PLACE_TAKEN_STATUSES),
        waitlist_length=_count(BookingStatus.WAITLISTED),
        attended=_count(BookingStatus.ATTENDED),
    ).annotate(seats_left=Greatest(F("capacity") - F("seats_taken"), Value(0)))


def seats_taken(session: Session) -> int:
    return session.bookings.filter(status__in=PLACE_TAKEN_STATUSES).count()


def seats_and_waiting(session: Session) -> tuple[int, int]:
    """The session's seats taken and the number of people on its waiting list, in one
    query (the booking service, under the session's lock: someone who joins the list
    then is last in it, so their place is the number waiting before them, plus one).

    Written as SQL: every booking waits for this under the session's lock, and the
    ORM's aggregate costs five times what the database takes to count."""
    q = connection.ops.quote_name
    taken = ", ".join(["%s"] * len(PLACE_TAKEN_STATUSES))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(CASE WHEN {q('status')} IN ({taken}) THEN 1 END), "  # noqa: S608
            f"COUNT(CASE WHEN {q('status')} = %s THEN 1 END) "
            f"FROM {q(Booking._meta.db_table)} WHERE {q('session_id')} = %s",
            [*PLACE_TAKEN_STATUSES, BookingStatus.WAITLISTED, session.pk],
        )
        taken_count, waiting_count = cursor.fetchone()
    return taken_count, waiting_count


def seats_taken_by_session(session_ids) -> dict[int, int]:
    return dict(
        Booking.objects.filter(session_id__in=session_ids, status__in=PLACE_TAKEN_STATUSES)
        .order_by()
        .values_list("session_id")
        .annotate(n=Count("pk"))
    )


# --- the waiting list ---------------------------------------------------------------


def waiting_queue(session: Session) -> QuerySet[Booking]:
    """The session's waiting list, first in line first."""
    return session.bookings.filter(status=BookingStatus.WAITLISTED).order_by(*WAITLIST_ORDER)


def _at_or_ahead_of(waitlisted_at, pk) -> Q:
    """Waiting bookings served no later than one that joined at ``waitlisted_at`` as ``pk``."""
    return Q(waitlisted_at__lt=waitlisted_at) | Q(waitlisted_at=waitlisted_at, pk__lte=pk)


def waitlist_position_expression() -> Case:
    """An annotation on bookings: 1 for the first in the queue; None when not waiting."""
    ahead = (
        Booking.objects.filter(session=OuterRef("session"), status=BookingStatus.WAITLISTED)
        .filter(_at_or_ahead_of(OuterRef("waitlisted_at"), OuterRef("pk")))
        .order_by()
        .values("session")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Case(
        When(status=BookingStatus.WAITLISTED, then=Subquery(ahead, output_field=IntegerField())),
        default=None,
        output_field=IntegerField(),
    )


def waitlist_position(booking: Booking) -> int | None:
    """The booking's place in its session's queue (1 is next), or None if not waitlisted."""
    if booking.status != BookingStatus.WAITLISTED:
        return None
    return (
        Booking.objects.filter(session_id=booking.session_id, status=BookingStatus.WAITLISTED)
        .filter(_at_or_ahead_of(booking.waitlisted_at, booking.pk))
        .count()
    )
