import datetime
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from people.enums import Function, Rank, Role
from people.models import User
from tests.factories import (
    CourseFactory,
    DistrictFactory,
    SessionFactory,
    TeamFactory,
    UserFactory,
)
from tests.training.helpers_matrix import attended, days_ago, require, today
from training.enums import SessionStatus
from training.models import Session
from training.selectors.matrix import (
    MatrixStatus,
    Rule,
    add_months,
    cell_status,
    load_matrix,
    percent,
    rule_for,
)
from training.services.booking import book_seat, cancel_booking

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 25)


def _rule(within=6, renewal=None):
    return Rule(course=None, within_months=within, renewal_months=renewal)


def _status(rule, *, started=None, attended_on=(), booked_for=(), day=TODAY):
    return cell_status(
        rule=rule,
        role_started_on=started,
        attended_on=attended_on,
        booked_for=booked_for,
        today=day,
    )


def _people():
    return User.objects.filter(is_active=True)


# --- pure rules ----------------------------------------------------------------------


def test_add_months_clamps_to_the_end_of_the_month():
    assert add_months(datetime.date(2026, 1, 31), 1) == datetime.date(2026, 2, 28)
    assert add_months(datetime.date(2027, 12, 31), 2) == datetime.date(2028, 2, 29)
    assert add_months(datetime.date(2026, 11, 25), 14) == datetime.date(2028, 1, 25)


def test_cell_status_complete_when_attended_without_renewal():
    cell = _status(_rule(), started=datetime.date(2020, 1, 1), attended_on=[TODAY.replace(2021)])
    assert cell.status == MatrixStatus.COMPLETE
    assert cell.completed_on == datetime.date(2021, 11, 25)
    assert cell.valid_until is None


def test_cell_status_booked_when_holding_a_future_seat():
    seat = datetime.datetime(2026, 12, 10, 9, 30, tzinfo=datetime.UTC)
    cell = _status(_rule(), started=datetime.date(2020, 1, 1), booked_for=[seat])
    assert cell.status == MatrixStatus.BOOKED
    assert cell.booked_for == seat
    assert cell.deadline == datetime.date(2020, 7, 1)


def test_cell_status_overdue_once_the_deadline_has_passed():
    cell = _status(_rule(within=6), started=datetime.date(2026, 5, 24))
    assert cell.status == MatrixStatus.OVERDUE
    assert cell.deadline == datetime.date(2026, 11, 24)


def test_cell_status_due_until_the_deadline_passes():
    on_the_day = _status(_rule(within=6), started=datetime.date(2026, 5, 25))
    assert (on_the_day.status, on_the_day.deadline) == (MatrixStatus.DUE, TODAY)
    assert _status(_rule(within=6), started=None).status == MatrixStatus.DUE


def test_cell_status_not_required_without_a_rule():
    assert _status(None, started=datetime.date(2020, 1, 1)).status == MatrixStatus.NOT_REQUIRED


def test_cell_status_renewal_is_complete_until_it_expires():
    attended_on = [datetime.date(2025, 12, 1), datetime.date(2024, 1, 1)]
    cell = _status(_rule(renewal=12), started=datetime.date(2020, 1, 1), attended_on=attended_on)
    assert cell.status == MatrixStatus.COMPLETE
    assert cell.valid_until == datetime.date(2026, 12, 1)


def test_cell_status_renewal_expired_is_overdue_from_the_expiry():
    cell = _status(
        _rule(renewal=12),
        started=datetime.date(2020, 1, 1),
        attended_on=[datetime.date(2025, 11, 1)],
    )
    assert cell.status == MatrixStatus.OVERDUE
    assert cell.deadline == datetime.date(2026, 11, 1)


def test_cell_status_renewal_expired_but_rebooked_is_booked():
    seat = datetime.datetime(2026, 12, 10, 9, 30, tzinfo=datetime.UTC)
    cell = _status(
        _rule(renewal=12),
        started=datetime.date(2020, 1, 1),
        attended_on=[datetime.date(2025, 11, 1)],
        booked_for=[seat],
    )
    assert cell.status == MatrixStatus.BOOKED


