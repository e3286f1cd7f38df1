"""The assessor rule: every eligible and ineligible combination, preferences and load."""

import datetime

import pytest
from django.utils import timezone

from core.models import AuditEntry
from people.enums import Rank, Role
from people.services import set_roles
from portfolios.enums import AssessorFlag
from portfolios.models import AssessorAssignment
from portfolios.services import PortfoliosError
from portfolios.services.assessors import (
    SUPERVISING_RANK,
    assign_assessor,
    check_assignments,
    choose_assessor,
    why_not_eligible,
)
from portfolios.services.enrolments import enrol
from tests.factories import UserFactory, assessor_user, qualification

pytestmark = pytest.mark.django_db

RANKS = list(Rank)


def _start():
    return timezone.localdate()


@pytest.mark.parametrize("candidate_rank", RANKS, ids=[r.name for r in RANKS])
@pytest.mark.parametrize("assessor_rank", RANKS, ids=[r.name for r in RANKS])
@pytest.mark.parametrize("competent", [True, False], ids=["competent", "not-competent"])
@pytest.mark.parametrize("has_role", [True, False], ids=["assessor-role", "no-role"])
def test_eligibility_for_every_rank_pair_competence_and_role(
    candidate_rank, assessor_rank, competent, has_role
):
    candidate = UserFactory(rank=candidate_rank)
    person = UserFactory(
        rank=assessor_rank,
        competent_to_assess=competent,
        roles=[Role.ASSESSOR] if has_role else [],
    )

    refusal = why_not_eligible(person, candidate)

    warranted = assessor_rank >= Rank.PCSO
    expected = has_role and competent and warranted and assessor_rank > candidate_rank
    assert (refusal is None) == expected, refusal
    choice = choose_assessor(candidate)
    assert (choice.assessor == person) == expected
    assert choice.flag == (AssessorFlag.NONE if expected else AssessorFlag.NO_ASSESSOR)


def test_a_candidate_never_assesses_themselves():
    sergeant = assessor_user()

    assert why_not_eligible(sergeant, sergeant) == "Candidates cannot assess themselves."
    assert choose_assessor(sergeant).assessor is None


def test_an_inactive_assessor_is_not_eligible():
    candidate = UserFactory(rank=Rank.PC)
    gone = assessor_user(is_active=False)

    assert "no longer has an active account" in why_not_eligible(gone, candidate)
    assert choose_assessor(candidate).flag == AssessorFlag.NO_ASSESSOR


def test_line_manager_is_avoided_when_someone_else_qualifies():
    manager = assessor_user()
    other = assessor_user(rank=Rank.INSPECTOR)
    candidate = UserFactory(rank=Rank.PC, line_manager=manager)

    choice = choose_assessor(candidate)

    assert (choice.assessor, choice.flag) == (other, AssessorFlag.NONE)


def test_line_manager_is_chosen_and_flagged_when_nobody_else_qualifies():
    manager = assessor_user()
    assessor_user(rank=Rank.PC)  # does not outrank a PC
    candidate = UserFactory(rank=Rank.PC, line_manager=manager)

    choice = choose_assessor(candidate)

    assert (choice.assessor, choice.flag) == (manager, AssessorFlag.LINE_MANAGER)
    assert "nobody else qualifies" in choice.note


def test_exactly_one_rank_up_is_preferred_over_a_lighter_load():
    inspector = assessor_user(rank=Rank.INSPECTOR)
    sergeant = assessor_user(rank=Rank.SERGEANT)
    q = qualification()
    for _ in range(3):  # the sergeant is busier
        enrol(
            candidate=UserFactory(rank=Rank.PC),
            qualification=q,
            start_date=_start(),
            by=None,
            assessor=sergeant,
        )

    assert SUPERVISING_RANK[Rank.PC] == Rank.SERGEANT
    assert choose_assessor(UserFactory(rank=Rank.PC)).assessor == sergeant
    assert choose_assessor(UserFactory(rank=Rank.SERGEANT)).assessor == inspector


def test_load_is_balanced_across_assessors_of_the_right_rank():
    sergeants = [assessor_user() for _ in range(3)]
    q = qualification()

    enrolments = [
        enrol(candidate=UserFactory(rank=Rank.PC), qualification=q, start_date=_start(), by=None)
        for _ in range(9)
    ]

    loads = {s.pk: 0 for s in sergeants}
    for e in enrolments:
        loads[e.assessor_id] += 1
    assert sorted(loads.values()) == [3, 3, 3]
    # Round robin in a stable order: the first three go to each sergeant once.
    assert [e.assessor_id for e in enrolments[:3]] == [s.pk for s in sergeants]


