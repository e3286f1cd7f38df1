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


# --- table values: what django-tables2's as_values() gives, read faster ----------------


def _people_and_bookings():
    """Unsaved rows (no database): a booking whose person has no team, choice fields,
    dates, booleans."""
    from django.utils import timezone

    from people.enums import Rank
    from people.models import District, Team, User
    from training.enums import BookingStatus
    from training.models import Booking, Course, Session, Venue

    district = District(pk=1, name="Harrowgate")
    team = Team(pk=1, name="Central", district=district)
    starts = timezone.make_aware(datetime.datetime(2026, 7, 1, 9, 30))
    session = Session(
        pk=1,
        course=Course(pk=1, title="=Masterclass"),
        venue=Venue(pk=1, name="Civic Centre"),
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=3),
    )
    amy = User(pk=1, first_name="Amy", last_name="Khan", rank=Rank.PC, team=team)
    ben = User(pk=2, first_name="Ben", last_name="Carter", rank=Rank.PCSO, team=None)
    return [
        Booking(
            pk=1,
            session=session,
            person=amy,
            status=BookingStatus.CONFIRMED,
            created_at=starts - datetime.timedelta(days=20),
            is_late=False,
        ),
        Booking(
            pk=2,
            session=session,
            person=ben,
            status=BookingStatus.WAITLISTED,
            created_at=starts - datetime.timedelta(days=1),
            is_late=True,
        ),
    ]


def test_table_values_match_django_tables2_on_a_real_table():
    from core.exports import table_values
    from training.tables.duties import AbstractionTable

    table = AbstractionTable(_people_and_bookings(), order_by=())

    assert list(table_values(table)) == list(table.as_values())


def test_table_values_match_django_tables2_for_every_way_a_column_gives_its_value():
    import django_tables2 as tables

    from core.exports import table_values

    class Shouting(tables.Column):
        def render(self, value):
            return str(value).upper()

    class Labelled(tables.Column):
        def value(self, record, value):
            return f"{record['name']}: {value}"

    class Catchall(tables.Column):
        def value(self, **kwargs):
            return sorted(kwargs)

    class EveryWay(tables.Table):
        name = tables.Column()
        plain = tables.Column(accessor="missing__deeper")
        shouted = Shouting(accessor="name")
        labelled = Labelled(accessor="score")
        everything = Catchall(accessor="score")
        rendered = tables.Column(accessor="score")
        valued = tables.Column(accessor="score")
        by_record = tables.Column(accessor="score")
        by_row = tables.Column(accessor="score")
        unknown_argument = tables.Column(accessor="score")
        hidden = tables.Column(accessor="score", exclude_from_export=True)

        def render_rendered(self, value):
            return f"<b>{value}</b>"

        def value_valued(self, value):
            return value * 2

        def value_by_record(self, record, table):
            return f"{record['name']} in {type(table).__name__}"

        def value_by_row(self, bound_row):
            return bound_row.record["name"]

        def value_unknown_argument(self, nonsense):
            return "never"

    data = [
        {"name": "amy", "score": 3, "missing": None},
        {"name": "ben", "score": None, "missing": {"deeper": "found"}},
        {"name": "", "score": 0, "missing": {"deeper": ""}},
    ]
    table = EveryWay(data)

    assert list(table_values(table)) == list(table.as_values())


def test_table_export_writes_what_the_table_shows_in_its_own_cells():
    from core.exports import table_xlsx_response
    from training.tables.duties import AbstractionTable

    table = AbstractionTable(_people_and_bookings(), order_by=())

    rows = _read(
        b"".join(table_xlsx_response(table, filename="a", sheet_title="A").streaming_content)
    )

    assert rows[0][:3] == ("Person", "Rank", "Team")
    assert rows[1][:3] == ("Amy Khan", "PC", "Central")
    # No team: an empty cell, as django-tables2's own export gives it; a formula-like
    # course title stays text.
    assert rows[2][2] is None
    assert rows[1][6] == "'=Masterclass"
