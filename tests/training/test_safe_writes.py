"""Training forms: a double submission books or schedules once; a stale session edit is refused."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from core.concurrency import version_of
from core.idempotency import TOKEN_FIELD, new_token
from people.enums import Role
from tests.factories import CourseFactory, SessionFactory, UserFactory, VenueFactory
from tests.training.test_trainer_views import form_data, future_date
from training.models import Booking, Session
from training.services.scheduling import update_session

pytestmark = pytest.mark.django_db


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


def test_the_session_pages_forms_carry_a_token(login, trainer, course):
    page = login(trainer).get(reverse("training:session_create")).content.decode()

    assert f'name="{TOKEN_FIELD}"' in page


def test_a_double_clicked_booking_books_once_and_answers_alike(login):
    session = SessionFactory(starts_at=timezone.now() + datetime.timedelta(days=30))
    client = login(UserFactory())
    data = {TOKEN_FIELD: new_token()}
    url = reverse("training:book", args=[session.pk])

    first = client.post(url, data)
    second = client.post(url, data)

    assert (
        first["Location"]
        == second["Location"]
        == reverse("training:session_detail", args=[session.pk])
    )
    assert Booking.objects.filter(session=session).count() == 1
    messages = [str(m) for m in second.wsgi_request._messages]
    assert messages[-1] == messages[0]
    assert "already" not in messages[-1]


def test_a_double_submitted_session_is_scheduled_once(login, trainer, course, venue):
    client = login(trainer)
    data = {**form_data(course, venue, trainer), TOKEN_FIELD: new_token()}

    first = client.post(reverse("training:session_create"), data)
    second = client.post(reverse("training:session_create"), data)

    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Session.objects.filter(course=course).count() == 1


def test_an_edit_of_a_session_changed_meanwhile_is_refused_and_keeps_the_input(
    login, trainer, course, venue
):
    session = SessionFactory(course=course, venue=venue, trainers=[trainer], capacity=20)
    colleague = UserFactory(
        username="ktaylor", first_name="Kim", last_name="Taylor", roles=[Role.PROGRAMME_ADMIN]
    )
    client = login(trainer)
    opened = client.get(reverse("training:session_edit", args=[session.pk]))
    seen = opened.context["form"].initial["version"]
    # Meanwhile a colleague changes the capacity.
    update_session(
        session=session,
        by=colleague,
        venue=venue,
        starts_at=session.starts_at,
        capacity=25,
        trainers=[trainer],
        notes="",
    )
    data = form_data(course, venue, trainer, date=future_date(60), capacity="12", version=seen)
    data["notes"] = "Bring the case files"
    del data["course"]

    response = client.post(reverse("training:session_edit", args=[session.pk]), data)

    assert response.status_code == 200
    errors = response.context["form"].non_field_errors()
    assert len(errors) == 1
    assert errors[0].startswith("Kim Taylor (ktaylor) changed this session at ")
    page = response.content.decode()
    assert "Bring the case files" in page
    assert 'value="12"' in page
    session.refresh_from_db()
    assert session.capacity == 25
    # Saving again is a deliberate overwrite: the form now carries the new version.
    assert response.context["form"].data["version"] == str(version_of(session))
    again = client.post(
        reverse("training:session_edit", args=[session.pk]),
        {**data, "version": response.context["form"].data["version"]},
    )
    assert again.status_code == 302
    session.refresh_from_db()
    assert session.capacity == 12
