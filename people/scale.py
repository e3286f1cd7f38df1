"""Scale data for people: a force's worth of staff (``seed_demo --scale``, see ``core.scale``).

Adds districts with their teams and ``scale.staff`` people (usernames ``scale00001`` up),
in the force and its partners; each team's sergeant line-manages the rest of it. Nobody
added here can sign in (unusable password). Idempotent: finds them by the prefix.
"""

import datetime

from django.contrib.auth.models import Group
from django.utils import timezone

from core.scale import Scale, bulk, rng
from people.demo import FIRST_NAMES, FORCE_NAME, JOB_TITLES, LAST_NAMES, TEAM_KINDS
from people.enums import Function, OrganisationType, Rank, Role
from people.models import District, Organisation, Team, User

PREFIX = "scale"
TEAMS_PER_KIND = 4
PEOPLE_PER_TEAM = 60
# fmt: off
DISTRICTS = [
    "Ashby Marsh", "Brackenfield", "Cotterdale", "Denholme Cross", "Eastwold", "Farnley Moor",
    "Grisedale", "Hepworth Vale", "Ingleby Fell", "Jervaulx", "Keld Head", "Langstrothdale",
]
# fmt: on
# Everyone but each team's sergeant, by rank, out of 100.
TEAM_RANKS = [(Rank.PC, 55), (Rank.PCSO, 22), (Rank.SPECIAL_CONSTABLE, 8), (Rank.POLICE_STAFF, 15)]
PARTNER_SHARE = 0.05


def username(number: int) -> str:
    return f"{PREFIX}{number:05d}"


def scale_staff() -> list[int]:
    """The pks of the people this module added, in username order."""
    return list(
        User.objects.filter(username__startswith=PREFIX)
        .order_by("username")
        .values_list("pk", flat=True)
    )


def _teams(needed: int, force: Organisation) -> list[Team]:
    """Enough teams for ``needed`` people (about PEOPLE_PER_TEAM each), in new districts."""
    teams: list[Team] = []
    for name in DISTRICTS:
        if len(teams) * PEOPLE_PER_TEAM >= needed:
            break
        district, _ = District.objects.get_or_create(name=name, defaults={"organisation": force})
        for kind, function in TEAM_KINDS:
            for number in range(1, TEAMS_PER_KIND + 1):
                team, _ = Team.objects.get_or_create(
                    district=district,
                    name=f"{name} {kind} {number}",
                    defaults={"function": function},
                )
                teams.append(team)
    return teams


def seed_scale_people(scale: Scale) -> dict[str, int]:
    if User.objects.filter(username__startswith=PREFIX).count() >= scale.staff:
        return {"scale staff": len(scale_staff())}
    random = rng("people")
    today = timezone.localdate()
    force = Organisation.objects.get(name=FORCE_NAME)
    partners = list(Organisation.objects.exclude(type=OrganisationType.FORCE).order_by("name"))
    partner_count = round(scale.staff * PARTNER_SHARE)
    teams = _teams(scale.staff - partner_count, force)
    members: dict[int, list[int]] = {team.pk: [] for team in teams}
    specs: list[dict] = []
    for index in range(scale.staff - partner_count):
        team = teams[index % len(teams)]
        first_in_team = not members[team.pk]
        members[team.pk].append(index)
        rank = (
            Rank.SERGEANT
            if first_in_team
            else random.choices([r for r, _ in TEAM_RANKS], [w for _, w in TEAM_RANKS])[0]
        )
        function = team.function if rank != Rank.POLICE_STAFF else Function.ASB
        specs.append({"rank": rank, "function": function, "team": team, "organisation": force})
    specs += [
        {
            "rank": Rank.PARTNER_STAFF,
            "function": Function.PARTNER,
            "team": None,
            "organisation": partners[n % len(partners)],
        }
        for n in range(partner_count)
    ]

    def person(number: int, spec: dict) -> User:
        team = spec["team"]
        rank = spec["rank"]
        days = random.randint(20, 365) if random.random() < 0.3 else random.randint(400, 6000)
        name = username(number)
        return User(
            username=name,
            password="!scale-data",  # unusable: these people cannot sign in
            first_name=random.choice(FIRST_NAMES),
            last_name=random.choice(LAST_NAMES),
            email=f"{name}@example." + ("police.uk" if spec["organisation"] == force else "org.uk"),
            rank=rank,
            function=spec["function"],
            job_title=JOB_TITLES.get((rank, spec["function"]), Rank(rank).label),
            organisation=spec["organisation"],
            district=team.district if team else None,
            team=team,
            role_started_on=today - datetime.timedelta(days=days),
            competent_to_assess=rank >= Rank.SERGEANT,
        )

    # The first len(teams) are the sergeants; each line-manages the rest of their team.
    numbered = list(enumerate(specs, start=1))
    sergeants = bulk(User, (person(n, spec) for n, spec in numbered[: len(teams)]))
    manager = {u.team_id: u.pk for u in sergeants}

    def managed(number: int, spec: dict) -> User:
        user = person(number, spec)
        user.line_manager_id = manager.get(user.team_id)
        return user

    people = sergeants + bulk(User, (managed(n, spec) for n, spec in numbered[len(teams) :]))
    staff = Group.objects.get(name=Role.STAFF)
    membership = User.groups.through
    bulk(membership, (membership(user_id=u.pk, group_id=staff.pk) for u in people))
    return {"scale staff": len(people), "scale teams": len(teams)}
