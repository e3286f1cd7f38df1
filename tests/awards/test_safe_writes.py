"""Awards forms: a double submission starts or scores once; stale scores are refused."""

import pytest
from django.urls import reverse

from awards.models import Entry, Score
from core.idempotency import TOKEN_FIELD, new_token
from tests.awards.conftest import category
from tests.awards.test_views_judging import assignments_of, form_data
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_double_submitted_entry_is_started_once(login, cycle, force):
    client = login(UserFactory(organisation=force))
    data = {
        "category": category(cycle).pk,
        "title": "Lights in the lanes",
        TOKEN_FIELD: new_token(),
    }

    first = client.post(reverse("awards:entry_start", args=[cycle.pk]), data)
    second = client.post(reverse("awards:entry_start", args=[cycle.pk]), data)

    entry = Entry.objects.get(title="Lights in the lanes")
    assert first["Location"] == second["Location"] == reverse("awards:entry_edit", args=[entry.pk])


def test_double_submitted_scores_are_saved_once(login, judging):
    judge = judging["judges"][0]
    assignment = assignments_of(judge)[0]
    client = login(judge)
    data = {**form_data(assignment, 8), TOKEN_FIELD: new_token()}

    first = client.post(reverse("awards:score", args=[assignment.pk]), data)
    second = client.post(reverse("awards:score", args=[assignment.pk]), data)

    assert first["Location"] == second["Location"]
    assert set(Score.objects.filter(assignment=assignment).values_list("value", flat=True)) == {8}


def test_scores_changed_in_another_tab_are_not_overwritten_unseen(login, judging):
    judge = judging["judges"][0]
    assignment = assignments_of(judge)[0]
    client = login(judge)
    url = reverse("awards:score", args=[assignment.pk])
    tab_one = client.get(url).context["form"].initial["version"]
    tab_two = client.get(url).context["form"].initial["version"]
    client.post(url, {**form_data(assignment, 5), "version": tab_one})

    response = client.post(url, {**form_data(assignment, 9), "version": tab_two})

    assert response.status_code == 200
    errors = response.context["form"].non_field_errors()
    assert errors[0].startswith(f"{judge.get_full_name()} ({judge.username}) changed these scores")
    assert set(assignment.scores.values_list("value", flat=True)) == {5}
    # What was typed in the second tab is still on screen.
    criterion = assignment.round.criteria.first()
    assert response.context["form"][f"score_{criterion.pk}"].value() == "9"
