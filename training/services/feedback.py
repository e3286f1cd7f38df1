"""Feedback after a session: the attendee's survey, and asking attendees for it.

Only people marked as attended are asked, once each, after the session has
ended; each attended booking takes one set of answers (``Feedback`` is
one-to-one with ``Booking``). The daily job's task is at the end of this module.
"""

import datetime
import logging

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from core.audit import deny, record
from core.mail import send_templated_email
from core.urls import absolute_url
from training.enums import BookingStatus, SessionStatus
from training.models import Booking, Feedback
from training.services import TrainingError

RATING_CHOICES = [
    (1, "1 Strongly disagree"),
    (2, "2 Disagree"),
    (3, "3 Neither agree nor disagree"),
    (4, "4 Agree"),
    (5, "5 Strongly agree"),
]
RATING_VALUES = tuple(value for value, _ in RATING_CHOICES)


logger = logging.getLogger(__name__)


def survey_url(booking: Booking) -> str:
    """The absolute address of the booking's survey, for emails."""
    return absolute_url(reverse("training:feedback_form", args=[booking.pk]))


# --- checks (no writes) ----------------------------------------------------


def check_can_give_feedback(
    *, booking: Booking, person, now: datetime.datetime | None = None
) -> None:
    """Raise TrainingError unless ``person`` may answer the survey for ``booking`` now."""
    if not person.has_perm("training.give_feedback", booking):
        deny(actor=person, action="training.feedback.submit", obj=booking)
        raise TrainingError(
            "Only the person who attended the session can give feedback on it.",
            code="not_attendee",
        )
    if Feedback.objects.filter(booking_id=booking.pk).exists():
        raise TrainingError(
            "You have already given feedback on this session. Thank you.", code="already_given"
        )
    if booking.status != BookingStatus.ATTENDED:
        raise TrainingError(
            "Only people who attended the session can give feedback on it.", code="not_attended"
        )
    if not booking.session.has_ended(now):
        raise TrainingError("You can give feedback once the session has ended.", code="not_ended")


def clean_ratings(ratings: dict) -> dict[str, int]:
    """Exactly one rating from 1 to 5 for each survey statement, or TrainingError."""
    missing = [key for key in Feedback.STATEMENTS if ratings.get(key) in (None, "")]
    if missing:
        raise TrainingError(
            "Give a rating from 1 to 5 for every statement.", code="ratings_missing"
        )
    unknown = set(ratings) - set(Feedback.STATEMENTS)
    if unknown:
        raise TrainingError(
            f"Unknown survey statements: {', '.join(sorted(unknown))}.", code="ratings_unknown"
        )
    cleaned = {}
    for key in Feedback.STATEMENTS:
        try:
            value = int(ratings[key])
        except (TypeError, ValueError):
            value = None
        if value not in RATING_VALUES:
            raise TrainingError("Ratings go from 1 to 5.", code="ratings_range")
        cleaned[key] = value
    return cleaned


# --- submit ----------------------------------------------------------------


@transaction.atomic
def submit_feedback(*, booking: Booking, by, ratings: dict, comments: str) -> Feedback:
    """Save ``by``'s answers to the survey for their attended ``booking``.

    Refused (TrainingError) unless ``by`` is the booking's person, the booking is
    marked attended, the session has ended, and no feedback was given for it
    before. ``ratings`` maps each key of ``Feedback.STATEMENTS`` to 1..5.
    Locks the booking row so a double submission gives one answer set.
    """
    booking = (
        Booking.objects.select_for_update(of=("self",))
        .select_related("session__course")
        .get(pk=booking.pk)
    )
    now = timezone.now()
    check_can_give_feedback(booking=booking, person=by, now=now)
    feedback = Feedback(
        booking=booking,
        comments=(comments or "").strip(),
        submitted_at=now,
        **clean_ratings(ratings),
    )
    try:
        feedback.full_clean()
    except ValidationError as error:
        if "booking" in error.message_dict:  # the one-to-one: answered in the meantime
            raise TrainingError(
                "You have already given feedback on this session. Thank you.",
                code="already_given",
            ) from error
        raise TrainingError(" ".join(error.messages), code="invalid") from error
    try:
        with transaction.atomic():
            feedback.save()
    except IntegrityError as error:
        raise TrainingError(
            "You have already given feedback on this session. Thank you.", code="already_given"
        ) from error
    record(
        actor=by,
        action="training.feedback.submitted",
        obj=feedback,
        summary=f"Feedback on {booking.session}",
        booking=booking.pk,
        session=booking.session_id,
    )
    return feedback


# --- ask attendees ---------------------------------------------------------


def due_feedback_requests(now: datetime.datetime):
    """Attended bookings of ended sessions not yet asked for feedback and not answered."""
    return Booking.objects.filter(
        status=BookingStatus.ATTENDED,
        session__ends_at__lte=now,
        session__status__in=[SessionStatus.SCHEDULED, SessionStatus.DELIVERED],
        feedback_requested_at__isnull=True,
        feedback__isnull=True,
    )


def request_feedback(*, now: datetime.datetime | None = None) -> int:
    """Email every attendee of an ended session a link to the survey; returns how many.

    Only bookings marked attended are asked (never no-shows or cancellations),
    each once: ``feedback_requested_at`` is set with a conditional update, so
    two workers running this at the same time never ask the same person twice.
    Each email goes as its claim commits; one that fails is unclaimed and asked
    again on the next run.
    """
    now = now or timezone.now()
    asked = 0
    for booking_id in list(due_feedback_requests(now).values_list("pk", flat=True)):
        try:
            with transaction.atomic():
                claimed = Booking.objects.filter(
                    pk=booking_id, feedback_requested_at__isnull=True
                ).update(feedback_requested_at=now)
                if not claimed:
                    continue
                booking = Booking.objects.select_related(
                    "person", "session__course", "session__venue"
                ).get(pk=booking_id)
                record(
                    actor=None,
                    action="training.feedback.requested",
                    obj=booking,
                    summary=f"{booking.person} asked for feedback on {booking.session}",
                )
                send_feedback_request_email(booking=booking)
        except Exception:
            logger.exception("Feedback request for booking %s failed.", booking_id)
            Booking.objects.filter(pk=booking_id, feedback_requested_at=now).update(
                feedback_requested_at=None
            )
            continue
        asked += 1
    return asked


def send_feedback_request_email(*, booking: Booking) -> int:
    """The email asking an attendee for feedback (sent after commit), with the survey link."""
    session = booking.session
    context = {
        "person": booking.person,
        "session": session,
        "when": date_format(timezone.localtime(session.starts_at), "l j F Y"),
        "survey_url": survey_url(booking),
        "statements": list(Feedback.STATEMENTS.values()),
    }
    return send_templated_email(
        to=[booking.person],
        subject=render_to_string("training/email/feedback_request_subject.txt", context),
        template="training/email/feedback_request",
        context=context,
    )


@task
def request_feedback_task() -> int:
    """Ask attendees of sessions that have ended for feedback; returns how many were asked."""
    return request_feedback()
