"""Shared set-up for benchmarks: Django on a throwaway SQLite database with demo data."""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def django_with_demo_data() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    # What building each page costs, not what serving a kept copy does (core.page_cache).
    os.environ.setdefault("DJANGO_PAGE_CACHE", "false")
    if "DATABASE_URL" not in os.environ:
        os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("seed_demo", verbosity=0)


def timed(fn, *, repeat: int) -> dict[str, float]:
    """Run fn `repeat` times; return median and p95 in milliseconds."""
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return {
        "median_ms": round(statistics.median(samples), 2),
        "p95_ms": round(samples[int(len(samples) * 0.95) - 1], 2),
        "n": repeat,
    }


def count_queries(client, path: str) -> int:
    """How many SQL queries one GET of ``path`` costs (asserts a 200)."""
    from django.db import connection

    queries: list[str] = []

    def record(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        assert client.get(path).status_code == 200
    return len(queries)
