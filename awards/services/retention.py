"""Retention for awards: drafts never submitted go a period after their cycle closed."""

import datetime

from awards.enums import EntryStatus
from awards.models import Attachment, Entry
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
