"""Queries per list page with few and with many rows. Target: the same count for both.

On the demo data (throwaway SQLite), each list page is loaded as the demo account that
uses it, once with the scale data at a small size and once at a size with about 1,000
rows on the page (``core.scale``; each size in a transaction that is rolled back). It
prints the query count and the rows the page's table holds (every page, not just the
first) at both sizes.

    .venv/bin/python bench/bench_queries.py
"""

import sys

from _setup import django_with_demo_data

django_with_demo_data()

from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from core.scale import Scale  # noqa: E402
from people.models import User  # noqa: E402
from portal.demo import seed_scale  # noqa: E402

# Signed in as the tests sign in: privileged roles with their second factor passed.
from tests.auth import sign_in_as  # noqa: E402


def size(rows: int) -> Scale:
    """Scale data putting about ``rows`` rows on each list page that grows with it."""
    return Scale(
        name=f"{rows} rows",
        staff=max(rows, 60),
        sessions=rows,
        bookings=rows * 2,
        # The demo assessor holds one enrolment in ten; a fifth of the evidence waits.
        enrolments=max(rows // 10, 2),
        evidence_per_enrolment=max(rows // 20, 2),
        entries=rows,
        judges_per_entry=3,
        audit_per_day=0,
        audit_days=0,
    )


SIZES = [size(10), size(1000)]


def pages() -> list[tuple[str, str, str]]:
    from awards.enums import RoundStatus
    from awards.models import Round

    open_round = (
        Round.objects.filter(number=1, status=RoundStatus.OPEN)
        .order_by("-cycle__entries_close_at")
        .first()
    )
    found = [
        ("sessions list", "officer", "/training/sessions/"),
        ("my training", "officer", "/training/my/"),
        ("my sessions", "trainer", "/training/trainer/"),
        ("duties grid", "duties", "/training/duties/"),
        ("duties list", "duties", "/training/duties/list/"),
        ("training matrix", "coordinator", "/training/matrix/"),
        ("assessor queue", "assessor", "/portfolios/assessing/"),
        ("cohort", "coordinator", "/portfolios/cohort/"),
        ("IQA queue", "iqa", "/portfolios/quality/"),
        ("judge queue", "judge", "/awards/judging/"),
        ("my entries", "entrant", "/awards/"),
        ("library", "", "/library/"),
        ("library search", "", "/library/?q=peer+mentors"),
    ]
    if open_round is not None:
        found += [
            (
                "awards entries",
                "coordinator",
                f"/awards/manage/cycles/{open_round.cycle_id}/entries/",
            ),
            ("awards results", "coordinator", f"/awards/manage/rounds/{open_round.pk}/results/"),
        ]
    return found


def measure(page_list) -> dict[str, tuple[int, str]]:
    figures = {}
    for name, username, path in page_list:
        client = Client()
        if username:
            sign_in_as(client, User.objects.get(username=username))
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        if response.status_code != 200:
            figures[name] = (-1, f"HTTP {response.status_code}")
            continue
        context = response.context
        tables = [value for key, value in _items(context) if key.endswith("table")]
        rows = "+".join(str(len(t.data)) for t in tables) if tables else "-"
        figures[name] = (len(queries), rows)
    return figures


def _items(context):
    seen = set()
    for layer in context or []:
        for key, value in layer.flatten().items() if hasattr(layer, "flatten") else []:
            if key not in seen and hasattr(value, "data") and hasattr(value, "columns"):
                seen.add(key)
                yield key, value


def main() -> int:
    setup_test_environment()  # so the test client keeps each response's context
    page_list = pages()
    results = []
    for scale in SIZES:
        with transaction.atomic():
            seed_scale(scale)
            results.append(measure(page_list))
            transaction.set_rollback(True)
    small, large = results
    print(f"{'page':<16} {'queries':>8} {'rows':>9} {'queries':>8} {'rows':>9}  path")
    print(f"{'':<16} {'(small)':>8} {'':>9} {'(large)':>8} {'':>9}")
    unequal = 0
    for name, _username, path in page_list:
        (q1, r1), (q2, r2) = small[name], large[name]
        same = q1 == q2 and q1 >= 0
        unequal += not same
        print(
            f"{name:<16} {q1:>8} {r1:>9} {q2:>8} {r2:>9}  {path}" + ("" if same else "  <- differs")
        )
    print(
        f"\ntarget: the same number of queries with few and many rows; "
        f"{len(page_list) - unequal} of {len(page_list)} pages meet it"
    )
    return 1 if unequal else 0


if __name__ == "__main__":
    sys.exit(main())
