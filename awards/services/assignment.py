"""Who scores which entry: the one assignment service, and the coordinator's hand changes.

``assign_round`` detects conflicts first, then asks ``awards.planner`` for the
plan and writes the difference. While a round is being set up, the portal's own
assignments are worked out afresh each run (the coordinator's hand assignments
stay); once judging is open, every existing assignment stays and only gaps are
filled, so nobody loses an entry they may have started reading.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from awards.enums import (
    EFFECTIVE_CONFLICT_STATUSES,
    AssignmentSource,
    InvitationStatus,
    RoundStatus,
    ScoringStatus,
)
from awards.models import Assignment, Conflict, Entry, PanelMember, Round
from awards.planner import plan_assignments
from awards.selectors import (
    accepted_judges,
    assignment_gaps,
    is_partner_judge,
    round_entries,
)
from awards.services import AwardsError
from awards.services.conflicts import detect_conflicts
from core.audit import deny, record
from people.models import User


def _require_coordinator(by: User) -> None:
    if not by.has_perm("awards.manage_awards"):
        deny(actor=by, action="awards.manage_awards", reason="Not the awards coordinator")
        raise AwardsError("Only the awards coordinator can do this.", code="not_allowed")


def effective_conflicts(cycle_id: int) -> dict[tuple[int, int], str]:
    """(entry id, judge id) → reason, for every conflict that counts in the cycle."""
    return {
        (c.entry_id, c.judge_id): c.reason
        for c in Conflict.objects.filter(
            entry__cycle_id=cycle_id, status__in=EFFECTIVE_CONFLICT_STATUSES
        )
    }


@dataclass
class EntryNote:
    """Why an entry did not get everything the rules ask for."""

    entry: Entry
    messages: list[str]


@dataclass
class AssignmentReport:
    round: Round
    judges_per_entry: int
    added: int = 0
    removed: int = 0
    kept: int = 0
    loads: dict[int, int] = field(default_factory=dict)
    notes: list[EntryNote] = field(default_factory=list)

    @property
    def spread(self) -> int:
        values = list(self.loads.values())
        return max(values) - min(values) if values else 0


@transaction.atomic
def assign_round(*, round: Round, by: User, k: int | None = None) -> AssignmentReport:
    """Assign the round's entries to its accepted judges (see ``awards.planner``).

    ``k`` (judges per entry) defaults to the round's setting; 0 means every judge.
    Returns what changed, each judge's load, and why any entry is short of judges
    or of a partner judge.
    """
    _require_coordinator(by)
    locked = Round.objects.select_for_update().select_related("cycle").get(pk=round.pk)
    if locked.status == RoundStatus.CLOSED:
        raise AwardsError("Judging for this round has closed.", code="round_closed")
    k = locked.judges_per_entry if k is None else k
    if k < 0:
        raise AwardsError("Judges per entry cannot be negative.", code="invalid")
    detect_conflicts(cycle=locked.cycle, by=by)
    judges = accepted_judges(locked)
    if not judges:
        raise AwardsError(
            "No judge has accepted a place on this round's panel yet.", code="no_judges"
        )
    entries = list(round_entries(locked).order_by("pk"))
    if not entries:
        raise AwardsError("There are no entries to assign in this round.", code="no_entries")
    judges_by_id = {j.pk: j for j in judges}
    entry_ids = {e.pk for e in entries}
    conflicts = effective_conflicts(locked.cycle_id)
    existing = list(Assignment.objects.filter(round=locked))

    # Assignments that no longer fit (judge off the panel, entry out of the locked): drop
    # them unless scores were submitted.
    removed = 0
    valid = []
    for a in existing:
        fits = a.judge_id in judges_by_id and a.entry_id in entry_ids
        if fits or a.status == ScoringStatus.SUBMITTED:
            valid.append(a)
        else:
            a.delete()
            removed += 1
    if locked.status == RoundStatus.OPEN:
        fixed = {(a.entry_id, a.judge_id) for a in valid}
    else:
        fixed = {(a.entry_id, a.judge_id) for a in valid if a.source == AssignmentSource.HAND}
    partner_ids = {j.pk for j in judges if is_partner_judge(j)}
    plan = plan_assignments(
        entries=sorted(entry_ids),
        judges=sorted(judges_by_id),
        partner_judges=partner_ids,
        conflicts=set(conflicts),
        k=k,
        fixed=fixed,
    )
    current = {(a.entry_id, a.judge_id): a for a in valid}
    to_remove = [a for pair, a in current.items() if pair not in plan.pairs]
    for a in to_remove:
        a.delete()
    removed += len(to_remove)
    now = timezone.now()
    new = [
        Assignment(
            round=locked, entry_id=e, judge_id=j, source=AssignmentSource.AUTO, created_at=now
        )
        for e, j in sorted(plan.pairs - set(current))
    ]
    Assignment.objects.bulk_create(new)
    report = AssignmentReport(
        round=locked,
        judges_per_entry=k,
        added=len(new),
        removed=removed,
        kept=len(plan.pairs) - len(new),
        loads=dict(plan.loads),
    )
    entries_by_id = {e.pk: e for e in entries}
    for entry_id, messages in assignment_gaps(locked).items():
        report.notes.append(EntryNote(entries_by_id[entry_id], messages))
    record(
        actor=by,
        action="awards.round.assigned",
        obj=locked,
        summary=f"Assigned {locked}: {report.added} added, {report.removed} removed",
        judges_per_entry=k,
        added=[[a.entry_id, a.judge_id] for a in new],
        removed=[[a.entry_id, a.judge_id] for a in to_remove],
        shortfalls=sorted(plan.shortfalls),
    )
    return report


@transaction.atomic
def add_assignment(*, round: Round, entry: Entry, judge: User, by: User) -> Assignment:
    """The coordinator gives an entry to a judge by hand (never a conflicted judge)."""
    _require_coordinator(by)
    locked = Round.objects.select_for_update().get(pk=round.pk)
    if locked.status == RoundStatus.CLOSED:
        raise AwardsError("Judging for this round has closed.", code="round_closed")
    if not round_entries(locked).filter(pk=entry.pk).exists():
        raise AwardsError("That entry is not judged in this round.", code="not_in_round")
    if not PanelMember.objects.filter(
        round=locked, judge=judge, status=InvitationStatus.ACCEPTED
    ).exists():
        raise AwardsError(f"{judge} has not accepted a place on this panel.", code="not_on_panel")
    conflict = Conflict.objects.filter(
        entry=entry, judge=judge, status__in=EFFECTIVE_CONFLICT_STATUSES
    ).first()
    if conflict is not None:
        raise AwardsError(
            f"{judge} has a conflict with this entry: {conflict.reason}", code="conflicted"
        )
    if Assignment.objects.filter(round=locked, entry=entry, judge=judge).exists():
        raise AwardsError(f"{judge} already has this entry.", code="already")
    assignment = Assignment.objects.create(
        round=locked, entry=entry, judge=judge, source=AssignmentSource.HAND
    )
    record(
        actor=by,
        action="awards.assignment.added",
        obj=assignment,
        summary=f"Gave {entry.title} to {judge} by hand ({locked.name})",
    )
    return assignment


@transaction.atomic
def remove_assignment(*, assignment: Assignment, by: User) -> None:
    """The coordinator takes an entry off a judge; refused once the judge has submitted."""
    _require_coordinator(by)
    assignment = (
        Assignment.objects.select_for_update()
        .select_related("round", "entry", "judge")
        .get(pk=assignment.pk)
    )
    if assignment.round.status == RoundStatus.CLOSED:
        raise AwardsError("Judging for this round has closed.", code="round_closed")
    if assignment.status == ScoringStatus.SUBMITTED:
        raise AwardsError(
            f"{assignment.judge} has submitted scores for this entry, so it stays with them.",
            code="has_scores",
        )
    record(
        actor=by,
        action="awards.assignment.removed",
        obj=assignment,
        summary=f"Took {assignment.entry.title} off {assignment.judge} ({assignment.round.name})",
        status=assignment.status,
    )
    assignment.delete()
