"""Judges' score sheets: save scores and comments, submit, and the coordinator's reopen.

``set_scoring_state`` is the one place an assignment's scoring status changes:
not started → in progress (first save), not started / in progress → submitted
(the judge, when every criterion has a score, while the round is open),
submitted → in progress (the coordinator reopens a sheet, while the round is open).
A judge cannot take back their own submission: they have seen the others'
scores by then.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from awards.enums import EFFECTIVE_CONFLICT_STATUSES, RoundStatus, ScoringStatus
from awards.models import Assignment, Conflict, Score
from awards.services import AwardsError
from core.audit import deny, record
from core.concurrency import changed_since, stale_message
from people.models import User

COMMENT_MAX = 3000


def _locked(assignment: Assignment) -> Assignment:
    return (
        Assignment.objects.select_for_update()
        .select_related("round", "entry", "judge")
        .get(pk=assignment.pk)
    )


def _check_judge(assignment: Assignment, by: User) -> None:
    if not by.has_perm("awards.score_assignment", assignment):
        deny(actor=by, action="awards.score_assignment", obj=assignment)
        raise AwardsError("Only the judge given this entry can score it.", code="not_allowed")
    if Conflict.objects.filter(
        entry=assignment.entry_id, judge=assignment.judge_id, status__in=EFFECTIVE_CONFLICT_STATUSES
    ).exists():
        raise AwardsError("You have a conflict with this entry.", code="conflicted")
    if assignment.round.status != RoundStatus.OPEN:
        raise AwardsError("Judging for this round is not open.", code="round_not_open")


def missing_criteria(assignment: Assignment) -> list[str]:
    """Titles of the round's criteria the sheet has no score for yet."""
    scored = set(
        assignment.scores.filter(value__isnull=False).values_list("criterion_id", flat=True)
    )
    return [c.title for c in assignment.round.criteria.all() if c.pk not in scored]


@transaction.atomic
def save_scores(
    *,
    assignment: Assignment,
    by: User,
    scores: dict[int, tuple[int | None, str]],
    submit: bool = False,
    seen_version: int | None = None,
) -> Assignment:
    """Save the judge's scores (criterion id → (1-10 or None, comment)); submit if asked.

    ``seen_version`` (``core.concurrency.version_of`` when the form was opened): refused
    (code ``stale``, saying who changed the scores and when) if they changed since.

    Only the assigned judge, free of conflicts, while the round is open, before they
    have submitted. Submitting needs every criterion scored.
    """
    assignment = _locked(assignment)
    _check_judge(assignment, by)
    change = changed_since(assignment, seen_version)
    if change is not None:
        raise AwardsError(stale_message(change, "these scores"), code="stale")
    if assignment.status == ScoringStatus.SUBMITTED:
        raise AwardsError(
            "You have submitted your scores for this entry, so they can no longer change.",
            code="submitted",
        )
    criteria = {c.pk: c for c in assignment.round.criteria.all()}
    unknown = set(scores) - set(criteria)
    if unknown:
        raise AwardsError("Those criteria are not in this round's rubric.", code="invalid")
    existing = {s.criterion_id: s for s in assignment.scores.all()}
    changed: dict[str, int | None] = {}
    for criterion_id, (value, comment) in scores.items():
        if value is not None and not 1 <= int(value) <= 10:
            raise AwardsError(f"Score '{criteria[criterion_id].title}' from 1 to 10.", code="range")
        comment = (comment or "").strip()[:COMMENT_MAX]
        score = existing.get(criterion_id)
        if score is None:
            Score.objects.create(
                assignment=assignment, criterion_id=criterion_id, value=value, comment=comment
            )
            changed[str(criterion_id)] = value
        elif (score.value, score.comment) != (value, comment):
            score.value, score.comment = value, comment
            score.save(update_fields=["value", "comment"])
            changed[str(criterion_id)] = value
    if changed:
        record(
            actor=by,
            action="awards.scores.saved",
            obj=assignment,
            summary=f"Scored {len(changed)} criteria of {assignment.entry.title}",
            scores=changed,
        )
    if submit:
        return set_scoring_state(assignment=assignment, to=ScoringStatus.SUBMITTED, by=by)
    if assignment.status == ScoringStatus.NOT_STARTED:
        return set_scoring_state(assignment=assignment, to=ScoringStatus.DRAFT, by=by)
    assignment.save(update_fields=["updated_at"])
    return assignment


@transaction.atomic
def set_scoring_state(
    *,
    assignment: Assignment,
    to: ScoringStatus,
    by: User,
    now: datetime.datetime | None = None,
) -> Assignment:
    """Move a score sheet on (see the module docstring for who may do what)."""
    now = now or timezone.now()
    to = ScoringStatus(to)
    assignment = _locked(assignment)
    previous = ScoringStatus(assignment.status)
    if previous == to:
        return assignment
    if to == ScoringStatus.DRAFT and previous == ScoringStatus.SUBMITTED:
        if not by.has_perm("awards.manage_awards"):
            raise AwardsError(
                "Only the awards coordinator can reopen submitted scores.", code="not_allowed"
            )
        if assignment.round.status != RoundStatus.OPEN:
            raise AwardsError("Judging for this round is not open.", code="round_not_open")
    elif (previous, to) in {
        (ScoringStatus.NOT_STARTED, ScoringStatus.DRAFT),
        (ScoringStatus.NOT_STARTED, ScoringStatus.SUBMITTED),
        (ScoringStatus.DRAFT, ScoringStatus.SUBMITTED),
    }:
        _check_judge(assignment, by)
        if to == ScoringStatus.SUBMITTED:
            missing = missing_criteria(assignment)
            if missing:
                raise AwardsError(
                    "Score every criterion before you submit. Still to score: "
                    + "; ".join(missing)
                    + ".",
                    code="incomplete",
                )
    else:
        raise AwardsError(
            f"Scores that are {previous.label.lower()} cannot become {to.label.lower()}.",
            code="bad_transition",
        )
    assignment.status = to
    assignment.submitted_at = now if to == ScoringStatus.SUBMITTED else None
    assignment.save(update_fields=["status", "submitted_at", "updated_at"])
    record(
        actor=by,
        action=f"awards.scores.{to.value}",
        obj=assignment,
        summary=f"{assignment.judge} / {assignment.entry.title}: {previous.label} → {to.label}",
        previous=previous.value,
        status=to.value,
    )
    return assignment
