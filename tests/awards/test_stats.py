"""Normalisation, disagreement and rank intervals on fixed data with known answers."""

import pytest

from awards.stats import Sheet, compute_results, weighted_score


def sheets(rows):
    return [Sheet(entry=e, judge=j, weighted=float(w)) for e, j, w in rows]


def test_weighted_score_weights_the_criteria():
    # (20*8 + 20*6 + 20*7 + 25*9 + 15*5) / 100 = 7.2
    assert weighted_score({1: 8, 2: 6, 3: 7, 4: 9, 5: 5}, {1: 20, 2: 20, 3: 20, 4: 25, 5: 15}) == (
        pytest.approx(7.2)
    )


def test_a_harsh_judge_does_not_decide_the_result():
    # The lenient judge (1) scored A 10 and C 8; the harsh judge (2) scored B 6 and D 4.
    # Each judge's mean is 9 and 5 with SD 1, so A and B are each +1 SD, C and D -1 SD.
    # Grand mean 7, typical spread 1: normalised A = B = 8, C = D = 6.
    results = compute_results(sheets([("A", 1, 10), ("C", 1, 8), ("B", 2, 6), ("D", 2, 4)]))
    assert {e: r.raw for e, r in results.items()} == {"A": 10, "B": 6, "C": 8, "D": 4}
    assert {e: r.normalised for e, r in results.items()} == pytest.approx(
        {"A": 8, "B": 8, "C": 6, "D": 6}
    )
    # Level on normalised score: the raw score orders them.
    assert {e: r.rank for e, r in results.items()} == {"A": 1, "B": 2, "C": 3, "D": 4}
    # One judge each: resampling cannot change anything, so the intervals are points.
    assert {e: (r.rank_low, r.rank_high) for e, r in results.items()} == {
        "A": (1, 1),
        "B": (2, 2),
        "C": (3, 3),
        "D": (4, 4),
    }


def test_same_scores_from_every_judge_give_the_raw_order_and_point_intervals():
    rows = [(e, j, w) for j in (1, 2, 3) for e, w in (("E1", 9), ("E2", 5), ("E3", 1))]
    results = compute_results(sheets(rows))
    assert {e: r.raw for e, r in results.items()} == {"E1": 9, "E2": 5, "E3": 1}
    # Grand mean 5, spread sqrt(32/3); z = +-sqrt(3/2): 5 +- 4 = 9 and 1.
    assert results["E1"].normalised == pytest.approx(9)
    assert results["E3"].normalised == pytest.approx(1)
    assert results["E2"].sd == 0
    assert results["E2"].disagreement is False
    assert [(r.rank_low, r.rank_high) for r in results.values()] == [(1, 1), (2, 2), (3, 3)]


def test_judges_who_disagree_give_a_flag_and_overlapping_rank_intervals():
    # Judge 1 prefers X (8 to 4), judge 2 prefers Y (8 to 4): a dead heat.
    results = compute_results(sheets([("X", 1, 8), ("Y", 1, 4), ("X", 2, 4), ("Y", 2, 8)]))
    x, y = results["X"], results["Y"]
    assert x.raw == y.raw == 6
    assert x.normalised == pytest.approx(6)
    assert y.normalised == pytest.approx(6)
    assert x.sd == pytest.approx(2)
    assert x.disagreement is True
    assert (x.rank, y.rank) == (1, 2)
    # Either could be first: both intervals are 1st to 2nd.
    assert (x.rank_low, x.rank_high) == (1, 2)
    assert (y.rank_low, y.rank_high) == (1, 2)


def test_a_judge_who_gives_everyone_the_same_score_counts_as_average():
    results = compute_results(sheets([("A", 1, 9), ("B", 1, 3), ("A", 2, 5), ("B", 2, 5)]))
    # Judge 2 tells nothing about order: z = 0 for both. Judge 1: A +1, B -1 (SD 3).
    # Grand mean 5.5, spread 3 (judge 2's zero SD left out): A = 5.5 + 0.5 * 3 = 7.
    assert results["A"].normalised == pytest.approx(7)
    assert results["B"].normalised == pytest.approx(4)


def test_normalised_scores_stay_on_the_scale():
    rows = [("A", 1, 10), ("B", 1, 1), ("C", 1, 1), ("D", 1, 1), ("A", 2, 10), ("B", 2, 9)]
    for r in compute_results(sheets(rows)).values():
        assert 1 <= r.normalised <= 10


def test_rank_intervals_are_the_same_on_every_run():
    rows = [(e, j, (e * 7 + j * 3) % 10 + 1) for e in range(30) for j in range(5)]
    first = compute_results(sheets(rows), seed=4)
    again = compute_results(sheets(rows), seed=4)
    assert [(r.rank_low, r.rank_high) for r in first.values()] == [
        (r.rank_low, r.rank_high) for r in again.values()
    ]
    assert all(r.rank_low <= r.rank <= r.rank_high for r in first.values())


def test_no_sheets_no_results():
    assert compute_results([]) == {}
