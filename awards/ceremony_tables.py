"""Tables for the ceremony pages (``core.tables.GovukTable``: one row template each)."""

import django_tables2 as tables

from awards.enums import DietaryNeed, GuestStatus
from core.tables import GovukTable

GUEST_TAGS = {
    GuestStatus.NOT_INVITED: "govuk-tag--grey",
    GuestStatus.INVITED: "govuk-tag--blue",
    GuestStatus.ACCEPTED: "govuk-tag--green",
    GuestStatus.DECLINED: "govuk-tag--orange",
    GuestStatus.WITHDRAWN: "govuk-tag--red",
}


def needs_text(guest) -> str:
    """The guest's dietary needs in words: the ticked ones, then anything they wrote."""
    parts = [DietaryNeed(n).label for n in guest.dietary_needs or []]
    if guest.dietary_other.strip():
        parts.append(guest.dietary_other.strip())
    return "; ".join(parts)


class GuestTable(GovukTable):
    name = tables.Column(verbose_name="Guest", order_by=("name", "pk"))
    kind = tables.Column(verbose_name="Type", order_by=("kind", "name"))
    status = tables.Column(verbose_name="Reply", order_by=("status", "name"))
    needs = tables.Column(verbose_name="Dietary and access needs", empty_values=(), orderable=False)

    row_template = "awards/ceremony/tables/guest_rows.html"

    class Meta:
        attrs = {"class": "govuk-table pop-table--stack"}
        empty_text = "Nobody is on the guest list yet."

    def prepare_records(self, records):
        for guest in records:
            guest.tag_class = GUEST_TAGS[GuestStatus(guest.status)]
            guest.needs_text = needs_text(guest)
        return records


class ExhibitorTable(GovukTable):
    organisation = tables.Column(verbose_name="Organisation", orderable=False)
    contact = tables.Column(verbose_name="Contact", empty_values=(), orderable=False)
    stall_fee = tables.Column(
        verbose_name="Stall fee",
        orderable=False,
        attrs={
            "th": {"class": "govuk-table__header--numeric"},
            "td": {"class": "govuk-table__cell--numeric"},
        },
    )
    paid = tables.Column(verbose_name="Paid", empty_values=(), orderable=False)
    actions = tables.Column(verbose_name="Actions", empty_values=(), orderable=False)

    row_template = "awards/ceremony/tables/exhibitor_rows.html"

    class Meta:
        attrs = {"class": "govuk-table pop-table--stack"}
        empty_text = "No exhibitors have booked a stall yet."
        orderable = False
