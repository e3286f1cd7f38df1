"""iCalendar (RFC 5545 / iTIP RFC 5546) documents for bookings and sessions.

A booking has one stable UID (``Booking.ics_uid``) for its whole life: the
invitation, any update after the session moves, and the cancellation all carry
it, each with a higher SEQUENCE, so a calendar client replaces or removes the
one event it already holds instead of adding another. Times are written with
TZID=Europe/London and a VTIMEZONE that defines it, so a session on either side
of a BST/GMT change lands at the right instant in every client.

These functions only build bytes; :mod:`training.services.notifications`
decides when to send them and moves ``Booking.ics_sequence`` on.
"""

import datetime
import enum
from email.utils import parseaddr

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard, vCalAddress

from core.urls import absolute_url
from training.models import Booking, Session
from training.times import LONDON

PRODID = "-//POP Portal//Training//EN"


class Method(enum.StrEnum):
    """The iTIP method of a calendar document."""

    REQUEST = "REQUEST"  # add or update the event
    CANCEL = "CANCEL"  # remove the event


def session_url(session: Session) -> str:
    """The absolute address of the session's page in the portal."""
    return absolute_url(reverse("training:session_detail", args=[session.pk]))


def organizer_address() -> tuple[str, str]:
    """(display name, address) of the portal, from DEFAULT_FROM_EMAIL."""
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return name or "POP Portal", address


def booking_calendar(booking: Booking, *, method: Method | str) -> bytes:
    """The calendar for ``booking``: its UID, and SEQUENCE ``booking.ics_sequence``.

    The caller moves ``ics_sequence`` on before building an update or a
    cancellation (see ``notifications``); this function only reads it.
    """
    method = Method(method)
    return _calendar(
        session=booking.session,
        method=method,
        uid=booking.ics_uid,
        sequence=booking.ics_sequence,
        attendee=booking.person,
        role="REQ-PARTICIPANT",
    )


def session_calendar(session: Session, *, method: Method | str, attendee) -> bytes:
    """The calendar a trainer or subject matter expert gets for ``session``.

    UID ``session-<pk>-staff@pop-portal``; SEQUENCE is ``session.sequence``,
    which the scheduling service bumps when the date, time or place changes and
    when the session is cancelled, so each update outranks the one before.
    """
    method = Method(method)
    return _calendar(
        session=session,
        method=method,
        uid=f"session-{session.pk}-staff@pop-portal",
        sequence=session.sequence,
        attendee=attendee,
        role="CHAIR",
    )


# --- building blocks ---------------------------------------------------------


def _calendar(
    *, session: Session, method: Method, uid: str, sequence: int, attendee, role: str
) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method.value)
    calendar.add_component(london_timezone())
    calendar.add_component(
        _event(
            session=session,
            method=method,
            uid=uid,
            sequence=sequence,
            attendee=attendee,
            role=role,
        )
    )
    return calendar.to_ical()


def _event(
    *, session: Session, method: Method, uid: str, sequence: int, attendee, role: str
) -> Event:
    course = session.course
    venue = session.venue
    event = Event()
    event.add("uid", uid)
    event.add("sequence", sequence)
    event.add("dtstamp", timezone.now().astimezone(datetime.UTC))
    event.add("dtstart", timezone.localtime(session.starts_at, LONDON))
    event.add("dtend", timezone.localtime(session.ends_at, LONDON))
    event.add("summary", course.title)
    event.add("location", _location(venue))
    event.add("description", _description(session))
    event.add("url", session_url(session))
    event.add("status", "CANCELLED" if method == Method.CANCEL else "CONFIRMED")
    event.add("transp", "OPAQUE")

    name, address = organizer_address()
    organizer = vCalAddress(f"mailto:{address}")
    organizer.params["cn"] = name
    event.add("organizer", organizer)

    person = vCalAddress(f"mailto:{attendee.email}")
    person.params["cn"] = attendee.get_full_name() or attendee.username
    person.params["role"] = role
    # The portal is the source of truth: the seat is already taken (or given
    # up), so no reply is wanted from the calendar client.
    person.params["partstat"] = "ACCEPTED" if method == Method.REQUEST else "DECLINED"
    person.params["rsvp"] = "FALSE"
    event.add("attendee", person)
    return event


def _location(venue) -> str:
    address = ", ".join(line.strip() for line in venue.address.splitlines() if line.strip())
    return f"{venue.name}, {address}" if address else venue.name


def _description(session: Session) -> str:
    parts = [session.course.summary.strip()]
    if session.notes.strip():
        parts.append(session.notes.strip())
    if session.venue.accessibility_notes.strip():
        parts.append(f"Access: {session.venue.accessibility_notes.strip()}")
    if session.cancellation_reason.strip() and session.is_cancelled:
        parts.append(f"Cancelled: {session.cancellation_reason.strip()}")
    parts.append("Times are UK time (Europe/London).")
    parts.append(f"Your booking: {session_url(session)}")
    return "\n\n".join(p for p in parts if p)


def london_timezone() -> Timezone:
    """VTIMEZONE for Europe/London with the UK rules (since 1996) as RRULEs.

    Written by hand rather than generated, so it is short, valid for every
    future year and the same in every document: BST starts at 01:00 UTC on the
    last Sunday in March and ends at 01:00 UTC on the last Sunday in October.
    """
    tz = Timezone()
    tz.add("tzid", "Europe/London")

    summer = TimezoneDaylight()
    summer.add("tzname", "BST")
    summer.add("tzoffsetfrom", datetime.timedelta(hours=0))
    summer.add("tzoffsetto", datetime.timedelta(hours=1))
    summer.add("dtstart", datetime.datetime(1970, 3, 29, 1, 0, 0))
    summer.add("rrule", {"freq": "yearly", "bymonth": 3, "byday": "-1su"})
    tz.add_component(summer)

    winter = TimezoneStandard()
    winter.add("tzname", "GMT")
    winter.add("tzoffsetfrom", datetime.timedelta(hours=1))
    winter.add("tzoffsetto", datetime.timedelta(hours=0))
    winter.add("dtstart", datetime.datetime(1970, 10, 25, 2, 0, 0))
    winter.add("rrule", {"freq": "yearly", "bymonth": 10, "byday": "-1su"})
    tz.add_component(winter)
    return tz
