"""The audit trail: who did what to which record, when, from where, and whether it was allowed.

- ``record`` — one call from each service that changes state (inside its
  transaction, so a rolled-back change leaves no entry), and from views that show
  or hand out confidential things (evidence, scores, results).
- ``deny`` — a refusal (a permission check that failed). A refusal usually rolls
  back the transaction it happened in, so inside a transaction the entry waits
  and ``AuditMiddleware`` writes it when the request is over.
- ``Refused`` — raise it from a view instead of ``Http404`` when the object exists
  but this person may not see it: they get the same "not found" page (ids cannot
  be probed) and the trail gets a refusal.
- ``AuditMiddleware`` — remembers the request's address for every entry written
  while it runs, records every 403 response, and writes waiting refusals.
- ``purge_before`` — the only way rows leave (retention): the database triggers
  let deletes through for rows older than the cut-off it names, nothing else.

Entries are append-only: ``AuditEntry`` refuses ``save`` of an existing row, and
``update``/``delete`` on its querysets; the database refuses too (migration 0003).
"""

import contextvars
import datetime
import ipaddress
import logging
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import connection, models, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone

from core.models import AuditEntry, AuditOutcome

logger = logging.getLogger(__name__)


@dataclass
class _RequestContext:
    ip: str | None
    pending: list[dict] = field(default_factory=list)


_context: contextvars.ContextVar[_RequestContext | None] = contextvars.ContextVar(
    "audit_request", default=None
)


def client_ip(request: HttpRequest) -> str | None:
    """The address the request came from.

    Behind ``AUDIT_TRUSTED_PROXIES`` reverse proxies, the address that the
    outermost trusted proxy saw (``X-Forwarded-For``, counted from the right, so a
    client cannot choose it); else ``REMOTE_ADDR``.
    """
    hops = int(getattr(settings, "AUDIT_TRUSTED_PROXIES", 0) or 0)
    candidate = request.META.get("REMOTE_ADDR", "")
    if hops:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= hops:
            candidate = forwarded[-hops]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return None


def _label(actor) -> str:
    if not getattr(actor, "pk", None):
        return ""
    name = actor.get_full_name() if hasattr(actor, "get_full_name") else ""
    username = actor.get_username() if hasattr(actor, "get_username") else str(actor.pk)
    return (f"{name} ({username})" if name and name != username else username)[:200]


def record(
    *,
    actor,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str | int = "",
    summary: str = "",
    outcome: str = AuditOutcome.SUCCESS,
    ip: str | None = None,
    **data: Any,
) -> AuditEntry:
    """Write an audit entry for ``obj`` (or ``object_type``/``object_id``).

    Call inside the service's transaction. The address is the current request's
    (see ``AuditMiddleware``) unless ``ip`` is given; commands and tasks have none.
    """
    if obj is not None:
        object_type, object_id = obj._meta.label_lower, obj.pk
    context = _context.get()
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        actor_label=_label(actor),
        action=action,
        object_type=object_type,
        object_id=str(object_id if object_id is not None else ""),
        summary=summary[:300],
        outcome=outcome,
        ip=ip if ip is not None else (context.ip if context else None),
        data=data,
    )


def record_unless_recent(
    *, actor, action: str, obj: models.Model, within: datetime.timedelta, **kwargs: Any
) -> AuditEntry | None:
    """``record``, unless ``actor`` already has an ``action`` entry on ``obj`` within ``within``.

    For saves that come every few seconds (autosave): one entry per sitting.
    """
    recent = AuditEntry.objects.filter(
        actor_id=getattr(actor, "pk", None),
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        at__gte=timezone.now() - within,
    )
    if recent.exists():
        return None
    return record(actor=actor, action=action, obj=obj, **kwargs)


def deny(
    *,
    actor,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str | int = "",
    reason: str = "",
    **data: Any,
) -> None:
    """Record that ``actor`` was refused ``action`` on ``obj``.

    Inside a request's transaction (a service about to raise, which rolls back)
    the entry waits for ``AuditMiddleware`` to write it after the request;
    otherwise it is written now.
    """
    if obj is not None:
        object_type, object_id = obj._meta.label_lower, obj.pk
    values = {
        "actor": actor,
        "action": action,
        "object_type": object_type,
        "object_id": object_id,
        "summary": reason,
        "outcome": AuditOutcome.DENIED,
        **data,
    }
    context = _context.get()
    if context is None or not connection.in_atomic_block:
        # Outside a request (a command, a task) there is nobody to write it later:
        # it is written now and goes if the caller's transaction rolls back.
        record(**values)
        return
    context.pending.append(values)


