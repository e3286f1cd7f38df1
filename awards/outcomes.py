"""What the brochure and the certificates show: the finalists, in order, as plain spreads.

Reads only (a fixed number of queries for any number of finalists). The PDFs are built
from these by ``awards.services.brochure`` and ``awards.services.certificates``.
"""

import io
import re
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet

from awards.enums import FINAL_STATUSES, PLACINGS_IN_ORDER, BrochureEdition, Placing
from awards.models import Attachment, Cycle, Entry
from awards.wordcount import count_words
from core.pdf import Resource, resource_url

IMAGE_TYPES = ("image/jpeg", "image/png")
HIGHLIGHT_WORDS = 45
LONG_SUMMARY_WORDS = 200
# Images are scaled down to this width before layout: sharp at 300 dpi across the page's
# image frame, and a phone photo does not slow the build or swell the file.
IMAGE_MAX_PIXELS = 1600
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def finalists(cycle: Cycle) -> QuerySet[Entry]:
    """The cycle's finalists (placed or not) with everything a spread shows: 6 queries."""
    return (
        Entry.objects.filter(cycle=cycle, status__in=FINAL_STATUSES)
        .select_related(
            "category", "lead__team", "lead__district", "brochure_page", "cycle", "lead"
        )
        .prefetch_related(
            "partners",
            "co_entrants",
            "key_figures",
            Prefetch(
                "attachments",
                queryset=Attachment.objects.filter(content_type__in=IMAGE_TYPES),
                to_attr="images",
            ),
        )
    )


def in_brochure_order(entries: list[Entry], edition: BrochureEdition) -> list[Entry]:
    """Finalists by category (the cycle's order), then title; the winners' edition puts
    gold, silver and bronze first."""

    def by_category(entry: Entry):
        return (entry.category.order, entry.category.name, entry.title.casefold(), entry.pk)

    ordered = sorted(entries, key=by_category)
    if edition == BrochureEdition.WINNERS:
        rank = {placing.value: n for n, placing in enumerate(PLACINGS_IN_ORDER)}
        ordered.sort(key=lambda e: rank.get(e.placing, len(rank)))
    return ordered


def highlight(text: str, limit: int = HIGHLIGHT_WORDS) -> str:
    """The opening of a SARA section in at most ``limit`` words: whole sentences from its
    first paragraph, or the first words and an ellipsis if the first sentence is longer."""
    paragraph = next((p.strip() for p in re.split(r"\n\s*\n", text or "") if p.strip()), "")
    paragraph = " ".join(paragraph.split())
    taken: list[str] = []
    for sentence in SENTENCE_END.split(paragraph):
        if count_words(" ".join([*taken, sentence])) > limit:
            break
        taken.append(sentence)
    if taken:
        return " ".join(taken)
    words = paragraph.split(" ")
    kept: list[str] = []
    for word in words:
        if count_words(" ".join([*kept, word])) > limit:
            break
        kept.append(word)
    return " ".join(kept).rstrip(",;:") + "…"


def paragraphs(text: str) -> list[str]:
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", text or "") if p.strip()]


def team_names(entry: Entry) -> list[str]:
    """The lead first, then the co-entrants, by full name."""
    people = [entry.lead, *sorted(entry.co_entrants.all(), key=lambda u: (u.last_name, u.pk))]
    return [p.get_full_name() or p.username for p in people]


def brochure_image(entry: Entry) -> Attachment | None:
    """The image the team chose for the brochure, else the entry's first image."""
    images = getattr(entry, "images", None)
    if images is None:
        images = list(entry.attachments.filter(content_type__in=IMAGE_TYPES))
    page = getattr(entry, "brochure_page", None) if has_brochure_page(entry) else None
    if page is not None and page.image_id:
        chosen = next((a for a in images if a.pk == page.image_id), None)
        if chosen is not None:
            return chosen
    return images[0] if images else None


def has_brochure_page(entry: Entry) -> bool:
    try:
        entry.brochure_page  # noqa: B018 - the reverse one-to-one raises when missing
    except Entry.brochure_page.RelatedObjectDoesNotExist:
        return False
    return True


def brochure_summary(entry: Entry) -> str:
    page = entry.brochure_page if has_brochure_page(entry) else None
    return (page.summary if page is not None and page.summary.strip() else entry.summary) or ""


def load_image(attachment: Attachment) -> Resource:
    """The attachment's bytes, scaled down to ``IMAGE_MAX_PIXELS`` wide if larger.

    Only attachments ``core.uploads`` validated and re-encoded as JPEG or PNG get here.
    """
    from PIL import Image

    if attachment.content_type not in IMAGE_TYPES:
        raise ValueError("Only JPEG and PNG attachments go in the brochure.")
    with attachment.open_file() as handle:
        content = handle.read()
    with Image.open(io.BytesIO(content)) as image:
        if image.width <= IMAGE_MAX_PIXELS:
            return Resource(content, attachment.content_type)
        image.thumbnail((IMAGE_MAX_PIXELS, IMAGE_MAX_PIXELS * 4))
        out = io.BytesIO()
        if attachment.content_type == "image/jpeg":
            image.convert("RGB").save(out, format="JPEG", quality=85)
        else:
            image.save(out, format="PNG", optimize=False)
    return Resource(out.getvalue(), attachment.content_type)


@dataclass
class Spread:
    """One finalist's two facing pages."""

    entry: Entry
    anchor: str
    title: str
    category: str
    team: str
    district: str
    names: list[str]
    partners: list[str]
    summary: list[str]
    highlights: list[tuple[str, str]]
    figures: list
    image: Attachment | None
    image_key: str = ""
    placing: Placing | None = None
    extra: dict = field(default_factory=dict)

    @property
    def long_summary(self) -> bool:
        """Set smaller so 300 long words still fit their page."""
        return count_words(" ".join(self.summary)) > LONG_SUMMARY_WORDS

    @property
    def image_url(self) -> str:
        return resource_url(self.image_key) if self.image_key else ""

    @property
    def image_caption(self) -> str:
        return self.image.caption if self.image is not None else ""


def spreads(entries: list[Entry], *, with_placings: bool) -> list[Spread]:
    from awards.models import SARA_SECTIONS

    result = []
    for entry in entries:
        lead = entry.lead
        image = brochure_image(entry)
        result.append(
            Spread(
                entry=entry,
                anchor=f"finalist-{entry.pk}",
                title=entry.title,
                category=entry.category.name,
                team=lead.team.name if lead.team_id else "",
                district=lead.district.name if lead.district_id else "",
                names=team_names(entry),
                partners=[org.name for org in sorted(entry.partners.all(), key=lambda o: o.name)],
                summary=paragraphs(brochure_summary(entry)),
                highlights=[
                    (heading, highlight(getattr(entry, name)))
                    for name, heading, _ in SARA_SECTIONS
                    if getattr(entry, name).strip()
                ],
                figures=list(entry.key_figures.all()),
                image=image,
                image_key=f"entry-{entry.pk}-image-{image.pk}" if image is not None else "",
                placing=Placing(entry.placing) if with_placings and entry.placing else None,
            )
        )
    return result
