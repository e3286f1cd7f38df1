import datetime
import re

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.models import AuditEntry
from people.enums import Function, OrganisationType, Rank
from tests.factories import (
    CourseFactory,
    OrganisationFactory,
    SessionFactory,
    TeamFactory,
    UserFactory,
    VenueFactory,
)
from training.enums import BookingStatus, SessionStatus
from training.models import Booking, Session
from training.services import TrainingError
from training.services.booking import (
    approve_booking,
    book_seat,
    cancel_booking,
    decline_booking,
)

pytestmark = pytest.mark.django_db


def refused(code, **kwargs) -> TrainingError:
    with pytest.raises(TrainingError) as info:
        book_seat(**kwargs)
    assert info.value.code == code, str(info.value)
    return info.value


# --- outcomes -----------------------------------------------------------------


def test_book_seat_confirms_when_seats_are_free(django_capture_on_commit_callbacks):
    session = SessionFactory(capacity=2)
    person = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        booking = book_seat(session=session, person=person)
    assert booking.status == BookingStatus.CONFIRMED
    assert booking.confirmed_at is not None
    assert booking.is_late is False
    assert [m.to for m in mail.outbox] == [[person.email]]
    assert AuditEntry.objects.filter(action="training.booking.created").count() == 1


def test_book_seat_holds_the_session_lock_only_for_what_must_be_read_under_it():
    session = SessionFactory(capacity=2)
    person = UserFactory(team=TeamFactory())
    with CaptureQueriesContext(connection) as queries:
        book_seat(session=session, person=person)
    tables = [
        re.search(r'(?:FROM|INTO) "(\w+)"', q["sql"]).group(1)
        for q in queries.captured_queries
        if re.search(r"^\s*\(?(SELECT|INSERT)", q["sql"])  # PostgreSQL brackets a UNION
    ]
    # What the course asks is read first, then the session is locked (the lock every
    # booking on it waits for), and then only the person, their team, their bookings and
    # staffing with their team's days away, the seats taken, the booking and its entry.
    assert tables == [
        "training_course_partner_organisations",
        "training_course_prerequisites",
        "training_courserequirement",
        "training_session",
        "people_user",
        "people_team",
        "training_booking",  # the person's bookings and staffing, in one query
        "training_booking",  # the team's days away
        "training_booking",  # seats taken
        "training_booking",  # the booking
        "core_auditentry",
    ]
    # The course and venue come with the session given: the lock reads its row only.
    lock = next(q["sql"] for q in queries.captured_queries if 'FROM "training_session"' in q["sql"])
    assert "JOIN" not in lock


def test_a_session_read_before_its_lock_gives_its_venue_only_while_the_locked_row_names_it():
    session = SessionFactory(capacity=5)
    before = Session.objects.select_related("course", "venue").get(pk=session.pk)
    Session.objects.filter(pk=session.pk).update(venue=VenueFactory(name="The moved-to hall"))

    book_seat(session=before, person=UserFactory())

    entry = AuditEntry.objects.filter(action="training.booking.created").latest("pk")
    assert "The moved-to hall" in entry.summary


def test_what_a_course_asks_is_read_once_until_the_course_changes():
    session = SessionFactory(capacity=5)
    book_seat(session=session, person=UserFactory())
    second, third = UserFactory(), UserFactory()

    with CaptureQueriesContext(connection) as queries:
        book_seat(session=session, person=second)
    assert not [q for q in queries.captured_queries if re.search(COURSE_TABLES, q["sql"])]

    session.course.requirements.create(ranks=[], functions=[])
    with CaptureQueriesContext(connection) as queries:
        book_seat(session=session, person=third)
    assert [q for q in queries.captured_queries if re.search(COURSE_TABLES, q["sql"])]


COURSE_TABLES = r'FROM "training_course(requirement|_partner_organisations|_prerequisites)"'


def test_book_seat_waitlists_when_full():
    session = SessionFactory(capacity=1)
    book_seat(session=session, person=UserFactory())
    booking = book_seat(session=session, person=UserFactory())
    assert booking.status == BookingStatus.WAITLISTED
    assert booking.waitlisted_at is not None


def test_book_seat_waits_for_approval_and_holds_the_seat():
    manager = UserFactory(rank=Rank.SERGEANT)
    session = SessionFactory(capacity=1, course=CourseFactory(requires_manager_approval=True))
    pending = book_seat(session=session, person=UserFactory(line_manager=manager))
    assert pending.status == BookingStatus.PENDING_APPROVAL
    assert pending.approver == manager
    assert book_seat(session=session, person=UserFactory()).status == BookingStatus.WAITLISTED


