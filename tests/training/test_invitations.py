import datetime

import pytest
from django.core import mail
from django.utils import timezone

from core.models import AuditEntry
from people.enums import Rank, Role
from people.models import User
from tests.factories import (
    CourseFactory,
    DistrictFactory,
    SessionFactory,
    TeamFactory,
    UserFactory,
    VenueFactory,
)
from tests.training.helpers_matrix import days_ago, require
from training.models import Invitation
from training.services.booking import book_seat
from training.services.invitations import invite_overdue, plan_invitations

pytestmark = pytest.mark.django_db


def in_days(n: int, hour: int = 9) -> datetime.datetime:
    return (timezone.now() + datetime.timedelta(days=n)).replace(
        hour=hour, minute=30, second=0, microsecond=0
    )


@pytest.fixture
def coordinator():
    return UserFactory(username="coord", rank=Rank.POLICE_STAFF, roles=[Role.PROGRAMME_ADMIN])


@pytest.fixture
def course():
    course = CourseFactory(title="Masterclass")
    require(course, ranks=[Rank.PC], within_months=6)
    return course


def overdue(**kwargs):
    return UserFactory(rank=Rank.PC, role_started_on=days_ago(400), **kwargs)


def scope(*people):
    return User.objects.filter(pk__in=[p.pk for p in people])


def test_invite_overdue_picks_the_earliest_session_with_seats(coordinator, course):
    person = overdue()
    later = SessionFactory(course=course, starts_at=in_days(40))
    earliest = SessionFactory(course=course, starts_at=in_days(20))
    SessionFactory(course=CourseFactory(), starts_at=in_days(10))  # another course

    [invitation] = invite_overdue(by=coordinator, people_queryset_or_scope=scope(person))

    assert (invitation.person, invitation.session, invitation.invited_by) == (
        person,
        earliest,
        coordinator,
    )
    assert later.invitations.count() == 0


def test_invite_overdue_prefers_a_session_in_the_persons_district(coordinator, course):
    home = DistrictFactory(name="Home")
    person = overdue(team=TeamFactory(district=home))
    SessionFactory(course=course, starts_at=in_days(10))
    at_home = SessionFactory(
        course=course, starts_at=in_days(50), venue=VenueFactory(district=home)
    )

    [invitation] = invite_overdue(by=coordinator, people_queryset_or_scope=scope(person))

    assert invitation.session == at_home


def test_invite_overdue_never_invites_more_than_the_free_seats(coordinator, course):
    session = SessionFactory(course=course, capacity=3, starts_at=in_days(20))
    book_seat(session=session, person=UserFactory(rank=Rank.PC))
    already_invited = UserFactory(rank=Rank.PC)
    Invitation.objects.create(session=session, person=already_invited, invited_by=coordinator)
    people = [overdue(last_name=f"Person {i}") for i in range(3)]

    result = invite_overdue(by=coordinator, people_queryset_or_scope=scope(*people))

    # 3 seats: one booked, one promised to an earlier invitation, one left.
    assert [i.person for i in result] == [people[0]]
    assert [(n.person, n.reason) for n in result.not_placed] == [
        (people[1], "every scheduled session of Masterclass is full"),
        (people[2], "every scheduled session of Masterclass is full"),
    ]
    assert session.invitations.count() == 2


def test_invite_overdue_moves_on_to_the_next_session_when_one_is_full(coordinator, course):
    first = SessionFactory(course=course, capacity=1, starts_at=in_days(20))
    second = SessionFactory(course=course, capacity=5, starts_at=in_days(30))
    a, b = overdue(last_name="A"), overdue(last_name="B")

    result = invite_overdue(by=coordinator, people_queryset_or_scope=scope(a, b))

    assert [(i.person, i.session) for i in result] == [(a, first), (b, second)]


def test_invite_overdue_skips_people_already_invited(coordinator, course):
    person = overdue()
    SessionFactory(course=course, starts_at=in_days(20))
    assert len(invite_overdue(by=coordinator, people_queryset_or_scope=scope(person))) == 1

    again = invite_overdue(by=coordinator, people_queryset_or_scope=scope(person))

    assert list(again) == []
    [skipped] = again.not_placed
    assert skipped.reason.startswith("already invited to the session on ")
    assert Invitation.objects.count() == 1


