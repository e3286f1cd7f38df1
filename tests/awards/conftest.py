"""Builders for awards tests: real rows made through the awards services."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from awards.enums import InvitationStatus, RoundStatus
from awards.models import Category, Cycle, Entry, PanelMember, Round
from awards.services.cycles import create_cycle, set_round_state
from awards.services.entries import save_entry_text, start_entry, submit_entry
from awards.services.panels import invite_judge, set_membership_state
from people.enums import OrganisationType, Rank, Role
from tests.factories import OrganisationFactory, PartnerFactory, TeamFactory, UserFactory

TEXT = {
    "scanning": "Repeat calls about the alleyway rose all year.",
    "analysis": "Most burglars came in from the rear through the unlit alleyway.",
    "response": "Residents, housing and the fire service agreed gates and lighting.",
    "assessment": "Burglaries fell from 31 to 6 with no displacement.",
}


@pytest.fixture
def force():
    return OrganisationFactory(name="Northshire Police", type=OrganisationType.FORCE)


@pytest.fixture
def council():
    return PartnerFactory(name="Northshire County Council", type=OrganisationType.LOCAL_AUTHORITY)


@pytest.fixture
def transport():
    return PartnerFactory(name="Northshire Transport Authority", type=OrganisationType.TRANSPORT)


@pytest.fixture
def housing():
    return PartnerFactory(name="Harrowgate Homes", type=OrganisationType.HOUSING)


@pytest.fixture
def coordinator(force):
    return UserFactory(username="coordinator", organisation=force, roles=[Role.AWARDS_COORDINATOR])


def make_cycle(
    coordinator, *, name: str = "POP Awards 2027", open_days: int = -30, close_days: int = 10
) -> Cycle:
    """A cycle whose entries opened ``open_days`` from today and close ``close_days`` from now."""
    now = timezone.now()
    closes = now + datetime.timedelta(days=close_days)
    close_day = timezone.localtime(closes).date()
    return create_cycle(
        name=name,
        entries_open_at=now + datetime.timedelta(days=open_days),
        entries_close_at=closes,
        ceremony_on=close_day + datetime.timedelta(days=60),
        judging=[
            (close_day + datetime.timedelta(days=1), close_day + datetime.timedelta(days=21)),
            (close_day + datetime.timedelta(days=30), close_day + datetime.timedelta(days=40)),
        ],
        by=coordinator,
    )


@pytest.fixture
def cycle(coordinator):
    """Open for entries: opened 30 days ago, closes in 10 days."""
    return make_cycle(coordinator)


@pytest.fixture
def closed_cycle(coordinator):
    """Entries closed two days ago; ready for judging."""
    return make_cycle(coordinator, name="POP Awards 2026", open_days=-40, close_days=-2)


def category(cycle: Cycle, name: str = "Safer Communities") -> Category:
    return cycle.categories.get(name=name)


def make_lead(organisation, **kwargs):
    return UserFactory(organisation=organisation, **kwargs)


def make_entry(
    cycle: Cycle,
    lead,
    *,
    partners,
    title: str = "Closing the cut-through",
    category_name: str = "Safer Communities",
    submit: bool = True,
    text: dict | None = None,
) -> Entry:
    """An entry written (and submitted) inside the cycle's window."""
    when = cycle.entries_open_at + datetime.timedelta(hours=1)
    entry = start_entry(
        cycle=cycle, category=category(cycle, category_name), title=title, by=lead, now=when
    )
    entry = save_entry_text(
        entry=entry,
        by=lead,
        title=title,
        summary="We closed an alleyway burglars used.",
        sections=text or TEXT,
        partners=list(partners),
        now=when,
    )
    if submit:
        entry = submit_entry(entry=entry, by=lead, now=when + datetime.timedelta(minutes=5))
    return entry


