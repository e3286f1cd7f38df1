"""Demo organisations, districts, teams, one account per role, and about 200 staff.

Two demo steps, both idempotent: ``seed_demo_people`` (the organisations and the
accounts people sign in with; part of ``seed_demo --accounts-only``) and
``seed_demo_staff`` (about 200 staff across the districts' teams and the partner
agencies, who cannot sign in; training and the later apps give them history).
"""

import datetime
import random

from people.enums import Function, OrganisationType, Rank, Role
from people.models import District, Organisation, Team, User
from people.services import ensure_district, ensure_organisation, ensure_team, upsert_person

DEMO_PASSWORD = "pop-portal-demo"
FORCE_NAME = "Northshire Police"
STAFF_PREFIX = "staff"
STAFF_SEED = 2027

DISTRICTS = ["Harrowgate", "Calder Vale", "Kirkmoor", "Wensley Bridge"]
TEAM_KINDS = [
    ("Central neighbourhood team", Function.NEIGHBOURHOODS),
    ("Outer neighbourhood team", Function.NEIGHBOURHOODS),
    ("Response", Function.RESPONSE),
    ("Safeguarding", Function.SAFEGUARDING),
    ("ASB hub", Function.ASB),
]
PARTNERS = [
    ("Northshire County Council", OrganisationType.LOCAL_AUTHORITY, "NCC"),
    ("Northshire Transport Authority", OrganisationType.TRANSPORT, "NTA"),
    ("Harrowgate Homes", OrganisationType.HOUSING, "HH"),
    ("Office of the Northshire Police and Crime Commissioner", OrganisationType.PCC, "OPCC"),
    ("Northshire Youth Offending Team", OrganisationType.YOUTH_OFFENDING, "YOT"),
    ("Northshire Fire and Rescue Service", OrganisationType.FIRE, "NFRS"),
]


def seed_organisations() -> tuple[Organisation, dict[str, District], dict[str, Team]]:
    force = ensure_organisation(name=FORCE_NAME, type=OrganisationType.FORCE, short_name="NP")
    for name, kind, short in PARTNERS:
        ensure_organisation(name=name, type=kind, short_name=short)
    districts, teams = {}, {}
    for district_name in DISTRICTS:
        district = ensure_district(name=district_name, organisation=force)
        districts[district_name] = district
        for team_name, function in TEAM_KINDS:
            team = ensure_team(
                name=f"{district_name} {team_name}", district=district, function=function
            )
            teams[team.name] = team
    return force, districts, teams


