"""The finalists' brochure for 5, 10 and 20 finalists: 4,000-word entries, a 300-word
brochure summary, three key figures and a 1600 x 1000 photo each. Target: 20 finalists in
under 10 seconds, growing linearly with the number of finalists.

Times the whole background build (``awards.services.brochure.build_brochure``: reading
the finalists, preparing the images, WeasyPrint layout, writing the PDF, storing it
privately, the progress reports), after one warm-up build so the figures are not the
process's one-off font and stylesheet set-up (printed separately). The data is written
directly to a throwaway SQLite database; no demo data is needed.
"""

import datetime
import io
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZES = (5, 10, 20)
REPEAT = 3
TARGET_SECONDS = 10.0
WORDS = [
    "residents",
    "partners",
    "patrols",
    "lighting",
    "alleyway",
    "burglary",
    "housing",
    "council",
    "youth",
    "offending",
    "transport",
    "analysis",
    "incidents",
    "victims",
    "offenders",
    "location",
    "repeat",
    "calls",
    "evening",
    "weekend",
    "problem",
    "solving",
    "response",
    "assessment",
    "figures",
    "survey",
    "drivers",
    "passengers",
    "station",
    "estate",
    "neighbourhood",
    "team",
    "officers",
    "community",
    "safety",
    "fell",
    "rose",
    "months",
    "before",
    "after",
]


def setup() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    if "DATABASE_URL" not in os.environ:
        os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench-brochure.sqlite3"
    os.environ.setdefault("PRIVATE_MEDIA_ROOT", tempfile.mkdtemp())
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def text(rng: random.Random, words: int) -> str:
    """``words`` words of plain prose in paragraphs of about 120 words."""
    out, paragraph = [], []
    for n in range(words):
        word = rng.choice(WORDS)
        paragraph.append(word.capitalize() if not paragraph else word)
        if len(paragraph) % 15 == 0:
            paragraph[-1] += "."
        if len(paragraph) >= 120 or n == words - 1:
            out.append(" ".join(paragraph).rstrip(".") + ".")
            paragraph = []
    return "\n\n".join(out)


def photo(rng: random.Random) -> bytes:
    """A 1600 x 1000 JPEG with a photo's detail (noise over gradients), ~300 KB."""
    from PIL import Image, ImageFilter

    base = Image.linear_gradient("L").resize((1600, 1000)).convert("RGB")
    noise = Image.effect_noise((1600, 1000), 60).convert("RGB").filter(ImageFilter.BLUR)
    tint = Image.new("RGB", (1600, 1000), (rng.randint(0, 120), rng.randint(60, 160), 180))
    image = Image.blend(Image.blend(base, noise, 0.4), tint, 0.35)
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=88)
    return out.getvalue()


