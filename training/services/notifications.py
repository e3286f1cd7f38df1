"""Emails about bookings and sessions, with calendar invitations where they apply,
and the tasks that send them.

The booking and scheduling services queue the tasks at the end of this module
after commit; the daily ``training_jobs`` command queues the reminders. Every
message goes through ``core.mail``: rendered from templates, links from
``core.urls.absolute_url``, and handed over only after the transaction that
decided to send it has committed, so the SMTP conversation never happens while
a row lock (the booking's, taken to move its SEQUENCE on) is held.

Which emails carry an .ics (``invite.ics``, ``text/calendar; method=...``):

- REQUEST when the person holds a confirmed seat: confirmed, promoted,
  approved, and after the session's date, time or place changed.
- CANCEL when a booking that was sent an invitation ends: cancelled, declined,
  or the session cancelled. A booking never sent one (waitlisted, pending) gets
  a plain email: there is nothing in their calendar to remove.
- Nothing for waitlisted or pending approval: they hold no seat in a diary.

Every invitation or cancellation for a booking raises ``Booking.ics_sequence``
first and carries it as SEQUENCE, so clients replace the event with the same
UID rather than adding a second one.

Tasks may run late or out of order (a worker was down; someone booked and
cancelled within a minute). An email whose event no longer matches the booking
(e.g. "confirmed" for a booking since cancelled) is not sent: the later email
tells the truth, and the person's calendar never gets an event to remove.
"""

import datetime
import logging
from email.message import MIMEPart

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.tasks import task
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from core.audit import record
from core.mail import build_email, deliver
from core.urls import absolute_url
from people.enums import Role
from people.selectors import people_with_role
from training.calendar import Method, booking_calendar, session_calendar, session_url
from training.enums import SESSION_CANCELLED_REASON, BookingStatus, CalendarEvent, SessionStatus
from training.models import Booking, Session
from training.selectors import places
from training.times import LONDON

logger = logging.getLogger(__name__)
User = get_user_model()

DEFAULT_REMINDER_DAYS = 3

# The booking statuses an event still describes; otherwise the email is stale.
_EXPECTED_STATUS = {
    CalendarEvent.CONFIRMED: {BookingStatus.CONFIRMED},
    CalendarEvent.WAITLISTED: {BookingStatus.WAITLISTED},
    CalendarEvent.PENDING: {BookingStatus.PENDING_APPROVAL},
    CalendarEvent.PROMOTED: {BookingStatus.CONFIRMED, BookingStatus.PENDING_APPROVAL},
    CalendarEvent.APPROVED: {BookingStatus.CONFIRMED},
    CalendarEvent.DECLINED: {BookingStatus.DECLINED},
    CalendarEvent.CANCELLED: {BookingStatus.CANCELLED},
    CalendarEvent.SESSION_CHANGED: {
        BookingStatus.CONFIRMED,
        BookingStatus.WAITLISTED,
        BookingStatus.PENDING_APPROVAL,
    },
    CalendarEvent.SESSION_CANCELLED: {BookingStatus.CANCELLED},
    CalendarEvent.LOST_SEAT: {BookingStatus.WAITLISTED},
    CalendarEvent.REMINDER: {BookingStatus.CONFIRMED},
}
_REQUEST_EVENTS = {
    CalendarEvent.CONFIRMED,
    CalendarEvent.PROMOTED,
    CalendarEvent.APPROVED,
    CalendarEvent.SESSION_CHANGED,
}
_CANCEL_EVENTS = {
    CalendarEvent.CANCELLED,
    CalendarEvent.DECLINED,
    CalendarEvent.SESSION_CANCELLED,
    CalendarEvent.LOST_SEAT,
}


# --- formatting -----------------------------------------------------------------


def local_when(moment: datetime.datetime) -> str:
    """'Tuesday 3 February 2027, 09:30' in Europe/London."""
    return date_format(timezone.localtime(moment, LONDON), "l j F Y, H:i")


