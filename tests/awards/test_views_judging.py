"""Judges' pages from the user's side: who sees what, scoring, conflicts, peeking."""

import pytest
from django.urls import reverse

from awards.enums import ConflictStatus, ScoreVisibility, ScoringStatus
from awards.models import Assignment, Conflict
from awards.services.conflicts import detect_conflicts
from tests.awards.conftest import make_entry, make_judge, score_all
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def assignments_of(judge):
    return list(
        Assignment.objects.filter(judge=judge)
        .select_related("round", "judge", "entry")
        .order_by("pk")
    )


def form_data(assignment, value=7, *, submit=False, only=None):
    data = {"submit" if submit else "save": "1"}
    for index, criterion in enumerate(assignment.round.criteria.all()):
        if only is not None and index >= only:
            continue
        data[f"score_{criterion.pk}"] = str(value)
        data[f"comment_{criterion.pk}"] = f"Comment {index}"
    return data


def test_judging_page_is_for_judges(login, force):
    response = login(UserFactory(organisation=force)).get(reverse("awards:judging"))
    assert response.status_code == 403


def test_the_queue_lists_the_judges_own_entries(login, judging):
    judge = judging["judges"][0]
    mine = assignments_of(judge)
    response = login(judge).get(reverse("awards:judging"))
    assert response.status_code == 200
    listed = [a.pk for a in response.context["table"].page_records]
    assert sorted(listed) == sorted(a.pk for a in mine)


def test_a_judge_gets_404_for_an_entry_not_given_to_them(login, judging):
    # Nine places over four judges: the least loaded judge lacks at least one entry.
    judge = min(judging["judges"], key=lambda j: Assignment.objects.filter(judge=j).count())
    mine = {a.entry_id for a in assignments_of(judge)}
    other = Assignment.objects.exclude(entry_id__in=mine).first()
    client = login(judge)
    for name in ("awards:score", "awards:declare_conflict"):
        assert client.get(reverse(name, args=[other.pk])).status_code == 404
    response = client.post(reverse("awards:score", args=[other.pk]), form_data(other))
    assert response.status_code == 404
    assert not other.scores.exists()


def test_a_judge_cannot_edit_another_judges_scores(login, judging):
    first, second = judging["judges"][:2]
    theirs = assignments_of(second)[0]
    score_all(theirs, value=4, submit=False)
    response = login(first).post(
        reverse("awards:score", args=[theirs.pk]), form_data(theirs, 10, submit=True)
    )
    assert response.status_code == 404
    assert set(theirs.scores.values_list("value", flat=True)) == {4}
    theirs.refresh_from_db()
    assert theirs.status == ScoringStatus.DRAFT


def test_a_conflicted_judge_gets_404(login, judging, coordinator, force, council):
    council_judge = judging["judges"][3]
    entry = make_entry(
        judging["cycle"],
        UserFactory(organisation=force),
        partners=[force, council],
        title="With the council",
    )
    # Given by hand before the conflict was found; detection takes it away again.
    assignment = Assignment.objects.create(round=judging["round"], entry=entry, judge=council_judge)
    client = login(council_judge)
    assert client.get(reverse("awards:score", args=[assignment.pk])).status_code == 200
    detect_conflicts(cycle=judging["cycle"], by=coordinator)
    assert Conflict.objects.get(entry=entry).status == ConflictStatus.PENDING
    assert client.get(reverse("awards:score", args=[assignment.pk])).status_code == 404


def test_no_peeking_at_other_scores_before_submitting_your_own(login, judging):
    entry = judging["entries"][0]
    sheets = list(entry.assignments.select_related("round", "judge", "entry").order_by("pk"))
    for other in sheets[1:]:
        score_all(other, value=2, comment="SECRET-OTHER-COMMENT")
    mine = sheets[0]
    client = login(mine.judge)
    page = client.get(reverse("awards:score", args=[mine.pk])).content.decode()
    assert "SECRET-OTHER-COMMENT" not in page
    assert "The other judges' scores" not in page
    assert "You will see the other judges' scores once you have submitted yours." in page
    client.post(reverse("awards:score", args=[mine.pk]), form_data(mine, submit=True))
    page = client.get(reverse("awards:score", args=[mine.pk])).content.decode()
    assert "SECRET-OTHER-COMMENT" in page
    assert "Judge A" in page
    assert "Judge B" in page
    assert mine.judge.get_full_name() not in page.split("The other judges")[1]


