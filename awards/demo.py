"""Demo awards: last year's cycle complete, this year's in round 1 judging, next year's
announced with a bookable guidance talk.

Loaded by ``manage.py seed_demo`` after people and training. Running it again changes
nothing: a cycle is built only when no cycle of that name exists. Everything goes
through ``awards.services`` (with ``now=`` set where a step happened in the past), so
every rule, audit entry and email applies as it would for real.

What each demo account finds:

- ``entrant``: a submitted Safer Travel entry, a draft whose deadline the coordinator
  extended (with ``officer`` as co-entrant), and last year's finalist entry they led, with
  its results to read and the What Works library waiting for their consent.
- ``judge``: a round 1 queue with most entries scored, one in progress and a few to
  score, and one detected conflict (an entry led from their district) waiting for the
  coordinator.
- ``partnerjudge``: entries to score and one conflict (their council is a partner in
  an entry), confirmed by the coordinator.
- ``coordinator``: round 1 results to read with scores part-entered, conflicts to
  decide, a round 2 panel ready, and last year's published results, whose finalists have
  written their brochure pages: the brochure and certificates to make and the winners
  page to publish; this year's ceremony (``demo_ceremony``) with about 120 guests to
  chase, stalls to collect and a budget.
- ``editor``: one of last year's finalists (not the entrant's) whose lead agreed to
  publication in the What Works library, ready to send there (``library_consent``, run on
  every seed: it gives the consent only if no finalist has it yet).
"""

import datetime
import io
import random
import zoneinfo

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from awards.attachments import ATTACHMENT_POLICY
from awards.demo_ceremony import seed_ceremony
from awards.demo_entries import COMMENTS, CURRENT, ENTRANT_DRAFT, GENERIC, PREVIOUS, EntrySpec
from awards.enums import ConflictStatus, EntryStatus, InvitationStatus, RoundStatus, ScoringStatus
from awards.models import Assignment, Conflict, Cycle, Entry, Guest, PanelMember, Round
from awards.services.assignment import assign_round
from awards.services.brochure import FigureInput, save_brochure_page
from awards.services.conflicts import detect_conflicts, set_conflict_state
from awards.services.cycles import (
    create_cycle,
    publish_results,
    schedule_guidance_talk,
    set_round_state,
    update_round,
)
from awards.services.entries import (
    add_attachment,
    add_co_entrant,
    extend_deadline,
    save_entry_text,
    set_library_consent,
    start_entry,
    submit_entry,
    withdraw_entry,
)
from awards.services.outcomes import record_placings, set_outcome
from awards.services.panels import invite_judge, set_chair, set_membership_state
from awards.services.scoring import save_scores
from core.uploads import check_upload
from people.demo import FORCE_NAME
from people.enums import Function, Rank, Role
from people.models import Organisation, Team, User
from people.services import upsert_person

LONDON = zoneinfo.ZoneInfo(settings.TIME_ZONE)
SEED = 9
SHORT_NAMES = {
    "NCC": "Northshire County Council",
    "NTA": "Northshire Transport Authority",
    "HH": "Harrowgate Homes",
    "OPCC": "Office of the Northshire Police and Crime Commissioner",
    "YOT": "Northshire Youth Offending Team",
    "NFRS": "Northshire Fire and Rescue Service",
}

