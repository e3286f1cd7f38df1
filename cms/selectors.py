"""Reads behind the CMS pages: the library's results and filter options, programme sessions.

Every list costs the same number of queries for 3 rows as for 3,000: rows come with their
guideline areas prefetched and the long rich-text sections deferred.
"""

from django.db.models import QuerySet
from wagtail.models import Page
from wagtail.search.backends.base import BaseSearchResults

from cms.models import CaseStudyPage

# The long sections a results row never shows.
_SECTIONS = (
    "who",
    "what",
    "why",
    "how_setup",
    "how_delivery",
    "practical_considerations",
    "potential_benefits",
    "evaluation",
    "further_information",
)


def live_case_studies(*, index: Page | None = None) -> QuerySet[CaseStudyPage]:
    """Published, public case studies (of one library when ``index`` is given)."""
    qs = CaseStudyPage.objects.live().public()
    if index is not None:
        qs = qs.child_of(index)
    return qs


def library_rows(*, index: Page) -> QuerySet[CaseStudyPage]:
    """The library's case studies as results rows, A to Z."""
    return (
        live_case_studies(index=index)
        .defer(*_SECTIONS)
        .prefetch_related("guideline_areas")
        .order_by("title", "pk")
    )


def search_case_studies(rows: QuerySet[CaseStudyPage], query: str) -> BaseSearchResults:
    """Full-text search within ``rows`` (already filtered), best match first.

    Every word must match (``and``); the backend is Wagtail's database search (SQLite FTS5,
    or PostgreSQL full-text search in production).
    """
    return rows.order_by().search(query, operator="and")


def organisation_choices(*, index: Page) -> list[tuple[str, str]]:
    names = (
        live_case_studies(index=index)
        .order_by("organisation")
        .values_list("organisation", flat=True)
        .distinct()
    )
    return [(name, name) for name in names]


def year_choices(*, index: Page) -> list[tuple[str, str]]:
    years = (
        live_case_studies(index=index)
        .filter(start_year__isnull=False)
        .order_by("-start_year")
        .values_list("start_year", flat=True)
        .distinct()
    )
    return [(str(year), str(year)) for year in years]


def recent_case_studies(*, limit: int = 3) -> QuerySet[CaseStudyPage]:
    """The latest case studies published, for the home page."""
    return live_case_studies().defer(*_SECTIONS).order_by("-first_published_at", "-pk")[:limit]