@pytest.mark.parametrize(
    ("visibility", "before", "after"),
    [(ScoreVisibility.NEVER, False, False), (ScoreVisibility.ALWAYS, True, True)],
)
def test_score_visibility_per_round(login, judging, visibility, before, after):
    judging["round"].score_visibility = visibility
    judging["round"].save(update_fields=["score_visibility"])
    entry = judging["entries"][0]
    sheets = list(entry.assignments.select_related("round", "judge", "entry").order_by("pk"))
    score_all(sheets[1], comment="SECRET-OTHER-COMMENT")
    client = login(sheets[0].judge)
    url = reverse("awards:score", args=[sheets[0].pk])
    assert ("SECRET-OTHER-COMMENT" in client.get(url).content.decode()) is before
    client.post(url, form_data(sheets[0], submit=True))
    assert ("SECRET-OTHER-COMMENT" in client.get(url).content.decode()) is after


def test_scoring_saves_then_submits_only_when_complete(login, judging):
    judge = judging["judges"][0]
    assignment = assignments_of(judge)[0]
    client = login(judge)
    url = reverse("awards:score", args=[assignment.pk])
    response = client.post(url, form_data(assignment, 6, submit=True, only=3))
    assert response.status_code == 200
    assert "Score every criterion before you submit" in response.content.decode()
    assignment.refresh_from_db()
    # What was entered is kept although the submission was refused.
    assert (assignment.status, assignment.scores.filter(value=6).count()) == (
        ScoringStatus.DRAFT,
        3,
    )
    response = client.post(url, form_data(assignment, 8, submit=True))
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.status == ScoringStatus.SUBMITTED
    # Submitted scores no longer change.
    client.post(url, form_data(assignment, 2))
    assert set(assignment.scores.values_list("value", flat=True)) == {8}


def test_bad_score_input_is_a_form_error_not_a_500(login, judging):
    judge = judging["judges"][0]
    assignment = assignments_of(judge)[0]
    criterion = assignment.round.criteria.first()
    response = login(judge).post(
        reverse("awards:score", args=[assignment.pk]), {f"score_{criterion.pk}": "99", "save": "1"}
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


def test_declaring_a_conflict_takes_the_entry_off_the_list(login, judging):
    judge = judging["judges"][0]
    assignment = assignments_of(judge)[0]
    client = login(judge)
    response = client.post(
        reverse("awards:declare_conflict", args=[assignment.pk]),
        {"reason": "I line-manage the lead entrant"},
    )
    assert response.status_code == 302
    assert client.get(reverse("awards:score", args=[assignment.pk])).status_code == 404
    page = client.get(reverse("awards:judging")).content.decode()
    assert "I line-manage the lead entrant" in page
    response = client.post(
        reverse("awards:declare_conflict", args=[assignment.pk]), {"reason": "again"}
    )
    assert response.status_code == 404


def test_declaring_needs_a_reason(login, judging):
    judge = judging["judges"][0]
    assignment = assignments_of(judge)[0]
    response = login(judge).post(
        reverse("awards:declare_conflict", args=[assignment.pk]), {"reason": ""}
    )
    assert response.status_code == 200
    assert "Say what the conflict is" in response.content.decode()


def test_anonymised_rounds_hide_the_entrants(login, judging):
    judging["round"].anonymised = True
    judging["round"].save(update_fields=["anonymised"])
    judge = judging["judges"][0]
    assignment = assignments_of(judge)[0]
    page = login(judge).get(reverse("awards:score", args=[assignment.pk])).content.decode()
    lead = assignment.entry.lead
    assert "Hidden: this round is judged anonymously" in page
    assert lead.get_full_name() not in page
    assert lead.team.name not in page


def test_a_judge_answers_an_invitation(login, judging, coordinator, force):
    newcomer = make_judge(force)
    from awards.services.panels import invite_judge

    member = invite_judge(
        round=judging["cycle"].rounds.get(number=2), judge=newcomer, by=coordinator
    )
    client = login(newcomer)
    assert "You are invited to judge" in client.get(reverse("awards:judging")).content.decode()
    client.post(reverse("awards:respond", args=[member.pk]), {"answer": "accept"})
    member.refresh_from_db()
    assert member.status == "accepted"
    other = login(judging["judges"][0]).post(
        reverse("awards:respond", args=[member.pk]), {"answer": "decline"}
    )
    assert other.status_code == 404


@pytest.mark.parametrize("extra", [0, 12])
def test_judge_queue_query_count_is_fixed(
    login, judging, coordinator, force, django_assert_num_queries, extra
):
    judge = judging["judges"][0]
    for n in range(extra):
        entry = make_entry(
            judging["cycle"], UserFactory(organisation=force), partners=[force], title=f"More {n}"
        )
        Assignment.objects.create(round=judging["round"], entry=entry, judge=judge)
    client = login(judge)
    # session, user with their roles (permissions and navigation),
    # count, page of assignments, invitations, panels,
    # conflicts, groups and reports (navigation)
    with django_assert_num_queries(8):
        response = client.get(reverse("awards:judging"))
    assert response.status_code == 200