# Judges besides the demo accounts `judge` and `partnerjudge` (they cannot sign in).
JUDGES = [
    {
        "username": "awards-judge-supt",
        "first": "Catherine",
        "last": "Doyle",
        "rank": Rank.SUPERINTENDENT,
        "title": "Superintendent, neighbourhood policing",
        "function": Function.NEIGHBOURHOODS,
    },
    {
        "username": "awards-judge-ci",
        "first": "Marcus",
        "last": "Bell",
        "rank": Rank.CHIEF_INSPECTOR,
        "title": "Chief inspector, Calder Vale",
        "function": Function.RESPONSE,
        "team": "Calder Vale Response",
    },
    {
        "username": "awards-judge-analyst",
        "first": "Ruth",
        "last": "Adeyemi",
        "rank": Rank.POLICE_STAFF,
        "title": "Principal analyst",
        "function": Function.INTELLIGENCE,
    },
    {
        "username": "awards-judge-opcc",
        "first": "Sanjay",
        "last": "Mistry",
        "rank": Rank.PARTNER_STAFF,
        "title": "Policy officer, community safety",
        "partner": "OPCC",
    },
    {
        "username": "awards-judge-nta",
        "first": "Helen",
        "last": "Marsh",
        "rank": Rank.PARTNER_STAFF,
        "title": "Head of transport safety",
        "partner": "NTA",
    },
    {
        "username": "awards-judge-housing",
        "first": "Owen",
        "last": "Pritchard",
        "rank": Rank.PARTNER_STAFF,
        "title": "Neighbourhood services manager",
        "partner": "HH",
    },
]

# Key figures of last year's entries (what was measured, before, after); the first is
# also drawn as the entry's attached chart.
PREVIOUS_FIGURES = {
    "One front door: the Harrowgate hoarding and fire-risk partnership": [
        ("Homes at severe fire risk", "26", "9"),
        ("Agencies each tenant dealt with", "5", "1"),
    ],
    "The 7.15: safer trains for commuters": [
        ("Thefts on morning trains", "61", "12"),
        ("Arrests", "0", "4"),
    ],
    "Kirkmoor market: stopping the thefts": [("Thefts from market stalls", "40", "20")],
    "Lights on in Calder Vale's alleys": [("Robberies near the alleys", "22", "9")],
    "Safer nights on the tram": [
        ("Incidents on the last trams", "58", "32"),
        ("Youth workers on board", "0", "4"),
    ],
    "Wensley Bridge against scams": [
        ("Courier fraud victims a year", "19", "5"),
        ("Attempts stopped by bank staff", "0", "14"),
    ],
    "Harrowgate youth diversion through football": [
        ("Friday-night ASB calls a month", "36", "24"),
        ("Young people at the sessions", "0", "45"),
    ],
    "Cycle routes to school": [("Children cycling to school", "40", "80")],
    "Fire setting on the Brookside estate": [
        ("Bin fires a year", "80", "21"),
        ("Locked bin stores", "0", "12"),
    ],
}

LEAD_NAMES = [
    ("Sam", "Okoro"),
    ("Joanne", "Firth"),
    ("Imran", "Qureshi"),
    ("Claire", "Beaumont"),
    ("Tom", "Ashworth"),
    ("Nina", "Kowalski"),
    ("Rhys", "Evans"),
    ("Hannah", "Liddell"),
    ("Kieran", "Doherty"),
    ("Yasmin", "Begum"),
    ("Gareth", "Holmes"),
    ("Zoe", "Fairbairn"),
    ("Ade", "Ogunleye"),
    ("Lucy", "Marsden"),
    ("Callum", "Reid"),
    ("Priti", "Desai"),
    ("Jack", "Thornton"),
    ("Megan", "Pryce"),
    ("Ollie", "Grant"),
    ("Sara", "Lindholm"),
    ("Dev", "Chauhan"),
    ("Abbie", "Wood"),
    ("Niall", "Byrne"),
    ("Fatima", "Hassan"),
    ("Ben", "Gallagher"),
    ("Isla", "Cameron"),
    ("Luke", "Sutcliffe"),
    ("Maya", "Patel"),
    ("Chris", "Dunne"),
    ("Ellie", "Shaw"),
    ("Josh", "Harper"),
    ("Amira", "Saleh"),
    ("Dan", "Moss"),
    ("Grace", "Ng"),
    ("Paul", "Kerr"),
    ("Ruby", "Atkinson"),
    ("Will", "Turner"),
    ("Leila", "Farah"),
    ("Adam", "Price"),
    ("Kate", "Rowe"),
    ("Ian", "Blake"),
    ("Jess", "Kaur"),
    ("Mo", "Rahman"),
    ("Tara", "Quinn"),
    ("Alan", "Fraser"),
    ("Beth", "Dale"),
    ("Ravi", "Menon"),
    ("Cath", "Lowe"),
    ("Dylan", "Hughes"),
]
TEAM_FOR = {
    "Harrowgate": "Harrowgate Central neighbourhood team",
    "Calder Vale": "Calder Vale Outer neighbourhood team",
    "Wensley Bridge": "Wensley Bridge Outer neighbourhood team",
    "Kirkmoor": "Kirkmoor Central neighbourhood team",
}


