"""Invite everyone overdue to the next sessions with seats, by the booking rules.

``plan_invitations`` decides (no writes) who would be invited to which session
and who cannot be placed, and why; the coordinator's confirmation page shows
it. ``invite_overdue`` makes the same plan under the session locks and writes
the invitations, each audited and emailed after commit.

Placing one overdue person on one course: the scheduled sessions of the course
that have not started, those in the person's own district first, each group
earliest first; the first with a free seat for which ``eligibility.decide`` (the
function that decides for booking too) finds nothing in the way. The plan
counts its own placements as it goes, and the invitations already out to people
who have not booked yet: against the session's seats (so a session never has
more people invited than it has seats), the person's other times (overlaps, one
booking per course) and their team's cap on the day.

The whole plan costs a fixed number of queries however many people are overdue.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from functools import partial
from types import SimpleNamespace

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import QuerySet
from django.tasks import task
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from core.audit import record
from core.mail import send_templated_email
from core.urls import absolute_url
from people.selectors import district_id_of
from training import times
from training.enums import LIVE_BOOKING_STATUSES, SessionStatus
from training.models import Booking, Course, Invitation, Session
from training.selectors import eligibility, places
from training.selectors.matrix import load_matrix

User = get_user_model()

# What a refusal from the booking rules means, said to the coordinator.
REASONS = {
    "audience": "the course is not open to their role",
    "prerequisite": "they have not attended a prerequisite course",
    "overlap": "they are booked on, or running, another session at that time",
    "team_cap": "their team already has the most people allowed away that day",
    "repeat": "they already have a place on another session of the course, or on its waiting list",
    "staff": "they train or present at it",
    "duplicate": "they are already booked or waiting on it",
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


def plan_invitations(
    *, people_queryset_or_scope, now: datetime.datetime | None = None, lock: bool = False
) -> InvitationPlan:
    """Who would be invited to which session, and who cannot be placed and why (no writes).

    With ``lock=True`` the candidate sessions are locked (``select_for_update``);
    the caller must be inside a transaction.
    """
    now = now or timezone.now()
    pairs = load_matrix(_people(people_queryset_or_scope), now=now).overdue_pairs()
    if not pairs:
        return InvitationPlan(placements=[], not_placed=[])
    course_ids = {course.pk for _, course in pairs}
    people = list({person.pk: person for person, _ in pairs}.values())

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
    sessions_by_pk = {s.pk: s for s in sessions}
    session_ids = list(sessions_by_pk)

    taken = places.seats_taken_by_session(session_ids)
    live = set(
        Booking.objects.filter(session_id__in=session_ids, status__in=LIVE_BOOKING_STATUSES)
        .order_by()
        .values_list("session_id", "person_id")
    )
    facts = eligibility.load_facts(sessions=sessions, people=people, now=now)
    free = {s.pk: s.capacity - taken.get(s.pk, 0) for s in sessions}
    already: dict[tuple[int, int], int] = {}
    for session_id, person_id, team_id in (
        Invitation.objects.filter(session_id__in=session_ids)
        .order_by()
        .values_list("session_id", "person_id", "person__team_id")
    ):
        session = sessions_by_pk[session_id]
        already[(person_id, session.course_id)] = session_id
        if (session_id, person_id) not in live:
            # Not booked yet: the invitation still stands for a seat and a day away.
            free[session_id] -= 1
            facts.hold(session, SimpleNamespace(pk=person_id, team_id=team_id))

    placements: list[Placement] = []
    not_placed: list[NotPlaced] = []
    for person, course in pairs:
        if (person.pk, course.pk) in already:
            session = sessions_by_pk[already[(person.pk, course.pk)]]
            not_placed.append(
                NotPlaced(person, course, f"already invited to the session on {_when(session)}")
            )
            continue
        candidates = by_course.get(course.pk, [])
        home = district_id_of(person)
        ordered = [s for s in candidates if s.venue.district_id == home] + [
            s for s in candidates if s.venue.district_id != home
        ]
        reasons: list[str] = []
        chosen = None
        for session in ordered:
            if free[session.pk] <= 0:
                reasons.append("full")
                continue
            refusal = eligibility.decide(session, person, facts)
            if refusal is None:
                chosen = session
                break
            reasons.append(REASONS.get(refusal.code, refusal.message))
        if chosen is None:
            not_placed.append(NotPlaced(person, course, _summarise(course, reasons)))
            continue
        free[chosen.pk] -= 1
        facts.hold(chosen, person)
        placements.append(Placement(person, course, chosen))
    return InvitationPlan(placements=placements, not_placed=not_placed)


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
            partial(send_invitation_email_task.enqueue, invitation_id=invitation.pk)
        )
        invitations.append(invitation)
    return InvitationResult(invitations, not_placed=plan.not_placed)


def send_invitation_email(*, invitation_id: int) -> int:
    """Email the invited person the session's details and a link to book it."""
    invitation = Invitation.objects.select_related(
        "person", "invited_by", "session__course", "session__venue__district"
    ).get(pk=invitation_id)
    person, session = invitation.person, invitation.session
    starts = times.london(session.starts_at)
    return send_templated_email(
        to=[person],
        subject=f"Please book: {session.course.title}, {date_format(starts, 'l j F Y')}",
        template="training/email/invitation",
        context={
            "invitation": invitation,
            "person": person,
            "session": session,
            "course": session.course,
            "venue": session.venue,
            "starts": starts,
            "ends": times.london(session.ends_at),
            "closes": times.london(session.effective_booking_closes_at()),
            "url": absolute_url(reverse("training:session_detail", args=[session.pk])),
        },
    )


@task
def send_invitation_email_task(*, invitation_id: int) -> int:
    """Email an overdue person an invitation to book a session."""
    return send_invitation_email(invitation_id=invitation_id)
