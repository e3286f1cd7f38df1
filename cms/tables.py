"""The library's results table: ordered and paged by django-tables2, rows by one template."""

import django_tables2 as tables
from django_tables2.data import TableData

from core.tables import GovukTable

# On a phone only the first column shows; its cell repeats the others' values in one line.
WIDE = {"th": {"class": "pop-wide-only"}}
WIDE_NUMERIC = {"th": {"class": "govuk-table__header--numeric pop-wide-only"}}


class SearchResultsData(TableData):
    """Wagtail search results as table data: counted and sliced by the search backend.

    Results keep the backend's relevance order, so a table over them is not orderable.
    """

    def __init__(self, results):
        super().__init__(results)
        self._length = None

    def __len__(self) -> int:
        if self._length is None:
            self._length = self.data.count()
        return self._length

    def order_by(self, aliases) -> None:  # relevance order only
        return None


class CaseStudyTable(GovukTable):
    title = tables.Column(verbose_name="Case study", order_by=("title", "pk"))
    organisation = tables.Column(
        verbose_name="Force or organisation", order_by=("organisation", "title"), attrs=WIDE
    )
    start_year = tables.Column(
        verbose_name="Year started", order_by=("start_year", "title"), attrs=WIDE_NUMERIC
    )
    evaluation_level = tables.Column(
        verbose_name="Evaluation", order_by=("evaluation_level", "title"), attrs=WIDE
    )

    row_template = "cms/tables/case_study_rows.html"

    class Meta:
        attrs = {"class": "govuk-table pop-library-table"}
        empty_text = "No case studies match your search and filters."


class PracticeTable(GovukTable):
    """Practice whose owners agreed to publication, and where it stands in the library."""

    title = tables.Column(verbose_name="Practice")
    owner = tables.Column(verbose_name="Owner", attrs=WIDE)
    consent_at = tables.Column(verbose_name="Consent given", attrs=WIDE)
    page = tables.Column(verbose_name="In the library")

    row_template = "cms/tables/practice_rows.html"

    class Meta:
        attrs = {"class": "govuk-table"}
        empty_text = (
            "No practice is waiting: when a finalist or a candidate agrees to publication, "
            "it is listed here."
        )
