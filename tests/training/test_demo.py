import datetime

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from awards.services.cycles import GUIDANCE_COURSE_TITLE
from people.demo import STAFF_PREFIX
from people.enums import Function, Rank
from people.models import User
from training.demo import MASTERCLASS
from training.enums import BookingStatus, SessionStatus
from training.models import Booking, Course, Feedback, Session, Venue
from training.selectors.feedback import pending_feedback_for, summarise, trainer_bookings

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def _seeded_once(django_db_setup, django_db_blocker):
    """Seed once for the whole module, inside a transaction rolled back at its end.

    Each test still runs in its own savepoint (the ``db`` fixture), so a test that
    writes (seeding again) leaves the next one the same data.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", verbosity=0)
        yield
        transaction.set_rollback(True)


@pytest.fixture
def seeded(_seeded_once, db):
    return None


def _counts() -> dict[str, int]:
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label in {"people", "training", "auth", "core", "cms", "wagtailcore"}
    }


def _bookings(username: str, *statuses, upcoming: bool | None = None):
    qs = Booking.objects.filter(person__username=username, status__in=statuses)
    now = timezone.now()
    if upcoming is True:
        qs = qs.filter(session__starts_at__gt=now)
    if upcoming is False:
        qs = qs.filter(session__ends_at__lt=now)
    return qs


def test_seed_demo_twice_changes_no_row_counts(seeded):
    before = _counts()
    call_command("seed_demo", verbosity=0)
    assert _counts() == before


def test_seed_training_a_day_later_adds_no_second_timetable(seeded):
    from training.demo import seed_training

    before = _counts()
    seed_training(today=timezone.localdate() + datetime.timedelta(days=1))
    assert _counts() == before


# The awards demo adds the POP awards guidance talk: a course and session of its own.
TRAINING_COURSES = ~Q(title=GUIDANCE_COURSE_TITLE)


def test_seed_demo_loads_the_programme(seeded):
    assert Venue.objects.values("district").distinct().count() == 4
    assert all(20 <= v.capacity <= 40 and v.accessibility_notes for v in Venue.objects.all())
    assert Course.objects.filter(TRAINING_COURSES).count() == 7
    assert User.objects.filter(username__startswith=STAFF_PREFIX).count() == 200
    assert not any(
        u.has_usable_password() for u in User.objects.filter(username__startswith=STAFF_PREFIX)
    )
    trainer = User.objects.get(username="trainer")
    assert Course.objects.filter(TRAINING_COURSES).exclude(approved_trainers=trainer).count() == 0
    masterclasses = Session.objects.filter(course__title=MASTERCLASS)
    per_district = masterclasses.values("venue__district__name").annotate(n=Count("pk"))
    assert {row["n"] for row in per_district} == {9}
    assert set(Booking.objects.values_list("status", flat=True)) == {
        BookingStatus.ATTENDED,
        BookingStatus.NO_SHOW,
        BookingStatus.CANCELLED,
        BookingStatus.CONFIRMED,
        BookingStatus.WAITLISTED,
        BookingStatus.PENDING_APPROVAL,
    }
    assert Feedback.objects.count() > 50
    assert len(set(Feedback.objects.values_list("rating_overall", flat=True))) >= 3
    assert Feedback.objects.exclude(comments="").count() > 10


def test_seed_demo_never_overfills_a_session_or_a_venue(seeded):
    seats = Q(bookings__status__in=[BookingStatus.CONFIRMED, BookingStatus.PENDING_APPROVAL])
    for session in Session.objects.select_related("venue").annotate(held=Count("pk", filter=seats)):
        assert session.capacity <= session.venue.capacity
        assert session.held <= session.capacity
    starts = list(Session.objects.values_list("venue_id", "starts_at"))
    assert len(starts) == len(set(starts))


def test_seed_demo_sessions_start_at_london_times(seeded):
    sessions = Session.objects.exclude(course__title=GUIDANCE_COURSE_TITLE)
    times = {timezone.localtime(s.starts_at).strftime("%H:%M") for s in sessions}
    assert times == {"09:00", "09:30", "13:00", "14:00", "18:30"}


def test_officer_has_a_booking_a_waitlist_place_and_feedback_to_give(seeded):
    officer = User.objects.get(username="officer")
    assert _bookings("officer", BookingStatus.CONFIRMED, upcoming=True).count() == 1
    assert _bookings("officer", BookingStatus.WAITLISTED, upcoming=True).count() == 1
    owed = list(pending_feedback_for(officer))
    assert len(owed) == 1
    assert owed[0].feedback_requested_at is not None


def test_partner_has_a_surgery_booked_and_feedback_to_give(seeded):
    partner = User.objects.get(username="partner")
    (surgery,) = _bookings("partner", BookingStatus.CONFIRMED, upcoming=True)
    assert surgery.session.course.title == "Problem-solving surgery: bring a live problem"
    assert [b.session.course.title for b in pending_feedback_for(partner)] == [
        "Problem-solving masterclass"
    ]


def test_sergeant_has_a_booking_to_approve(seeded):
    pending = Booking.objects.filter(
        status=BookingStatus.PENDING_APPROVAL, approver__username="sergeant"
    )
    assert [b.person.username for b in pending] == ["officer"]


def test_pcso_has_a_missed_session_and_a_new_booking(seeded):
    assert _bookings("pcso", BookingStatus.NO_SHOW, upcoming=False).count() == 1
    assert _bookings("pcso", BookingStatus.CONFIRMED, upcoming=True).count() == 1


def test_trainer_has_upcoming_sessions_and_feedback_on_past_ones(seeded):
    trainer = User.objects.get(username="trainer")
    now = timezone.now()
    delivered = Session.objects.filter(trainers=trainer, status=SessionStatus.DELIVERED)
    assert Session.objects.filter(trainers=trainer, starts_at__gt=now).count() > 10
    assert delivered.count() > 10
    assert delivered.filter(register_completed_at__isnull=False).count() == delivered.count()
    assert summarise(trainer_bookings(trainer)).responses > 50


def test_duties_has_abstractions_including_late_ones(seeded):
    upcoming = Booking.objects.filter(
        status__in=[BookingStatus.CONFIRMED, BookingStatus.PENDING_APPROVAL],
        session__starts_at__gt=timezone.now(),
    )
    assert upcoming.count() > 30
    assert upcoming.filter(is_late=True).count() > 5
    assert upcoming.filter(is_late=False).count() > 5


def test_coordinator_has_people_overdue_and_people_complete(seeded):
    six_months_ago = timezone.localdate() - datetime.timedelta(days=183)
    in_scope = User.objects.filter(
        username__startswith=STAFF_PREFIX,
        rank__in=[Rank.PCSO, Rank.PC, Rank.SERGEANT],
        function=Function.NEIGHBOURHOODS,
    )
    attended = Booking.objects.filter(
        status=BookingStatus.ATTENDED, session__course__title=MASTERCLASS
    ).values("person_id")
    overdue = in_scope.filter(role_started_on__lt=six_months_ago).exclude(pk__in=attended)
    assert overdue.count() > 10
    assert in_scope.filter(pk__in=attended).count() > 10
    new_starters = in_scope.filter(role_started_on__gte=six_months_ago)
    assert new_starters.count() > 5


def test_staff_are_managed_by_a_sergeant_in_their_team(seeded):
    staff = User.objects.filter(
        username__startswith=STAFF_PREFIX, team__isnull=False, rank__lt=Rank.SERGEANT
    ).select_related("line_manager")
    assert staff.count() > 100
    for person in staff:
        assert person.line_manager.rank == Rank.SERGEANT
        assert person.line_manager.team_id == person.team_id


def test_the_demo_staff_are_loaded_by_the_people_app(seeded):
    from core import registry

    loaders = {loader.key: loader for loader in registry.demo_loaders()}
    assert loaders["people_staff"].load.__module__ == "people.demo"
    assert loaders["people_staff"].order < loaders["training"].order
    before = User.objects.count()
    assert loaders["people_staff"].load() == {"staff": 200}
    assert User.objects.count() == before


def test_no_demo_person_holds_two_live_bookings_on_one_course(seeded):
    live = [BookingStatus.CONFIRMED, BookingStatus.PENDING_APPROVAL, BookingStatus.WAITLISTED]
    doubled = (
        Booking.objects.filter(status__in=live, session__course__may_repeat=False)
        .values("person", "session__course")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
    )
    assert list(doubled) == []


def test_the_demo_trainer_is_not_overdue_on_the_courses_she_delivers(seeded):
    from training.selectors.matrix import MatrixStatus, requirements_for

    trainer = User.objects.get(username="trainer")
    statuses = {course.title: cell.status for course, cell in requirements_for(trainer)}
    assert statuses
    assert MatrixStatus.OVERDUE not in statuses.values()
