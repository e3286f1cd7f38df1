"""Who scores which entry: the assignment plan, worked out in plain Python (no database).

``plan_assignments`` gives each entry ``k`` judges (or every judge free of
conflicts with it, when fewer are), never a conflicted judge, at least one
partner judge wherever a partner judge free of conflicts is on the panel, and
loads as even as those rules allow. The same input always gives the same plan.

How:

1. Pairs in ``fixed`` (the coordinator's hand assignments, and everything already
   assigned once judging is open) are kept as they are and count towards loads.
2. Entries are filled one at a time, the most constrained first (fewest judges
   free of conflicts), each taking a partner judge first if it has none, then
   the least-loaded judges. Ties between equally loaded judges are broken by a
   fixed scramble of (entry, judge), so the same judges do not always pair up.
3. Then loads are evened out: while some judge has at least two entries more
   than another, an entry is passed along a chain of judges (A gives one to B,
   B gives one to C ...) from the busier to the less busy, if such a chain
   exists. A pass never gives an entry to a conflicted judge, never to a judge
   who already has it, never moves a fixed pair, and never takes away an
   entry's only partner judge. Each pass lowers the sum of squared loads, so it
   ends; when it does, no judge could hand any entry, directly or along a
   chain, to a judge two or more entries lighter.
"""

from collections import deque
from dataclasses import dataclass, field

Pair = tuple[int, int]  # (entry id, judge id)


@dataclass(frozen=True)
class Shortfall:
    """Why an entry did not get what the rules ask for."""

    entry: int
    wanted: int
    assigned: int
    eligible: int
    # A partner judge free of conflicts exists on the panel, but none could be assigned
    # (only when fixed pairs filled the entry); or none exists at all.
    no_partner_available: bool = False


@dataclass
class Plan:
    pairs: set[Pair]
    loads: dict[int, int]
    shortfalls: dict[int, Shortfall] = field(default_factory=dict)

    def judges_of(self, entry: int) -> list[int]:
        return sorted(j for e, j in self.pairs if e == entry)


def _scramble(entry: int, judge: int) -> int:
    """A fixed pseudo-random tie-break per pair (the same on every run and machine)."""
    return (entry * 2654435761 + judge * 40503 + (entry ^ judge) * 97) % 4294967291


def plan_assignments(
    *,
    entries: list[int],
    judges: list[int],
    partner_judges: set[int],
    conflicts: set[Pair],
    k: int,
    fixed: set[Pair] = frozenset(),
) -> Plan:
    """The plan for ``entries`` over ``judges``; ``k`` = 0 means every judge free of conflicts."""
    entries = sorted(set(entries))
    judges = sorted(set(judges))
    judge_set = set(judges)
    eligible = {e: [j for j in judges if (e, j) not in conflicts] for e in entries}
    fixed = {
        (e, j) for e, j in fixed if e in eligible and j in judge_set and (e, j) not in conflicts
    }
    assigned: dict[int, set[int]] = {e: set() for e in entries}
    loads = dict.fromkeys(judges, 0)
    for e, j in fixed:
        assigned[e].add(j)
        loads[j] += 1

    def wanted(e: int) -> int:
        return len(eligible[e]) if k <= 0 else min(k, len(eligible[e]))

    def pick(e: int, candidates: list[int]) -> int:
        return min(candidates, key=lambda j: (loads[j], _scramble(e, j), j))

    # Most constrained entries first: fewest judges free of conflicts, then fewest partners.
    order = sorted(
        entries,
        key=lambda e: (len(eligible[e]), sum(j in partner_judges for j in eligible[e]), e),
    )
    for e in order:
        free_partners = [j for j in eligible[e] if j in partner_judges and j not in assigned[e]]
        if free_partners and not (assigned[e] & partner_judges) and len(assigned[e]) < wanted(e):
            j = pick(e, free_partners)
            assigned[e].add(j)
            loads[j] += 1
        while len(assigned[e]) < wanted(e):
            j = pick(e, [j for j in eligible[e] if j not in assigned[e]])
            assigned[e].add(j)
            loads[j] += 1

    _even_out(entries, judges, partner_judges, eligible, assigned, loads, fixed)

    pairs = {(e, j) for e in entries for j in assigned[e]}
    shortfalls = {}
    for e in entries:
        has_partner = bool(assigned[e] & partner_judges)
        partner_possible = any(j in partner_judges for j in eligible[e])
        short = len(assigned[e]) < (k if k > 0 else len(judges))
        if short or not has_partner:
            shortfalls[e] = Shortfall(
                entry=e,
                wanted=k if k > 0 else len(judges),
                assigned=len(assigned[e]),
                eligible=len(eligible[e]),
                no_partner_available=not has_partner and not partner_possible,
            )
    return Plan(pairs=pairs, loads=loads, shortfalls=shortfalls)


def can_move(
    e: int,
    giver: int,
    taker: int,
    *,
    partner_judges: set[int],
    eligible_sets: dict[int, set[int]],
    assigned: dict[int, set[int]],
    fixed: set[Pair],
) -> bool:
    """Whether entry ``e`` may pass from ``giver`` to ``taker`` under the rules."""
    if (e, giver) in fixed or taker in assigned[e] or taker not in eligible_sets[e]:
        return False
    if giver in partner_judges and taker not in partner_judges:
        # Never take away an entry's only partner judge.
        return len(assigned[e] & partner_judges) > 1
    return True


def _even_out(entries, judges, partner_judges, eligible, assigned, loads, fixed) -> None:
    eligible_sets = {e: set(js) for e, js in eligible.items()}
    entries_of: dict[int, set[int]] = {j: set() for j in judges}
    for e in entries:
        for j in assigned[e]:
            entries_of[j].add(e)

    def movable(e, giver, taker):
        return can_move(
            e,
            giver,
            taker,
            partner_judges=partner_judges,
            eligible_sets=eligible_sets,
            assigned=assigned,
            fixed=fixed,
        )

    while True:
        path = None
        for source in sorted(judges, key=lambda j: (-loads[j], j)):
            if loads[source] - min(loads.values(), default=0) < 2:
                break
            path = _find_chain(source, judges, entries_of, loads, movable)
            if path:
                break
        if not path:
            return
        for e, giver, taker in path:
            assigned[e].discard(giver)
            assigned[e].add(taker)
            entries_of[giver].discard(e)
            entries_of[taker].add(e)
        loads[path[0][1]] -= 1
        loads[path[-1][2]] += 1


def _find_chain(source, judges, entries_of, loads, movable):
    """Breadth-first search for a chain of passes from ``source`` to a judge two lighter.

    Returns [(entry, giver, taker), ...] or None. An entry is used at most once per
    chain, so the passes stay valid when applied one after another.
    """
    target_load = loads[source] - 2
    parents: dict[int, tuple[int, int] | None] = {source: None}  # judge -> (entry, giver)
    used: dict[int, frozenset[int]] = {source: frozenset()}
    queue = deque([source])
    while queue:
        giver = queue.popleft()
        for e in sorted(entries_of[giver]):
            if e in used[giver]:
                continue
            for taker in judges:
                if taker in parents or not movable(e, giver, taker):
                    continue
                parents[taker] = (e, giver)
                used[taker] = used[giver] | {e}
                if loads[taker] <= target_load:
                    chain = []
                    node = taker
                    while parents[node] is not None:
                        entry, previous = parents[node]
                        chain.append((entry, previous, node))
                        node = previous
                    return list(reversed(chain))
                queue.append(taker)
    return None
