"""Run the benchmarks; each prints its figures and its target.

    .venv/bin/python bench/run_all.py            # everything (`make bench`)
    .venv/bin/python bench/run_all.py --http     # only the HTTP ones (`make bench-http`)
    .venv/bin/python bench/run_all.py --local    # only the in-process ones

The in-process benchmarks share one throwaway SQLite database with the demo data
(seeded once). The HTTP benchmarks (gunicorn + wrk) need PostgreSQL: with
``DATABASE_URL`` naming a PostgreSQL database they run on ``<that name>_bench``;
otherwise they are skipped with a note. Arguments after ``--`` go to the HTTP
benchmarks (e.g. ``-- --scale large``). Exits non-zero if any target is missed.
"""

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
# In order: quick in-process figures first, then the HTTP runs.
LOCAL = [
    "bench_queries.py",
    "bench_export.py",
    "bench_results.py",
    "bench_pages.py",
    "bench_booking.py",
    "bench_brochure.py",
]
HTTP = ["bench_http_pages.py", "bench_http_rush.py"]


def run(script: str, env: dict[str, str], extra: list[str]) -> int:
    print(f"\n## {script}", flush=True)
    started = time.perf_counter()
    code = subprocess.call([sys.executable, str(HERE / script), *extra], cwd=HERE.parent, env=env)
    print(f"## {script}: {time.perf_counter() - started:.0f}s, exit {code}", flush=True)
    return code


def main(argv: list[str]) -> int:
    extra = argv[argv.index("--") + 1 :] if "--" in argv else []
    argv = argv[: argv.index("--")] if "--" in argv else argv
    local = "--http" not in argv
    http = "--local" not in argv
    failed = 0
    started = time.perf_counter()
    if local:
        env = dict(os.environ)
        env["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp(prefix='pop-bench-')}/bench.sqlite3"
        for script in LOCAL:
            if (HERE / script).exists():
                failed |= run(script, env, []) != 0
    if http:
        url = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("DATABASE_URL", "")
        if url.startswith(("postgres://", "postgresql://")):
            for index, script in enumerate(HTTP):
                # The first seeds the bench database; the others find it ready.
                flags = extra if index == 0 else [*extra, "--no-seed"]
                failed |= run(script, dict(os.environ), flags) != 0
        else:
            print(
                "\n## HTTP benchmarks skipped: set DATABASE_URL to a PostgreSQL database "
                "(see bench/README.md)."
            )
    print(
        f"\nall benchmarks: {time.perf_counter() - started:.0f}s; "
        + ("some target missed" if failed else "every target met")
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
