"""Reads for feedback: survey results per session, course and trainer, and what is owed.

Every summary is one aggregate query over the attended bookings in scope
(left-joined to their feedback), so a results page costs the same number of
queries for three responses as for three thousand.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Avg, Count, Q, QuerySet
from django.utils import timezone

from training.enums import BookingStatus
from training.models import Booking, Course, Feedback, Session
from training.services.feedback import RATING_VALUES

_ATTENDED = Q(status=BookingStatus.ATTENDED)


@dataclass(frozen=True)
class StatementSummary:
    key: str
    text: str
    mean: float | None
    counts: tuple[int, ...]  # counts[0] is the number of 1s, counts[4] the number of 5s

    @property
    def responses(self) -> int:
        return sum(self.counts)

    @property
    def by_rating(self) -> list[tuple[int, int]]:
        """(rating, count) pairs from 1 to 5."""
        return list(zip(RATING_VALUES, self.counts, strict=True))


@dataclass(frozen=True)
class FeedbackSummary:
    attendees: int
    responses: int
    statements: tuple[StatementSummary, ...]

    @property
    def rate(self) -> float | None:
        """Responses ÷ attendees (None when nobody attended)."""
        return self.responses / self.attendees if self.attendees else None

    @property
    def rate_percent(self) -> int | None:
        return round(self.rate * 100) if self.rate is not None else None


def summarise(bookings: QuerySet[Booking]) -> FeedbackSummary:
    """Response count and rate, mean and distribution per statement, for these bookings.

    ``bookings`` is any booking queryset (a session's, a course's, a trainer's);
    only attended bookings count. One query.
    """
    aggregates = {
        "attendees": Count("pk", distinct=True),
        "responses": Count("feedback", distinct=True),
    }
    for key in Feedback.STATEMENTS:
        aggregates[f"{key}__mean"] = Avg(f"feedback__{key}")
        for value in RATING_VALUES:
            aggregates[f"{key}__{value}"] = Count(
                "feedback", filter=Q(**{f"feedback__{key}": value})
            )
    row = bookings.filter(_ATTENDED).aggregate(**aggregates)
    statements = tuple(
        StatementSummary(
            key=key,
            text=text,
            mean=round(row[f"{key}__mean"], 2) if row[f"{key}__mean"] is not None else None,
            counts=tuple(row[f"{key}__{value}"] for value in RATING_VALUES),
        )
        for key, text in Feedback.STATEMENTS.items()
    )
    return FeedbackSummary(
        attendees=row["attendees"], responses=row["responses"], statements=statements
    )


# --- scopes ----------------------------------------------------------------


def session_bookings(session: Session) -> QuerySet[Booking]:
    return Booking.objects.filter(session=session)


def course_bookings(course: Course) -> QuerySet[Booking]:
    return Booking.objects.filter(session__course=course)


def trainer_bookings(trainer) -> QuerySet[Booking]:
    return Booking.objects.filter(session__trainers=trainer)


def comments(bookings: QuerySet[Booking]) -> QuerySet:
    """Comments left on these bookings, newest first, without who left them.

    Values only (comment, when, which session), so nothing on the page can name
    the person who wrote it.
    """
    return (
        Feedback.objects.filter(booking__in=bookings.filter(_ATTENDED).values("pk"))
        .exclude(comments="")
        .order_by("-booking__session__starts_at", "-submitted_at", "-pk")
        .values(
            "pk",
            "comments",
            "booking__session_id",
            "booking__session__starts_at",
            "booking__session__course__title",
        )
    )


def sessions_with_feedback(sessions: QuerySet[Session]) -> QuerySet[Session]:
    """Ended sessions annotated with attendees, responses and mean overall rating (one query)."""
    return (
        sessions.filter(ends_at__lte=timezone.now())
        .select_related("course", "venue__district")
        .annotate(
            attendees=Count("bookings", filter=Q(bookings__status=BookingStatus.ATTENDED)),
            responses=Count(
                "bookings__feedback", filter=Q(bookings__status=BookingStatus.ATTENDED)
            ),
            mean_overall=Avg(
                "bookings__feedback__rating_overall",
                filter=Q(bookings__status=BookingStatus.ATTENDED),
            ),
        )
        .order_by("-starts_at", "-pk")
    )


# --- what is owed ------------------------------------------------------------


def pending_feedback_for(user, *, now: datetime.datetime | None = None) -> QuerySet[Booking]:
    """The user's attended bookings of ended sessions that have no feedback yet, newest first."""
    return (
        Booking.objects.filter(
            person=user,
            status=BookingStatus.ATTENDED,
            session__ends_at__lte=now or timezone.now(),
            feedback__isnull=True,
        )
        .select_related("session__course", "session__venue")
        .order_by("-session__starts_at", "-pk")
    )
