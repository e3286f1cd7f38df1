"""Booking and session emails, driven through the real booking service."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.mail.backends import locmem

from core.models import AuditEntry
from people.enums import Rank, Role
from tests.factories import CourseFactory, SessionFactory, UserFactory, VenueFactory
from tests.training.mail_helpers import html_body, invitation, invitations, to
from training.enums import BookingStatus, SessionStatus
from training.models import Booking
from training.services.booking import approve_booking, book_seat, cancel_booking, decline_booking
from training.services.notifications import (
    notify_session_cancelled,
    notify_session_staff,
    send_due_reminders,
)
from training.services.scheduling import cancel_session, update_session

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
UTC = datetime.UTC


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """Call a service and run what it queued after commit (the emails)."""

    def _run(service, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return service(**kwargs)

    return _run


@pytest.fixture
def masterclass():
    """Monday 3 February 2031, 09:30 to 12:00 (GMT) in Harrogate, two seats."""
    return SessionFactory(
        course=CourseFactory(title="Problem-solving masterclass"),
        venue=VenueFactory(name="Harrogate training suite", address="1 Station Road\nHarrogate"),
        starts_at=datetime.datetime(2031, 2, 3, 9, 30, tzinfo=LONDON),
        ends_at=datetime.datetime(2031, 2, 3, 12, 0, tzinfo=LONDON),
        capacity=2,
    )


def coordinator():
    return UserFactory(is_superuser=True)


def fill(session, run):
    """Book every seat; returns the bookings."""
    return [run(book_seat, session=session, person=UserFactory()) for _ in range(session.capacity)]


# --- booking confirmed --------------------------------------------------------------


def test_confirmed_booking_email_has_subject_body_and_request_invitation(
    settings, masterclass, run
):
    settings.BASE_URL = "https://pop.example.police.uk"
    person = UserFactory(first_name="Asha")
    booking = run(book_seat, session=masterclass, person=person)

    (message,) = mail.outbox
    assert message.to == [person.email]
    assert (
        message.subject
        == "Booking confirmed: Problem-solving masterclass, Monday 3 February 2031, 09:30"
    )
    link = f"https://pop.example.police.uk/training/sessions/{masterclass.pk}/"
    assert "Hello Asha," in message.body
    assert "Your place on Problem-solving masterclass is confirmed." in message.body
    assert "When:   Monday 3 February 2031, 09:30 to 12:00" in message.body
    assert "Where:  Harrogate training suite" in message.body
    assert link in message.body
    assert f'<a href="{link}">See your booking</a>' in html_body(message)

    ics = invitation(message)
    assert ics.filename == "invite.ics"
    assert ics.method_param == "REQUEST"
    assert ics.value("METHOD", "VCALENDAR") == "REQUEST"
    assert ics.value("SEQUENCE") == "1"
    assert ics.event.uid == booking.ics_uid
    assert ics.event.name == "Problem-solving masterclass"
    assert ics.event.location == "Harrogate training suite, 1 Station Road, Harrogate"
    assert ics.event.begin.to("utc").datetime == datetime.datetime(2031, 2, 3, 9, 30, tzinfo=UTC)
    assert ics.event.end.to("utc").datetime == datetime.datetime(2031, 2, 3, 12, 0, tzinfo=UTC)
    booking.refresh_from_db()
    assert booking.ics_sequence == 1


def test_invitation_content_type_carries_the_method(masterclass, run):
    run(book_seat, session=masterclass, person=UserFactory())
    (message,) = mail.outbox
    raw = message.message().as_string()
    assert 'Content-Type: text/calendar; charset="utf-8"; method="REQUEST"' in raw
    assert 'Content-Disposition: attachment; filename="invite.ics"' in raw


def test_bst_session_invitation_is_an_hour_ahead_of_utc(run):
    session = SessionFactory(
        starts_at=datetime.datetime(2030, 7, 9, 9, 30, tzinfo=LONDON),
        ends_at=datetime.datetime(2030, 7, 9, 12, 0, tzinfo=LONDON),
    )
    run(book_seat, session=session, person=UserFactory())
    (message,) = mail.outbox
    assert message.subject.endswith("Tuesday 9 July 2030, 09:30")
    event = invitation(message).event
    assert event.begin.to("utc").datetime == datetime.datetime(2030, 7, 9, 8, 30, tzinfo=UTC)


# --- cancel after confirm ---------------------------------------------------------------


def test_cancel_after_confirm_keeps_uid_and_raises_sequence(masterclass, run):
    booking = run(book_seat, session=masterclass, person=UserFactory())
    request = invitation(mail.outbox[0])
    mail.outbox.clear()

    run(cancel_booking, booking=booking, by=booking.person, reason="Court warning")

    (message,) = mail.outbox
    assert (
        message.subject
        == "Booking cancelled: Problem-solving masterclass, Monday 3 February 2031, 09:30"
    )
    assert "Reason: Court warning" in message.body
    cancel = invitation(message)
    assert cancel.method_param == "CANCEL"
    assert cancel.value("METHOD", "VCALENDAR") == "CANCEL"
    assert cancel.event.uid == request.event.uid == booking.ics_uid
    assert cancel.event.status == "CANCELLED"
    assert (int(request.value("SEQUENCE")), int(cancel.value("SEQUENCE"))) == (1, 2)
    booking.refresh_from_db()
    assert booking.ics_sequence == 2


# --- waiting list and promotion ------------------------------------------------------------


def test_waitlisted_booking_gets_an_email_without_invitation(masterclass, run):
    fill(masterclass, run)
    mail.outbox.clear()
    person = UserFactory()
    booking = run(book_seat, session=masterclass, person=person)

    assert booking.status == BookingStatus.WAITLISTED
    (message,) = mail.outbox
    assert message.to == [person.email]
    assert message.subject.startswith("On the waiting list: Problem-solving masterclass")
    assert "You do not have a seat yet." in message.body
    assert invitations(message) == []
    assert message.attachments == []
    booking.refresh_from_db()
    assert booking.ics_sequence == 0


def test_cancelling_a_waitlisted_booking_sends_no_calendar_cancellation(masterclass, run):
    fill(masterclass, run)
    waiting = run(book_seat, session=masterclass, person=UserFactory())
    mail.outbox.clear()

    run(cancel_booking, booking=waiting, by=waiting.person)

    (message,) = mail.outbox
    assert message.subject.startswith("Booking cancelled:")
    assert invitations(message) == []


def test_promotion_sends_request_to_the_promoted_person(masterclass, run):
    holder, _ = fill(masterclass, run)
    waiting = run(book_seat, session=masterclass, person=UserFactory())
    mail.outbox.clear()

    run(cancel_booking, booking=holder, by=holder.person)

    (promoted,) = to(mail.outbox, waiting.person.email)
    assert (
        promoted.subject
        == "You have a place: Problem-solving masterclass, Monday 3 February 2031, 09:30"
    )
    ics = invitation(promoted)
    assert ics.method_param == "REQUEST"
    assert ics.event.uid == waiting.ics_uid
    assert ics.value("SEQUENCE") == "1"
    (cancelled,) = to(mail.outbox, holder.person.email)
    assert invitation(cancelled).method_param == "CANCEL"
    assert invitation(cancelled).event.uid == holder.ics_uid


def test_promotion_into_an_approval_course_holds_the_place_and_asks_the_manager(run):
    manager = UserFactory(rank=Rank.SERGEANT)
    session = SessionFactory(capacity=1, course=CourseFactory(requires_manager_approval=True))
    holder = run(book_seat, session=session, person=UserFactory())
    waiting = run(book_seat, session=session, person=UserFactory(line_manager=manager))
    mail.outbox.clear()

    run(decline_booking, booking=holder, by=UserFactory(is_superuser=True))

    (promoted,) = to(mail.outbox, waiting.person.email)
    assert promoted.subject.startswith("A place is held for you:")
    assert invitations(promoted) == []
    (ask,) = to(mail.outbox, manager.email)
    assert ask.subject.startswith(f"Booking to approve: {waiting.person.get_full_name()},")


# --- manager approval ---------------------------------------------------------------


def test_pending_booking_tells_the_person_and_the_line_manager(settings, run):
    settings.BASE_URL = "https://pop.example.police.uk"
    manager = UserFactory(rank=Rank.SERGEANT, first_name="Grace", last_name="Okafor")
    person = UserFactory(line_manager=manager, first_name="Tom", last_name="Hill")
    session = SessionFactory(course=CourseFactory(requires_manager_approval=True))

    run(book_seat, session=session, person=person)

    (mine,) = to(mail.outbox, person.email)
    assert mine.subject.startswith("Waiting for approval:")
    assert "waiting for Grace Okafor to approve it" in mine.body
    assert invitations(mine) == []
    (ask,) = to(mail.outbox, manager.email)
    assert ask.subject.startswith("Booking to approve: Tom Hill, ")
    assert "Hello Grace," in ask.body
    assert "https://pop.example.police.uk/portal/" in ask.body
    assert invitations(ask) == []


def test_pending_booking_without_line_manager_goes_to_programme_administrators(run):
    admin = UserFactory(roles=[Role.PROGRAMME_ADMIN])
    person = UserFactory(line_manager=None)
    session = SessionFactory(course=CourseFactory(requires_manager_approval=True))

    run(book_seat, session=session, person=person)

    (ask,) = to(mail.outbox, admin.email)
    assert "has no line manager recorded, so it comes to you." in ask.body


def test_pending_booking_with_a_departed_line_manager_goes_to_programme_administrators(run):
    admin = UserFactory(roles=[Role.PROGRAMME_ADMIN])
    manager = UserFactory(rank=Rank.SERGEANT, is_active=False)
    person = UserFactory(line_manager=manager)
    session = SessionFactory(course=CourseFactory(requires_manager_approval=True))

    run(book_seat, session=session, person=person)

    assert to(mail.outbox, manager.email) == []
    (ask,) = to(mail.outbox, admin.email)
    assert ask.subject.startswith("Booking to approve:")


def test_approval_sends_the_invitation(run):
    manager = UserFactory(rank=Rank.SERGEANT)
    session = SessionFactory(course=CourseFactory(requires_manager_approval=True))
    booking = run(book_seat, session=session, person=UserFactory(line_manager=manager))
    mail.outbox.clear()

    run(approve_booking, booking=booking, by=manager)

    (message,) = mail.outbox
    assert message.to == [booking.person.email]
    assert message.subject.startswith("Booking approved:")
    ics = invitation(message)
    assert (ics.method_param, ics.event.uid, ics.value("SEQUENCE")) == (
        "REQUEST",
        booking.ics_uid,
        "1",
    )


def test_decline_of_a_pending_booking_sends_a_plain_email(run):
    manager = UserFactory(rank=Rank.SERGEANT)
    session = SessionFactory(course=CourseFactory(requires_manager_approval=True))
    booking = run(book_seat, session=session, person=UserFactory(line_manager=manager))
    mail.outbox.clear()

    run(decline_booking, booking=booking, by=manager, note="Short of cover that week")

    (message,) = mail.outbox
    assert message.subject.startswith("Booking declined:")
    assert "Short of cover that week" in message.body
    assert invitations(message) == []


# --- stale emails ------------------------------------------------------------------


def test_confirmation_is_not_sent_when_the_booking_was_cancelled_first(masterclass, run):
    """Both emails run after the cancel (a late worker): only the truth goes out."""

    def book_then_cancel(person):
        booking = book_seat(session=masterclass, person=person)
        cancel_booking(booking=booking, by=person)
        return booking

    booking = run(book_then_cancel, person=UserFactory())

    (message,) = mail.outbox
    assert message.subject.startswith("Booking cancelled:")
    assert invitations(message) == []
    booking.refresh_from_db()
    assert booking.ics_sequence == 0


# --- the session cancelled or changed ----------------------------------------------------


def test_session_cancelled_sends_cancel_to_confirmed_and_plain_to_waitlisted(masterclass, run):
    trainer = UserFactory()
    masterclass.trainers.set([trainer])
    confirmed, already_gone = fill(masterclass, run)
    waiting = run(book_seat, session=masterclass, person=UserFactory())
    run(cancel_booking, booking=already_gone, by=already_gone.person)  # promotes `waiting`
    late = run(book_seat, session=masterclass, person=UserFactory())  # waitlisted
    mail.outbox.clear()

    run(cancel_session, session=masterclass, by=coordinator(), reason="Trainer unwell")

    assert len(mail.outbox) == 4
    assert to(mail.outbox, already_gone.person.email) == []
    for booking in (confirmed, waiting):
        (message,) = to(mail.outbox, booking.person.email)
        assert message.subject == (
            "Session cancelled: Problem-solving masterclass, Monday 3 February 2031, 09:30"
        )
        assert "Reason: Trainer unwell" in message.body
        ics = invitation(message)
        assert (ics.method_param, ics.event.uid, ics.event.status) == (
            "CANCEL",
            booking.ics_uid,
            "CANCELLED",
        )
        assert ics.value("SEQUENCE") == "2"
    (plain,) = to(mail.outbox, late.person.email)
    assert invitations(plain) == []
    (staff,) = to(mail.outbox, trainer.email)
    staff_ics = invitation(staff)
    assert (staff_ics.method_param, staff_ics.event.uid, staff_ics.value("SEQUENCE")) == (
        "CANCEL",
        f"session-{masterclass.pk}-staff@pop-portal",
        "1",
    )


def test_session_cancelled_does_nothing_for_a_scheduled_session(masterclass, run):
    fill(masterclass, run)
    mail.outbox.clear()
    assert notify_session_cancelled(session_id=masterclass.pk) == 0
    assert mail.outbox == []


def test_session_changed_sends_request_with_higher_sequence_and_new_time(masterclass, run):
    trainer = UserFactory()
    masterclass.trainers.set([trainer])
    confirmed, _ = fill(masterclass, run)
    waiting = run(book_seat, session=masterclass, person=UserFactory())
    first = invitation(to(mail.outbox, confirmed.person.email)[0])
    mail.outbox.clear()

    # From 09:30 GMT in February to 13:00 BST in June.
    run(
        update_session,
        session=masterclass,
        by=coordinator(),
        venue=masterclass.venue,
        starts_at=datetime.datetime(2031, 6, 9, 13, 0, tzinfo=LONDON),
        capacity=masterclass.capacity,
        trainers=[trainer],
    )

    (update,) = to(mail.outbox, confirmed.person.email)
    assert update.subject == (
        "Session changed: Problem-solving masterclass, Monday 9 June 2031, 13:00"
    )
    assert "When:   Monday 9 June 2031, 13:00 to 15:30" in update.body
    ics = invitation(update)
    assert ics.method_param == "REQUEST"
    assert ics.event.uid == first.event.uid
    assert (first.value("SEQUENCE"), ics.value("SEQUENCE")) == ("1", "2")
    assert ics.event.begin.to("utc").datetime == datetime.datetime(2031, 6, 9, 12, 0, tzinfo=UTC)
    assert ics.event.end.to("utc").datetime == datetime.datetime(2031, 6, 9, 14, 30, tzinfo=UTC)
    (plain,) = to(mail.outbox, waiting.person.email)
    assert "You are still on the waiting list." in plain.body
    assert invitations(plain) == []
    (staff,) = to(mail.outbox, trainer.email)
    assert staff.subject.startswith("Session changed:")
    assert (invitation(staff).method_param, invitation(staff).value("SEQUENCE")) == ("REQUEST", "1")


# --- trainers and subject matter experts --------------------------------------------------


def test_session_staff_get_the_session_invitation(masterclass, run):
    trainer = UserFactory(rank=Rank.SERGEANT)
    expert = UserFactory(first_name="Priya")
    masterclass.trainers.set([trainer])
    masterclass.subject_matter_experts.set([expert, trainer])

    assert run(notify_session_staff, session_id=masterclass.pk) == 2

    (mine,) = to(mail.outbox, expert.email)
    assert mine.subject == (
        "You are the subject matter expert: "
        "Problem-solving masterclass, Monday 3 February 2031, 09:30"
    )
    ics = invitation(mine)
    assert ics.method_param == "REQUEST"
    assert ics.event.uid == f"session-{masterclass.pk}-staff@pop-portal"
    assert ics.value("SEQUENCE") == "0"
    assert ics.value("ATTENDEE") == f"mailto:{expert.email}"
    (theirs,) = to(mail.outbox, trainer.email)
    assert theirs.subject.startswith("You are the trainer:")
    masterclass.refresh_from_db()
    assert masterclass.experts_notified_at is not None
    assert AuditEntry.objects.filter(action="training.session.staff_notified").count() == 1


# --- reminders ---------------------------------------------------------------------------


def test_reminders_are_sent_once_for_confirmed_bookings_starting_soon(masterclass, run):
    confirmed, _ = fill(masterclass, run)
    waiting = run(book_seat, session=masterclass, person=UserFactory())
    mail.outbox.clear()
    two_days_before = masterclass.starts_at - datetime.timedelta(days=2)

    assert run(send_due_reminders, now=two_days_before) == 2
    assert run(send_due_reminders, now=two_days_before) == 0
    assert run(send_due_reminders, now=two_days_before + datetime.timedelta(hours=12)) == 0

    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        b.person.email for b in Booking.objects.filter(status=BookingStatus.CONFIRMED)
    )
    assert to(mail.outbox, waiting.person.email) == []
    message = to(mail.outbox, confirmed.person.email)[0]
    assert message.subject == "Reminder: Problem-solving masterclass, Monday 3 February 2031, 09:30"
    assert (
        "A reminder that you are booked on Problem-solving masterclass in 2 days, "
        "on Monday 3 February." in message.body
    )
    assert invitations(message) == []
    confirmed.refresh_from_db()
    assert confirmed.reminder_sent_at == two_days_before


def test_reminders_wait_until_the_session_is_within_the_window(masterclass, run, settings):
    fill(masterclass, run)
    mail.outbox.clear()
    settings.TRAINING_REMINDER_DAYS = 5

    assert run(send_due_reminders, now=masterclass.starts_at - datetime.timedelta(days=6)) == 0
    assert run(send_due_reminders, now=masterclass.starts_at - datetime.timedelta(days=5)) == 2
    assert len(mail.outbox) == 2


def test_reminders_skip_cancelled_sessions_and_sessions_already_started(masterclass, run):
    fill(masterclass, run)
    mail.outbox.clear()

    assert run(send_due_reminders, now=masterclass.starts_at + datetime.timedelta(minutes=1)) == 0
    masterclass.status = SessionStatus.CANCELLED
    masterclass.save(update_fields=["status"])
    assert run(send_due_reminders, now=masterclass.starts_at - datetime.timedelta(days=1)) == 0
    assert mail.outbox == []


# --- issue 6: one absolute-URL helper; mail after commit and outside locks -----------------


def test_every_training_email_and_calendar_links_to_the_portals_own_address(
    settings, masterclass, run
):
    from training.models import Invitation
    from training.services.duties_digest import send_duties_digest
    from training.services.feedback import request_feedback

    settings.BASE_URL = "http://127.0.0.1:8100"
    manager = UserFactory(rank=Rank.SERGEANT)
    UserFactory(roles=[Role.DUTIES])
    approval = SessionFactory(course=CourseFactory(requires_manager_approval=True))
    run(book_seat, session=masterclass, person=UserFactory())
    run(book_seat, session=approval, person=UserFactory(line_manager=manager))
    invited = Invitation.objects.create(session=masterclass, person=UserFactory())
    from training.services.invitations import send_invitation_email

    run(send_invitation_email, invitation_id=invited.pk)
    run(send_duties_digest)
    attended = SessionFactory(
        starts_at=datetime.datetime(2020, 1, 6, 9, 30, tzinfo=UTC),
        ends_at=datetime.datetime(2020, 1, 6, 12, 0, tzinfo=UTC),
        status=SessionStatus.DELIVERED,
    )
    Booking.objects.create(session=attended, person=UserFactory(), status=BookingStatus.ATTENDED)
    run(request_feedback)

    starts = sorted(" ".join(m.subject.split()[:2]).rstrip(":") for m in mail.outbox)
    assert starts == [
        "Booking confirmed",
        "Booking to",
        "How was",
        "Please book",
        "Training abstractions",
        "Waiting for",
    ]
    for message in mail.outbox:
        parts = [message.body, *(content for content, _ in message.alternatives)]
        parts += [i.text for i in invitations(message)]
        for part in parts:
            assert "http://127.0.0.1:8100/" in part, (message.subject, part[:400])
            assert "8000" not in part


class _NoTransactionBackend(locmem.EmailBackend):
    """Django's test outbox, noting whether a database transaction (and so any row lock
    taken in it) was open while each message was handed over."""

    sent_inside_transaction: list[bool] = []

    def send_messages(self, messages):
        from django.db import connection

        _NoTransactionBackend.sent_inside_transaction += [connection.in_atomic_block] * len(
            messages
        )
        return super().send_messages(messages)


@pytest.mark.django_db(transaction=True)
def test_booking_emails_are_sent_after_commit_outside_any_transaction(settings):
    from training.services.notifications import send_due_reminders

    settings.MAILERS = {"default": {"BACKEND": f"{__name__}._NoTransactionBackend"}}
    _NoTransactionBackend.sent_inside_transaction = []
    session = SessionFactory(
        course=CourseFactory(booking_cutoff_hours=0),
        starts_at=datetime.datetime.now(UTC) + datetime.timedelta(days=2),
    )
    booking = book_seat(session=session, person=UserFactory())
    send_due_reminders()
    cancel_booking(booking=booking, by=booking.person)

    assert len(_NoTransactionBackend.sent_inside_transaction) == 3
    assert not any(_NoTransactionBackend.sent_inside_transaction)
