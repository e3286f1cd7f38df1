from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from people.demo import DEMO_PASSWORD
from portal.demo import seed_demo


class Command(BaseCommand):
    help = (
        "Load the demo force, partners, accounts for every role, programme pages and a "
        "year of training (idempotent)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even under production settings (creates accounts with a published password).",
        )
        parser.add_argument(
            "--accounts-only",
            action="store_true",
            help="Only the organisations, demo accounts and pages, without the training year.",
        )

    def handle(self, *args, force: bool = False, accounts_only: bool = False, **options):
        if getattr(settings, "IS_PRODUCTION", False) and not force:
            raise CommandError(
                "Refusing to load demo data under production settings: it creates accounts "
                "with a published password. Pass --force if you really mean it."
            )
        summary = seed_demo(full=not accounts_only)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready (password {DEMO_PASSWORD} for the demo accounts): "
                + ", ".join(f"{count} {name}" for name, count in summary.items())
                + "."
            )
        )
