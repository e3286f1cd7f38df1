"""Tables for the booking pages: the sessions catalogue and a person's own bookings.

Rows come annotated from ``training.selectors.catalogue``; rendering never queries.
"""

import datetime

import django_tables2 as tables
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html

from core.tables import GovukTable
from training.enums import ACTIVE_BOOKING_STATUSES, BookingStatus

NBSP = "\u00a0"
NUMERIC = {
    "th": {"class": "govuk-table__header--numeric"},
    "td": {"class": "govuk-table__cell--numeric"},
}


def local_date_and_times(starts_at: datetime.datetime, ends_at: datetime.datetime) -> str:
    """'Tue 3 Mar 2026, 09:30 to 12:00' in Europe/London."""
    start, end = timezone.localtime(starts_at), timezone.localtime(ends_at)
    text = f"{date_format(start, 'D j M Y')}, {start:%H:%M} to "
    if end.date() != start.date():
        text += f"{date_format(end, 'D j M Y')}, "
    return text + f"{end:%H:%M}"


def local_date_and_times_html(starts_at: datetime.datetime, ends_at: datetime.datetime) -> str:
    """The date on one line and the times below it, for table cells."""
    date, _, times = local_date_and_times(starts_at, ends_at).partition(", ")
    # No-break spaces keep each line whole, so the column is as wide as its text.
    return format_html("{}<br>{}", date.replace(" ", NBSP), times.replace(" ", NBSP))


def session_tag(
    session, now: datetime.datetime | None = None, *, short: bool = False
) -> tuple[str, str]:
    """(label, GOV.UK tag class) for a session row as the viewer sees it.

    The session needs the ``seats_left`` and ``viewer_status`` annotations. ``short``
    leaves out the call to action where the page offers the action beside the tag.
    """
    now = now or timezone.now()
    own = getattr(session, "viewer_status", None)
    if own == BookingStatus.CONFIRMED:
        return "Booked", "govuk-tag--green"
    if own == BookingStatus.PENDING_APPROVAL:
        return "Waiting for approval", "govuk-tag--yellow"
    if own == BookingStatus.WAITLISTED:
        return "On waiting list", "govuk-tag--purple"
    if session.booking_opens_at and now < session.booking_opens_at:
        opens = timezone.localtime(session.booking_opens_at)
        return f"Booking opens {date_format(opens, 'j M')}", "govuk-tag--grey"
    if now >= session.effective_booking_closes_at():
        return "Booking closed", "govuk-tag--grey"
    if session.seats_left > 0:
        return "Seats available", "govuk-tag--teal"
    return ("Full" if short else "Full – join waiting list"), "govuk-tag--orange"


def booking_tag(booking) -> tuple[str, str]:
    """(label, GOV.UK tag class) for one of the viewer's own bookings."""
    position = getattr(booking, "waitlist_position", None)
    return {
        BookingStatus.CONFIRMED: ("Booked", "govuk-tag--green"),
        BookingStatus.PENDING_APPROVAL: ("Waiting for approval", "govuk-tag--yellow"),
        BookingStatus.WAITLISTED: (
            f"Waiting list: number {position}" if position else "On waiting list",
            "govuk-tag--purple",
        ),
        BookingStatus.CANCELLED: ("Cancelled", "govuk-tag--grey"),
        BookingStatus.DECLINED: ("Declined", "govuk-tag--red"),
        BookingStatus.ATTENDED: ("Attended", "govuk-tag--green"),
        BookingStatus.NO_SHOW: ("Did not attend", "govuk-tag--red"),
    }[BookingStatus(booking.status)]


def _tag(label: str, css: str, size: str = "") -> str:
    return format_html('<strong class="govuk-tag {}{}">{}</strong>', css, size, label)


