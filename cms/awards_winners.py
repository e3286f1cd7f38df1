"""The awards app's "publish the winners" action, answered by the CMS.

``awards.services.winners`` defines the hook point ``pop_awards_publish_winners`` and the
plain hand-over it passes (awards never imports cms); ``cms/wagtail_hooks.py`` registers
``publish_awards_winners`` for it. The winners page goes under the past-winners archive
through ``cms.services.create_winners_page``: published at once where the archive has
no moderation workflow and the coordinator may publish, otherwise left as a draft in the
editors' review.
"""

from django.urls import reverse

from awards.services import AwardsError
from cms.enums import Placing
from cms.models import WinnersArchivePage
from cms.services import CmsError, CycleResults, Result, create_winners_page


def uses_moderation() -> bool:
    archive = WinnersArchivePage.objects.first()
    return archive is not None and archive.get_workflow() is not None


def publish_awards_winners(handover: dict, *, user) -> dict:
    """Make or update the cycle's winners page from the awards hand-over."""
    results = CycleResults(
        reference=handover["reference"],
        name=handover["name"],
        year=handover["year"],
        ceremony_on=handover.get("ceremony_on"),
        intro=handover.get("intro", ""),
        results=[
            Result(
                placing=Placing(row["placing"]),
                category=row["category"],
                entry_title=row["entry_title"],
                team=row["team"],
                partners=tuple(row.get("partners", ())),
                summary=row.get("summary", ""),
            )
            for row in handover["results"]
        ],
    )
    try:
        page = create_winners_page(results, user=user, publish=not uses_moderation())
    except CmsError as refused:
        raise AwardsError(str(refused), code=refused.code) from refused
    page.refresh_from_db()
    return {
        "title": page.title,
        "url": page.get_url() if page.live else "",
        "edit_url": reverse("wagtailadmin_pages:edit", args=[page.pk]),
        "live": page.live and not page.has_unpublished_changes,
    }
