"""Retention for awards: drafts never submitted go a period after their cycle closed;
ceremony guests' personal details (RSVPs) are anonymised a period after the ceremony."""

import datetime

from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from awards.enums import EntryStatus
from awards.models import Attachment, Ceremony, Entry, Guest, RsvpLink
from core.audit import record
from core.registry import RetentionRule
from core.retention import delete_files_after_commit


def dispose_stale_drafts(*, cutoff: datetime.datetime, dry_run: bool = False) -> int:
    """Delete draft entries (and their attachments' files) of cycles closed before ``cutoff``."""
    drafts = Entry.objects.filter(status=EntryStatus.DRAFT, cycle__entries_close_at__lt=cutoff)
    if dry_run:
        return drafts.count()
    disposed = 0
    for entry in drafts.select_related("cycle"):
        files = list(Attachment.objects.filter(entry=entry).values_list("stored_name", flat=True))
        record(
            actor=None,
            action="awards.entry.disposed",
            obj=entry,
            summary=f"Deleted the draft '{entry.title}' of {entry.cycle} and {len(files)} "
            "attachments (never submitted; retention)",
            files=len(files),
        )
        entry.delete()
        delete_files_after_commit(files)
        disposed += 1
    return disposed


RULE = RetentionRule(
    "draft_entries", "Draft entries of closed cycles deleted", dispose_stale_drafts, order=30
)


# An anonymised guest's address: never deliverable, and unique per guest as the ceremony's
# constraint on addresses needs.
ANONYMISED_DOMAIN = "anonymised.invalid"


def anonymise_ceremony_guests(*, cutoff: datetime.datetime, dry_run: bool = False) -> int:
    """Anonymise the guests of ceremonies held before ``cutoff``: name, address,
    organisation, the account they were, dietary and access needs and their RSVP links go;
    what they were (kind, reply) stays, so the ceremony's counts and budget still add up.
    One audit entry per ceremony. Returns the number of guests anonymised."""
    held_before = timezone.localtime(cutoff).date()
    guests = Guest.objects.filter(ceremony__cycle__ceremony_on__lt=held_before).exclude(
        email__endswith=f"@{ANONYMISED_DOMAIN}"
    )
    if dry_run:
        return guests.count()
    disposed = 0
    ceremonies = Ceremony.objects.filter(pk__in=guests.values("ceremony_id")).select_related(
        "cycle"
    )
    for ceremony in ceremonies.order_by("pk"):
        theirs = guests.filter(ceremony=ceremony)
        links = RsvpLink.objects.filter(guest__in=theirs).delete()[0]
        number = Cast("pk", CharField())
        count = theirs.update(
            name=Concat(Value("Guest "), number),
            email=Concat(Value("guest-"), number, Value(f"@{ANONYMISED_DOMAIN}")),
            organisation="",
            person=None,
            dietary_needs=[],
            dietary_other="",
            access_needs="",
        )
        record(
            actor=None,
            action="awards.ceremony.guests_anonymised",
            obj=ceremony,
            summary=f"Anonymised {count} guests of the {ceremony.cycle} ceremony (names, "
            f"addresses, dietary and access needs; {links} RSVP links deleted; retention)",
            guests=count,
            rsvp_links=links,
        )
        disposed += count
    return disposed


GUESTS_RULE = RetentionRule(
    "ceremony_guests",
    "Ceremony guests' names, addresses and dietary and access needs anonymised",
    anonymise_ceremony_guests,
    order=31,
)
