"""The demo ceremony for this year's cycle: about 120 guests in every state, a running order,
exhibitors and budget lines, so ``coordinator`` has real work waiting (replies to chase,
stall fees to collect, the finalists' presentations to add once they are chosen).

Built once per cycle (``seed_awards`` skips a cycle that has a ceremony), through
``awards.services.ceremony`` with ``now=`` in the past, so every rule and audit entry
applies. The invitations are recorded as sent weeks ago without emailing anyone; to try a
guest's reply page, open an invited guest and choose "Show a personal reply link".
"""

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from awards.enums import (
    BudgetLineKind,
    DietaryNeed,
    GuestKind,
    GuestStatus,
    InvitationStatus,
    RunningOrderKind,
)
from awards.models import Ceremony, Cycle, Entry, Guest
from awards.services import AwardsError
from awards.services import ceremony as services
from people.enums import OrganisationType, Rank
from people.models import User

GUESTS_WANTED = 120

KEYNOTE = {
    "name": "Professor Nadia Rahman",
    "email": "n.rahman@northshire-university.example.org",
    "organisation": "University of Northshire, Centre for Crime and Policing",
}

# Guests without an account: councillors, the PCC's office, community groups, the press.
EXTERNAL_ORGANISATIONS = [
    "Northshire County Council (councillor)",
    "Office of the Northshire Police and Crime Commissioner",
    "Harrowgate Residents' Association",
    "Northshire Neighbourhood Watch Association",
    "Calder Vale Community Trust",
    "Northshire Gazette",
    "Victim Support Northshire",
    "Northshire Business Crime Partnership",
]
FIRST_NAMES = [
    "Aisha", "Ben", "Carys", "Dev", "Elin", "Farah", "Gareth", "Hannah", "Idris", "Jo",
    "Kamal", "Lena", "Mo", "Niamh", "Oliver", "Priya", "Quinn", "Rhys", "Sian", "Tom",
    "Uma", "Victor", "Wendy", "Yusuf", "Zara",
]  # fmt: skip
LAST_NAMES = [
    "Ahmed", "Bennett", "Chowdhury", "Davies", "Evans", "Fletcher", "Gill", "Hughes",
    "Iqbal", "Jones", "Kaur", "Lewis", "Morgan", "Nowak", "Owen", "Patel", "Quirke",
    "Roberts", "Shah", "Thomas", "Walsh", "Young",
]  # fmt: skip

EXHIBITORS = [
    # organisation, contact, email, stall fee, paid
    ("Crimestoppers", "Dana Whitfield", "d.whitfield@crimestoppers.example.org", "150.00", True),
    ("Harrowgate Homes", "Owen Pritchard", "o.pritchard@hhomes.example.org", "150.00", True),
    (
        "Northshire Fire and Rescue Service",
        "Lucy Garner",
        "l.garner@nfrs.example.org",
        "100.00",
        True,
    ),
    ("Victim Support Northshire", "Amir Hussain", "a.hussain@vsn.example.org", "75.00", False),
    ("Northshire Neighbourhood Watch", "Pam Ellis", "pam@nwatch.example.org", "75.00", True),
    (
        "University of Northshire",
        "Dr Tom Reid",
        "t.reid@northshire-uni.example.org",
        "150.00",
        False,
    ),
    ("Street Safe CCTV Ltd", "Kieran Moss", "k.moss@streetsafe.example.com", "250.00", False),
]

BUDGET = [
    (BudgetLineKind.COST, "Trophies (gold, silver, bronze) and engraving", "420.00"),
    (BudgetLineKind.COST, "Finalists' certificates and frames", "96.60"),
    (BudgetLineKind.COST, "Audio-visual hire and technician", "280.00"),
    (BudgetLineKind.COST, "Finalists' brochure printing (150 copies)", "312.45"),
    (BudgetLineKind.COST, "Keynote speaker's travel", "64.80"),
    (BudgetLineKind.INCOME, "Sponsorship: Office of the Police and Crime Commissioner", "500.00"),
]


