"""Results from the database, finalists, and placings by the written tie-break rule."""

import pytest

from awards.enums import EntryStatus, Placing, RoundStatus, TieBreakRule
from awards.models import Assignment, Entry, TieBreak
from awards.selectors import ResultRow, round_results
from awards.services import AwardsError
from awards.services.assignment import assign_round
from awards.services.cycles import publish_results, set_round_state
from awards.services.outcomes import propose_placings, record_placings, set_outcome
from awards.services.panels import set_chair
from awards.services.scoring import save_scores
from awards.stats import EntryResult
from tests.awards.conftest import first_round, make_entry, make_judge, open_round, seat_panel
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


# --- the tie-break rule on fixed rows ---------------------------------------------------


class FakeEntry:
    def __init__(self, pk):
        self.pk = pk
        self.title = f"Entry {pk}"


def row(pk, normalised, impact, raw=None):
    result = EntryResult(
        entry=pk, judges=3, raw=raw or normalised, normalised=normalised, sd=0, disagreement=False
    )
    return ResultRow(
        entry=FakeEntry(pk), assigned=3, submitted=3, result=result, criterion_means={99: impact}
    )


def placed(proposal):
    return [(p.placing, p.row.entry.pk, p.decided_by) for p in proposal.places]


def test_placings_follow_the_normalised_score():
    rows = [row(1, 7.2, 6), row(2, 8.1, 5), row(3, 6.0, 9), row(4, 7.9, 8)]
    proposal = propose_placings(rows, tie_criterion_id=99, casting_votes={})
    assert placed(proposal) == [
        (Placing.GOLD, 2, None),
        (Placing.SILVER, 4, None),
        (Placing.BRONZE, 1, None),
    ]


def test_a_tie_goes_to_the_higher_assessment_of_impact():
    # Level to two decimal places (8.104 and 8.096 both show as 8.10).
    rows = [row(1, 8.104, 6.5), row(2, 8.096, 7.0), row(3, 6.0, 9)]
    proposal = propose_placings(rows, tie_criterion_id=99, casting_votes={})
    assert placed(proposal)[:2] == [
        (Placing.GOLD, 2, TieBreakRule.IMPACT),
        (Placing.SILVER, 1, None),
    ]
    assert [r.entry.pk for r in proposal.places[0].tied_with] == [1]


def test_level_on_score_and_impact_needs_the_chairs_casting_vote():
    rows = [row(1, 8.1, 7), row(2, 8.1, 7), row(3, 6.0, 9)]
    proposal = propose_placings(rows, tie_criterion_id=99, casting_votes={})
    assert (proposal.needs_vote, [r.entry.pk for r in proposal.tied]) == (Placing.GOLD, [1, 2])
    assert proposal.places == []
    decided = propose_placings(rows, tie_criterion_id=99, casting_votes={"gold": 2})
    assert placed(decided) == [
        (Placing.GOLD, 2, TieBreakRule.CASTING_VOTE),
        (Placing.SILVER, 1, None),
        (Placing.BRONZE, 3, None),
    ]


def test_a_three_way_tie_needs_two_casting_votes():
    rows = [row(1, 8.1, 7), row(2, 8.1, 7), row(3, 8.1, 7)]
    first = propose_placings(rows, tie_criterion_id=99, casting_votes={"gold": 3})
    assert first.needs_vote == Placing.SILVER
    done = propose_placings(rows, tie_criterion_id=99, casting_votes={"gold": 3, "silver": 1})
    assert [p.row.entry.pk for p in done.places] == [3, 1, 2]


# --- the whole way through, in the database ---------------------------------------------


@pytest.fixture
def judged(closed_cycle, coordinator, force, council):
    """Round 1 scored by two judges and closed: entries A > B > C > D."""
    entries = {
        name: make_entry(
            closed_cycle, UserFactory(organisation=force), partners=[force], title=name
        )
        for name in "ABCD"
    }
    judges = [make_judge(force), make_judge(council)]
    round_ = first_round(closed_cycle)
    seat_panel(round_, judges, coordinator)
    set_chair(member=round_.panel.get(judge=judges[0]), by=coordinator)
    assign_round(round=round_, by=coordinator, k=0)
    open_round(round_, coordinator)
    values = {"A": 9, "B": 7, "C": 5, "D": 3}
    for assignment in Assignment.objects.select_related("round", "judge", "entry"):
        save_scores(
            assignment=assignment,
            by=assignment.judge,
            scores={
                c.pk: (values[assignment.entry.title], f"Note on {c.title}")
                for c in round_.criteria.all()
            },
            submit=True,
        )
    return {"entries": entries, "judges": judges, "round": round_}


