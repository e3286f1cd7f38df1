import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core.scale import SCALES
from people.demo import DEMO_PASSWORD
from portal.demo import seed_demo, seed_scale


def _counts(made: dict[str, int]) -> str:
    return ", ".join(f"{count:,} {name}" for name, count in made.items())


class Command(BaseCommand):
    help = (
        "Load the demo force, partners, accounts for every role, programme pages and a "
        "year of training (idempotent); with --scale large, a force's worth of data on top."
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
        parser.add_argument(
            "--scale",
            choices=sorted(SCALES),
            help="Then add scale data: 'large' is 10,000 staff, 2,000 sessions, 50,000 "
            "bookings, 300 enrolments x 40 evidence, 500 award entries x 7 judges and a "
            "year of audit entries (2,000 a day); 'tiny' is the same in miniature.",
        )

    def handle(self, *args, force=False, accounts_only=False, scale=None, **options):
        if getattr(settings, "IS_PRODUCTION", False) and not force:
            raise CommandError(
                "Refusing to load demo data under production settings: it creates accounts "
                "with a published password. Pass --force if you really mean it."
            )
        if scale and accounts_only:
            raise CommandError("--scale needs the full demo data: drop --accounts-only.")
        started = time.perf_counter()
        summary = seed_demo(full=not accounts_only)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready (password {DEMO_PASSWORD} for the demo accounts): "
                + ", ".join(f"{count} {name}" for name, count in summary.items())
                + "."
            )
        )
        if not scale:
            return
        self.stdout.write(f"Demo data took {time.perf_counter() - started:.1f}s. Scale: {scale}.")

        def report(key: str, made: dict[str, int], seconds: float) -> None:
            self.stdout.write(f"  {key:<11} {seconds:6.1f}s  {_counts(made) or 'nothing to add'}")

        scaled = time.perf_counter()
        seed_scale(SCALES[scale], report=report)
        self.stdout.write(
            self.style.SUCCESS(
                f"Scale data ({scale}) ready in {time.perf_counter() - scaled:.1f}s "
                f"({time.perf_counter() - started:.1f}s with the demo data)."
            )
        )
