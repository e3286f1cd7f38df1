"""Every training page on a phone, as each demo user meets it.

On the full demo data, each role's pages are checked with ``check_page`` (axe at
desktop width and at 375 px, and no sideways scroll), and the things that went
wrong at phone width are checked directly: My training's status and cancel link
and the register's radios are on screen, the duties grid scrolls in a region the
keyboard can reach, nothing is wider than 320 px allows, the feedback scale is one
row of five at desktop width and a column on a phone, the expert picker filters
as you type, and a stale form gets the service's own page.
"""

import re

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from people.models import User
from tests.e2e.conftest import PHONE, check_no_sideways_scroll, check_page, sign_in
from training.enums import BookingStatus, SessionStatus
from training.models import Booking, Session
from training.selectors.feedback import pending_feedback_for

NARROWEST = {"width": 320, "height": 640}


def _sign_out(page) -> None:
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to POP Portal")


def _visit(page, base: str, path: str) -> None:
    page.goto(base + path)
    expect(page.locator("h1")).to_be_visible()
    check_page(page)
    desktop = page.viewport_size
    page.set_viewport_size(NARROWEST)
    try:
        check_no_sideways_scroll(page)
    finally:
        page.set_viewport_size(desktop)


def _on_screen(page, locator) -> None:
    box = locator.bounding_box()
    assert box is not None
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= page.viewport_size["width"], box


def test_officer_pages_on_a_phone(page, full_demo_site):
    base = full_demo_site.url
    officer = User.objects.get(username="officer")
    booked = Booking.objects.filter(
        person=officer, status=BookingStatus.CONFIRMED, session__starts_at__gt=timezone.now()
    ).first()
    waiting = Booking.objects.get(person=officer, status=BookingStatus.WAITLISTED)
    owed = pending_feedback_for(officer).get()
    elsewhere = (
        Session.objects.filter(
            course=booked.session.course,
            status=SessionStatus.SCHEDULED,
            starts_at__gt=timezone.now(),
        )
        .exclude(pk=booked.session_id)
        .first()
    )

    sign_in(page, base, "officer")
    check_page(page)
    for path in (
        reverse("training:session_list"),
        reverse("training:session_list") + "?date_from=9999-12-31",
        reverse("training:session_detail", args=[booked.session_id]),
        reverse("training:session_detail", args=[waiting.session_id]),
        reverse("training:session_detail", args=[elsewhere.pk]),
        reverse("training:my_bookings"),
        reverse("training:cancel_booking", args=[booked.pk]),
        reverse("training:feedback_form", args=[owed.pk]),
    ):
        _visit(page, base, path)

    # A second session of a course she is booked on says why it cannot be booked.
    page.goto(base + reverse("training:session_detail", args=[elsewhere.pk]))
    expect(page.get_by_text(re.compile("You already have a place on"))).to_be_visible()

    # My training on a phone: each booking is a block with its status and cancel link.
    page.set_viewport_size(PHONE)
    page.goto(base + reverse("training:my_bookings"))
    upcoming = page.get_by_role("region", name="Your upcoming bookings")
    row = upcoming.get_by_role("row", name=re.compile(re.escape(booked.session.course.title)))
    _on_screen(page, row.get_by_text("Booked", exact=True))
    _on_screen(page, row.get_by_role("link", name=re.compile("^Cancel")))

    # The feedback scale: one row of five at desktop width, a column on a phone.
    page.goto(base + reverse("training:feedback_form", args=[owed.pk]))
    group = page.get_by_role("group", name="Overall, the session was a good use of my time.")
    phone_tops = [group.get_by_role("radio").nth(i).bounding_box()["y"] for i in range(5)]
    assert phone_tops == sorted(phone_tops)
    assert len(set(phone_tops)) == 5
    page.set_viewport_size({"width": 1280, "height": 900})
    page.reload()
    group = page.get_by_role("group", name="Overall, the session was a good use of my time.")
    desktop_tops = {round(group.get_by_role("radio").nth(i).bounding_box()["y"]) for i in range(5)}
    assert len(desktop_tops) == 1

    # A stale form (its token no longer valid) gets the service's page and the way back.
    page.goto(base + reverse("training:cancel_booking", args=[booked.pk]))
    page.locator("#main-form input[name=csrfmiddlewaretoken]").evaluate(
        "input => { input.value = 'x'; }"
    )
    page.get_by_role("button", name="Yes, cancel my booking").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your form was not sent")
    check_page(page)
    page.get_by_role("link", name="Go back to the page and try again").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Are you sure you want to cancel your booking?"
    )
    assert Booking.objects.get(pk=booked.pk).status == BookingStatus.CONFIRMED


