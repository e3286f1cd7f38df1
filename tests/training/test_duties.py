import datetime
import io

import pytest
from django.core import mail
from django.utils import timezone
from openpyxl import load_workbook

from people.enums import Rank, Role
from tests.factories import (
    CourseFactory,
    DistrictFactory,
    SessionFactory,
    TeamFactory,
    UserFactory,
    VenueFactory,
)
from training import times
from training.enums import BookingStatus
from training.models import Booking, DutiesDigest
from training.selectors import duties as selectors
from training.services.booking import approve_booking, book_seat, cancel_booking
from training.services.duties_digest import send_duties_digest
from training.views.duties import duties_section

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


def at_london(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(
        day, datetime.time(hour, minute), tzinfo=times.LONDON
    ).astimezone(UTC)


def grid(week: datetime.date, district=None):
    """The week's grid as the duties page builds it."""
    bookings = selectors.in_period(selectors.abstraction_queryset(), week)
    if district is not None:
        bookings = selectors.in_district(bookings, district)
    return selectors.build_week(list(bookings), week)


def session_on(day: datetime.date, hour: int = 9, minute: int = 30, **kwargs):
    return SessionFactory(starts_at=at_london(day, hour, minute), **kwargs)


def weeks_ahead(n: int) -> datetime.date:
    """The Monday ``n`` weeks after next Monday."""
    return selectors.this_monday() + datetime.timedelta(weeks=n + 1)


def _read(response) -> list[tuple]:
    content = b"".join(response.streaming_content)
    sheet = load_workbook(io.BytesIO(content)).active
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


@pytest.fixture
def duties_user():
    return UserFactory(username="rostering", roles=[Role.DUTIES], rank=Rank.POLICE_STAFF)


# --- weeks and London days -------------------------------------------------------


def test_this_monday_is_the_start_of_this_week():
    wednesday = datetime.datetime(2026, 11, 25, 12, tzinfo=UTC)
    monday = datetime.datetime(2026, 11, 23, 12, tzinfo=UTC)
    assert selectors.this_monday(wednesday) == datetime.date(2026, 11, 23)
    assert selectors.this_monday(monday) == datetime.date(2026, 11, 23)


def test_this_monday_uses_the_london_date():
    # 23:30 UTC on Sunday 28 June 2026 is already Monday 29 June in London (BST).
    late_sunday = datetime.datetime(2026, 6, 28, 23, 30, tzinfo=UTC)
    assert selectors.this_monday(late_sunday) == datetime.date(2026, 6, 29)


def test_week_bounds_are_london_midnights_across_a_clock_change():
    # British Summer Time begins on Sunday 28 March 2027, inside this week.
    start, end = times.period_bounds(datetime.date(2027, 3, 22), 7)
    assert start == datetime.datetime(2027, 3, 22, 0, 0, tzinfo=UTC)  # GMT
    assert end == datetime.datetime(2027, 3, 28, 23, 0, tzinfo=UTC)  # BST began on the 28th


# --- the grid -----------------------------------------------------------------------


def test_grid_puts_each_person_under_their_team_and_london_day():
    week = weeks_ahead(6)
    district = DistrictFactory()
    team_a = TeamFactory(name="Alpha neighbourhood team", district=district)
    team_b = TeamFactory(name="Bravo response", district=district)
    amy = UserFactory(first_name="Amy", last_name="Khan", team=team_a)
    ben = UserFactory(first_name="Ben", last_name="Carter", team=team_b, rank=Rank.SERGEANT)
    tuesday = session_on(week + datetime.timedelta(days=1))
    friday = session_on(week + datetime.timedelta(days=4))
    book_seat(session=tuesday, person=amy)
    book_seat(session=friday, person=ben)
    book_seat(session=friday, person=amy)

    grid = selectors.build_week(
        list(selectors.in_period(selectors.abstraction_queryset(), week)), week
    )

    assert [row.label for row in grid.rows] == [team_a.name, team_b.name]
    cells = {
        row.label: [[b.person.last_name for b in cell] for cell in row.cells] for row in grid.rows
    }
    assert cells[team_a.name] == [[], ["Khan"], [], [], ["Khan"], [], []]
    assert cells[team_b.name] == [[], [], [], [], ["Carter"], [], []]
    assert grid.day_totals == [0, 1, 0, 0, 2, 0, 0]
    assert (grid.people_count, grid.abstraction_count, grid.late_count) == (2, 3, 0)


def test_grid_counts_pending_and_attended_but_not_waitlisted_or_cancelled():
    week = weeks_ahead(6)
    team = TeamFactory()
    manager = UserFactory(rank=Rank.SERGEANT)
    session = session_on(
        week + datetime.timedelta(days=2),
        capacity=2,
        course=CourseFactory(requires_manager_approval=True),
    )
    pending = book_seat(session=session, person=UserFactory(team=team, line_manager=manager))
    approved = book_seat(session=session, person=UserFactory(team=team, line_manager=manager))
    approve_booking(booking=approved, by=manager)
    waitlisted = book_seat(session=session, person=UserFactory(team=team))
    other = session_on(week + datetime.timedelta(days=3))
    cancelled = book_seat(session=other, person=UserFactory(team=team))
    cancel_booking(booking=cancelled, by=cancelled.person)

    grid = selectors.build_week(
        list(selectors.in_period(selectors.abstraction_queryset(), week)), week
    )

    assert waitlisted.status == BookingStatus.WAITLISTED
    assert sorted(b.pk for b in grid.bookings) == sorted([pending.pk, approved.pk])


def test_grid_uses_london_days_at_the_edges_of_a_summer_week():
    week = datetime.date(2027, 7, 5)  # a Monday in British Summer Time
    team = TeamFactory()
    # 23:30 UTC on Tuesday is 00:30 on Wednesday in London.
    late_tuesday = SessionFactory(starts_at=datetime.datetime(2027, 7, 6, 23, 30, tzinfo=UTC))
    # 23:30 UTC on the Sunday before is 00:30 on this Monday in London.
    before_monday = SessionFactory(starts_at=datetime.datetime(2027, 7, 4, 23, 30, tzinfo=UTC))
    # 23:30 UTC on this Sunday is next Monday in London: not this week.
    after_sunday = SessionFactory(starts_at=datetime.datetime(2027, 7, 11, 23, 30, tzinfo=UTC))
    for session in (late_tuesday, before_monday, after_sunday):
        book_seat(session=session, person=UserFactory(team=team))

    grid = selectors.build_week(
        list(selectors.in_period(selectors.abstraction_queryset(), week)), week
    )

    [row] = grid.rows
    assert [[b.session_id for b in cell] for cell in row.cells] == [
        [before_monday.pk],
        [],
        [late_tuesday.pk],
        [],
        [],
        [],
        [],
    ]


def test_grid_flags_late_bookings():
    week = weeks_ahead(1)  # inside the 28-day notice period
    session = session_on(week + datetime.timedelta(days=2))
    late = book_seat(session=session, person=UserFactory())
    early_week = weeks_ahead(6)
    early = book_seat(session=session_on(early_week), person=UserFactory())

    assert late.is_late is True
    assert early.is_late is False
    assert grid(week).late_count == 1
    assert grid(early_week).late_count == 0


def test_grid_filters_by_district_of_the_persons_team():
    week = weeks_ahead(6)
    north, south = DistrictFactory(name="North"), DistrictFactory(name="South")
    session = session_on(week, capacity=5)
    in_north = book_seat(session=session, person=UserFactory(team=TeamFactory(district=north)))
    book_seat(session=session, person=UserFactory(team=TeamFactory(district=south)))
    no_team = book_seat(session=session, person=UserFactory(team=None, district=north))

    week_grid = grid(week, district=north)

    assert sorted(b.pk for b in week_grid.bookings) == sorted([in_north.pk, no_team.pk])
    assert [row.label for row in week_grid.rows] == [in_north.person.team.name, "No team recorded"]


# --- the pages ------------------------------------------------------------------------


def test_duties_page_is_refused_to_an_officer(login):
    response = login(UserFactory(username="officer")).get("/training/duties/")
    assert response.status_code == 403


def test_duties_page_needs_sign_in(client):
    response = client.get("/training/duties/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_duties_page_defaults_to_this_week(login, duties_user):
    response = login(duties_user).get("/training/duties/")
    assert response.status_code == 200
    assert response.context["filter"].week_start == selectors.this_monday()


def test_duties_page_shows_a_week_with_people_and_late_flags(login, duties_user):
    week = weeks_ahead(1)
    session = session_on(week + datetime.timedelta(days=2), course=CourseFactory(title="SARA 1"))
    person = UserFactory(first_name="Amy", last_name="Khan", team=TeamFactory(name="Central"))
    book_seat(session=session, person=person)

    response = login(duties_user).get(f"/training/duties/?week={week + datetime.timedelta(3)}")

    content = response.content.decode()
    assert response.status_code == 200
    assert response.context["week"].week_start == week
    assert "Amy Khan" in content
    assert "SARA 1" in content
    assert 'scope="row"' in content
    assert "<caption" in content
    assert content.count("Late notice</strong>") == 1 + 1  # the cell and the explanation
    assert response.context["week"].late_count == 1


def test_duties_page_keeps_the_district_in_week_links(login, duties_user):
    district = DistrictFactory(name="Kirkmoor")
    week = weeks_ahead(3)
    response = login(duties_user).get(f"/training/duties/?week={week}&district={district.pk}")
    context = response.context
    assert context["previous_query"] == (
        f"week={week - datetime.timedelta(7)}&district={district.pk}"
    )
    assert context["next_query"] == f"week={week + datetime.timedelta(7)}&district={district.pk}"


def test_duties_page_falls_back_to_this_week_on_a_bad_date(login, duties_user):
    response = login(duties_user).get("/training/duties/?week=31-02-2027")
    assert response.status_code == 200
    assert response.context["filter"].week_start == selectors.this_monday()
    assert "There is a problem" in response.content.decode()


def _populate_week(week: datetime.date, people: int) -> None:
    districts = [DistrictFactory(), DistrictFactory()]
    teams = [TeamFactory(district=districts[i % 2]) for i in range(3)]
    course = CourseFactory()
    venue = VenueFactory(capacity=100)
    sessions = [
        SessionFactory(
            course=course,
            venue=venue,
            starts_at=at_london(week + datetime.timedelta(days=i), 9),
            capacity=100,
        )
        for i in range(3)
    ]
    for i in range(people):
        book_seat(session=sessions[i % 3], person=UserFactory(team=teams[i % 3]))


@pytest.mark.parametrize("people", [1, 25])
def test_duties_grid_query_count_is_fixed(login, duties_user, django_assert_num_queries, people):
    week = weeks_ahead(6)
    _populate_week(week, people)
    client = login(duties_user)
    with django_assert_num_queries(5):
        response = client.get(f"/training/duties/?week={week}")
    assert response.context["week"].abstraction_count == people


@pytest.mark.parametrize("people", [1, 60])
def test_duties_list_query_count_is_fixed(login, duties_user, django_assert_num_queries, people):
    week = weeks_ahead(6)
    _populate_week(week, people)
    client = login(duties_user)
    with django_assert_num_queries(7):
        response = client.get(f"/training/duties/list/?week={week}")
    assert response.context["abstraction_count"] == people
    assert len(response.context["table"].page.object_list) == min(people, 50)


def test_duties_list_shows_rows_with_late_flags(login, duties_user):
    week = weeks_ahead(1)
    session = session_on(week, course=CourseFactory(title="SARA 2"))
    book_seat(session=session, person=UserFactory(first_name="Amy", last_name="Khan"))
    response = login(duties_user).get(f"/training/duties/list/?week={week}")
    content = response.content.decode()
    assert response.status_code == 200
    assert "Amy Khan" in content
    assert "SARA 2" in content
    assert response.context["late_count"] == 1
    assert 'govuk-tag govuk-tag--orange">Late notice</strong></td>' in content


def test_duties_list_is_sortable_by_person(login, duties_user):
    week = weeks_ahead(6)
    session = session_on(week, capacity=5)
    for last in ("Young", "Adams", "Moss"):
        book_seat(session=session, person=UserFactory(last_name=last))
    response = login(duties_user).get(f"/training/duties/list/?week={week}&sort=-person")
    rows = response.context["table"].page.object_list
    assert [row.record.person.last_name for row in rows] == ["Young", "Moss", "Adams"]


def test_duties_export_has_every_row_of_the_week(login, duties_user):
    week = weeks_ahead(1)
    team = TeamFactory(name="Central neighbourhood team")
    session = session_on(
        week + datetime.timedelta(days=1),
        course=CourseFactory(title="Masterclass"),
        venue=VenueFactory(name="Kirkmoor hall", district=team.district),
    )
    amy = UserFactory(first_name="Amy", last_name="Khan", team=team)
    booking = book_seat(session=session, person=amy)
    outside = session_on(week + datetime.timedelta(days=8))
    book_seat(session=outside, person=UserFactory(team=team))

    response = login(duties_user).get(f"/training/duties/export/?week={week}")

    assert response["Content-Disposition"] == (
        f'attachment; filename="abstractions-week-{week:%Y-%m-%d}.xlsx"'
    )
    rows = _read(response)
    booked_on = timezone.localtime(booking.created_at).replace(tzinfo=None)
    assert abs(rows[1][9] - booked_on) < datetime.timedelta(seconds=1)
    assert rows[0] == (
        "Person",
        "Rank",
        "Team",
        "District",
        "Date",
        "Session times",
        "Course",
        "Venue",
        "Status",
        "Booked on",
        "Late notice",
    )
    assert rows[1:] == [
        (
            "Amy Khan",
            "PC",
            "Central neighbourhood team",
            team.district.name,
            datetime.datetime.combine(week + datetime.timedelta(days=1), datetime.time()),
            "09:30 to 12:00",
            "Masterclass",
            "Kirkmoor hall",
            "Confirmed",
            rows[1][9],  # compared above, to the second
            "Yes",
        )
    ]


def test_duties_export_is_refused_to_an_officer(login):
    response = login(UserFactory()).get("/training/duties/export/")
    assert response.status_code == 403


# --- the dashboard section --------------------------------------------------------------


def test_duties_section_counts_the_next_four_weeks(rf, duties_user):
    first = selectors.this_monday()
    late_session = session_on(first + datetime.timedelta(days=8), capacity=5)
    book_seat(session=late_session, person=UserFactory())
    book_seat(session=late_session, person=UserFactory())
    notice_week = CourseFactory(duties_notice_days=7)
    book_seat(
        session=session_on(first + datetime.timedelta(weeks=3, days=6), course=notice_week),
        person=UserFactory(),
    )
    book_seat(session=session_on(first + datetime.timedelta(weeks=4)), person=UserFactory())
    request = rf.get("/portal/")
    request.user = duties_user

    context = duties_section(request)

    assert [w["start"] for w in context["weeks"]] == [
        first + datetime.timedelta(weeks=i) for i in range(4)
    ]
    assert [w["abstractions"] for w in context["weeks"]] == [0, 2, 0, 1]
    assert [w["late"] for w in context["weeks"]] == [0, 2, 0, 0]
    assert context["total"] == 3
    assert context["late_total"] == 2
    assert context["weeks"][1]["url"] == f"/training/duties/?week={first + datetime.timedelta(7)}"


def test_dashboard_shows_the_duties_section(login, duties_user):
    book_seat(session=session_on(weeks_ahead(1)), person=UserFactory())
    response = login(duties_user).get("/portal/")
    content = response.content.decode()
    assert 'data-section="duties"' in content
    assert "1 late notice</strong> in the next four weeks" in " ".join(content.split())


# --- the daily digest ------------------------------------------------------------------


@pytest.fixture
def send_digest(django_capture_on_commit_callbacks):
    """Run the digest as the worker would: its emails go once its claim commits."""

    def _send(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return send_duties_digest(**kwargs)

    return _send


def _digest_recipients():
    return UserFactory(username="duties1", roles=[Role.DUTIES], rank=Rank.POLICE_STAFF)


def test_digest_reports_new_and_cancelled_since_the_last_one(send_digest):
    recipient = _digest_recipients()
    UserFactory(username="inactive", roles=[Role.DUTIES], is_active=False)
    week = weeks_ahead(1)
    session = session_on(week + datetime.timedelta(days=2), course=CourseFactory(title="SARA"))
    amy = UserFactory(first_name="Amy", last_name="Khan", team=TeamFactory(name="Central"))
    gone = UserFactory(first_name="Ben", last_name="Carter")
    kept = book_seat(session=session, person=amy)
    dropped = book_seat(session=session, person=gone)
    start = timezone.now()
    # The first digest covers the last 24 hours: both bookings are new.
    assert send_digest(now=start) == 1
    first = DutiesDigest.objects.get()
    assert (first.new_count, first.cancelled_count) == (2, 0)
    assert first.period_start == start - datetime.timedelta(hours=24)
    assert [m.to for m in mail.outbox] == [[recipient.email]]

    cancel_booking(booking=dropped, by=gone)
    later = timezone.now() + datetime.timedelta(minutes=1)
    mail.outbox.clear()
    assert send_digest(now=later) == 1

    second = DutiesDigest.objects.order_by("period_end").last()
    assert (second.period_start, second.period_end) == (start, later)
    assert (second.new_count, second.cancelled_count) == (0, 1)
    [message] = mail.outbox
    assert "0 new, 1 cancelled" in message.subject
    assert "Ben Carter" in message.body
    assert "Amy Khan" not in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert "Ben Carter" in html
    assert kept.pk != dropped.pk


def test_digest_run_twice_sends_nothing_new(send_digest):
    _digest_recipients()
    book_seat(session=session_on(weeks_ahead(1)), person=UserFactory())
    now = timezone.now()
    assert send_digest(now=now) == 1
    assert send_digest(now=now) == 0
    assert send_digest(now=now + datetime.timedelta(seconds=5)) == 0
    assert len(mail.outbox) == 1
    assert DutiesDigest.objects.count() == 2
    assert list(
        DutiesDigest.objects.order_by("period_end").values_list("new_count", flat=True)
    ) == [
        1,
        0,
    ]


def test_digest_groups_by_day_and_team_and_flags_late_ones(send_digest):
    _digest_recipients()
    week = weeks_ahead(1)
    alpha, bravo = TeamFactory(name="Alpha team"), TeamFactory(name="Bravo team")
    tuesday = session_on(week + datetime.timedelta(days=1), capacity=5)
    thursday = session_on(week + datetime.timedelta(days=3), capacity=5)
    book_seat(session=thursday, person=UserFactory(first_name="Cara", last_name="Zed", team=alpha))
    book_seat(session=tuesday, person=UserFactory(first_name="Dev", last_name="Roy", team=bravo))
    book_seat(session=tuesday, person=UserFactory(first_name="Eve", last_name="Ash", team=alpha))

    send_digest()

    body = mail.outbox[0].body
    tuesday_label = f"{week + datetime.timedelta(days=1):%A} {(week + datetime.timedelta(1)).day}"
    assert body.index(tuesday_label) < body.index("Alpha team") < body.index("Eve Ash")
    assert body.index("Eve Ash") < body.index("Bravo team") < body.index("Dev Roy")
    assert body.index("Dev Roy") < body.index("Cara Zed")
    assert body.count("[LATE NOTICE]") == 3


def test_digest_counts_a_promotion_from_the_waiting_list_as_new(send_digest):
    _digest_recipients()
    session = session_on(weeks_ahead(6), capacity=1)
    first = book_seat(session=session, person=UserFactory(first_name="Ann", last_name="First"))
    waiting = book_seat(session=session, person=UserFactory(first_name="Bo", last_name="Second"))
    assert waiting.status == BookingStatus.WAITLISTED
    now = timezone.now()
    send_digest(now=now)
    mail.outbox.clear()
    # Move the bookings' own times before this digest so only the cancellation is new.
    Booking.objects.update(created_at=now - datetime.timedelta(hours=1))
    Booking.objects.filter(pk=waiting.pk).update(waitlisted_at=now - datetime.timedelta(hours=1))

    cancel_booking(booking=first, by=first.person)
    send_digest(now=timezone.now() + datetime.timedelta(seconds=1))

    digest = DutiesDigest.objects.order_by("period_end").last()
    assert (digest.new_count, digest.cancelled_count) == (1, 1)
    body = mail.outbox[0].body
    assert body.index("Bo Second") < body.index("CANCELLED") < body.index("Ann First")


def test_digest_ignores_a_booking_made_and_cancelled_in_the_same_period(send_digest):
    _digest_recipients()
    booking = book_seat(session=session_on(weeks_ahead(6)), person=UserFactory())
    cancel_booking(booking=booking, by=booking.person)
    assert send_duties_digest() == 0
    assert DutiesDigest.objects.get().cancelled_count == 0


# --- issue 6: bounded weeks, this week first -------------------------------------------


@pytest.mark.parametrize("url", ["/training/duties/", "/training/duties/list/"])
@pytest.mark.parametrize("week", ["9999-12-31", "0001-01-01", "2026-02-30", "next tuesday"])
def test_duties_week_out_of_range_is_a_message_not_an_error(login, duties_user, url, week):
    response = login(duties_user).get(url, {"week": week})

    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    # Shows this week meanwhile, and keeps what was typed.
    assert response.context["filter"].week_start == selectors.this_monday()
    if week.startswith(("9999", "0001")):
        assert "Week must be between 1 January 2000 and 31 December 2099" in html


@pytest.mark.parametrize("week", ["9999-12-31", "0001-01-01"])
def test_duties_export_of_a_week_out_of_range_goes_back_to_the_page(login, duties_user, week):
    response = login(duties_user).get("/training/duties/export/", {"week": week}, follow=True)

    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == f"/training/duties/?week={week}"
    assert "Week must be between 1 January 2000 and 31 December 2099" in (response.content.decode())


def test_duties_grid_opens_on_this_week(login, duties_user):
    response = login(duties_user).get("/training/duties/")

    assert response.context["filter"].week_start == selectors.this_monday()
    assert "Reset to this week" in response.content.decode()
