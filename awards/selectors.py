"""Heavy reads for awards: each costs a fixed number of queries whatever the row count."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from awards.enums import (
    EFFECTIVE_CONFLICT_STATUSES,
    FINAL_STATUSES,
    JUDGED_STATUSES,
    PLACINGS_IN_ORDER,
    ConflictStatus,
    EntryStatus,
    InvitationStatus,
    RoundStatus,
    ScoreVisibility,
    ScoringStatus,
)
from awards.models import (
    Assignment,
    Category,
    Conflict,
    Criterion,
    Cycle,
    Entry,
    PanelMember,
    Round,
    Score,
)
from awards.stats import EntryResult, Sheet, compute_results, weighted_score
from core.page_cache import kept
from people.enums import OrganisationType, Role
from people.models import User

# --- cycles --------------------------------------------------------------------------


def cycles_for_entrants(now: datetime.datetime | None = None) -> list[Cycle]:
    """Cycles open for entries or not yet over (ceremony ahead), with their categories."""
    now = now or timezone.now()
    return list(
        Cycle.objects.filter(ceremony_on__gte=timezone.localdate(now))
        .select_related("guidance_session__venue", "guidance_session__course")
        .prefetch_related(
            Prefetch(
                "categories",
                queryset=Category.objects.prefetch_related("required_organisations"),
            ),
            "rounds",
        )
        .order_by("entries_open_at")
    )


def past_cycles() -> list[Cycle]:
    """Published cycles with their placed entries (gold first), newest first."""
    cycles = list(
        Cycle.objects.filter(results_published_at__isnull=False)
        .prefetch_related(
            Prefetch(
                "entries",
                queryset=Entry.objects.filter(status=EntryStatus.WINNER)
                .select_related("category")
                .order_by("pk"),
                to_attr="placed",
            )
        )
        .order_by("-entries_open_at")
    )
    for cycle in cycles:
        cycle.placed.sort(key=lambda e: PLACINGS_IN_ORDER.index(e.placing))
    return cycles


def cycles_to_manage() -> QuerySet[Cycle]:
    return Cycle.objects.annotate(
        entry_count=Count("entries", filter=Q(entries__status__in=JUDGED_STATUSES), distinct=True),
        draft_count=Count("entries", filter=Q(entries__status=EntryStatus.DRAFT), distinct=True),
    ).order_by("-entries_open_at")


def round_name(pk: int) -> str | None:
    """The round's name as ``str(round)`` gives it ("<cycle>: <round>"), or None when
        there is no such round, for pages that need only the name: kept between requests until
    any data changes (``core.page_cache.kept``)."""

    def read() -> str | None:
        found = Round.objects.filter(pk=pk).values_list("cycle__name", "name").first()
        return None if found is None else f"{found[0]}: {found[1]}"

    return kept(f"awards:round-name:{pk}", read)


def cycle_detail(pk: int) -> Cycle:
    return (
        Cycle.objects.select_related("guidance_session__venue")
        .prefetch_related(
            Prefetch("rounds", queryset=Round.objects.order_by("number")),
            Prefetch(
                "categories", queryset=Category.objects.prefetch_related("required_organisations")
            ),
        )
        .get(pk=pk)
    )


# --- entries -------------------------------------------------------------------------


def my_entries(user: User) -> QuerySet[Entry]:
    """Entries the person leads or is a co-entrant of."""
    return (
        Entry.objects.filter(Q(lead=user) | Q(co_entrants=user))
        .select_related("cycle", "category", "lead")
        .distinct()
        .order_by("-cycle__entries_open_at", "title", "pk")
    )


def entry_for_team(pk: int) -> Entry:
    """An entry with what its pages show (raises Entry.DoesNotExist)."""
    return (
        Entry.objects.select_related(
            "cycle",
            "category",
            "lead__team",
            "lead__district",
            "lead__organisation",
            "last_saved_by",
            "extended_by",
            "source_case_study__enrolment__qualification",
        )
        .prefetch_related("partners", "co_entrants", "category__required_organisations")
        .get(pk=pk)
    )


def entries_to_manage(cycle: Cycle) -> QuerySet[Entry]:
    return (
        Entry.objects.filter(cycle=cycle)
        .select_related("cycle", "category", "lead__team", "lead__district")
        .annotate(
            judges=Count("assignments", filter=Q(assignments__round__number=1), distinct=True),
            co_count=Count("co_entrants", distinct=True),
        )
        .order_by("title", "pk")
    )


# --- judging -------------------------------------------------------------------------


def is_partner_judge(judge: User) -> bool:
    """A judge from a partner organisation (not the force)."""
    return judge.organisation is not None and judge.organisation.type != OrganisationType.FORCE


def round_entries(round: Round) -> QuerySet[Entry]:
    """The entries a round judges: round 1 every entry in the competition, later rounds
    the finalists."""
    statuses = JUDGED_STATUSES if round.number == 1 else FINAL_STATUSES
    return Entry.objects.filter(cycle_id=round.cycle_id, status__in=statuses)


def accepted_judges(round: Round) -> list[User]:
    return list(
        User.objects.filter(
            award_panels__round=round, award_panels__status=InvitationStatus.ACCEPTED
        )
        .select_related("organisation")
        .order_by("pk")
    )


def _conflicted(user_field: str = "judge"):
    return Exists(
        Conflict.objects.filter(
            entry=OuterRef("entry"),
            judge=OuterRef(user_field),
            status__in=EFFECTIVE_CONFLICT_STATUSES,
        )
    )


def judge_queue(user: User, *, open_only: bool = False) -> QuerySet[Assignment]:
    """The judge's assignments in rounds that are open (or also closed), conflicts left out.

    In progress first, then to score, then submitted.
    """
    queryset = Assignment.objects.filter(judge=user)
    if open_only:
        queryset = queryset.filter(round__status=RoundStatus.OPEN)
    else:
        queryset = queryset.exclude(round__status=RoundStatus.SETUP)
    return (
        queryset.alias(conflicted=_conflicted())
        .filter(conflicted=False)
        .select_related("entry__category", "entry__lead__team", "round__cycle")
        .order_by(
            "round__status",
            "-round__cycle__entries_open_at",
            "round__number",
            "status",
            "entry__title",
        )
    )


def open_invitations(user: User) -> list[PanelMember]:
    return list(
        PanelMember.objects.filter(judge=user, status=InvitationStatus.INVITED)
        .exclude(round__status=RoundStatus.CLOSED)
        .select_related("round__cycle")
        .order_by("round__opens_on")
    )


def panels_of(user: User) -> list[PanelMember]:
    return list(
        PanelMember.objects.filter(judge=user)
        .select_related("round__cycle")
        .order_by("-round__cycle__entries_open_at", "round__number")
    )


def declared_conflicts(user: User) -> list[Conflict]:
    return list(
        Conflict.objects.filter(judge=user)
        .exclude(status=ConflictStatus.DISMISSED)
        .select_related("entry__cycle")
        .order_by("-created_at")
    )


def judge_assignment(user: User, pk: int) -> Assignment | None:
    """The judge's own assignment ``pk``, or None if it is not theirs, its round is being
    set up, or they have a conflict with the entry (the views answer 404)."""
    return (
        judge_queue(user)
        .select_related("entry__lead__district", "entry__cycle")
        .prefetch_related("entry__partners", "scores")
        .filter(pk=pk)
        .first()
    )


def may_see_others(assignment: Assignment) -> bool:
    """Whether the judge may see the other judges' scores for this entry now."""
    visibility = assignment.round.score_visibility
    if visibility == ScoreVisibility.ALWAYS:
        return True
    if visibility == ScoreVisibility.AFTER_OWN:
        return assignment.status == ScoringStatus.SUBMITTED
    return False


