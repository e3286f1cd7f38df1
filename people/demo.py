"""Demo organisations, districts, teams and one account per role (idempotent)."""

import datetime

from people.enums import Function, OrganisationType, Rank, Role
from people.models import District, Organisation, Team, User
from people.services import ensure_district, ensure_organisation, ensure_team, upsert_person

DEMO_PASSWORD = "pop-portal-demo"
FORCE_NAME = "Northshire Police"

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

    sync_roles()
    return {"demo accounts": len(seed_people())}
