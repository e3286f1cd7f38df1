"""Excel export of 100,000 rows: our streaming exporter against django-tables2's own.

Target: ``core.exports`` at least 2x faster than django-tables2's ``TableExport`` (tablib)
and using at most half its memory, on the same table and rows, in the same run.

Time is CPU time of the export (wall time is printed too; on a shared machine it also
counts other jobs' turns). The table is the duties department's abstraction list
(``training.tables.duties.AbstractionTable``, eleven columns: names, ranks, teams,
districts, dates, times, courses, venues, statuses, booked-on times, late-notice flags)
over 100,000 bookings held in memory, so no database time is counted. Each exporter runs
in a fresh process; memory is the process's peak resident size during the export less its
size just before (``ru_maxrss``), so the rows both start from are not counted.
(django-tables2's export cannot write time-zone-aware datetimes at all; its copy of the
table gives it the same local times, naive.)

    .venv/bin/python bench/bench_export.py [--rows 100000]
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEED_TARGET = 2.0
MEMORY_TARGET = 0.5


def _rss_kib() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024


def _rows(count: int) -> list:
    import datetime
    import random

    from django.utils import timezone

    from people.enums import Rank
    from people.models import District, Team, User
    from training.enums import BookingStatus
    from training.models import Booking, Course, Session, Venue

    rng = random.Random(1)
    districts = [District(pk=n, name=f"District {n}") for n in range(1, 9)]
    teams = [
        Team(pk=n, name=f"Team {n}", district=districts[n % len(districts)]) for n in range(1, 81)
    ]
    people = [
        User(
            pk=n,
            username=f"person{n}",
            first_name=rng.choice(["Amy", "Ben", "Chloe", "Dan", "Grace", "Imran"]),
            last_name=rng.choice(["Khan", "Carter", "Osei", "Whitaker", "Reid", "Shah"]),
            rank=rng.choice([Rank.PC, Rank.PCSO, Rank.SERGEANT]),
            team=teams[n % len(teams)],
        )
        for n in range(1, 5001)
    ]
    courses = [Course(pk=n, title=f"Problem-solving masterclass {n}") for n in range(1, 11)]
    venues = [Venue(pk=n, name=f"Learning Centre {n}") for n in range(1, 9)]
    start = timezone.now().replace(hour=9, minute=30, second=0, microsecond=0)
    sessions = []
    for n in range(1, 2001):
        starts = start + datetime.timedelta(days=n % 365)
        sessions.append(
            Session(
                pk=n,
                course=courses[n % len(courses)],
                venue=venues[n % len(venues)],
                starts_at=starts,
                ends_at=starts + datetime.timedelta(hours=3),
            )
        )
    statuses = [BookingStatus.CONFIRMED, BookingStatus.ATTENDED, BookingStatus.PENDING_APPROVAL]
    rows = []
    for n in range(count):
        session = sessions[n % len(sessions)]
        rows.append(
            Booking(
                pk=n + 1,
                session=session,
                person=people[n % len(people)],
                status=statuses[n % len(statuses)],
                created_at=session.starts_at - datetime.timedelta(days=20 + n % 30),
                is_late=n % 11 == 0,
            )
        )
    return rows


def worker(exporter: str, count: int) -> dict:
    """Runs in its own process: build the rows, then export them one way."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    os.environ["DATABASE_URL"] = "sqlite://:memory:"
    import django

    django.setup()
    from django.utils import timezone
    from django_tables2.export import TableExport

    from core.exports import table_xlsx_response
    from training.tables.duties import AbstractionTable

    class Tables2AbstractionTable(AbstractionTable):
        # tablib's openpyxl writer refuses time-zone-aware datetimes (ours makes them
        # local and naive); give it the same local time, naive, so it can run at all.
        def value_booked_on(self, value):
            return timezone.localtime(value).replace(tzinfo=None)

    rows = _rows(count)
    table = (AbstractionTable if exporter == "core" else Tables2AbstractionTable)(rows, order_by=())
    before = _rss_kib()
    started, cpu = time.perf_counter(), time.process_time()
    with tempfile.TemporaryFile() as out:
        if exporter == "core":
            response = table_xlsx_response(table, filename="bench", sheet_title="Bench")
            for chunk in response.streaming_content:
                out.write(chunk)
            response.close()
        else:
            out.write(TableExport("xlsx", table).export())
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        size = out.tell()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    return {"seconds": seconds, "cpu": cpu, "memory_kib": max(peak - before, 0), "bytes": size}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--worker", choices=["core", "tables2"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker, args.rows)))
        return 0
    try:
        import tablib  # noqa: F401
    except ImportError:
        sys.exit("django-tables2's export needs tablib: make setup (or pip install -e '.[dev]')")

    results = {}
    for exporter in ("core", "tables2"):
        output = subprocess.run(
            [sys.executable, __file__, "--worker", exporter, "--rows", str(args.rows)],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        ).stdout
        results[exporter] = json.loads(output.strip().splitlines()[-1])
    ours, theirs = results["core"], results["tables2"]
    # CPU time, not wall time: on a shared machine the wall clock counts other jobs' turns.
    speed = theirs["cpu"] / ours["cpu"]
    memory = ours["memory_kib"] / max(theirs["memory_kib"], 1)
    for name, label in (
        ("core", "core.exports (streaming)"),
        ("tables2", "django-tables2 TableExport"),
    ):
        r = results[name]
        print(
            f"{label:<28} {args.rows:,} rows  CPU {r['cpu']:6.2f}s (wall {r['seconds']:6.2f}s)  "
            f"peak +{r['memory_kib'] / 1024:6.1f} MiB  file {r['bytes'] / 1024 / 1024:.1f} MiB"
        )
    ok = speed >= SPEED_TARGET and memory <= MEMORY_TARGET
    print(
        f"ours is {speed:.2f}x as fast (target >= {SPEED_TARGET:.0f}x) and uses "
        f"{memory:.2f} of the memory (target <= {MEMORY_TARGET:.2f}): "
        + ("met" if ok else "NOT MET")
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
