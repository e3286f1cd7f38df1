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


class AuditEntry(models.Model):
    """Who did what to which record, written by services for every state change."""

    # A default rather than auto_now_add, so imported and scale history keeps its own time.
    at = models.DateTimeField(default=timezone.now, editable=False, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    action = models.CharField(max_length=100)
    object_type = models.CharField(max_length=100)
    object_id = models.CharField(max_length=64)
    summary = models.CharField(max_length=300, blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object")]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type}#{self.object_id}"


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
