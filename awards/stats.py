"""Results of a round from the submitted score sheets, in plain Python (no database).

For each entry:

- **Raw score**: the mean over its judges of each judge's weighted score
  (the criteria's scores weighted by the rubric: sum(weight x score) / sum(weight)).
- **Normalised score**: each judge's weighted scores are turned into z-scores
  against that judge's own mean and standard deviation (population SD over the
  entries they scored), so a harsh or a lenient judge counts the same as any
  other; the entry's mean z-score is put back on the 1-10 scale as
  ``grand mean + z x typical spread`` (the grand mean of every weighted score in
  the round, the typical spread being the mean of the judges' SDs) and kept
  within 1-10. A judge who gave every entry the same score, or scored only one,
  tells nothing about order: their z-scores are 0.
- **Disagreement**: the population standard deviation of its judges' weighted
  scores; ``DISAGREEMENT_SD`` or more is flagged for the panel to discuss.
- **Rank** by normalised score (ties: raw score, then entry id), and a **rank
  interval**: the judges of each entry are resampled with replacement
  (``replicates`` times, from a seeded generator so the same data always gives
  the same interval), the entries ranked each time, and the 5th and 95th
  percentiles of each entry's ranks reported. "6th (5th-9th)" next to
  "7th (5th-9th)" says the two are not clearly apart.
"""

import math
import random
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

SCALE_MIN, SCALE_MAX = 1.0, 10.0
DISAGREEMENT_SD = 1.5
REPLICATES = 200
LOW_PERCENTILE, HIGH_PERCENTILE = 0.05, 0.95


@dataclass(frozen=True)
class Sheet:
    """One judge's submitted scores for one entry, already weighted."""

    entry: int
    judge: int
    weighted: float


@dataclass
class EntryResult:
    entry: int
    judges: int
    raw: float
    normalised: float
    sd: float
    disagreement: bool
    rank: int = 0
    rank_low: int = 0
    rank_high: int = 0


def weighted_score(values: dict[int, int], weights: dict[int, int]) -> float:
    """sum(weight x score) / sum(weight) over the criteria in ``weights``."""
    total = sum(weights.values())
    return sum(weights[c] * values[c] for c in weights) / total


def _mean(xs: list[float]) -> float:
    return sum(xs) / len(xs)


def _pstdev(xs: list[float]) -> float:
    if len(xs) < 2:
        return 0.0
    m = _mean(xs)
    return math.sqrt(sum((x - m) ** 2 for x in xs) / len(xs))


def _clamp(x: float) -> float:
    return min(SCALE_MAX, max(SCALE_MIN, x))


def _ranks(scores: dict[int, tuple[float, float]]) -> dict[int, int]:
    """Ranks 1..n (1 = best) by (normalised, raw), then entry id: the order shown."""
    order = sorted(scores, key=lambda e: (-scores[e][0], -scores[e][1], e))
    return {e: i + 1 for i, e in enumerate(order)}


def compute_results(
    sheets: Iterable[Sheet], *, seed: int = 0, replicates: int = REPLICATES
) -> dict[int, EntryResult]:
    """Results per entry id for the entries that have at least one sheet."""
    sheets = list(sheets)
    if not sheets:
        return {}
    by_judge: dict[int, list[float]] = defaultdict(list)
    for s in sheets:
        by_judge[s.judge].append(s.weighted)
    judge_mean = {j: _mean(xs) for j, xs in by_judge.items()}
    judge_sd = {j: _pstdev(xs) for j, xs in by_judge.items()}
    spreads = [sd for sd in judge_sd.values() if sd > 0]
    spread = _mean(spreads) if spreads else 0.0
    grand = _mean([s.weighted for s in sheets])

    raw_of: dict[int, list[float]] = defaultdict(list)
    z_of: dict[int, list[float]] = defaultdict(list)
    for s in sorted(sheets, key=lambda s: (s.entry, s.judge)):
        sd = judge_sd[s.judge]
        raw_of[s.entry].append(s.weighted)
        z_of[s.entry].append((s.weighted - judge_mean[s.judge]) / sd if sd > 0 else 0.0)

    results: dict[int, EntryResult] = {}
    point: dict[int, tuple[float, float]] = {}
    for e in sorted(raw_of):
        raw = _mean(raw_of[e])
        normalised = _clamp(grand + _mean(z_of[e]) * spread)
        sd = _pstdev(raw_of[e])
        results[e] = EntryResult(
            entry=e,
            judges=len(raw_of[e]),
            raw=raw,
            normalised=normalised,
            sd=sd,
            disagreement=sd >= DISAGREEMENT_SD,
        )
        point[e] = (normalised, raw)
    for e, rank in _ranks(point).items():
        results[e].rank = rank

    _rank_intervals(results, z_of, raw_of, grand, spread, seed=seed, replicates=replicates)
    return results


def _rank_intervals(results, z_of, raw_of, grand, spread, *, seed, replicates) -> None:
    """The 5th-95th percentile of each entry's rank when its judges are resampled.

    Written as plain loops over floats: 500 entries x 7 judges x 200 replicates is
    700,000 draws, and this keeps them well under a second.
    """
    rng = random.Random(seed)  # noqa: S311 - reproducible resampling, not secrecy
    rand = rng.random
    # (entry, z-scores, raw scores, judges, spread per judge)
    data = [(e, z_of[e], raw_of[e], len(z_of[e]), spread / len(z_of[e])) for e in sorted(results)]
    ranks_of: dict[int, list[int]] = {e: [] for e, *_ in data}
    for _ in range(replicates):
        keys = []
        for e, zs, raws, n, step in data:
            z_total = raw_total = 0.0
            for _ in range(n):
                i = int(rand() * n)
                z_total += zs[i]
                raw_total += raws[i]
            value = grand + z_total * step
            value = SCALE_MAX if value > SCALE_MAX else SCALE_MIN if value < SCALE_MIN else value
            # Negated so an ascending sort puts the best first; raw breaks level scores.
            keys.append((-value, -raw_total / n, e))
        keys.sort()
        rank, previous = 0, None
        for position, (value, raw, e) in enumerate(keys, start=1):
            # Equal scores share the better rank (1, 2, 2, 4).
            if (value, raw) != previous:
                rank, previous = position, (value, raw)
            ranks_of[e].append(rank)
    for e, ranks in ranks_of.items():
        ranks.sort()
        low = ranks[int(LOW_PERCENTILE * (replicates - 1))]
        high = ranks[math.ceil(HIGH_PERCENTILE * (replicates - 1))]
        # The interval always holds the rank shown.
        results[e].rank_low = min(low, results[e].rank)
        results[e].rank_high = max(high, results[e].rank)