def test_rule_for_takes_the_strictest_requirement_that_applies():
    course = CourseFactory()
    pc = UserFactory.build(rank=Rank.PC, function=Function.NEIGHBOURHOODS)
    requirements = [
        require(course, ranks=[Rank.PC], within_months=12),
        require(course, functions=[Function.NEIGHBOURHOODS], within_months=3, renewal_months=24),
        require(course, ranks=[Rank.SERGEANT], within_months=1, renewal_months=6),
    ]
    assert rule_for(requirements, pc) == Rule(course=course, within_months=3, renewal_months=24)
    sergeant_response = UserFactory.build(rank=Rank.SERGEANT, function=Function.RESPONSE)
    assert rule_for(requirements[:2], sergeant_response) is None


def test_percent_rounds_half_up():
    assert [percent(2, 3), percent(1, 3), percent(1, 2), percent(1, 8), percent(0, 0)] == [
        67,
        33,
        50,
        13,
        None,
    ]


# --- the matrix from the database -------------------------------------------------------


def test_load_matrix_gives_every_status_and_compliance():
    masterclass = CourseFactory(title="Masterclass")
    input_course = CourseFactory(title="Sergeants' input")
    require(masterclass, ranks=[Rank.PC, Rank.SERGEANT], within_months=6)
    require(input_course, ranks=[Rank.SERGEANT], within_months=3, renewal_months=12)
    team = TeamFactory()
    done = UserFactory(last_name="A-done", rank=Rank.PC, team=team, role_started_on=days_ago(400))
    attended(done, masterclass, on=days_ago(200))
    booked = UserFactory(
        last_name="B-booked", rank=Rank.PC, team=team, role_started_on=days_ago(400)
    )
    book_seat(session=SessionFactory(course=masterclass), person=booked)
    UserFactory(last_name="C-late", rank=Rank.PC, team=team, role_started_on=days_ago(300))
    UserFactory(last_name="D-new", rank=Rank.PC, team=team, role_started_on=days_ago(10))
    sarge = UserFactory(
        last_name="E-sarge", rank=Rank.SERGEANT, team=team, role_started_on=days_ago(800)
    )
    attended(sarge, masterclass, on=days_ago(700))
    attended(sarge, input_course, on=days_ago(400))  # renewal of 12 months has expired
    UserFactory(last_name="F-staff", rank=Rank.POLICE_STAFF, team=team)

    matrix = load_matrix(_people().filter(team=team))

    assert [c.title for c in matrix.courses] == ["Masterclass", "Sergeants' input"]
    assert [
        (row.person.last_name, [cell.status.value for cell in row.cells]) for row in matrix.rows
    ] == [
        ("A-done", ["complete", "not_required"]),
        ("B-booked", ["booked", "not_required"]),
        ("C-late", ["overdue", "not_required"]),
        ("D-new", ["due", "not_required"]),
        ("E-sarge", ["complete", "overdue"]),
    ]
    assert matrix.not_required_count == 1
    masterclass_col, input_col = matrix.compliance
    assert (masterclass_col.required, masterclass_col.complete, masterclass_col.percent) == (
        5,
        2,
        40,
    )
    assert (masterclass_col.booked, masterclass_col.overdue, masterclass_col.due) == (1, 1, 1)
    assert (input_col.required, input_col.complete, input_col.percent) == (1, 0, 0)
    assert (matrix.required, matrix.complete, matrix.percent, matrix.overdue) == (6, 2, 33, 2)
    assert [(p.last_name, c.title) for p, c in matrix.overdue_pairs()] == [
        ("C-late", "Masterclass"),
        ("E-sarge", "Sergeants' input"),
    ]


def test_load_matrix_ignores_waitlisted_cancelled_and_started_sessions():
    course = CourseFactory(may_repeat=True)
    require(course, within_months=1)
    person = UserFactory(role_started_on=days_ago(100))
    full = SessionFactory(course=course, capacity=1)
    book_seat(session=full, person=UserFactory(role_started_on=days_ago(1)))
    book_seat(session=full, person=person)  # waitlisted
    dropped = book_seat(session=SessionFactory(course=course), person=person)
    cancel_booking(booking=dropped, by=person)
    called_off = SessionFactory(course=course)
    book_seat(session=called_off, person=person)
    Session.objects.filter(pk=called_off.pk).update(status=SessionStatus.CANCELLED)

    matrix = load_matrix(_people().filter(pk=person.pk))

    assert matrix.rows[0].cells[0].status == MatrixStatus.OVERDUE


