import datetime
from collections.abc import Iterable

from django.apps import apps
from django.db import models
from django.db.models import Q, QuerySet

from core.models import AuditEntry, AuditOutcome, WorkerHeartbeat

# Looking and downloading are in the trail, not in a record's history.
NOT_HISTORY = r"\.(viewed|download|downloaded|judge_download)$"


def latest_heartbeat() -> WorkerHeartbeat | None:
    return WorkerHeartbeat.objects.order_by("-last_seen").first()


def _key(obj) -> tuple[str, list[str]]:
    if isinstance(obj, models.Model):
        return obj._meta.label_lower, [str(obj.pk)]
    object_type, ids = obj
    return object_type, [str(i) for i in ids]


def audit_history(*objects: models.Model | tuple[str, Iterable], limit: int = 50) -> list:
    """What was done to these records, newest first (one query): their timeline.

    ``objects`` are model instances, ``(object_type, ids)`` pairs (e.g. a session
    and its bookings) or lists of either. Only changes that happened; views, downloads and refusals
    stay in the full trail (``audit_trail``).
    """
    flat: list = []
    for obj in objects:
        flat.extend(obj if isinstance(obj, list) else [obj])
    wanted = Q(pk__in=[])
    for obj in flat:
        if obj is None:
            continue
        object_type, ids = _key(obj)
        if ids:
            wanted |= Q(object_type=object_type, object_id__in=ids)
    return list(
        AuditEntry.objects.filter(wanted, outcome=AuditOutcome.SUCCESS)
        .exclude(action__regex=NOT_HISTORY)
        .order_by("-at", "-id")[:limit]
    )


def audit_trail(
    *,
    who: str = "",
    action: str = "",
    object_type: str = "",
    object_id: str = "",
    outcome: str = "",
    since: datetime.datetime | None = None,
    before: datetime.datetime | None = None,
) -> QuerySet[AuditEntry]:
    """The audit trail filtered; newest first. Rendering it needs no further query."""
    entries = AuditEntry.objects.all()
    if who:
        entries = entries.filter(actor_label__icontains=who.strip())
    if action:
        entries = entries.filter(action=action)
    if object_type:
        entries = entries.filter(object_type=object_type)
    if object_id:
        entries = entries.filter(object_id=object_id.strip())
    if outcome:
        entries = entries.filter(outcome=outcome)
    if since:
        entries = entries.filter(at__gte=since)
    if before:
        entries = entries.filter(at__lt=before)
    return entries.order_by("-at", "-id")


def audit_choices() -> tuple[list[str], list[tuple[str, str]]]:
    """The actions and object types in the trail (two queries), for the filters."""
    actions = list(
        AuditEntry.objects.order_by("action").values_list("action", flat=True).distinct()
    )
    types = AuditEntry.objects.order_by("object_type").values_list("object_type", flat=True)
    return actions, [(t, object_type_label(t)) for t in types.distinct()]


def object_type_label(object_type: str) -> str:
    """'training.booking' → 'Booking (training)'; unknown types as they are."""
    try:
        model = apps.get_model(object_type)
    except (LookupError, ValueError):
        return object_type
    return f"{str(model._meta.verbose_name).capitalize()} ({model._meta.app_config.verbose_name})"
