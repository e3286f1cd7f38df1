import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEntry
from people.enums import Rank, Role
from tests.factories import CourseFactory, SessionFactory, UserFactory, VenueFactory
from training.enums import BookingStatus, SessionStatus
from training.models import Booking, Course, Session

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_user():
    return UserFactory(roles=[Role.PROGRAMME_ADMIN])


@pytest.fixture
def trainer():
    return UserFactory(roles=[Role.TRAINER])


def local(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def session_post(*, course, venue, starts_at, trainers, capacity=12, **extra) -> dict:
    data = {
        "course": course.pk,
        "venue": venue.pk,
        "starts_at": local(starts_at),
        "capacity": str(capacity),
        "trainers": [t.pk for t in trainers],
        "subject_matter_experts": [],
        "booking_opens_at": "",
        "booking_closes_at": "",
        "notes": "",
    }
    data.update(extra)
    return data


def in_days(days: int, hour: int = 10) -> datetime.datetime:
    return (timezone.now() + datetime.timedelta(days=days)).replace(
        hour=hour, minute=0, second=0, microsecond=0
    )


def test_training_menu_and_screens_for_programme_admin(login, admin_user):
    client = login(admin_user)
    SessionFactory()
    menu = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Training" in menu
    for name in (
        "training_session:index",
        "training_session:add",
        "training_course:index",
        "training_course:add",
        "training_requirement:add",
        "training_venue:index",
        "training_venue:add",
    ):
        assert (name, client.get(reverse(name)).status_code) == (name, 200)


def test_training_screens_refused_to_awards_coordinator_and_trainer(login, trainer):
    coordinator = UserFactory(roles=[Role.AWARDS_COORDINATOR])
    client = login(coordinator)
    assert "Sessions" not in client.get(reverse("wagtailadmin_home")).content.decode()
    response = client.get(reverse("training_session:index"))
    # Wagtail turns "permission denied" into a redirect to the admin home with a message.
    assert (response.status_code, response["Location"]) == (302, reverse("wagtailadmin_home"))
    response = login(trainer).get(reverse("training_session:index"))
    # The admin's sign-in is the portal's (WAGTAILADMIN_LOGIN_URL).
    assert (response.status_code, response["Location"].split("?")[0]) == (
        302,
        reverse("account_login"),
    )


def test_admin_schedules_a_session_through_the_service(login, admin_user, trainer):
    course, venue = CourseFactory(duration_minutes=120), VenueFactory(capacity=20)
    starts = in_days(30)
    response = login(admin_user).post(
        reverse("training_session:add"),
        session_post(course=course, venue=venue, starts_at=starts, trainers=[trainer]),
    )
    assert response.status_code == 302
    session = Session.objects.get()
    assert (session.starts_at, session.ends_at - session.starts_at) == (
        starts,
        datetime.timedelta(hours=2),
    )
    assert session.created_by == admin_user
    assert list(session.trainers.all()) == [trainer]
    assert AuditEntry.objects.filter(action="training.session.scheduled").count() == 1


def test_admin_refuses_a_clashing_session_with_a_message(login, admin_user, trainer):
    venue = VenueFactory(name="Kirkmoor community hall", capacity=20)
    existing = SessionFactory(venue=venue, starts_at=in_days(30, hour=9))
    response = login(admin_user).post(
        reverse("training_session:add"),
        session_post(
            course=CourseFactory(), venue=venue, starts_at=in_days(30, hour=10), trainers=[trainer]
        ),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["venue"]
    assert errors[0].startswith("Kirkmoor community hall is already booked for")
    assert existing.course.title in errors[0]
    shown = [str(m).strip() for m in get_messages(response.wsgi_request)]
    assert shown == [errors[0]]
    assert Session.objects.count() == 1


def test_admin_refuses_a_trainer_at_two_sessions(login, admin_user, trainer):
    SessionFactory(starts_at=in_days(30, hour=9), trainers=[trainer])
    response = login(admin_user).post(
        reverse("training_session:add"),
        session_post(
            course=CourseFactory(), venue=VenueFactory(), starts_at=in_days(30), trainers=[trainer]
        ),
    )
    assert "trainers" in response.context["form"].errors
    assert Session.objects.count() == 1


def test_admin_edit_goes_through_the_service(login, admin_user, trainer):
    session = SessionFactory(trainers=[trainer], capacity=10)
    moved = session.starts_at + datetime.timedelta(days=1)
    response = login(admin_user).post(
        reverse("training_session:edit", args=[session.pk]),
        session_post(
            course=session.course,
            venue=session.venue,
            starts_at=moved,
            trainers=[trainer],
            capacity=15,
        ),
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.starts_at, session.capacity, session.sequence) == (moved, 15, 1)
    assert AuditEntry.objects.filter(action="training.session.changed").count() == 1


def test_admin_edit_refuses_capacity_above_the_venue(login, admin_user, trainer):
    session = SessionFactory(trainers=[trainer], venue=VenueFactory(capacity=12))
    response = login(admin_user).post(
        reverse("training_session:edit", args=[session.pk]),
        session_post(
            course=session.course,
            venue=session.venue,
            starts_at=session.starts_at,
            trainers=[trainer],
            capacity=13,
        ),
    )
    assert response.status_code == 200
    assert "capacity" in response.context["form"].errors
    session.refresh_from_db()
    assert session.capacity == 10


def test_admin_cancels_a_session_through_the_service(login, admin_user):
    session = SessionFactory()
    booking = Booking.objects.create(
        session=session, person=UserFactory(), status=BookingStatus.CONFIRMED
    )
    response = login(admin_user).post(
        reverse("training_session:cancel", args=[session.pk]), {"reason": "Venue closed"}
    )
    assert response.status_code == 302
    session.refresh_from_db()
    booking.refresh_from_db()
    assert (session.status, session.cancellation_reason) == (
        SessionStatus.CANCELLED,
        "Venue closed",
    )
    assert booking.status == BookingStatus.CANCELLED


def test_admin_cannot_delete_a_session(login, admin_user):
    session = SessionFactory()
    response = login(admin_user).post(reverse("training_session:delete", args=[session.pk]))
    assert (response.status_code, response["Location"]) == (302, reverse("wagtailadmin_home"))
    assert Session.objects.filter(pk=session.pk).exists()


def test_admin_course_audience_is_chosen_with_checkboxes(login, admin_user, trainer):
    response = login(admin_user).post(
        reverse("training_course:add"),
        {
            "kind": "role_input",
            "title": "Sergeants' input on supervising problem solving",
            "summary": "Three hours on supervising problem solving.",
            "duration_minutes": "180",
            "is_active": "on",
            "audience_ranks": [str(Rank.SERGEANT)],
            "audience_functions": [],
            "partner_organisations": [],
            "prerequisites": [],
            "booking_cutoff_hours": "48",
            "duties_notice_days": "28",
            "abstraction_cap_per_team": "",
            "approved_trainers": [trainer.pk],
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    course = Course.objects.get(title="Sergeants' input on supervising problem solving")
    assert (course.audience_ranks, course.audience_functions) == ([Rank.SERGEANT], [])
    assert list(course.approved_trainers.all()) == [trainer]


# --- issue 6: every admin write goes through a service and is audited ---------------------


def _course_post(trainer, **extra) -> dict:
    data = {
        "kind": "role_input",
        "title": "Sergeants' input on supervising problem solving",
        "summary": "Three hours on supervising problem solving.",
        "duration_minutes": "180",
        "is_active": "on",
        "audience_ranks": [str(Rank.SERGEANT)],
        "audience_functions": [],
        "partner_organisations": [],
        "prerequisites": [],
        "booking_cutoff_hours": "48",
        "duties_notice_days": "28",
        "abstraction_cap_per_team": "",
        "approved_trainers": [trainer.pk],
    }
    data.update(extra)
    return data


def test_admin_course_create_and_change_are_audited(login, admin_user, trainer):
    client = login(admin_user)
    client.post(reverse("training_course:add"), _course_post(trainer))
    course = Course.objects.get()

    client.post(
        reverse("training_course:edit", args=[course.pk]),
        _course_post(trainer, abstraction_cap_per_team="2"),
    )

    entries = list(
        AuditEntry.objects.filter(object_id=str(course.pk), object_type="training.course")
        .order_by("pk")
        .values_list("action", "actor")
    )
    assert entries == [
        ("training.course.created", admin_user.pk),
        ("training.course.changed", admin_user.pk),
    ]
    course.refresh_from_db()
    assert course.abstraction_cap_per_team == 2


def test_admin_venue_and_requirement_writes_are_audited(login, admin_user):
    from people.models import District
    from training.models import CourseRequirement, Venue

    client = login(admin_user)
    district = District.objects.create(name="Kirkmoor", organisation=admin_user.organisation)
    client.post(
        reverse("training_venue:add"),
        {
            "name": "Kirkmoor hall",
            "district": district.pk,
            "address": "Moorside Road",
            "capacity": "30",
            "accessibility_notes": "",
        },
    )
    course = CourseFactory()
    client.post(
        reverse("training_requirement:add"),
        {
            "course": course.pk,
            "ranks": [str(Rank.PC)],
            "functions": [],
            "within_months": "6",
            "renewal_months": "",
        },
    )

    venue, requirement = Venue.objects.get(), CourseRequirement.objects.get()
    assert AuditEntry.objects.filter(
        action="training.venue.created", object_id=str(venue.pk)
    ).exists()
    assert AuditEntry.objects.filter(
        action="training.requirement.created", object_id=str(requirement.pk)
    ).exists()

    client.post(reverse("training_requirement:delete", args=[requirement.pk]))

    assert not CourseRequirement.objects.exists()
    assert AuditEntry.objects.filter(action="training.requirement.deleted").count() == 1


def test_admin_refuses_a_venue_smaller_than_its_upcoming_sessions(login, admin_user):
    session = SessionFactory(capacity=25, venue=VenueFactory(capacity=30))
    venue = session.venue

    response = login(admin_user).post(
        reverse("training_venue:edit", args=[venue.pk]),
        {
            "name": venue.name,
            "district": venue.district_id,
            "address": venue.address,
            "capacity": "20",
            "accessibility_notes": "",
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors["capacity"][0].startswith("A session here on ")
    venue.refresh_from_db()
    assert venue.capacity == 30


def test_admin_session_start_years_away_is_a_form_error_not_a_crash(login, admin_user, trainer):
    course, venue = CourseFactory(), VenueFactory()
    response = login(admin_user).post(
        reverse("training_session:add"),
        session_post(
            course=course,
            venue=venue,
            starts_at=in_days(30),
            trainers=[trainer],
        )
        | {"starts_at": "9999-12-31 23:00"},
    )

    assert response.status_code == 200
    assert (
        response.context["form"]
        .errors["starts_at"][0]
        .startswith("Sessions can be scheduled up to 5 years ahead")
    )


def _opened_version(client, url: str) -> str:
    """The hidden version the edit page was opened at."""
    page = client.get(url)
    html = page.content.decode()
    assert 'name="version"' in html
    return str(page.context["form"]["version"].value())


def test_admin_course_edit_over_someone_elses_change_is_refused_keeping_the_input(
    login, admin_user, trainer
):
    from training.services.programme import save_course

    client = login(admin_user)
    client.post(reverse("training_course:add"), _course_post(trainer))
    course = Course.objects.get()
    url = reverse("training_course:edit", args=[course.pk])
    seen = _opened_version(client, url)
    # Meanwhile a colleague changes the course.
    colleague = UserFactory(roles=[Role.PROGRAMME_ADMIN], first_name="Sam", last_name="Lee")
    course.summary = "The colleague's summary"
    save_course(course=course, by=colleague, approved_trainers=[trainer])

    response = client.post(url, _course_post(trainer, title="My new title", version=seen))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Sam Lee" in page
    assert "changed this course at" in page
    assert 'value="My new title"' in page
    course.refresh_from_db()
    assert (course.title, course.summary) == (
        "Sergeants' input on supervising problem solving",
        "The colleague's summary",
    )
    # Saving again from the refreshed page is a deliberate overwrite.
    again = client.post(
        url,
        _course_post(
            trainer, title="My new title", version=response.context["form"]["version"].value()
        ),
    )
    assert again.status_code == 302
    course.refresh_from_db()
    assert course.title == "My new title"


def test_admin_session_edit_over_someone_elses_change_is_refused_keeping_the_input(
    login, admin_user, trainer
):
    from training.services.scheduling import update_session

    session = SessionFactory(trainers=[trainer], capacity=10)
    client = login(admin_user)
    url = reverse("training_session:edit", args=[session.pk])
    seen = _opened_version(client, url)
    colleague = UserFactory(roles=[Role.PROGRAMME_ADMIN], first_name="Sam", last_name="Lee")
    update_session(
        session=session,
        by=colleague,
        venue=session.venue,
        starts_at=session.starts_at,
        capacity=11,
        trainers=[trainer],
    )
    typed = session_post(
        course=session.course,
        venue=session.venue,
        starts_at=session.starts_at,
        trainers=[trainer],
        capacity=9,
        notes="Bring the case files",
        version=seen,
    )

    response = client.post(url, typed)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Sam Lee" in page
    assert "changed this session at" in page
    assert "Bring the case files" in page
    session.refresh_from_db()
    assert session.capacity == 11
    again = client.post(url, {**typed, "version": response.context["form"]["version"].value()})
    assert again.status_code == 302
    session.refresh_from_db()
    assert (session.capacity, session.notes) == (9, "Bring the case files")
