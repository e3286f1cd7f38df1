"""From results to outcomes: the shortlist, the finalists, and gold, silver and bronze.

Every status change goes through ``entries.transition_entry``.

**The tie-break rule** (written here once, shown on the placings page): finalists
are placed by their round 2 normalised score, compared to two decimal places.
Finalists level on that score are separated by the higher mean score on the
round's tie-break criterion (assessment of impact), also to two decimal places.
If they are still level, the chair of the panel has the casting vote, which the
coordinator records with the chair's name; the record is kept with the placings.
"""

from dataclasses import dataclass, field

from django.db import transaction

from awards.enums import PLACINGS_IN_ORDER, EntryStatus, Placing, RoundStatus, TieBreakRule
from awards.models import Entry, PanelMember, Round, TieBreak
from awards.selectors import ResultRow, round_entries, round_results
from awards.services import AwardsError
from awards.services.entries import transition_entry
from core.audit import deny, record
from people.models import User

TIE_BREAK_RULE = (
    "Finalists are placed by their round 2 normalised score (to two decimal places). If two "
    "or more are level, the higher mean score for assessment of impact wins; if they are still "
    "level, the chair of the panel has the casting vote, which is recorded."
)


def _require_coordinator(by: User) -> None:
    if not by.has_perm("awards.manage_awards"):
        deny(actor=by, action="awards.manage_awards", reason="Not the awards coordinator")
        raise AwardsError("Only the awards coordinator can do this.", code="not_allowed")


# --- shortlist and finalists ---------------------------------------------------------


@transaction.atomic
def set_outcome(*, round: Round, entries: list[Entry], to: EntryStatus, by: User) -> list[Entry]:
    """Make exactly ``entries`` the round's shortlist or finalists.

    Entries ticked move to ``to``; entries that had ``to`` and are no longer ticked go back
    to submitted. Each move goes through the entry transition (round 1 closed, round 2 not
    yet open, coordinator only).
    """
    _require_coordinator(by)
    to = EntryStatus(to)
    if to not in (EntryStatus.SHORTLISTED, EntryStatus.FINALIST):
        raise AwardsError("Choose shortlist or finalists.", code="invalid")
    if round.number != 1:
        raise AwardsError("The shortlist and finalists come from round 1.", code="invalid")
    judged = {e.pk: e for e in round_entries(round)}
    chosen = {e.pk for e in entries}
    if chosen - set(judged):
        raise AwardsError("Only entries judged in round 1 can be chosen.", code="not_in_round")
    changed = []
    for pk in sorted(judged):
        entry = judged[pk]
        if pk in chosen and entry.status != to:
            if to == EntryStatus.SHORTLISTED and entry.status == EntryStatus.FINALIST:
                continue  # a finalist is already past the shortlist
            changed.append(transition_entry(entry=entry, to=to, by=by))
        elif pk not in chosen and entry.status == to:
            changed.append(transition_entry(entry=entry, to=EntryStatus.SUBMITTED, by=by))
    return changed


# --- placings ------------------------------------------------------------------------


def _two(x: float | None) -> float:
    return round(x or 0.0, 2)


@dataclass
class Place:
    row: ResultRow
    placing: Placing | None
    decided_by: TieBreakRule | None = None
    tied_with: list[ResultRow] = field(default_factory=list)


@dataclass
class Proposal:
    places: list[Place]
    # A tie the written rule cannot settle without the chair's casting vote.
    needs_vote: Placing | None = None
    tied: list[ResultRow] = field(default_factory=list)
    unscored: list[ResultRow] = field(default_factory=list)