def test_a_named_assessor_who_breaks_the_rule_is_refused(coordinator):
    candidate = UserFactory(rank=Rank.SERGEANT)
    junior = assessor_user(rank=Rank.PC)
    enrolment = enrol(
        candidate=candidate, qualification=qualification(), start_date=_start(), by=coordinator
    )

    with pytest.raises(PortfoliosError, match="does not outrank"):
        assign_assessor(enrolment=enrolment, assessor=junior, by=coordinator)


def test_only_the_programme_team_assigns(enrolment):
    with pytest.raises(PortfoliosError) as refused:
        assign_assessor(enrolment=enrolment, assessor=None, by=enrolment.candidate)

    assert refused.value.code == "not_allowed"


def test_reassignment_keeps_the_history_and_tells_both(
    coordinator, enrolment, mailoutbox, django_capture_on_commit_callbacks
):
    first = enrolment.assessor
    second = assessor_user(rank=Rank.INSPECTOR)

    with django_capture_on_commit_callbacks(execute=True):
        assign_assessor(enrolment=enrolment, assessor=second, by=coordinator, reason="Moved team")

    history = list(
        AssessorAssignment.objects.filter(enrolment=enrolment).values_list(
            "assessor", "ended_at", "reason"
        )
    )
    assert [h[0] for h in history] == [first.pk, second.pk]
    assert history[0][1] is not None
    assert history[1][1:] == (None, "Moved team")
    assert sorted(m.to[0] for m in mailoutbox) == sorted([enrolment.candidate.email, second.email])
    assert AuditEntry.objects.filter(action="portfolios.enrolment.assessor").count() == 2


def test_coordinator_choosing_the_line_manager_is_flagged(coordinator):
    manager = assessor_user()
    assessor_user()
    candidate = UserFactory(rank=Rank.PC, line_manager=manager)
    enrolment = enrol(
        candidate=candidate, qualification=qualification(), start_date=_start(), by=coordinator
    )
    assert enrolment.assessor != manager

    enrolment = assign_assessor(enrolment=enrolment, assessor=manager, by=coordinator)

    assert enrolment.assessor_flag == AssessorFlag.LINE_MANAGER
    assert "chosen by the coordinator" in enrolment.assessor_flag_note


def test_a_rank_change_that_breaks_the_rule_is_flagged(
    enrolment, django_capture_on_commit_callbacks
):
    assessor = enrolment.assessor
    with django_capture_on_commit_callbacks(execute=True):
        assessor.rank = Rank.PC
        assessor.save()

    enrolment.refresh_from_db()
    assert enrolment.assessor_flag == AssessorFlag.RULE_BROKEN
    assert enrolment.assessor_flag_note.endswith(
        f"does not outrank {enrolment.candidate.display_name}."
    )

    with django_capture_on_commit_callbacks(execute=True):
        assessor.rank = Rank.SERGEANT
        assessor.save()
    enrolment.refresh_from_db()
    assert enrolment.assessor_flag == AssessorFlag.NONE


def test_losing_the_assessor_role_is_flagged_at_once(enrolment, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        set_roles(user=enrolment.assessor, roles={Role.STAFF})

    enrolment.refresh_from_db()
    assert enrolment.assessor_flag == AssessorFlag.RULE_BROKEN


def test_losing_the_assessor_role_is_flagged_by_the_daily_check(enrolment):
    set_roles(user=enrolment.assessor, roles={Role.STAFF})  # no commit: the signal's check waits

    assert check_assignments() == 1

    enrolment.refresh_from_db()
    assert enrolment.assessor_flag == AssessorFlag.RULE_BROKEN
    assert "does not hold the assessor role" in enrolment.assessor_flag_note
    assert check_assignments() == 0  # flagged once


def test_the_candidates_promotion_past_the_assessor_is_flagged(
    enrolment, django_capture_on_commit_callbacks
):
    candidate = enrolment.candidate
    with django_capture_on_commit_callbacks(execute=True):
        candidate.rank = Rank.INSPECTOR
        candidate.save()

    enrolment.refresh_from_db()
    assert enrolment.assessor_flag == AssessorFlag.RULE_BROKEN


def test_deadline_is_start_plus_time_allowed(coordinator, candidate, assessor):
    q = qualification()
    enrolment = enrol(
        candidate=candidate,
        qualification=q,
        start_date=datetime.date(2027, 2, 28),
        by=coordinator,
    )
    assert enrolment.deadline == datetime.date(2028, 2, 28)
    assert q.deadline_for(datetime.date(2027, 1, 31)) == datetime.date(2028, 1, 31)
