from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from cms.demo import seed_pages
from people.demo import DEMO_PASSWORD, seed_people
from people.roles import sync_roles
from training.demo import seed_training


class Command(BaseCommand):
    help = (
        "Load the demo force, partners, accounts for every role and programme pages (idempotent)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even under production settings (creates accounts with a published password).",
        )

    def handle(self, *args, force: bool = False, **options):
        if getattr(settings, "IS_PRODUCTION", False) and not force:
            raise CommandError(
                "Refusing to load demo data under production settings: it creates accounts "
                "with a published password. Pass --force if you really mean it."
            )
        with transaction.atomic():
            seed_pages()
            sync_roles()
            people = seed_people()
            training = seed_training()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready: {len(people)} demo accounts (password {DEMO_PASSWORD}); "
                "training: "
                + ", ".join(f"{count} {name}" for name, count in training.items())
                + "."
            )
        )
