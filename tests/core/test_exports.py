import datetime
import io
from decimal import Decimal

from openpyxl import load_workbook

from core.exports import write_xlsx, xlsx_response


def _read(content: bytes) -> list[tuple]:
    sheet = load_workbook(io.BytesIO(content)).active
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


def test_write_xlsx_writes_headers_and_typed_values():
    buffer = io.BytesIO()
    write_xlsx(
        buffer,
        sheet_title="Bookings",
        headers=["Name", "Date", "Fee", "Seats"],
        rows=[("Amy Khan", datetime.date(2026, 12, 1), Decimal("40.00"), 3)],
    )
    assert _read(buffer.getvalue()) == [
        ("Name", "Date", "Fee", "Seats"),
        ("Amy Khan", datetime.datetime(2026, 12, 1, 0, 0), 40, 3),
    ]


def test_write_xlsx_neutralises_formulas():
    buffer = io.BytesIO()
    write_xlsx(buffer, sheet_title="x", headers=["Comment"], rows=[("=HYPERLINK(1)",)])
    assert _read(buffer.getvalue())[1] == ("'=HYPERLINK(1)",)


def test_xlsx_response_is_an_attachment():
    response = xlsx_response(
        filename="abstractions", sheet_title="Week", headers=["A"], rows=[(1,)]
    )
    assert response["Content-Disposition"] == 'attachment; filename="abstractions.xlsx"'
    assert _read(b"".join(response.streaming_content)) == [("A",), (1,)]
