"""Scale data for training: a year of sessions and their bookings (see ``core.scale``).

``scale.sessions`` sessions of the demo courses from six months ago to six months ahead,
at a learning centre in each of the scale districts, and ``scale.bookings`` bookings by
the scale staff (each in the course's audience): past sessions delivered with their
register taken (attended, did not attend, cancelled), future ones confirmed with a few
cancellations. The demo trainer delivers one session in twenty, so "My sessions" grows
too. Idempotent: the sessions are found by their venues.
"""

import datetime

from django.contrib.auth.models import Group
from django.utils import timezone

from core.scale import Scale, bulk, bulk_count, rng
from people.enums import Rank, Role
from people.models import District, User
from people.scale import DISTRICTS, PREFIX
from training.enums import BookingStatus, SessionStatus
from training.models import Booking, Course, Session, Venue

CAPACITY = 30
DAYS_BACK = 182
DAYS_AHEAD = 182
STARTS = [(9, 30), (13, 30)]
TRAINERS = 40


def _venues() -> list[Venue]:
    venues = []
    for district in District.objects.filter(name__in=DISTRICTS).order_by("name"):
        venue, _ = Venue.objects.get_or_create(
            name=f"{district.name} Learning Centre",
            district=district,
            defaults={
                "address": f"Learning Centre, Police Station, {district.name}",
                "capacity": 40,
                "accessibility_notes": "Step-free access; hearing loop in every room.",
            },
        )
        venues.append(venue)
    return venues


def _trainers() -> list[int]:
    """The demo trainer and TRAINERS scale sergeants, who get the trainer role."""
    sergeants = list(
        User.objects.filter(username__startswith=PREFIX, rank=Rank.SERGEANT)
        .order_by("username")
        .values_list("pk", flat=True)[:TRAINERS]
    )
    group = Group.objects.get(name=Role.TRAINER)
    have = set(group.user_set.filter(pk__in=sergeants).values_list("pk", flat=True))
    membership = User.groups.through
    bulk(
        membership,
        (membership(user_id=pk, group_id=group.pk) for pk in sergeants if pk not in have),
    )
    return sergeants


def seed_scale_training(scale: Scale) -> dict[str, int]:
    venues = _venues()
    existing = Session.objects.filter(venue__in=venues)
    if not venues or existing.count() >= scale.sessions:
        return {
            "scale sessions": existing.count(),
            "scale bookings": Booking.objects.filter(session__venue__in=venues).count(),
        }
    random = rng("training")
    now = timezone.now()
    today = timezone.localdate()
    courses = list(Course.objects.filter(is_active=True).order_by("title"))
    demo_trainer = User.objects.filter(username="trainer").first()
    trainers = _trainers()
    staff = list(
        User.objects.filter(username__startswith=PREFIX, team__isnull=False).values_list(
            "pk", "rank", "function"
        )
    )
    pools = {
        course.pk: [
            pk
            for pk, rank, function in staff
            if (not course.audience_ranks or rank in course.audience_ranks)
            and (not course.audience_functions or function in course.audience_functions)
        ]
        or [pk for pk, _, _ in staff]
        for course in courses
    }

    sessions: list[Session] = []
    for number in range(scale.sessions):
        course = courses[number % len(courses)]
        day = today + datetime.timedelta(
            days=-DAYS_BACK + (DAYS_BACK + DAYS_AHEAD) * number // scale.sessions
        )
        hour, minute = STARTS[number % len(STARTS)]
        starts = timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))
        ends = starts + datetime.timedelta(minutes=course.duration_minutes)
        past = ends < now
        cancelled = random.random() < 0.03
        sessions.append(
            Session(
                course=course,
                venue=venues[number % len(venues)],
                starts_at=starts,
                ends_at=ends,
                capacity=CAPACITY,
                status=SessionStatus.CANCELLED
                if cancelled
                else (SessionStatus.DELIVERED if past else SessionStatus.SCHEDULED),
                cancellation_reason="Trainer unavailable." if cancelled else "",
                register_completed_at=ends if past and not cancelled else None,
            )
        )
    sessions = bulk(Session, sessions)
    trainer_links = Session.trainers.through
    bulk(
        trainer_links,
        (
            trainer_links(
                session_id=s.pk,
                user_id=demo_trainer.pk
                if demo_trainer and index % 20 == 0
                else trainers[index % len(trainers)],
            )
            for index, s in enumerate(sessions)
            if demo_trainer or trainers
        ),
    )

    per_session = scale.bookings // max(len(sessions), 1)
    extra = scale.bookings - per_session * len(sessions)

    def bookings():
        for index, session in enumerate(sessions):
            count = min(per_session + (1 if index < extra else 0), CAPACITY + 5)
            pool = pools[session.course_id]
            people = random.sample(pool, min(count, len(pool)))
            past = session.ends_at < now
            for seat, person in enumerate(people):
                booked = session.starts_at - datetime.timedelta(days=random.randint(5, 60))
                if session.status == SessionStatus.CANCELLED or random.random() < 0.06:
                    status = BookingStatus.CANCELLED
                elif seat >= CAPACITY:
                    status = BookingStatus.WAITLISTED
                elif past:
                    status = (
                        BookingStatus.NO_SHOW if random.random() < 0.07 else BookingStatus.ATTENDED
                    )
                else:
                    status = BookingStatus.CONFIRMED
                yield Booking(
                    session_id=session.pk,
                    person_id=person,
                    booked_by_id=person,
                    status=status,
                    created_at=booked,
                    confirmed_at=booked if status != BookingStatus.WAITLISTED else None,
                    waitlisted_at=booked if status == BookingStatus.WAITLISTED else None,
                    cancelled_at=booked + datetime.timedelta(days=2)
                    if status == BookingStatus.CANCELLED
                    else None,
                    attendance_marked_at=session.ends_at
                    if status in (BookingStatus.ATTENDED, BookingStatus.NO_SHOW)
                    else None,
                    is_late=booked > session.starts_at - datetime.timedelta(days=28),
                )

    made = bulk_count(Booking, bookings())
    return {"scale sessions": len(sessions), "scale bookings": made}
