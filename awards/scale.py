"""Scale data for awards: hundreds of entries judged by a large panel (see ``core.scale``).

Into the round that is open for judging in the demo's current cycle: ``scale.entries``
submitted entries led by scale staff (with the force, and for Safer Travel the
transport authority, as partners), a panel of 40 scale judges (a quarter from partners)
who have accepted, and ``scale.judges_per_entry`` assignments per entry, each scored on
every criterion. The demo judge gets one entry in six, not yet started, so their queue
grows; everyone else has submitted, so the results page ranks them all. Idempotent: the
entries are found by their leads.
"""

import datetime

from django.contrib.auth.models import Group
from django.utils import timezone

from awards.enums import EntryStatus, InvitationStatus, RoundStatus, ScoringStatus
from awards.models import Assignment, Entry, PanelMember, Round, Score
from awards.wordcount import count_words
from core.scale import Scale, bulk, bulk_count, rng
from people.enums import OrganisationType, Rank, Role
from people.models import Organisation, User
from people.scale import PREFIX

PANEL = 40
TEXT = {
    "summary": "Neighbours, the council and the police ended a run of {problem} on {place}.",
    "scanning": "Residents on {place} reported {problem} several times a week for a year.",
    "analysis": "Most reports came from three streets, between 6 and 10 pm, often on Fridays; "
    "the problem analysis triangle pointed at a handful of repeat locations.",
    "response": "Partners redesigned the space, ran youth activities and agreed one plan with "
    "residents, with a named officer for each action.",
    "assessment": "Reports fell by 40% over six months and residents said they felt safer; "
    "the partners keep meeting every quarter.",
}
PROBLEMS = ["anti-social behaviour", "off-road bikes", "fly-tipping", "drug dealing", "graffiti"]
PLACES = ["the Brackenfield estate", "Station Road", "the canal towpath", "Market Square"]


def _round() -> Round | None:
    return (
        Round.objects.filter(number=1, status=RoundStatus.OPEN)
        .select_related("cycle")
        .order_by("-cycle__entries_close_at")
        .first()
    )


def _panel(round_: Round, coordinator) -> list[int]:
    force_side = list(
        User.objects.filter(username__startswith=PREFIX, rank__gte=Rank.SERGEANT)
        .order_by("username")
        .values_list("pk", flat=True)[: PANEL - PANEL // 4]
    )
    partner_side = list(
        User.objects.filter(username__startswith=PREFIX, rank=Rank.PARTNER_STAFF)
        .order_by("username")
        .values_list("pk", flat=True)[: PANEL // 4]
    )
    judges = force_side + partner_side
    on_panel = set(round_.panel.values_list("judge_id", flat=True))
    now = timezone.now()
    bulk(
        PanelMember,
        (
            PanelMember(
                round=round_,
                judge_id=pk,
                status=InvitationStatus.ACCEPTED,
                invited_by=coordinator,
                invited_at=now - datetime.timedelta(days=10),
                responded_at=now - datetime.timedelta(days=9),
            )
            for pk in judges
            if pk not in on_panel
        ),
    )
    group = Group.objects.get(name=Role.JUDGE)
    have = set(group.user_set.filter(pk__in=judges).values_list("pk", flat=True))
    membership = User.groups.through
    bulk(membership, (membership(user_id=pk, group_id=group.pk) for pk in judges if pk not in have))
    return judges


def seed_scale_awards(scale: Scale) -> dict[str, int]:
    round_ = _round()
    demo_judge = User.objects.filter(username="judge").first()
    coordinator = User.objects.filter(username="coordinator").first()
    if round_ is None or coordinator is None:
        return {}
    cycle = round_.cycle
    mine = Entry.objects.filter(cycle=cycle, lead__username__startswith=PREFIX)
    if mine.count() >= scale.entries:
        return {
            "scale award entries": mine.count(),
            "scale score sheets": Assignment.objects.filter(entry__in=mine).count(),
        }
    random = rng("awards")
    judges = _panel(round_, coordinator)
    if len(judges) < scale.judges_per_entry:
        return {}
    categories = list(cycle.categories.order_by("pk"))
    force = Organisation.objects.filter(type=OrganisationType.FORCE).order_by("pk").first()
    transport = Organisation.objects.filter(type=OrganisationType.TRANSPORT).order_by("pk").first()
    leads = list(
        User.objects.filter(username__startswith=PREFIX, rank__in=[Rank.PC, Rank.PCSO])
        .order_by("username")
        .values_list("pk", flat=True)[: scale.entries]
    )
    submitted = cycle.entries_close_at - datetime.timedelta(days=3)

    def entry(number: int, lead: int) -> Entry:
        words = {
            field: text.format(
                problem=PROBLEMS[number % len(PROBLEMS)], place=PLACES[number % len(PLACES)]
            )
            for field, text in TEXT.items()
        }
        return Entry(
            cycle=cycle,
            category=categories[number % len(categories)],
            lead_id=lead,
            title=f"Ending {PROBLEMS[number % len(PROBLEMS)]} on {PLACES[number % len(PLACES)]} "
            f"({number + 1})",
            status=EntryStatus.SUBMITTED,
            word_count=sum(count_words(words[f]) for f in TEXT if f != "summary"),
            submitted_at=submitted,
            last_saved_at=submitted,
            last_saved_by_id=lead,
            **words,
        )

    entries = bulk(Entry, (entry(n, lead) for n, lead in enumerate(leads)))
    partner_links = Entry.partners.through
    bulk(
        partner_links,
        (
            partner_links(entry_id=e.pk, organisation_id=org.pk)
            for index, e in enumerate(entries)
            for org in ([force] + ([transport] if index % len(categories) == 1 else []))
            if org is not None
        ),
    )
    assignments: list[Assignment] = []
    for index, e in enumerate(entries):
        panel = random.sample(judges, scale.judges_per_entry)
        if demo_judge is not None and index % 6 == 0:
            panel[0] = demo_judge.pk
        for judge in panel:
            done = judge != getattr(demo_judge, "pk", None)
            assignments.append(
                Assignment(
                    round=round_,
                    entry=e,
                    judge_id=judge,
                    status=ScoringStatus.SUBMITTED if done else ScoringStatus.NOT_STARTED,
                    submitted_at=timezone.now() if done else None,
                )
            )
    assignments = bulk(Assignment, assignments)
    criteria = list(round_.criteria.order_by("pk").values_list("pk", flat=True))
    quality = {e.pk: random.uniform(3, 9) for e in entries}
    harshness = {pk: random.uniform(-1.5, 1.0) for pk in judges}
    scores = bulk_count(
        Score,
        (
            Score(
                assignment=a,
                criterion_id=criterion,
                value=max(
                    1,
                    min(
                        10, round(quality[a.entry_id] + harshness[a.judge_id] + random.gauss(0, 1))
                    ),
                ),
                comment="Clear evidence of partnership and of the change it made.",
            )
            for a in assignments
            if a.status == ScoringStatus.SUBMITTED
            for criterion in criteria
        ),
    )
    return {
        "scale award entries": len(entries),
        "scale score sheets": len(assignments),
        "scale scores": scores,
    }
