"""Retention for training: survey comments are removed after their period; ratings stay."""

import datetime

from core.audit import record
from core.registry import RetentionRule
from training.models import Feedback


def remove_feedback_comments(*, cutoff: datetime.datetime, dry_run: bool = False) -> int:
    """Blank the free-text comments of surveys submitted before ``cutoff``.

    Comments are free text that may name people; the ratings (no personal data
    beyond the booking) keep the course and trainer aggregates whole.
    """
    expired = Feedback.objects.filter(submitted_at__lt=cutoff).exclude(comments="")
    ids = list(expired.values_list("pk", flat=True))
    if dry_run or not ids:
        return len(ids)
    Feedback.objects.filter(pk__in=ids).update(comments="")
    record(
        actor=None,
        action="training.feedback.comments_removed",
        object_type="training.feedback",
        object_id="",
        summary=f"Removed the comments of {len(ids)} survey answers (retention)",
        ids=ids,
    )
    return len(ids)


RULE = RetentionRule(
    "feedback_comments", "Survey comments removed", remove_feedback_comments, order=10
)
