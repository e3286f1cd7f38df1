"""Browser journeys: duties sees and exports a week's abstractions; the coordinator
opens the training matrix and invites the overdue."""

import datetime
import re

from openpyxl import load_workbook
from playwright.sync_api import expect

from people.enums import Rank
from tests.e2e.conftest import check_page, sign_in
from tests.factories import CourseFactory, SessionFactory, TeamFactory, UserFactory, VenueFactory
from training.models import CourseRequirement, Invitation
from training.selectors.duties import this_monday
from training.services.booking import book_seat
from training.times import LONDON


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, 0), tzinfo=LONDON)


def test_duties_sees_and_exports_a_week(page, demo_site, tmp_path):
    # A week far enough ahead that the demo data has nothing in it.
    week = this_monday() + datetime.timedelta(weeks=41)
    team = TeamFactory(name="Esk Valley neighbourhood team")
    course = CourseFactory(title="Esk Valley masterclass")
    wednesday = SessionFactory(course=course, starts_at=_at(week + datetime.timedelta(days=2), 10))
    for first, last in (("Ines", "Quarrie"), ("Omar", "Pendle")):
        book_seat(
            session=wednesday, person=UserFactory(first_name=first, last_name=last, team=team)
        )

    sign_in(page, demo_site.url, "duties")
    page.get_by_role("link", name="Abstractions").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Week starting")
    check_page(page)

    page.get_by_label("Week", exact=True).fill(f"{week + datetime.timedelta(days=4):%Y-%m-%d}")
    page.get_by_role("button", name="Show this week").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Week starting {week:%A} {week.day} {week:%B %Y}"
    )
    grid = page.get_by_test_id("duties-grid")
    row = grid.get_by_role("row").filter(has_text="Esk Valley neighbourhood team")
    expect(row.get_by_role("cell").nth(2)).to_contain_text("Ines Quarrie")
    expect(row.get_by_role("cell").nth(2)).to_contain_text("Omar Pendle")
    expect(page.get_by_test_id("people-away")).to_have_text("2")
    check_page(page)

    page.get_by_role("link", name="List").click()
    expect(page.get_by_role("table")).to_contain_text("Ines Quarrie")
    check_page(page)

    with page.expect_download() as info:
        page.get_by_role("link", name="Download this week (.xlsx)").click()
    download = info.value
    assert download.suggested_filename == f"abstractions-week-{week:%Y-%m-%d}.xlsx"
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    rows = list(load_workbook(path).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("Person", "Rank", "Team")
    assert sorted((r[0], r[2], r[6]) for r in rows[1:]) == [
        ("Ines Quarrie", "Esk Valley neighbourhood team", "Esk Valley masterclass"),
        ("Omar Pendle", "Esk Valley neighbourhood team", "Esk Valley masterclass"),
    ]


def test_coordinator_invites_the_overdue_from_the_matrix(page, demo_site):
    course = CourseFactory(title="Esk Valley input for PCs")
    CourseRequirement.objects.create(course=course, ranks=[Rank.PC], within_months=3)
    team = TeamFactory(name="Esk Valley response")
    # Four months in the role: past this course's three months (the demo's own
    # requirements allow longer, but the assertions below do not rely on that).
    started = datetime.date.today() - datetime.timedelta(days=120)
    late = UserFactory(
        first_name="Tamsin", last_name="Esk", rank=Rank.PC, team=team, role_started_on=started
    )
    session = SessionFactory(
        course=course,
        venue=VenueFactory(name="Esk Valley hall", district=team.district),
        starts_at=_at(this_monday() + datetime.timedelta(weeks=7), 10),
        capacity=5,
    )

    sign_in(page, demo_site.url, "coordinator")
    page.get_by_role("link", name="Training matrix").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Training matrix")
    check_page(page)

    page.get_by_label("Team").select_option(label=str(team))
    page.get_by_role("button", name="Show matrix").click()
    expect(page.get_by_test_id("overdue-count")).to_contain_text("overdue")
    person_row = page.get_by_role("row").filter(has_text="Tamsin Esk")
    expect(person_row).to_contain_text("Overdue")
    check_page(page)

    page.get_by_role("link", name="Invite everyone overdue to the next sessions with seats").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Invite everyone overdue")
    expect(page.get_by_test_id("placements")).to_contain_text("Tamsin Esk")
    expect(page.get_by_test_id("placements")).to_contain_text("Esk Valley hall")
    check_page(page)

    page.get_by_role("button", name=re.compile(r"^Send \d+ invitations?$")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        re.compile(r"^\d+ invitations? sent$")
    )
    invited = page.get_by_test_id("invited").get_by_role("row").filter(has_text="Tamsin Esk")
    expect(invited).to_contain_text("Esk Valley input for PCs")
    check_page(page)
    assert list(Invitation.objects.filter(session=session).values_list("person_id", flat=True)) == [
        late.pk
    ]
