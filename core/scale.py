"""Scale data: ``seed_demo --scale large`` builds a force's worth of records on the demo data.

Each app registers a ``core.registry.ScaleLoader`` whose ``load(scale)`` adds its share
with ``bulk`` (``bulk_create`` in batches, no services: these are history, not actions,
and going through the services would take hours) and returns what it made. A loader is
idempotent: it finds its rows by a marker (a username prefix, a course or cycle name) and
adds nothing the second time. The demo accounts keep working on top, with more to see.
"""

import datetime
import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice

from django.db import models

BATCH = 2000
SEED = 7  # one random sequence per loader, from this seed: the same data every time


@dataclass(frozen=True)
class Scale:
    """How much each app adds. ``large`` is issue 7's force; ``tiny`` is for tests."""

    name: str
    staff: int
    sessions: int
    bookings: int
    enrolments: int
    evidence_per_enrolment: int
    entries: int
    judges_per_entry: int
    audit_per_day: int
    audit_days: int

    @property
    def audit_rows(self) -> int:
        return self.audit_per_day * self.audit_days


SCALES = {
    "large": Scale(
        name="large",
        staff=10_000,
        sessions=2_000,
        bookings=50_000,
        enrolments=300,
        evidence_per_enrolment=40,
        entries=500,
        judges_per_entry=7,
        audit_per_day=2_000,
        audit_days=365,
    ),
    "tiny": Scale(
        name="tiny",
        staff=60,
        sessions=12,
        bookings=90,
        enrolments=4,
        evidence_per_enrolment=3,
        entries=6,
        judges_per_entry=3,
        audit_per_day=4,
        audit_days=3,
    ),
}


def rng(key: str) -> random.Random:
    return random.Random(f"{SEED}:{key}")  # noqa: S311 - reproducible data, not secrecy


def bulk[M: models.Model](
    model: type[M], objects: Iterable[M], *, batch_size: int = BATCH
) -> list[M]:
    """``bulk_create`` in batches from any iterable (never all rows in memory as SQL)."""
    made: list[M] = []
    for batch in batched(objects, batch_size):
        made.extend(model.objects.bulk_create(batch, batch_size=batch_size))
    return made


def bulk_count[M: models.Model](
    model: type[M], objects: Iterable[M], *, batch_size: int = BATCH
) -> int:
    """As ``bulk`` for rows nobody needs back; returns how many were written."""
    count = 0
    for batch in batched(objects, batch_size):
        model.objects.bulk_create(batch, batch_size=batch_size)
        count += len(batch)
    return count


def batched[T](items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def spread(
    count: int, *, start: datetime.datetime, end: datetime.datetime
) -> list[datetime.datetime]:
    """``count`` instants evenly spread from ``start`` to before ``end``."""
    step = (end - start) / max(count, 1)
    return [start + step * n for n in range(count)]


# --- the audit trail: core's own share ---------------------------------------------------

AUDIT_ACTIONS = [
    ("training.booking.created", "training.booking", "{actor} booked a seat"),
    ("training.booking.cancelled", "training.booking", "{actor} cancelled a booking"),
    ("training.attendance.marked", "training.booking", "register taken"),
    ("portfolios.evidence.submitted", "portfolios.evidence", "{actor} submitted evidence"),
    ("portfolios.decision.made", "portfolios.decision", "evidence assessed"),
    ("awards.entry.saved", "awards.entry", "{actor} saved an entry"),
    ("awards.score.submitted", "awards.assignment", "{actor} submitted scores"),
    ("core.download", "portfolios.evidencefile", "{actor} downloaded a file"),
]


SCALE_MARK = '{"scale": true}'


def seed_scale_audit(scale: Scale) -> dict[str, int]:
    """``scale.audit_per_day`` audit entries a day for ``scale.audit_days`` days up to today,
    by the people already there, during the working day (07:00 to 22:00)."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.utils import timezone

    from core.models import AuditEntry

    existing = AuditEntry.objects.filter(data__scale=True).count()
    if existing >= scale.audit_rows:
        return {"scale audit entries": existing}
    random = rng("audit")
    actors = list(get_user_model().objects.order_by("pk").values_list("pk", flat=True)[:20_000])
    names = {pk: f"person {pk}" for pk in actors}
    today = timezone.localdate()
    first_day = today - datetime.timedelta(days=scale.audit_days - 1)

    def rows():
        for offset in range(scale.audit_days):
            day = first_day + datetime.timedelta(days=offset)
            opens = timezone.make_aware(datetime.datetime.combine(day, datetime.time(7)))
            closes = opens + datetime.timedelta(hours=15)
            for at in spread(scale.audit_per_day, start=opens, end=closes):
                action, object_type, summary = random.choice(AUDIT_ACTIONS)
                actor = random.choice(actors) if actors else None
                yield (
                    at,
                    actor,
                    action,
                    object_type,
                    str(random.randint(1, 50_000)),
                    summary.format(actor=names.get(actor, "someone")),
                )

    if connection.vendor == "postgresql":
        # COPY: the year's 730,000 rows in a fraction of bulk_create's time (no model
        # instances, no SQL to compile), from the same rows.
        columns = "at, actor_id, action, object_type, object_id, summary, data"
        count = 0
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(f"COPY {AuditEntry._meta.db_table} ({columns}) FROM STDIN") as copy,
        ):
            for row in rows():
                copy.write_row((*row, SCALE_MARK))
                count += 1
        return {"scale audit entries": count}
    made = bulk_count(
        AuditEntry,
        (
            AuditEntry(
                at=at,
                actor_id=actor,
                action=action,
                object_type=object_type,
                object_id=object_id,
                summary=summary,
                data={"scale": True},
            )
            for at, actor, action, object_type, object_id, summary in rows()
        ),
        batch_size=5000,
    )
    return {"scale audit entries": made}