class Refused(Http404):
    """Http404 for an object that exists but is not this person's to see; audited."""

    def __init__(self, message: str = "Not found", *, obj=None, action: str = "access.refused"):
        super().__init__(message)
        self.obj = obj
        self.action = action


def viewed(request: HttpRequest, obj: models.Model | None = None, **kwargs: Any):
    """Record that the signed-in person looked at something confidential (evidence, scores):
    ``obj``, or ``object_type``/``object_id`` when the page did not need to load it; the
    rest as ``record`` takes it."""
    return record(actor=request.user, obj=obj, **kwargs)


def note_exception(request: HttpRequest, exception: Exception) -> None:
    """A view raised ``Refused`` or ``PermissionDenied``: the refusal waits to be written."""
    context = _context.get()
    if context is None:
        return
    if isinstance(exception, Refused):
        obj = exception.obj
        context.pending.append(
            {
                "actor": request.user,
                "action": exception.action,
                "obj": obj,
                "object_type": "url" if obj is None else "",
                "object_id": request.path[:64] if obj is None else "",
                "summary": f"{request.method} {request.path}"[:300],
                "outcome": AuditOutcome.DENIED,
            }
        )
    elif isinstance(exception, PermissionDenied):
        request._audit_denied = True
        context.pending.append(
            {
                "actor": getattr(request, "user", None),
                "action": "access.forbidden",
                "object_type": "url",
                "object_id": request.path[:64],
                "summary": (f"{request.method} {request.path}: {exception}")[:300],
                "outcome": AuditOutcome.DENIED,
            }
        )


class AuditMiddleware:
    """Give every entry the request's address; record 403s and waiting refusals."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        context = _RequestContext(ip=client_ip(request))
        token = _context.set(context)
        try:
            response = self.get_response(request)
            if response.status_code == 403 and not getattr(request, "_audit_denied", False):
                context.pending.append(
                    {
                        "actor": getattr(request, "user", None),
                        "action": "access.forbidden",
                        "object_type": "url",
                        "object_id": request.path[:64],
                        "summary": f"{request.method} {request.path}"[:300],
                        "outcome": AuditOutcome.DENIED,
                    }
                )
            self._flush(context)
        finally:
            _context.reset(token)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception):
        note_exception(request, exception)

    @staticmethod
    def _flush(context: _RequestContext) -> None:
        if not context.pending:
            return
        pending, context.pending = context.pending, []
        try:
            with transaction.atomic():
                for values in pending:
                    record(**values)
        except Exception:  # the response stands; a lost audit row is logged loudly
            logger.exception("Could not write %d audit entries", len(pending))


# --- retention -------------------------------------------------------------------------

SQLITE_PURGE_FUNCTION = "pop_audit_purge_before"
_purge_before: contextvars.ContextVar[str] = contextvars.ContextVar("audit_purge", default="")


def sqlite_purge_before() -> str:
    """The SQLite triggers' cut-off: rows at or after it may not be deleted ("" = none)."""
    return _purge_before.get()


def _db_timestamp(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


@contextmanager
def _deletes_allowed_before(moment: datetime.datetime):
    """Inside a transaction: let the triggers pass deletes of rows older than ``moment``."""
    token = _purge_before.set(_db_timestamp(moment))
    try:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT set_config('pop.audit_purge_before', %s, true)",
                    [moment.astimezone(datetime.UTC).isoformat()],
                )
        yield
    finally:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config('pop.audit_purge_before', '', true)")
        _purge_before.reset(token)


@transaction.atomic
def purge_before(*, moment: datetime.datetime, by=None, reason: str = "retention") -> int:
    """Delete audit entries older than ``moment`` (retention), and audit the disposal.

    Refused for a cut-off newer than ``RETENTION["audit"]`` ago: the trail is kept at
    least that long whatever the caller asks.
    """
    from core.retention import period_for

    floor = timezone.now() - period_for("audit")
    if moment > floor:
        raise ValueError("Audit entries are kept for the whole retention period.")
    with _deletes_allowed_before(moment):
        expired = AuditEntry.objects.filter(at__lt=moment)
        count = expired._raw_delete(expired.db)
    if count:
        record(
            actor=by,
            action="core.audit.purged",
            object_type="core.auditentry",
            object_id="",
            summary=f"Removed {count} audit entries older than {moment:%d %b %Y}",
            count=count,
            before=moment.isoformat(),
            reason=reason,
        )
    return count


@contextmanager
def flush_allowed():
    """Let ``manage.py flush`` (and test teardown) empty the trail with the rest."""
    with _deletes_allowed_before(datetime.datetime(9999, 12, 31, tzinfo=datetime.UTC)):
        yield