def test_invite_overdue_skips_ineligible_people_and_sessions(coordinator, course):
    needs_first = CourseFactory(title="Advanced")
    needs_first.prerequisites.add(course)
    require(needs_first, ranks=[Rank.PC])
    person = overdue()
    closed = SessionFactory(course=course, starts_at=in_days(1))  # booking closes 48h before
    open_session = SessionFactory(course=course, starts_at=in_days(20))
    SessionFactory(course=needs_first, starts_at=in_days(25))

    result = invite_overdue(by=coordinator, people_queryset_or_scope=scope(person))

    assert [(i.session, i.person) for i in result] == [(open_session, person)]
    assert [(n.course, n.reason) for n in result.not_placed] == [
        (needs_first, "they have not attended a prerequisite course")
    ]
    assert closed.invitations.count() == 0


def test_invite_overdue_explains_when_there_is_no_session(coordinator, course):
    person = overdue()
    result = invite_overdue(by=coordinator, people_queryset_or_scope=scope(person))
    assert list(result) == []
    assert [n.reason for n in result.not_placed] == ["no sessions of Masterclass are scheduled"]


def test_invite_overdue_leaves_out_people_not_overdue(coordinator, course):
    SessionFactory(course=course, starts_at=in_days(20))
    due = UserFactory(rank=Rank.PC, role_started_on=days_ago(10))
    booked = overdue()
    book_seat(session=SessionFactory(course=course, starts_at=in_days(30)), person=booked)
    sergeant = UserFactory(rank=Rank.SERGEANT, role_started_on=days_ago(400))

    result = invite_overdue(by=coordinator, people_queryset_or_scope=scope(due, booked, sergeant))

    assert (list(result), result.not_placed) == ([], [])


def test_invite_overdue_audits_and_emails_after_commit(
    coordinator, course, settings, django_capture_on_commit_callbacks
):
    settings.BASE_URL = "https://pop.example.police.uk"
    person = overdue(first_name="Amy")
    session = SessionFactory(
        course=course, starts_at=in_days(20), venue=VenueFactory(name="Kirkmoor hall")
    )

    with django_capture_on_commit_callbacks(execute=True):
        [invitation] = invite_overdue(by=coordinator, people_queryset_or_scope=scope(person))

    entry = AuditEntry.objects.get(action="training.invitation.created")
    assert (entry.actor, entry.object_id) == (coordinator, str(invitation.pk))
    [message] = mail.outbox
    assert message.to == [person.email]
    assert message.subject.startswith("Please book: Masterclass, ")
    link = f"https://pop.example.police.uk/training/sessions/{session.pk}/"
    assert link in message.body
    assert "Kirkmoor hall" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert f'href="{link}"' in html


def test_plan_invitations_writes_nothing(coordinator, course):
    person = overdue()
    session = SessionFactory(course=course, starts_at=in_days(20))
    plan = plan_invitations(people_queryset_or_scope=scope(person))
    assert [(p.person, p.session) for p in plan.placements] == [(person, session)]
    assert Invitation.objects.count() == 0


# --- the pages ---------------------------------------------------------------------


def test_invite_pages_confirm_then_invite_then_report(login, coordinator, course):
    team = TeamFactory(name="Central")
    # People are placed in name order: Carter gets the one seat, Khan does not.
    placed = overdue(first_name="Ben", last_name="Carter", team=team)
    overdue(first_name="Amy", last_name="Khan", team=team)
    session = SessionFactory(course=course, capacity=1, starts_at=in_days(20))
    client = login(coordinator)

    confirm = client.get(f"/training/matrix/invite/?team={team.pk}")
    content = confirm.content.decode()
    assert confirm.status_code == 200
    assert [(p.person, p.session) for p in confirm.context["plan"].placements] == [
        (placed, session)
    ]
    assert "Send 1 invitation" in content
    assert f'name="team" value="{team.pk}"' in content
    assert Invitation.objects.count() == 0

    response = client.post("/training/matrix/invite/", {"team": team.pk}, follow=True)

    assert response.redirect_chain == [("/training/matrix/invite/done/", 302)]
    assert [(i.person, i.session) for i in Invitation.objects.all()] == [(placed, session)]
    content = response.content.decode()
    assert "1 invitation sent" in content
    assert "Amy Khan" in content
    assert "Every scheduled session of Masterclass is full" in content


