"""Page throughput against the framework floor, over HTTP. Target: every page >= 0.20.

Serves the portal under gunicorn (2 workers, production settings, PostgreSQL) and loads
each key page, signed in as the demo account that uses it, with wrk (16 connections) for
``--duration`` seconds. In the same run it loads the floor (``/bench/floor/``: a Django
view doing one query, through every middleware), before the pages and after them, and
divides each page's requests/s by the floor's mean.

Each signed-in person's pages are kept for them until any data changes (``core.page_cache``),
so a page is opened once before its run, as its user would, and the run measures it as
they get it on coming back. ``--no-page-cache`` serves with the page cache off, so every
request builds its page: what a first visit, or one after any change, costs.

    DATABASE_URL=postgres://pop@127.0.0.1:5432/pop_me .venv/bin/python bench/bench_http_pages.py
        [--scale demo|large] [--duration 8] [--port 8117] [--only sessions,matrix]
"""

import os
import sys
import time

from _http import Server, arguments, browser_cookie, get, measure_floor, setup_django, wrk

TARGET = 0.20


def pages() -> list[tuple[str, str | None, str]]:
    """(name, username or None for anonymous, path) of every key page that exists."""
    from awards.models import Round
    from cms.models import CaseStudyPage

    found = [
        ("sessions list", "officer", "/training/sessions/"),
        ("my training", "officer", "/training/my/"),
        ("my sessions", "trainer", "/training/trainer/"),
        ("duties grid", "duties", "/training/duties/"),
        ("training matrix", "coordinator", "/training/matrix/"),
        ("dashboard", "officer", "/portal/"),
        ("CMS home", None, "/"),
        ("my portfolio", "candidate", "/portfolios/"),
        ("assessor queue", "assessor", "/portfolios/assessing/"),
        ("cohort table", "coordinator", "/portfolios/cohort/"),
        ("judge queue", "judge", "/awards/judging/"),
    ]
    results = (
        Round.objects.filter(assignments__isnull=False)
        .distinct()
        .order_by("-cycle__entries_close_at", "number")
        .first()
    )
    if results is not None:
        found.append(
            ("awards results", "coordinator", f"/awards/manage/rounds/{results.pk}/results/")
        )
    found.append(("awards (entrant)", "entrant", "/awards/"))
    found += [
        ("library", None, "/library/"),
        ("library search", None, "/library/?q=peer+mentors"),
    ]
    case_study = CaseStudyPage.objects.live().order_by("path").first()
    if case_study is not None:
        found.append(("case study", None, case_study.url))
    return found


def main() -> int:
    parser = arguments(__doc__.split("\n")[0], duration=8)
    parser.add_argument("--only", default="", help="comma-separated page names (substrings)")
    parser.add_argument(
        "--no-page-cache",
        action="store_true",
        help="serve with PAGE_CACHE off: every signed-in page built afresh (core.page_cache)",
    )
    args = parser.parse_args()
    if args.no_page_cache:
        os.environ["DJANGO_PAGE_CACHE"] = "false"
    setup_django(args)
    from people.models import User

    wanted = [w.strip().lower() for w in args.only.split(",") if w.strip()]
    chosen = [p for p in pages() if not wanted or any(w in p[0].lower() for w in wanted)]
    cookies = {
        username: browser_cookie(User.objects.get(username=username))
        for username in {u for _, u, _ in chosen if u}
    }
    from django.db import connections

    connections.close_all()  # the server's workers need no competition from this process

    rows = []
    with Server(args.port) as server:
        for name, username, path in chosen:
            status, _ = get(server.base + path, cookies.get(username))
            if status != 200:
                print(f"{name}: GET {path} as {username or 'anonymous'} gave {status}; skipped")
                chosen = [c for c in chosen if c[0] != name]
        print(
            f"gunicorn {2} workers on 127.0.0.1:{args.port}, wrk 16 connections, "
            f"{args.duration:.0f}s a page, {args.scale} data, signed-in pages "
            + ("built every time (page cache off)" if args.no_page_cache else "kept"),
            flush=True,
        )
        started = time.perf_counter()
        floor_before = measure_floor(server, args.duration)
        server.drain()
        for name, username, path in chosen:
            # Opened once, as its user would before coming back to it; with the page cache
            # off (--no-page-cache) every request builds the page anyway.
            get(server.base + path, cookies.get(username))
            load = wrk(server.base + path, cookie=cookies.get(username), duration=args.duration)
            server.drain()
            rows.append((name, username, path, load))
        floor_after = measure_floor(server, args.duration)
    floor = (floor_before.rps + floor_after.rps) / 2

    print(
        f"\nfloor {floor:.0f} req/s (before the pages {floor_before.rps:.0f}, "
        f"after {floor_after.rps:.0f}; p50 {floor_before.p50_ms:.1f} ms)"
    )
    print(f"{'page':<18} {'as':<12} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'ratio':>6}  path")
    short = 0
    for name, username, path, load in rows:
        ratio = load.rps / floor if floor else 0.0
        flag = "" if ratio >= TARGET else "  < target"
        bad = load.bad_status + load.socket_errors
        if bad:
            flag += f"  {bad} failed requests"
        if not load.requests:
            flag += f"  no response finished within {args.duration:.0f}s"
        short += ratio < TARGET or bad > 0
        print(
            f"{name:<18} {username or 'anonymous':<12} {load.rps:7.1f} {load.p50_ms:8.1f} "
            f"{load.p95_ms:8.1f} {ratio:6.3f}  {path}{flag}"
        )
    print(
        f"\ntarget: every page >= {TARGET:.2f} of the floor; "
        f"{len(rows) - short} of {len(rows)} meet it ({time.perf_counter() - started:.0f}s)"
    )
    return 1 if short else 0


if __name__ == "__main__":
    sys.exit(main())
