"""Panels, conflicts (detected and declared), the assignment service, score sheets."""

import pytest

from awards.enums import (
    AssignmentSource,
    ConflictSource,
    ConflictStatus,
    InvitationStatus,
    RoundStatus,
    ScoringStatus,
)
from awards.models import Assignment, Conflict
from awards.services import AwardsError
from awards.services.assignment import add_assignment, assign_round, remove_assignment
from awards.services.conflicts import (
    conflict_reasons,
    declare_conflict,
    detect_conflicts,
    set_conflict_state,
)
from awards.services.entries import add_co_entrant
from awards.services.panels import invite_judge, set_membership_state
from awards.services.scoring import save_scores, set_scoring_state
from core.models import AuditEntry
from tests.awards.conftest import first_round, make_entry, make_judge, open_round, seat_panel
from tests.factories import DistrictFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db


def complete(assignment, value=7):
    return {c.pk: (value, "Clear evidence.") for c in assignment.round.criteria.all()}


# --- panels ---------------------------------------------------------------------------


def test_judges_are_invited_and_accept_or_decline(
    closed_cycle, coordinator, force, django_capture_on_commit_callbacks
):
    from django.core import mail

    judge = make_judge(force)
    round_ = first_round(closed_cycle)
    with django_capture_on_commit_callbacks(execute=True):
        member = invite_judge(round=round_, judge=judge, by=coordinator)
    assert member.status == InvitationStatus.INVITED
    assert mail.outbox[-1].to == [judge.email]
    with pytest.raises(AwardsError) as refused:
        set_membership_state(member=member, to=InvitationStatus.ACCEPTED, by=coordinator)
    assert refused.value.code == "not_allowed"
    member = set_membership_state(member=member, to=InvitationStatus.ACCEPTED, by=judge)
    assert member.status == InvitationStatus.ACCEPTED
    assert member.responded_at is not None


def test_only_people_with_the_judge_role_are_invited(closed_cycle, coordinator, force):
    with pytest.raises(AwardsError) as refused:
        invite_judge(round=first_round(closed_cycle), judge=UserFactory(), by=coordinator)
    assert refused.value.code == "not_a_judge"


# --- conflict detection ---------------------------------------------------------------


def test_detection_reasons(closed_cycle, force, council):
    team = TeamFactory()
    lead = UserFactory(organisation=force, team=team, district=team.district)
    colleague = UserFactory(organisation=force)
    entry = make_entry(closed_cycle, lead, partners=[force, council])
    add_co_entrant(entry=entry, person=colleague, by=lead)
    entry = type(entry).objects.select_related("lead__team", "lead__district").get(pk=entry.pk)
    same_team = make_judge(force, team=team, district=team.district)
    other_team_same_district = TeamFactory(district=team.district)
    same_district = make_judge(force, team=other_team_same_district, district=team.district)
    council_judge = make_judge(council)
    unrelated_force_judge = make_judge(force)
    assert conflict_reasons(same_team, entry) == [f"is in the lead entrant's team ({team.name})"]
    assert conflict_reasons(same_district, entry) == [
        f"is in the lead entrant's district ({team.district.name})"
    ]
    assert conflict_reasons(council_judge, entry) == [
        "works for Northshire County Council, a partner in this entry"
    ]
    # The force is a partner in every entry: that alone is no conflict for force judges.
    assert conflict_reasons(unrelated_force_judge, entry) == []
    assert conflict_reasons(colleague, entry)[0] == "is a co-entrant"
    assert conflict_reasons(lead, entry)[0] == "leads this entry"


