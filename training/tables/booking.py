"""Tables for the booking pages: the sessions catalogue and a person's own bookings.

Rows come annotated from ``training.selectors.catalogue``; rendering never queries.
"""

import datetime

import django_tables2 as tables
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from core.tables import GovukTable
from core.urls import absolute_url
from training.enums import ACTIVE_BOOKING_STATUSES, BookingStatus
from training.times import session_when

NUMERIC = {
    "th": {"class": "govuk-table__header--numeric"},
    "td": {"class": "govuk-table__cell--numeric"},
}


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
    link = tables.Column(verbose_name="Link", empty_values=(), visible=False, orderable=False)

    row_template = "training/tables/session_rows.html"
    region_label = "Sessions"

    class Meta:
        attrs = {"class": "govuk-table govuk-!-font-size-16 pop-table--stack"}
        empty_text = "No sessions match your filters."
        order_by = "starts_at"

    def prepare_records(self, records: list) -> list:
        now = timezone.now()
        for record in records:
            record.tag_label, record.tag_class = session_tag(record, now)
            record.when = session_when(record.starts_at, record.ends_at)
        return records

    def value_starts_at(self, record) -> datetime.datetime:
        return timezone.localtime(record.starts_at).replace(tzinfo=None)

    def value_course(self, record) -> str:
        return record.course.title

    def value_kind(self, record) -> str:
        return record.course.get_kind_display()

    def value_seats_left(self, record) -> int:
        return record.seats_left

    def value_status(self, record) -> str:
        return session_tag(record)[0]

    def value_link(self, record) -> str:
        return absolute_url(reverse("training:session_detail", args=[record.pk]))


class _BookingTable(GovukTable):
    """A person's own bookings (My training); rows by ``booking_rows.html``."""

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

    row_template = "training/tables/booking_rows.html"

    def prepare_records(self, records: list) -> list:
        now = timezone.now()
        for record in records:
            record.tag_label, record.tag_class = booking_tag(record)
            record.when = session_when(record.session.starts_at, record.session.ends_at)
            record.note = (
                record.decision_note
                if record.status == BookingStatus.DECLINED
                else record.cancellation_reason
                if record.status == BookingStatus.CANCELLED
                else ""
            )
            record.can_cancel = (
                record.status in ACTIVE_BOOKING_STATUSES and not record.session.has_started(now)
            )
        return records


class UpcomingBookingTable(_BookingTable):
    actions = tables.Column(verbose_name="Action", empty_values=(), orderable=False)

    class Meta:
        attrs = {"class": "govuk-table pop-table--stack"}
        empty_text = "You have no upcoming bookings."
        order_by = "starts_at"

    region_label = "Your upcoming bookings"


class PastBookingTable(_BookingTable):
    class Meta:
        attrs = {"class": "govuk-table pop-table--stack"}
        empty_text = "You have no past or cancelled bookings."
        order_by = "-starts_at"

    region_label = "Your past and cancelled bookings"
