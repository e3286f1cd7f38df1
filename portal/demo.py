"""The demo data of every app, loaded in the order the apps registered (idempotent),
and on request the scale data on top (``core.scale``)."""

import time
from collections.abc import Callable

from django.db import transaction

from core import page_cache, registry
from core.scale import Scale


@transaction.atomic
def seed_demo(*, full: bool = True) -> dict[str, int]:
    """Run every registered demo loader; with ``full=False`` only the base ones
    (organisations, accounts, pages)."""
    summary: dict[str, int] = {}
    for loader in registry.demo_loaders():
        if full or loader.base:
            summary.update(loader.load() or {})
    return summary


def seed_scale(
    scale: Scale, *, report: Callable[[str, dict[str, int], float], None] | None = None
) -> dict[str, int]:
    """Run every registered scale loader, each in its own transaction (the demo data must be
    there first). ``report(key, made, seconds)`` is called after each."""
    summary: dict[str, int] = {}
    for loader in registry.scale_loaders():
        started = time.perf_counter()
        with transaction.atomic():
            made = loader.load(scale) or {}
        summary.update(made)
        # Loaders may write with COPY, which the write watcher does not see.
        page_cache.data_changed()
        if report is not None:
            report(loader.key, made, time.perf_counter() - started)
    return summary
