"""Booking throughput through the service, and the sessions list page, on the demo data.

Prints bookings per second for sequential ``book_seat`` calls (each its own
transaction, with its lock, audit entry and after-commit email), and the time
and query count of /training/sessions/ once the booking pages exist.
"""

import datetime
import time

from _setup import count_queries, django_with_demo_data, timed

django_with_demo_data()

from django.test import Client  # noqa: E402
from django.urls import Resolver404, resolve  # noqa: E402
from django.utils import timezone  # noqa: E402

from people.models import User  # noqa: E402

# Signed in as the tests sign in: privileged roles with their second factor passed.
from tests.auth import sign_in_as  # noqa: E402
from training.enums import BookingStatus, CourseKind  # noqa: E402
from training.models import Course, Session, Venue  # noqa: E402
from training.services import TrainingError  # noqa: E402
from training.services.booking import book_seat  # noqa: E402

SESSIONS_PATH = "/training/sessions/"


def bench_sequential_booking() -> None:
    course, _ = Course.objects.get_or_create(
        title="Benchmark course",
        defaults={
            "kind": CourseKind.OTHER,
            "summary": "Throwaway course for the booking benchmark.",
            "duration_minutes": 60,
            "open_to_all_partners": True,
        },
    )
    venue = Venue.objects.order_by("-capacity").first()
    starts = timezone.now() + datetime.timedelta(days=400)
    people = list(User.objects.filter(is_active=True).order_by("pk"))
    # Capacity below the head count, so the last bookers go to the waiting list.
    session = Session.objects.create(
        course=course,
        venue=venue,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=1),
        capacity=min(venue.capacity, len(people) - 20),
    )
    outcomes: dict[str, int] = {}
    started = time.perf_counter()
    for person in people:
        try:
            status = str(book_seat(session=session, person=person).status)
        except TrainingError as error:
            status = f"refused ({error.code})"
        outcomes[status] = outcomes.get(status, 0) + 1
    elapsed = time.perf_counter() - started
    made = sum(n for s, n in outcomes.items() if s in BookingStatus.values)
    print(
        f"sequential book_seat  attempts={len(people)} bookings={made} "
        f"in {elapsed:.2f}s -> {made / elapsed:.1f} bookings/s  outcomes={outcomes}"
    )


def bench_sessions_page() -> None:
    try:
        resolve(SESSIONS_PATH)
    except Resolver404:
        print(f"sessions page         {SESSIONS_PATH} does not exist yet; skipped")
        return
    client = Client()
    sign_in_as(client, User.objects.get(username="officer"))
    queries = count_queries(client, SESSIONS_PATH)
    figures = timed(lambda: client.get(SESSIONS_PATH), repeat=30)
    print(f"sessions page         {SESSIONS_PATH} queries={queries} {figures}")


bench_sequential_booking()
bench_sessions_page()
