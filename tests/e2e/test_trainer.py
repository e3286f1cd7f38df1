"""A trainer schedules a session, is refused a clashing one, and takes a register."""

import datetime
import zoneinfo

from django.utils import timezone
from playwright.sync_api import expect

from people.models import District, User
from tests.e2e.conftest import check_page, sign_in
from tests.factories import CourseFactory, SessionFactory, VenueFactory
from training.enums import BookingStatus
from training.models import Booking, Session

LONDON = zoneinfo.ZoneInfo("Europe/London")


def _training_for_trainer():
    """What the journey needs (the demo data may not include it): a course the
    trainer is approved for, two venues of our own, a session already booked at
    one of them, and yesterday's session with people on it."""
    trainer = User.objects.get(username="trainer")
    district = District.objects.get(name="Harrowgate")
    course = CourseFactory(title="Journey test masterclass", duration_minutes=150)
    course.approved_trainers.add(trainer)
    free = VenueFactory(name="Journey test room A", district=district, capacity=30)
    busy = VenueFactory(name="Journey test room B", district=district, capacity=30)
    clash_day = timezone.localdate() + datetime.timedelta(days=41)
    SessionFactory(
        course=CourseFactory(title="Journey test special constables' input"),
        venue=busy,
        starts_at=datetime.datetime.combine(clash_day, datetime.time(10, 0), tzinfo=LONDON),
    )
    yesterday = (timezone.localtime() - datetime.timedelta(days=1)).replace(
        hour=9, minute=30, second=0, microsecond=0
    )
    past = SessionFactory(
        course=course, venue=free, starts_at=yesterday, trainers=[trainer], capacity=20
    )
    people = [User.objects.get(username=name) for name in ("officer", "sergeant")]
    for person in people:
        Booking.objects.create(session=past, person=person, status=BookingStatus.CONFIRMED)
    return course, free, busy, clash_day, past, people


def _a_free_day_for(trainer, *, after_days: int) -> datetime.date:
    """The first day from ``after_days`` ahead on which the demo trainer runs nothing."""
    day = timezone.localdate() + datetime.timedelta(days=after_days)
    busy = {
        timezone.localtime(starts, LONDON).date()
        for starts in Session.objects.filter(trainers=trainer).values_list("starts_at", flat=True)
    }
    while day in busy:
        day += datetime.timedelta(days=1)
    return day


def _fill_session_form(page, *, course, venue, day: datetime.date, time: str, places: str):
    page.get_by_label("Course").select_option(label=course.title)
    page.get_by_label("Venue").select_option(label=str(venue))
    page.get_by_label("Day", exact=True).fill(str(day.day))
    page.get_by_label("Month", exact=True).fill(str(day.month))
    page.get_by_label("Year", exact=True).fill(str(day.year))
    page.get_by_label("Start time").fill(time)
    page.get_by_label("Places").fill(places)


def test_trainer_schedules_is_refused_a_clash_and_takes_a_register(page, demo_site):
    course, free, busy, clash_day, past, people = _training_for_trainer()
    sign_in(page, demo_site.url, "trainer")

    # My sessions, then Schedule a session at a free venue.
    page.get_by_role("link", name="My sessions").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My sessions")
    check_page(page)
    page.get_by_role("button", name="Schedule a session").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Schedule a session")
    check_page(page)
    first_day = _a_free_day_for(User.objects.get(username="trainer"), after_days=40)
    _fill_session_form(page, course=course, venue=free, day=first_day, time="09:30", places="24")
    page.get_by_role("button", name="Schedule the session").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(course.title)
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Session scheduled")
    check_page(page)
    scheduled = Session.objects.get(venue=free, starts_at__date=first_day)
    assert timezone.localtime(scheduled.starts_at, LONDON).strftime("%H:%M") == "09:30"
    assert scheduled.capacity == 24

    # A clashing one at the busy venue is refused, keeping what was typed.
    page.goto(f"{demo_site.url}/training/trainer/sessions/new/")
    _fill_session_form(page, course=course, venue=busy, day=clash_day, time="10:30", places="18")
    page.get_by_role("button", name="Schedule the session").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("Journey test room B is already booked for")
    expect(page.get_by_label("Places")).to_have_value("18")
    expect(page.get_by_label("Start time")).to_have_value("10:30")
    expect(page.get_by_label("Day", exact=True)).to_have_value(str(clash_day.day))
    expect(page.get_by_label("Venue")).to_have_value(str(busy.pk))
    check_page(page)
    assert Session.objects.filter(venue=busy).count() == 1

    # Yesterday's session: open it from the Past tab and take the register.
    page.goto(f"{demo_site.url}/training/trainer/")
    page.get_by_role("link", name="Past", exact=True).click()
    check_page(page)
    page.locator(f'a[href="/training/trainer/sessions/{past.pk}/"]').click()
    check_page(page)
    sheet = page.request.get(
        f"{demo_site.url}/training/trainer/sessions/{past.pk}/sign-in-sheet.pdf"
    )
    assert (sheet.status, sheet.headers["content-type"]) == (200, "application/pdf")
    page.get_by_role("button", name="Take the register").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Register")
    check_page(page)
    officer, sergeant = people
    page.get_by_role("group", name=f"Attendance of {officer.get_full_name()}").get_by_role(
        "radio", name="Attended", exact=True
    ).check()
    page.get_by_role("group", name=f"Attendance of {sergeant.get_full_name()}").get_by_role(
        "radio", name="Did not attend", exact=True
    ).check()
    page.get_by_role("button", name="Save register").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Register saved")
    check_page(page)
    assert dict(Booking.objects.filter(session=past).values_list("person__username", "status")) == {
        "officer": BookingStatus.ATTENDED,
        "sergeant": BookingStatus.NO_SHOW,
    }
