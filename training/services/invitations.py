"""Invite everyone overdue to the next sessions with seats.

``plan_invitations`` decides (no writes) who would be invited to which session
and who cannot be placed, and why; the coordinator's confirmation page shows
it. ``invite_overdue`` makes the same plan under the session locks and writes
the invitations, each audited and emailed after commit.

Placing one overdue person on one course: the scheduled sessions of the course
that have not started, those in the person's own district first, each group
earliest first; the first with a free seat, open for booking, for which the
person is eligible (audience, prerequisites, no overlapping seat, team cap).
A session's free seats are its capacity less the seats held and less the
invitations already out to people who have not booked it, so a session never
has more people invited than it has seats.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Count, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format

from core.audit import record
from training import tasks
from training.enums import LIVE_BOOKING_STATUSES, SEAT_HOLDING_STATUSES, SessionStatus
from training.models import Booking, Course, Invitation, Session
from training.selectors.matrix import load_matrix
from training.services import TrainingError
from training.services.booking import check_eligible, check_window

User = get_user_model()

# What a refusal from the booking checks means, said to the coordinator.
REASONS = {
    "audience": "the course is not open to their role",
    "prerequisite": "they have not attended a prerequisite course",
    "overlap": "they are booked on another session at that time",
    "team_cap": "their team already has the most people allowed away that day",
    "not_open": "booking has not opened yet",
    "closed": "booking has closed",
    "started": "the session has started",
    "cancelled": "the session is cancelled",
}


@dataclass(frozen=True)
class Placement:
    person: object
    course: Course
    session: Session


@dataclass(frozen=True)
class NotPlaced:
    person: object
    course: Course
    reason: str


@dataclass
class InvitationPlan:
    placements: list[Placement]
    not_placed: list[NotPlaced]


class InvitationResult(list):
    """The invitations created (a list), with ``not_placed``: who was left out and why."""

    def __init__(self, invitations=(), *, not_placed=()):
        super().__init__(invitations)
        self.not_placed: list[NotPlaced] = list(not_placed)


def _people(people_queryset_or_scope) -> QuerySet:
    if isinstance(people_queryset_or_scope, QuerySet):
        return people_queryset_or_scope
    return User.objects.filter(pk__in=[p.pk for p in people_queryset_or_scope])


def _person_district_id(person) -> int | None:
    return person.team.district_id if person.team_id else person.district_id


def _overlaps(session: Session, others: list[Session]) -> bool:
    return any(session.starts_at < o.ends_at and o.starts_at < session.ends_at for o in others)


def plan_invitations(
    *, people_queryset_or_scope, now: datetime.datetime | None = None, lock: bool = False
) -> InvitationPlan:
    """Who would be invited to which session, and who cannot be placed and why (no writes).

    With ``lock=True`` the candidate sessions are locked (``select_for_update``);
    the caller must be inside a transaction.
    """
    now = now or timezone.now()
    people = _people(people_queryset_or_scope)
    pairs = load_matrix(people, now=now).overdue_pairs()
    if not pairs:
        return InvitationPlan(placements=[], not_placed=[])
    course_ids = {course.pk for _, course in pairs}
    person_ids = {person.pk for person, _ in pairs}

    sessions_qs = (
        Session.objects.filter(
            course_id__in=course_ids, status=SessionStatus.SCHEDULED, starts_at__gt=now
        )
        .select_related("course", "venue")
        .order_by("starts_at", "pk")
    )
    if lock:
        sessions_qs = sessions_qs.select_for_update(of=("self",))
    sessions = list(sessions_qs)
    by_course: dict[int, list[Session]] = defaultdict(list)
    for session in sessions:
        by_course[session.course_id].append(session)
    session_ids = [s.pk for s in sessions]

    taken = dict(
        Booking.objects.filter(session_id__in=session_ids, status__in=SEAT_HOLDING_STATUSES)
        .order_by()
        .values_list("session_id")
        .annotate(n=Count("pk"))
    )
    live = set(
        Booking.objects.filter(session_id__in=session_ids, status__in=LIVE_BOOKING_STATUSES)
        .order_by()
        .values_list("session_id", "person_id")
    )
    invited = list(
        Invitation.objects.filter(session_id__in=session_ids)
        .order_by()
        .values_list("session_id", "person_id")
    )
    # Invitations not yet turned into a booking still hold a place in the plan.
    outstanding: dict[int, int] = defaultdict(int)
    already: dict[tuple[int, int], int] = {}
    course_of = {s.pk: s.course_id for s in sessions}
    for session_id, person_id in invited:
        if (session_id, person_id) not in live:
            outstanding[session_id] += 1
        if person_id in person_ids:
            already[(person_id, course_of[session_id])] = session_id
    free = {s.pk: s.capacity - taken.get(s.pk, 0) - outstanding[s.pk] for s in sessions}
    sessions_by_pk = {s.pk: s for s in sessions}

    placements: list[Placement] = []
    not_placed: list[NotPlaced] = []
    planned: dict[int, list[Session]] = defaultdict(list)
    for person, course in pairs:
        if (person.pk, course.pk) in already:
            session = sessions_by_pk[already[(person.pk, course.pk)]]
            not_placed.append(
                NotPlaced(person, course, f"already invited to the session on {_when(session)}")
            )
            continue
        candidates = by_course.get(course.pk, [])
        home = _person_district_id(person)
        ordered = [s for s in candidates if s.venue.district_id == home] + [
            s for s in candidates if s.venue.district_id != home
        ]
        reasons: list[str] = []
        chosen = None
        for session in ordered:
            reason = _refusal(session, person, free=free, live=live, planned=planned, now=now)
            if reason is None:
                chosen = session
                break
            reasons.append(reason)
        if chosen is None:
            not_placed.append(NotPlaced(person, course, _summarise(course, reasons)))
            continue
        free[chosen.pk] -= 1
        planned[person.pk].append(chosen)
        placements.append(Placement(person, course, chosen))
    return InvitationPlan(placements=placements, not_placed=not_placed)


def _refusal(session, person, *, free, live, planned, now) -> str | None:
    """Why ``person`` cannot be invited to ``session``, or None if they can."""
    if free[session.pk] <= 0:
        return "full"
    if (session.pk, person.pk) in live:
        return "they are already booked or waiting on it"
    if _overlaps(session, planned[person.pk]):
        return REASONS["overlap"]
    try:
        check_window(session, now)
        check_eligible(session, person)
    except TrainingError as error:
        return REASONS.get(error.code, str(error))
    return None


def _summarise(course: Course, reasons: list[str]) -> str:
    if not reasons:
        return f"no sessions of {course.title} are scheduled"
    if all(r == "full" for r in reasons):
        return f"every scheduled session of {course.title} is full"
    distinct = list(dict.fromkeys(r for r in reasons if r != "full"))
    return "; ".join(distinct)


def _when(session: Session) -> str:
    return date_format(timezone.localtime(session.starts_at), "j M Y, H:i")


@transaction.atomic
def invite_overdue(
    *, by, people_queryset_or_scope, now: datetime.datetime | None = None
) -> InvitationResult:
    """Invite each overdue person (per course) in scope to the best session with a seat.

    Writes one Invitation per placement (never a second for the same person and
    session), audits each, and emails each after commit. Returns the invitations
    (a list) with ``not_placed`` listing who could not be placed and why.
    The candidate sessions are locked while seats are counted, so two
    coordinators inviting at once never invite more people than there are seats.
    """
    now = now or timezone.now()
    plan = plan_invitations(people_queryset_or_scope=people_queryset_or_scope, now=now, lock=True)
    invitations = []
    for placement in plan.placements:
        invitation = Invitation(
            session=placement.session, person=placement.person, invited_by=by, sent_at=now
        )
        invitation.full_clean()
        invitation.save()
        record(
            actor=by,
            action="training.invitation.created",
            obj=invitation,
            summary=f"{placement.person} invited to {placement.session}",
            session=placement.session.pk,
            person=placement.person.pk,
            course=placement.course.pk,
        )
        transaction.on_commit(
            partial(tasks.send_invitation_email.enqueue, invitation_id=invitation.pk)
        )
        invitations.append(invitation)
    return InvitationResult(invitations, not_placed=plan.not_placed)


def booking_url(session: Session) -> str:
    return f"{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}/training/sessions/{session.pk}/"


def send_invitation_email(*, invitation_id: int) -> None:
    """Email the invited person the session's details and a link to book it."""
    invitation = Invitation.objects.select_related(
        "person", "invited_by", "session__course", "session__venue__district"
    ).get(pk=invitation_id)
    person, session = invitation.person, invitation.session
    if not person.email:
        return
    context = {
        "invitation": invitation,
        "person": person,
        "session": session,
        "course": session.course,
        "venue": session.venue,
        "starts": timezone.localtime(session.starts_at),
        "ends": timezone.localtime(session.ends_at),
        "closes": timezone.localtime(session.effective_booking_closes_at()),
        "url": booking_url(session),
    }
    subject = f"Please book: {session.course.title}, {date_format(context['starts'], 'l j F Y')}"
    message = EmailMultiAlternatives(
        subject,
        render_to_string("training/email/invitation.txt", context),
        to=[person.email],
    )
    message.attach_alternative(
        render_to_string("training/email/invitation.html", context), "text/html"
    )
    message.send()
