"""Coordinators edit qualifications in the Wagtail admin: units inline, each with its criteria."""

import pytest
from django.urls import reverse

from core.models import AuditEntry
from people.enums import Role
from portfolios.models import Criterion, Qualification
from tests.auth import sign_in_as
from tests.factories import UserFactory, qualification

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_user():
    return UserFactory(roles=[Role.PROGRAMME_ADMIN])


def form_data(q=None, units=()):
    data = {
        "title": "Level 5 Award in Neighbourhood and Community Planning",
        "level": "5",
        "awarding_body": "SFJ Awards",
        "fee": "45.00",
        "months_allowed": "12",
        "classroom_days_required": "3",
        "eligible_ranks": ["40"],
        "classroom_courses": [],
        "is_active": "on",
        "units-TOTAL_FORMS": str(len(units)),
        "units-INITIAL_FORMS": str(sum(1 for u in units if u.get("id"))),
        "units-MIN_NUM_FORMS": "0",
        "units-MAX_NUM_FORMS": "1000",
    }
    for i, unit in enumerate(units):
        data.update(
            {
                f"units-{i}-id": unit.get("id", ""),
                f"units-{i}-code": unit["code"],
                f"units-{i}-title": unit["title"],
                f"units-{i}-criteria": unit["criteria"],
                f"units-{i}-ORDER": str(i + 1),
                f"units-{i}-DELETE": unit.get("delete", ""),
            }
        )
    return data


def test_add_a_qualification_with_units_and_criteria(client, admin_user):
    sign_in_as(client, admin_user)
    assert client.get(reverse("portfolios_qualification:add")).status_code == 200

    response = client.post(
        reverse("portfolios_qualification:add"),
        form_data(
            units=[
                {
                    "code": "Unit 1",
                    "title": "Planning with communities",
                    "criteria": "1.1 Evaluate how needs are assessed.\n1.2 Lead a joint plan.",
                },
                {
                    "code": "Unit 2",
                    "title": "Leading problem solving",
                    "criteria": "2.1 Review plans.",
                },
            ]
        ),
    )

    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    q = Qualification.objects.get(level=5)
    assert [
        (c.unit.code, c.code, c.text) for c in Criterion.objects.filter(unit__qualification=q)
    ] == [
        ("Unit 1", "1.1", "Evaluate how needs are assessed."),
        ("Unit 1", "1.2", "Lead a joint plan."),
        ("Unit 2", "2.1", "Review plans."),
    ]
    assert q.eligible_ranks == [40]
    assert AuditEntry.objects.filter(action="portfolios.qualification.created").count() == 1


def test_a_criteria_line_without_a_number_is_a_form_error(client, admin_user):
    sign_in_as(client, admin_user)

    response = client.post(
        reverse("portfolios_qualification:add"),
        form_data(units=[{"code": "Unit 1", "title": "T", "criteria": "Explain things"}]),
    )

    assert response.status_code == 200
    assert "Line 1 needs a criterion number first" in response.content.decode()
    assert not Qualification.objects.filter(level=5).exists()


def test_editing_keeps_criteria_with_evidence_and_shows_the_refusal(
    client, admin_user, enrolment, add_file
):
    q = enrolment.qualification
    add_file(enrolment, {"1.1"})
    unit1, unit2 = q.units.order_by("sort_order")
    sign_in_as(client, admin_user)
    edit = client.get(reverse("portfolios_qualification:edit", args=[q.pk]))
    assert "1.1 Criterion 1.1 text" in edit.content.decode()
    data = form_data(
        units=[
            {
                "id": str(unit1.pk),
                "code": "Unit 1",
                "title": "Renamed",
                "criteria": "1.2 Only this",
            },
            {"id": str(unit2.pk), "code": "Unit 2", "title": unit2.title, "criteria": "2.1 A"},
        ]
    )
    data.update({"title": q.title, "level": "3", "eligible_ranks": []})

    response = client.post(reverse("portfolios_qualification:edit", args=[q.pk]), data)

    assert response.status_code == 200
    assert "Criterion 1.1 of Unit 1 has evidence mapped to it" in response.content.decode()
    assert set(unit1.criteria.values_list("code", flat=True)) == {"1.1", "1.2"}


def test_staff_cannot_reach_the_qualification_admin(client):
    sign_in_as(client, UserFactory())
    response = client.get(reverse("portfolios_qualification:index"))
    assert response.status_code in (302, 403)
    assert qualification().pk  # the admin did not break the model


def test_sampling_plan_through_the_admin(client, admin_user):
    from portfolios.models import SamplingPlan
    from tests.factories import assessor_user

    assessor = assessor_user()
    sign_in_as(client, admin_user)

    refused = client.post(
        reverse("portfolios_sampling:add"),
        {"assessor": assessor.pk, "new_assessor_decisions": "3", "rate_percent": "150"},
    )
    response = client.post(
        reverse("portfolios_sampling:add"),
        {"assessor": assessor.pk, "new_assessor_decisions": "3", "rate_percent": "10"},
    )

    assert refused.status_code == 200
    assert response.status_code == 302
    plan = SamplingPlan.objects.get()
    assert (plan.assessor, plan.new_assessor_decisions, plan.rate_percent) == (assessor, 3, 10)
    assert AuditEntry.objects.filter(action="portfolios.iqa.plan").count() == 1
