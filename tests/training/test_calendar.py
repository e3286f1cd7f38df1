"""The .ics documents, read back with parsers other than icalendar (which wrote them)."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from dateutil.tz import tzical
from ics import Calendar

from tests.factories import CourseFactory, SessionFactory, UserFactory, VenueFactory
from tests.training.mail_helpers import Invitation
from training.calendar import booking_calendar, session_calendar
from training.services.booking import book_seat

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
UTC = datetime.UTC


def london(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=LONDON)


def utc(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=UTC)


def booking_on(starts_at, ends_at, **session):
    session = SessionFactory(starts_at=starts_at, ends_at=ends_at, **session)
    return book_seat(session=session, person=UserFactory(first_name="Asha", last_name="Patel"))


def read(ics: bytes) -> Invitation:
    return Invitation(method_param="", filename="", text=ics.decode())


# --- instants, across the clock changes --------------------------------------------


@pytest.mark.parametrize(
    ("starts_at", "ends_at", "begin_utc", "end_utc"),
    [
        # GMT (winter): local time is UTC.
        (
            london(2031, 2, 3, 9, 30),
            london(2031, 2, 3, 12, 0),
            utc(2031, 2, 3, 9, 30),
            utc(2031, 2, 3, 12, 0),
        ),
        # BST (summer): an hour ahead of UTC.
        (
            london(2030, 7, 9, 9, 30),
            london(2030, 7, 9, 12, 0),
            utc(2030, 7, 9, 8, 30),
            utc(2030, 7, 9, 11, 0),
        ),
        # Across the spring change (01:00 UTC, Sunday 31 March 2030): 3 local hours, 2 real.
        (
            london(2030, 3, 31, 0, 0),
            london(2030, 3, 31, 3, 0),
            utc(2030, 3, 31, 0, 0),
            utc(2030, 3, 31, 2, 0),
        ),
        # Across the autumn change (01:00 UTC, Sunday 27 October 2030): 2 local hours, 3 real.
        (
            london(2030, 10, 27, 0, 30),
            london(2030, 10, 27, 2, 30),
            utc(2030, 10, 26, 23, 30),
            utc(2030, 10, 27, 2, 30),
        ),
    ],
)
def test_booking_calendar_instants_are_right_in_utc(starts_at, ends_at, begin_utc, end_utc):
    booking = booking_on(starts_at, ends_at)
    event = read(booking_calendar(booking, method="REQUEST")).event
    assert event.begin.to("utc").datetime == begin_utc
    assert event.end.to("utc").datetime == end_utc


def test_booking_calendar_writes_local_wall_time_with_tzid():
    booking = booking_on(london(2030, 7, 9, 9, 30), london(2030, 7, 9, 12, 0))
    doc = read(booking_calendar(booking, method="REQUEST"))
    assert "DTSTART;TZID=Europe/London:20300709T093000" in doc.lines
    assert "DTEND;TZID=Europe/London:20300709T120000" in doc.lines
    assert doc.value("TZID", "VTIMEZONE") == "Europe/London"


@pytest.mark.parametrize(
    ("moment", "offset_hours"),
    [
        (datetime.datetime(2030, 1, 15, 12, 0), 0),
        (datetime.datetime(2030, 3, 30, 12, 0), 0),  # the day before BST starts
        (datetime.datetime(2030, 3, 31, 12, 0), 1),
        (datetime.datetime(2030, 10, 26, 12, 0), 1),  # the day before BST ends
        (datetime.datetime(2030, 10, 27, 12, 0), 0),
        (datetime.datetime(2045, 7, 1, 12, 0), 1),  # the rules hold beyond 2038
    ],
)
def test_vtimezone_defines_the_uk_clock_changes(tmp_path, moment, offset_hours):
    """A client without a tz database of its own reads the VTIMEZONE; dateutil does."""
    booking = booking_on(london(2030, 7, 9, 9, 30), london(2030, 7, 9, 12, 0))
    path = tmp_path / "invite.ics"
    path.write_bytes(booking_calendar(booking, method="REQUEST"))
    zone = tzical(str(path)).get("Europe/London")
    assert moment.replace(tzinfo=zone).utcoffset() == datetime.timedelta(hours=offset_hours)


# --- the properties ------------------------------------------------------------------


def test_booking_calendar_request_has_the_booking_details(settings):
    settings.DEFAULT_FROM_EMAIL = "POP Portal <training@example.police.uk>"
    settings.BASE_URL = "https://pop.example.police.uk"
    course = CourseFactory(title="Problem-solving masterclass")
    venue = VenueFactory(
        name="Harrogate training suite", address="1 Station Road\nHarrogate HG1 1AA"
    )
    booking = booking_on(
        london(2031, 2, 3, 9, 30), london(2031, 2, 3, 12, 0), course=course, venue=venue
    )
    booking.ics_sequence = 4

    doc = read(booking_calendar(booking, method="REQUEST"))
    event = doc.event

    assert event.uid == f"booking-{booking.pk}@pop-portal"
    assert event.name == "Problem-solving masterclass"
    assert event.location == "Harrogate training suite, 1 Station Road, Harrogate HG1 1AA"
    assert event.status == "CONFIRMED"
    assert (
        f"https://pop.example.police.uk/training/sessions/{booking.session_id}/"
        in event.description
    )
    assert doc.value("METHOD", "VCALENDAR") == "REQUEST"
    assert doc.value("SEQUENCE") == "4"
    assert doc.value("ORGANIZER") == "mailto:training@example.police.uk"
    assert doc.value("ATTENDEE") == f"mailto:{booking.person.email}"
    assert next(line for line in doc.lines if line.startswith("ATTENDEE")).startswith(
        'ATTENDEE;CN="Asha Patel";'
    )
    assert doc.value("DTSTAMP").endswith("Z")


def test_booking_calendar_cancel_keeps_the_uid_and_says_cancelled():
    booking = booking_on(london(2031, 2, 3, 9, 30), london(2031, 2, 3, 12, 0))
    request = read(booking_calendar(booking, method="REQUEST"))
    booking.ics_sequence += 1
    cancel = read(booking_calendar(booking, method="CANCEL"))

    assert cancel.event.uid == request.event.uid
    assert cancel.event.status == "CANCELLED"
    assert cancel.value("METHOD", "VCALENDAR") == "CANCEL"
    assert int(cancel.value("SEQUENCE")) == int(request.value("SEQUENCE")) + 1


def test_session_calendar_has_the_staff_uid_and_session_sequence():
    trainer = UserFactory()
    session = SessionFactory(
        starts_at=london(2031, 2, 3, 9, 30), ends_at=london(2031, 2, 3, 12, 0), trainers=[trainer]
    )
    session.sequence = 2

    request = read(session_calendar(session, method="REQUEST", attendee=trainer))
    cancel = read(session_calendar(session, method="CANCEL", attendee=trainer))

    assert request.event.uid == f"session-{session.pk}-staff@pop-portal"
    assert request.value("SEQUENCE") == "2"
    assert request.value("ATTENDEE") == f"mailto:{trainer.email}"
    assert request.event.begin.to("utc").datetime == utc(2031, 2, 3, 9, 30)
    assert cancel.event.uid == request.event.uid
    assert cancel.event.status == "CANCELLED"
    assert cancel.value("SEQUENCE") == "2"


def test_calendar_parses_as_one_event_with_ics():
    booking = booking_on(london(2031, 2, 3, 9, 30), london(2031, 2, 3, 12, 0))
    calendar = Calendar(booking_calendar(booking, method="REQUEST").decode())
    assert len(calendar.events) == 1