def _until(session: Session) -> str:
    start = timezone.localtime(session.starts_at, LONDON)
    end = timezone.localtime(session.ends_at, LONDON)
    if start.date() == end.date():
        return date_format(end, "H:i")
    return local_when(session.ends_at)


def _name(person) -> str:
    return person.first_name or person.get_full_name() or person.username


def _full_name(person) -> str:
    return person.get_full_name() or person.username


def _invitation_part(ics: bytes, method: Method) -> MIMEPart:
    """``invite.ics`` as ``text/calendar; method=...`` (the parameter clients look for)."""
    part = MIMEPart()
    part.set_content(
        ics.decode(),
        subtype="calendar",
        charset="utf-8",
        disposition="attachment",
        filename="invite.ics",
        params={"method": method.value},
    )
    return part


def _message(
    *,
    to,
    subject: str,
    session: Session,
    paragraphs: list[str],
    url: str,
    link_text: str,
    status: str = "",
    status_label: str = "",
    invitation: tuple[bytes, Method] | None = None,
):
    """The shared training email (``core.mail.build_email``), or None when ``to`` has no
    address or has left (inactive)."""
    context = {
        "name": _name(to),
        "paragraphs": paragraphs,
        "session": session,
        "when": local_when(session.starts_at),
        "until": _until(session),
        "address_lines": [
            line.strip() for line in session.venue.address.splitlines() if line.strip()
        ],
        "status": status,
        "status_label": status_label,
        "url": url,
        "link_text": link_text,
    }
    message = build_email(
        to=[to],
        subject=subject,
        template="training/email/message",
        context=context,
        attachments=[_invitation_part(*invitation)] if invitation else (),
    )
    if message is None:
        logger.info("Not emailing %s about session %s: no address or inactive.", to.pk, session.pk)
    return message


def _send(**kwargs) -> int:
    """Build and hand over (after commit) one email; returns 1 if it will go, else 0."""
    return deliver(_message(**kwargs))


# --- bookings --------------------------------------------------------------------


def _method_for(booking: Booking, event: CalendarEvent) -> Method | None:
    if event in _REQUEST_EVENTS and booking.status == BookingStatus.CONFIRMED:
        return Method.REQUEST
    # Only a booking that was sent an invitation has something to cancel.
    if event in _CANCEL_EVENTS and booking.ics_sequence > 0:
        return Method.CANCEL
    return None


def _approver_name(booking: Booking) -> str:
    approver = booking.approver or booking.person.line_manager
    return _full_name(approver) if approver else "the programme team"


