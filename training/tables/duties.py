"""The flat list of a week's abstractions (also the .xlsx export)."""

import django_tables2 as tables
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from people.selectors import district_of
from training.models import Booking
from training.times import LONDON

LATE_TAG = mark_safe('<strong class="govuk-tag govuk-tag--orange">Late notice</strong>')


def _local(moment):
    return timezone.localtime(moment, LONDON)


HINT = (
    '<span class="govuk-hint govuk-!-font-size-16 govuk-!-margin-0 govuk-!-display-block">{}</span>'
)


class AbstractionTable(tables.Table):
    """On the page, rank, district and times sit under person, team and date to keep
    the table narrow; the spreadsheet has each in a column of its own."""

    person = tables.Column(
        verbose_name="Person",
        accessor="person",
        order_by=("person__last_name", "person__first_name"),
    )
    rank = tables.Column(verbose_name="Rank", accessor="person__rank", visible=False)
    team = tables.Column(
        verbose_name="Team",
        accessor="person__team__name",
        default="No team recorded",
        order_by=("person__team__name", "person__last_name"),
    )
    district = tables.Column(verbose_name="District", accessor="person", visible=False)
    date = tables.Column(verbose_name="Date", accessor="session__starts_at")
    times = tables.Column(
        verbose_name="Session times", accessor="session__starts_at", visible=False
    )
    course = tables.Column(verbose_name="Course", accessor="session__course__title")
    venue = tables.Column(verbose_name="Venue", accessor="session__venue__name")
    status = tables.Column(verbose_name="Status", accessor="status")
    booked_on = tables.Column(verbose_name="Booked on", accessor="created_at")
    late = tables.Column(verbose_name="Late notice", accessor="is_late")

    class Meta:
        model = Booking
        fields = ()
        sequence = (
            "person",
            "rank",
            "team",
            "district",
            "date",
            "times",
            "course",
            "venue",
            "status",
            "booked_on",
            "late",
        )
        order_by = ("date",)
        empty_text = "No one is away on training in this week."
        attrs = {"class": "govuk-table pop-table--stack"}

    # --- on the page ---------------------------------------------------------

    def render_person(self, value):
        return format_html("{}" + HINT, _name(value), value.rank_label)

    def render_team(self, value, record):
        district = district_of(record.person)
        return format_html("{}" + HINT, value, district.name if district else "")

    def render_date(self, value, record):
        return format_html("{}" + HINT, date_format(_local(value), "D j M"), _times(record))

    def render_status(self, record) -> str:
        return record.get_status_display()

    def render_booked_on(self, value) -> str:
        return date_format(_local(value), "j M Y, H:i")

    def render_late(self, value) -> str:
        return LATE_TAG if value else "No"

    # --- in the spreadsheet: plain, typed values --------------------------------

    def value_person(self, value) -> str:
        return _name(value)

    def value_rank(self, record) -> str:
        return record.person.rank_label

    def value_team(self, value) -> str:
        return value

    def value_district(self, value) -> str:
        district = district_of(value)
        return district.name if district else ""

    def value_date(self, value):
        return _local(value).date()

    def value_times(self, record) -> str:
        return _times(record)

    def value_booked_on(self, value):
        return _local(value)

    def value_late(self, value) -> str:
        return "Yes" if value else "No"


def _name(person) -> str:
    return person.get_full_name() or person.username


def _times(booking) -> str:
    session = booking.session
    return f"{_local(session.starts_at):%H:%M} to {_local(session.ends_at):%H:%M}"