def test_invite_page_is_refused_to_an_officer(login):
    client = login(UserFactory())
    assert client.get("/training/matrix/invite/").status_code == 403
    assert client.post("/training/matrix/invite/").status_code == 403


# --- issue 6: the booking rules, at a fixed cost ------------------------------------------


def test_invite_overdue_keeps_to_the_team_cap(coordinator):
    course = CourseFactory(title="Masterclass", abstraction_cap_per_team=2)
    require(course, ranks=[Rank.PC], within_months=6)
    team = TeamFactory(name="Harrowgate Central")
    people = [overdue(last_name=f"Officer {i}", team=team) for i in range(3)]
    session = SessionFactory(course=course, capacity=20, starts_at=in_days(20))

    result = invite_overdue(by=coordinator, people_queryset_or_scope=scope(*people))

    assert [(i.person, i.session) for i in result] == [(people[0], session), (people[1], session)]
    assert [(n.person, n.reason) for n in result.not_placed] == [
        (people[2], "their team already has the most people allowed away that day")
    ]


def test_invite_overdue_counts_invitations_already_out_against_the_team_cap(coordinator):
    course = CourseFactory(title="Masterclass", abstraction_cap_per_team=1)
    require(course, ranks=[Rank.PC], within_months=6)
    team = TeamFactory()
    session = SessionFactory(course=course, starts_at=in_days(20))
    first, second = overdue(last_name="A", team=team), overdue(last_name="B", team=team)
    invite_overdue(by=coordinator, people_queryset_or_scope=scope(first))

    result = invite_overdue(by=coordinator, people_queryset_or_scope=scope(second))

    assert list(result) == []
    assert session.invitations.count() == 1


def test_nobody_is_invited_to_a_session_they_staff(coordinator, course):
    expert = overdue(last_name="Expert")
    staffed = SessionFactory(course=course, starts_at=in_days(20))
    staffed.subject_matter_experts.add(expert)
    other = SessionFactory(course=course, starts_at=in_days(40))

    [invitation] = invite_overdue(by=coordinator, people_queryset_or_scope=scope(expert))

    assert invitation.session == other


def test_a_courses_trainer_is_not_overdue_for_it_and_not_invited(coordinator, course):
    trainer = overdue(last_name="Trainer", roles=[Role.TRAINER])
    course.approved_trainers.add(trainer)
    SessionFactory(course=course, starts_at=in_days(20), trainers=[trainer])
    SessionFactory(course=course, starts_at=in_days(40))

    result = invite_overdue(by=coordinator, people_queryset_or_scope=scope(trainer))

    assert (list(result), result.not_placed) == ([], [])


def test_invite_overdue_skips_someone_waiting_for_another_session_of_the_course(
    coordinator, course
):
    person = overdue()
    full = SessionFactory(course=course, capacity=1, starts_at=in_days(20))
    book_seat(session=full, person=UserFactory(rank=Rank.PC))
    book_seat(session=full, person=person)  # waitlisted
    SessionFactory(course=course, starts_at=in_days(30))

    result = invite_overdue(by=coordinator, people_queryset_or_scope=scope(person))

    assert list(result) == []
    [not_placed] = result.not_placed
    assert not_placed.reason.startswith("they already have a place on another session")


@pytest.mark.parametrize("people_count", [3, 24])
def test_plan_invitations_costs_the_same_queries_for_few_or_many(
    coordinator, django_assert_num_queries, people_count
):
    courses = [CourseFactory(title=f"Course {i}", abstraction_cap_per_team=2) for i in range(2)]
    for course in courses:
        require(course, ranks=[Rank.PC], within_months=6)
        for days in (20, 30, 40):
            SessionFactory(course=course, starts_at=in_days(days), capacity=5)
    teams = [TeamFactory() for _ in range(3)]
    people = [overdue(team=teams[i % 3]) for i in range(people_count)]
    queryset = scope(*people)

    # The matrix (4), the sessions, their seats taken, the bookings on them, the
    # invitations out, and the booking rules' facts (5: the courses' three, the people's
    # bookings and staffing in one, their teams' days away).
    with django_assert_num_queries(13):
        plan = plan_invitations(people_queryset_or_scope=queryset)

    assert plan.placements  # it did place people