def _paragraphs(
    booking: Booking,
    event: CalendarEvent,
    method: Method | None,
    now: datetime.datetime,
    note: str = "",
) -> list[str]:
    session = booking.session
    title = session.course.title
    pending = booking.status == BookingStatus.PENDING_APPROVAL
    added = "The invitation attached adds it to your calendar."
    removed = "The cancellation attached removes it from your calendar."
    lines: list[str]
    match event:
        case CalendarEvent.CONFIRMED:
            lines = [f"Your place on {title} is confirmed.", added]
        case CalendarEvent.WAITLISTED:
            lines = [
                f"You are on the waiting list for {title}. You do not have a seat yet.",
                "If a place comes up it goes to the first person waiting who can still "
                "attend, and we will email you straight away.",
            ]
        case CalendarEvent.PENDING:
            lines = [
                f"Your booking on {title} is waiting for {_approver_name(booking)} to approve "
                "it. Your seat is held until they decide.",
                "We will email you when they do; the calendar invitation comes with the approval.",
            ]
        case CalendarEvent.PROMOTED if pending:
            lines = [
                f"A place has come up on {title}. It is held for you while "
                f"{_approver_name(booking)} approves the booking; we will email you when they do.",
            ]
        case CalendarEvent.PROMOTED:
            lines = [f"A place has come up on {title} and it is yours: you are now booked.", added]
        case CalendarEvent.APPROVED:
            lines = [
                f"{_approver_name(booking)} approved your booking. Your place is confirmed.",
                added,
            ]
        case CalendarEvent.DECLINED:
            note = f" Their note: “{booking.decision_note}”" if booking.decision_note else ""
            lines = [f"{_approver_name(booking)} declined your booking on {title}.{note}"]
        case CalendarEvent.CANCELLED:
            reason = (
                f" Reason: {booking.cancellation_reason}" if booking.cancellation_reason else ""
            )
            lines = [f"Your booking on {title} has been cancelled.{reason}"]
        case CalendarEvent.SESSION_CHANGED:
            lines = [f"The date, time or place of {title} has changed. The new details are below."]
            if method == Method.REQUEST:
                lines.append("The updated invitation attached replaces the one in your calendar.")
            elif booking.status == BookingStatus.WAITLISTED:
                lines.append("You are still on the waiting list.")
            elif pending:
                lines.append("Your booking is still waiting for approval.")
        case CalendarEvent.SESSION_CANCELLED:
            reason = (
                f" Reason: {session.cancellation_reason}" if session.cancellation_reason else ""
            )
            lines = [
                f"{title} on {local_when(session.starts_at)} has been cancelled, and your "
                f"booking with it. You do not need to do anything.{reason}"
            ]
        case CalendarEvent.LOST_SEAT:
            why = f"On the new date {note}, so" if note else "After the move"
            lines = [
                f"{title} has moved to {local_when(session.starts_at)}. {why} your seat has "
                "gone back to the waiting list, and you are on it.",
                "If a place comes up that you can take, it is yours and we will email you. "
                "If you no longer want it, leave the waiting list from your booking.",
            ]
        case CalendarEvent.REMINDER:
            lines = [
                f"A reminder that you are booked on {title} {_relative_day(session, now)}.",
                "If you can no longer attend, please cancel your booking so that someone on the "
                "waiting list can have your place.",
            ]
    if method == Method.CANCEL:
        lines.append(removed)
    return lines


def _relative_day(session: Session, now: datetime.datetime) -> str:
    days = (
        timezone.localtime(session.starts_at, LONDON).date()
        - timezone.localtime(now, LONDON).date()
    ).days
    if days <= 0:
        return "today"
    if days == 1:
        return "tomorrow"
    return (
        f"in {days} days, on {date_format(timezone.localtime(session.starts_at, LONDON), 'l j F')}"
    )


def _subject(booking: Booking, event: CalendarEvent) -> str:
    session = booking.session
    prefix = {
        CalendarEvent.CONFIRMED: "Booking confirmed",
        CalendarEvent.WAITLISTED: "On the waiting list",
        CalendarEvent.PENDING: "Waiting for approval",
        CalendarEvent.PROMOTED: (
            "A place is held for you"
            if booking.status == BookingStatus.PENDING_APPROVAL
            else "You have a place"
        ),
        CalendarEvent.APPROVED: "Booking approved",
        CalendarEvent.DECLINED: "Booking declined",
        CalendarEvent.CANCELLED: "Booking cancelled",
        CalendarEvent.SESSION_CHANGED: "Session changed",
        CalendarEvent.SESSION_CANCELLED: "Session cancelled",
        CalendarEvent.LOST_SEAT: "You have lost your place",
        CalendarEvent.REMINDER: "Reminder",
    }[event]
    return f"{prefix}: {session.course.title}, {local_when(session.starts_at)}"


def _bump_sequence(booking: Booking) -> None:
    """Raise the SEQUENCE for this booking's UID; caller holds the booking row lock."""
    booking.ics_sequence += 1
    booking.save(update_fields=["ics_sequence"])


def _booking_for_update(booking_id: int) -> Booking:
    # Lock only the booking row (PostgreSQL would refuse FOR UPDATE over the
    # nullable joins), then fetch what the email shows.
    Booking.objects.select_for_update().filter(pk=booking_id).values_list("pk").get()
    return Booking.objects.select_related(
        "person",
        "person__line_manager",
        "approver",
        "session__course",
        "session__venue",
    ).get(pk=booking_id)


def _can_email(person) -> bool:
    return bool(person.email) and person.is_active