# username: (first, last, rank, function, team kind or partner, roles, extra)
ACCOUNTS: list[dict] = [
    {
        "username": "admin",
        "first": "Alex",
        "last": "Morgan",
        "rank": Rank.POLICE_STAFF,
        "title": "Programme administrator",
        "roles": {Role.PROGRAMME_ADMIN},
        "superuser": True,
    },
    {
        "username": "coordinator",
        "first": "Priya",
        "last": "Shah",
        "rank": Rank.POLICE_STAFF,
        "title": "Problem-solving programme coordinator",
        "roles": {Role.PROGRAMME_ADMIN, Role.AWARDS_COORDINATOR},
    },
    {
        "username": "editor",
        "first": "Tom",
        "last": "Hughes",
        "rank": Rank.POLICE_STAFF,
        "title": "Digital content editor",
        "roles": {Role.CMS_EDITOR},
    },
    {
        "username": "trainer",
        "first": "Sarah",
        "last": "Lindqvist",
        "rank": Rank.SERGEANT,
        "title": "Problem-solving trainer",
        "function": Function.NEIGHBOURHOODS,
        "team": "Harrowgate Central neighbourhood team",
        "roles": {Role.TRAINER},
    },
    {
        "username": "duties",
        "first": "Gary",
        "last": "Platt",
        "rank": Rank.POLICE_STAFF,
        "title": "Resource management (duties) officer",
        "roles": {Role.DUTIES},
    },
    {
        "username": "inspector",
        "first": "Helen",
        "last": "Okafor",
        "rank": Rank.INSPECTOR,
        "function": Function.NEIGHBOURHOODS,
        "team": "Harrowgate Central neighbourhood team",
        "title": "Neighbourhood inspector",
        "competent": True,
    },
    {
        "username": "sergeant",
        "first": "Dan",
        "last": "Whitaker",
        "rank": Rank.SERGEANT,
        "function": Function.NEIGHBOURHOODS,
        "team": "Harrowgate Central neighbourhood team",
        "title": "Neighbourhood sergeant",
        "manager": "inspector",
        "competent": True,
    },
    {
        "username": "officer",
        "first": "Amy",
        "last": "Khan",
        "rank": Rank.PC,
        "function": Function.NEIGHBOURHOODS,
        "team": "Harrowgate Central neighbourhood team",
        "title": "Neighbourhood PC",
        "manager": "sergeant",
        "started_days_ago": 60,
    },
    {
        "username": "pcso",
        "first": "Jordan",
        "last": "Reid",
        "rank": Rank.PCSO,
        "function": Function.NEIGHBOURHOODS,
        "team": "Harrowgate Central neighbourhood team",
        "title": "PCSO",
        "manager": "sergeant",
        "started_days_ago": 120,
    },
    {
        "username": "special",
        "first": "Chris",
        "last": "Barker",
        "rank": Rank.SPECIAL_CONSTABLE,
        "function": Function.NEIGHBOURHOODS,
        "team": "Kirkmoor Central neighbourhood team",
        "title": "Special constable",
        "started_days_ago": 30,
    },
    {
        "username": "partner",
        "first": "Nadia",
        "last": "Elliott",
        "rank": Rank.PARTNER_STAFF,
        "function": Function.PARTNER,
        "partner": "Harrowgate Homes",
        "title": "Tenancy enforcement (housing) officer",
    },
    {
        "username": "assessor",
        "first": "Grace",
        "last": "Osei",
        "rank": Rank.SERGEANT,
        "function": Function.NEIGHBOURHOODS,
        "team": "Calder Vale Central neighbourhood team",
        "title": "Neighbourhood sergeant and assessor",
        "roles": {Role.ASSESSOR},
        "competent": True,
    },
    {
        "username": "candidate",
        "first": "Ben",
        "last": "Carter",
        "rank": Rank.PC,
        "function": Function.NEIGHBOURHOODS,
        "team": "Calder Vale Central neighbourhood team",
        "title": "Neighbourhood PC (qualification candidate)",
        "manager": "assessor",
        "started_days_ago": 200,
    },
    {
        "username": "iqa",
        "first": "Martin",
        "last": "Fenwick",
        "rank": Rank.INSPECTOR,
        "function": Function.NEIGHBOURHOODS,
        "team": "Kirkmoor Central neighbourhood team",
        "title": "Internal quality assurer",
        "roles": {Role.IQA, Role.ASSESSOR},
        "competent": True,
    },
    {
        "username": "entrant",
        "first": "Leah",
        "last": "Dawson",
        "rank": Rank.PC,
        "function": Function.NEIGHBOURHOODS,
        "team": "Wensley Bridge Central neighbourhood team",
        "title": "Neighbourhood PC (award entrant)",
    },
    {
        "username": "judge",
        "first": "Robert",
        "last": "Ainsley",
        "rank": Rank.CHIEF_INSPECTOR,
        "function": Function.NEIGHBOURHOODS,
        "team": "Kirkmoor Outer neighbourhood team",
        "title": "Chief inspector, neighbourhoods",
        "roles": {Role.JUDGE},
    },
    {
        "username": "partnerjudge",
        "first": "Fiona",
        "last": "MacLeod",
        "rank": Rank.PARTNER_STAFF,
        "function": Function.PARTNER,
        "partner": "Northshire County Council",
        "title": "Community safety manager",
        "roles": {Role.JUDGE},
    },
]


def seed_people(*, today: datetime.date | None = None) -> dict[str, User]:
    """Create the demo organisations and accounts; safe to run again."""
    today = today or datetime.date.today()
    force, _districts, teams = seed_organisations()
    people: dict[str, User] = {}
    for spec in ACCOUNTS:
        existing = User.objects.filter(username=spec["username"]).first()
        if existing is not None:
            # Already seeded: leave the person as they are, so a second run changes nothing.
            people[existing.username] = existing
            continue
        team = teams.get(spec.get("team", ""))
        organisation = (
            Organisation.objects.get(name=spec["partner"]) if "partner" in spec else force
        )
        started = spec.get("started_days_ago", 3 * 365)
        person = upsert_person(
            username=spec["username"],
            first_name=spec["first"],
            last_name=spec["last"],
            email=f"{spec['username']}@example.police.uk"
            if organisation == force
            else f"{spec['username']}@example.org.uk",
            rank=spec["rank"],
            organisation=organisation,
            function=spec.get("function", ""),
            job_title=spec.get("title", ""),
            district=team.district if team else None,
            team=team,
            line_manager=people.get(spec.get("manager", "")),
            role_started_on=today - datetime.timedelta(days=started),
            competent_to_assess=spec.get("competent", False),
            roles={Role.STAFF, *spec.get("roles", set())},
            password=DEMO_PASSWORD,
            is_superuser=spec.get("superuser", False),
        )
        people[person.username] = person
    return people


