"""Awards retention: drafts never submitted go a period after their cycle closed."""

import datetime
import io
from pathlib import Path

import pytest
import time_machine

from awards.models import Attachment, Entry
from awards.services.entries import add_attachment
from core.models import AuditEntry
from core.retention import apply_retention
from core.uploads import check_upload
from tests import uploads_corpus as corpus
from tests.awards.conftest import make_entry, make_lead

pytestmark = pytest.mark.django_db


def test_drafts_of_a_closed_cycle_go_with_their_files_after_the_period(
    settings, closed_cycle, force, council, django_capture_on_commit_callbacks
):
    settings.RETENTION_DAYS = {**settings.RETENTION_DAYS, "draft_entries": 365}
    lead = make_lead(force)
    draft = make_entry(
        closed_cycle, lead, partners=[force, council], title="Never sent", submit=False
    )
    with time_machine.travel(closed_cycle.entries_open_at + datetime.timedelta(hours=2)):
        add_attachment(
            entry=draft,
            checked=check_upload(io.BytesIO(corpus.pdf_bytes()), name="map.pdf"),
            by=lead,
        )
    submitted = make_entry(closed_cycle, make_lead(force), partners=[force, council], title="Sent")
    files = [p for p in Path(settings.PRIVATE_MEDIA_ROOT).rglob("*") if p.is_file()]
    assert len(files) == 1

    with (
        time_machine.travel(closed_cycle.entries_close_at + datetime.timedelta(days=366)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        outcome = apply_retention(only="draft_entries")[0]

    assert outcome.count == 1
    assert list(Entry.objects.values_list("pk", flat=True)) == [submitted.pk]
    assert Attachment.objects.count() == 0
    assert not files[0].exists()
    disposal = AuditEntry.objects.get(action="awards.entry.disposed")
    assert disposal.object_id == str(draft.pk)
    # The draft's own history stays on the trail.
    assert (
        AuditEntry.objects.filter(object_type="awards.entry", object_id=str(draft.pk)).count() > 1
    )


def test_ceremony_guests_are_anonymised_after_the_period_and_counts_kept(
    settings, ceremony, cycle, coordinator, force, django_capture_on_commit_callbacks
):
    from awards.ceremony_selectors import guest_counts
    from awards.enums import DietaryNeed, GuestStatus
    from awards.models import Guest, RsvpLink
    from awards.services import ceremony as services

    settings.RETENTION_DAYS = {**settings.RETENTION_DAYS, "ceremony_guests": 180}
    person = make_lead(force)
    ada = services.add_guest(
        ceremony=ceremony,
        by=coordinator,
        name="Ada Guest",
        email="ada@example.org",
        organisation="Harrowgate Homes",
        person=person,
    )
    bob = services.add_guest(
        ceremony=ceremony, by=coordinator, name="Bob Guest", email="bob@example.org"
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.transition_guest(guest=ada, to=GuestStatus.INVITED, by=coordinator)
    ada.refresh_from_db()
    services.transition_guest(
        guest=ada,
        to=GuestStatus.ACCEPTED,
        by=coordinator,
        dietary_needs=[DietaryNeed.VEGAN],
        dietary_other="No mushrooms",
        access_needs="Step-free access",
    )
    assert RsvpLink.objects.filter(guest=ada).count() == 1
    replies = guest_counts(ceremony)
    day = datetime.datetime.combine(cycle.ceremony_on, datetime.time(12), tzinfo=datetime.UTC)

    # Still inside the period: nothing changes.
    with time_machine.travel(day + datetime.timedelta(days=179), tick=False):
        assert apply_retention(only="ceremony_guests")[0].count == 0
    assert Guest.objects.get(pk=ada.pk).name == "Ada Guest"

    with time_machine.travel(day + datetime.timedelta(days=182), tick=False):
        outcome = apply_retention(only="ceremony_guests")[0]
        assert outcome.count == 2
        # Run again: nothing left to anonymise.
        assert apply_retention(only="ceremony_guests")[0].count == 0

    rows = {
        g.pk: (
            g.name,
            g.email,
            g.organisation,
            g.person_id,
            g.dietary_needs,
            g.dietary_other,
            g.access_needs,
            g.status,
        )
        for g in Guest.objects.all()
    }
    assert rows == {
        ada.pk: (
            f"Guest {ada.pk}",
            f"guest-{ada.pk}@anonymised.invalid",
            "",
            None,
            [],
            "",
            "",
            GuestStatus.ACCEPTED,
        ),
        bob.pk: (
            f"Guest {bob.pk}",
            f"guest-{bob.pk}@anonymised.invalid",
            "",
            None,
            [],
            "",
            "",
            GuestStatus.NOT_INVITED,
        ),
    }
    assert RsvpLink.objects.count() == 0
    # Who came stays for the ceremony's counts and budget; their needs do not.
    after = guest_counts(ceremony)
    assert (after.on_list, after.accepted, after.not_invited, after.dietary, after.access) == (
        replies.on_list,
        replies.accepted,
        replies.not_invited,
        0,
        0,
    )
    disposal = AuditEntry.objects.get(action="awards.ceremony.guests_anonymised")
    assert (disposal.object_id, disposal.data["guests"], disposal.actor_id) == (
        str(ceremony.pk),
        2,
        None,
    )
    assert "Ada" not in disposal.summary