def test_detected_conflicts_wait_for_the_coordinator_and_a_dismissal_sticks(
    closed_cycle, coordinator, force, council
):
    entry = make_entry(closed_cycle, UserFactory(organisation=force), partners=[force, council])
    council_judge = make_judge(council)
    seat_panel(first_round(closed_cycle), [council_judge], coordinator)
    [conflict] = detect_conflicts(cycle=closed_cycle, by=coordinator)
    assert (conflict.entry, conflict.judge, conflict.source, conflict.status) == (
        entry,
        council_judge,
        ConflictSource.DETECTED,
        ConflictStatus.PENDING,
    )
    with pytest.raises(AwardsError) as refused:
        set_conflict_state(conflict=conflict, to=ConflictStatus.DISMISSED, by=coordinator)
    assert refused.value.code == "note_required"
    set_conflict_state(
        conflict=conflict,
        to=ConflictStatus.DISMISSED,
        by=coordinator,
        note="Different directorate; no part in the project",
    )
    assert detect_conflicts(cycle=closed_cycle, by=coordinator) == []
    assert Conflict.objects.get().status == ConflictStatus.DISMISSED


def test_only_the_coordinator_decides_conflicts(closed_cycle, coordinator, force, council):
    make_entry(closed_cycle, UserFactory(organisation=force), partners=[force, council])
    council_judge = make_judge(council)
    seat_panel(first_round(closed_cycle), [council_judge], coordinator)
    [conflict] = detect_conflicts(cycle=closed_cycle, by=coordinator)
    with pytest.raises(AwardsError) as refused:
        set_conflict_state(
            conflict=conflict, to=ConflictStatus.DISMISSED, by=council_judge, note="not me"
        )
    assert refused.value.code == "not_allowed"


# --- assignment -----------------------------------------------------------------------


@pytest.fixture
def panel(closed_cycle, coordinator, force, council, housing):
    """Six entries; four force judges and two partner judges on round 1."""
    entries = [
        make_entry(
            closed_cycle, UserFactory(organisation=force), partners=[force], title=f"Entry {n}"
        )
        for n in range(6)
    ]
    force_judges = [make_judge(force) for _ in range(4)]
    partner_judges = [make_judge(council), make_judge(housing)]
    seat_panel(first_round(closed_cycle), [*force_judges, *partner_judges], coordinator)
    return {"entries": entries, "force": force_judges, "partners": partner_judges}


def loads(round_):
    counts = {}
    for judge_id in Assignment.objects.filter(round=round_).values_list("judge_id", flat=True):
        counts[judge_id] = counts.get(judge_id, 0) + 1
    return counts


def test_assign_round_gives_three_judges_with_a_partner_and_even_loads(
    closed_cycle, coordinator, panel
):
    round_ = first_round(closed_cycle)
    report = assign_round(round=round_, by=coordinator)
    assert (report.added, report.removed, report.notes) == (18, 0, [])
    partner_ids = {j.pk for j in panel["partners"]}
    for entry in panel["entries"]:
        judges = set(entry.assignments.values_list("judge_id", flat=True))
        assert len(judges) == 3
        assert judges & partner_ids
    assert sorted(loads(round_).values()) == [3, 3, 3, 3, 3, 3]
    assert AuditEntry.objects.filter(action="awards.round.assigned").count() == 1


def test_assign_round_is_deterministic(closed_cycle, coordinator, panel):
    round_ = first_round(closed_cycle)
    assign_round(round=round_, by=coordinator)
    first = set(Assignment.objects.values_list("entry_id", "judge_id"))
    report = assign_round(round=round_, by=coordinator)
    assert set(Assignment.objects.values_list("entry_id", "judge_id")) == first
    assert (report.added, report.removed) == (0, 0)


def test_assign_round_never_gives_a_conflicted_judge_and_explains_shortfalls(
    closed_cycle, coordinator, force, council
):
    entry = make_entry(closed_cycle, UserFactory(organisation=force), partners=[force, council])
    council_judge, force_judge = make_judge(council), make_judge(force)
    seat_panel(first_round(closed_cycle), [council_judge, force_judge], coordinator)
    report = assign_round(round=first_round(closed_cycle), by=coordinator)
    assert list(entry.assignments.values_list("judge_id", flat=True)) == [force_judge.pk]
    [note] = report.notes
    assert note.entry == entry
    assert note.messages == [
        "Has 1 of the 3 judges it needs: 1 of the 2 judges on the panel has a conflict with it "
        f"({council_judge.get_full_name()} works for Northshire County Council, a partner in "
        "this entry).",
        "No partner judge: every partner judge on the panel has a conflict with it "
        f"({council_judge.get_full_name()} works for Northshire County Council, a partner in "
        "this entry).",
    ]