def propose_placings(
    rows: list[ResultRow], *, tie_criterion_id: int | None, casting_votes: dict[str, int]
) -> Proposal:
    """Gold, silver and bronze from round 2's rows by the tie-break rule.

    ``casting_votes`` maps a placing ('gold') to the entry id the chair chose among the
    finalists still level for it. Stops at the first tie that needs a vote it lacks.
    """
    remaining = [r for r in rows if r.result is not None]
    proposal = Proposal(places=[], unscored=[r for r in rows if r.result is None])

    def impact(row: ResultRow) -> float:
        return _two(row.criterion_means.get(tie_criterion_id)) if tie_criterion_id else 0.0

    for placing in PLACINGS_IN_ORDER:
        if not remaining:
            break
        best = max(_two(r.result.normalised) for r in remaining)
        level = [r for r in remaining if _two(r.result.normalised) == best]
        decided_by = None
        if len(level) > 1:
            decided_by = TieBreakRule.IMPACT
            top_impact = max(impact(r) for r in level)
            still = [r for r in level if impact(r) == top_impact]
            if len(still) > 1:
                vote = casting_votes.get(placing.value)
                chosen = next((r for r in still if r.entry.pk == vote), None)
                if chosen is None:
                    proposal.needs_vote, proposal.tied = placing, still
                    return proposal
                decided_by = TieBreakRule.CASTING_VOTE
            else:
                chosen = still[0]
        else:
            chosen = level[0]
        proposal.places.append(
            Place(
                row=chosen,
                placing=placing,
                decided_by=decided_by,
                tied_with=[r for r in level if r is not chosen],
            )
        )
        remaining.remove(chosen)
    return proposal


def chair_of(round: Round) -> User | None:
    member = PanelMember.objects.filter(round=round, is_chair=True).select_related("judge").first()
    return member.judge if member else None


@transaction.atomic
def record_placings(
    *, round: Round, by: User, casting_votes: dict[str, int] | None = None, note: str = ""
) -> Proposal:
    """Place gold, silver and bronze from round 2's results by the tie-break rule.

    Refused until round 2 is closed, or while a tie needs the chair's casting vote that
    ``casting_votes`` does not give. Placings recorded before are replaced, with the
    record of how each tie was settled.
    """
    _require_coordinator(by)
    locked = Round.objects.select_for_update().select_related("cycle").get(pk=round.pk)
    if not locked.is_final:
        raise AwardsError("Placings come from the finalists' round.", code="invalid")
    if locked.status != RoundStatus.CLOSED:
        raise AwardsError("Close round 2 judging before recording the placings.", code="round_open")
    if locked.cycle.is_published:
        raise AwardsError("The results have been published.", code="published")
    results = round_results(locked)
    tie_criterion = results.tie_break_criterion()
    proposal = propose_placings(
        results.rows,
        tie_criterion_id=tie_criterion.pk if tie_criterion else None,
        casting_votes=casting_votes or {},
    )
    if proposal.needs_vote is not None:
        names = " and ".join(r.entry.title for r in proposal.tied)
        raise AwardsError(
            f"{names} are level for {proposal.needs_vote.label.lower()} on score and on "
            "assessment of impact. Record the chair's casting vote.",
            code="casting_vote_needed",
        )
    if not proposal.places:
        raise AwardsError("No finalist has been scored in round 2.", code="no_scores")
    chair = chair_of(locked)
    if any(p.decided_by == TieBreakRule.CASTING_VOTE for p in proposal.places) and chair is None:
        raise AwardsError(
            "A casting vote is needed, but the panel has no chair. Name the chair first.",
            code="no_chair",
        )
    for entry in Entry.objects.filter(cycle=locked.cycle, status=EntryStatus.WINNER):
        transition_entry(entry=entry, to=EntryStatus.FINALIST, by=by)
    TieBreak.objects.filter(round=locked).delete()
    for place in proposal.places:
        transition_entry(entry=place.row.entry, to=EntryStatus.WINNER, by=by, placing=place.placing)
        if place.decided_by is not None:
            tie = TieBreak.objects.create(
                round=locked,
                placing=place.placing,
                rule=place.decided_by,
                winner=place.row.entry,
                chair=chair if place.decided_by == TieBreakRule.CASTING_VOTE else None,
                note=(note or "").strip(),
                recorded_by=by,
            )
            tie.tied_entries.set([place.row.entry, *(r.entry for r in place.tied_with)])
            record(
                actor=by,
                action="awards.placing.tie_break",
                obj=tie,
                summary=f"{place.placing.label}: {place.row.entry.title} by "
                f"{place.decided_by.label.lower()}",
                tied=[r.entry.pk for r in place.tied_with],
                chair=chair.pk if chair and tie.chair_id else None,
            )
    return proposal


@transaction.atomic
def clear_placings(*, round: Round, by: User) -> None:
    """Undo recorded placings (before publication), e.g. to reopen round 2."""
    _require_coordinator(by)
    for entry in Entry.objects.filter(cycle=round.cycle, status=EntryStatus.WINNER):
        transition_entry(entry=entry, to=EntryStatus.FINALIST, by=by)
    TieBreak.objects.filter(round=round).delete()
