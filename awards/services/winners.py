"""Winners published: the cycle's results handed to the website's past-winners archive.

``awards`` sits below ``cms`` in the app chain and never imports it. The CMS registers a
Wagtail hook under ``HOOK_NAME`` (in ``cms/wagtail_hooks.py``) that takes the plain
hand-over built here and makes or updates the cycle's winners page::

    @hooks.register("pop_awards_publish_winners")
    def publish(handover: dict, *, user) -> dict:
        ...  # cms.services.create_winners_page(...)
        return {"title": ..., "url": ... or "", "edit_url": ..., "live": bool}

The hand-over (``winners_handover``)::

    {"reference": "awards.cycle:3", "name": "POP Awards 2027", "year": 2027,
     "ceremony_on": date, "intro": "plain text",
     "results": [{"placing": "gold" | "silver" | "bronze" | "finalist",
                  "category": str, "entry_title": str, "team": str,
                  "partners": [str, ...], "summary": str}, ...]}

The hook raises ``AwardsError`` with a message fit to show the coordinator when the
website refuses. Without a hook (no CMS installed) the action is not offered.
"""

from django.db import transaction
from django.utils import timezone
from wagtail import hooks

from awards.enums import BrochureEdition, EntryStatus
from awards.models import Cycle, WinnersPublication
from awards.outcomes import brochure_summary, finalists, in_brochure_order
from awards.services import AwardsError
from core.audit import record
from people.models import User

HOOK_NAME = "pop_awards_publish_winners"


def publisher():
    """The website's publishing function, or None when no app registered one."""
    found = hooks.get_hooks(HOOK_NAME)
    return found[0] if found else None


def winners_problem(cycle: Cycle) -> str:
    """Why the winners cannot be published yet ('' when they can)."""
    if not cycle.entries.filter(status=EntryStatus.WINNER).exists():
        return "Record the placings (gold, silver and bronze) after round 2 first."
    if not cycle.is_published:
        return "Publish the results first: the placings are final once they are published."
    return ""


def winners_handover(cycle: Cycle) -> dict:
    """The cycle's results as plain data: gold, silver, bronze, then the other finalists."""
    entries = in_brochure_order(list(finalists(cycle)), BrochureEdition.WINNERS)
    placed = sum(1 for e in entries if e.placing)
    intro = (
        f"{len(entries)} finalists presented their work at the awards ceremony; the judges "
        f"placed {placed} of them. Congratulations to every finalist."
    )
    return {
        "reference": f"awards.cycle:{cycle.pk}",
        "name": cycle.name,
        "year": cycle.ceremony_on.year,
        "ceremony_on": cycle.ceremony_on,
        "intro": intro,
        "results": [
            {
                "placing": entry.placing or "finalist",
                "category": entry.category.name,
                "entry_title": entry.title,
                "team": entry.lead.team.name if entry.lead.team_id else entry.lead.get_full_name(),
                "partners": sorted(org.name for org in entry.partners.all()),
                "summary": brochure_summary(entry),
            }
            for entry in entries
        ],
    }


@transaction.atomic
def publish_winners(*, cycle: Cycle, by: User) -> WinnersPublication:
    """Hand the cycle's winners to the website (coordinator only, once the results are
    published). The CMS makes the page, or a new draft of it, as a draft for an editor
    when the site uses moderation. Repeatable: a second call updates the same page."""
    if not by.has_perm("awards.manage_awards"):
        raise AwardsError("Only the awards coordinator can do this.", code="not_allowed")
    cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
    problem = winners_problem(cycle)
    if problem:
        raise AwardsError(problem, code="not_final")
    publish = publisher()
    if publish is None:
        raise AwardsError("There is no website to publish the winners to.", code="no_cms")
    page = publish(winners_handover(cycle), user=by)
    publication, _ = WinnersPublication.objects.update_or_create(
        cycle=cycle,
        defaults={
            "title": str(page["title"])[:255],
            "url": str(page.get("url") or "")[:500],
            "edit_url": str(page.get("edit_url") or "")[:500],
            "live": bool(page.get("live")),
            "sent_at": timezone.now(),
            "sent_by": by,
        },
    )
    record(
        actor=by,
        action="awards.cycle.winners_published",
        obj=cycle,
        summary=f"Winners of {cycle.name} sent to the website"
        + ("" if publication.live else " (a draft for an editor)"),
        live=publication.live,
        page=publication.title,
    )
    return publication