def test_hand_adjustments_stay_and_never_break_a_conflict(
    closed_cycle, coordinator, force, council, panel
):
    round_ = first_round(closed_cycle)
    assign_round(round=round_, by=coordinator)
    entry = panel["entries"][0]
    outsider = next(j for j in panel["force"] if not entry.assignments.filter(judge=j).exists())
    hand = add_assignment(round=round_, entry=entry, judge=outsider, by=coordinator)
    assert hand.source == AssignmentSource.HAND
    assign_round(round=round_, by=coordinator)
    assert entry.assignments.filter(judge=outsider, source=AssignmentSource.HAND).exists()
    conflicted = make_entry(
        closed_cycle,
        UserFactory(organisation=force),
        partners=[force, council],
        title="With the council",
    )
    detect_conflicts(cycle=closed_cycle, by=coordinator)
    with pytest.raises(AwardsError) as refused:
        add_assignment(round=round_, entry=conflicted, judge=panel["partners"][0], by=coordinator)
    assert refused.value.code == "conflicted"


def test_once_judging_is_open_reassignment_only_fills_gaps(closed_cycle, coordinator, force, panel):
    round_ = first_round(closed_cycle)
    assign_round(round=round_, by=coordinator)
    open_round(round_, coordinator)
    before = set(Assignment.objects.values_list("entry_id", "judge_id"))
    late_judge = make_judge(force)
    seat_panel(round_, [late_judge], coordinator)
    report = assign_round(round=round_, by=coordinator)
    assert report.added == 0
    assert set(Assignment.objects.values_list("entry_id", "judge_id")) == before


def test_a_declared_conflict_takes_the_entry_away_with_its_draft_scores(
    closed_cycle, coordinator, panel
):
    round_ = first_round(closed_cycle)
    assign_round(round=round_, by=coordinator)
    open_round(round_, coordinator)
    assignment = Assignment.objects.select_related("round", "judge", "entry").first()
    judge = assignment.judge
    save_scores(
        assignment=assignment, by=judge, scores={c.pk: (5, "") for c in round_.criteria.all()[:2]}
    )
    conflict = declare_conflict(
        entry=assignment.entry, judge=judge, reason="I line-manage the lead", by=judge
    )
    assert (conflict.source, conflict.status) == (ConflictSource.DECLARED, ConflictStatus.CONFIRMED)
    assert not Assignment.objects.filter(pk=assignment.pk).exists()
    removed = AuditEntry.objects.get(action="awards.assignment.removed")
    assert removed.data["status"] == ScoringStatus.DRAFT
    with pytest.raises(AwardsError) as refused:
        set_conflict_state(
            conflict=conflict, to=ConflictStatus.DISMISSED, by=coordinator, note="no"
        )
    assert refused.value.code == "declared"
    # The gap is filled by someone else.
    assign_round(round=round_, by=coordinator)
    assert assignment.entry.assignments.count() == 3
    assert not assignment.entry.assignments.filter(judge=judge).exists()


def test_a_judge_cannot_declare_after_submitting(closed_cycle, coordinator, panel):
    round_ = first_round(closed_cycle)
    assign_round(round=round_, by=coordinator)
    open_round(round_, coordinator)
    assignment = Assignment.objects.select_related("round", "judge", "entry").first()
    save_scores(
        assignment=assignment, by=assignment.judge, scores=complete(assignment), submit=True
    )
    with pytest.raises(AwardsError) as refused:
        declare_conflict(
            entry=assignment.entry, judge=assignment.judge, reason="x", by=assignment.judge
        )
    assert refused.value.code == "already_scored"