def seed_demo_people() -> dict[str, int]:
    """The demo step: roles in step with the code, then the organisations and accounts."""
    from people.roles import sync_roles
    from people.signin.demo import ensure_demo_authenticators

    sync_roles()
    people = seed_people()
    ensure_demo_authenticators(people.values())
    return {"demo accounts": len(people)}


# --- about 200 staff who cannot sign in -------------------------------------------

# fmt: off
FIRST_NAMES = [
    "Aisha", "Alan", "Amir", "Beth", "Callum", "Chloe", "Connor", "Danielle", "David",
    "Deborah", "Eleanor", "Emeka", "Emma", "Fatima", "Gareth", "Georgia", "Hannah", "Harry",
    "Imran", "Isla", "Jack", "Jade", "James", "Joanne", "Kate", "Kieran", "Laura", "Liam",
    "Lucy", "Mark", "Megan", "Michael", "Mohammed", "Natalie", "Neil", "Niamh", "Oliver",
    "Paul", "Rachel", "Rebecca", "Ryan", "Samira", "Sean", "Sophie", "Stuart", "Tariq",
    "Tom", "Victoria", "Wesley", "Zara",
]
LAST_NAMES = [
    "Ahmed", "Atkinson", "Bailey", "Bell", "Bradshaw", "Brennan", "Chapman", "Clarke",
    "Cooper", "Dixon", "Ellis", "Farrell", "Fletcher", "Gill", "Graham", "Hall", "Harrison",
    "Hussain", "Iqbal", "Jackson", "Kaur", "Kelly", "Lawson", "Lees", "Marsden", "Mason",
    "Mills", "Murphy", "Nolan", "Parkin", "Patel", "Pearson", "Quinn", "Rahman", "Riley",
    "Robinson", "Sutcliffe", "Taylor", "Thornton", "Wainwright", "Walsh", "Ward", "Webster",
    "Whitehead", "Wilson", "Wood", "Wright", "Yates", "Young", "Zaman",
]
# fmt: on

# Team kind: [(rank, how many)], sergeant first: they line-manage the rest of the team.
TEAM_MAKEUP: dict[str, list[tuple[Rank, int]]] = {
    "Central neighbourhood team": [
        (Rank.SERGEANT, 1),
        (Rank.PC, 6),
        (Rank.PCSO, 4),
        (Rank.SPECIAL_CONSTABLE, 2),
    ],
    "Outer neighbourhood team": [
        (Rank.SERGEANT, 1),
        (Rank.PC, 5),
        (Rank.PCSO, 4),
        (Rank.SPECIAL_CONSTABLE, 1),
    ],
    "Response": [(Rank.SERGEANT, 1), (Rank.PC, 8)],
    "Safeguarding": [(Rank.SERGEANT, 1), (Rank.PC, 4), (Rank.POLICE_STAFF, 1)],
    "ASB hub": [(Rank.SERGEANT, 1), (Rank.PC, 1), (Rank.POLICE_STAFF, 2)],
}
PARTNERS_PER_DISTRICT = 6

JOB_TITLES = {
    (Rank.PC, Function.NEIGHBOURHOODS): "Neighbourhood PC",
    (Rank.PC, Function.RESPONSE): "Response PC",
    (Rank.PC, Function.SAFEGUARDING): "Safeguarding PC",
    (Rank.PC, Function.ASB): "ASB hub PC",
    (Rank.PCSO, Function.NEIGHBOURHOODS): "PCSO",
    (Rank.SPECIAL_CONSTABLE, Function.NEIGHBOURHOODS): "Special constable",
    (Rank.SERGEANT, Function.NEIGHBOURHOODS): "Neighbourhood sergeant",
    (Rank.SERGEANT, Function.RESPONSE): "Response sergeant",
    (Rank.SERGEANT, Function.SAFEGUARDING): "Safeguarding sergeant",
    (Rank.SERGEANT, Function.ASB): "ASB hub sergeant",
    (Rank.POLICE_STAFF, Function.SAFEGUARDING): "Safeguarding case officer",
    (Rank.POLICE_STAFF, Function.ASB): "Anti-social behaviour caseworker",
    (Rank.INSPECTOR, Function.NEIGHBOURHOODS): "Neighbourhood inspector",
}
PARTNER_TITLES = {
    "NCC": "Anti-social behaviour officer",
    "NTA": "Transport community safety officer",
    "HH": "Tenancy enforcement officer",
    "OPCC": "Community safety commissioning officer",
    "YOT": "Youth justice worker",
    "NFRS": "Community fire safety adviser",
}