def test_load_matrix_columns_are_only_courses_required_in_scope():
    for_pcs, for_specials = CourseFactory(title="For PCs"), CourseFactory(title="For specials")
    require(for_pcs, ranks=[Rank.PC])
    require(for_specials, ranks=[Rank.SPECIAL_CONSTABLE])
    inactive = CourseFactory(title="Retired", is_active=False)
    require(inactive)
    pc = UserFactory(rank=Rank.PC)
    assert [c.title for c in load_matrix(_people().filter(pk=pc.pk)).courses] == ["For PCs"]


# --- the page ---------------------------------------------------------------------------


@pytest.fixture
def coordinator():
    return UserFactory(username="coord", rank=Rank.POLICE_STAFF, roles=[Role.PROGRAMME_ADMIN])


def test_matrix_page_is_refused_to_an_officer(login):
    response = login(UserFactory(username="officer")).get("/training/matrix/")
    assert response.status_code == 403


def test_matrix_page_is_refused_to_duties(login):
    response = login(UserFactory(roles=[Role.DUTIES])).get("/training/matrix/")
    assert response.status_code == 403


def test_matrix_page_filters_by_team_and_district(login, coordinator):
    course = CourseFactory(title="Masterclass")
    require(course)
    north = DistrictFactory(name="North")
    north_team = TeamFactory(name="North central", district=north)
    in_team = UserFactory(last_name="Inteam", team=north_team, role_started_on=days_ago(400))
    elsewhere = UserFactory(last_name="Elsewhere", team=TeamFactory(), role_started_on=days_ago(1))
    no_team = UserFactory(last_name="Noteam", team=None, district=north)
    client = login(coordinator)

    by_team = client.get(f"/training/matrix/?team={north_team.pk}").context["matrix"]
    by_district = client.get(f"/training/matrix/?district={north.pk}").context["matrix"]
    by_name = client.get("/training/matrix/?name=elsew").context["matrix"]

    assert [r.person for r in by_team.rows] == [in_team]
    assert [r.person for r in by_district.rows] == [in_team, no_team]
    assert [r.person for r in by_name.rows] == [elsewhere]


def test_matrix_page_shows_statuses_and_compliance(login, coordinator):
    course = CourseFactory(title="Masterclass")
    require(course)
    require(CourseFactory(title="Sergeants only"), ranks=[Rank.SERGEANT])
    team = TeamFactory()
    UserFactory(first_name="Olu", last_name="Late", team=team, role_started_on=days_ago(400))
    UserFactory(rank=Rank.SERGEANT, team=team, role_started_on=days_ago(1))
    done = UserFactory(first_name="Dee", last_name="Done", team=team, role_started_on=days_ago(400))
    attended(done, course, on=days_ago(30))

    response = login(coordinator).get(f"/training/matrix/?team={team.pk}")

    content = response.content.decode()
    assert response.status_code == 200
    assert 'govuk-tag govuk-tag--red">Overdue' in content
    assert 'govuk-tag govuk-tag--green">Complete' in content
    assert 'govuk-tag govuk-tag--yellow">Due' in content
    assert ">Not required</span>" in content
    assert response.context["matrix"].percent == 25
    assert "<strong>25%</strong>" in content
    assert "Invite everyone overdue to the next sessions with seats" in content


def test_matrix_page_shows_a_line_manager_only_their_reports(login):
    course = CourseFactory()
    require(course)
    manager = UserFactory(rank=Rank.SERGEANT, role_started_on=days_ago(1))
    report = UserFactory(line_manager=manager, role_started_on=days_ago(1))
    UserFactory(role_started_on=days_ago(1))

    response = login(manager).get("/training/matrix/")

    assert response.status_code == 200
    assert [r.person for r in response.context["matrix"].rows] == [report]
    assert response.context["everyone"] is False
    assert "Invite everyone overdue" not in response.content.decode()
    assert login(manager).get("/training/matrix/invite/").status_code == 403


def _populate(people: int) -> None:
    courses = [CourseFactory() for _ in range(3)]
    for i, course in enumerate(courses):
        require(course, ranks=[Rank.PC], within_months=3 + i, renewal_months=12 if i == 2 else None)
    teams = [TeamFactory() for _ in range(3)]
    for i in range(people):
        person = UserFactory(team=teams[i % 3], role_started_on=days_ago(30 * i))
        if i % 2:
            attended(person, courses[i % 3], on=days_ago(10 + i))
        if i % 3 == 0:
            book_seat(session=SessionFactory(course=courses[1]), person=person)


