"""The demo data of every app, loaded in dependency order (idempotent)."""

from django.db import transaction

from cms.demo import seed_pages
from people.demo import seed_people
from people.roles import sync_roles
from training.demo import seed_training


@transaction.atomic
def seed_demo(*, with_training: bool = True) -> dict[str, int]:
    """Pages, roles, the demo accounts and, unless told not to, the training year."""
    seed_pages()
    sync_roles()
    summary = {"demo accounts": len(seed_people())}
    if with_training:
        summary.update(seed_training())
    return summary
