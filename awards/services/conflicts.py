"""Conflicts of interest: detected by the portal, declared by judges, decided by the coordinator.

A conflict is between a judge and an entry for the whole cycle. It is
**detected** when the judge

- is an entrant (the lead or a co-entrant), or
- works for an organisation that is one of the entry's partners (other than the
  force: the force is a partner in every entry, so for the force's own judges the
  test is the next one), or
- is in the lead entrant's team, or in the lead entrant's district.

A detected conflict waits for the coordinator (``pending``) and meanwhile counts
as a conflict: the judge is not given the entry. The coordinator confirms or
dismisses it. A judge's own declaration counts at once (``confirmed``) and is
not dismissed. Whenever a conflict counts, the judge's assignments to that entry
are removed (with any scores, which the audit entry keeps), so the results never
include a conflicted judge.

``set_conflict_state`` is the one place a conflict's status changes.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from awards.enums import (
    EFFECTIVE_CONFLICT_STATUSES,
    JUDGED_STATUSES,
    ConflictSource,
    ConflictStatus,
    InvitationStatus,
    ScoringStatus,
)
from awards.models import Assignment, Conflict, Cycle, Entry, PanelMember
from awards.services import AwardsError
from core.audit import deny, record
from people.enums import OrganisationType
from people.models import User


def _require_coordinator(by: User) -> None:
    if not by.has_perm("awards.manage_awards"):
        deny(actor=by, action="awards.manage_awards", reason="Not the awards coordinator")
        raise AwardsError("Only the awards coordinator can do this.", code="not_allowed")


def conflict_reasons(judge: User, entry: Entry) -> list[str]:
    """Why the portal thinks ``judge`` is conflicted with ``entry`` (empty: no reason).

    Expects ``entry`` with ``lead`` (and its team and district), and ``partners`` and
    ``co_entrants`` prefetched, and ``judge`` with its organisation, team and district.
    """
    reasons = []
    lead = entry.lead
    if judge.pk == lead.pk:
        reasons.append("leads this entry")
    elif any(person.pk == judge.pk for person in entry.co_entrants.all()):
        reasons.append("is a co-entrant")
    organisation = judge.organisation
    partner_judge = organisation is not None and organisation.type != OrganisationType.FORCE
    if partner_judge and any(org.pk == organisation.pk for org in entry.partners.all()):
        reasons.append(f"works for {organisation.name}, a partner in this entry")
    if judge.team_id and judge.team_id == lead.team_id:
        reasons.append(f"is in the lead entrant's team ({lead.team.name})")
    elif judge.district_id and judge.district_id == lead.district_id:
        reasons.append(f"is in the lead entrant's district ({lead.district.name})")
    return reasons


def _drop_assignments(conflict: Conflict, by: User) -> None:
    """Remove the judge's assignments to the entry (scores go with them; the audit keeps them)."""
    assignments = list(
        Assignment.objects.filter(entry=conflict.entry_id, judge=conflict.judge_id)
        .select_related("round")
        .prefetch_related("scores__criterion")
    )
    for assignment in assignments:
        record(
            actor=by,
            action="awards.assignment.removed",
            obj=assignment,
            summary=f"Removed {conflict.judge} from {conflict.entry}: conflict of interest",
            round=assignment.round_id,
            status=assignment.status,
            scores={s.criterion.title: [s.value, s.comment] for s in assignment.scores.all()},
        )
        assignment.delete()


def _judges_of(cycle: Cycle) -> list[User]:
    ids = (
        PanelMember.objects.filter(round__cycle=cycle)
        .exclude(status=InvitationStatus.DECLINED)
        .values_list("judge_id", flat=True)
    )
    return list(User.objects.filter(pk__in=ids).select_related("organisation", "team", "district"))


def _entries_of(cycle: Cycle) -> list[Entry]:
    return list(
        Entry.objects.filter(cycle=cycle, status__in=JUDGED_STATUSES)
        .select_related("lead__team", "lead__district")
        .prefetch_related("partners", "co_entrants")
        .order_by("pk")
    )


@transaction.atomic
def detect_conflicts(*, cycle: Cycle, by: User | None = None) -> list[Conflict]:
    """Record a pending conflict for every judge and entry the rules flag that has none yet.

    Judges are everyone invited to (and not declining) a panel of the cycle; entries are
    those in the competition. Returns the new conflicts. Existing ones (declared,
    confirmed or dismissed) are left as they are, so a dismissal sticks.
    """
    Cycle.objects.select_for_update().get(pk=cycle.pk)
    known = set(Conflict.objects.filter(entry__cycle=cycle).values_list("entry_id", "judge_id"))
    created = []
    now = timezone.now()
    judges = _judges_of(cycle)
    for entry in _entries_of(cycle):
        for judge in judges:
            if (entry.pk, judge.pk) in known:
                continue
            reasons = conflict_reasons(judge, entry)
            if not reasons:
                continue
            conflict = Conflict.objects.create(
                entry=entry,
                judge=judge,
                source=ConflictSource.DETECTED,
                status=ConflictStatus.PENDING,
                reason=f"{judge.get_full_name() or judge.username} " + "; ".join(reasons) + ".",
                created_at=now,
            )
            record(
                actor=by,
                action="awards.conflict.detected",
                obj=conflict,
                summary=f"Detected: {conflict.reason}",
                entry=entry.pk,
                judge=judge.pk,
            )
            _drop_assignments(conflict, by)
            created.append(conflict)
    return created