def _at(day: datetime.date, hhmm: str) -> datetime.datetime:
    hours, minutes = (int(p) for p in hhmm.split(":"))
    return datetime.datetime.combine(day, datetime.time(hours, minutes), tzinfo=LONDON)


def _sections(spec: EntrySpec, rng: random.Random) -> dict[str, str]:
    """The four SARA sections: the entry's own points, then the partnership's method."""
    texts = {}
    for name in ("scanning", "analysis", "response", "assessment"):
        own = list(getattr(spec, name))
        if not own:
            texts[name] = ""
            continue
        generic = list(GENERIC[name])
        rng.shuffle(generic)
        paragraphs = [" ".join(own), *generic[: rng.randint(1, 3)]]
        texts[name] = "\n\n".join(paragraphs)
    return texts


def _ensure_judges(organisations: dict[str, Organisation], force: Organisation) -> list[User]:
    teams = {t.name: t for t in Team.objects.select_related("district")}
    judges = []
    for spec in JUDGES:
        existing = User.objects.filter(username=spec["username"]).first()
        if existing is not None:
            judges.append(existing)
            continue
        organisation = organisations[spec["partner"]] if "partner" in spec else force
        team = teams.get(spec.get("team", ""))
        judges.append(
            upsert_person(
                username=spec["username"],
                first_name=spec["first"],
                last_name=spec["last"],
                email=f"{spec['username']}@example."
                + ("police.uk" if organisation == force else "org.uk"),
                rank=spec["rank"],
                organisation=organisation,
                function=spec.get("function", Function.PARTNER if "partner" in spec else ""),
                job_title=spec["title"],
                district=team.district if team else None,
                team=team,
                roles={Role.STAFF, Role.JUDGE},
            )
        )
    return judges


def _ensure_leads(count: int, districts: list[str], force: Organisation) -> list[User]:
    teams = {t.name: t for t in Team.objects.select_related("district")}
    leads = []
    for index in range(count):
        username = f"awards-lead-{index + 1:02d}"
        existing = User.objects.filter(username=username).first()
        if existing is not None:
            leads.append(existing)
            continue
        first, last = LEAD_NAMES[index % len(LEAD_NAMES)]
        team = teams[TEAM_FOR[districts[index]]]
        leads.append(
            upsert_person(
                username=username,
                first_name=first,
                last_name=last,
                email=f"{username}@example.police.uk",
                rank=Rank.PC if index % 3 else Rank.SERGEANT,
                organisation=force,
                function=Function.NEIGHBOURHOODS,
                job_title="Neighbourhood officer",
                district=team.district,
                team=team,
                roles={Role.STAFF},
            )
        )
    return leads


def _write_entry(
    *,
    cycle: Cycle,
    spec: EntrySpec,
    lead: User,
    organisations: dict[str, Organisation],
    force: Organisation,
    started: datetime.datetime,
    rng: random.Random,
) -> Entry:
    category = cycle.categories.get(
        name="Safer Travel" if spec.category == "ST" else "Safer Communities"
    )
    entry = start_entry(cycle=cycle, category=category, title=spec.title, by=lead, now=started)
    return save_entry_text(
        entry=entry,
        by=lead,
        title=spec.title,
        summary=spec.summary,
        sections=_sections(spec, rng),
        partners=[force, *(organisations[s] for s in spec.partners)],
        now=started + datetime.timedelta(days=rng.randint(3, 20), hours=rng.randint(0, 8)),
    )


