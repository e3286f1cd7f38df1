import datetime
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import timezone

from people.enums import Rank, Role
from tests.factories import CourseFactory, SessionFactory, UserFactory, VenueFactory
from training.enums import BookingStatus, SessionStatus
from training.models import Booking, Session
from training.views.trainer import trainer_section

pytestmark = pytest.mark.django_db
LONDON = zoneinfo.ZoneInfo("Europe/London")


@pytest.fixture
def trainer():
    return UserFactory(roles=[Role.TRAINER], first_name="Sarah", last_name="Lindqvist")


@pytest.fixture
def course(trainer):
    course = CourseFactory(title="District problem-solving masterclass", duration_minutes=150)
    course.approved_trainers.add(trainer)
    return course


@pytest.fixture
def venue():
    return VenueFactory(name="Harrowgate training suite", capacity=30)


def future_date(days: int = 40) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def form_data(course, venue, trainer, *, date=None, time="09:30", capacity="20", **extra):
    date = date or future_date()
    data = {
        "course": course.pk,
        "venue": venue.pk,
        "day": str(date.day),
        "month": str(date.month),
        "year": str(date.year),
        "start_time": time,
        "capacity": capacity,
        "trainers": [trainer.pk],
        "notes": "",
    }
    data.update(extra)
    return data


def past_session(trainer, **kwargs) -> Session:
    return SessionFactory(
        starts_at=timezone.now() - datetime.timedelta(hours=4), trainers=[trainer], **kwargs
    )


# --- permissions ---------------------------------------------------------------------


def test_my_sessions_forbidden_for_an_officer(login):
    response = login(UserFactory()).get(reverse("training:my_sessions"))
    assert response.status_code == 403


def test_my_sessions_needs_sign_in(client):
    response = client.get(reverse("training:my_sessions"))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_trainer_cannot_manage_another_trainers_session(login, trainer):
    session = SessionFactory(trainers=[UserFactory(roles=[Role.TRAINER])])
    client = login(trainer)
    for name in ("session_manage", "session_edit", "session_cancel", "register", "sign_in_sheet"):
        response = client.get(reverse(f"training:{name}", args=[session.pk]))
        assert (name, response.status_code) == (name, 403)


def test_trainer_cannot_post_a_register_for_another_trainers_session(login, trainer):
    other = UserFactory(roles=[Role.TRAINER])
    session = past_session(other)
    booking = Booking.objects.create(
        session=session, person=UserFactory(), status=BookingStatus.CONFIRMED
    )
    response = login(trainer).post(
        reverse("training:register", args=[session.pk]), {"action": "everyone"}
    )
    assert response.status_code == 403
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED


def test_programme_admin_manages_any_session(login):
    session = SessionFactory(trainers=[UserFactory(roles=[Role.TRAINER])])
    admin = UserFactory(roles=[Role.PROGRAMME_ADMIN])
    response = login(admin).get(reverse("training:session_manage", args=[session.pk]))
    assert response.status_code == 200


# --- My sessions ---------------------------------------------------------------------


def test_my_sessions_lists_only_the_trainers_sessions_with_seats_and_waitlist(login, trainer):
    mine = SessionFactory(trainers=[trainer], capacity=2, course__title="Masterclass: Calder Vale")
    Booking.objects.create(session=mine, person=UserFactory(), status=BookingStatus.CONFIRMED)
    Booking.objects.create(session=mine, person=UserFactory(), status=BookingStatus.WAITLISTED)
    SessionFactory(course__title="Someone else's input")
    response = login(trainer).get(reverse("training:my_sessions"))
    table = response.context["table"]
    assert [row.record.pk for row in table.page.object_list] == [mine.pk]
    record = table.page.object_list[0].record
    assert (record.seats_taken, record.waitlist_length) == (1, 1)
    assert "1 of 2" in response.content.decode()
    assert "Someone else" not in response.content.decode()


