"""The awards sections of 'My portal' (registered in ``awards.apps``)."""

from django.db.models import Count, Q
from django.http import HttpRequest
from django.utils import timezone

from awards import selectors
from awards.enums import ConflictStatus, EntryStatus, RoundStatus, ScoringStatus
from awards.models import Assignment, Conflict, Cycle
from awards.tables import SCORING_TAGS, entry_tag

ROWS = 4


def entries_section(request: HttpRequest) -> dict:
    """The person's entries (newest cycle first) and any cycle open for entries."""
    now = timezone.now()
    entries = list(selectors.my_entries(request.user)[:ROWS])
    return {
        "entries": [(e, *entry_tag(e)) for e in entries],
        "open_cycles": [
            c for c in selectors.cycles_for_entrants(now) if c.is_open_for_entries(now)
        ],
    }


def judging_section(request: HttpRequest) -> dict:
    """Invitations to answer and how many entries wait for the judge's scores."""
    queue = selectors.judge_queue(request.user, open_only=True)
    counts = queue.aggregate(
        to_score=Count("pk", filter=~Q(status=ScoringStatus.SUBMITTED)),
        done=Count("pk", filter=Q(status=ScoringStatus.SUBMITTED)),
    )
    next_up = list(queue.exclude(status=ScoringStatus.SUBMITTED)[:ROWS])
    return {
        "invitations": selectors.open_invitations(request.user),
        "to_score": counts["to_score"],
        "done": counts["done"],
        "next_up": [(a, *SCORING_TAGS[ScoringStatus(a.status)]) for a in next_up],
    }


def coordinator_section(request: HttpRequest) -> dict:
    """The cycle being run: entries, judging progress and conflicts to decide."""
    cycle = (
        Cycle.objects.filter(results_published_at__isnull=True)
        .order_by("entries_open_at")
        .annotate(
            submitted=Count(
                "entries",
                filter=Q(
                    entries__status__in=[
                        s.value
                        for s in EntryStatus
                        if s not in (EntryStatus.DRAFT, EntryStatus.WITHDRAWN)
                    ]
                ),
                distinct=True,
            ),
            drafts=Count("entries", filter=Q(entries__status=EntryStatus.DRAFT), distinct=True),
        )
        .first()
    )
    if cycle is None:
        return {"cycle": None}
    open_round = cycle.rounds.filter(status=RoundStatus.OPEN).order_by("number").first()
    progress = None
    if open_round is not None:
        sheets = Assignment.objects.filter(round=open_round).aggregate(
            total=Count("pk"), done=Count("pk", filter=Q(status=ScoringStatus.SUBMITTED))
        )
        progress = {"round": open_round, **sheets}
    return {
        "cycle": cycle,
        "round": open_round,
        "progress": progress,
        "pending_conflicts": Conflict.objects.filter(
            entry__cycle=cycle, status=ConflictStatus.PENDING
        ).count(),
        "results_round": cycle.rounds.exclude(status=RoundStatus.SETUP).order_by("-number").first(),
    }