def _submitted_at(entry: Entry, closes: datetime.datetime, rng: random.Random):
    """A while after the last save, and before the deadline."""
    later = entry.last_saved_at + datetime.timedelta(hours=rng.randint(1, 72))
    return min(later, closes - datetime.timedelta(minutes=rng.randint(5, 240)))


def _chart(title: str, before: int, after: int) -> bytes:
    """A small before-and-after bar chart (PNG), drawn without any charting library."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (640, 360), "white")
    draw = ImageDraw.Draw(image)
    draw.text((20, 16), title, fill="black")
    top = max(before, after, 1)
    for index, (label, value, colour) in enumerate(
        (("Before", before, (29, 112, 184)), ("After", after, (0, 112, 60)))
    ):
        height = int(260 * value / top)
        left = 140 + index * 220
        draw.rectangle((left, 330 - height, left + 120, 330), fill=colour)
        draw.text((left, 335 - height - 18), str(value), fill="black")
        draw.text((left + 40, 338), label, fill="black")
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _survey_pdf(title: str, lines: list[str]) -> bytes:
    from weasyprint import HTML

    body = "".join(f"<p>{line}</p>" for line in lines)
    return HTML(string=f"<h1>{title}</h1>{body}").write_pdf()


def _attach(entry: Entry, by: User, *, name: str, content: bytes, caption: str) -> None:
    checked = check_upload(io.BytesIO(content), name=name, policy=ATTACHMENT_POLICY)
    add_attachment(entry=entry, checked=checked, by=by, caption=caption)


def _panel(round: Round, judges: list[User], coordinator: User, chair: User) -> None:
    for judge in judges:
        member = PanelMember.objects.filter(round=round, judge=judge).first() or invite_judge(
            round=round, judge=judge, by=coordinator
        )
        set_membership_state(member=member, to=InvitationStatus.ACCEPTED, by=judge)
    set_chair(member=PanelMember.objects.get(round=round, judge=chair), by=coordinator)


def _score(
    assignment: Assignment,
    *,
    quality: dict[int, float],
    harshness: dict[int, float],
    rng: random.Random,
    submit: bool = True,
    partial: bool = False,
) -> None:
    criteria = list(assignment.round.criteria.all())
    scores = {}
    for index, criterion in enumerate(criteria, start=1):
        if partial and index > 2:
            scores[criterion.pk] = (None, "")
            continue
        value = quality[assignment.entry_id] + harshness[assignment.judge_id] + rng.gauss(0, 0.9)
        value = max(1, min(10, round(value)))
        comment = rng.choice(COMMENTS.get(index, COMMENTS[5])) if rng.random() < 0.6 else ""
        scores[criterion.pk] = (value, comment)
    save_scores(assignment=assignment, by=assignment.judge, scores=scores, submit=submit)


# --- last year's cycle ----------------------------------------------------------------


def _previous_cycle(*, today, coordinator, judges, entrant, organisations, force, rng) -> Cycle:
    year = today.year - 1
    opens = _at(today - datetime.timedelta(days=440), "09:00")
    closes = _at(today - datetime.timedelta(days=380), "17:00")
    round1 = (
        closes.date() + datetime.timedelta(days=4),
        closes.date() + datetime.timedelta(days=24),
    )
    round2 = (round1[1] + datetime.timedelta(days=10), round1[1] + datetime.timedelta(days=24))
    cycle = create_cycle(
        name=f"POP Awards {year}",
        entries_open_at=opens,
        entries_close_at=closes,
        ceremony_on=round2[1],
        judging=[round1, round2],
        by=coordinator,
    )
    leads = _ensure_leads(len(PREVIOUS), [s.district for s in PREVIOUS], force)
    # Leads 30+ in the shared pool are last year's, so this year's leads differ.
    for spec, lead in zip(PREVIOUS, leads, strict=True):
        started = opens + datetime.timedelta(days=rng.randint(1, 30))
        # The entrant led last year's 7.15 entry (a finalist), with that year's lead beside them.
        mine = spec.title.startswith("The 7.15")
        entry = _write_entry(
            cycle=cycle,
            spec=spec,
            lead=entrant if mine else lead,
            organisations=organisations,
            force=force,
            started=started,
            rng=rng,
        )
        if mine:
            add_co_entrant(entry=entry, person=lead, by=entrant)
        figures = PREVIOUS_FIGURES.get(spec.title)
        if figures:
            measure, before, after = figures[0]
            _attach(
                entry,
                entry.lead,
                name="before-and-after.png",
                content=_chart(measure, int(before), int(after)),
                caption=f"Figure 1: {measure.lower()}, before and after",
            )
        submit_entry(entry=entry, by=entry.lead, now=_submitted_at(entry, closes, rng))
    panel = judges[:6]
    first, final = cycle.rounds.order_by("number")
    _panel(first, panel, coordinator, chair=panel[2])
    # Last year the coordinator confirmed every detected conflict before judging.
    detect_conflicts(cycle=cycle, by=coordinator)
    for conflict in Conflict.objects.filter(entry__cycle=cycle, status=ConflictStatus.PENDING):
        set_conflict_state(conflict=conflict, to=ConflictStatus.CONFIRMED, by=coordinator)
    assign_round(round=first, by=coordinator)
    set_round_state(round=first, to=RoundStatus.OPEN, by=coordinator)
    quality = {
        e.pk: spec.quality for e, spec in zip(cycle.entries.order_by("pk"), PREVIOUS, strict=True)
    }
    harshness = {j.pk: rng.uniform(-1.4, 0.9) for j in judges}
    for assignment in first.assignments.select_related("round", "judge").order_by("pk"):
        _score(assignment, quality=quality, harshness=harshness, rng=rng)
    set_round_state(round=first, to=RoundStatus.CLOSED, by=coordinator)
    from awards.selectors import round_results

    ranked = [row.entry for row in round_results(first).rows if row.result]
    set_outcome(
        round=first,
        entries=ranked[: cycle.finalists_target],
        to=EntryStatus.FINALIST,
        by=coordinator,
    )
    _brochure_pages(cycle, coordinator)
    _panel(final, panel, coordinator, chair=panel[2])
    assign_round(round=final, by=coordinator)
    set_round_state(round=final, to=RoundStatus.OPEN, by=coordinator)
    for assignment in final.assignments.select_related("round", "judge").order_by("pk"):
        _score(assignment, quality=quality, harshness=harshness, rng=rng)
    set_round_state(round=final, to=RoundStatus.CLOSED, by=coordinator)
    try:
        record_placings(round=final, by=coordinator)
    except Exception:  # a tie needing the chair: give it to the first tied finalist
        from awards.selectors import round_results as results_of
        from awards.services.outcomes import propose_placings

        data = results_of(final)
        tie = data.tie_break_criterion()
        votes: dict[str, int] = {}
        proposal = propose_placings(data.rows, tie_criterion_id=tie.pk, casting_votes=votes)
        while proposal.needs_vote:
            votes[proposal.needs_vote.value] = proposal.tied[0].entry.pk
            proposal = propose_placings(data.rows, tie_criterion_id=tie.pk, casting_votes=votes)
        record_placings(
            round=final,
            by=coordinator,
            casting_votes=votes,
            note="The chair's casting vote, given at the panel meeting.",
        )
    publish_results(cycle=cycle, by=coordinator)
    return cycle


def _brochure_pages(cycle: Cycle, coordinator: User) -> None:
    """Last year's finalists wrote their brochure pages: a recap of their SARA story and
    their key figures (the image is their entry's chart)."""
    specs = {spec.title: spec for spec in PREVIOUS}
    for entry in cycle.entries.filter(status=EntryStatus.FINALIST).order_by("pk"):
        spec = specs[entry.title]
        story = " ".join([*spec.scanning, *spec.analysis, *spec.response, *spec.assessment])
        save_brochure_page(
            entry=entry,
            by=entry.lead,
            summary=f"{spec.summary}\n\n{story}",
            image=None,
            figures=[FigureInput(*figure) for figure in PREVIOUS_FIGURES.get(entry.title, [])],
        )


# --- this year's cycle ----------------------------------------------------------------


def _current_cycle(*, today, coordinator, judges, accounts, organisations, force, rng):
    opens = _at(today - datetime.timedelta(days=75), "09:00")
    closes = _at(today - datetime.timedelta(days=6), "17:00")
    round1 = (today - datetime.timedelta(days=4), today + datetime.timedelta(days=18))
    round2 = (today + datetime.timedelta(days=28), today + datetime.timedelta(days=42))
    cycle = create_cycle(
        name=f"POP Awards {today.year}",
        entries_open_at=opens,
        entries_close_at=closes,
        ceremony_on=round2[1],
        judging=[round1, round2],
        by=coordinator,
    )
    entrant, officer, pcso = accounts["entrant"], accounts["officer"], accounts["pcso"]
    specs = list(CURRENT)
    # Leads for every entry but the entrant's own (the first), after last year's leads.
    others = _ensure_leads(
        len(PREVIOUS) + len(specs) - 1,
        [s.district for s in PREVIOUS] + [s.district for s in specs[1:]],
        force,
    )[len(PREVIOUS) :]
    leads = [entrant, *others]
    entries = []
    for index, (spec, lead) in enumerate(zip(specs, leads, strict=True)):
        started = opens + datetime.timedelta(days=rng.randint(1, 40))
        entry = _write_entry(
            cycle=cycle,
            spec=spec,
            lead=lead,
            organisations=organisations,
            force=force,
            started=started,
            rng=rng,
        )
        if index == 0:
            add_co_entrant(entry=entry, person=pcso, by=entrant)
            _attach(
                entry,
                entrant,
                name="route-36-incidents.png",
                content=_chart("Route 36: incidents after 23:00, six months", 64, 27),
                caption="Figure 1: incidents on route 36 after 23:00, six months before and after",
            )
            _attach(
                entry,
                entrant,
                name="driver-survey.pdf",
                content=_survey_pdf(
                    "Route 36 drivers' survey",
                    [
                        "Drivers asked: do you feel safe on the late journeys?",
                        "Before the patrols: 4 of 22 said yes. After: 17 of 22 said yes.",
                    ],
                ),
                caption="The drivers' survey, before and after",
            )
        elif index in (1, 2, 3):
            first_figures = {1: (41, 14), 2: (1143, 261), 3: (38, 25)}[index]
            _attach(
                entry,
                lead,
                name="before-and-after.png",
                content=_chart(spec.title[:60], *first_figures),
                caption="Figure 1: the problem before and after the response",
            )
        elif index % 5 == 0:
            add_co_entrant(entry=entry, person=others[(index + 7) % len(others)], by=lead)
        if spec.title.startswith("Graffiti on the trains"):
            entries.append(entry)  # never submitted: missed the deadline
            continue
        submit_entry(entry=entry, by=lead, now=_submitted_at(entry, closes, rng))
        if spec.title.startswith("Car crime in Harrowgate"):
            withdraw_entry(
                entry=entry,
                by=lead,
                reason="The car park operator has asked us to wait for a full year of figures.",
            )
        entries.append(entry)

    # The entrant's draft: started late, deadline extended by the coordinator.
    draft = _write_entry(
        cycle=cycle,
        spec=ENTRANT_DRAFT,
        lead=entrant,
        organisations=organisations,
        force=force,
        started=closes - datetime.timedelta(days=9),
        rng=rng,
    )
    add_co_entrant(entry=draft, person=officer, by=entrant)
    _attach(
        draft,
        entrant,
        name="underpass-incidents.png",
        content=_chart("Underpass: incidents, March to August", 47, 0),
        caption="Figure 1: incidents reported in or near the underpass",
    )
    extend_deadline(
        entry=draft,
        until=_at(today + datetime.timedelta(days=7), "17:00"),
        reason="The lead entrant was on a fortnight's leave over the closing date, and the "
        "residents' survey results arrive this week.",
        by=coordinator,
    )

    first, final = cycle.rounds.order_by("number")
    # This year round 1 is judged anonymously: judges see no names, teams or districts.
    update_round(
        round=first,
        by=coordinator,
        name=first.name,
        opens_on=first.opens_on,
        closes_on=first.closes_on,
        judges_per_entry=first.judges_per_entry,
        score_visibility=first.score_visibility,
        anonymised=True,
    )
    chair = judges[2]  # the superintendent
    _panel(first, judges, coordinator, chair=chair)
    detect_conflicts(cycle=cycle, by=coordinator)
    _decide_conflicts(cycle, coordinator, accounts)
    assign_round(round=first, by=coordinator)
    set_round_state(round=first, to=RoundStatus.OPEN, by=coordinator)

    quality = {e.pk: spec.quality for e, spec in zip(entries, specs, strict=True)}
    harshness = {j.pk: rng.uniform(-1.5, 1.0) for j in judges}
    judge, partnerjudge = accounts["judge"], accounts["partnerjudge"]
    queues: dict[int, list[int]] = {}
    for assignment_id, judge_id in first.assignments.order_by("pk").values_list("pk", "judge_id"):
        queues.setdefault(judge_id, []).append(assignment_id)
    for assignment in first.assignments.select_related("round", "judge").order_by("pk"):
        mine = queues[assignment.judge_id]
        position = mine.index(assignment.pk)
        if assignment.judge_id == judge.pk:
            # Most scored, one in progress, three to score.
            state = (
                "submitted"
                if position < len(mine) - 4
                else ("draft" if position == len(mine) - 4 else "none")
            )
        elif assignment.judge_id == partnerjudge.pk:
            state = "submitted" if position < len(mine) - 4 else "none"
        else:
            roll = rng.random()
            state = "submitted" if roll < 0.7 else "draft" if roll < 0.8 else "none"
        if state == "submitted":
            _score(assignment, quality=quality, harshness=harshness, rng=rng)
        elif state == "draft":
            _score(
                assignment,
                quality=quality,
                harshness=harshness,
                rng=rng,
                submit=False,
                partial=True,
            )

    # The round 2 panel is agreed; the finalists are chosen once round 1 closes.
    _panel(final, judges, coordinator, chair=chair)
    return cycle


def _decide_conflicts(cycle: Cycle, coordinator: User, accounts: dict[str, User]) -> None:
    """Confirm most detected conflicts; leave the judge's and one more for the coordinator;
    dismiss one with a note."""
    judge = accounts["judge"]
    pending = list(
        Conflict.objects.filter(entry__cycle=cycle, status=ConflictStatus.PENDING)
        .select_related("judge__organisation", "entry")
        .order_by("pk")
    )
    left_for_coordinator = 0
    dismissed = False
    for conflict in pending:
        if conflict.judge_id == judge.pk:
            continue
        if conflict.judge.username == "awards-judge-housing" and not dismissed:
            set_conflict_state(
                conflict=conflict,
                to=ConflictStatus.DISMISSED,
                by=coordinator,
                note="Works in Harrowgate Homes' lettings team in another district; had no part "
                "in this project.",
            )
            dismissed = True
            continue
        if conflict.judge.username == "awards-judge-ci" and left_for_coordinator < 1:
            left_for_coordinator += 1
            continue
        set_conflict_state(conflict=conflict, to=ConflictStatus.CONFIRMED, by=coordinator)


# --- next year's cycle ----------------------------------------------------------------


def _next_cycle(*, today, coordinator) -> Cycle:
    from training.models import Venue

    opens = _at(today + datetime.timedelta(days=290), "09:00")
    closes = _at(today + datetime.timedelta(days=360), "17:00")
    round1 = (
        closes.date() + datetime.timedelta(days=4),
        closes.date() + datetime.timedelta(days=25),
    )
    round2 = (round1[1] + datetime.timedelta(days=10), round1[1] + datetime.timedelta(days=24))
    cycle = create_cycle(
        name=f"POP Awards {today.year + 1}",
        entries_open_at=opens,
        entries_close_at=closes,
        ceremony_on=round2[1],
        judging=[round1, round2],
        by=coordinator,
    )
    venue = Venue.objects.filter(name__startswith="Harrowgate Civic Centre").first()
    if venue is None:
        venue = Venue.objects.order_by("-capacity").first()
    if venue is not None:
        schedule_guidance_talk(
            cycle=cycle,
            venue=venue,
            starts_at=_at(opens.date() + datetime.timedelta(days=7), "18:00"),
            capacity=min(40, venue.capacity),
            by=coordinator,
        )
    return cycle


@transaction.atomic
def library_consent(*, entrant: User) -> None:
    """A finalist of last year whose lead agreed to publication, for the editor (idempotent)."""
    finalists = Entry.objects.filter(status__in=[EntryStatus.FINALIST, EntryStatus.WINNER])
    if finalists.filter(library_consent_at__isnull=False).exists():
        return
    chosen = finalists.exclude(lead=entrant).order_by("status", "title").first()
    if chosen is not None:
        set_library_consent(
            entry=chosen,
            by=chosen.lead,
            consent=True,
            now=timezone.now() - datetime.timedelta(days=2),
        )


def seed_awards(*, today: datetime.date | None = None) -> dict[str, int]:
    """Create the demo cycles that do not exist yet (see the module docstring)."""
    today = today or timezone.localdate()
    rng = random.Random(SEED)  # noqa: S311 - reproducible demo data, not secrecy
    force = Organisation.objects.get(name=FORCE_NAME)
    organisations = {
        short: Organisation.objects.get(name=name) for short, name in SHORT_NAMES.items()
    }
    accounts = {
        u.username: u
        for u in User.objects.filter(
            username__in=["coordinator", "entrant", "judge", "partnerjudge", "officer", "pcso"]
        )
    }
    coordinator = accounts["coordinator"]
    extra = _ensure_judges(organisations, force)
    # The superintendent chairs; the panel mixes the force and partners.
    judges = [accounts["judge"], accounts["partnerjudge"], *extra]
    # Built once: a second run (even on a later day) finds the cycles and adds nothing.
    if not Cycle.objects.filter(name__startswith="POP Awards ").exists():
        _previous_cycle(
            today=today,
            coordinator=coordinator,
            judges=judges,
            entrant=accounts["entrant"],
            organisations=organisations,
            force=force,
            rng=rng,
        )
        _current_cycle(
            today=today,
            coordinator=coordinator,
            judges=judges,
            accounts=accounts,
            organisations=organisations,
            force=force,
            rng=rng,
        )
        _next_cycle(today=today, coordinator=coordinator)
    # This year's ceremony: built once (a cycle with a ceremony is skipped), also for a
    # database seeded before the ceremony existed.
    current = Cycle.objects.filter(name=f"POP Awards {today.year}").first()
    if current is not None:
        seed_ceremony(current, coordinator=coordinator, today=today)
    library_consent(entrant=accounts["entrant"])
    return {
        "award cycles": Cycle.objects.count(),
        "award entries": Entry.objects.count(),
        "score sheets": Assignment.objects.filter(status=ScoringStatus.SUBMITTED).count(),
        "ceremony guests": Guest.objects.count(),
    }