def test_book_seat_flags_late_bookings_inside_duties_notice():
    session = SessionFactory(starts_at=timezone.now() + datetime.timedelta(days=10))
    assert book_seat(session=session, person=UserFactory()).is_late is True


# --- refusals -------------------------------------------------------------------


def test_refused_when_not_in_audience_by_rank():
    session = SessionFactory(course=CourseFactory(audience_ranks=[Rank.SERGEANT]))
    refused("audience", session=session, person=UserFactory(rank=Rank.PC))


def test_refused_when_not_in_audience_by_function():
    session = SessionFactory(course=CourseFactory(audience_functions=[Function.NEIGHBOURHOODS]))
    refused("audience", session=session, person=UserFactory(function=Function.RESPONSE))


def test_partners_only_when_their_organisation_is_allowed():
    housing = OrganisationFactory(name="Harrowgate Homes", type=OrganisationType.HOUSING)
    closed = SessionFactory(course=CourseFactory(open_to_all_partners=False))
    partner = UserFactory(organisation=housing, rank=Rank.PARTNER_STAFF, team=None)
    refused("audience", session=closed, person=partner)
    closed.course.partner_organisations.add(housing)
    assert book_seat(session=closed, person=partner).status == BookingStatus.CONFIRMED


def test_refused_when_prerequisite_not_attended():
    intro = CourseFactory(title="Introduction to problem solving")
    course = CourseFactory()
    course.prerequisites.add(intro)
    person = UserFactory()
    error = refused("prerequisite", session=SessionFactory(course=course), person=person)
    assert "Introduction to problem solving" in str(error)

    Booking.objects.create(
        session=SessionFactory(course=intro, status=SessionStatus.DELIVERED),
        person=person,
        status=BookingStatus.ATTENDED,
    )
    assert (
        book_seat(session=SessionFactory(course=course), person=person).status
        == BookingStatus.CONFIRMED
    )


def test_refused_outside_booking_window():
    now = timezone.now()
    not_open = SessionFactory(booking_opens_at=now + datetime.timedelta(days=1))
    refused("not_open", session=not_open, person=UserFactory())
    closed = SessionFactory(starts_at=now + datetime.timedelta(hours=10))  # cut-off is 48h
    refused("closed", session=closed, person=UserFactory())
    started = SessionFactory(starts_at=now - datetime.timedelta(minutes=5))
    refused("started", session=started, person=UserFactory())


def test_refused_when_session_cancelled():
    refused(
        "cancelled", session=SessionFactory(status=SessionStatus.CANCELLED), person=UserFactory()
    )


def test_refused_when_already_booked_even_on_the_waitlist():
    session = SessionFactory(capacity=1)
    book_seat(session=session, person=UserFactory())
    person = UserFactory()
    book_seat(session=session, person=person)  # waitlisted
    refused("duplicate", session=session, person=person)


def test_refused_when_a_confirmed_booking_overlaps():
    person = UserFactory()
    first = SessionFactory()
    book_seat(session=first, person=person)
    overlapping = SessionFactory(
        starts_at=first.starts_at + datetime.timedelta(hours=1),
        ends_at=first.ends_at + datetime.timedelta(hours=1),
    )
    refused("overlap", session=overlapping, person=person)
    later = SessionFactory(
        starts_at=first.ends_at, ends_at=first.ends_at + datetime.timedelta(hours=2)
    )
    assert book_seat(session=later, person=person).status == BookingStatus.CONFIRMED


def test_team_cap_refuses_then_offers_waitlist():
    team = TeamFactory()
    course = CourseFactory(abstraction_cap_per_team=1)
    morning = SessionFactory(course=course)
    afternoon = SessionFactory(
        course=course,
        starts_at=morning.starts_at + datetime.timedelta(hours=4),
        ends_at=morning.ends_at + datetime.timedelta(hours=4),
    )
    book_seat(session=morning, person=UserFactory(team=team))
    colleague = UserFactory(team=team)
    error = refused("team_cap", session=afternoon, person=colleague)
    assert error.can_waitlist is True
    waiting = book_seat(session=afternoon, person=colleague, waitlist_if_blocked=True)
    assert waiting.status == BookingStatus.WAITLISTED
    # Another team is not affected.
    assert book_seat(session=afternoon, person=UserFactory()).status == BookingStatus.CONFIRMED


