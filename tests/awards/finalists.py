"""Builders for the outcomes tests: a cycle whose finalists were chosen (and placed)
through the awards services, as the coordinator would."""

import datetime
import io

from awards.attachments import ATTACHMENT_POLICY
from awards.enums import EntryStatus, RoundStatus
from awards.models import Assignment, Cycle, Entry
from awards.services.assignment import assign_round
from awards.services.cycles import set_round_state
from awards.services.entries import add_attachment
from awards.services.outcomes import record_placings, set_outcome
from awards.services.panels import set_chair
from awards.services.scoring import save_scores
from core.uploads import check_upload
from tests.awards.conftest import first_round, make_entry, make_judge, open_round, seat_panel
from tests.factories import TeamFactory, UserFactory


def png(width: int = 640, height: int = 360, colour=(29, 112, 184)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, format="PNG")
    return out.getvalue()


def attach_image(entry: Entry, *, name: str = "figure.png", caption: str = "", content=None):
    """Attach a validated PNG to a draft entry (call before submitting)."""
    checked = check_upload(io.BytesIO(content or png()), name=name, policy=ATTACHMENT_POLICY)
    return add_attachment(entry=entry, checked=checked, by=entry.lead, caption=caption)


def _score_round(round_, scores: dict[str, int]) -> None:
    for assignment in Assignment.objects.filter(round=round_).select_related(
        "round", "judge", "entry"
    ):
        save_scores(
            assignment=assignment,
            by=assignment.judge,
            submit=True,
            scores={c.pk: (scores[assignment.entry.title], "") for c in round_.criteria.all()},
        )


def make_finalists(
    cycle: Cycle,
    coordinator,
    *,
    force,
    titles: list[str],
    place: bool = False,
    others: int = 1,
    text: dict | None = None,
    with_images: bool = True,
) -> list[Entry]:
    """Entries called ``titles`` made finalists from round 1 (plus ``others`` entries that
    are not), in a cycle whose entries have closed. With ``place``, round 2 is judged and
    the first three titles get gold, silver and bronze in that order."""
    team = TeamFactory(name="Harrowgate Central neighbourhood team")
    entries = []
    for number, title in enumerate([*titles, *(f"Not chosen {n}" for n in range(others))]):
        lead = UserFactory(
            organisation=force,
            team=team,
            district=team.district,
            first_name="Lead",
            last_name=f"Entrant {number + 1}",
        )
        entry = make_entry(cycle, lead, partners=[force], title=title, text=text, submit=False)
        if with_images and title in titles:
            attach_image(entry, caption=f"Figure for {title}")
        from awards.services.entries import submit_entry

        entries.append(
            submit_entry(
                entry=entry, by=lead, now=cycle.entries_open_at + datetime.timedelta(hours=2)
            )
        )
    judges = [make_judge(force), make_judge(force)]
    first = first_round(cycle)
    seat_panel(first, judges, coordinator)
    set_chair(member=first.panel.get(judge=judges[0]), by=coordinator)
    assign_round(round=first, by=coordinator, k=0)
    open_round(first, coordinator)
    ranks = {e.title: 10 - min(n, 8) for n, e in enumerate(entries)}
    _score_round(first, ranks)
    set_round_state(round=first, to=RoundStatus.CLOSED, by=coordinator)
    chosen = [e for e in entries if e.title in titles]
    set_outcome(round=first, entries=chosen, to=EntryStatus.FINALIST, by=coordinator)
    if place:
        final = cycle.rounds.get(number=2)
        seat_panel(final, judges, coordinator)
        set_chair(member=final.panel.get(judge=judges[0]), by=coordinator)
        assign_round(round=final, by=coordinator, k=0)
        open_round(final, coordinator)
        _score_round(final, {t: 10 - n for n, t in enumerate(titles)})
        set_round_state(round=final, to=RoundStatus.CLOSED, by=coordinator)
        record_placings(round=final, by=coordinator)
    return list(Entry.objects.filter(pk__in=[e.pk for e in chosen]))