@dataclass
class OtherSheet:
    label: str
    weighted: float | None
    scores: list  # (criterion, value, comment)


def others_scores(assignment: Assignment, criteria: list[Criterion]) -> list[OtherSheet]:
    """The other judges' submitted scores on the same entry and round, as 'Judge A', 'Judge B'."""
    others = (
        Assignment.objects.filter(
            round=assignment.round_id, entry=assignment.entry_id, status=ScoringStatus.SUBMITTED
        )
        .exclude(pk=assignment.pk)
        .prefetch_related("scores")
        .order_by("pk")
    )
    weights = {c.pk: c.weight for c in criteria}
    sheets = []
    for index, other in enumerate(others):
        values = {s.criterion_id: s for s in other.scores.all()}
        complete = all(values.get(c) and values[c].value is not None for c in weights)
        sheets.append(
            OtherSheet(
                label=f"Judge {chr(ord('A') + index)}",
                weighted=weighted_score({c: values[c].value for c in weights}, weights)
                if complete
                else None,
                scores=[
                    (
                        c,
                        values[c.pk].value if c.pk in values else None,
                        values[c.pk].comment if c.pk in values else "",
                    )
                    for c in criteria
                ],
            )
        )
    return sheets


# --- results -------------------------------------------------------------------------


@dataclass
class ResultRow:
    entry: Entry
    assigned: int
    submitted: int
    result: EntryResult | None
    criterion_means: dict[int, float] = field(default_factory=dict)

    @property
    def scored(self) -> bool:
        return self.result is not None