def test_team_cap_counts_the_london_day_not_other_days():
    team = TeamFactory()
    course = CourseFactory(abstraction_cap_per_team=1)
    today = SessionFactory(course=course)
    tomorrow = SessionFactory(
        course=course,
        starts_at=today.starts_at + datetime.timedelta(days=1),
        ends_at=today.ends_at + datetime.timedelta(days=1),
    )
    book_seat(session=today, person=UserFactory(team=team))
    assert (
        book_seat(session=tomorrow, person=UserFactory(team=team)).status == BookingStatus.CONFIRMED
    )


def test_unique_constraint_stops_two_live_bookings_on_one_session():
    from django.db import IntegrityError

    session = SessionFactory()
    person = UserFactory()
    Booking.objects.create(session=session, person=person, status=BookingStatus.CONFIRMED)
    with pytest.raises(IntegrityError):
        Booking.objects.create(session=session, person=person, status=BookingStatus.WAITLISTED)


# --- cancel and promotion -----------------------------------------------------------


def test_cancel_promotes_first_in_line(django_capture_on_commit_callbacks):
    session = SessionFactory(capacity=1)
    holder = book_seat(session=session, person=UserFactory())
    first = book_seat(session=session, person=UserFactory())
    second = book_seat(session=session, person=UserFactory())
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        promoted = cancel_booking(booking=holder, by=holder.person)
    assert promoted.pk == first.pk
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (BookingStatus.CONFIRMED, BookingStatus.WAITLISTED)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([holder.person.email, first.person.email])


def test_cancel_skips_waitlisted_people_no_longer_eligible():
    session = SessionFactory(capacity=1)
    holder = book_seat(session=session, person=UserFactory())
    busy = UserFactory()
    book_seat(session=session, person=busy)  # waitlisted, first in line
    free = UserFactory()
    book_seat(session=session, person=free)
    book_seat(
        session=SessionFactory(starts_at=session.starts_at, ends_at=session.ends_at), person=busy
    )

    promoted = cancel_booking(booking=holder, by=holder.person)

    assert promoted.person == free
    assert Booking.objects.get(session=session, person=busy).status == BookingStatus.WAITLISTED


def test_cancel_refused_after_start():
    session = SessionFactory()
    booking = book_seat(session=session, person=UserFactory())
    session.starts_at = timezone.now() - datetime.timedelta(minutes=1)
    session.ends_at = timezone.now() + datetime.timedelta(hours=2)
    session.save()
    with pytest.raises(TrainingError, match="started"):
        cancel_booking(booking=booking, by=booking.person)
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED


def test_cancelling_a_waitlisted_booking_promotes_nobody():
    session = SessionFactory(capacity=1)
    book_seat(session=session, person=UserFactory())
    waiting = book_seat(session=session, person=UserFactory())
    third = book_seat(session=session, person=UserFactory())
    assert cancel_booking(booking=waiting, by=waiting.person) is None
    third.refresh_from_db()
    assert third.status == BookingStatus.WAITLISTED


def test_rebooking_after_cancel_is_allowed():
    session = SessionFactory()
    person = UserFactory()
    cancel_booking(booking=book_seat(session=session, person=person), by=person)
    assert book_seat(session=session, person=person).status == BookingStatus.CONFIRMED


# --- approval ---------------------------------------------------------------------


def test_manager_approves_pending_booking():
    manager = UserFactory(rank=Rank.SERGEANT)
    session = SessionFactory(course=CourseFactory(requires_manager_approval=True))
    booking = book_seat(session=session, person=UserFactory(line_manager=manager))
    approved = approve_booking(booking=booking, by=manager)
    assert approved.status == BookingStatus.CONFIRMED
    assert approved.decided_at is not None


def test_only_the_line_manager_may_approve():
    session = SessionFactory(course=CourseFactory(requires_manager_approval=True))
    booking = book_seat(session=session, person=UserFactory(line_manager=UserFactory()))
    with pytest.raises(TrainingError, match="line manager"):
        approve_booking(booking=booking, by=UserFactory())