def is_on_panel(judge: User, cycle: Cycle) -> bool:
    return (
        PanelMember.objects.filter(round__cycle=cycle, judge=judge)
        .exclude(status=InvitationStatus.DECLINED)
        .exists()
    )


@transaction.atomic
def declare_conflict(*, entry: Entry, judge: User, reason: str, by: User) -> Conflict:
    """The judge declares a conflict with an entry; it counts at once.

    Refused when the judge has already submitted scores for it (they tell the
    coordinator instead), and for anyone but the judge themself.
    """
    reason = (reason or "").strip()
    if by.pk != judge.pk:
        raise AwardsError("Only the judge can declare their own conflict.", code="not_allowed")
    if not reason:
        raise AwardsError(
            "Say what the conflict is, for example 'I line-manage the lead entrant'.",
            code="reason_required",
        )
    entry = Entry.objects.select_for_update().select_related("cycle").get(pk=entry.pk)
    if not is_on_panel(judge, entry.cycle):
        raise AwardsError("You are not on a judging panel for this cycle.", code="not_on_panel")
    if Assignment.objects.filter(entry=entry, judge=judge, status=ScoringStatus.SUBMITTED).exists():
        raise AwardsError(
            "You have already submitted scores for this entry. Tell the awards coordinator "
            "about the conflict so they can decide what to do.",
            code="already_scored",
        )
    conflict = Conflict.objects.filter(entry=entry, judge=judge).first()
    now = timezone.now()
    if conflict is None:
        conflict = Conflict.objects.create(
            entry=entry,
            judge=judge,
            source=ConflictSource.DECLARED,
            status=ConflictStatus.CONFIRMED,
            reason=reason,
            created_at=now,
            decided_by=judge,
            decided_at=now,
        )
    else:
        conflict.source, conflict.status = ConflictSource.DECLARED, ConflictStatus.CONFIRMED
        conflict.reason = f"{reason} (Also detected: {conflict.reason})"
        conflict.decided_by, conflict.decided_at = judge, now
        conflict.save(update_fields=["source", "status", "reason", "decided_by", "decided_at"])
    record(
        actor=by,
        action="awards.conflict.declared",
        obj=conflict,
        summary=f"{judge} declared a conflict with {entry.title}",
        reason=reason,
    )
    _drop_assignments(conflict, by)
    return conflict


@transaction.atomic
def set_conflict_state(
    *,
    conflict: Conflict,
    to: ConflictStatus,
    by: User,
    note: str = "",
    now: datetime.datetime | None = None,
) -> Conflict:
    """The coordinator confirms or dismisses a conflict (declared ones are not dismissed)."""
    now = now or timezone.now()
    to = ConflictStatus(to)
    _require_coordinator(by)
    conflict = (
        Conflict.objects.select_for_update().select_related("entry", "judge").get(pk=conflict.pk)
    )
    previous = ConflictStatus(conflict.status)
    if previous == to:
        return conflict
    allowed = {
        (ConflictStatus.PENDING, ConflictStatus.CONFIRMED),
        (ConflictStatus.PENDING, ConflictStatus.DISMISSED),
        (ConflictStatus.DISMISSED, ConflictStatus.CONFIRMED),
        (ConflictStatus.CONFIRMED, ConflictStatus.DISMISSED),
    }
    if (previous, to) not in allowed:
        raise AwardsError(
            f"A conflict that is {previous.label.lower()} cannot become {to.label.lower()}.",
            code="bad_transition",
        )
    if to == ConflictStatus.DISMISSED and conflict.source == ConflictSource.DECLARED:
        raise AwardsError(
            "The judge declared this conflict themself, so it stands.", code="declared"
        )
    note = (note or "").strip()
    if to == ConflictStatus.DISMISSED and not note:
        raise AwardsError(
            "Say why this is not a conflict, for example 'different department'.",
            code="note_required",
        )
    conflict.status, conflict.decided_by, conflict.decided_at = to, by, now
    conflict.decision_note = note
    conflict.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    record(
        actor=by,
        action=f"awards.conflict.{to.value}",
        obj=conflict,
        summary=f"{conflict.judge} / {conflict.entry.title}: {previous.label} → {to.label}",
        previous=previous.value,
        status=to.value,
        note=note,
    )
    if to in EFFECTIVE_CONFLICT_STATUSES:
        _drop_assignments(conflict, by)
    return conflict