def _email_booking(
    booking: Booking,
    event: CalendarEvent,
    *,
    now: datetime.datetime | None = None,
    note: str = "",
) -> int:
    """Queue the person's email for ``event`` (it goes after commit); returns 1 or 0.

    Precondition: the caller holds the booking's row lock (the SEQUENCE moves on here).
    """
    if booking.status not in _EXPECTED_STATUS[event]:
        logger.info(
            "Skipping stale %s email for booking %s (%s).", event, booking.pk, booking.status
        )
        return 0
    method = _method_for(booking, event)
    invitation = None
    if method is not None and _can_email(booking.person):
        _bump_sequence(booking)
        invitation = (booking_calendar(booking, method=method), method)
    sent = _send(
        to=booking.person,
        subject=_subject(booking, event),
        session=booking.session,
        paragraphs=_paragraphs(booking, event, method, now or timezone.now(), note),
        url=session_url(booking.session),
        link_text="See your booking",
        status=booking.get_status_display(),
        invitation=invitation,
    )
    if event == CalendarEvent.PENDING or (
        event == CalendarEvent.PROMOTED and booking.status == BookingStatus.PENDING_APPROVAL
    ):
        sent += _ask_for_approval(booking)
    return sent


def _ask_for_approval(booking: Booking) -> int:
    """Tell the approver (or, with no line manager, the programme administrators)."""
    approver = booking.approver or booking.person.line_manager
    if approver is not None and not approver.is_active:
        approver = None
    deciders = [approver] if approver else list(people_with_role(Role.PROGRAMME_ADMIN))
    person = _full_name(booking.person)
    session = booking.session
    paragraphs = [
        f"{person} has booked {session.course.title} and needs your approval. Their seat is "
        "held until you approve or decline the booking.",
    ]
    if booking.is_late:
        paragraphs.append(
            "The booking is inside the duties notice period for this course, so the duties "
            "department sees it flagged as late."
        )
    if approver is None:
        paragraphs.append(f"{person} has no line manager recorded, so it comes to you.")
    return sum(
        _send(
            to=decider,
            subject=f"Booking to approve: {person}, {session.course.title}, "
            f"{local_when(session.starts_at)}",
            session=session,
            paragraphs=paragraphs,
            url=absolute_url(reverse("portal:dashboard")),
            link_text="Approve or decline it on your portal dashboard",
            status=person,
            status_label="Booked by",
        )
        for decider in deciders
    )


def send_booking_email(*, booking_id: int, event: CalendarEvent | str, note: str = "") -> int:
    """Email the person about ``event`` on their booking, with an .ics where it applies.

    Side effects: raises ``Booking.ics_sequence`` when an invitation or
    cancellation is attached; for a booking waiting for approval, also emails
    the approver. Skips the email if the booking has since moved on. The row lock
    is held only to move the SEQUENCE on; the email goes after it is released.
    """
    with transaction.atomic():
        return _email_booking(_booking_for_update(booking_id), CalendarEvent(event), note=note)


# --- sessions --------------------------------------------------------------------


def _staff(session: Session) -> list[tuple[object, str]]:
    """(person, role) for each trainer and subject matter expert, once each."""
    seen: dict[int, tuple[object, str]] = {}
    for person in session.trainers.all():
        seen.setdefault(person.pk, (person, "trainer"))
    for person in session.subject_matter_experts.all():
        seen.setdefault(person.pk, (person, "subject matter expert"))
    return list(seen.values())