def make_judge(organisation, **kwargs):
    kwargs.setdefault("rank", Rank.CHIEF_INSPECTOR)
    if organisation.type != OrganisationType.FORCE:
        kwargs.setdefault("team", None)
        kwargs.setdefault("district", None)
        kwargs.setdefault("rank", Rank.PARTNER_STAFF)
    return UserFactory(organisation=organisation, roles=[Role.JUDGE], **kwargs)


def seat_panel(round: Round, judges, coordinator) -> list[PanelMember]:
    members = []
    for judge in judges:
        member = invite_judge(round=round, judge=judge, by=coordinator)
        members.append(set_membership_state(member=member, to=InvitationStatus.ACCEPTED, by=judge))
    return members


def first_round(cycle: Cycle) -> Round:
    return cycle.rounds.get(number=1)


def open_round(round: Round, coordinator) -> Round:
    return set_round_state(round=round, to=RoundStatus.OPEN, by=coordinator)


@pytest.fixture
def same_team():
    return TeamFactory()


@pytest.fixture
def judging(closed_cycle, coordinator, force, council):
    """Round 1 open: three entries, three force judges and one partner judge, k = 3."""
    from awards.services.assignment import assign_round

    entries = [
        make_entry(
            closed_cycle, UserFactory(organisation=force), partners=[force], title=f"Entry {name}"
        )
        for name in ("one", "two", "three")
    ]
    judges = [make_judge(force) for _ in range(3)] + [make_judge(council)]
    round_ = first_round(closed_cycle)
    seat_panel(round_, judges, coordinator)
    assign_round(round=round_, by=coordinator)
    open_round(round_, coordinator)
    return {"cycle": closed_cycle, "round": round_, "entries": entries, "judges": judges}


def score_all(assignment, value: int = 7, comment: str = "Good evidence.", submit: bool = True):
    from awards.services.scoring import save_scores

    return save_scores(
        assignment=assignment,
        by=assignment.judge,
        scores={c.pk: (value, comment) for c in assignment.round.criteria.all()},
        submit=submit,
    )


def make_finalist(
    cycle: Cycle, coordinator, force, *, title: str = "Closing the cut-through", co_entrants=()
):
    """A finalist's entry in ``cycle`` (entries closed): submitted, round 1 closed, chosen."""
    from awards.enums import EntryStatus
    from awards.services.assignment import assign_round
    from awards.services.entries import add_co_entrant
    from awards.services.outcomes import set_outcome

    entry = make_entry(
        cycle, UserFactory(organisation=force), partners=[force], title=title, submit=False
    )
    for person in co_entrants:
        add_co_entrant(entry=entry, person=person, by=entry.lead)
    when = cycle.entries_open_at + datetime.timedelta(hours=2)
    submit_entry(entry=entry, by=entry.lead, now=when)
    round_ = first_round(cycle)
    seat_panel(round_, [make_judge(force) for _ in range(3)], coordinator)
    assign_round(round=round_, by=coordinator)
    set_round_state(round=round_, to=RoundStatus.OPEN, by=coordinator)
    set_round_state(round=round_, to=RoundStatus.CLOSED, by=coordinator)
    set_outcome(round=round_, entries=[entry], to=EntryStatus.FINALIST, by=coordinator)
    entry.refresh_from_db()
    return entry


@pytest.fixture
def finalist(closed_cycle, coordinator, force):
    return make_finalist(closed_cycle, coordinator, force)


@pytest.fixture
def ceremony(cycle, coordinator):
    """The cycle's ceremony: a venue, a noon-to-four afternoon, replies due three weeks before."""
    from awards.services.ceremony import save_ceremony

    return save_ceremony(
        cycle=cycle,
        by=coordinator,
        venue_name="Harrowgate Civic Centre",
        venue_address="1 Market Street\nHarrowgate",
        day=cycle.ceremony_on,
        starts_at=datetime.time(12, 0),
        ends_at=datetime.time(16, 0),
        rsvp_by=cycle.ceremony_on - datetime.timedelta(days=21),
        refreshments_per_head=Decimal("18.50"),
    )