class SessionTable(GovukTable):
    starts_at = tables.Column(verbose_name="Date and time", order_by=("starts_at", "pk"))
    course = tables.Column(
        verbose_name="Course", accessor="course__title", order_by=("course__title", "starts_at")
    )
    kind = tables.Column(verbose_name="Type of course", accessor="course__kind", visible=False)
    district = tables.Column(
        verbose_name="District",
        accessor="venue__district__name",
        order_by=("venue__district__name", "starts_at"),
    )
    venue = tables.Column(
        verbose_name="Venue", accessor="venue__name", order_by=("venue__name", "starts_at")
    )
    seats_left = tables.Column(
        verbose_name="Seats left", order_by=("seats_left", "starts_at"), attrs=NUMERIC
    )
    capacity = tables.Column(verbose_name="Capacity", visible=False)
    waitlist_length = tables.Column(
        verbose_name="Waiting list", order_by=("waitlist_length", "starts_at"), attrs=NUMERIC
    )
    status = tables.Column(verbose_name="Status", empty_values=(), orderable=False)

    row_template = "training/tables/session_rows.html"

    class Meta:
        attrs = {"class": "govuk-table govuk-!-font-size-16"}
        empty_text = "No sessions match your filters."
        order_by = "starts_at"

    def prepare_records(self, records: list) -> list:
        now = timezone.now()
        for record in records:
            record.tag_label, record.tag_class = session_tag(record, now)
        return records

    def render_starts_at(self, record) -> str:
        return local_date_and_times_html(record.starts_at, record.ends_at)

    def value_starts_at(self, record) -> datetime.datetime:
        return timezone.localtime(record.starts_at).replace(tzinfo=None)

    def render_course(self, record) -> str:
        local = timezone.localtime(record.starts_at)
        return format_html(
            '<a class="govuk-link" href="{}">{}<span class="govuk-visually-hidden">, {}</span></a>',
            reverse("training:session_detail", kwargs={"pk": record.pk}),
            record.course.title,
            date_format(local, "l j F Y"),
        )

    def value_course(self, record) -> str:
        return record.course.title

    def render_kind(self, record) -> str:
        return record.course.get_kind_display()

    def render_seats_left(self, record) -> str:
        return format_html("{}{}of{}{}", record.seats_left, NBSP, NBSP, record.capacity)

    def value_seats_left(self, record) -> int:
        return record.seats_left

    def render_status(self, record) -> str:
        return _tag(*session_tag(record), " govuk-!-font-size-16")

    def value_status(self, record) -> str:
        return session_tag(record)[0]


class _BookingColumns(tables.Table):
    starts_at = tables.Column(
        verbose_name="Date and time",
        accessor="session__starts_at",
        order_by=("session__starts_at", "pk"),
    )
    course = tables.Column(
        verbose_name="Course",
        accessor="session__course__title",
        order_by=("session__course__title", "pk"),
    )
    venue = tables.Column(verbose_name="Venue", accessor="session__venue__name", orderable=False)
    status = tables.Column(verbose_name="Status", empty_values=(), orderable=False)

    def render_starts_at(self, record) -> str:
        return local_date_and_times_html(record.session.starts_at, record.session.ends_at)

    def render_course(self, record) -> str:
        return format_html(
            '<a class="govuk-link" href="{}">{}<span class="govuk-visually-hidden">, {}</span></a>',
            reverse("training:session_detail", kwargs={"pk": record.session_id}),
            record.session.course.title,
            date_format(timezone.localtime(record.session.starts_at), "l j F Y"),
        )

    def render_venue(self, record) -> str:
        return f"{record.session.venue.name}, {record.session.venue.district.name}"

    def render_status(self, record) -> str:
        tag = _tag(*booking_tag(record))
        note = record.decision_note if record.status == BookingStatus.DECLINED else ""
        note = note or (
            record.cancellation_reason if record.status == BookingStatus.CANCELLED else ""
        )
        if note:
            return format_html(
                '{}<p class="govuk-body-s govuk-!-margin-top-1 govuk-!-margin-bottom-0">{}</p>',
                tag,
                note,
            )
        return tag


class UpcomingBookingTable(_BookingColumns):
    actions = tables.Column(verbose_name="Action", empty_values=(), orderable=False)

    class Meta:
        empty_text = "You have no upcoming bookings."
        order_by = "starts_at"

    def render_actions(self, record) -> str:
        if record.status not in ACTIVE_BOOKING_STATUSES or record.session.has_started():
            return ""
        waiting = record.status == BookingStatus.WAITLISTED
        return format_html(
            '<a class="govuk-link" href="{}">{}'
            '<span class="govuk-visually-hidden"> {} {}, {}</span></a>',
            reverse("training:cancel_booking", kwargs={"pk": record.pk}),
            "Leave" if waiting else "Cancel",
            "the waiting list for" if waiting else "your booking on",
            record.session.course.title,
            date_format(timezone.localtime(record.session.starts_at), "l j F Y"),
        )


class PastBookingTable(_BookingColumns):
    class Meta:
        empty_text = "You have no past or cancelled bookings."
        order_by = "-starts_at"
