"""The base for every listing: django-tables2 orders, paginates and exports; one light
template renders the rows.

django-tables2 renders each cell through its column machinery (a bound row, a
bound column, ``render_<name>`` resolved by introspection, one template node per
cell); on a page of 25 rows that is most of the request. A ``GovukTable`` keeps
django-tables2 for what it does well (the header with its ordering links, the
paginator, ``value_<name>`` for the .xlsx export) and renders the body with
``row_template``: one template that loops over the page's records (the
selector's annotated rows) and writes the cells itself, in the order of the
table's visible columns.
"""

import django_tables2 as tables


class GovukTable(tables.Table):
    """A table whose rows are rendered by ``row_template`` (``{% for record in records %}``).

    The row template receives ``records`` (this page's records), ``table`` and the
    page's context. Its cells must follow the visible columns in order; the
    shared ``core/tables/govuk_table.html`` renders the header, the empty state
    and the pagination.
    """

    row_template: str | None = None

    @property
    def page_records(self) -> list:
        """The records on the current page (every record when not paginated)."""
        page = getattr(self, "page", None)
        # The paginator pages bound rows; each holds its record.
        rows = page.object_list if page is not None else None
        records = [row.record for row in rows] if rows is not None else list(self.data)
        return self.prepare_records(records)

    def prepare_records(self, records: list) -> list:
        """Work out, once per row and in Python, what the row template shows (a hook)."""
        return records
