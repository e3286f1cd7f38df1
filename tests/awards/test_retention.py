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
