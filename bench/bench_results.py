"""Round results for 500 entries x 7 judges: weighted means, per-judge normalisation and
rank intervals from 200 resamplings. Target: under a second.

Prints the pure computation (``awards.stats.compute_results`` on 3,500 score sheets) and
the whole selector the results page uses (``awards.selectors.round_results``: reading
17,500 scores from the database, then computing). The data is written in bulk to a
throwaway SQLite database; no demo data is needed.
"""

import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENTRIES, JUDGES_PER_ENTRY, PANEL, REPEAT = 500, 7, 40, 5
TARGET_SECONDS = 1.0


def setup() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    if "DATABASE_URL" not in os.environ:
        os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench-results.sqlite3"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build():
    import datetime

    from django.utils import timezone

    from awards.enums import EntryStatus, RoundStatus, ScoringStatus
    from awards.models import Assignment, Entry, Score
    from awards.services.cycles import create_cycle
    from people.enums import OrganisationType
    from people.models import Organisation, User

    force, _ = Organisation.objects.get_or_create(
        name="Bench force", defaults={"type": OrganisationType.FORCE}
    )
    boss = User.objects.create_superuser("bench-coordinator", "b@example.org", None)
    today = timezone.localdate()
    cycle = create_cycle(
        name=f"Bench awards {time.time_ns()}",
        entries_open_at=timezone.now() - datetime.timedelta(days=60),
        entries_close_at=timezone.now() - datetime.timedelta(days=30),
        ceremony_on=today + datetime.timedelta(days=40),
        judging=[
            (today - datetime.timedelta(days=29), today + datetime.timedelta(days=10)),
            (today + datetime.timedelta(days=20), today + datetime.timedelta(days=30)),
        ],
        by=boss,
    )
    round_ = cycle.rounds.get(number=1)
    round_.status = RoundStatus.CLOSED
    round_.save(update_fields=["status"])
    category = cycle.categories.first()
    judges = User.objects.bulk_create(
        User(username=f"bench-judge-{n}", organisation=force) for n in range(PANEL)
    )
    entries = Entry.objects.bulk_create(
        Entry(
            cycle=cycle,
            category=category,
            lead=boss,
            title=f"Entry {n}",
            status=EntryStatus.SUBMITTED,
        )
        for n in range(ENTRIES)
    )
    rng = random.Random(1)
    harshness = {j.pk: rng.uniform(-1.5, 1.0) for j in judges}
    assignments = Assignment.objects.bulk_create(
        Assignment(round=round_, entry=e, judge=j, status=ScoringStatus.SUBMITTED)
        for e in entries
        for j in rng.sample(judges, JUDGES_PER_ENTRY)
    )
    criteria = list(round_.criteria.all())
    quality = {e.pk: rng.uniform(3, 9) for e in entries}
    Score.objects.bulk_create(
        (
            Score(
                assignment=a,
                criterion=c,
                value=max(
                    1, min(10, round(quality[a.entry_id] + harshness[a.judge_id] + rng.gauss(0, 1)))
                ),
            )
            for a in assignments
            for c in criteria
        ),
        batch_size=2000,
    )
    return round_


def timed(fn) -> tuple[float, object]:
    samples, result = [], None
    for _ in range(REPEAT):
        start = time.perf_counter()
        result = fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples), result


def main() -> int:
    setup()
    from awards.selectors import results_from_scores, round_results, submitted_scores

    round_ = build()
    rows = submitted_scores(round_)
    weights = {c.pk: c.weight for c in round_.criteria.all()}
    compute, (results, _) = timed(lambda: results_from_scores(rows, weights, seed=round_.pk))
    whole, data = timed(lambda: round_results(round_))
    ranked = [r for r in data.rows if r.result]
    widest = max(r.result.rank_high - r.result.rank_low for r in ranked)
    print(
        f"results  {ENTRIES} entries x {JUDGES_PER_ENTRY} judges ({len(rows)} scores): "
        f"compute {compute:.3f}s, with the database {whole:.3f}s "
        f"(median of {REPEAT}; target < {TARGET_SECONDS:.1f}s) "
        f"{'OK' if whole < TARGET_SECONDS else 'TOO SLOW'}; "
        f"{len(results)} ranked, widest rank interval {widest} places"
    )
    return 0 if whole < TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
