"""Certificates: one PDF per finalist naming the team and the cycle, and the placing for
gold, silver and bronze; all of a cycle's in one zip.

Made on request (a certificate takes a fraction of a second), so they always show the
entry as it is now. Laid out by WeasyPrint through ``core.pdf``'s restricted fetcher:
the certificate fetches only the portal's static stylesheet and emblem.
"""

import io
import zipfile

from django.template.loader import render_to_string
from django.utils.text import slugify

from awards.enums import FINAL_STATUSES, BrochureEdition, Placing
from awards.models import Cycle, Entry
from awards.outcomes import finalists, in_brochure_order, team_names
from awards.services import AwardsError
from core.pdf import render_document, static_url, write_pdf
from people.models import User


def _require_coordinator(by: User) -> None:
    if not by.has_perm("awards.manage_awards"):
        raise AwardsError("Only the awards coordinator can do this.", code="not_allowed")


def _chair_name(cycle: Cycle) -> str:
    from awards.models import PanelMember

    member = (
        PanelMember.objects.filter(round__cycle=cycle, is_chair=True)
        .select_related("judge")
        .order_by("-round__number")
        .first()
    )
    return member.judge.get_full_name() if member else ""


def certificate_html(entries: list[Entry], *, chair: str = "") -> str:
    """One A4 landscape page per entry (all entries of one cycle)."""
    pages = []
    for entry in entries:
        placing = Placing(entry.placing) if entry.placing else None
        lead = entry.lead
        pages.append(
            {
                "entry": entry,
                "placing": placing,
                "award": f"{placing.label} award" if placing else "Finalist",
                "names": team_names(entry),
                "team": lead.team.name if lead.team_id else "",
                "category": entry.category.name,
            }
        )
    cycle = entries[0].cycle
    title = (
        f"{cycle.name}: certificate, {entries[0].title}"
        if len(entries) == 1
        else f"{cycle.name}: certificates"
    )
    return render_to_string(
        "awards/brochure/certificate.html",
        {
            "title": title,
            "cycle": cycle,
            "pages": pages,
            "chair": chair,
            "css_url": static_url("awards/pdf/certificate.css"),
            "emblem_url": static_url("awards/pdf/emblem.svg"),
        },
    )


def file_name(entry: Entry) -> str:
    return f"certificate-{slugify(entry.cycle.name)}-{slugify(entry.title)[:60]}.pdf"


def _pdf(entries: list[Entry], chair: str) -> bytes:
    return write_pdf(render_document(certificate_html(entries, chair=chair)))


def certificate_pdf(*, entry: Entry, by: User) -> bytes:
    """The entry's certificate (coordinator only; finalists only)."""
    _require_coordinator(by)
    entry = finalists(entry.cycle).filter(pk=entry.pk).first()
    if entry is None or entry.status not in FINAL_STATUSES:
        raise AwardsError("Only finalists get a certificate.", code="not_finalist")
    return _pdf([entry], _chair_name(entry.cycle))


def certificates_zip(*, cycle: Cycle, by: User) -> tuple[bytes, int]:
    """Every finalist's certificate, one PDF each, in a zip; returns (zip bytes, count)."""
    _require_coordinator(by)
    entries = in_brochure_order(list(finalists(cycle)), BrochureEdition.WINNERS)
    if not entries:
        raise AwardsError(
            "There are no finalists yet: choose them from the round 1 results first.",
            code="not_ready",
        )
    chair = _chair_name(cycle)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for number, entry in enumerate(entries, start=1):
            archive.writestr(f"{number:02d}-{file_name(entry)}", _pdf([entry], chair))
    return out.getvalue(), len(entries)