@dataclass
class RoundResults:
    round: Round
    criteria: list[Criterion]
    rows: list[ResultRow]
    sheets_submitted: int
    sheets_total: int

    @property
    def progress(self) -> int:
        return round(100 * self.sheets_submitted / self.sheets_total) if self.sheets_total else 0

    def tie_break_criterion(self) -> Criterion | None:
        return next((c for c in self.criteria if c.is_tie_break), None)


def submitted_scores(round: Round) -> list[tuple[int, int, int, int]]:
    """(entry, judge, criterion, value) for every submitted sheet of the round."""
    return list(
        Score.objects.filter(
            assignment__round=round, assignment__status=ScoringStatus.SUBMITTED
        ).values_list("assignment__entry_id", "assignment__judge_id", "criterion_id", "value")
    )


def results_from_scores(
    rows: list[tuple[int, int, int, int]], weights: dict[int, int], *, seed: int
) -> tuple[dict[int, EntryResult], dict[int, dict[int, float]]]:
    """Results and per-criterion means per entry, from (entry, judge, criterion, value) rows."""
    per_sheet: dict[tuple[int, int], dict[int, int]] = defaultdict(dict)
    for entry, judge, criterion, value in rows:
        if criterion in weights and value is not None:
            per_sheet[(entry, judge)][criterion] = value
    sheets = []
    sums: dict[int, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
    for (entry, judge), values in per_sheet.items():
        if len(values) != len(weights):
            continue  # a sheet is only submitted complete; rubric changes would show here
        sheets.append(Sheet(entry=entry, judge=judge, weighted=weighted_score(values, weights)))
        for criterion, value in values.items():
            sums[entry][criterion].append(value)
    means = {
        entry: {c: sum(vs) / len(vs) for c, vs in by_criterion.items()}
        for entry, by_criterion in sums.items()
    }
    return compute_results(sheets, seed=seed), means


def round_results(round: Round) -> RoundResults:
    """Every entry of the round with its scoring progress and results (5 queries)."""
    criteria = list(round.criteria.all())
    weights = {c.pk: c.weight for c in criteria}
    entries = list(round_entries(round).select_related("category", "lead__team").order_by("pk"))
    counts = defaultdict(lambda: [0, 0])
    for entry_id, status, n in (
        Assignment.objects.filter(round=round)
        .values_list("entry_id", "status")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        counts[entry_id][0] += n
        if status == ScoringStatus.SUBMITTED:
            counts[entry_id][1] += n
    results, means = results_from_scores(submitted_scores(round), weights, seed=round.pk)
    rows = [
        ResultRow(
            entry=e,
            assigned=counts[e.pk][0],
            submitted=counts[e.pk][1],
            result=results.get(e.pk),
            criterion_means=means.get(e.pk, {}),
        )
        for e in entries
    ]
    rows.sort(key=lambda r: (r.result is None, r.result.rank if r.result else 0, r.entry.title))
    return RoundResults(
        round=round,
        criteria=criteria,
        rows=rows,
        sheets_submitted=sum(c[1] for c in counts.values()),
        sheets_total=sum(c[0] for c in counts.values()),
    )


def score_rows_for_export(round: Round) -> list[tuple]:
    """Every score of the round: entry, category, judge, organisation, criterion, weight,
    score, comment, sheet status, submitted at."""
    return list(
        Score.objects.filter(assignment__round=round)
        .order_by("assignment__entry__title", "assignment__judge__last_name", "criterion__order")
        .values_list(
            "assignment__entry__title",
            "assignment__entry__category__name",
            "assignment__judge__first_name",
            "assignment__judge__last_name",
            "assignment__judge__organisation__name",
            "criterion__title",
            "criterion__weight",
            "value",
            "comment",
            "assignment__status",
            "assignment__submitted_at",
        )
    )


# --- feedback for entrants -----------------------------------------------------------


@dataclass
class CriterionFeedback:
    criterion: Criterion
    mine: float | None
    field_mean: float | None
    comments: list[str]


@dataclass
class EntryFeedback:
    round: Round
    result: EntryResult | None
    entries_scored: int
    field_raw_mean: float
    field_low: float
    field_high: float
    criteria: list[CriterionFeedback]


def entry_feedback(entry: Entry) -> list[EntryFeedback]:
    """After publication: per round the entry was judged in, its scores against the field and
    the judges' comments, without judges' names."""
    if not entry.cycle.is_published:
        return []
    feedback = []
    for stage in entry.cycle.rounds.order_by("number").prefetch_related("criteria"):
        criteria = list(stage.criteria.all())
        weights = {c.pk: c.weight for c in criteria}
        rows = submitted_scores(stage)
        if not any(r[0] == entry.pk for r in rows):
            continue
        results, means = results_from_scores(rows, weights, seed=stage.pk)
        field_raw = [r.raw for r in results.values()]
        field_means: dict[int, list[float]] = defaultdict(list)
        for by_criterion in means.values():
            for c, m in by_criterion.items():
                field_means[c].append(m)
        comments = defaultdict(list)
        for criterion_id, comment in (
            Score.objects.filter(
                assignment__round=stage,
                assignment__entry=entry,
                assignment__status=ScoringStatus.SUBMITTED,
            )
            .exclude(comment="")
            .order_by("assignment_id", "criterion__order")
            .values_list("criterion_id", "comment")
        ):
            comments[criterion_id].append(comment)
        feedback.append(
            EntryFeedback(
                round=stage,
                result=results.get(entry.pk),
                entries_scored=len(results),
                field_raw_mean=sum(field_raw) / len(field_raw),
                field_low=min(field_raw),
                field_high=max(field_raw),
                criteria=[
                    CriterionFeedback(
                        criterion=c,
                        mine=means.get(entry.pk, {}).get(c.pk),
                        field_mean=(sum(field_means[c.pk]) / len(field_means[c.pk]))
                        if field_means[c.pk]
                        else None,
                        comments=comments[c.pk],
                    )
                    for c in criteria
                ],
            )
        )
    return feedback


# --- the coordinator's views ---------------------------------------------------------


def conflicts_to_manage(cycle: Cycle) -> QuerySet[Conflict]:
    return (
        Conflict.objects.filter(entry__cycle=cycle)
        .select_related("entry", "judge__organisation", "decided_by")
        .order_by(
            # Pending first
            "status",
            "entry__title",
            "judge__last_name",
        )
    )


def panel_of(round: Round) -> list[PanelMember]:
    return list(
        round.panel.select_related("judge__organisation", "judge__team")
        .annotate(
            load=Count("judge__award_assignments", filter=Q(judge__award_assignments__round=round)),
            done=Count(
                "judge__award_assignments",
                filter=Q(
                    judge__award_assignments__round=round,
                    judge__award_assignments__status=ScoringStatus.SUBMITTED,
                ),
            ),
        )
        .order_by("judge__last_name", "judge__first_name")
    )


def judges_to_invite(round: Round) -> QuerySet[User]:
    return (
        User.objects.filter(groups__name=Role.JUDGE.value, is_active=True)
        .exclude(award_panels__round=round)
        .select_related("organisation")
        .order_by("last_name", "first_name")
    )


@dataclass
class AssignmentGrid:
    round: Round
    judges: list[User]
    rows: list[tuple[Entry, list[Assignment]]]


def assignment_grid(round: Round) -> AssignmentGrid:
    """Entries of the round with their assignments, and the accepted judges."""
    assignments = defaultdict(list)
    for a in (
        Assignment.objects.filter(round=round)
        .select_related("judge__organisation")
        .order_by("judge__last_name", "judge__first_name")
    ):
        assignments[a.entry_id].append(a)
    entries = list(round_entries(round).select_related("category", "lead").order_by("title", "pk"))
    return AssignmentGrid(
        round=round,
        judges=accepted_judges(round),
        rows=[(e, assignments[e.pk]) for e in entries],
    )


def _effective_conflicts(cycle_id: int) -> dict[tuple[int, int], str]:
    return {
        (entry, judge): reason
        for entry, judge, reason in Conflict.objects.filter(
            entry__cycle_id=cycle_id, status__in=EFFECTIVE_CONFLICT_STATUSES
        ).values_list("entry_id", "judge_id", "reason")
    }


def assignment_gaps(round: Round, grid: AssignmentGrid | None = None) -> dict[int, list[str]]:
    """Why an entry has fewer judges than the round asks for, or no partner judge.

    Keyed by entry id; entries with nothing to explain are left out.
    """
    grid = grid or assignment_grid(round)
    conflicts = _effective_conflicts(round.cycle_id)
    judges = grid.judges
    partners = [j for j in judges if is_partner_judge(j)]
    k = round.judges_per_entry
    wanted = k if k > 0 else len(judges)
    gaps: dict[int, list[str]] = {}
    for entry, assigned in grid.rows:
        messages = []
        conflicted = [j for j in judges if (entry.pk, j.pk) in conflicts]
        free = [j for j in judges if (entry.pk, j.pk) not in conflicts]
        if len(assigned) < wanted:
            text = f"Has {len(assigned)} of the {wanted} judges it needs"
            if len(free) < wanted:
                text += (
                    f": {len(conflicted)} of the {len(judges)} judges on the panel "
                    f"{'has a' if len(conflicted) == 1 else 'have a'} conflict with it"
                )
                if conflicted:
                    text += (
                        " ("
                        + "; ".join(conflicts[(entry.pk, j.pk)].rstrip(".") for j in conflicted)
                        + ")"
                    )
            else:
                text += ". Run the assignment to fill the gap"
            messages.append(text + ".")
        if not any(is_partner_judge(a.judge) for a in assigned):
            free_partners = [j for j in partners if (entry.pk, j.pk) not in conflicts]
            if not partners:
                messages.append(
                    "No partner judge: no partner judge has accepted a place on the panel."
                )
            elif not free_partners:
                messages.append(
                    "No partner judge: every partner judge on the panel has a conflict with it ("
                    + "; ".join(conflicts[(entry.pk, j.pk)].rstrip(".") for j in partners)
                    + ")."
                )
            elif assigned:
                names = ", ".join(j.get_full_name() or j.username for j in free_partners)
                messages.append(
                    f"No partner judge yet, though {names} could score it. Run the assignment, "
                    "or give it to them by hand."
                )
        if messages:
            gaps[entry.pk] = messages
    return gaps


def finalists_for_library() -> QuerySet[Entry]:
    """Finalists' and winners' entries whose lead agreed to publication in the What Works
    library (latest consent first), with what the library's draft needs."""
    return (
        Entry.objects.filter(
            status__in=[EntryStatus.FINALIST, EntryStatus.WINNER],
            library_consent_at__isnull=False,
        )
        .select_related(
            "cycle",
            "category",
            "lead__organisation",
            "lead__district",
            "lead__team",
            "library_consent_by",
        )
        .prefetch_related("partners", "co_entrants")
        .order_by("-library_consent_at", "-pk")
    )
