"""Retention: how long each kind of record is kept (``settings.RETENTION_DAYS``), and disposal.

Apps register a ``core.registry.RetentionRule`` per kind of record from their
``AppConfig.ready()``; core registers its own (the audit trail, form tokens).
``apply_retention`` (``manage.py apply_retention``, daily from cron) runs each rule
with its cut-off (now minus its period), each in its own transaction, and audits
the run; the rules audit what they dispose of. Files go from storage only after
the rows that name them are committed away (``delete_files_after_commit``).
"""

import datetime
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone

from core import registry

logger = logging.getLogger(__name__)


def period_for(key: str) -> datetime.timedelta:
    """How long records of kind ``key`` are kept."""
    try:
        days = settings.RETENTION_DAYS[key]
    except KeyError as missing:
        raise ImproperlyConfigured(f"RETENTION_DAYS has no period for {key!r}.") from missing
    return datetime.timedelta(days=int(days))


def _delete_files(names: list[str]) -> None:
    from core.uploads import private_storage

    storage = private_storage()
    for name in names:
        try:
            storage.delete(name)
        except OSError:  # already gone, or the store is down: the row is gone either way
            logger.warning("Could not delete private file %s", name)


def delete_files_after_commit(names: Iterable[str]) -> None:
    """Remove these private files once the current transaction has committed."""
    names = [n for n in names if n]
    if names:
        transaction.on_commit(partial(_delete_files, names))


@dataclass(frozen=True)
class Outcome:
    key: str
    description: str
    cutoff: datetime.datetime
    count: int


def apply_retention(
    *, now: datetime.datetime | None = None, dry_run: bool = False, only: str | None = None
) -> list[Outcome]:
    """Run every registered rule (or ``only`` one); returns what each disposed of."""
    from core.audit import record

    now = now or timezone.now()
    outcomes = []
    for rule in registry.retention_rules():
        if only and rule.key != only:
            continue
        cutoff = now - period_for(rule.key)
        with transaction.atomic():
            count = rule.apply(cutoff=cutoff, dry_run=dry_run)
            if count and not dry_run:
                record(
                    actor=None,
                    action="core.retention.applied",
                    object_type="retention",
                    object_id=rule.key,
                    summary=f"{rule.description}: {count} before {cutoff:%d %b %Y}",
                    count=count,
                    cutoff=cutoff.isoformat(),
                )
        outcomes.append(Outcome(rule.key, rule.description, cutoff, count))
    return outcomes


# --- core's own rules ------------------------------------------------------------------


def _audit_rule(*, cutoff: datetime.datetime, dry_run: bool) -> int:
    from core.audit import purge_before
    from core.models import AuditEntry

    if dry_run:
        return AuditEntry.objects.filter(at__lt=cutoff).count()
    return purge_before(moment=cutoff)


def _form_token_rule(*, cutoff: datetime.datetime, dry_run: bool) -> int:
    from core.models import FormSubmission

    expired = FormSubmission.objects.filter(created_at__lt=cutoff)
    if dry_run:
        return expired.count()
    return expired.delete()[0]


def register_core_rules() -> None:
    registry.register_retention(
        registry.RetentionRule(
            "audit", "Audit entries removed", _audit_rule, order=100
        )  # last: it also sees the entries the other rules wrote
    )
    registry.register_retention(
        registry.RetentionRule("form_tokens", "Used form tokens removed", _form_token_rule)
    )
