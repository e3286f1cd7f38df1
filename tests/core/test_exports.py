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


def test_write_xlsx_formats_numbers_dates_and_percentages():
    from core.exports import ExportColumn

    buffer = io.BytesIO()
    write_xlsx(
        buffer,
        sheet_title="Sessions",
        headers=[
            "Session",
            ExportColumn("Starts", number_format="d mmm yyyy hh:mm"),
            "Day",
            "Booked",
            ExportColumn("Response rate", number_format="0%"),
            ExportColumn("Mean rating", number_format="0.0"),
        ],
        rows=[
            (
                "Masterclass",
                datetime.datetime(2027, 3, 1, 9, 30),
                datetime.date(2027, 3, 1),
                12,
                0.75,
                4.25,
            )
        ],
    )

    sheet = load_workbook(io.BytesIO(buffer.getvalue())).active
    assert [c.number_format for c in sheet[2]] == [
        "General",
        "d mmm yyyy hh:mm",
        "d mmm yyyy",  # dates get a readable format without being asked
        "General",
        "0%",
        "0.0",
    ]
    assert sheet["E2"].value == 0.75  # a number: sums and charts work on it
    assert sheet.freeze_panes == "A2"


def test_write_xlsx_sets_column_widths_from_the_content():
    buffer = io.BytesIO()
    write_xlsx(
        buffer,
        sheet_title="People",
        headers=["Id", "Name"],
        rows=[(1, "Detective Sergeant Anastasia Worthington-Smythe"), (2, "Amy Khan")],
    )

    sheet = load_workbook(io.BytesIO(buffer.getvalue())).active
    narrow, wide = sheet.column_dimensions["A"].width, sheet.column_dimensions["B"].width
    assert 4 <= narrow < 12
    assert wide > 40


def test_table_export_takes_number_formats_from_the_table():
    import django_tables2 as tables
    from django.test import RequestFactory

    from core.exports import table_xlsx_response

    class RateTable(tables.Table):
        name = tables.Column()
        rate = tables.Column()

        export_formats = {"rate": "0%"}

    table = RateTable([{"name": "Masterclass", "rate": 0.5}])
    tables.RequestConfig(RequestFactory().get("/"), paginate=False).configure(table)

    response = table_xlsx_response(table, filename="rates", sheet_title="Rates")

    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert (sheet["B1"].value, sheet["B2"].value, sheet["B2"].number_format) == (
        "Rate",
        0.5,
        "0%",
    )
