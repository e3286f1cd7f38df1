"""The coordinator's pages: access, assignment, results, finalists, exports, extensions."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from awards.enums import ConflictStatus, EntryStatus, RoundStatus, ScoringStatus
from awards.models import Assignment, Conflict, Entry
from awards.services.cycles import set_round_state
from tests.awards.conftest import make_entry, make_judge, score_all, seat_panel
from tests.factories import UserFactory, VenueFactory

pytestmark = pytest.mark.django_db


def xlsx_rows(response):
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    return [list(r) for r in workbook.active.iter_rows(values_only=True)]


def test_manage_pages_are_for_the_coordinator(login, judging, force):
    client = login(judging["judges"][0])
    cycle, round_ = judging["cycle"], judging["round"]
    for url in (
        reverse("awards:manage"),
        reverse("awards:manage_cycle", args=[cycle.pk]),
        reverse("awards:manage_entries", args=[cycle.pk]),
        reverse("awards:manage_conflicts", args=[cycle.pk]),
        reverse("awards:manage_panel", args=[round_.pk]),
        reverse("awards:manage_assignment", args=[round_.pk]),
        reverse("awards:manage_results", args=[round_.pk]),
        reverse("awards:manage_scores_export", args=[round_.pk]),
    ):
        assert client.get(url).status_code == 403, url


def test_every_manage_page_renders(login, judging, coordinator):
    client = login(coordinator)
    cycle, round_ = judging["cycle"], judging["round"]
    entry = judging["entries"][0]
    final = cycle.rounds.get(number=2)
    for url in (
        reverse("awards:manage"),
        reverse("awards:manage_cycle", args=[cycle.pk]),
        reverse("awards:manage_entries", args=[cycle.pk]),
        reverse("awards:manage_entry", args=[entry.pk]),
        reverse("awards:manage_conflicts", args=[cycle.pk]) + "?show=all",
        reverse("awards:manage_panel", args=[round_.pk]),
        reverse("awards:manage_assignment", args=[round_.pk]),
        reverse("awards:manage_assignment_entry", args=[round_.pk, entry.pk]),
        reverse("awards:manage_results", args=[round_.pk]),
        reverse("awards:manage_placings", args=[final.pk]),
        reverse("awards:manage_guidance", args=[cycle.pk]),
    ):
        assert client.get(url).status_code == 200, url


def test_running_the_assignment_from_the_page(login, closed_cycle, coordinator, force, council):
    for n in range(4):
        make_entry(
            closed_cycle, UserFactory(organisation=force), partners=[force], title=f"Entry {n}"
        )
    round_ = closed_cycle.rounds.get(number=1)
    seat_panel(round_, [make_judge(force), make_judge(force), make_judge(council)], coordinator)
    client = login(coordinator)
    response = client.post(
        reverse("awards:manage_assignment", args=[round_.pk]), {"judges_per_entry": "2"}
    )
    assert response.status_code == 302
    assert Assignment.objects.filter(round=round_).count() == 8
    response = client.post(
        reverse("awards:manage_assignment", args=[round_.pk]), {"judges_per_entry": "lots"}
    )
    assert "Enter a whole number" in response.content.decode()


def test_results_then_finalists_from_the_page(login, judging, coordinator):
    for assignment in Assignment.objects.select_related("round", "judge", "entry"):
        value = {"Entry one": 9, "Entry two": 6, "Entry three": 3}[assignment.entry.title]
        score_all(assignment, value=value)
    client = login(coordinator)
    url = reverse("awards:manage_results", args=[judging["round"].pk])
    page = client.get(url)
    rows = page.context["table"].page_records
    assert [r.entry.title for r in rows] == ["Entry one", "Entry two", "Entry three"]
    assert "Close judging to choose the shortlist and finalists." in page.content.decode()
    set_round_state(round=judging["round"], to=RoundStatus.CLOSED, by=coordinator)
    page = client.get(url).content.decode()
    assert page.count('name="chosen"') == 3
    one, two = judging["entries"][0], judging["entries"][1]
    client.post(url, {"outcome": "finalists", "chosen": [str(one.pk), str(two.pk)]})
    assert set(Entry.objects.filter(status=EntryStatus.FINALIST)) == {one, two}


def test_results_export_writes_numbers_as_numbers(login, judging, coordinator):
    for assignment in Assignment.objects.select_related("round", "judge", "entry"):
        score_all(assignment, value=7)
    response = login(coordinator).get(
        reverse("awards:manage_results", args=[judging["round"].pk]), {"export": "xlsx"}
    )
    rows = xlsx_rows(response)
    header = rows[0]
    assert header[:3] == ["Rank", "Entry", "Category"]
    raw = rows[1][header.index("Raw")]
    assert isinstance(raw, float | int)
    assert raw == 7
    assert isinstance(rows[1][header.index("Rank range from")], int)


def test_scores_export_has_every_score_by_judge_and_criterion(login, judging, coordinator):
    for assignment in Assignment.objects.select_related("round", "judge", "entry"):
        score_all(assignment, value=6, comment="=HYPERLINK(bad)")
    response = login(coordinator).get(
        reverse("awards:manage_scores_export", args=[judging["round"].pk])
    )
    rows = xlsx_rows(response)
    assert rows[0][:3] == ["Entry", "Category", "Judge"]
    assert len(rows) == 1 + 9 * 5  # nine sheets, five criteria
    assert {r[6] for r in rows[1:]} == {6}
    assert {r[7] for r in rows[1:]} == {"'=HYPERLINK(bad)"}  # no formula injection


@pytest.mark.parametrize(
    ("day", "month", "year", "time", "message"),
    [
        ("31", "12", "9999", "17:00", "The year must be 2100 or earlier"),
        ("30", "2", "2027", "17:00", "The date must be a real date"),
        ("1", "1", "2027", "25:00", "Enter the time as hours and minutes"),
    ],
)
def test_extension_form_answers_bad_dates_with_a_message(
    login, cycle, coordinator, force, day, month, year, time, message
):
    entry = make_entry(cycle, UserFactory(organisation=force), partners=[force], submit=False)
    response = login(coordinator).post(
        reverse("awards:manage_extend", args=[entry.pk]),
        {"day": day, "month": month, "year": year, "time": time, "reason": "Leave"},
    )
    assert response.status_code == 200
    assert message in response.content.decode()


def test_extension_form_extends(login, cycle, coordinator, force):
    entry = make_entry(cycle, UserFactory(organisation=force), partners=[force], submit=False)
    new = timezone.localtime(cycle.entries_close_at + datetime.timedelta(days=4))
    response = login(coordinator).post(
        reverse("awards:manage_extend", args=[entry.pk]),
        {
            "day": new.day,
            "month": new.month,
            "year": new.year,
            "time": "17:00",
            "reason": "Bereavement leave",
        },
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.extension_reason == "Bereavement leave"
    assert timezone.localtime(entry.deadline_extended_to).strftime("%H:%M") == "17:00"


def test_schedule_the_guidance_talk_as_a_bookable_training_session(login, cycle, force):
    from people.enums import Role
    from training.models import Session
    from training.services.booking import book_seat

    organiser = UserFactory(
        organisation=force, roles=[Role.AWARDS_COORDINATOR, Role.PROGRAMME_ADMIN]
    )
    venue = VenueFactory(capacity=60)
    when = timezone.localtime(timezone.now() + datetime.timedelta(days=5))
    response = login(organiser).post(
        reverse("awards:manage_guidance", args=[cycle.pk]),
        {
            "venue": venue.pk,
            "day": when.day,
            "month": when.month,
            "year": when.year,
            "time": "18:00",
            "capacity": "40",
        },
    )
    assert response.status_code == 302
    session = Session.objects.get()
    cycle.refresh_from_db()
    assert cycle.guidance_session == session
    assert session.course.title == "POP awards: submission guidance talk"
    booking = book_seat(session=session, person=UserFactory(organisation=force))
    assert booking.status == "confirmed"
    page = login(UserFactory(organisation=force)).get(reverse("awards:index")).content.decode()
    assert "Book a place on the guidance talk" in page


def test_deciding_a_conflict_from_the_page(login, judging, coordinator, force, council):
    make_entry(
        judging["cycle"],
        UserFactory(organisation=force),
        partners=[force, council],
        title="With the council",
    )
    client = login(coordinator)
    client.post(reverse("awards:manage_conflicts", args=[judging["cycle"].pk]))
    conflict = Conflict.objects.get()
    url = reverse("awards:manage_decide_conflict", args=[conflict.pk])
    response = client.post(url, {"decision": "dismissed", "note": ""})
    assert "Say why this is not a conflict" in response.content.decode()
    client.post(url, {"decision": "confirmed"})
    conflict.refresh_from_db()
    assert conflict.status == ConflictStatus.CONFIRMED


def test_hand_changes_and_reopening_scores_from_the_page(login, judging, coordinator):
    entry = judging["entries"][0]
    client = login(coordinator)
    url = reverse("awards:manage_assignment_entry", args=[judging["round"].pk, entry.pk])
    submitted = entry.assignments.select_related("round", "judge", "entry").first()
    score_all(submitted)
    client.post(url, {"assignment": submitted.pk, "action": "reopen"})
    submitted.refresh_from_db()
    assert submitted.status == ScoringStatus.DRAFT
    spare = next(j for j in judging["judges"] if not entry.assignments.filter(judge=j).exists())
    client.post(url, {"add": "1", "judge": spare.pk})
    assert entry.assignments.filter(judge=spare, source="hand").exists()
    client.post(url, {"assignment": entry.assignments.get(judge=spare).pk, "action": "remove"})
    assert not entry.assignments.filter(judge=spare).exists()


def test_an_entrys_assignment_page_does_not_act_on_another_entrys_assignment(
    login, judging, coordinator
):
    """The child (assignment) is checked against the parent (entry) in the address."""
    entry, other = judging["entries"][:2]
    theirs = other.assignments.select_related("round", "judge", "entry").first()
    score_all(theirs)
    client = login(coordinator)
    url = reverse("awards:manage_assignment_entry", args=[judging["round"].pk, entry.pk])

    reopened = client.post(url, {"assignment": theirs.pk, "action": "reopen"})
    removed = client.post(url, {"assignment": theirs.pk, "action": "remove"})

    assert (reopened.status_code, removed.status_code) == (404, 404)
    theirs.refresh_from_db()
    assert theirs.status == ScoringStatus.SUBMITTED


@pytest.mark.parametrize("extra", [0, 20])
def test_results_page_query_count_is_fixed(
    login, judging, coordinator, force, django_assert_num_queries, extra
):
    judges = judging["judges"]
    for n in range(extra):
        entry = make_entry(
            judging["cycle"], UserFactory(organisation=force), partners=[force], title=f"More {n}"
        )
        for judge in judges[:3]:
            score_all(Assignment.objects.create(round=judging["round"], entry=entry, judge=judge))
    client = login(coordinator)
    url = reverse("awards:manage_results", args=[judging["round"].pk])
    # session, user with their roles (permissions and navigation),
    # the round's name and the audit entry (results viewed: every request, kept page or
    # not), round, criteria, entries, sheet counts, scores, rounds (navigation), groups and
    # reports (navigation)
    with django_assert_num_queries(11):
        response = client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize("extra", [0, 20])
def test_manage_entries_query_count_is_fixed(
    login, judging, coordinator, force, django_assert_num_queries, extra
):
    for n in range(extra):
        make_entry(
            judging["cycle"], UserFactory(organisation=force), partners=[force], title=f"More {n}"
        )
    client = login(coordinator)
    url = reverse("awards:manage_entries", args=[judging["cycle"].pk])
    # session, user with their roles (permissions and navigation),
    # cycle, rounds, categories (+ organisations), count,
    # page, rounds (navigation), groups and reports (navigation)
    with django_assert_num_queries(10):
        response = client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize("extra", [1, 10])
def test_conflicts_page_query_count_is_fixed(
    login, judging, coordinator, force, council, django_assert_num_queries, extra
):
    for n in range(extra):
        make_entry(
            judging["cycle"],
            UserFactory(organisation=force),
            partners=[force, council],
            title=f"With the council {n}",
        )
    from awards.services.conflicts import detect_conflicts

    detect_conflicts(cycle=judging["cycle"], by=coordinator)
    client = login(coordinator)
    url = reverse("awards:manage_conflicts", args=[judging["cycle"].pk]) + "?show=all"
    # session, user with their roles (permissions and navigation),
    # cycle, rounds, categories (+ organisations), count,
    # page, rounds (navigation), groups and reports (navigation)
    with django_assert_num_queries(10):
        response = client.get(url)
    assert response.status_code == 200


def test_the_cms_awards_page_shows_the_running_cycle(cycle, rf):
    from cms.awards_cycle import current_cycle

    dates = current_cycle(rf.get("/pop-awards/"))
    assert dates.name == cycle.name
    assert [label for label, _ in dates.dates] == [
        "Entries open",
        "Entries close",
        "Awards ceremony",
    ]
    assert dates.entries_open is True
    assert dates.enter_url == reverse("awards:entry_start", args=[cycle.pk])


def test_opening_and_closing_judging_returns_only_to_the_coordinators_pages(
    login, judging, coordinator
):
    client = login(coordinator)
    url = reverse("awards:manage_round_state", args=[judging["round"].pk])
    response = client.post(url, {"to": "close", "next": "https://evil.example/"})
    assert response["Location"] == reverse("awards:manage_cycle", args=[judging["cycle"].pk])
    back = reverse("awards:manage_results", args=[judging["round"].pk])
    response = client.post(url, {"to": "open", "next": back})
    assert response["Location"] == back
    judging["round"].refresh_from_db()
    assert judging["round"].status == RoundStatus.OPEN


def test_every_look_at_the_results_is_recorded_even_when_the_page_is_kept(
    login, judging, coordinator
):
    from core.models import AuditEntry

    client = login(coordinator)
    url = reverse("awards:manage_results", args=[judging["round"].pk])
    first = client.get(url)
    second = client.get(url)
    third = client.get(url)
    assert first.status_code == second.status_code == third.status_code == 200
    assert third.content == second.content  # kept
    seen = AuditEntry.objects.filter(
        action="awards.results.viewed", object_id=str(judging["round"].pk)
    )
    assert seen.count() == 3
    assert {e.summary for e in seen} == {f"Viewed results of {judging['round']}"}
    assert client.get(reverse("awards:manage_results", args=[999999])).status_code == 404
