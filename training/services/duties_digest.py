"""The daily email to the duties department: abstractions added and cancelled.

Each digest covers the time since the previous one ended (the first covers
the last 24 hours) and is recorded as a DutiesDigest, so digests chain without
gaps or overlaps and running it twice reports nothing twice. A digest's period
is claimed in one short transaction, the emails go out after it commits, and
then it is marked sent; if sending fails the claim is given up, so the next run
reports the same period again and no change is ever left unreported.

A booking's seat is *held from* when it was made (booked straight into a seat,
or waiting for approval) or, for someone promoted from the waiting list, when
it was confirmed. New: bookings now taking someone away whose seat was held
from inside the period. Cancelled: bookings that held a seat and were
cancelled (or declined by the manager) inside the period, unless the seat was
also taken inside it (nothing changed for duties).
"""

import datetime
from dataclasses import dataclass
from itertools import groupby

from django.db import transaction
from django.db.models import Q, QuerySet
from django.tasks import task
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from core.audit import record
from core.mail import build_email, deliver
from core.urls import absolute_url
from people.enums import Role
from people.selectors import people_with_role
from training.enums import ABSTRACTED_STATUSES, BookingStatus
from training.models import Booking, DutiesDigest
from training.selectors.eligibility import LIVE_SESSION_STATUSES
from training.times import london_day as local_day

FIRST_PERIOD = datetime.timedelta(hours=24)
# A claimed period not marked sent after this long is given up (its sender died).
CLAIM_TIMEOUT = datetime.timedelta(hours=1)


def _held_from_in(start: datetime.datetime, end: datetime.datetime) -> Q:
    straight_in = Q(waitlisted_at__isnull=True, created_at__gte=start, created_at__lt=end)
    promoted = Q(waitlisted_at__isnull=False, confirmed_at__gte=start, confirmed_at__lt=end)
    return straight_in | promoted


def _held_a_seat() -> Q:
    return Q(waitlisted_at__isnull=True) | Q(confirmed_at__isnull=False)


def _rows(queryset: QuerySet[Booking]) -> QuerySet[Booking]:
    return queryset.select_related(
        "person__team__district", "person__district", "session__course", "session__venue"
    ).order_by("session__starts_at", "person__team__name", "person__last_name", "pk")


def new_abstractions(start: datetime.datetime, end: datetime.datetime) -> QuerySet[Booking]:
    return _rows(
        Booking.objects.filter(
            _held_from_in(start, end),
            status__in=ABSTRACTED_STATUSES,
            session__status__in=LIVE_SESSION_STATUSES,
            session__starts_at__gte=start,
        )
    )


def cancelled_abstractions(start: datetime.datetime, end: datetime.datetime) -> QuerySet[Booking]:
    cancelled = Q(
        status=BookingStatus.CANCELLED, cancelled_at__gte=start, cancelled_at__lt=end
    ) | Q(status=BookingStatus.DECLINED, decided_at__gte=start, decided_at__lt=end)
    return _rows(
        Booking.objects.filter(cancelled, _held_a_seat(), session__starts_at__gte=start).exclude(
            _held_from_in(start, end)
        )
    )


@dataclass
class DayGroup:
    day: datetime.date
    teams: list[tuple[str, list[Booking]]]


def group_by_day_and_team(bookings: list[Booking]) -> list[DayGroup]:
    """Bookings grouped by London day, then team name (people with no team last)."""

    def team_name(booking: Booking) -> str:
        return booking.person.team.name if booking.person.team_id else "No team recorded"

    groups = []
    by_day = groupby(
        sorted(bookings, key=lambda b: local_day(b.session.starts_at)),
        key=lambda b: local_day(b.session.starts_at),
    )
    for day, day_bookings in by_day:
        ordered = sorted(
            day_bookings,
            key=lambda b: (b.person.team_id is None, team_name(b), b.session.starts_at, b.pk),
        )
        teams = [(name, list(items)) for name, items in groupby(ordered, key=team_name)]
        groups.append(DayGroup(day=day, teams=teams))
    return groups


def _claim(now: datetime.datetime) -> DutiesDigest | None:
    """Record the next period as claimed (not yet sent), or None when another run is
    sending or nothing has passed. Locks the latest digest so two workers cannot both
    claim."""
    with transaction.atomic():
        latest = DutiesDigest.objects.select_for_update().order_by("-period_end").first()
        if latest is not None and latest.sent_at is None:
            if now - latest.period_end < CLAIM_TIMEOUT:
                return None  # another run is sending it
            latest.delete()  # its sender died: report the period again
            latest = DutiesDigest.objects.order_by("-period_end").first()
        start = latest.period_end if latest else now - FIRST_PERIOD
        if start >= now:
            return None
        digest = DutiesDigest(period_start=start, period_end=now, sent_at=None)
        digest.full_clean()
        digest.save()
        return digest


def send_duties_digest(*, now: datetime.datetime | None = None) -> int:
    """Email every active Duties user the abstractions new and cancelled since the last digest.

    Records a DutiesDigest for the period (even when there was nothing to say,
    so the next period starts here). Sends nothing when nothing changed.
    Returns the number of emails sent. No lock is held while sending; if sending
    fails the period's claim is dropped and the next run covers it again.
    """
    now = now or timezone.now()
    digest = _claim(now)
    if digest is None:
        return 0
    start = digest.period_start
    new = list(new_abstractions(start, now))
    cancelled = list(cancelled_abstractions(start, now))
    context = {
        "start": timezone.localtime(start),
        "end": timezone.localtime(now),
        "new": group_by_day_and_team(new),
        "cancelled": group_by_day_and_team(cancelled),
        "new_count": len(new),
        "cancelled_count": len(cancelled),
        "late_count": sum(1 for b in new if b.is_late),
        "url": absolute_url(reverse("training:duties")),
    }
    subject = (
        f"Training abstractions: {len(new)} new, {len(cancelled)} cancelled "
        f"since {date_format(context['start'], 'D j M, H:i')}"
    )
    messages = []
    if new or cancelled:
        for person in people_with_role(Role.DUTIES):
            message = build_email(
                to=[person],
                subject=subject,
                template="training/email/duties_digest",
                context={**context, "person": person},
            )
            if message is not None:
                messages.append(message)
    try:
        for message in messages:
            deliver(message)  # now, outside any transaction; else after it commits
    except Exception:
        digest.delete()
        raise
    with transaction.atomic():
        digest.new_count, digest.cancelled_count, digest.sent_at = len(new), len(cancelled), now
        digest.save(update_fields=["new_count", "cancelled_count", "sent_at"])
        record(
            actor=None,
            action="training.duties_digest.sent",
            obj=digest,
            summary=f"Duties digest: {len(new)} new, {len(cancelled)} cancelled",
            new=len(new),
            cancelled=len(cancelled),
            emails=len(messages),
        )
    return len(messages)


@task
def send_duties_digest_task() -> int:
    """Email the duties department the abstractions added and cancelled since the last digest."""
    return send_duties_digest()
