import datetime
import html
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from core.models import AuditEntry
from people.enums import Function, Rank
from tests.factories import (
    CourseFactory,
    DistrictFactory,
    SessionFactory,
    TeamFactory,
    UserFactory,
    VenueFactory,
)
from training.enums import BookingStatus, CourseKind, SessionStatus
from training.models import Booking, CourseRequirement, Session
from training.services.booking import book_seat

pytestmark = pytest.mark.django_db

# 1 July next year, 09:30 in London (British Summer Time): far enough ahead to book.
LONDON_SUMMER = datetime.datetime(timezone.now().year + 1, 7, 1, 8, 30, tzinfo=datetime.UTC)
DAY = f"{LONDON_SUMMER:%A} 1 July {LONDON_SUMMER.year}"  # e.g. "Thursday 1 July 2027"


def text(response) -> str:
    """The page's visible text with tags stripped and whitespace collapsed."""
    body = re.sub(r"<[^>]+>", " ", response.content.decode())
    return re.sub(r"\s+", " ", html.unescape(body)).strip()


def banners(response) -> list[str]:
    """Messages shown in notification banners after following a redirect."""
    return [str(m) for m in response.context["messages"]]


def table_rows(response) -> list[list[str]]:
    """The text of each body cell of each table row on the page."""
    rows = []
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", response.content.decode(), re.S):
        cells = [re.sub(r"<[^>]+>", " ", c) for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        if cells:
            rows.append(
                [re.sub(r"\s+", " ", html.unescape(c)).replace(" ,", ",").strip() for c in cells]
            )
    return rows


def detail_url(session) -> str:
    return reverse("training:session_detail", kwargs={"pk": session.pk})


def full_session(**kwargs):
    session = SessionFactory(capacity=1, **kwargs)
    book_seat(session=session, person=UserFactory())
    return session


# --- sessions list ---------------------------------------------------------------


def test_session_list_shows_figures_and_the_viewers_status(login):
    officer = UserFactory()
    booked = SessionFactory(course=CourseFactory(title="Masterclass A"), starts_at=LONDON_SUMMER)
    book_seat(session=booked, person=officer)
    full = full_session(course=CourseFactory(title="Masterclass B"))
    book_seat(session=full, person=UserFactory())  # one waiting
    SessionFactory(course=CourseFactory(title="Masterclass C"), capacity=12)

    response = login(officer).get(reverse("training:session_list"))

    by_course = {row[1].split(",")[0]: row for row in table_rows(response)}
    assert (
        by_course["Masterclass A"][0]
        == f"{LONDON_SUMMER:%a} 1 Jul {LONDON_SUMMER.year} 09:30 to 12:00"
    )
    assert by_course["Masterclass A"][4:] == ["9 of 10", "0", "Booked"]
    assert by_course["Masterclass B"][4:] == ["0 of 1", "1", "Full – join waiting list"]
    assert by_course["Masterclass C"][4:] == ["12 of 12", "0", "Seats available"]


def test_session_list_hides_cancelled_and_started_sessions(login):
    SessionFactory(course=CourseFactory(title="Still to come"))
    SessionFactory(course=CourseFactory(title="Called off"), status=SessionStatus.CANCELLED)
    SessionFactory(
        course=CourseFactory(title="Already running"),
        starts_at=timezone.now() - datetime.timedelta(minutes=10),
    )
    rows = table_rows(login(UserFactory()).get(reverse("training:session_list")))
    assert [row[1].split(",")[0] for row in rows] == ["Still to come"]


def test_session_list_shows_waitlist_and_pending_status_for_the_viewer(login):
    officer = UserFactory(line_manager=UserFactory(rank=Rank.SERGEANT))
    waiting = full_session(course=CourseFactory(title="Waiting one"))
    book_seat(session=waiting, person=officer)
    pending = SessionFactory(
        course=CourseFactory(title="Pending one", requires_manager_approval=True)
    )
    book_seat(session=pending, person=officer)
    rows = table_rows(login(officer).get(reverse("training:session_list")))
    assert {row[1].split(",")[0]: row[-1] for row in rows} == {
        "Waiting one": "On waiting list",
        "Pending one": "Waiting for approval",
    }


def test_session_list_requires_sign_in(client):
    response = client.get(reverse("training:session_list"))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def _titles(response) -> set[str]:
    return {s.course.title for s in response.context["table"].data}


def test_session_list_filters_by_course_kind_district_dates_and_seats(login):
    north = DistrictFactory(name="Northfield")
    start = timezone.now() + datetime.timedelta(days=30)
    SessionFactory(
        course=CourseFactory(title="Kind input", kind=CourseKind.ROLE_INPUT),
        starts_at=start,
    )
    SessionFactory(
        course=CourseFactory(title="North room"),
        venue=VenueFactory(district=north),
        starts_at=start + datetime.timedelta(days=10),
    )
    late = SessionFactory(
        course=CourseFactory(title="Much later"), starts_at=start + datetime.timedelta(days=90)
    )
    full_session(course=CourseFactory(title="No seats"), starts_at=start + datetime.timedelta(1))
    client = login(UserFactory())
    url = reverse("training:session_list")

    assert _titles(client.get(url, {"kind": CourseKind.ROLE_INPUT})) == {"Kind input"}
    assert _titles(client.get(url, {"district": north.pk})) == {"North room"}
    assert _titles(client.get(url, {"course": late.course.pk})) == {"Much later"}
    from_day = timezone.localdate(late.starts_at).isoformat()
    assert _titles(client.get(url, {"date_from": from_day})) == {"Much later"}
    to_day = timezone.localdate(start + datetime.timedelta(days=5)).isoformat()
    assert _titles(client.get(url, {"date_to": to_day})) == {"Kind input", "No seats"}
    with_seats = _titles(client.get(url, {"has_seats": "on"}))
    assert "No seats" not in with_seats
    assert len(with_seats) == 3


def test_session_list_shows_selected_filters_with_remove_links(login):
    district = DistrictFactory(name="Kirkmoor")
    response = login(UserFactory()).get(
        reverse("training:session_list"), {"district": district.pk, "has_seats": "on"}
    )
    assert response.context["selected_filters"] == [
        ("District", "Kirkmoor", "?has_seats=on"),
        ("Availability", "Seats available", f"?district={district.pk}"),
    ]


def test_session_list_shows_filter_errors_and_keeps_input(login):
    response = login(UserFactory()).get(reverse("training:session_list"), {"date_from": "31-02"})
    page = response.content.decode()
    assert "There is a problem" in page
    assert 'value="31-02"' in page


def test_session_list_is_sorted_and_paginated(login):
    for n in range(30):
        SessionFactory(
            course=CourseFactory(title=f"Course {n:02d}"),
            starts_at=timezone.now() + datetime.timedelta(days=10 + n),
        )
    client = login(UserFactory())
    first = client.get(reverse("training:session_list"))
    assert [r.record.course.title for r in first.context["table"].page.object_list][:2] == [
        "Course 00",
        "Course 01",
    ]
    assert first.context["table"].paginator.num_pages == 2
    by_title_desc = client.get(reverse("training:session_list"), {"sort": "-course"})
    first_row = by_title_desc.context["table"].page.object_list[0]
    assert first_row.record.course.title == "Course 29"


@pytest.mark.parametrize("rows", [3, 30])
def test_session_list_query_count_does_not_grow_with_rows(login, django_assert_num_queries, rows):
    officer = UserFactory()
    course = CourseFactory(may_repeat=True)
    for n in range(rows):
        session = SessionFactory(
            course=course,
            capacity=2,
            starts_at=timezone.now() + datetime.timedelta(days=40, hours=3 * n),
        )
        if n % 2:
            book_seat(session=session, person=officer)
        book_seat(session=session, person=UserFactory())
    client = login(officer)
    # Session, user, roles and line-manager check (navigation), the filter's course and
    # district options, the row count and the rows with their figures.
    with django_assert_num_queries(7):
        response = client.get(reverse("training:session_list"))
    assert response.status_code == 200


def test_session_list_export_is_a_spreadsheet_of_the_filtered_rows(login, settings):
    settings.BASE_URL = "https://pop.example.police.uk"
    officer = UserFactory()
    kept = SessionFactory(
        course=CourseFactory(title="Exported masterclass"),
        venue=VenueFactory(name="Calder Vale HQ", district=DistrictFactory(name="Calder Vale")),
        starts_at=LONDON_SUMMER,
        capacity=20,
    )
    book_seat(session=kept, person=officer)
    SessionFactory(course=CourseFactory(title="Filtered out", kind=CourseKind.OTHER))

    response = login(officer).get(
        reverse("training:session_list_export"), {"kind": CourseKind.MASTERCLASS}
    )

    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = [tuple(r) for r in sheet.iter_rows(values_only=True)]
    assert rows == [
        (
            "Date and time",
            "Course",
            "Type of course",
            "District",
            "Venue",
            "Seats left",
            "Capacity",
            "Waiting list",
            "Status",
            "Link",
        ),
        (
            datetime.datetime(LONDON_SUMMER.year, 7, 1, 9, 30),
            "Exported masterclass",
            "Problem-solving masterclass",
            "Calder Vale",
            "Calder Vale HQ",
            19,
            20,
            0,
            "Booked",
            f"https://pop.example.police.uk/training/sessions/{kept.pk}/",
        ),
    ]


# --- session detail: what the viewer may do ------------------------------------------


def test_session_detail_shows_the_session_and_offers_booking(login):
    trainer = UserFactory(first_name="Sarah", last_name="Lindqvist", rank=Rank.SERGEANT)
    session = SessionFactory(
        course=CourseFactory(title="District masterclass", duration_minutes=150),
        venue=VenueFactory(
            name="Harrowgate Police Station",
            address="1 Station Road\nHarrowgate",
            accessibility_notes="Step-free access from the car park.",
        ),
        starts_at=LONDON_SUMMER,
        trainers=[trainer],
        notes="Bring a problem from your area.",
    )
    page = text(login(UserFactory()).get(detail_url(session)))
    for expected in [
        "District masterclass",
        DAY,
        "09:30 to 12:00 (UK time)",
        "2 hours 30 minutes",
        "Harrowgate Police Station",
        "Step-free access from the car park.",
        "Sergeant Sarah Lindqvist",
        "10 of 10",
        "Bring a problem from your area.",
        "Book a place",
    ]:
        assert expected in page, expected


def test_session_detail_offers_the_waiting_list_when_full(login):
    page = text(login(UserFactory()).get(detail_url(full_session())))
    assert "This session is full." in page
    assert "Join the waiting list" in page
    assert "Book a place" not in page


def _refusal(login, session, person=None) -> str:
    page = text(login(person or UserFactory()).get(detail_url(session)))
    assert "Book a place" not in page
    return page


def test_session_detail_says_why_not_in_the_audience(login):
    session = SessionFactory(course=CourseFactory(title="Sergeants' input", audience_ranks=[30]))
    page = _refusal(login, session, UserFactory(rank=Rank.PC))
    assert "Sergeants' input is not open to your role." in page


def test_session_detail_says_which_prerequisite_is_missing(login):
    course = CourseFactory()
    course.prerequisites.add(CourseFactory(title="Introduction to problem solving"))
    page = _refusal(login, SessionFactory(course=course))
    assert "You need to attend Introduction to problem solving first." in page


def test_session_detail_says_when_booking_closed(login):
    session = SessionFactory(starts_at=timezone.now() + datetime.timedelta(hours=10))
    page = _refusal(login, session)
    closes = timezone.localtime(session.effective_booking_closes_at())
    assert f"Booking closed on {closes:%A} {closes.day} {closes:%B %Y, %H:%M}." in page


def test_session_detail_says_when_booking_opens(login):
    opens = LONDON_SUMMER.replace(month=6, hour=8, minute=0)  # 09:00 in London
    page = _refusal(login, SessionFactory(starts_at=LONDON_SUMMER, booking_opens_at=opens))
    assert f"Booking opens on {opens:%A} 1 June {opens.year}, 09:00." in page


def test_session_detail_says_a_booking_overlaps(login):
    person = UserFactory()
    first = SessionFactory(course=CourseFactory(title="Morning course"), starts_at=LONDON_SUMMER)
    book_seat(session=first, person=person)
    clash = SessionFactory(starts_at=LONDON_SUMMER + datetime.timedelta(hours=1))
    page = _refusal(login, clash, person)
    assert f"You are already booked on Morning course at {DAY}, 09:30" in page


def test_session_detail_says_the_session_is_cancelled(login):
    page = _refusal(login, SessionFactory(status=SessionStatus.CANCELLED))
    assert "This session has been cancelled." in page


def test_session_detail_says_the_session_has_started(login):
    started = SessionFactory(starts_at=timezone.now() - datetime.timedelta(minutes=30))
    page = _refusal(login, started)
    assert "This session has already started." in page


def test_session_detail_for_a_booking_already_held_offers_cancel_not_book(login):
    officer = UserFactory()
    session = SessionFactory()
    book_seat(session=session, person=officer)
    page = _refusal(login, session, officer)
    assert "You are booked on this session." in page
    assert "Cancel my booking" in page


def test_session_detail_offers_waitlist_when_team_cap_reached(login):
    team = TeamFactory(name="Harrowgate Central")
    course = CourseFactory(abstraction_cap_per_team=1)
    morning = SessionFactory(course=course, starts_at=LONDON_SUMMER)
    afternoon = SessionFactory(course=course, starts_at=LONDON_SUMMER + datetime.timedelta(hours=4))
    book_seat(session=morning, person=UserFactory(team=team))
    colleague = UserFactory(team=team)
    page = _refusal(login, afternoon, colleague)
    assert "The most people from Harrowgate Central who may be away" in page
    assert (
        'name="waitlist_if_blocked" value="True"'
        in login(colleague).get(detail_url(afternoon)).content.decode()
    )

    response = login(colleague).post(
        reverse("training:book", kwargs={"pk": afternoon.pk}),
        {"waitlist_if_blocked": "True"},
        follow=True,
    )

    assert banners(response) == [
        "You are number 1 on the waiting list: the most people from your team who may be "
        "away on training that day are already booked."
    ]
    assert Booking.objects.get(session=afternoon, person=colleague).status == "waitlisted"


def test_book_when_full_and_team_capped_says_the_session_is_full(login):
    team = TeamFactory()
    course = CourseFactory(abstraction_cap_per_team=1)
    morning = SessionFactory(course=course, starts_at=LONDON_SUMMER)
    book_seat(session=morning, person=UserFactory(team=team))
    afternoon = full_session(course=course, starts_at=LONDON_SUMMER + datetime.timedelta(hours=4))
    colleague = UserFactory(team=team)

    response = login(colleague).post(
        reverse("training:book", kwargs={"pk": afternoon.pk}),
        {"waitlist_if_blocked": "True"},
        follow=True,
    )

    assert banners(response) == ["The session is full. You are number 1 on the waiting list."]
    assert Booking.objects.get(session=afternoon, person=colleague).status == "waitlisted"


def test_session_detail_404_for_unknown_session(login):
    assert login(UserFactory()).get("/training/sessions/999999/").status_code == 404


# --- booking ------------------------------------------------------------------------


def test_book_confirms_and_says_so(login):
    officer = UserFactory()
    session = SessionFactory(course=CourseFactory(title="Masterclass"), starts_at=LONDON_SUMMER)
    response = login(officer).post(reverse("training:book", kwargs={"pk": session.pk}), follow=True)
    assert response.redirect_chain == [(detail_url(session), 302)]
    assert banners(response) == [f"You are booked on Masterclass on {DAY} at 09:30."]
    assert Booking.objects.get(session=session, person=officer).status == "confirmed"
    assert "Cancel my booking" in text(response)


def test_book_when_full_waitlists_and_gives_the_place_in_the_queue(login):
    session = full_session()
    book_seat(session=session, person=UserFactory())
    book_seat(session=session, person=UserFactory())
    officer = UserFactory()
    response = login(officer).post(reverse("training:book", kwargs={"pk": session.pk}), follow=True)
    assert banners(response) == ["The session is full. You are number 3 on the waiting list."]
    assert "You are number 3 on the waiting list." in text(response)
    assert "Leave the waiting list" in text(response)


def test_book_waiting_for_approval_names_the_approver(login):
    sergeant = UserFactory(first_name="Dan", last_name="Whitaker", rank=Rank.SERGEANT)
    officer = UserFactory(line_manager=sergeant)
    session = SessionFactory(
        course=CourseFactory(title="Qualification day", requires_manager_approval=True),
        starts_at=LONDON_SUMMER,
    )
    detail = text(login(officer).get(detail_url(session)))
    assert "Sergeant Dan Whitaker will be asked to approve your booking." in detail

    response = login(officer).post(reverse("training:book", kwargs={"pk": session.pk}), follow=True)

    assert banners(response) == [
        f"Your booking on Qualification day on {DAY} at 09:30 is waiting for "
        "approval from Sergeant Dan Whitaker. Your seat is held meanwhile."
    ]
    assert Booking.objects.get(session=session, person=officer).status == "pending_approval"


def test_book_refused_shows_the_reason_and_books_nothing(login):
    officer = UserFactory(function=Function.RESPONSE)
    session = SessionFactory(
        course=CourseFactory(title="Neighbourhood input", audience_functions=["neighbourhoods"])
    )
    response = login(officer).post(reverse("training:book", kwargs={"pk": session.pk}), follow=True)
    assert banners(response) == [
        "Neighbourhood input is not open to your role. Ask the programme team if you think "
        "it should be."
    ]
    assert Booking.objects.filter(session=session).count() == 0


def test_book_twice_is_refused_with_a_message(login):
    officer = UserFactory()
    session = SessionFactory()
    book_seat(session=session, person=officer)
    response = login(officer).post(reverse("training:book", kwargs={"pk": session.pk}), follow=True)
    assert banners(response) == ["You are already booked on this session."]
    assert Booking.objects.filter(session=session, person=officer).count() == 1


def test_book_after_the_session_moved_to_another_course_and_venue_names_the_new_ones(login):
    session = SessionFactory(capacity=5, starts_at=LONDON_SUMMER)
    url = reverse("training:book", kwargs={"pk": session.pk})
    login(UserFactory()).post(url, follow=True)  # the session to book is kept from now on
    Session.objects.filter(pk=session.pk).update(
        course=CourseFactory(title="Renamed masterclass"), venue=VenueFactory(name="New hall")
    )

    officer = UserFactory()
    response = login(officer).post(url, follow=True)

    assert banners(response) == [f"You are booked on Renamed masterclass on {DAY} at 09:30."]
    entry = AuditEntry.objects.filter(action="training.booking.created").latest("pk")
    assert "Renamed masterclass" in entry.summary
    assert "New hall" in entry.summary


def test_book_an_unknown_session_is_not_found(login):
    response = login(UserFactory()).post(reverse("training:book", kwargs={"pk": 999999}))
    assert response.status_code == 404


def test_book_only_by_post(login):
    session = SessionFactory()
    response = login(UserFactory()).get(reverse("training:book", kwargs={"pk": session.pk}))
    assert response.status_code == 405


# --- cancelling and promotion ---------------------------------------------------------


def test_cancel_asks_for_confirmation_then_promotes_the_next_in_line(login, client):
    holder = UserFactory()
    waiting = UserFactory()
    session = SessionFactory(
        course=CourseFactory(title="Masterclass"), capacity=1, starts_at=LONDON_SUMMER
    )
    booking = book_seat(session=session, person=holder)
    book_seat(session=session, person=waiting)
    url = reverse("training:cancel_booking", kwargs={"pk": booking.pk})

    confirm = login(holder).get(url)
    assert "Are you sure you want to cancel your booking?" in text(confirm)
    response = client.post(url, {"reason": "Court warning that day"}, follow=True)

    assert response.redirect_chain == [(reverse("training:my_bookings"), 302)]
    assert banners(response) == [f"Your booking on Masterclass on {DAY} at 09:30 is cancelled."]
    booking.refresh_from_db()
    assert (booking.status, booking.cancellation_reason) == ("cancelled", "Court warning that day")
    promoted_view = login(waiting).get(reverse("training:my_bookings"))
    upcoming = list(promoted_view.context["upcoming"].data)
    assert [(b.session_id, b.status) for b in upcoming] == [(session.pk, "confirmed")]
    assert "Booked" in text(promoted_view)


def test_cancel_keeps_what_was_typed_when_the_form_is_wrong(login):
    booking = book_seat(session=SessionFactory(), person=UserFactory())
    too_long = "x" * 301
    response = login(booking.person).post(
        reverse("training:cancel_booking", kwargs={"pk": booking.pk}), {"reason": too_long}
    )
    assert response.status_code == 200
    assert "There is a problem" in text(response)
    assert too_long in response.content.decode()
    booking.refresh_from_db()
    assert booking.status == "confirmed"


def test_cancel_refused_after_start_shows_the_reason(login):
    booking = book_seat(session=SessionFactory(), person=UserFactory())
    booking.session.starts_at = timezone.now() - datetime.timedelta(minutes=5)
    booking.session.ends_at = timezone.now() + datetime.timedelta(hours=2)
    booking.session.save()
    response = login(booking.person).post(
        reverse("training:cancel_booking", kwargs={"pk": booking.pk}), {"reason": ""}
    )
    assert "The session has started, so the booking can no longer be cancelled." in text(response)
    booking.refresh_from_db()
    assert booking.status == "confirmed"


@pytest.mark.parametrize("method", ["get", "post"])
def test_another_officer_cannot_cancel_a_booking(login, method):
    booking = book_seat(session=SessionFactory(), person=UserFactory())
    url = reverse("training:cancel_booking", kwargs={"pk": booking.pk})
    response = getattr(login(UserFactory()), method)(url, {"reason": "mischief"})
    assert response.status_code == 403
    booking.refresh_from_db()
    assert (booking.status, booking.cancellation_reason) == ("confirmed", "")


def test_line_manager_can_cancel_for_their_officer(login):
    sergeant = UserFactory(rank=Rank.SERGEANT, first_name="Dan", last_name="Whitaker")
    officer = UserFactory(first_name="Amy", last_name="Khan", line_manager=sergeant)
    session = SessionFactory(course=CourseFactory(title="Masterclass"), starts_at=LONDON_SUMMER)
    booking = book_seat(session=session, person=officer)
    response = login(sergeant).post(
        reverse("training:cancel_booking", kwargs={"pk": booking.pk}), {"reason": ""}, follow=True
    )
    assert banners(response) == [
        f"PC Amy Khan’s booking on Masterclass on {DAY} at 09:30 is cancelled."
    ]
    booking.refresh_from_db()
    assert booking.status == "cancelled"


def test_cancel_an_inactive_booking_says_there_is_nothing_to_cancel(login):
    officer = UserFactory()
    booking = book_seat(session=SessionFactory(), person=officer)
    Booking.objects.filter(pk=booking.pk).update(status=BookingStatus.CANCELLED)
    response = login(officer).get(
        reverse("training:cancel_booking", kwargs={"pk": booking.pk}), follow=True
    )
    assert banners(response) == ["This booking is not active, so there is nothing to cancel."]


# --- approvals ------------------------------------------------------------------------


@pytest.fixture
def pending():
    sergeant = UserFactory(rank=Rank.SERGEANT, first_name="Dan", last_name="Whitaker")
    officer = UserFactory(first_name="Amy", last_name="Khan", line_manager=sergeant)
    session = SessionFactory(
        course=CourseFactory(title="Qualification day", requires_manager_approval=True),
        starts_at=LONDON_SUMMER,
    )
    return book_seat(session=session, person=officer)


def test_approvals_section_lists_bookings_for_the_line_manager(login, pending):
    page = text(login(pending.person.line_manager).get(reverse("portal:dashboard")))
    assert "PC Amy Khan" in page
    assert "Qualification day" in page
    assert f"Approve PC Amy Khan on Qualification day, 1 July {LONDON_SUMMER.year}" in page


def test_approvals_section_is_not_shown_to_someone_who_manages_nobody(login, pending):
    page = text(login(UserFactory()).get(reverse("portal:dashboard")))
    assert "Training approvals" not in page
    assert "PC Amy Khan" not in page


def test_a_line_manager_with_nothing_waiting_is_told_so(login, pending):
    other_manager = UserFactory(rank=Rank.SERGEANT)
    UserFactory(line_manager=other_manager)
    page = text(login(other_manager).get(reverse("portal:dashboard")))
    assert "Training approvals" in page
    assert "Nothing is waiting for your approval." in page
    assert "PC Amy Khan" not in page


def test_approve_confirms_the_booking(login, pending):
    response = login(pending.person.line_manager).post(
        reverse("training:booking_approve", kwargs={"pk": pending.pk}), follow=True
    )
    assert banners(response) == [
        f"You approved PC Amy Khan’s booking on Qualification day on {DAY} at 09:30."
    ]
    pending.refresh_from_db()
    assert pending.status == "confirmed"
    assert "Nothing is waiting for your approval." in text(response)


def test_decline_asks_for_a_reason_then_declines(login, pending):
    client = login(pending.person.line_manager)
    url = reverse("training:booking_decline", kwargs={"pk": pending.pk})
    assert "Decline PC Amy Khan’s booking" in text(client.get(url))

    empty = client.post(url, {"reason": ""})
    assert "Enter a short reason for declining the booking" in text(empty)
    pending.refresh_from_db()
    assert pending.status == "pending_approval"

    response = client.post(url, {"reason": "The team is short that week"}, follow=True)
    assert banners(response) == [
        f"You declined PC Amy Khan’s booking on Qualification day on {DAY} at "
        "09:30. They have been told, and can see your reason in My training."
    ]
    pending.refresh_from_db()
    assert (pending.status, pending.decision_note) == ("declined", "The team is short that week")
    officer_view = text(login(pending.person).get(reverse("training:my_bookings")))
    assert "Declined The team is short that week" in officer_view


@pytest.mark.parametrize("name", ["training:booking_approve", "training:booking_decline"])
def test_only_the_manager_may_decide(login, pending, name):
    for someone in [UserFactory(), pending.person]:
        response = login(someone).post(reverse(name, kwargs={"pk": pending.pk}), {"reason": "no"})
        assert response.status_code == 403
    pending.refresh_from_db()
    assert pending.status == "pending_approval"


# --- My training ----------------------------------------------------------------------


def test_my_bookings_lists_upcoming_and_past(login):
    officer = UserFactory()
    booked = SessionFactory(course=CourseFactory(title="Booked one"))
    book_seat(session=booked, person=officer)
    queue = full_session(
        course=CourseFactory(title="Queued one"),
        starts_at=booked.starts_at + datetime.timedelta(days=1),
    )
    book_seat(session=queue, person=UserFactory())
    book_seat(session=queue, person=officer)
    past = SessionFactory(
        course=CourseFactory(title="Done one"),
        starts_at=timezone.now() - datetime.timedelta(days=30),
        status=SessionStatus.DELIVERED,
    )
    Booking.objects.create(session=past, person=officer, status=BookingStatus.ATTENDED)
    response = login(officer).get(reverse("training:my_bookings"))
    upcoming = {b.session.course.title: b for b in response.context["upcoming"].data}
    assert {t: b.status for t, b in upcoming.items()} == {
        "Booked one": "confirmed",
        "Queued one": "waitlisted",
    }
    assert upcoming["Queued one"].waitlist_position == 2
    assert [b.session.course.title for b in response.context["past"].data] == ["Done one"]
    page = text(response)
    assert "Waiting list: number 2" in page
    assert "Attended" in page


def test_my_bookings_only_shows_the_viewers_own(login):
    book_seat(session=SessionFactory(course=CourseFactory(title="Not mine")), person=UserFactory())
    response = login(UserFactory()).get(reverse("training:my_bookings"))
    assert "Not mine" not in text(response)
    assert "You have no upcoming bookings." in text(response)


@pytest.mark.parametrize("rows", [2, 20])
def test_my_bookings_query_count_does_not_grow_with_rows(login, django_assert_num_queries, rows):
    officer = UserFactory(role_started_on=datetime.date.today() - datetime.timedelta(days=30))
    course = CourseFactory(may_repeat=True)
    CourseRequirement.objects.create(course=course, within_months=6)
    for n in range(rows):
        session = SessionFactory(
            course=course,
            capacity=1,
            starts_at=timezone.now() + datetime.timedelta(days=40, hours=3 * n),
        )
        if n % 2:
            book_seat(session=session, person=UserFactory())
        book_seat(session=session, person=officer)
        past = SessionFactory(
            course=course,
            starts_at=timezone.now() - datetime.timedelta(days=40, hours=3 * n),
            status=SessionStatus.DELIVERED,
        )
        Booking.objects.create(session=past, person=officer, status=BookingStatus.ATTENDED)
    client = login(officer)
    # Session, user, roles and line-manager check (navigation); a count and the rows
    # (with queue positions) for each of the two tables; requirements, person and
    # booking facts and the courses' trainers for "what my role requires"; feedback
    # still to give.
    with django_assert_num_queries(12):
        response = client.get(reverse("training:my_bookings"))
    assert response.status_code == 200
    assert "Training your role requires" in text(response)


def test_my_training_section_shows_next_bookings_and_waitlist_places(login):
    officer = UserFactory()
    first = SessionFactory(course=CourseFactory(title="Next up"))
    book_seat(session=first, person=officer)
    queue = full_session(
        course=CourseFactory(title="In the queue"),
        starts_at=first.starts_at + datetime.timedelta(days=1),
    )
    book_seat(session=queue, person=officer)
    response = login(officer).get(reverse("portal:dashboard"))
    section = next(ctx for s, ctx in response.context["sections"] if s.key == "my_training")
    assert [(b.session.course.title, label) for b, label, _ in section["seats"]] == [
        ("Next up", "Booked")
    ]
    assert [(b.session.course.title, label) for b, label, _ in section["waiting"]] == [
        ("In the queue", "Waiting list: number 1")
    ]
    page = text(response)
    assert "Your next sessions Next up" in page
    assert "Your waiting lists In the queue" in page
    assert "All my bookings and past training" in page


def test_my_training_section_when_nothing_is_booked(login):
    page = text(login(UserFactory()).get(reverse("portal:dashboard")))
    assert "You have no upcoming training booked." in page


# --- issue 6 ---------------------------------------------------------------------------


@pytest.mark.parametrize("field", ["date_from", "date_to"])
@pytest.mark.parametrize("value", ["9999-12-31", "0001-01-01"])
def test_session_list_date_out_of_range_is_a_message_not_an_error(login, field, value):
    SessionFactory()
    client = login(UserFactory())

    page = client.get(reverse("training:session_list"), {field: value})
    export = client.get(reverse("training:session_list_export"), {field: value})

    label = "Date from" if field == "date_from" else "Date to"
    assert page.status_code == 200
    assert f"{label} must be between 1 January 2000 and 31 December 2099" in text(page)
    assert f'value="{value}"' in page.content.decode()  # keeps what was typed
    assert export.status_code == 200


def test_session_list_date_to_before_date_from_is_a_message(login):
    response = login(UserFactory()).get(
        reverse("training:session_list"), {"date_from": "2027-03-10", "date_to": "2027-03-01"}
    )
    assert "Date to must be the same as or after date from" in text(response)


def test_session_detail_says_why_a_second_session_of_the_same_course_cannot_be_booked(login):
    officer = UserFactory()
    course = CourseFactory(title="Masterclass")
    first = SessionFactory(course=course, starts_at=LONDON_SUMMER)
    second = SessionFactory(course=course, starts_at=LONDON_SUMMER + datetime.timedelta(days=7))
    book_seat(session=first, person=officer)

    response = login(officer).get(detail_url(second))

    assert response.context["offer"]["action"] == "refused"
    assert (
        f"You already have a place on Masterclass on {DAY}. You can book one session of a "
        "course at a time: cancel that booking first if you would rather come on this date."
    ) in text(response)
    assert "Book a place" not in text(response)
