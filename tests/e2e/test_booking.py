"""Booking journeys: a PC books, is waitlisted, is promoted; a sergeant approves.

The demo data has no training yet, so each test builds the courses, venues and
sessions it needs with the factories and the booking service.
"""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from people.models import District, User
from tests.e2e.conftest import check_page, sign_in
from tests.factories import CourseFactory, SessionFactory, VenueFactory
from training.enums import ACTIVE_BOOKING_STATUSES, BookingStatus
from training.models import Booking
from training.services.booking import book_seat


def _free_slot(days: int, *usernames: str, minutes: int = 150) -> dict:
    """starts_at/ends_at on the first day from ``days`` ahead when none of these people
    (who may hold demo bookings) has a seat at that time."""
    while True:
        starts = (timezone.now() + datetime.timedelta(days=days)).replace(
            hour=9, minute=30, second=0, microsecond=0
        )
        slot = {"starts_at": starts, "ends_at": starts + datetime.timedelta(minutes=minutes)}
        busy = Booking.objects.filter(
            person__username__in=usernames,
            status__in=ACTIVE_BOOKING_STATUSES,
            session__starts_at__lt=slot["ends_at"],
            session__ends_at__gt=slot["starts_at"],
        )
        if not busy.exists():
            return slot
        days += 1


@pytest.fixture
def sessions(demo_site):
    """An open masterclass and a full one (the PCSO holds its only seat)."""
    harrowgate = District.objects.get(name="Harrowgate")
    venue = VenueFactory(
        name="Harrowgate Police Station, room 2",
        district=harrowgate,
        address="1 Station Road\nHarrowgate",
        accessibility_notes="Step-free access from the car park.",
    )
    masterclass = CourseFactory(title="Partnership problem-solving masterclass")
    trainer = User.objects.get(username="trainer")
    open_session = SessionFactory(
        course=masterclass,
        venue=venue,
        capacity=12,
        trainers=[trainer],
        **_free_slot(40, "officer"),
    )
    full = SessionFactory(
        course=CourseFactory(title="Problem analysis triangle workshop"),
        venue=venue,
        capacity=1,
        **_free_slot((open_session.starts_at - timezone.now()).days + 7, "officer", "pcso"),
    )
    book_seat(session=full, person=User.objects.get(username="pcso"))
    return {"open": open_session, "full": full}


def _sign_out(page) -> None:
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to POP Portal")


def _open_session_from_the_list(page, title: str) -> None:
    page.get_by_role("link", name="Training", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Training sessions")
    check_page(page)
    page.get_by_role("link", name=re.compile(f"^{re.escape(title)}")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    check_page(page)


def test_officer_books_is_waitlisted_and_is_promoted_when_someone_cancels(
    page, demo_site, sessions
):
    url = demo_site.url

    # A PC books a masterclass.
    sign_in(page, url, "officer")
    _open_session_from_the_list(page, "Partnership problem-solving masterclass")
    page.get_by_role("button", name="Book a place").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "You are booked on Partnership problem-solving masterclass on"
    )
    expect(page.get_by_text("You are booked on this session.")).to_be_visible()
    check_page(page)

    # The PC tries a full session and joins the waiting list.
    _open_session_from_the_list(page, "Problem analysis triangle workshop")
    expect(page.get_by_text("This session is full.")).to_be_visible()
    page.get_by_role("button", name="Join the waiting list").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "The session is full. You are number 1 on the waiting list."
    )
    check_page(page)
    page.get_by_role("link", name="My training", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My training")
    expect(page.get_by_text("Waiting list: number 1")).to_be_visible()
    check_page(page)
    _sign_out(page)

    # The PCSO holding the seat cancels from My training.
    sign_in(page, url, "pcso")
    check_page(page)
    page.get_by_role("link", name="All my bookings and past training").click()
    check_page(page)
    page.get_by_role("link", name=re.compile("^Cancel your booking on Problem analysis")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Are you sure you want to cancel your booking?"
    )
    check_page(page)
    page.get_by_label("Why are you cancelling? (optional)").fill("Court warning that day")
    page.get_by_role("button", name="Yes, cancel my booking").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Your booking on Problem analysis triangle workshop on"
    )
    check_page(page)
    _sign_out(page)

    # The PC has been given the seat, and sees it in My training.
    sign_in(page, url, "officer")
    page.get_by_role("link", name="All my bookings and past training").click()
    promoted = page.get_by_role("row", name=re.compile("Problem analysis triangle workshop"))
    expect(promoted).to_contain_text("Booked")
    check_page(page)
    booking = Booking.objects.get(session=sessions["full"], person__username="officer")
    assert booking.status == BookingStatus.CONFIRMED


def test_sergeant_approves_a_booking_that_needs_approval(page, demo_site):
    title = "Neighbourhood engagement classroom day"
    session = SessionFactory(
        course=CourseFactory(title=title, requires_manager_approval=True),
        venue=VenueFactory(district=District.objects.get(name="Harrowgate")),
        **_free_slot(30, "officer"),
    )

    sign_in(page, demo_site.url, "officer")
    _open_session_from_the_list(page, title)
    expect(page.get_by_text("Sergeant Dan Whitaker will be asked to approve")).to_be_visible()
    page.get_by_role("button", name="Book a place").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "is waiting for approval from Sergeant Dan Whitaker"
    )
    check_page(page)
    _sign_out(page)

    sign_in(page, demo_site.url, "sergeant")
    approvals = page.locator('[data-section="approvals"]')
    expect(approvals).to_contain_text("PC Amy Khan")
    check_page(page)
    approvals.get_by_role("button", name=re.compile(f"^Approve PC Amy Khan on {title}")).click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        f"You approved PC Amy Khan’s booking on {title}"
    )
    expect(approvals).not_to_contain_text(title)
    check_page(page)
    assert Booking.objects.get(session=session).status == BookingStatus.CONFIRMED


def test_sergeant_declines_with_a_reason(page, demo_site):
    title = "Working with housing partners"
    session = SessionFactory(
        course=CourseFactory(title=title, requires_manager_approval=True),
        venue=VenueFactory(district=District.objects.get(name="Harrowgate")),
        **_free_slot(33, "officer"),
    )
    book_seat(session=session, person=User.objects.get(username="officer"))

    sign_in(page, demo_site.url, "sergeant")
    page.locator('[data-section="approvals"]').get_by_role(
        "button", name=re.compile(f"^Decline PC Amy Khan on {title}")
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Decline PC Amy Khan’s booking")
    page.get_by_role("button", name="Decline the booking").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a short reason")
    check_page(page)
    page.get_by_label("Why are you declining this booking?").fill("The team is short that week")
    page.get_by_role("button", name="Decline the booking").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "You declined PC Amy Khan’s booking"
    )
    check_page(page)
    assert Booking.objects.get(session=session).status == BookingStatus.DECLINED
