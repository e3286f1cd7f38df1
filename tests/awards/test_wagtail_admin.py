"""The Wagtail admin's awards menu writes through the awards services."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from awards.models import Category, Criterion, Cycle, Round
from core.models import AuditEntry
from people.enums import Role
from tests.awards.conftest import first_round, open_round
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def day(offset: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=offset)


def test_awards_menu_for_the_coordinator_only(login, coordinator):
    client = login(coordinator)
    assert "POP awards" in client.get(reverse("wagtailadmin_home")).content.decode()
    for name in (
        "awards_cycle:index",
        "awards_cycle:add",
        "awards_category:index",
        "awards_round:index",
        "awards_criterion:index",
        "awards_criterion:add",
    ):
        assert (name, client.get(reverse(name)).status_code) == (name, 200)
    editor = login(UserFactory(roles=[Role.CMS_EDITOR]))
    assert editor.get(reverse("awards_cycle:index")).status_code == 302


def test_creating_a_cycle_in_the_admin_makes_its_rounds_rubrics_and_categories(login, coordinator):
    response = login(coordinator).post(
        reverse("awards_cycle:add"),
        {
            "name": "POP Awards 2030",
            "entries_open_at": f"{day(10)} 09:00",
            "entries_close_at": f"{day(70)} 17:00",
            "ceremony_on": f"{day(120)}",
            "word_limit": "4000",
            "finalists_target": "6",
            "round1_opens_on": f"{day(72)}",
            "round1_closes_on": f"{day(90)}",
            "round2_opens_on": f"{day(95)}",
            "round2_closes_on": f"{day(110)}",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    cycle = Cycle.objects.get(name="POP Awards 2030")
    assert list(cycle.rounds.values_list("number", "judges_per_entry")) == [(1, 3), (2, 0)]
    first = cycle.rounds.get(number=1)
    assert [c.title for c in first.criteria.all()] == [
        "Quality of scanning and problem definition",
        "Depth of analysis (problem analysis triangle)",
        "Response and partnership",
        "Assessment of impact, with evidence",
        "Innovation and transferability",
    ]
    assert first.criteria.get(is_tie_break=True).title == "Assessment of impact, with evidence"
    assert set(cycle.categories.values_list("name", flat=True)) == {
        "Safer Communities",
        "Safer Travel",
    }
    assert AuditEntry.objects.filter(action="awards.cycle.created").count() == 1


def test_the_admin_refuses_dates_in_the_wrong_order(login, coordinator):
    response = login(coordinator).post(
        reverse("awards_cycle:add"),
        {
            "name": "POP Awards 2031",
            "entries_open_at": f"{day(10)} 09:00",
            "entries_close_at": f"{day(70)} 17:00",
            "ceremony_on": f"{day(80)}",
            "word_limit": "4000",
            "finalists_target": "6",
            "round1_opens_on": f"{day(60)}",
            "round1_closes_on": f"{day(90)}",
            "round2_opens_on": f"{day(95)}",
            "round2_closes_on": f"{day(110)}",
        },
    )
    assert response.status_code == 200
    assert "Round 1 judging must open after entries close." in response.content.decode()
    assert not Cycle.objects.filter(name="POP Awards 2031").exists()


def test_the_rubric_is_fixed_once_judging_opens(login, judging, coordinator):
    criterion = first_round(judging["cycle"]).criteria.first()
    response = login(coordinator).post(
        reverse("awards_criterion:edit", args=[criterion.pk]),
        {
            "round": criterion.round_id,
            "title": "Changed",
            "guidance": "",
            "weight": "50",
            "order": "1",
        },
    )
    assert response.status_code == 200
    assert "Judging has opened, so the rubric can no longer change." in response.content.decode()
    assert Criterion.objects.get(pk=criterion.pk).title != "Changed"


def test_editing_a_criterion_before_judging_goes_through_the_service(
    login, closed_cycle, coordinator
):
    criterion = first_round(closed_cycle).criteria.first()
    client = login(coordinator)
    response = client.post(
        reverse("awards_criterion:edit", args=[criterion.pk]),
        {
            "round": criterion.round_id,
            "title": "Scanning",
            "guidance": "g",
            "weight": "30",
            "order": "1",
            "is_tie_break": "on",
        },
    )
    assert response.status_code == 302
    criterion.refresh_from_db()
    assert (criterion.title, criterion.weight, criterion.is_tie_break) == ("Scanning", 30, True)
    # Only one tie-break criterion per round.
    assert Criterion.objects.filter(round=criterion.round, is_tie_break=True).count() == 1
    assert AuditEntry.objects.filter(action="awards.criterion.saved").exists()


def test_round_settings_in_the_admin(login, closed_cycle, coordinator):
    round_ = first_round(closed_cycle)
    client = login(coordinator)
    data = {
        "name": round_.name,
        "opens_on": str(round_.opens_on),
        "closes_on": str(round_.closes_on),
        "judges_per_entry": "4",
        "score_visibility": "never",
        "anonymised": "on",
    }
    assert client.post(reverse("awards_round:edit", args=[round_.pk]), data).status_code == 302
    round_.refresh_from_db()
    assert (round_.judges_per_entry, round_.score_visibility, round_.anonymised) == (
        4,
        "never",
        True,
    )
    assert client.get(reverse("awards_round:add")).status_code == 302  # rounds come with cycles
    assert Round.objects.count() == 2
    assert Category.objects.count() == 2
    assert open_round  # used by the judging fixture