def test_trainer_pages_on_a_phone(page, full_demo_site):
    base = full_demo_site.url
    trainer = User.objects.get(username="trainer")
    upcoming = (
        Session.objects.filter(trainers=trainer, status=SessionStatus.SCHEDULED)
        .filter(starts_at__gt=timezone.now())
        .order_by("starts_at")
        .first()
    )
    delivered = (
        Session.objects.filter(trainers=trainer, status=SessionStatus.DELIVERED)
        .order_by("-starts_at")
        .first()
    )

    sign_in(page, base, "trainer")
    check_page(page)
    for path in (
        reverse("training:my_sessions"),
        reverse("training:my_sessions") + "?when=past",
        reverse("training:session_create"),
        reverse("training:session_manage", args=[upcoming.pk]),
        reverse("training:session_edit", args=[upcoming.pk]),
        reverse("training:session_cancel", args=[upcoming.pk]),
        reverse("training:session_manage", args=[delivered.pk]),
        reverse("training:register", args=[delivered.pk]),
        reverse("training:feedback_session", args=[delivered.pk]),
        reverse("training:feedback_trainer", args=[trainer.pk]),
        reverse("training:feedback_course", args=[delivered.course_id]),
    ):
        _visit(page, base, path)

    # A delivered session shows who was booked and who came, not "0 of N".
    page.goto(base + reverse("training:session_manage", args=[delivered.pk]))
    expect(page.locator(".govuk-summary-list")).to_contain_text(re.compile(r"Booked\s+\d+ of"))
    expect(page.locator(".govuk-summary-list")).to_contain_text("Attended")

    # The register on a phone: each person's radios are on screen.
    page.set_viewport_size(PHONE)
    page.goto(base + reverse("training:register", args=[delivered.pk]))
    first = page.get_by_role("radio", name="Did not attend").first
    _on_screen(page, first)
    page.set_viewport_size({"width": 1280, "height": 900})

    # The expert picker filters as you type, and keeps who is ticked.
    page.goto(base + reverse("training:session_create"))
    search = page.get_by_label("Find a person by name")
    search.fill("Khan")
    experts = page.get_by_role("group", name="Subject matter experts (optional)")
    expect(experts.get_by_role("checkbox", name=re.compile("^Amy Khan"))).to_be_visible()
    shown = experts.get_by_role("checkbox").filter(visible=True)
    assert 1 <= shown.count() < 10
    expect(page.get_by_role("status").filter(has_text="match")).to_be_visible()
    experts.get_by_role("checkbox", name=re.compile("^Amy Khan")).check()
    search.fill("")
    expect(experts.get_by_text("Ticked: Amy Khan")).to_be_visible()
    check_page(page)


def test_duties_sergeant_and_coordinator_pages_on_a_phone(page, full_demo_site):
    base = full_demo_site.url
    sign_in(page, base, "duties")
    check_page(page)
    for path in (
        reverse("training:duties"),
        reverse("training:duties") + "?week=9999-12-31",
        reverse("training:duties_list"),
    ):
        _visit(page, base, path)

    # The grid scrolls sideways inside a region the keyboard can reach and scroll.
    page.set_viewport_size(PHONE)
    page.goto(base + reverse("training:duties"))
    region = page.get_by_role("region", name="Who is away on training each day, by team")
    if region.count():  # only when someone is away this week
        width, shown = region.evaluate("box => [box.scrollWidth, box.clientWidth]")
        assert width > shown  # it is wider than the phone, so it scrolls
        region.focus()
        assert page.evaluate("() => document.activeElement.getAttribute('role')") == "region"
        region.press("ArrowRight")
        region.press("ArrowRight")
        page.wait_for_timeout(300)  # the scroll is smooth
        assert region.evaluate("box => box.scrollLeft") > 0
    page.set_viewport_size({"width": 1280, "height": 900})
    _sign_out(page)

    sign_in(page, base, "sergeant")
    check_page(page)
    pending = Booking.objects.filter(
        status=BookingStatus.PENDING_APPROVAL, approver__username="sergeant"
    ).first()
    _visit(page, base, reverse("training:booking_decline", args=[pending.pk]))
    _visit(page, base, reverse("training:matrix"))
    _sign_out(page)

    sign_in(page, base, "coordinator")
    check_page(page)
    for path in (
        reverse("training:matrix"),
        reverse("training:matrix_invite"),
        reverse("training:session_list"),
    ):
        _visit(page, base, path)