def build_cycle(size: int, rng: random.Random):
    """A cycle with ``size`` finalists, written straight to the database."""
    import hashlib

    from django.core.files.base import ContentFile
    from django.utils import timezone

    from awards.enums import BrochureEdition, EntryStatus
    from awards.models import Attachment, Brochure, BrochurePage, Entry, KeyFigure
    from awards.services.cycles import create_cycle
    from core.uploads import private_storage
    from people.enums import Function, OrganisationType
    from people.models import District, Organisation, Team, User

    force, _ = Organisation.objects.get_or_create(
        name="Bench force", defaults={"type": OrganisationType.FORCE}
    )
    partners = [
        Organisation.objects.get_or_create(
            name=name, defaults={"type": OrganisationType.LOCAL_AUTHORITY}
        )[0]
        for name in ("Bench County Council", "Bench Homes", "Bench Transport Authority")
    ]
    district, _ = District.objects.get_or_create(
        name="Bench district", defaults={"organisation": force}
    )
    team, _ = Team.objects.get_or_create(
        name="Bench neighbourhood team",
        defaults={"district": district, "function": Function.NEIGHBOURHOODS},
    )
    boss = User.objects.filter(username="bench-coordinator").first() or (
        User.objects.create_superuser("bench-coordinator", "b@example.org", None)
    )
    today = timezone.localdate()
    cycle = create_cycle(
        name=f"Bench awards {size} {time.time_ns()}",
        entries_open_at=timezone.now() - datetime.timedelta(days=90),
        entries_close_at=timezone.now() - datetime.timedelta(days=60),
        ceremony_on=today + datetime.timedelta(days=20),
        judging=[
            (today - datetime.timedelta(days=59), today - datetime.timedelta(days=40)),
            (today - datetime.timedelta(days=30), today - datetime.timedelta(days=10)),
        ],
        by=boss,
    )
    category = cycle.categories.first()
    storage = private_storage()
    for number in range(size):
        lead = User.objects.create(
            username=f"bench-lead-{cycle.pk}-{number}",
            first_name="Lead",
            last_name=f"Entrant {number}",
            organisation=force,
            team=team,
            district=district,
        )
        sections = {name: text(rng, 1000) for name in ("scanning", "analysis", "response")}
        sections["assessment"] = text(rng, 1000)
        entry = Entry.objects.create(
            cycle=cycle,
            category=category,
            lead=lead,
            title=f"Finalist {number + 1}: {text(rng, 9).rstrip('.')}",
            summary=text(rng, 240),
            status=EntryStatus.FINALIST,
            word_count=4000,
            **sections,
        )
        entry.partners.set([force, *partners])
        content = photo(rng)
        name = storage.save(f"bench/{entry.pk}.jpg", ContentFile(content))
        image = Attachment.objects.create(
            entry=entry,
            original_name="photo.jpg",
            stored_name=name,
            content_type="image/jpeg",
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
            caption="The site before the response",
        )
        BrochurePage.objects.create(entry=entry, summary=text(rng, 300), image=image)
        for order, (measure, before, after) in enumerate(
            [
                ("Incidents a month", "64", "27"),
                ("Repeat callers", "41", "14"),
                ("Calls", "1,143", "261"),
            ]
        ):
            KeyFigure.objects.create(
                entry=entry, measure=measure, before=before, after=after, order=order
            )
    return Brochure.objects.create(
        cycle=cycle,
        edition=BrochureEdition.FINALISTS,
        foreword=text(rng, 250),
        generation=1,
        requested_at=timezone.now(),
    )


def timed_build(brochure) -> tuple[float, float, int, int]:
    from awards.models import Brochure
    from awards.services.brochure import build_brochure

    Brochure.objects.filter(pk=brochure.pk).update(generation=brochure.generation + 1)
    brochure.generation += 1
    start, cpu = time.perf_counter(), time.process_time()
    outcome = build_brochure(brochure_id=brochure.pk, generation=brochure.generation)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    assert outcome == "ready", outcome
    brochure.refresh_from_db()
    return seconds, cpu, brochure.pdf.pages, brochure.pdf.size


def main() -> int:
    setup()
    rng = random.Random(11)
    brochures = {size: build_cycle(size, rng) for size in SIZES}
    cold, cold_cpu, pages, _ = timed_build(brochures[SIZES[0]])
    print(
        f"first build in this process (fonts, stylesheets): {cold:.2f} s, "
        f"{cold_cpu:.2f} s CPU ({pages} pages)"
    )
    # Wall-clock time is what the coordinator waits; CPU time is the build's own work
    # (the build is single-threaded), which other load on the machine does not inflate.
    medians = {}
    for size in SIZES:
        samples, cpus = [], []
        for _ in range(REPEAT):
            seconds, cpu, pages, size_bytes = timed_build(brochures[size])
            samples.append(seconds)
            cpus.append(cpu)
        medians[size] = statistics.median(samples)
        print(
            f"{size:>2} finalists: median {medians[size]:.2f} s of {REPEAT} "
            f"(min {min(samples):.2f}, max {max(samples):.2f}), "
            f"CPU {statistics.median(cpus):.2f} s; {pages} pages (expected {3 + 2 * size}), "
            f"{size_bytes / 1024:.0f} KB; {medians[size] / size:.3f} s per finalist"
        )
        assert pages == 3 + 2 * size, "every spread must be exactly two pages"
    small, large = SIZES[0], SIZES[-1]
    ratio = medians[large] / medians[small]
    print(
        f"growth {small} -> {large} finalists: x{ratio:.2f} for x{large / small:.0f} "
        f"(linear: x{large / small:.0f})"
    )
    met = medians[large] < TARGET_SECONDS
    print(
        f"target: {large} finalists in under {TARGET_SECONDS:.0f} s: "
        f"{'meets' if met else 'MISSES'} ({medians[large]:.2f} s)"
    )
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