def _email_staff(session: Session, *, method: Method, changed: bool = False, staff=None) -> int:
    """Each trainer and expert (or ``staff``: (person, role) pairs) gets their .ics."""
    title = session.course.title
    when = local_when(session.starts_at)
    booked = places.seats_taken(session)
    sent = 0
    for person, role in _staff(session) if staff is None else staff:
        if method == Method.CANCEL and staff is not None:
            subject = f"You are no longer needed: {title}, {when}"
            paragraphs = [
                f"You have been taken off {title} on {when}, where you were the {role}. "
                "You do not need to keep the date free.",
                "The cancellation attached removes it from your calendar.",
            ]
        elif method == Method.CANCEL:
            reason = (
                f" Reason: {session.cancellation_reason}" if session.cancellation_reason else ""
            )
            subject = f"Session cancelled: {title}, {when}"
            paragraphs = [
                f"{title} on {when}, where you are the {role}, has been cancelled. Everyone "
                f"booked has been told.{reason}",
                "The cancellation attached removes it from your calendar.",
            ]
        elif changed:
            subject = f"Session changed: {title}, {when}"
            paragraphs = [
                f"The date, time or place of {title}, where you are the {role}, has changed. "
                "Everyone booked has been sent the new details.",
                "The updated invitation attached replaces the one in your calendar.",
            ]
        else:
            subject = f"You are the {role}: {title}, {when}"
            paragraphs = [
                f"You are the {role} for {title}. Please keep the date free.",
                "The invitation attached adds it to your calendar.",
            ]
        sent += _send(
            to=person,
            subject=subject,
            session=session,
            paragraphs=paragraphs,
            url=session_url(session),
            link_text="See the session",
            status=f"{booked} of {session.capacity}",
            status_label="Seats booked",
            invitation=(session_calendar(session, method=method, attendee=person), method)
            if _can_email(person)
            else None,
        )
    return sent


def _session(session_id: int) -> Session:
    return Session.objects.select_related("course", "venue").get(pk=session_id)


def notify_session_cancelled(*, session_id: int) -> int:
    """Tell everyone whose booking the session's cancellation ended, and its staff.

    The scheduling service cancels the bookings (cancellation_reason "Session
    cancelled") in its transaction and queues this after commit. People sent
    an invitation get METHOD:CANCEL; waitlisted and pending get a plain email.
    Returns the number of emails sent; does nothing if the session is not
    cancelled (a stale task).
    """
    session = _session(session_id)
    if session.status != SessionStatus.CANCELLED:
        logger.info("Session %s is not cancelled; not sending cancellations.", session_id)
        return 0
    ids = list(
        session.bookings.filter(
            status=BookingStatus.CANCELLED, cancellation_reason=SESSION_CANCELLED_REASON
        ).values_list("pk", flat=True)
    )
    sent = 0
    for booking_id in ids:
        with transaction.atomic():
            sent += _email_booking(_booking_for_update(booking_id), CalendarEvent.SESSION_CANCELLED)
    return sent + _email_staff(session, method=Method.CANCEL)


