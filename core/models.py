from django.conf import settings
from django.db import models
from django.utils import timezone


class WorkerHeartbeat(models.Model):
    """The last time each task worker process said it was alive."""

    worker_id = models.CharField(max_length=64, unique=True)
    hostname = models.CharField(max_length=255, blank=True)
    started_at = models.DateTimeField()
    last_seen = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.worker_id} @ {self.last_seen:%Y-%m-%d %H:%M:%S}"


class AppendOnlyError(Exception):
    """Raised on any attempt to change or delete an audit entry through the ORM."""


class AuditOutcome(models.TextChoices):
    SUCCESS = "success", "Done"
    DENIED = "denied", "Refused"
    FAILED = "failed", "Failed"


class AuditQuerySet(models.QuerySet):
    """Audit entries can be added and read, never changed or deleted.

    The database refuses too (triggers from migration 0003); the only way rows
    leave is ``core.audit.purge_before`` (retention), which the triggers let
    through for rows older than the cut-off it names.
    """

    def update(self, **kwargs):
        raise AppendOnlyError("Audit entries cannot be changed.")

    def delete(self):
        raise AppendOnlyError("Audit entries cannot be deleted.")

    def bulk_update(self, objs, fields, batch_size=None):
        raise AppendOnlyError("Audit entries cannot be changed.")


class AuditEntry(models.Model):
    """Who did what to which record, when (UTC), from where, and whether it was allowed.

    Append-only: written by ``core.audit`` (services' state changes, views and
    downloads, refusals), never changed or deleted by the application.
    ``actor`` is a plain id without a database constraint (and ``actor_label``
    keeps the name), so removing or anonymising a person never touches the trail.
    """

    # A default rather than auto_now_add, so imported and scale history keeps its own time.
    at = models.DateTimeField(default=timezone.now, editable=False, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_label = models.CharField(max_length=200, blank=True)
    action = models.CharField(max_length=100, db_index=True)
    object_type = models.CharField(max_length=100)
    object_id = models.CharField(max_length=64)
    summary = models.CharField(max_length=300, blank=True)
    outcome = models.CharField(
        max_length=10, choices=AuditOutcome.choices, default=AuditOutcome.SUCCESS, db_index=True
    )
    ip = models.GenericIPAddressField(null=True, blank=True)
    data = models.JSONField(default=dict, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["object_type", "object_id"], name="audit_object"),
            models.Index(fields=["actor", "at"], name="audit_actor"),
        ]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type}#{self.object_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("Audit entries cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Audit entries cannot be deleted.")


class FormSubmission(models.Model):
    """A form already acted on, by its one-time token (``core.idempotency``).

    A second request with the same token (a double click, a resubmitted page) gets
    the first one's redirect and messages instead of doing the work again. Kept
    for ``RETENTION_DAYS["form_tokens"]`` days.
    """

    token = models.CharField(max_length=64, unique=True)
    user_id = models.BigIntegerField(null=True, blank=True)
    path = models.CharField(max_length=255)
    location = models.CharField(max_length=2000, blank=True)
    status = models.PositiveSmallIntegerField(default=0)
    messages = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self) -> str:
        return f"{self.path} ({self.created_at:%Y-%m-%d %H:%M})"


class StoredFile(models.Model):
    """A private upload kept under a generated name; apps subclass this for their files.

    Set the fields with ``attach(checked, stored_name=..., by=...)`` inside the
    service that records the file (see ``core.uploads.stored_upload``); serve it
    with ``core.downloads.private_download``. There is deliberately no URL: the
    file is only ever streamed by a view that has checked permission.
    """

    original_name = models.CharField(max_length=255)
    stored_name = models.CharField(max_length=255, unique=True, editable=False)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.original_name

    def attach(self, checked, *, stored_name: str, by) -> None:
        """Copy what the validator found onto this row (not saved)."""
        self.original_name = checked.original_name
        self.stored_name = stored_name
        self.content_type = checked.content_type
        self.size = checked.size
        self.sha256 = checked.sha256
        self.uploaded_by = by if getattr(by, "pk", None) else None
        self.uploaded_at = timezone.now()

    def open_file(self):
        from core.uploads import private_storage

        return private_storage().open(self.stored_name, "rb")