def test_my_sessions_past_tab_shows_ended_sessions(login, trainer):
    upcoming = SessionFactory(trainers=[trainer])
    ended = past_session(trainer)
    client = login(trainer)
    upcoming_rows = client.get(reverse("training:my_sessions")).context["table"].page.object_list
    past_rows = (
        client.get(reverse("training:my_sessions"), {"when": "past"})
        .context["table"]
        .page.object_list
    )
    assert [r.record.pk for r in upcoming_rows] == [upcoming.pk]
    assert [r.record.pk for r in past_rows] == [ended.pk]


def test_my_sessions_coordinator_sees_every_session(login):
    sessions = [SessionFactory(), SessionFactory()]
    admin = UserFactory(roles=[Role.PROGRAMME_ADMIN])
    rows = login(admin).get(reverse("training:my_sessions")).context["table"].page.object_list
    assert sorted(r.record.pk for r in rows) == sorted(s.pk for s in sessions)


def test_my_sessions_exports_xlsx(login, trainer):
    SessionFactory(trainers=[trainer])
    response = login(trainer).get(reverse("training:my_sessions"), {"export": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )


@pytest.mark.parametrize("rows", [1, 30])
def test_my_sessions_query_count_is_constant(login, trainer, django_assert_num_queries, rows):
    for _ in range(rows):
        session = SessionFactory(trainers=[trainer, UserFactory(roles=[Role.TRAINER])])
        Booking.objects.create(
            session=session, person=UserFactory(), status=BookingStatus.CONFIRMED
        )
    client = login(trainer)
    # session, user, count, approved courses, groups (navigation), reports (navigation,
    # twice), course filter choices, page, trainers prefetch
    with django_assert_num_queries(8):
        response = client.get(reverse("training:my_sessions"))
    assert response.status_code == 200


@pytest.mark.parametrize("rows", [1, 25])
def test_session_manage_query_count_is_constant(login, trainer, django_assert_num_queries, rows):
    session = SessionFactory(trainers=[trainer])
    for _ in range(rows):
        Booking.objects.create(
            session=session, person=UserFactory(), status=BookingStatus.CONFIRMED
        )
    client = login(trainer)
    # session, user, session detail, trainers, experts, groups (rules), is trainer of,
    # bookings, groups (navigation), reports (navigation), its history (audit timeline)
    with django_assert_num_queries(9):
        response = client.get(reverse("training:session_manage", args=[session.pk]))
    assert response.status_code == 200


# --- scheduling -----------------------------------------------------------------------


def test_schedule_page_offers_only_courses_the_trainer_may_schedule(login, trainer, course):
    CourseFactory(title="Sergeants' input on supervising problem solving")
    response = login(trainer).get(reverse("training:session_create"))
    choices = list(response.context["form"].fields["course"].queryset)
    assert choices == [course]


def test_schedule_a_session_from_the_form(login, trainer, course, venue):
    date = future_date()
    response = login(trainer).post(
        reverse("training:session_create"),
        form_data(course, venue, trainer, date=date, time="09:30", capacity="20"),
    )
    session = Session.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("training:session_manage", args=[session.pk])
    assert timezone.localtime(session.starts_at, LONDON).replace(tzinfo=None) == (
        datetime.datetime.combine(date, datetime.time(9, 30))
    )
    assert timezone.localtime(session.ends_at, LONDON).time() == datetime.time(12, 0)
    assert (session.capacity, list(session.trainers.all())) == (20, [trainer])


def test_schedule_venue_clash_is_a_form_error_and_keeps_what_was_typed(
    login, trainer, course, venue
):
    date = future_date()
    starts = datetime.datetime.combine(date, datetime.time(10, 0), tzinfo=LONDON)
    SessionFactory(venue=venue, starts_at=starts, course__title="Special constables' input")
    response = login(trainer).post(
        reverse("training:session_create"),
        form_data(course, venue, trainer, date=date, time="11:00", capacity="18"),
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["venue"][0].startswith("Harrowgate training suite is already booked for")
    page = response.content.decode()
    assert "There is a problem" in page
    assert 'value="18"' in page
    assert 'value="11:00"' in page
    assert f'value="{date.year}"' in page
    assert Session.objects.count() == 1


def test_schedule_capacity_above_venue_is_a_form_error(login, trainer, course):
    small = VenueFactory(name="Ward office", capacity=6)
    response = login(trainer).post(
        reverse("training:session_create"), form_data(course, small, trainer, capacity="7")
    )
    assert response.context["form"].errors["capacity"] == [
        "Ward office holds 6 people, so the session can have at most 6 places."
    ]


def test_schedule_not_a_real_date_is_a_form_error(login, trainer, course, venue):
    response = login(trainer).post(
        reverse("training:session_create"),
        {**form_data(course, venue, trainer), "day": "31", "month": "2", "year": "2031"},
    )
    assert response.context["form"].errors["day"] == [
        "The date must be a real date, for example 27 3 2027"
    ]


def test_schedule_a_course_not_approved_for_is_refused(login, trainer, venue):
    other = CourseFactory()
    response = login(trainer).post(
        reverse("training:session_create"), form_data(other, venue, trainer)
    )
    assert "course" in response.context["form"].errors
    assert Session.objects.count() == 0


def test_trainer_without_courses_sees_an_explanation(login):
    response = login(UserFactory(roles=[Role.TRAINER])).get(reverse("training:session_create"))
    assert "not approved to deliver any course yet" in response.content.decode()


# --- change and cancel ----------------------------------------------------------------------


def test_edit_session_moves_it(login, trainer, course, venue):
    session = SessionFactory(course=course, venue=venue, trainers=[trainer])
    date = future_date(50)
    data = form_data(course, venue, trainer, date=date, time="14:00", capacity="12")
    del data["course"]
    response = login(trainer).post(reverse("training:session_edit", args=[session.pk]), data)
    assert response.status_code == 302
    session.refresh_from_db()
    assert timezone.localtime(session.starts_at, LONDON).date() == date
    assert (session.capacity, session.sequence) == (12, 1)


def test_cancel_session_needs_a_reason_then_cancels(login, trainer):
    session = SessionFactory(trainers=[trainer])
    url = reverse("training:session_cancel", args=[session.pk])
    client = login(trainer)
    response = client.post(url, {"reason": ""})
    assert response.context["form"].errors["reason"] == ["Enter why the session is being cancelled"]
    response = client.post(url, {"reason": "Venue flooded"})
    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.status, session.cancellation_reason) == (
        SessionStatus.CANCELLED,
        "Venue flooded",
    )


# --- register --------------------------------------------------------------------------------


def test_register_saves_marks(login, trainer):
    session = past_session(trainer)
    came = Booking.objects.create(
        session=session, person=UserFactory(), status=BookingStatus.CONFIRMED
    )
    missed = Booking.objects.create(
        session=session, person=UserFactory(), status=BookingStatus.CONFIRMED
    )
    response = login(trainer).post(
        reverse("training:register", args=[session.pk]),
        {"action": "save", f"mark_{came.pk}": "attended", f"mark_{missed.pk}": "no_show"},
    )
    assert response.status_code == 302
    assert dict(Booking.objects.values_list("pk", "status")) == {
        came.pk: BookingStatus.ATTENDED,
        missed.pk: BookingStatus.NO_SHOW,
    }
    session.refresh_from_db()
    assert session.status == SessionStatus.DELIVERED


def test_register_requires_a_mark_for_everyone(login, trainer):
    session = past_session(trainer)
    person = UserFactory(first_name="Amy", last_name="Khan")
    booking = Booking.objects.create(session=session, person=person, status=BookingStatus.CONFIRMED)
    response = login(trainer).post(
        reverse("training:register", args=[session.pk]), {"action": "save"}
    )
    assert response.context["form"].errors[f"mark_{booking.pk}"] == [
        "Select whether Amy Khan attended"
    ]


def test_register_mark_everyone_attended(login, trainer):
    session = past_session(trainer)
    bookings = [
        Booking.objects.create(
            session=session, person=UserFactory(), status=BookingStatus.CONFIRMED
        )
        for _ in range(3)
    ]
    login(trainer).post(reverse("training:register", args=[session.pk]), {"action": "everyone"})
    assert set(
        Booking.objects.filter(pk__in=[b.pk for b in bookings]).values_list("status", flat=True)
    ) == {BookingStatus.ATTENDED}


def test_register_before_the_start_shows_no_form(login, trainer):
    session = SessionFactory(trainers=[trainer])
    Booking.objects.create(session=session, person=UserFactory(), status=BookingStatus.CONFIRMED)
    response = login(trainer).get(reverse("training:register", args=[session.pk]))
    page = response.content.decode()
    assert "You can take the register from the start of the session" in page
    assert "Mark everyone as attended" not in page


@pytest.mark.parametrize("rows", [1, 25])
def test_register_query_count_is_constant(login, trainer, django_assert_num_queries, rows):
    session = past_session(trainer)
    for _ in range(rows):
        Booking.objects.create(
            session=session, person=UserFactory(), status=BookingStatus.CONFIRMED
        )
    client = login(trainer)
    # session, user, session detail, trainers, experts, groups (rules), is trainer of,
    # register bookings, groups (navigation), reports (navigation)
    with django_assert_num_queries(8):
        response = client.get(reverse("training:register", args=[session.pk]))
    assert response.status_code == 200


# --- sign-in sheet ----------------------------------------------------------------------------


def test_sign_in_sheet_is_a_pdf_listing_the_people_booked(login, trainer, rf):
    session = SessionFactory(trainers=[trainer])
    people = [
        UserFactory(first_name="Amy", last_name="Khan", rank=Rank.PC),
        UserFactory(first_name="Dan", last_name="Whitaker", rank=Rank.SERGEANT),
    ]
    for person in people:
        Booking.objects.create(session=session, person=person, status=BookingStatus.CONFIRMED)
    Booking.objects.create(
        session=session,
        person=UserFactory(first_name="Wendy", last_name="Waiting"),
        status=BookingStatus.WAITLISTED,
    )
    response = login(trainer).get(reverse("training:sign_in_sheet", args=[session.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert len(response.content) > 5000
    assert response.content.rstrip().endswith(b"%%EOF")

    # The PDF is drawn from this HTML; pypdf is not a dependency, so read the names there.
    from training.views.trainer import sign_in_sheet_html

    request = rf.get("/")
    request.user = trainer
    html = sign_in_sheet_html(request, session)
    assert "Amy Khan" in html
    assert "Dan Whitaker" in html
    assert "Sergeant" in html
    assert people[0].team.name in html
    assert "Wendy Waiting" not in html
    assert "size: A4 landscape" in html


# --- dashboard ------------------------------------------------------------------------------


def test_trainer_section_lists_the_next_sessions(rf, trainer):
    soon = SessionFactory(trainers=[trainer], starts_at=timezone.now() + datetime.timedelta(days=3))
    later = SessionFactory(trainers=[trainer])
    SessionFactory(trainers=[trainer], status=SessionStatus.CANCELLED)
    SessionFactory()
    request = rf.get("/portal/")
    request.user = trainer
    ctx = trainer_section(request)
    assert [item["session"].pk for item in ctx["sessions"]] == [soon.pk, later.pk]
    assert ctx["sessions"][0]["url"] == reverse("training:session_manage", args=[soon.pk])


def test_trainer_section_lists_registers_still_to_take(rf, trainer):
    due = past_session(trainer)
    taken = past_session(trainer)
    taken.register_completed_at = timezone.now()
    taken.save()
    past_session(trainer, status=SessionStatus.CANCELLED)
    request = rf.get("/portal/")
    request.user = trainer
    ctx = trainer_section(request)
    assert [item["session"].pk for item in ctx["registers_due"]] == [due.pk]
    assert ctx["registers_due"][0]["url"] == reverse("training:register", args=[due.pk])


def test_dashboard_shows_the_trainer_section(login, trainer):
    session = SessionFactory(trainers=[trainer], course__title="Masterclass for Kirkmoor")
    response = login(trainer).get(reverse("portal:dashboard"))
    page = response.content.decode()
    assert "Masterclass for Kirkmoor" in page
    assert reverse("training:session_manage", args=[session.pk]) in page


# --- issue 6: delivered sessions, exports, phones, the expert picker, the clock change ---

import html as html_lib  # noqa: E402
import io  # noqa: E402
import re  # noqa: E402

from openpyxl import load_workbook  # noqa: E402

from people.models import User  # noqa: E402
from training.services.attendance import mark_attendance  # noqa: E402


def visible_text(response) -> str:
    body = re.sub(r"<[^>]+>", " ", response.content.decode())
    return re.sub(r"\s+", " ", html_lib.unescape(body)).strip()


def delivered_session(trainer, *, booked=10, came=9, capacity=12) -> Session:
    session = past_session(trainer, capacity=capacity, course__title="Masterclass")
    bookings = [
        Booking.objects.create(
            session=session, person=UserFactory(), status=BookingStatus.CONFIRMED
        )
        for _ in range(booked)
    ]
    marks = {b.pk: ("attended" if i < came else "no_show") for i, b in enumerate(bookings)}
    mark_attendance(session=session, marks=marks, by=trainer)
    return session


def sheet_rows(response) -> list[tuple]:
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    return [tuple(r) for r in sheet.iter_rows(values_only=True)]


def test_delivered_session_shows_who_was_booked_and_who_attended(login, trainer):
    session = delivered_session(trainer)
    client = login(trainer)

    past = visible_text(client.get(reverse("training:my_sessions"), {"when": "past"}))
    manage = visible_text(client.get(reverse("training:session_manage", args=[session.pk])))

    assert "Booked Attended" in past  # the past tab's columns
    assert "10 of 12 9 Delivered" in past
    assert "Booked 10 of 12 places" in manage
    assert "Attended 9 (1 did not attend)" in manage
    assert not re.search(r"\b0 of 12", past + manage)


def test_my_sessions_export_writes_numbers_as_numbers(login, trainer):
    delivered_session(trainer)
    upcoming = SessionFactory(trainers=[trainer], capacity=20)
    Booking.objects.create(session=upcoming, person=UserFactory(), status=BookingStatus.CONFIRMED)
    client = login(trainer)

    past_rows = sheet_rows(
        client.get(reverse("training:my_sessions"), {"when": "past", "export": "xlsx"})
    )
    upcoming_rows = sheet_rows(client.get(reverse("training:my_sessions"), {"export": "xlsx"}))

    header, row = past_rows
    values = dict(zip(header, row, strict=True))
    assert (values["Booked"], values["Places"], values["Attended"]) == (10, 12, 9)
    assert "Waiting list" not in values
    header, row = upcoming_rows
    values = dict(zip(header, row, strict=True))
    assert (values["Booked"], values["Places"], values["Waiting list"]) == (1, 20, 0)
    assert "Attended" not in values


def test_my_sessions_keeps_each_date_on_one_line(login, trainer):
    SessionFactory(trainers=[trainer])
    content = login(trainer).get(reverse("training:my_sessions")).content.decode()
    # The date and the times each sit in a no-wrap span, one above the other.
    assert re.search(r'<span class="pop-nowrap">\w{3} \d{1,2} \w{3} \d{4}</span><br>', content)
    assert re.search(r'<span class="pop-nowrap">\d\d:\d\d to \d\d:\d\d</span>', content)


def test_expert_picker_is_a_filterable_list_of_checkboxes(login, trainer, course, venue):
    for i in range(30):
        UserFactory(last_name=f"Expert{i:02d}")

    content = login(trainer).get(reverse("training:session_create")).content.decode()

    assert '<select name="experts"' not in content
    assert 'data-module="pop-checkbox-filter"' in content
    everyone = User.objects.filter(is_active=True).count()
    assert content.count('name="experts" type="checkbox"') == everyone
    assert '<script src="/static/js/' not in content  # enhancement comes from app.mjs only


def test_schedule_across_the_clock_change_lasts_the_courses_length(login, trainer, course, venue):
    day = spring_forward()
    response = login(trainer).post(
        reverse("training:session_create"),
        form_data(course, venue, trainer, date=day, time="00:30"),
    )

    assert response.status_code == 302
    session = Session.objects.get()
    assert session.ends_at - session.starts_at == datetime.timedelta(minutes=150)
    assert timezone.localtime(session.ends_at, LONDON).strftime("%H:%M") == "04:00"


def test_schedule_refuses_a_time_the_clocks_skip(login, trainer, course, venue):
    day = spring_forward()
    response = login(trainer).post(
        reverse("training:session_create"),
        form_data(course, venue, trainer, date=day, time="01:30"),
    )

    assert response.status_code == 200
    assert response.context["form"].errors["start_time"] == [
        f"There is no 01:30 on Sunday {day.day} March {day.year} in the UK: the clocks go "
        "forward from 01:00 to 02:00. Choose a time before 01:00 or from 02:00."
    ]
    assert Session.objects.count() == 0


def test_schedule_refuses_a_time_that_happens_twice(login, trainer, course, venue):
    day = fall_back()
    response = login(trainer).post(
        reverse("training:session_create"),
        form_data(course, venue, trainer, date=day, time="01:30"),
    )

    assert response.context["form"].errors["start_time"] == [
        f"01:30 on Sunday {day.day} October {day.year} happens twice in the UK: the clocks go "
        "back from 02:00 to 01:00. Choose a time before 01:00 or from 02:00."
    ]


def _last_sunday(year: int, month: int) -> datetime.date:
    day = datetime.date(year, month, 31)
    return day - datetime.timedelta(days=(day.weekday() + 1) % 7)


def spring_forward() -> datetime.date:
    today = timezone.localdate()
    day = _last_sunday(today.year, 3)
    return day if day > today + datetime.timedelta(days=3) else _last_sunday(today.year + 1, 3)


def fall_back() -> datetime.date:
    today = timezone.localdate()
    day = _last_sunday(today.year, 10)
    return day if day > today + datetime.timedelta(days=3) else _last_sunday(today.year + 1, 10)


def test_sign_in_sheet_fetches_no_url_its_page_points_at(login, trainer, settings, tmp_path):
    from tests.http_recorder import Recorder, recording

    session = SessionFactory(trainers=[trainer], course=CourseFactory(title="Safer streets"))
    with recording() as remote:
        # The sheet's page pointing at a remote stylesheet and image (as a template change,
        # or markup that slipped through, could): the PDF is still made, fetching neither.
        page = tmp_path / "training" / "trainer" / "sign_in_sheet.html"
        page.parent.mkdir(parents=True)
        page.write_text(
            f'<html lang="en-GB"><head><title>Sign-in sheet</title>'
            f'<link rel="stylesheet" href="{remote}/sheet.css"></head><body>'
            f'<img src="{remote}/logo.png" alt=""><h1>{{{{ session.course.title }}}}</h1>'
            f'<div style="background: url({remote}/bg.png)">Sign here</div></body></html>'
        )
        settings.TEMPLATES = [
            {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
        ]
        response = login(trainer).get(reverse("training:sign_in_sheet", args=[session.pk]))
        assert response.status_code == 200
        assert response.content.startswith(b"%PDF")
        assert Recorder.hits == []