@pytest.mark.parametrize("people", [2, 60])
def test_matrix_page_query_count_is_fixed(login, coordinator, django_assert_num_queries, people):
    _populate(people)
    client = login(coordinator)
    with django_assert_num_queries(8):
        response = client.get("/training/matrix/")
    assert len(response.context["matrix"].rows) == people
    assert len(response.context["table"].page.object_list) == min(people, 50)


@pytest.mark.parametrize("people", [2, 60])
def test_matrix_export_query_count_is_fixed(login, coordinator, django_assert_num_queries, people):
    _populate(people)
    client = login(coordinator)
    with django_assert_num_queries(6):
        response = client.get("/training/matrix/export/")
    content = b"".join(response.streaming_content)
    assert load_workbook(io.BytesIO(content)).active.max_row == people + 1


def test_matrix_export_has_a_row_per_person_and_a_column_per_course(login, coordinator):
    course = CourseFactory(title="Masterclass")
    require(course, within_months=6)
    team = TeamFactory(name="Central")
    started = days_ago(400)
    UserFactory(first_name="Amy", last_name="Khan", team=team, role_started_on=started)
    done = UserFactory(first_name="Ben", last_name="Carter", team=team, role_started_on=started)
    attended(done, course, on=days_ago(3))

    response = login(coordinator).get(f"/training/matrix/export/?team={team.pk}")

    assert response["Content-Disposition"] == 'attachment; filename="training-matrix.xlsx"'
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = [tuple(r) for r in sheet.iter_rows(values_only=True)]
    deadline = add_months(started, 6)
    district = team.district.name
    assert rows == [
        (
            "Person",
            "Rank",
            "Team",
            "District",
            "Overdue",
            "Required",
            "Complete",
            "Completed",
            "Masterclass",
        ),
        ("Ben Carter", "PC", "Central", district, 0, 1, 1, 1, _complete(days_ago(3))),
        ("Amy Khan", "PC", "Central", district, 1, 1, 0, 0, _since(deadline)),
    ]
    # The share completed is a number shown as a percentage, as on the page.
    assert sheet["H2"].number_format == "0%"


def _complete(day):
    return f"Complete: on {day.day} {day:%b %Y}"


def _since(day):
    return f"Overdue: was due by {day.day} {day:%b %Y}"


def test_today_helper_is_london():
    assert today() == timezone.localtime(timezone.now()).date()


# --- issue 6: trainers and the courses they deliver ------------------------------------


def test_a_courses_approved_trainer_is_not_required_to_attend_it():
    course = CourseFactory(title="Masterclass")
    require(course, ranks=[Rank.SERGEANT], within_months=6)
    trainer = UserFactory(rank=Rank.SERGEANT, role_started_on=days_ago(400), roles=[Role.TRAINER])
    course.approved_trainers.add(trainer)
    learner = UserFactory(rank=Rank.SERGEANT, role_started_on=days_ago(400))

    matrix = load_matrix(_people().filter(pk__in=[trainer.pk, learner.pk]))

    cells = {row.person: row.cells[0] for row in matrix.rows}
    assert cells[learner].status == MatrixStatus.OVERDUE
    assert (cells[trainer].status, cells[trainer].text) == (MatrixStatus.DELIVERS, "Delivers it")
    # Not counted as required: compliance is about the people who must attend.
    assert (matrix.required, matrix.overdue) == (1, 1)
    assert [(p, c.title) for p, c in matrix.overdue_pairs()] == [(learner, "Masterclass")]


def test_my_training_tells_a_trainer_they_deliver_the_course(login):
    course = CourseFactory(title="Masterclass")
    require(course, ranks=[Rank.SERGEANT], within_months=6)
    trainer = UserFactory(rank=Rank.SERGEANT, role_started_on=days_ago(400), roles=[Role.TRAINER])
    course.approved_trainers.add(trainer)

    response = login(trainer).get("/training/my/")

    [(shown, cell)] = response.context["required"]
    assert (shown, cell.status, cell.text) == (course, MatrixStatus.DELIVERS, "Delivers it")
    assert "Overdue" not in response.content.decode()
