"""Race-proof booking on PostgreSQL: many people at once for the last seats.

Each booker is a thread with its own database connection, released together by a
barrier so their transactions really overlap; ``book_seat`` locks the session row
(``SELECT ... FOR UPDATE``), so the seat count cannot be read stale. Run with
``pytest -s`` to see the figures.
"""

import datetime
from collections import Counter

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core.idempotency import new_token
from core.models import FormSubmission
from tests.factories import CourseFactory, SessionFactory, TeamFactory, UserFactory
from tests.races import postgres_only, race
from training.enums import SEAT_HOLDING_STATUSES, BookingStatus
from training.models import Booking
from training.services import TrainingError
from training.services.booking import book_seat

pytestmark = [pytest.mark.django_db(transaction=True), postgres_only]

BOOKERS = 40
CAPACITY = 10
ALREADY_TAKEN = 5
ROUNDS = 20
DOUBLE_CLICKS = 8


def _session(course, round_number: int):
    # A different day each round, so nobody's seat in one round overlaps the next.
    starts = (timezone.now() + datetime.timedelta(days=60 + round_number)).replace(
        hour=9, minute=30, second=0, microsecond=0
    )
    return SessionFactory(course=course, capacity=CAPACITY, starts_at=starts)


def test_parallel_bookers_never_exceed_capacity():
    course = CourseFactory(abstraction_cap_per_team=None, may_repeat=True)
    # Everyone in their own team, so the team cap never decides the outcome.
    people = [UserFactory(team=TeamFactory()) for _ in range(BOOKERS + ALREADY_TAKEN)]
    early, bookers = people[:ALREADY_TAKEN], people[ALREADY_TAKEN:]
    totals = Counter()
    for round_number in range(ROUNDS):
        session = _session(course, round_number)
        for person in early:
            book_seat(session=session, person=person)

        results, errors = race(
            [lambda p=person, s=session: book_seat(session=s, person=p) for person in bookers],
            refusal=TrainingError,
        )

        statuses = Counter(Booking.objects.filter(session=session).values_list("status", flat=True))
        held = sum(statuses[s] for s in SEAT_HOLDING_STATUSES)
        persons = list(Booking.objects.filter(session=session).values_list("person", flat=True))
        refusals = [r for r in results if isinstance(r, TrainingError)]
        assert errors == []
        assert refusals == []
        assert held == CAPACITY
        assert statuses[BookingStatus.WAITLISTED] == BOOKERS - (CAPACITY - ALREADY_TAKEN)
        assert len(persons) == len(set(persons)) == BOOKERS + ALREADY_TAKEN
        totals.update(
            confirmed=held - ALREADY_TAKEN,
            waitlisted=statuses[BookingStatus.WAITLISTED],
            errors=len(errors) + len(refusals),
        )
    print(  # noqa: T201 - the figures the issue asks for, shown with `pytest -s`
        f"\nbooking race: bookers={BOOKERS} per round, seats={CAPACITY - ALREADY_TAKEN} "
        f"(capacity {CAPACITY}, {ALREADY_TAKEN} already taken), "
        f"confirmed={totals['confirmed']}, waitlisted={totals['waitlisted']}, "
        f"errors={totals['errors']}, repeats={ROUNDS} "
        f"(expected confirmed={ROUNDS * (CAPACITY - ALREADY_TAKEN)}, "
        f"waitlisted={ROUNDS * (BOOKERS - CAPACITY + ALREADY_TAKEN)})"
    )
    assert totals == Counter(
        confirmed=ROUNDS * (CAPACITY - ALREADY_TAKEN),
        waitlisted=ROUNDS * (BOOKERS - CAPACITY + ALREADY_TAKEN),
    )


def test_double_click_books_the_same_person_once():
    course = CourseFactory(abstraction_cap_per_team=None, may_repeat=True)
    person = UserFactory()
    outcomes = Counter()
    for round_number in range(ROUNDS // 2):
        session = _session(course, round_number)
        results, errors = race(
            [lambda s=session: book_seat(session=s, person=person)] * DOUBLE_CLICKS,
            refusal=TrainingError,
        )
        booked = [r for r in results if isinstance(r, Booking)]
        refused = [r for r in results if isinstance(r, TrainingError)]
        assert errors == []
        assert len(booked) == 1
        assert {r.code for r in refused} == {"duplicate"}
        assert len(refused) == DOUBLE_CLICKS - 1
        assert Booking.objects.filter(session=session, person=person).count() == 1
        outcomes.update(booked=len(booked), refused=len(refused), errors=len(errors))
    print(  # noqa: T201
        f"\ndouble click: clicks={DOUBLE_CLICKS} per round, booked={outcomes['booked']}, "
        f"refused as duplicate={outcomes['refused']}, errors={outcomes['errors']}, "
        f"repeats={ROUNDS // 2}"
    )


def test_the_same_form_sent_at_once_books_once_and_answers_every_copy_alike():
    """A double click on "Book a place" sends the form's one-time token twice or more at
    the same moment (core.idempotency): one booking, and every copy gets the first one's
    redirect and message, not "you already have a place"."""
    course = CourseFactory(abstraction_cap_per_team=None, may_repeat=True)
    person = UserFactory()
    for round_number in range(ROUNDS // 2):
        session = _session(course, round_number)
        token = new_token()

        def send(s=session, t=token):
            client = Client()
            client.force_login(person)
            response = client.post(reverse("training:book", args=[s.pk]), {"form_token": t})
            shown = tuple(str(m) for m in get_messages(response.wsgi_request))
            return response.status_code, response["Location"], shown

        results, errors = race([send] * DOUBLE_CLICKS, refusal=TrainingError)
        assert errors == []
        assert len(set(results)) == 1, results
        status, location, shown = results[0]
        assert (status, location) == (302, reverse("training:session_detail", args=[session.pk]))
        assert len(shown) == 1
        assert shown[0].startswith("You are booked on"), shown
        assert Booking.objects.filter(session=session, person=person).count() == 1
        assert FormSubmission.objects.filter(token=token).count() == 1
