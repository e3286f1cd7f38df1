"""The audit trail: one call from each service that changes state."""

from typing import Any

from django.db import models

from core.models import AuditEntry


def record(
    *, actor, action: str, obj: models.Model | None, summary: str = "", **data: Any
) -> AuditEntry:
    """Write an audit entry for ``obj``; call inside the service's transaction.

    ``obj`` may be None for an event about no record (a failed sign-in as an unknown
    username).
    """
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        summary=summary[:300],
        data=data,
    )
