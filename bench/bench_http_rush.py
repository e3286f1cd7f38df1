"""Booking rush over HTTP: 500 signed-in people book the same 30-seat session at once.

Target: exactly 30 confirmed (the rest waitlisted), 0 errors, and requests/s >= 0.10 of
the framework floor measured on the same server in the same run.

Under gunicorn (2 workers, production settings, PostgreSQL), 500 distinct people, each
with their own session cookie and CSRF token, connect, wait at a barrier, and then all
POST "Book a place" on one new 30-seat session, as the session page's form does (with its
one-time form token, ``core.idempotency``). The outcome is read back from the
database, not from the pages.

    DATABASE_URL=postgres://pop@127.0.0.1:5432/pop_me .venv/bin/python bench/bench_http_rush.py
        [--people 500] [--seats 30] [--scale demo|large] [--duration 5]
"""

import datetime
import http.client
import secrets
import sys
import threading
import time
from collections import Counter

from _http import Server, arguments, measure_floor, session_cookie, setup_django

TARGET_RATIO = 0.10
COURSE_TITLE = "Benchmark: booking rush masterclass"
PREFIX = "bench-rush-"


def prepare(people: int, seats: int):
    """A fresh 30-seat session on an open course, and ``people`` who may book it."""
    from django.contrib.auth.models import Group
    from django.utils import timezone

    from people.demo import FORCE_NAME
    from people.enums import Function, Rank, Role
    from people.models import Organisation, User
    from training.enums import CourseKind
    from training.models import Course, Session, Venue

    course, _ = Course.objects.get_or_create(
        title=COURSE_TITLE,
        defaults={
            "kind": CourseKind.MASTERCLASS,
            "summary": "A popular masterclass that opens for booking (benchmark only).",
            "duration_minutes": 180,
            "open_to_all_partners": True,
            "may_repeat": True,
        },
    )
    # Earlier runs' sessions go, so nobody is already booked at the same time.
    Session.objects.filter(course=course).delete()
    venue = Venue.objects.filter(capacity__gte=seats).order_by("capacity").first()
    starts = (timezone.now() + datetime.timedelta(days=60)).replace(
        hour=9, minute=30, second=0, microsecond=0
    )
    session = Session.objects.create(
        course=course,
        venue=venue,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(minutes=course.duration_minutes),
        capacity=seats,
    )
    force = Organisation.objects.get(name=FORCE_NAME)
    names = [f"{PREFIX}{n:03d}" for n in range(1, people + 1)]
    have = set(User.objects.filter(username__in=names).values_list("username", flat=True))
    User.objects.bulk_create(
        User(
            username=name,
            first_name="Rush",
            last_name=name.removeprefix(PREFIX),
            email=f"{name}@example.police.uk",
            rank=Rank.PC,
            function=Function.NEIGHBOURHOODS,
            organisation=force,
        )
        for name in names
        if name not in have
    )
    users = list(User.objects.filter(username__in=names).order_by("username"))
    Group.objects.get(name=Role.STAFF).user_set.add(*users)
    return session, users


def rush(port: int, path: str, cookies: list[str]) -> tuple[Counter, float]:
    """Every person connects, waits for the others, then POSTs at once."""
    barrier = threading.Barrier(len(cookies) + 1)
    outcomes: Counter = Counter()
    lock = threading.Lock()

    def one(cookie: str) -> None:
        token = secrets.token_hex(16)  # 32 characters: a valid unmasked CSRF secret
        # As the session page's form sends it: with its one-time form token
        # (core.idempotency), so a double click would book once.
        form_token = secrets.token_urlsafe(24)
        body = f"csrfmiddlewaretoken={token}&form_token={form_token}&waitlist_if_blocked=on"
        headers = {
            "Cookie": f"{cookie}; csrftoken={token}",
            "Content-Type": "application/x-www-form-urlencoded",
            "Host": f"127.0.0.1:{port}",
        }
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        try:
            connection.connect()
            barrier.wait()
            connection.request("POST", path, body=body, headers=headers)
            response = connection.getresponse()
            response.read()
            outcome = "redirected" if response.status == 302 else f"HTTP {response.status}"
        except OSError as error:
            outcome = f"{type(error).__name__}"
        finally:
            connection.close()
        with lock:
            outcomes[outcome] += 1

    threads = [threading.Thread(target=one, args=(c,)) for c in cookies]
    for thread in threads:
        thread.start()
    barrier.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    return outcomes, time.perf_counter() - started


def main() -> int:
    parser = arguments(__doc__.split("\n")[0], duration=5)
    parser.add_argument("--people", type=int, default=500)
    parser.add_argument("--seats", type=int, default=30)
    args = parser.parse_args()
    setup_django(args)
    from django.db import connections

    from training.enums import BookingStatus
    from training.models import Booking

    session, users = prepare(args.people, args.seats)
    cookies = [session_cookie(u) for u in users]
    connections.close_all()
    path = f"/training/sessions/{session.pk}/book/"
    with Server(args.port) as server:
        floor = measure_floor(server, args.duration)
        outcomes, seconds = rush(args.port, path, cookies)
    statuses = Counter(Booking.objects.filter(session=session).values_list("status", flat=True))
    confirmed = statuses.pop(BookingStatus.CONFIRMED, 0)
    waitlisted = statuses.pop(BookingStatus.WAITLISTED, 0)
    errors = sum(n for k, n in outcomes.items() if k != "redirected")
    rps = len(cookies) / seconds
    ratio = rps / floor.rps if floor.rps else 0.0
    print(
        f"rush: {len(cookies)} people, one {args.seats}-seat session, {args.scale} data\n"
        f"confirmed {confirmed}, waitlisted {waitlisted}"
        + (f", other {dict(statuses)}" if statuses else "")
        + f", errors {errors}"
        + (f" {dict(outcomes)}" if errors else "")
        + f"\nduration {seconds:.2f}s, {rps:.1f} req/s; floor {floor.rps:.0f} req/s; "
        f"ratio {ratio:.3f}"
    )
    ok = (
        confirmed == args.seats
        and errors == 0
        and confirmed + waitlisted == len(cookies)
        and ratio >= TARGET_RATIO
    )
    print(
        f"target: exactly {args.seats} confirmed, 0 errors, ratio >= {TARGET_RATIO:.2f}: "
        + ("met" if ok else "NOT MET")
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
