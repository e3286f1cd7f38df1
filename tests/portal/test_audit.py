"""The audit trail page: programme team only, filters, pagination, export, fixed queries."""

import datetime
import io

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from core.audit import record
from core.models import AuditEntry
from people.enums import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator():
    return UserFactory(username="coord", roles=[Role.AWARDS_COORDINATOR])


def entries(n: int, *, actor=None, action="training.booking.created", at=None):
    actor = actor or UserFactory()
    made = []
    for _ in range(n):
        if at:
            with time_machine.travel(at, tick=False):
                made.append(record(actor=actor, action=action, obj=actor, summary="Booked"))
        else:
            made.append(record(actor=actor, action=action, obj=actor, summary="Booked"))
    return made


@pytest.mark.parametrize("role", [Role.STAFF, Role.TRAINER, Role.ASSESSOR, Role.JUDGE])
def test_only_the_programme_team_reads_the_trail(login, role):
    entries(2)
    client = login(UserFactory(roles=[role]))

    response = client.get(reverse("portal:audit"))

    assert response.status_code == 403
    # The refusal itself is on the trail.
    assert AuditEntry.objects.filter(action="access.forbidden", outcome="denied").count() == 1


@pytest.mark.parametrize("role", [Role.PROGRAMME_ADMIN, Role.AWARDS_COORDINATOR])
def test_the_programme_team_reads_the_trail(login, role):
    made = entries(3)
    client = login(UserFactory(roles=[role]))

    response = client.get(reverse("portal:audit"))

    assert response.status_code == 200
    assert [r.record.pk for r in response.context["table"].page.object_list] == [
        e.pk for e in reversed(made)
    ]
    assert "Audit trail" in response.content.decode()


def test_filters_by_who_action_type_outcome_and_dates(login, coordinator):
    ada = UserFactory(first_name="Ada", last_name="Byron", username="abyron")
    early = datetime.datetime(2026, 3, 1, 10, tzinfo=datetime.UTC)
    late = datetime.datetime(2026, 3, 20, 10, tzinfo=datetime.UTC)
    wanted = entries(1, actor=ada, action="awards.entry.submitted", at=late)
    entries(1, actor=ada, action="awards.entry.submitted", at=early)
    entries(1, actor=ada, action="training.booking.created", at=late)
    entries(2, action="awards.entry.submitted", at=late)
    client = login(coordinator)

    response = client.get(
        reverse("portal:audit"),
        {
            "who": "byron",
            "action": "awards.entry.submitted",
            "object_type": "people.user",
            "outcome": "success",
            "date_from": "2026-03-10",
            "date_to": "2026-03-20",
        },
    )

    assert [r.record.pk for r in response.context["table"].page.object_list] == [wanted[0].pk]


def test_a_bad_date_range_says_so_and_keeps_what_was_typed(login, coordinator):
    client = login(coordinator)

    response = client.get(
        reverse("portal:audit"),
        {"who": "byron", "date_from": "2026-03-10", "date_to": "2026-03-01"},
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "Date to must be the same as or after date from" in page
    assert 'value="byron"' in page


def test_the_export_has_every_matching_entry_with_both_clocks(login, coordinator):
    ada = UserFactory(first_name="Ada", last_name="Byron", username="abyron")
    at = datetime.datetime(2026, 7, 1, 9, 30, tzinfo=datetime.UTC)
    entries(60, actor=ada, at=at)
    entries(5)
    client = login(coordinator)

    response = client.get(reverse("portal:audit"), {"who": "byron", "export": "xlsx"})

    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.values)
    assert rows[0] == (
        "When (UK time)",
        "When (UTC)",
        "Who",
        "Action",
        "Record",
        "Record number",
        "What happened",
        "Outcome",
        "From (address)",
    )
    assert len(rows) == 61
    assert rows[1][:5] == (
        datetime.datetime(2026, 7, 1, 10, 30),
        datetime.datetime(2026, 7, 1, 9, 30),
        "Ada Byron (abyron)",
        "training.booking.created",
        "User (People and organisations)",
    )
    assert rows[1][7] == "Done"


def test_the_trail_is_paginated(login, coordinator):
    entries(120)
    client = login(coordinator)

    response = client.get(reverse("portal:audit"), {"page": 3})

    assert response.context["table"].paginator.num_pages == 3
    assert len(response.context["table"].page.object_list) == 20


@pytest.mark.parametrize("rows", [3, 80])
def test_the_page_costs_the_same_queries_for_few_and_many_rows(
    login, coordinator, django_assert_num_queries, rows
):
    for n in range(rows):
        entries(1, action=f"tests.action.{n % 7}")
    client = login(coordinator)

    # Session, user with their roles, the permission (user and group permissions), the
    # filter choices (actions, types), the count, the line-manager check (navigation), the
    # page.
    with django_assert_num_queries(9):
        response = client.get(reverse("portal:audit"))

    assert response.status_code == 200