def test_removing_a_judge_with_submitted_scores_is_refused(closed_cycle, coordinator, panel):
    round_ = first_round(closed_cycle)
    assign_round(round=round_, by=coordinator)
    open_round(round_, coordinator)
    assignment = Assignment.objects.select_related("round", "judge", "entry").first()
    save_scores(
        assignment=assignment, by=assignment.judge, scores=complete(assignment), submit=True
    )
    with pytest.raises(AwardsError) as refused:
        remove_assignment(assignment=assignment, by=coordinator)
    assert refused.value.code == "has_scores"


# --- score sheets ---------------------------------------------------------------------


@pytest.fixture
def scoring(closed_cycle, coordinator, panel):
    round_ = first_round(closed_cycle)
    assign_round(round=round_, by=coordinator)
    open_round(round_, coordinator)
    return Assignment.objects.select_related("round", "judge", "entry").order_by("pk").first()


def test_submit_only_when_every_criterion_is_scored(scoring):
    criteria = list(scoring.round.criteria.all())
    partial = {c.pk: (8, "") for c in criteria[:4]}
    with pytest.raises(AwardsError) as refused:
        save_scores(assignment=scoring, by=scoring.judge, scores=partial, submit=True)
    assert refused.value.code == "incomplete"
    assert str(refused.value) == (
        "Score every criterion before you submit. Still to score: Innovation and transferability."
    )
    # All or nothing: the refused submission saved nothing (the page saves first, then
    # submits, so the judge's partial scores are kept there).
    scoring.refresh_from_db()
    assert (scoring.status, scoring.scores.count()) == (ScoringStatus.NOT_STARTED, 0)
    done = save_scores(assignment=scoring, by=scoring.judge, scores=complete(scoring), submit=True)
    assert done.status == ScoringStatus.SUBMITTED
    assert done.scores.filter(value=7).count() == len(criteria)


def test_scores_are_one_to_ten(scoring):
    criterion = scoring.round.criteria.first()
    with pytest.raises(AwardsError) as refused:
        save_scores(assignment=scoring, by=scoring.judge, scores={criterion.pk: (11, "")})
    assert refused.value.code == "range"


def test_a_judge_cannot_save_another_judges_scores(scoring, panel):
    other = next(j for j in panel["force"] + panel["partners"] if j.pk != scoring.judge_id)
    with pytest.raises(AwardsError) as refused:
        save_scores(assignment=scoring, by=other, scores=complete(scoring))
    assert refused.value.code == "not_allowed"
    assert not scoring.scores.exists()


def test_submitted_scores_stay_until_the_coordinator_reopens_them(scoring, coordinator):
    save_scores(assignment=scoring, by=scoring.judge, scores=complete(scoring), submit=True)
    with pytest.raises(AwardsError) as refused:
        save_scores(assignment=scoring, by=scoring.judge, scores=complete(scoring, 3))
    assert refused.value.code == "submitted"
    with pytest.raises(AwardsError):
        set_scoring_state(assignment=scoring, to=ScoringStatus.DRAFT, by=scoring.judge)
    set_scoring_state(assignment=scoring, to=ScoringStatus.DRAFT, by=coordinator)
    save_scores(assignment=scoring, by=scoring.judge, scores=complete(scoring, 3), submit=True)


def test_no_scoring_before_the_round_opens(closed_cycle, coordinator, panel):
    round_ = first_round(closed_cycle)
    assign_round(round=round_, by=coordinator)
    assignment = Assignment.objects.select_related("round", "judge").first()
    with pytest.raises(AwardsError) as refused:
        save_scores(assignment=assignment, by=assignment.judge, scores=complete(assignment))
    assert refused.value.code == "round_not_open"
    assert round_.status == RoundStatus.SETUP


def test_different_districts_for_the_panel_fixture(panel):
    # The panel fixture's judges and leads each have their own district, so no conflicts.
    districts = {j.district_id for j in panel["force"]}
    assert len(districts) == 4
    assert DistrictFactory._meta.model.objects.count() >= 4
