"""The assessor rule, in one place: who may assess whom, who is chosen, and re-assignment.

The rule (issue 8 and DESIGN.md): the assessor holds the assessor role, is
competent to assess, is active, outranks the candidate and is not the
candidate. The candidate's line manager is avoided unless nobody else
qualifies, and then the enrolment is flagged. Among the eligible, the one of
the supervising rank ("exactly one rank higher": a sergeant for PCSOs,
specials and PCs; an inspector for sergeants; and so on) is preferred, then the
lightest current load (live enrolments), then the nearest rank, then the
longest-standing account (for a stable choice).
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from core.audit import deny, record
from people.enums import Rank, Role
from people.models import User
from people.selectors import outranks
from portfolios.enums import LIVE_STATUSES, AssessorFlag
from portfolios.models import AssessorAssignment, Enrolment
from portfolios.services import PortfoliosError

# The rank that supervises (and so usually assesses) each rank.
SUPERVISING_RANK = {
    Rank.PARTNER_STAFF: Rank.SERGEANT,
    Rank.POLICE_STAFF: Rank.SERGEANT,
    Rank.PCSO: Rank.SERGEANT,
    Rank.SPECIAL_CONSTABLE: Rank.SERGEANT,
    Rank.PC: Rank.SERGEANT,
    Rank.SERGEANT: Rank.INSPECTOR,
    Rank.INSPECTOR: Rank.CHIEF_INSPECTOR,
    Rank.CHIEF_INSPECTOR: Rank.SUPERINTENDENT,
}


@dataclass(frozen=True)
class Choice:
    assessor: User | None
    flag: str
    note: str


def why_not_eligible(assessor: User, candidate: User) -> str | None:
    """Why ``assessor`` may not assess ``candidate`` (None when they may)."""
    name = assessor.display_name
    if assessor.pk == candidate.pk:
        return "Candidates cannot assess themselves."
    if not assessor.is_active:
        return f"{name} no longer has an active account."
    if not assessor.groups.filter(name=Role.ASSESSOR.value).exists():
        return f"{name} does not hold the assessor role."
    if not assessor.competent_to_assess:
        return f"{name} is not recorded as operationally competent to assess."
    if not outranks(assessor, candidate):
        return f"{name} does not outrank {candidate.display_name}."
    return None


def assessor_pool():
    """Active, competent people with the assessor role, with their current load."""
    return (
        User.objects.filter(
            is_active=True, competent_to_assess=True, groups__name=Role.ASSESSOR.value
        )
        .annotate(load=Count("assessing", filter=Q(assessing__status__in=LIVE_STATUSES)))
        .order_by("pk")
    )


def rank_candidates(candidate: User, pool=None) -> list[User]:
    """The eligible assessors for ``candidate``, best first (line manager last of all)."""
    pool = list(assessor_pool() if pool is None else pool)
    one_up = SUPERVISING_RANK.get(Rank(candidate.rank))
    eligible = [a for a in pool if a.pk != candidate.pk and outranks(a, candidate)]
    return sorted(
        eligible,
        key=lambda a: (
            a.pk == candidate.line_manager_id,
            a.rank != one_up,
            a.load,
            a.rank - candidate.rank,
            a.pk,
        ),
    )


def choose_assessor(candidate: User, *, pool=None) -> Choice:
    """Who the rule picks for ``candidate`` and the flag to record (no writes)."""
    ranked = rank_candidates(candidate, pool)
    if not ranked:
        return Choice(
            None,
            AssessorFlag.NO_ASSESSOR,
            f"Nobody with the assessor role outranks {candidate.display_name}.",
        )
    best = ranked[0]
    if best.pk == candidate.line_manager_id:
        return Choice(
            best,
            AssessorFlag.LINE_MANAGER,
            f"{best.display_name} is {candidate.display_name}’s line manager: nobody else "
            "qualifies.",
        )
    return Choice(best, AssessorFlag.NONE, "")


def _flag_for(assessor: User, candidate: User, others_qualify: bool) -> tuple[str, str]:
    if assessor.pk == candidate.line_manager_id:
        note = f"{assessor.display_name} is {candidate.display_name}’s line manager"
        if others_qualify:
            return AssessorFlag.LINE_MANAGER, note + " (chosen by the coordinator)."
        return AssessorFlag.LINE_MANAGER, note + ": nobody else qualifies."
    return AssessorFlag.NONE, ""


@transaction.atomic
def assign_assessor(
    *, enrolment: Enrolment, by, assessor: User | None = None, reason: str = ""
) -> Enrolment:
    """Assign (or re-assign) the enrolment's assessor and keep the history.

    ``assessor=None`` lets the rule choose. A named assessor must meet the rule
    (``PortfoliosError`` otherwise); choosing the line manager when others
    qualify is allowed to a coordinator but flagged. ``by`` must manage
    enrolments (``None`` is the system, used while enrolling). Audited; the
    candidate and the new assessor are emailed after commit.
    """
    from portfolios.services import notifications

    if by is not None and not by.has_perm("portfolios.manage_enrolments"):
        deny(actor=by, action="portfolios.enrolment.assessor", reason="Not the programme team")
        raise PortfoliosError("Only the programme team can assign assessors.", code="not_allowed")
    enrolment = (
        Enrolment.objects.select_for_update(of=("self",))
        .select_related("candidate", "assessor")
        .get(pk=enrolment.pk)
    )
    candidate = enrolment.candidate
    if assessor is None:
        choice = choose_assessor(candidate)
        chosen, flag, note = choice.assessor, choice.flag, choice.note
    else:
        refusal = why_not_eligible(assessor, candidate)
        if refusal:
            raise PortfoliosError(refusal, code="not_eligible")
        others = [a for a in rank_candidates(candidate) if a.pk != candidate.line_manager_id]
        chosen = assessor
        flag, note = _flag_for(assessor, candidate, bool(others))
    previous = enrolment.assessor
    if chosen is not None and previous is not None and chosen.pk == previous.pk:
        if (enrolment.assessor_flag, enrolment.assessor_flag_note) != (flag, note):
            enrolment.assessor_flag, enrolment.assessor_flag_note = flag, note
            enrolment.save(update_fields=["assessor_flag", "assessor_flag_note", "updated_at"])
        return enrolment
    now = timezone.now()
    AssessorAssignment.objects.filter(enrolment=enrolment, ended_at__isnull=True).update(
        ended_at=now
    )
    if chosen is not None:
        AssessorAssignment.objects.create(
            enrolment=enrolment,
            assessor=chosen,
            assigned_by=by,
            started_at=now,
            flag=flag,
            reason=reason[:300],
        )
    enrolment.assessor = chosen
    enrolment.assessor_flag, enrolment.assessor_flag_note = flag, note[:300]
    enrolment.save(update_fields=["assessor", "assessor_flag", "assessor_flag_note", "updated_at"])
    record(
        actor=by,
        action="portfolios.enrolment.assessor",
        obj=enrolment,
        summary=f"Assessor {previous or 'none'} → {chosen or 'none'} for {candidate}",
        previous=previous.pk if previous else None,
        assessor=chosen.pk if chosen else None,
        flag=flag,
        reason=reason,
    )
    if chosen is not None:
        notifications.assessor_assigned(enrolment=enrolment, previous=previous)
    return enrolment


@transaction.atomic
def check_assignments(*, person_ids: list[int] | None = None) -> int:
    """Flag live enrolments whose assessor no longer meets the rule (rank, role, leaving).

    Run when a person changes (``people.User`` saved) and daily. Clears the flag
    when the rule is met again. Returns how many enrolments changed their flag.
    """
    enrolments = Enrolment.objects.filter(
        status__in=LIVE_STATUSES, assessor__isnull=False
    ).select_related("candidate", "assessor")
    if person_ids is not None:
        enrolments = enrolments.filter(
            Q(assessor_id__in=person_ids) | Q(candidate_id__in=person_ids)
        )
    changed = 0
    for enrolment in enrolments.select_for_update(of=("self",)):
        problem = why_not_eligible(enrolment.assessor, enrolment.candidate)
        if problem:
            flag, note = AssessorFlag.RULE_BROKEN, problem
        elif enrolment.assessor_flag == AssessorFlag.RULE_BROKEN:
            flag, note = _flag_for(enrolment.assessor, enrolment.candidate, others_qualify=True)
        else:
            continue
        if (flag, note) == (enrolment.assessor_flag, enrolment.assessor_flag_note):
            continue
        enrolment.assessor_flag, enrolment.assessor_flag_note = flag, note[:300]
        enrolment.save(update_fields=["assessor_flag", "assessor_flag_note", "updated_at"])
        record(
            actor=None,
            action="portfolios.enrolment.assessor_flag",
            obj=enrolment,
            summary=note or "Assessor meets the rule again",
            flag=flag,
        )
        changed += 1
    return changed