def test_round_results_in_the_database(judged):
    data = round_results(judged["round"])
    assert [r.entry.title for r in data.rows] == ["A", "B", "C", "D"]
    assert [r.result.raw for r in data.rows] == [9, 7, 5, 3]
    assert [(r.result.rank_low, r.result.rank_high) for r in data.rows] == [
        (1, 1),
        (2, 2),
        (3, 3),
        (4, 4),
    ]
    assert (data.sheets_submitted, data.sheets_total, data.progress) == (8, 8, 100)


def test_finalists_need_round_1_closed(judged, coordinator):
    a = judged["entries"]["A"]
    with pytest.raises(AwardsError) as refused:
        set_outcome(round=judged["round"], entries=[a], to=EntryStatus.FINALIST, by=coordinator)
    assert refused.value.code == "round_open"


def test_finalists_then_round_2_then_placings_with_a_casting_vote(
    judged, coordinator, django_capture_on_commit_callbacks
):
    from django.core import mail

    cycle = judged["round"].cycle
    entries = judged["entries"]
    set_round_state(round=judged["round"], to=RoundStatus.CLOSED, by=coordinator)
    set_outcome(
        round=judged["round"],
        entries=[entries[n] for n in "ABC"],
        to=EntryStatus.FINALIST,
        by=coordinator,
    )
    assert set(
        Entry.objects.filter(status=EntryStatus.FINALIST).values_list("title", flat=True)
    ) == {"A", "B", "C"}
    # Changing one's mind before round 2 opens: D replaces C.
    set_outcome(
        round=judged["round"],
        entries=[entries[n] for n in "ABD"],
        to=EntryStatus.FINALIST,
        by=coordinator,
    )
    assert Entry.objects.get(title="C").status == EntryStatus.SUBMITTED
    final = cycle.rounds.get(number=2)
    seat_panel(final, judged["judges"], coordinator)
    assign_round(round=final, by=coordinator)
    assert final.assignments.count() == 6  # every judge scores every finalist
    open_round(final, coordinator)
    # A and B level on everything: the chair decides.
    values = {"A": 8, "B": 8, "D": 6}
    for assignment in final.assignments.select_related("round", "judge", "entry"):
        save_scores(
            assignment=assignment,
            by=assignment.judge,
            submit=True,
            scores={c.pk: (values[assignment.entry.title], "") for c in final.criteria.all()},
        )
    with pytest.raises(AwardsError) as refused:
        record_placings(round=final, by=coordinator)
    assert refused.value.code == "round_open"
    set_round_state(round=final, to=RoundStatus.CLOSED, by=coordinator)
    with pytest.raises(AwardsError) as refused:
        record_placings(round=final, by=coordinator)
    assert refused.value.code == "casting_vote_needed"
    with pytest.raises(AwardsError) as refused:
        record_placings(round=final, by=coordinator, casting_votes={"gold": entries["B"].pk})
    assert refused.value.code == "no_chair"
    set_chair(member=final.panel.get(judge=judged["judges"][0]), by=coordinator)
    record_placings(
        round=final,
        by=coordinator,
        casting_votes={"gold": entries["B"].pk},
        note="Decided at the panel meeting",
    )
    assert {e.title: e.placing for e in Entry.objects.filter(status=EntryStatus.WINNER)} == {
        "B": "gold",
        "A": "silver",
        "D": "bronze",
    }
    tie = TieBreak.objects.get()
    assert (tie.placing, tie.rule, tie.winner, tie.chair) == (
        Placing.GOLD,
        TieBreakRule.CASTING_VOTE,
        entries["B"],
        judged["judges"][0],
    )
    assert set(tie.tied_entries.values_list("title", flat=True)) == {"A", "B"}
    with django_capture_on_commit_callbacks(execute=True):
        publish_results(cycle=cycle, by=coordinator)
    # Every judged entry's team hears (four entries, one lead each).
    assert len(mail.outbox) == 4
    with pytest.raises(AwardsError):
        record_placings(round=final, by=coordinator, casting_votes={"gold": entries["A"].pk})