def notify_session_changed(*, session_id: int, skip_booking_ids=()) -> int:
    """Send everyone booked the new date, time or place; returns emails sent.

    Confirmed bookings get METHOD:REQUEST with the same UID and a higher
    SEQUENCE; waitlisted and pending get a plain email; trainers and subject
    matter experts get their updated invitation (SEQUENCE ``session.sequence``).
    ``skip_booking_ids``: bookings that lost their seat in the move, which were
    told so in an email of their own.
    """
    session = _session(session_id)
    if session.status != SessionStatus.SCHEDULED:
        return 0
    ids = list(
        session.bookings.filter(status__in=_EXPECTED_STATUS[CalendarEvent.SESSION_CHANGED])
        .exclude(pk__in=list(skip_booking_ids))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    sent = 0
    for booking_id in ids:
        with transaction.atomic():
            sent += _email_booking(_booking_for_update(booking_id), CalendarEvent.SESSION_CHANGED)
    return sent + _email_staff(session, method=Method.REQUEST, changed=True)


def notify_session_staff(*, session_id: int) -> int:
    """Send trainers and subject matter experts the session's invitation.

    Sets ``Session.experts_notified_at`` (audited). Returns emails sent.
    """
    with transaction.atomic():
        Session.objects.select_for_update().filter(pk=session_id).values_list("pk").get()
        session = _session(session_id)
        if session.status != SessionStatus.SCHEDULED:
            return 0
        sent = _email_staff(session, method=Method.REQUEST)
        session.experts_notified_at = timezone.now()
        session.save(update_fields=["experts_notified_at"])
        record(
            actor=None,
            action="training.session.staff_notified",
            obj=session,
            summary=f"Trainers and subject matter experts sent the invitation for {session}",
            emails=sent,
        )
    return sent


def notify_staff_removed(*, session_id: int, trainer_ids=(), expert_ids=()) -> int:
    """Tell trainers and experts taken off a session; their .ics is cancelled.

    Does nothing for anyone put back on it in the meantime. Returns emails sent.
    """
    session = _session(session_id)
    current = {p.pk for p, _ in _staff(session)}
    roles = dict.fromkeys(trainer_ids, "trainer") | dict.fromkeys(
        expert_ids, "subject matter expert"
    )
    removed = [
        (person, roles[person.pk])
        for person in User.objects.filter(pk__in=list(roles)).exclude(pk__in=current)
    ]
    return _email_staff(session, method=Method.CANCEL, staff=removed)


# --- reminders -------------------------------------------------------------------


def reminder_days() -> int:
    return getattr(settings, "TRAINING_REMINDER_DAYS", DEFAULT_REMINDER_DAYS)


def send_due_reminders(*, now: datetime.datetime | None = None) -> int:
    """Remind people with a confirmed seat of sessions starting within the next N days.

    N is ``settings.TRAINING_REMINDER_DAYS`` (default 3). Each booking is
    reminded once: it is claimed by setting ``reminder_sent_at`` in the same
    transaction that sends, so running twice (or two workers at once) sends
    once, and a failed send is retried on the next run. Returns how many were
    sent.
    """
    now = now or timezone.now()
    due = (
        Booking.objects.filter(
            status=BookingStatus.CONFIRMED,
            session__status=SessionStatus.SCHEDULED,
            session__starts_at__gt=now,
            session__starts_at__lte=now + datetime.timedelta(days=reminder_days()),
            reminder_sent_at__isnull=True,
        )
        .order_by("session__starts_at", "pk")
        .values_list("pk", flat=True)
    )
    sent = 0
    for booking_id in list(due):
        try:
            with transaction.atomic():
                booking = _booking_for_update(booking_id)
                if (
                    booking.reminder_sent_at is not None
                    or booking.status != BookingStatus.CONFIRMED
                ):
                    continue
                booking.reminder_sent_at = now
                booking.save(update_fields=["reminder_sent_at"])
                queued = _email_booking(booking, CalendarEvent.REMINDER, now=now)
            # The email went as the block above committed, after the lock was released.
            sent += queued
        except Exception:
            # One bad address must not stop everyone else's reminder; this one is
            # unclaimed and tried again on the next run.
            logger.exception("Reminder for booking %s failed.", booking_id)
            Booking.objects.filter(pk=booking_id, reminder_sent_at=now).update(
                reminder_sent_at=None
            )
    return sent


# --- tasks: queued after commit by the services; each takes ids ----------------------


@task
def send_booking_email_task(*, booking_id: int, event: str, note: str = "") -> int:
    """Email the person about their booking, with an .ics where it applies."""
    return send_booking_email(booking_id=booking_id, event=CalendarEvent(event), note=note)


@task
def notify_session_cancelled_task(*, session_id: int) -> int:
    """Tell everyone booked (and the staff) that the session is cancelled."""
    return notify_session_cancelled(session_id=session_id)


@task
def notify_session_changed_task(
    *, session_id: int, skip_booking_ids: list[int] | None = None
) -> int:
    """Send updated invitations (same UID, higher SEQUENCE) after a date/time/venue change."""
    return notify_session_changed(session_id=session_id, skip_booking_ids=skip_booking_ids or ())


@task
def notify_session_staff_task(*, session_id: int) -> int:
    """Give trainers and subject matter experts notice of their session."""
    return notify_session_staff(session_id=session_id)


@task
def notify_staff_removed_task(
    *, session_id: int, trainer_ids: list[int] | None = None, expert_ids: list[int] | None = None
) -> int:
    """Tell trainers and experts taken off a session."""
    return notify_staff_removed(
        session_id=session_id, trainer_ids=trainer_ids or (), expert_ids=expert_ids or ()
    )


@task
def send_due_reminders_task() -> int:
    """Remind people of sessions starting soon; returns how many were sent."""
    return send_due_reminders()
