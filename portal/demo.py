"""The demo data of every app, loaded in the order the apps registered (idempotent)."""

from django.db import transaction

from core import registry


@transaction.atomic
def seed_demo(*, full: bool = True) -> dict[str, int]:
    """Run every registered demo loader; with ``full=False`` only the base ones
    (organisations, accounts, pages)."""
    summary: dict[str, int] = {}
    for loader in registry.demo_loaders():
        if full or loader.base:
            summary.update(loader.load() or {})
    return summary