def test_decline_frees_the_seat_for_the_next_in_line():
    manager = UserFactory(rank=Rank.SERGEANT)
    session = SessionFactory(capacity=1, course=CourseFactory(requires_manager_approval=True))
    pending = book_seat(session=session, person=UserFactory(line_manager=manager))
    waiting = book_seat(session=session, person=UserFactory(line_manager=manager))
    promoted = decline_booking(booking=pending, by=manager, note="Rota is short that week")
    assert promoted.pk == waiting.pk
    assert promoted.status == BookingStatus.PENDING_APPROVAL  # still needs approval


# --- issue 6: one booking per course; staff are not learners ---------------------------


def test_refused_a_second_live_booking_on_the_same_course():
    course = CourseFactory(title="Masterclass", abstraction_cap_per_team=2)
    person = UserFactory()
    first = SessionFactory(course=course)
    later = SessionFactory(course=course, starts_at=first.starts_at + datetime.timedelta(days=7))
    book_seat(session=first, person=person)

    error = refused("repeat", session=later, person=person)

    assert "You already have a place on Masterclass on " in str(error)
    # Not on its waiting list either, and it takes no second place in the team's count.
    with pytest.raises(TrainingError):
        book_seat(session=later, person=person, waitlist_if_blocked=True)
    assert Booking.objects.filter(person=person).count() == 1


def test_refused_a_place_on_a_course_already_completed_and_still_valid():
    course = CourseFactory(title="Masterclass")
    person = UserFactory()
    Booking.objects.create(
        session=SessionFactory(
            course=course,
            status=SessionStatus.DELIVERED,
            starts_at=timezone.now() - datetime.timedelta(days=30),
            ends_at=timezone.now() - datetime.timedelta(days=30, hours=-2),
        ),
        person=person,
        status=BookingStatus.ATTENDED,
    )

    error = refused("repeat", session=SessionFactory(course=course), person=person)

    assert "You attended Masterclass on " in str(error)


def test_a_course_that_may_be_repeated_can_be_booked_again():
    course = CourseFactory(may_repeat=True)
    person = UserFactory()
    first = SessionFactory(course=course)
    book_seat(session=first, person=person)
    later = SessionFactory(course=course, starts_at=first.starts_at + datetime.timedelta(days=7))

    assert book_seat(session=later, person=person).status == BookingStatus.CONFIRMED


def test_a_trainer_cannot_book_a_seat_on_a_session_they_staff():
    trainer = UserFactory()
    expert = UserFactory()
    session = SessionFactory(trainers=[trainer])
    session.subject_matter_experts.add(expert)

    refused("staff", session=session, person=trainer)
    refused("staff", session=session, person=expert)


def test_refused_a_seat_that_overlaps_a_session_the_person_trains():
    trainer = UserFactory()
    training = SessionFactory(trainers=[trainer])
    overlapping = SessionFactory(
        starts_at=training.starts_at + datetime.timedelta(hours=1),
        ends_at=training.ends_at + datetime.timedelta(hours=1),
    )

    refused("overlap", session=overlapping, person=trainer)


def test_refused_a_seat_that_overlaps_a_session_the_person_speaks_at_unless_it_is_cancelled():
    expert = UserFactory()
    speaking = SessionFactory()
    speaking.subject_matter_experts.add(expert)
    overlapping = SessionFactory(
        starts_at=speaking.starts_at + datetime.timedelta(hours=1),
        ends_at=speaking.ends_at + datetime.timedelta(hours=1),
    )

    error = refused("overlap", session=overlapping, person=expert)

    # Read back from the database as they were stored, on SQLite as on PostgreSQL.
    when = timezone.localtime(speaking.starts_at).strftime("%H:%M")
    assert f"the subject matter expert at {speaking.course.title}" in str(error)
    assert when in str(error)
    speaking.status = SessionStatus.CANCELLED
    speaking.save()
    assert book_seat(session=overlapping, person=expert).status == BookingStatus.CONFIRMED


# --- issue 6: the service checks who acts ---------------------------------------------------


def test_cancel_by_someone_unrelated_is_refused_by_the_service():
    booking = book_seat(session=SessionFactory(), person=UserFactory())

    with pytest.raises(TrainingError) as info:
        cancel_booking(booking=booking, by=UserFactory())

    assert info.value.code == "not_allowed"
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED


def test_booking_for_someone_else_is_refused_unless_an_administrator():
    from people.enums import Role

    session = SessionFactory()
    person = UserFactory()
    refused("not_allowed", session=session, person=person, booked_by=UserFactory())
    admin = UserFactory(roles=[Role.PROGRAMME_ADMIN])
    assert book_seat(session=session, person=person, booked_by=admin).booked_by == admin
