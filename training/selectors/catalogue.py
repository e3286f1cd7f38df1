"""Reads behind the staff-facing booking pages: the sessions catalogue and a person's bookings.

Every figure a row shows (seats taken, waiting list, the viewer's own booking, a
waitlisted person's place in the queue) is computed by the database in the same
query as the rows, so a page costs the same number of queries for 3 rows as for 300.
"""

import datetime

from django.db.models import CharField, OuterRef, Q, QuerySet, Subquery, Value
from django.utils import timezone

from core.page_cache import kept
from training.enums import ACTIVE_BOOKING_STATUSES, BookingStatus, SessionStatus
from training.models import Booking, Session
from training.selectors import places


def with_booking_figures(sessions: QuerySet[Session], *, viewer=None) -> QuerySet[Session]:
    """Annotate the places (``places.with_places``) and ``viewer_status``.

    ``viewer_status`` is the status of the viewer's active booking on the session
    (pending approval, confirmed or waitlisted), or None.
    """
    sessions = places.with_places(sessions)
    if viewer is not None and viewer.is_authenticated:
        own = Booking.objects.filter(
            session=OuterRef("pk"), person=viewer, status__in=ACTIVE_BOOKING_STATUSES
        ).values("status")[:1]
        sessions = sessions.annotate(viewer_status=Subquery(own, output_field=CharField()))
    else:
        sessions = sessions.annotate(viewer_status=Value(None, output_field=CharField()))
    return sessions


def upcoming_sessions(*, viewer, now: datetime.datetime | None = None) -> QuerySet[Session]:
    """Scheduled sessions that have not started, soonest first, with booking figures."""
    now = now or timezone.now()
    sessions = Session.objects.filter(status=SessionStatus.SCHEDULED, starts_at__gt=now)
    return with_booking_figures(
        sessions.select_related("course", "venue__district"), viewer=viewer
    ).order_by("starts_at", "pk")


def session_for_detail(*, pk: int, viewer) -> Session:
    """One session with its course, venue, trainers, experts and booking figures.

    Raises Session.DoesNotExist when there is no such session.
    """
    return (
        with_booking_figures(
            Session.objects.select_related("course", "venue__district"), viewer=viewer
        )
        .prefetch_related(
            "trainers",
            "subject_matter_experts",
            "course__prerequisites",
            "course__partner_organisations",
        )
        .get(pk=pk)
    )


# A session's own row, its course and its venue change only when these tables do
# (``training.apps`` watches them): not when anyone books.
SESSIONS_GENERATION = "training:sessions:generation"
SESSION_TABLES = ("training_session", "training_course", "training_venue")


def session_to_book(pk: int) -> Session | None:
    """The session with its course and venue, or None: what the booking form posts to,
    kept until a session, course or venue changes. The booking service locks the
    session and reads its row afresh (``training.services.booking.lock_session``); it
    takes the course and venue from here while the locked row still names them."""
    return kept(
        f"training:session-to-book:{pk}",
        lambda: Session.objects.select_related("course", "venue").filter(pk=pk).first(),
        generation=SESSIONS_GENERATION,
    )


def bookings_of(person) -> QuerySet[Booking]:
    """A person's bookings with session, course, venue and (if waitlisted) queue position."""
    return (
        Booking.objects.filter(person=person)
        .select_related("session__course", "session__venue__district", "approver")
        .annotate(waitlist_position=places.waitlist_position_expression())
    )


def upcoming_bookings_of(person, *, now: datetime.datetime | None = None) -> QuerySet[Booking]:
    """Active bookings (confirmed, pending, waitlisted) on sessions not yet started."""
    now = now or timezone.now()
    return (
        bookings_of(person)
        .filter(
            status__in=ACTIVE_BOOKING_STATUSES,
            session__status=SessionStatus.SCHEDULED,
            session__starts_at__gt=now,
        )
        .order_by("session__starts_at", "pk")
    )


def past_bookings_of(person, *, now: datetime.datetime | None = None) -> QuerySet[Booking]:
    """Everything else: attended, no-shows, cancelled, declined, and sessions now past."""
    now = now or timezone.now()
    upcoming = Q(
        status__in=ACTIVE_BOOKING_STATUSES,
        session__status=SessionStatus.SCHEDULED,
        session__starts_at__gt=now,
    )
    return bookings_of(person).exclude(upcoming).order_by("-session__starts_at", "-pk")


def pending_approvals_for(user) -> QuerySet[Booking]:
    """Bookings waiting for ``user``'s decision: they are the approver or the line manager."""
    return (
        Booking.objects.filter(status=BookingStatus.PENDING_APPROVAL)
        .filter(Q(approver=user) | Q(person__line_manager=user))
        .filter(session__starts_at__gt=timezone.now())
        .select_related("person", "session__course", "session__venue__district")
        .order_by("session__starts_at", "created_at")
    )