def _staff_specs(today: datetime.date, rng: random.Random) -> list[dict]:
    """About 200 people, in the order they are created (managers before their teams)."""
    partners = {short: name for name, _type, short in PARTNERS}
    partner_shorts = list(partners)
    specs: list[dict] = []

    def add(**spec) -> dict:
        spec["username"] = f"{STAFF_PREFIX}{len(specs) + 1:03d}"
        spec["first_name"] = rng.choice(FIRST_NAMES)
        spec["last_name"] = rng.choice(LAST_NAMES)
        # About a third are new to their role (some already past the six months the
        # masterclass allows); the rest have been in post for years.
        days = rng.randint(20, 365) if rng.random() < 0.35 else rng.randint(400, 3000)
        spec["role_started_on"] = today - datetime.timedelta(days=days)
        specs.append(spec)
        return spec

    for district in DISTRICTS:
        inspector = add(
            rank=Rank.INSPECTOR,
            function=Function.NEIGHBOURHOODS,
            district=district,
            team=f"{district} Central neighbourhood team",
            manager=None,
        )
        for team_kind, function in TEAM_KINDS:
            team = f"{district} {team_kind}"
            sergeant = None
            for rank, count in TEAM_MAKEUP[team_kind]:
                for _ in range(count):
                    spec = add(
                        rank=rank,
                        function=Function.ASB
                        if (rank == Rank.POLICE_STAFF and function == Function.ASB)
                        else function,
                        district=district,
                        team=team,
                        manager=inspector["username"]
                        if rank == Rank.SERGEANT
                        else sergeant["username"],
                    )
                    if rank == Rank.SERGEANT:
                        sergeant = spec
        for index in range(PARTNERS_PER_DISTRICT):
            short = partner_shorts[index % len(partner_shorts)]
            add(
                rank=Rank.PARTNER_STAFF,
                function=Function.PARTNER,
                district=district,
                team=None,
                manager=None,
                partner=partners[short],
                title=PARTNER_TITLES[short],
            )
    return specs


def seed_staff(*, today: datetime.date | None = None) -> list[User]:
    """Create the demo staff that do not exist yet; they cannot sign in (no password).

    Returns them in the order of their usernames. Idempotent: people already there
    are left as they are, so a second run (on any day) changes nothing.
    """
    today = today or datetime.date.today()
    rng = random.Random(STAFF_SEED)  # noqa: S311 - demo data, not security
    specs = _staff_specs(today, rng)
    existing = {u.username: u for u in User.objects.filter(username__startswith=STAFF_PREFIX)}
    force = Organisation.objects.get(name=FORCE_NAME)
    organisations = {o.name: o for o in Organisation.objects.all()}
    districts = {d.name: d for d in District.objects.all()}
    teams = {t.name: t for t in Team.objects.all()}
    people: dict[str, User] = dict(existing)
    for spec in specs:
        if spec["username"] in existing:
            continue
        organisation = organisations[spec["partner"]] if "partner" in spec else force
        rank, function = spec["rank"], spec["function"]
        people[spec["username"]] = upsert_person(
            username=spec["username"],
            first_name=spec["first_name"],
            last_name=spec["last_name"],
            email=f"{spec['username']}@example."
            + ("police.uk" if organisation == force else "org.uk"),
            rank=rank,
            organisation=organisation,
            function=function,
            job_title=spec.get("title") or JOB_TITLES.get((rank, function), Rank(rank).label),
            district=districts[spec["district"]],
            team=teams.get(spec["team"]) if spec["team"] else None,
            line_manager=people.get(spec["manager"]) if spec["manager"] else None,
            role_started_on=spec["role_started_on"],
            competent_to_assess=rank in (Rank.SERGEANT, Rank.INSPECTOR),
            roles={Role.STAFF},
        )
    return [people[spec["username"]] for spec in specs]


def seed_demo_staff() -> dict[str, int]:
    """The demo step after the accounts: the staff (needs the organisations and teams)."""
    return {"staff": len(seed_staff())}
