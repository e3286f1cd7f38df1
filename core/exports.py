"""One shared .xlsx exporter: openpyxl write-only, constant memory, streamed to the client.

Every table staff would copy into a spreadsheet goes through ``xlsx_response``.
"""

import datetime
import decimal
import re
import tempfile
from collections.abc import Iterable, Sequence
from typing import Any

from django.http import FileResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_FORMULA_START = ("=", "+", "-", "@")
SPREADSHEET_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _cell_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(tzinfo=None)
    if isinstance(value, bool | int | float | decimal.Decimal | datetime.date | datetime.time):
        return value
    text = _ILLEGAL.sub("", str(value))
    # Neutralise formula injection: a cell that starts like a formula is text.
    if text.startswith(_FORMULA_START):
        text = "'" + text
    return text


def write_xlsx(
    file, *, sheet_title: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]
) -> None:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_title[:31] or "Sheet1")
    bold = Font(bold=True)
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=str(header))
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        sheet.append([_cell_value(v) for v in row])
    workbook.save(file)


def xlsx_response(
    *, filename: str, sheet_title: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]
) -> FileResponse:
    """Write rows to a temporary file and stream it back as an .xlsx download."""
    spool = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
    write_xlsx(spool, sheet_title=sheet_title, headers=headers, rows=rows)
    spool.seek(0)
    if not filename.endswith(".xlsx"):
        filename += ".xlsx"
    return FileResponse(
        spool, as_attachment=True, filename=filename, content_type=SPREADSHEET_CONTENT_TYPE
    )


def table_xlsx_response(table, *, filename: str, sheet_title: str) -> FileResponse:
    """Export a django-tables2 table: every row, not just the page, minus exclude_from_export."""
    values = iter(table.as_values())
    headers = next(values)
    return xlsx_response(filename=filename, sheet_title=sheet_title, headers=headers, rows=values)