def _moment(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _people(cycle: Cycle, rng: random.Random) -> list[tuple[User, GuestKind]]:
    """Judges, partners' staff, senior officers, then other staff, each person once."""
    chosen: list[tuple[User, GuestKind]] = []
    seen: set[int] = set()

    def take(people, kind, limit=None):
        for person in people:
            if limit is not None and limit <= 0:
                return
            if person.pk in seen or not person.email or not person.is_active:
                continue
            seen.add(person.pk)
            chosen.append((person, kind))
            if limit is not None:
                limit -= 1

    judges = User.objects.filter(
        award_panels__round__cycle=cycle, award_panels__status=InvitationStatus.ACCEPTED
    ).distinct()
    take(judges.select_related("organisation").order_by("last_name", "pk"), GuestKind.JUDGE)
    staff = list(
        User.objects.filter(is_active=True)
        .exclude(email="")
        .exclude(username__in=["admin", "coordinator", "editor"])
        .select_related("organisation")
        .order_by("pk")
    )
    partners = [
        p for p in staff if p.organisation and p.organisation.type != OrganisationType.FORCE
    ]
    take(partners, GuestKind.PARTNER, limit=25)
    senior = [p for p in staff if p.rank and p.rank >= Rank.INSPECTOR]
    take(senior, GuestKind.GUEST, limit=30)
    rest = [p for p in staff if p.pk not in seen]
    rng.shuffle(rest)
    take(rest, GuestKind.GUEST, limit=max(0, GUESTS_WANTED - 20 - len(chosen)))
    return chosen


def seed_ceremony(cycle: Cycle, *, coordinator: User, today: datetime.date) -> Ceremony | None:
    """This year's ceremony (see the module docstring); None if it exists already."""
    if Ceremony.objects.filter(cycle=cycle).exists():
        return None
    rng = random.Random(11)  # noqa: S311 - reproducible demo data, not secrecy
    day = cycle.ceremony_on
    ceremony = services.save_ceremony(
        cycle=cycle,
        by=coordinator,
        venue_name="Harrowgate Civic Centre, Council Chamber",
        venue_address="Civic Centre\nMarket Street\nHarrowgate HG1 2AA",
        day=day,
        starts_at=datetime.time(12, 0),
        ends_at=datetime.time(16, 30),
        rsvp_by=max(today + datetime.timedelta(days=7), day - datetime.timedelta(days=14)),
        capacity=130,
        refreshments_per_head=Decimal("18.50"),
        details="Free parking behind the Civic Centre (enter from Mill Lane). Lunch is served "
        "in the Assembly Room from 12:00; the ceremony is in the Council Chamber on the first "
        "floor, with a lift. Dress: business or uniform.",
    )

    # The guest list: people with accounts, the keynote speaker, and guests without one.
    guests: list[Guest] = []
    for person, kind in _people(cycle, rng):
        try:
            guests.append(
                services.add_person(ceremony=ceremony, person=person, kind=kind, by=coordinator)
            )
        except AwardsError:
            continue
    guests.append(
        services.add_guest(ceremony=ceremony, by=coordinator, kind=GuestKind.KEYNOTE, **KEYNOTE)
    )
    used = {g.email.lower() for g in guests}
    while len(guests) < GUESTS_WANTED:
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        email = f"{first}.{last}@guests.example.org".lower()
        if email in used:
            continue
        used.add(email)
        guests.append(
            services.add_guest(
                ceremony=ceremony,
                by=coordinator,
                name=f"{first} {last}",
                email=email,
                organisation=rng.choice(EXTERNAL_ORGANISATIONS),
                kind=GuestKind.GUEST,
            )
        )

    # Invited three weeks ago; most have answered since. The last few were added this week
    # and wait to be invited; one invitation was withdrawn.
    invited_at = _moment(today - datetime.timedelta(days=21))
    to_invite = guests[:-6]
    for guest in to_invite:
        services.transition_guest(
            guest=guest, to=GuestStatus.INVITED, by=coordinator, now=invited_at, notify=False
        )
    needs = list(DietaryNeed)
    for n, guest in enumerate(to_invite):
        roll = rng.random()
        if guest.kind == GuestKind.KEYNOTE or roll < 0.55:
            dietary = []
            if rng.random() < 0.22:
                dietary = [rng.choice(needs)]
            other = "Coeliac: no gluten at all, please" if n % 37 == 5 else ""
            access = "Step-free access and a seat near the front" if n % 29 == 3 else ""
            services.transition_guest(
                guest=guest,
                to=GuestStatus.ACCEPTED,
                by=coordinator,
                dietary_needs=dietary,
                dietary_other=other,
                access_needs=access,
                now=invited_at + datetime.timedelta(days=1 + n % 12, hours=n % 7),
            )
        elif roll < 0.68:
            services.transition_guest(
                guest=guest,
                to=GuestStatus.DECLINED,
                by=coordinator,
                now=invited_at + datetime.timedelta(days=2 + n % 10),
            )
    withdrawn = next(g for g in reversed(to_invite) if g.kind == GuestKind.GUEST)
    services.transition_guest(
        guest=withdrawn,
        to=GuestStatus.WITHDRAWN,
        by=coordinator,
        now=invited_at + datetime.timedelta(days=5),
    )

    # The running order: the usual day, with places held for the finalists (chosen when
    # round 1 closes) and the keynote named.
    services.start_running_order(ceremony=ceremony, by=coordinator)
    if not Entry.objects.filter(cycle=cycle, status__in=("finalist", "winner")).exists():
        for n in range(1, cycle.finalists_target + 1):
            item = services.add_item(
                ceremony=ceremony,
                by=coordinator,
                kind=RunningOrderKind.PRESENTATION,
                title=f"Finalist {n}: to be confirmed when round 1 closes",
                duration_minutes=services.DEFAULT_PRESENTATION_MINUTES,
            )
            services.move_item(item=item, by=coordinator, to=2 + n)
    keynote = ceremony.running_order.get(kind=RunningOrderKind.KEYNOTE)
    services.update_item(
        item=keynote,
        by=coordinator,
        kind=RunningOrderKind.KEYNOTE,
        title="Keynote: what twenty years of problem-oriented policing taught us",
        duration_minutes=40,
        speaker=KEYNOTE["name"],
    )
    awards = ceremony.running_order.get(kind=RunningOrderKind.AWARDS)
    services.update_item(
        item=awards,
        by=coordinator,
        kind=RunningOrderKind.AWARDS,
        title="Gold, silver and bronze awards",
        duration_minutes=30,
        speaker="The Chief Constable and the Police and Crime Commissioner",
    )

    for organisation, contact, email, fee, paid in EXHIBITORS:
        exhibitor = services.add_exhibitor(
            ceremony=ceremony,
            by=coordinator,
            organisation=organisation,
            contact_name=contact,
            contact_email=email,
            stall_fee=Decimal(fee),
        )
        if paid:
            services.set_exhibitor_paid(
                exhibitor=exhibitor,
                paid=True,
                by=coordinator,
                now=_moment(today - datetime.timedelta(days=rng.randint(2, 15))),
            )
    for kind, description, amount in BUDGET:
        services.add_budget_line(
            ceremony=ceremony,
            by=coordinator,
            kind=kind,
            description=description,
            amount=Decimal(amount),
        )
    return ceremony
