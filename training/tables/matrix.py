"""The training matrix as a table: people down the side, required courses across."""

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from core.tables import GovukTable
from people.selectors import district_of
from training.selectors.matrix import Matrix, MatrixCell, MatrixStatus

NOT_REQUIRED_HTML = mark_safe('<span class="govuk-hint govuk-!-margin-0">Not required</span>')


class StatusColumn(tables.Column):
    """One course: a tag with the status and the date that matters."""

    def __init__(self, **kwargs):
        kwargs.setdefault("orderable", False)
        super().__init__(**kwargs)

    def render(self, value: MatrixCell):
        return cell_html(value)

    def value(self, value: MatrixCell) -> str:
        return value.text


def cell_html(value: MatrixCell):
    """A course's cell: a tag with the status and the date that matters."""
    if value.status == MatrixStatus.NOT_REQUIRED:
        return NOT_REQUIRED_HTML
    detail = value.detail
    return format_html(
        '<strong class="{}">{}</strong>{}',
        value.tag_class,
        value.label,
        format_html('<span class="govuk-body-s govuk-!-display-block">{}</span>', detail)
        if detail
        else "",
    )


class MatrixTable(GovukTable):
    """On the page, rank and team sit under the person's name to leave room for the
    courses; the spreadsheet has each in a column of its own. The rows come from one
    template (``row_template``), each course's cell worked out once in Python."""

    person = tables.Column(
        verbose_name="Person",
        order_by=("sort_name",),
        attrs={"th": {"class": "govuk-!-width-one-quarter"}},
    )
    rank = tables.Column(verbose_name="Rank", visible=False)
    team = tables.Column(verbose_name="Team", visible=False)
    district = tables.Column(verbose_name="District", visible=False)
    overdue = tables.Column(
        verbose_name="Overdue",
        attrs={
            "th": {"class": "govuk-table__header--numeric"},
            "td": {"class": "govuk-table__cell--numeric"},
        },
    )
    required = tables.Column(verbose_name="Required", visible=False)
    complete = tables.Column(verbose_name="Complete", visible=False)
    compliance = tables.Column(verbose_name="Completed", order_by=("compliance_value",))

    # In the spreadsheet the share completed is a fraction shown as a percentage.
    export_formats = {"compliance": "0%"}
    region_label = "Training status by person"
    row_template = "training/tables/matrix_rows.html"

    class Meta:
        empty_text = "No one in this scope has training their role requires."
        order_by = ("person",)

    def __init__(self, matrix: Matrix, **kwargs):
        extra = [
            (f"course_{course.pk}", StatusColumn(verbose_name=course.title))
            for course in matrix.courses
        ]
        super().__init__(rows_of(matrix), extra_columns=extra, **kwargs)

    def prepare_records(self, records: list) -> list:
        courses = [
            (column.header, column.name)
            for column in self.columns
            if column.name.startswith("course_")
        ]
        return [
            {
                **record,
                "detail": ", ".join(part for part in (record["rank"], record["team"]) if part),
                "course_cells": [(header, cell_html(record[name])) for header, name in courses],
            }
            for record in records
        ]

    def render_person(self, value, record):
        detail = ", ".join(part for part in (record["rank"], record["team"]) if part)
        return format_html(
            '{}<span class="govuk-hint govuk-!-font-size-16 govuk-!-margin-0 '
            'govuk-!-display-block">{}</span>',
            value,
            detail,
        )

    def value_person(self, value) -> str:
        return value

    def value_overdue(self, value) -> int:
        return value

    def value_compliance(self, record) -> float | None:
        return record["complete"] / record["required"] if record["required"] else None


def rows_of(matrix: Matrix) -> list[dict]:
    """One dict per person: what the table shows and sorts on."""
    rows = []
    for row in matrix.rows:
        person = row.person
        district = district_of(person)
        record = {
            "person": person.get_full_name() or person.username,
            "sort_name": (person.last_name.lower(), person.first_name.lower(), person.username),
            "rank": person.rank_label,
            "rank_value": person.rank,
            "team": person.team.name if person.team_id else "",
            "district": district.name if district else "",
            "overdue": row.overdue,
            "required": row.required,
            "complete": row.complete,
            "compliance": f"{row.complete} of {row.required}",
            "compliance_value": (row.compliance or 0, row.required),
        }
        for course, cell in zip(matrix.courses, row.cells, strict=True):
            record[f"course_{course.pk}"] = cell
        rows.append(record)
    return rows
