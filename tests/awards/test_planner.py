"""The assignment plan's invariants, checked over many random panels."""

import random

import pytest

from awards.planner import can_move, plan_assignments


def random_panel(rng: random.Random) -> dict:
    entries = list(range(100, 100 + rng.randint(1, 40)))
    judges = list(range(1, 1 + rng.randint(2, 10)))
    partners = set(rng.sample(judges, rng.randint(0, min(4, len(judges)))))
    density = rng.choice([0.0, 0.05, 0.15, 0.3, 0.6])
    conflicts = {(e, j) for e in entries for j in judges if rng.random() < density}
    free = [(e, j) for e in entries for j in judges if (e, j) not in conflicts]
    fixed = set(rng.sample(free, min(len(free), rng.choice([0, 0, 1, 3, 8]))))
    return {
        "entries": entries,
        "judges": judges,
        "partner_judges": partners,
        "conflicts": conflicts,
        "k": rng.choice([0, 1, 2, 3, 3, 3, 4]),
        "fixed": fixed,
    }


def check_invariants(panel: dict, plan) -> None:
    entries, judges, k = panel["entries"], panel["judges"], panel["k"]
    partners, conflicts, fixed = panel["partner_judges"], panel["conflicts"], panel["fixed"]
    pairs = plan.pairs
    # Never a conflicted judge; the coordinator's fixed pairs are kept.
    assert not pairs & conflicts
    assert fixed <= pairs
    assigned = {e: {j for (x, j) in pairs if x == e} for e in entries}
    eligible = {e: {j for j in judges if (e, j) not in conflicts} for e in entries}
    for e in entries:
        fixed_here = {j for (x, j) in fixed if x == e}
        wanted = len(eligible[e]) if k == 0 else min(k, len(eligible[e]))
        # k judges per entry (or all free of conflicts when fewer; fixed pairs may add more).
        assert len(assigned[e]) == max(wanted, len(fixed_here)), (e, assigned[e], wanted)
        # At least one partner judge whenever one is free of conflicts and a place was open.
        if eligible[e] & partners and len(fixed_here) < wanted:
            assert assigned[e] & partners, (e, assigned[e])
    loads = {j: sum(1 for (_, x) in pairs if x == j) for j in judges}
    assert loads == plan.loads
    # Balance: no judge two or more entries heavier than another could hand one over.
    for a in judges:
        for b in judges:
            if loads[a] >= loads[b] + 2:
                for e in entries:
                    if a in assigned[e]:
                        assert not can_move(
                            e,
                            a,
                            b,
                            partner_judges=partners,
                            eligible_sets=eligible,
                            assigned=assigned,
                            fixed=fixed,
                        ), (a, b, e, loads)


@pytest.mark.parametrize("seed", range(300))
def test_random_panels_keep_every_invariant(seed):
    panel = random_panel(random.Random(seed))
    check_invariants(panel, plan_assignments(**panel))


@pytest.mark.parametrize("seed", range(100))
def test_without_conflicts_loads_differ_by_at_most_one(seed):
    rng = random.Random(10_000 + seed)
    judges = list(range(1, rng.randint(3, 10) + 1))
    k = rng.randint(1, len(judges))
    entries = list(range(100, 100 + rng.randint(1, 40)))
    average = len(entries) * k / len(judges)
    # Enough partner judges to give every entry one without overloading them.
    needed = max(1, -(-len(entries) // max(1, int(average))))
    partners = set(judges[: min(len(judges), needed + rng.randint(0, 2))])
    plan = plan_assignments(
        entries=entries, judges=judges, partner_judges=partners, conflicts=set(), k=k
    )
    assert max(plan.loads.values()) - min(plan.loads.values()) <= 1
    assert all(len(plan.judges_of(e)) == k for e in entries)
    assert all(set(plan.judges_of(e)) & partners for e in entries)


def test_same_input_gives_the_same_plan_whatever_the_order():
    panel = random_panel(random.Random(7))
    first = plan_assignments(**panel)
    shuffled = dict(panel, entries=list(reversed(panel["entries"])), judges=panel["judges"][::-1])
    assert plan_assignments(**shuffled).pairs == first.pairs
    assert plan_assignments(**panel).pairs == first.pairs


def test_explains_an_entry_short_of_judges_and_of_a_partner():
    # Judges 1 and 2 are partners; both are conflicted with entry 10, and judge 3 too.
    plan = plan_assignments(
        entries=[10, 11],
        judges=[1, 2, 3, 4],
        partner_judges={1, 2},
        conflicts={(10, 1), (10, 2), (10, 3)},
        k=3,
    )
    short = plan.shortfalls[10]
    assert (short.wanted, short.assigned, short.eligible) == (3, 1, 1)
    assert short.no_partner_available is True
    assert plan.judges_of(10) == [4]
    assert 11 not in plan.shortfalls
    assert set(plan.judges_of(11)) & {1, 2}


def test_a_lone_partner_judge_is_shared_but_loads_stay_as_even_as_the_rule_allows():
    plan = plan_assignments(
        entries=list(range(12)), judges=[1, 2, 3, 4], partner_judges={1}, conflicts=set(), k=2
    )
    # Every entry needs judge 1, the only partner: 12 for them, 12 shared by the others.
    assert plan.loads == {1: 12, 2: 4, 3: 4, 4: 4}
