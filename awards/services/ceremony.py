"""The awards ceremony: event details, the guest list (invitations, RSVPs, reminders), the
running order, exhibitors and the budget lines.

Transition functions (the one place each status changes, with guard, permission check,
``update_fields``, audit entry and emails queued after commit):

- ``transition_guest``: not invited → invited (the coordinator; the invitation email goes
  out by task) → attending / not attending (the guest through their personal link until
  the reply-by date, or the coordinator on their behalf until the ceremony) and back again;
  any live status → withdrawn (the coordinator; every link stops working) → not invited.
- ``set_exhibitor_paid``: a stall fee paid or not.

**Personal RSVP links.** Each email to a guest (invitation, reminder, confirmation) and
each link the coordinator hands out carries a link of its own: a 256-bit random token of
which only the SHA-256 hash is stored (``RsvpLink``), so a link cannot be guessed, read
back from the database, or pointed at another guest (the token alone names its guest;
nothing in the request can). Links expire at the end of the day after the ceremony and are
revoked when the invitation is withdrawn. The raw token never enters the task queue: the
email task makes the link as it sends.

**Reminders** go out in rounds (``ReminderRound``): the coordinator opens one, or the daily
``manage.py ceremony_reminders`` opens one 14 and 3 days before the reply-by date. A round
emails each guest who was invited before it opened and has still not replied, once: the
guest's ``reminded_round`` is claimed with a conditional update before the email is made,
so a round run twice (or a task retried) reminds nobody twice.
"""

import datetime
import hashlib
import secrets
from decimal import Decimal
from functools import partial

from django.db import transaction
from django.db.models import Max, Q
from django.db.models.functions import Lower
from django.tasks import task
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from awards.enums import (
    FINAL_STATUSES,
    BudgetLineKind,
    DietaryNeed,
    GuestKind,
    GuestStatus,
    InvitationStatus,
    RunningOrderKind,
)
from awards.models import (
    BudgetLine,
    Ceremony,
    Cycle,
    Entry,
    Exhibitor,
    Guest,
    PanelMember,
    ReminderRound,
    RsvpLink,
    RunningOrderItem,
)
from awards.services import AwardsError
from core.audit import record
from core.mail import send_templated_email
from core.urls import absolute_url
from people.models import User

DEFAULT_PRESENTATION_MINUTES = 15
# Automatic reminder rounds: this many days before the reply-by date.
REMINDER_DAYS_BEFORE = (14, 3)
# An automatic round is not opened within this many days of the last round.
REMINDER_GAP_DAYS = 2
PENCE = Decimal("0.01")
ANSWERED = (GuestStatus.ACCEPTED, GuestStatus.DECLINED)


def _require_coordinator(by: User | None, ceremony: Ceremony | Cycle | None = None) -> None:
    if by is None or not by.has_perm("awards.manage_ceremony", ceremony):
        raise AwardsError("Only the awards coordinator can do this.", code="not_allowed")


def _today(now: datetime.datetime | None = None) -> datetime.date:
    return timezone.localdate(now or timezone.now())


def money(value: Decimal | int | str) -> Decimal:
    """A sum of money in pounds, exact to the penny (refusing fractions of a penny)."""
    amount = Decimal(value)
    if amount != amount.quantize(PENCE):
        raise AwardsError("Amounts are in pounds and pence, for example 12.50.", code="pence")
    return amount.quantize(PENCE)


def _clean(instance) -> None:
    from django.core.exceptions import ValidationError

    try:
        instance.full_clean()
    except ValidationError as error:
        messages = [m for ms in error.message_dict.values() for m in ms]
        raise AwardsError(" ".join(messages), code="invalid") from error


# --- the event -------------------------------------------------------------------------


@transaction.atomic
def save_ceremony(
    *,
    cycle: Cycle,
    by: User,
    venue_name: str,
    venue_address: str = "",
    day: datetime.date,
    starts_at: datetime.time,
    ends_at: datetime.time,
    rsvp_by: datetime.date,
    capacity: int | None = None,
    refreshments_per_head: Decimal = Decimal("0"),
    details: str = "",
) -> Ceremony:
    """Create or change the cycle's ceremony; the day is the cycle's ``ceremony_on``."""
    _require_coordinator(by, cycle)
    cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
    if ends_at <= starts_at:
        raise AwardsError("The ceremony must end after it starts.", code="times")
    if rsvp_by > day:
        raise AwardsError("The reply-by date must be on or before the ceremony.", code="rsvp_by")
    if refreshments_per_head < 0:
        raise AwardsError("The price per head cannot be negative.", code="per_head")
    ceremony = Ceremony.objects.filter(cycle=cycle).first() or Ceremony(cycle=cycle)
    created = ceremony.pk is None
    ceremony.venue_name = venue_name.strip()
    ceremony.venue_address = venue_address.strip()
    ceremony.starts_at, ceremony.ends_at = starts_at, ends_at
    ceremony.rsvp_by = rsvp_by
    ceremony.capacity = capacity
    ceremony.refreshments_per_head = money(refreshments_per_head)
    ceremony.details = details.strip()
    _clean(ceremony)
    ceremony.save()
    if cycle.ceremony_on != day:
        cycle.ceremony_on = day
        cycle.save(update_fields=["ceremony_on"])
    ceremony.cycle = cycle
    record(
        actor=by,
        action="awards.ceremony.created" if created else "awards.ceremony.changed",
        obj=ceremony,
        summary=f"{cycle}: ceremony on {date_format(day, 'j F Y')} at {ceremony.venue_name}",
    )
    return ceremony


# --- the guest list --------------------------------------------------------------------


def _lock(ceremony: Ceremony) -> Ceremony:
    return (
        Ceremony.objects.select_for_update(of=("self",)).select_related("cycle").get(pk=ceremony.pk)
    )


def _taken(ceremony: Ceremony, *, email: str, person: User | None, exclude: int | None = None):
    query = Q(email__iexact=email.strip())
    if person is not None:
        query |= Q(person=person)
    return Guest.objects.filter(query, ceremony=ceremony).exclude(pk=exclude).first()


@transaction.atomic
def add_guest(
    *,
    ceremony: Ceremony,
    by: User,
    name: str,
    email: str,
    kind: GuestKind = GuestKind.GUEST,
    organisation: str = "",
    person: User | None = None,
    entry: Entry | None = None,
) -> Guest:
    """Put someone on the guest list (not invited yet). One row per email address."""
    _require_coordinator(by, ceremony)
    ceremony = _lock(ceremony)
    existing = _taken(ceremony, email=email, person=person)
    if existing is not None:
        hint = (
            " Their invitation was withdrawn: put them back from their row."
            if existing.status == GuestStatus.WITHDRAWN
            else ""
        )
        raise AwardsError(f"{existing.name} is already on the guest list.{hint}", code="duplicate")
    guest = Guest(
        ceremony=ceremony,
        person=person,
        entry=entry,
        name=" ".join(name.split()),
        email=email.strip(),
        organisation=organisation.strip(),
        kind=GuestKind(kind),
    )
    _clean(guest)
    guest.save()
    record(
        actor=by,
        action="awards.guest.added",
        obj=guest,
        summary=f"{guest.name} ({guest.get_kind_display().lower()}) added to {ceremony}",
    )
    return guest


def _person_fields(person: User) -> dict:
    return {
        "name": person.display_name,
        "email": person.email,
        "organisation": person.organisation.name if person.organisation_id else "",
        "person": person,
    }


def add_person(*, ceremony: Ceremony, person: User, kind: GuestKind, by: User) -> Guest:
    """Add someone who has an account (their name, email and organisation come with them)."""
    if not person.email:
        raise AwardsError(f"{person.display_name} has no email address.", code="no_email")
    return add_guest(ceremony=ceremony, by=by, kind=kind, **_person_fields(person))


def _add_people(ceremony: Ceremony, by: User, people: list[tuple[User, GuestKind, Entry | None]]):
    taken_people = set(
        Guest.objects.filter(ceremony=ceremony, person__isnull=False).values_list(
            "person_id", flat=True
        )
    )
    taken_emails = set(
        Guest.objects.filter(ceremony=ceremony)
        .annotate(lower=Lower("email"))
        .values_list("lower", flat=True)
    )
    added = []
    for person, kind, entry in people:
        if person.pk in taken_people or not person.email or person.email.lower() in taken_emails:
            continue
        guest = Guest(ceremony=ceremony, kind=kind, entry=entry, **_person_fields(person))
        _clean(guest)
        guest.save()
        taken_people.add(person.pk)
        taken_emails.add(person.email.lower())
        added.append(guest)
    if added:
        record(
            actor=by,
            action="awards.guest.added_in_bulk",
            obj=ceremony,
            summary=f"{len(added)} {added[0].get_kind_display().lower()}s added to {ceremony}",
            guests=[g.pk for g in added],
        )
    return added


@transaction.atomic
def add_finalists(*, ceremony: Ceremony, by: User) -> list[Guest]:
    """Every finalist entry's lead and co-entrants not yet on the list (skipped if they have
    no email address)."""
    _require_coordinator(by, ceremony)
    ceremony = _lock(ceremony)
    entries = (
        Entry.objects.filter(cycle_id=ceremony.cycle_id, status__in=FINAL_STATUSES)
        .select_related("lead__organisation")
        .prefetch_related("co_entrants__organisation")
        .order_by("title", "pk")
    )
    people = []
    for entry in entries:
        for person in [entry.lead, *sorted(entry.co_entrants.all(), key=lambda p: p.pk)]:
            people.append((person, GuestKind.FINALIST, entry))
    if not people:
        raise AwardsError(
            "There are no finalists yet: choose them from the round 1 results first.",
            code="no_finalists",
        )
    return _add_people(ceremony, by, people)


@transaction.atomic
def add_judges(*, ceremony: Ceremony, by: User) -> list[Guest]:
    """Every judge who accepted a place on one of the cycle's panels, not yet on the list."""
    _require_coordinator(by, ceremony)
    ceremony = _lock(ceremony)
    members = (
        PanelMember.objects.filter(
            round__cycle_id=ceremony.cycle_id, status=InvitationStatus.ACCEPTED
        )
        .select_related("judge__organisation")
        .order_by("judge__last_name", "judge_id")
    )
    people, seen = [], set()
    for member in members:
        if member.judge_id not in seen:
            seen.add(member.judge_id)
            people.append((member.judge, GuestKind.JUDGE, None))
    if not people:
        raise AwardsError("No judge has accepted a place on a panel yet.", code="no_judges")
    return _add_people(ceremony, by, people)


@transaction.atomic
def update_guest(
    *, guest: Guest, by: User, name: str, email: str, organisation: str, kind: GuestKind
) -> Guest:
    """Correct a guest's name, address, organisation or kind."""
    _require_coordinator(by, guest.ceremony)
    guest = Guest.objects.select_for_update().get(pk=guest.pk)
    existing = _taken(guest.ceremony, email=email, person=None, exclude=guest.pk)
    if existing is not None:
        raise AwardsError(f"{existing.name} already has that email address.", code="duplicate")
    guest.name, guest.email = " ".join(name.split()), email.strip()
    guest.organisation, guest.kind = organisation.strip(), GuestKind(kind)
    _clean(guest)
    guest.save(update_fields=["name", "email", "organisation", "kind"])
    record(actor=by, action="awards.guest.changed", obj=guest, summary=f"{guest.name} changed")
    return guest


@transaction.atomic
def remove_guest(*, guest: Guest, by: User) -> None:
    """Take someone off the list who was never invited (an invited guest is withdrawn)."""
    _require_coordinator(by, guest.ceremony)
    guest = Guest.objects.select_for_update().get(pk=guest.pk)
    if guest.status != GuestStatus.NOT_INVITED:
        raise AwardsError(
            f"{guest.name} has been invited: withdraw the invitation instead.", code="invited"
        )
    record(
        actor=by,
        action="awards.guest.removed",
        obj=guest,
        summary=f"{guest.name} taken off the guest list",
    )
    guest.delete()


# --- personal RSVP links ---------------------------------------------------------------


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def link_expiry(ceremony: Ceremony) -> datetime.datetime:
    """The end of the day after the ceremony, in London."""
    day = ceremony.cycle.ceremony_on + datetime.timedelta(days=2)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def rsvp_path(token: str) -> str:
    return reverse("awards:rsvp", args=[token])


def issue_rsvp_link(*, guest: Guest, now: datetime.datetime | None = None) -> str:
    """A new personal link for ``guest``; returns the token (only its hash is kept)."""
    token = secrets.token_urlsafe(32)
    RsvpLink.objects.create(
        guest=guest,
        token_hash=_hash(token),
        created_at=now or timezone.now(),
        expires_at=link_expiry(guest.ceremony),
    )
    return token


def rsvp_link_for(token: str, *, now: datetime.datetime | None = None) -> RsvpLink:
    """The working link for ``token``, or ``AwardsError`` saying (without leaking) why not.

    Codes: ``rsvp_link_invalid`` (no such link, or withdrawn), ``rsvp_link_expired``.
    """
    now = now or timezone.now()
    if not token or len(token) > 200:
        raise AwardsError("This link is not valid.", code="rsvp_link_invalid")
    link = (
        RsvpLink.objects.select_related("guest__ceremony__cycle", "guest__entry")
        .filter(token_hash=_hash(token))
        .first()
    )
    if link is None or link.revoked_at is not None or link.guest.status == GuestStatus.WITHDRAWN:
        raise AwardsError(
            "This link is not valid. Check you copied the whole link from your invitation "
            "email, or ask the awards coordinator for a new one.",
            code="rsvp_link_invalid",
        )
    if link.expires_at <= now:
        raise AwardsError(
            "This invitation has expired: the ceremony has taken place.", code="rsvp_link_expired"
        )
    return link


def replies_open(ceremony: Ceremony, now: datetime.datetime | None = None) -> bool:
    """Guests may reply, and change their reply, until the end of the reply-by date."""
    return _today(now) <= ceremony.rsvp_by


@transaction.atomic
def give_rsvp_link(*, guest: Guest, by: User) -> str:
    """A fresh personal link for the coordinator to pass on (e.g. the guest lost the email).

    Returned once; the links the guest already has keep working.
    """
    _require_coordinator(by, guest.ceremony)
    guest = (
        Guest.objects.select_for_update(of=("self",))
        .select_related("ceremony__cycle")
        .get(pk=guest.pk)
    )
    if guest.status not in (GuestStatus.INVITED, *ANSWERED):
        raise AwardsError(f"Invite {guest.name} first.", code="not_invited")
    token = issue_rsvp_link(guest=guest)
    record(
        actor=by,
        action="awards.guest.link_given",
        obj=guest,
        summary=f"A personal RSVP link for {guest.name} given to the coordinator",
    )
    return token


# --- the guest transition --------------------------------------------------------------

GUEST_MOVES = {
    (GuestStatus.NOT_INVITED, GuestStatus.INVITED),
    (GuestStatus.NOT_INVITED, GuestStatus.ACCEPTED),
    (GuestStatus.NOT_INVITED, GuestStatus.DECLINED),
    (GuestStatus.INVITED, GuestStatus.ACCEPTED),
    (GuestStatus.INVITED, GuestStatus.DECLINED),
    (GuestStatus.ACCEPTED, GuestStatus.ACCEPTED),  # a change of dietary or access needs
    (GuestStatus.ACCEPTED, GuestStatus.DECLINED),
    (GuestStatus.DECLINED, GuestStatus.ACCEPTED),
    (GuestStatus.DECLINED, GuestStatus.DECLINED),
    (GuestStatus.NOT_INVITED, GuestStatus.WITHDRAWN),
    (GuestStatus.INVITED, GuestStatus.WITHDRAWN),
    (GuestStatus.ACCEPTED, GuestStatus.WITHDRAWN),
    (GuestStatus.DECLINED, GuestStatus.WITHDRAWN),
    (GuestStatus.WITHDRAWN, GuestStatus.NOT_INVITED),
}


@transaction.atomic
def transition_guest(
    *,
    guest: Guest,
    to: GuestStatus,
    by: User | None = None,
    token: str | None = None,
    dietary_needs: list[str] | None = None,
    dietary_other: str = "",
    access_needs: str = "",
    now: datetime.datetime | None = None,
    notify: bool = True,
) -> Guest:
    """Change a guest's status: invite, record their answer, withdraw, put back.

    Who may: the coordinator (``by``) for every move; the guest, through the ``token`` of
    one of their own links, only to answer (attending or not, with their needs) until the
    reply-by date. Answers are refused on and after the ceremony day.
    Side effects: inviting queues the invitation email (by task, after commit); an answer
    given by the guest queues a confirmation with a link to change it; withdrawing
    revokes every link. ``notify=False`` records an invitation sent outside the portal (on
    paper, or the demo's, sent weeks ago) without emailing.
    """
    now = now or timezone.now()
    to = GuestStatus(to)
    guest = (
        Guest.objects.select_for_update(of=("self",))
        .select_related("ceremony__cycle")
        .get(pk=guest.pk)
    )
    ceremony = guest.ceremony
    previous = GuestStatus(guest.status)
    if (previous, to) not in GUEST_MOVES:
        raise AwardsError(
            f"{guest.name}: “{previous.label}” cannot become “{to.label}”.",
            code="bad_transition",
        )
    by_guest = False
    if token is not None:
        try:
            link = rsvp_link_for(token, now=now)
        except AwardsError as error:
            raise AwardsError(str(error), code="not_allowed") from error
        if link.guest_id != guest.pk or to not in ANSWERED:
            raise AwardsError("This link cannot do that.", code="not_allowed")
        if not replies_open(ceremony, now):
            raise AwardsError(
                f"Replies closed on {date_format(ceremony.rsvp_by, 'j F Y')}. To change your "
                "answer, contact the awards coordinator.",
                code="replies_closed",
            )
        by_guest = True
    else:
        _require_coordinator(by, ceremony)
    if to in ANSWERED and _today(now) >= ceremony.cycle.ceremony_on:
        raise AwardsError("The ceremony has taken place: answers are closed.", code="past")

    fields = ["status"]
    guest.status = to
    summary = f"{guest.name}: {previous.label} → {to.label}"
    if to == GuestStatus.INVITED:
        guest.invited_at, guest.invited_by = now, by
        fields += ["invited_at", "invited_by"]
    elif to in ANSWERED:
        needs = [DietaryNeed(n).value for n in (dietary_needs or [])]
        if to == GuestStatus.DECLINED:
            needs, dietary_other, access_needs = [], "", ""
        guest.dietary_needs = sorted(set(needs), key=list(DietaryNeed.values).index)
        guest.dietary_other = (dietary_other or "").strip()[:500]
        guest.access_needs = (access_needs or "").strip()[:500]
        guest.responded_at = now
        fields += ["dietary_needs", "dietary_other", "access_needs", "responded_at"]
    elif to == GuestStatus.WITHDRAWN:
        RsvpLink.objects.filter(guest=guest, revoked_at__isnull=True).update(revoked_at=now)
    elif to == GuestStatus.NOT_INVITED:
        guest.invited_at, guest.responded_at, guest.reminded_round = None, None, 0
        guest.dietary_needs, guest.dietary_other, guest.access_needs = [], "", ""
        fields += [
            "invited_at",
            "responded_at",
            "reminded_round",
            "dietary_needs",
            "dietary_other",
            "access_needs",
        ]
    _clean(guest)
    guest.save(update_fields=fields)
    record(
        actor=None if by_guest else by,
        action=f"awards.guest.{to.value}",
        obj=guest,
        summary=summary + (" (through their RSVP link)" if by_guest else ""),
        dietary=guest.dietary_needs if to in ANSWERED else None,
    )
    if to == GuestStatus.INVITED and notify:
        _queue_email(guest.pk, "invitation")
    elif by_guest:
        _queue_email(guest.pk, "confirmation")
    return guest


@transaction.atomic
def invite_everyone(*, ceremony: Ceremony, by: User) -> list[Guest]:
    """Invite every guest on the list who has not been invited yet."""
    _require_coordinator(by, ceremony)
    _lock(ceremony)
    waiting = list(
        Guest.objects.filter(ceremony=ceremony, status=GuestStatus.NOT_INVITED).order_by("pk")
    )
    if not waiting:
        raise AwardsError("Everyone on the list has been invited.", code="nobody")
    return [transition_guest(guest=g, to=GuestStatus.INVITED, by=by) for g in waiting]


@transaction.atomic
def resend_invitation(*, guest: Guest, by: User) -> Guest:
    """Email the invitation again (with a new link; the old ones keep working)."""
    _require_coordinator(by, guest.ceremony)
    if guest.status != GuestStatus.INVITED:
        raise AwardsError(f"{guest.name} is not waiting to reply.", code="not_invited")
    record(
        actor=by,
        action="awards.guest.invitation_resent",
        obj=guest,
        summary=f"Invitation sent again to {guest.name}",
    )
    _queue_email(guest.pk, "invitation")
    return guest


# --- emails (by task: take ids, make the link as they send) ----------------------------

EMAIL_SUBJECTS = {
    "invitation": "You are invited: {cycle} ceremony, {day}",
    "reminder": "Reminder: please reply to your invitation to the {cycle} ceremony",
    "confirmation": "Your reply: {cycle} ceremony, {day}",
}


def _queue_email(guest_id: int, purpose: str) -> None:
    transaction.on_commit(
        partial(send_guest_email_task.enqueue, guest_id=guest_id, purpose=purpose)
    )


def send_guest_email(*, guest_id: int, purpose: str) -> int:
    """Email one guest their invitation, a reminder or a confirmation of their answer, each
    with a personal link made now. A reminder to someone who has since replied, and any
    email to a withdrawn guest, is not sent. Returns 1 if an email went, else 0."""
    guest = Guest.objects.select_related("ceremony__cycle", "entry").filter(pk=guest_id).first()
    if guest is None or guest.status in (GuestStatus.WITHDRAWN, GuestStatus.NOT_INVITED):
        return 0
    if purpose == "reminder" and guest.status != GuestStatus.INVITED:
        return 0
    ceremony = guest.ceremony
    token = issue_rsvp_link(guest=guest)
    day = date_format(ceremony.cycle.ceremony_on, "l j F Y")
    return send_templated_email(
        to=[guest.email],
        subject=EMAIL_SUBJECTS[purpose].format(cycle=ceremony.cycle.name, day=day),
        template=f"awards/email/ceremony_{purpose}",
        context={
            "guest": guest,
            "ceremony": ceremony,
            "cycle": ceremony.cycle,
            "day": day,
            "starts": ceremony.starts_at.strftime("%H:%M"),
            "ends": ceremony.ends_at.strftime("%H:%M"),
            "rsvp_by": date_format(ceremony.rsvp_by, "l j F Y"),
            "url": absolute_url(rsvp_path(token)),
            "dietary": [DietaryNeed(n).label for n in guest.dietary_needs],
        },
    )


@task
def send_guest_email_task(*, guest_id: int, purpose: str) -> int:
    """Email a ceremony guest (invitation, reminder or confirmation) with a personal link."""
    return send_guest_email(guest_id=guest_id, purpose=purpose)


# --- reminders -------------------------------------------------------------------------


def _to_remind(ceremony: Ceremony, number: int, opened_at: datetime.datetime):
    return Guest.objects.filter(
        ceremony=ceremony,
        status=GuestStatus.INVITED,
        reminded_round__lt=number,
        invited_at__lte=opened_at,
    )


@transaction.atomic
def open_reminder_round(
    *,
    ceremony: Ceremony,
    by: User | None,
    automatic: bool = False,
    now: datetime.datetime | None = None,
) -> ReminderRound:
    """Open a round of reminders to everyone invited who has not replied; the emails go
    out by task after commit. ``by`` is the coordinator, or None for the daily job."""
    now = now or timezone.now()
    if not automatic:
        _require_coordinator(by, ceremony)
    ceremony = _lock(ceremony)
    if not replies_open(ceremony, now):
        raise AwardsError("Replies have closed: there is nobody to remind.", code="closed")
    number = (ceremony.reminder_rounds.aggregate(n=Max("number"))["n"] or 0) + 1
    if not _to_remind(ceremony, number, now).exists():
        raise AwardsError("Everyone invited has replied: nobody to remind.", code="nobody")
    reminder = ReminderRound.objects.create(
        ceremony=ceremony, number=number, automatic=automatic, opened_at=now, opened_by=by
    )
    record(
        actor=by,
        action="awards.ceremony.reminders",
        obj=reminder,
        summary=f"Reminder round {number} for {ceremony}" + (" (automatic)" if automatic else ""),
    )
    transaction.on_commit(partial(send_reminders_task.enqueue, round_id=reminder.pk))
    return reminder


def send_reminders(*, round_id: int) -> int:
    """Email the round's reminders; each guest is claimed first, so nobody gets one twice."""
    reminder = ReminderRound.objects.select_related("ceremony").get(pk=round_id)
    ids = list(
        _to_remind(reminder.ceremony, reminder.number, reminder.opened_at)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    sent = 0
    for guest_id in ids:
        claimed = Guest.objects.filter(
            pk=guest_id, status=GuestStatus.INVITED, reminded_round__lt=reminder.number
        ).update(reminded_round=reminder.number)
        if claimed:
            sent += send_guest_email(guest_id=guest_id, purpose="reminder")
    if sent:
        ReminderRound.objects.filter(pk=reminder.pk).update(sent=reminder.sent + sent)
    return sent


@task
def send_reminders_task(*, round_id: int) -> int:
    """Send one reminder round's emails."""
    return send_reminders(round_id=round_id)


def remind_non_repliers(*, now: datetime.datetime | None = None) -> int:
    """The daily job: open each ceremony's automatic round when one falls due (14 and 3 days
    before the reply-by date; not within two days of the last round) and send it.
    Returns how many reminders were sent; running it twice sends nothing more."""
    now = now or timezone.now()
    today = _today(now)
    sent = 0
    for ceremony in Ceremony.objects.filter(rsvp_by__gte=today).select_related("cycle"):
        due = sum(
            1
            for days in REMINDER_DAYS_BEFORE
            if today >= ceremony.rsvp_by - datetime.timedelta(days=days)
        )
        made = ceremony.reminder_rounds.filter(automatic=True).count()
        last = ceremony.reminder_rounds.aggregate(at=Max("opened_at"))["at"]
        if due <= made or (last and now - last < datetime.timedelta(days=REMINDER_GAP_DAYS)):
            continue
        try:
            reminder = open_reminder_round(ceremony=ceremony, by=None, automatic=True, now=now)
        except AwardsError:
            continue
        sent += send_reminders(round_id=reminder.pk)
    return sent


@task
def remind_non_repliers_task() -> int:
    """Daily: reminders to ceremony guests who have not replied."""
    return remind_non_repliers()


# --- the running order -----------------------------------------------------------------


def _items(ceremony: Ceremony) -> list[RunningOrderItem]:
    return list(RunningOrderItem.objects.filter(ceremony=ceremony).order_by("position", "pk"))


def _renumber(items: list[RunningOrderItem]) -> None:
    for index, item in enumerate(items, start=1):
        if item.position != index:
            item.position = index
            item.save(update_fields=["position"])


def _check_item(kind, title: str, duration_minutes: int) -> None:
    RunningOrderKind(kind)
    if not title.strip():
        raise AwardsError("Enter what happens.", code="title")
    if not 1 <= duration_minutes <= 480:
        raise AwardsError("An item lasts from 1 minute to 8 hours.", code="duration")


@transaction.atomic
def add_item(
    *,
    ceremony: Ceremony,
    by: User,
    kind: RunningOrderKind,
    title: str,
    duration_minutes: int,
    speaker: str = "",
    entry: Entry | None = None,
) -> RunningOrderItem:
    """Add an item at the end of the running order."""
    _require_coordinator(by, ceremony)
    ceremony = _lock(ceremony)
    _check_item(kind, title, duration_minutes)
    if entry is not None and entry.cycle_id != ceremony.cycle_id:
        raise AwardsError("That entry is not in this cycle.", code="entry")
    last = ceremony.running_order.aggregate(p=Max("position"))["p"] or 0
    item = RunningOrderItem(
        ceremony=ceremony,
        kind=RunningOrderKind(kind),
        title=title.strip(),
        duration_minutes=duration_minutes,
        speaker=speaker.strip(),
        entry=entry,
        position=last + 1,
    )
    _clean(item)
    item.save()
    record(actor=by, action="awards.running_order.added", obj=item, summary=f"Added {item}")
    return item


@transaction.atomic
def update_item(
    *,
    item: RunningOrderItem,
    by: User,
    kind: RunningOrderKind,
    title: str,
    duration_minutes: int,
    speaker: str = "",
) -> RunningOrderItem:
    _require_coordinator(by, item.ceremony)
    _lock(item.ceremony)
    _check_item(kind, title, duration_minutes)
    item = RunningOrderItem.objects.get(pk=item.pk)
    item.kind, item.title = RunningOrderKind(kind), title.strip()
    item.duration_minutes, item.speaker = duration_minutes, speaker.strip()
    _clean(item)
    item.save(update_fields=["kind", "title", "duration_minutes", "speaker"])
    record(actor=by, action="awards.running_order.changed", obj=item, summary=f"Changed {item}")
    return item


@transaction.atomic
def remove_item(*, item: RunningOrderItem, by: User) -> None:
    _require_coordinator(by, item.ceremony)
    ceremony = _lock(item.ceremony)
    record(actor=by, action="awards.running_order.removed", obj=item, summary=f"Removed {item}")
    RunningOrderItem.objects.filter(pk=item.pk).delete()
    _renumber(_items(ceremony))


@transaction.atomic
def move_item(*, item: RunningOrderItem, by: User, to: int) -> None:
    """Move an item to position ``to`` (1 is first; clamped to the list)."""
    _require_coordinator(by, item.ceremony)
    ceremony = _lock(item.ceremony)
    items = _items(ceremony)
    current = next((i for i in items if i.pk == item.pk), None)
    if current is None:
        raise AwardsError("That item is no longer in the running order.", code="gone")
    items.remove(current)
    items.insert(max(0, min(to - 1, len(items))), current)
    _renumber(items)
    record(
        actor=by,
        action="awards.running_order.moved",
        obj=current,
        summary=f"Moved {current} to {items.index(current) + 1}",
    )


PRESENTATION_AFTER = (RunningOrderKind.PRESENTATION,)
PRESENTATION_BEFORE = (RunningOrderKind.KEYNOTE, RunningOrderKind.AWARDS, RunningOrderKind.CLOSE)


@transaction.atomic
def add_presentations(
    *, ceremony: Ceremony, by: User, minutes: int = DEFAULT_PRESENTATION_MINUTES
) -> list[RunningOrderItem]:
    """A presentation for each finalist entry not yet in the running order, placed after the
    last presentation (else before the keynote or awards, else at the end)."""
    _require_coordinator(by, ceremony)
    ceremony = _lock(ceremony)
    items = _items(ceremony)
    present = {i.entry_id for i in items if i.entry_id}
    finalists = (
        Entry.objects.filter(cycle_id=ceremony.cycle_id, status__in=FINAL_STATUSES)
        .exclude(pk__in=present)
        .select_related("lead")
        .order_by("title", "pk")
    )
    new = [
        RunningOrderItem(
            ceremony=ceremony,
            kind=RunningOrderKind.PRESENTATION,
            title=f"Presentation: {entry.title}",
            speaker=entry.lead.display_name,
            entry=entry,
            duration_minutes=minutes,
            position=0,
        )
        for entry in finalists
    ]
    if not new:
        raise AwardsError(
            "Every finalist already has a presentation (or none has been chosen yet).",
            code="none",
        )
    kinds = [i.kind for i in items]
    after = [n for n, k in enumerate(kinds) if k in PRESENTATION_AFTER]
    before = [n for n, k in enumerate(kinds) if k in PRESENTATION_BEFORE]
    at = after[-1] + 1 if after else (before[0] if before else len(items))
    for item in new:
        _clean(item)
        item.save()  # placed by _renumber below
    items[at:at] = new
    _renumber(items)
    record(
        actor=by,
        action="awards.running_order.presentations",
        obj=ceremony,
        summary=f"{len(new)} finalists' presentations added",
    )
    return new


@transaction.atomic
def start_running_order(*, ceremony: Ceremony, by: User) -> list[RunningOrderItem]:
    """The usual shape of the day, for an empty running order: arrival and the networking
    lunch, a welcome, the finalists' presentations, the keynote and the awards."""
    _require_coordinator(by, ceremony)
    ceremony = _lock(ceremony)
    if ceremony.running_order.exists():
        raise AwardsError("The running order already has items.", code="not_empty")
    plan = [
        (RunningOrderKind.LUNCH, "Arrival and networking lunch, exhibitors' market place", 60),
        (RunningOrderKind.WELCOME, "Welcome", 10),
    ]
    for kind, title, minutes in plan:
        add_item(ceremony=ceremony, by=by, kind=kind, title=title, duration_minutes=minutes)
    if Entry.objects.filter(cycle_id=ceremony.cycle_id, status__in=FINAL_STATUSES).exists():
        add_presentations(ceremony=ceremony, by=by)
    for kind, title, minutes in [
        (RunningOrderKind.BREAK, "Break", 15),
        (RunningOrderKind.KEYNOTE, "Keynote", 30),
        (RunningOrderKind.AWARDS, "Gold, silver and bronze awards", 30),
        (RunningOrderKind.CLOSE, "Close", 5),
    ]:
        add_item(ceremony=ceremony, by=by, kind=kind, title=title, duration_minutes=minutes)
    return _items(ceremony)


# --- exhibitors ------------------------------------------------------------------------


def _exhibitor_taken(ceremony: Ceremony, organisation: str, exclude: int | None = None) -> bool:
    return (
        Exhibitor.objects.filter(ceremony=ceremony, organisation__iexact=organisation.strip())
        .exclude(pk=exclude)
        .exists()
    )


@transaction.atomic
def add_exhibitor(
    *,
    ceremony: Ceremony,
    by: User,
    organisation: str,
    contact_name: str,
    contact_email: str,
    stall_fee: Decimal,
    contact_phone: str = "",
    notes: str = "",
) -> Exhibitor:
    _require_coordinator(by, ceremony)
    ceremony = _lock(ceremony)
    if _exhibitor_taken(ceremony, organisation):
        raise AwardsError(f"{organisation.strip()} already has a stall.", code="duplicate")
    exhibitor = Exhibitor(
        ceremony=ceremony,
        organisation=organisation.strip(),
        contact_name=contact_name.strip(),
        contact_email=contact_email.strip(),
        contact_phone=contact_phone.strip(),
        stall_fee=money(stall_fee),
        notes=notes.strip(),
    )
    _clean(exhibitor)
    exhibitor.save()
    record(
        actor=by,
        action="awards.exhibitor.added",
        obj=exhibitor,
        summary=f"{exhibitor} (stall fee £{exhibitor.stall_fee})",
    )
    return exhibitor


@transaction.atomic
def update_exhibitor(
    *,
    exhibitor: Exhibitor,
    by: User,
    organisation: str,
    contact_name: str,
    contact_email: str,
    stall_fee: Decimal,
    contact_phone: str = "",
    notes: str = "",
) -> Exhibitor:
    _require_coordinator(by, exhibitor.ceremony)
    exhibitor = Exhibitor.objects.select_for_update().get(pk=exhibitor.pk)
    if _exhibitor_taken(exhibitor.ceremony, organisation, exclude=exhibitor.pk):
        raise AwardsError(f"{organisation.strip()} already has a stall.", code="duplicate")
    exhibitor.organisation, exhibitor.contact_name = organisation.strip(), contact_name.strip()
    exhibitor.contact_email, exhibitor.contact_phone = contact_email.strip(), contact_phone.strip()
    exhibitor.stall_fee, exhibitor.notes = money(stall_fee), notes.strip()
    _clean(exhibitor)
    exhibitor.save()
    record(actor=by, action="awards.exhibitor.changed", obj=exhibitor, summary=f"{exhibitor}")
    return exhibitor


@transaction.atomic
def remove_exhibitor(*, exhibitor: Exhibitor, by: User) -> None:
    _require_coordinator(by, exhibitor.ceremony)
    exhibitor = Exhibitor.objects.select_for_update().get(pk=exhibitor.pk)
    if exhibitor.is_paid:
        raise AwardsError(
            f"{exhibitor} has paid: mark the fee as not paid (refunded) first.", code="paid"
        )
    record(actor=by, action="awards.exhibitor.removed", obj=exhibitor, summary=f"{exhibitor}")
    exhibitor.delete()


@transaction.atomic
def set_exhibitor_paid(
    *, exhibitor: Exhibitor, paid: bool, by: User, now: datetime.datetime | None = None
) -> Exhibitor:
    """The one place an exhibitor's payment changes: paid (when) or not paid."""
    _require_coordinator(by, exhibitor.ceremony)
    exhibitor = Exhibitor.objects.select_for_update().get(pk=exhibitor.pk)
    if exhibitor.is_paid == paid:
        return exhibitor
    exhibitor.paid_at = (now or timezone.now()) if paid else None
    exhibitor.save(update_fields=["paid_at"])
    record(
        actor=by,
        action="awards.exhibitor.paid" if paid else "awards.exhibitor.unpaid",
        obj=exhibitor,
        summary=f"{exhibitor}: £{exhibitor.stall_fee} {'paid' if paid else 'not paid'}",
    )
    return exhibitor


# --- budget lines ----------------------------------------------------------------------


@transaction.atomic
def add_budget_line(
    *, ceremony: Ceremony, by: User, kind: BudgetLineKind, description: str, amount: Decimal
) -> BudgetLine:
    _require_coordinator(by, ceremony)
    ceremony = _lock(ceremony)
    line = BudgetLine(
        ceremony=ceremony,
        kind=BudgetLineKind(kind),
        description=description.strip(),
        amount=money(amount),
    )
    _clean(line)
    line.save()
    record(actor=by, action="awards.budget.added", obj=line, summary=f"{line}: £{line.amount}")
    return line


@transaction.atomic
def update_budget_line(
    *, line: BudgetLine, by: User, kind: BudgetLineKind, description: str, amount: Decimal
) -> BudgetLine:
    _require_coordinator(by, line.ceremony)
    line = BudgetLine.objects.select_for_update().get(pk=line.pk)
    line.kind, line.description = BudgetLineKind(kind), description.strip()
    line.amount = money(amount)
    _clean(line)
    line.save(update_fields=["kind", "description", "amount"])
    record(actor=by, action="awards.budget.changed", obj=line, summary=f"{line}: £{line.amount}")
    return line


@transaction.atomic
def remove_budget_line(*, line: BudgetLine, by: User) -> None:
    _require_coordinator(by, line.ceremony)
    record(actor=by, action="awards.budget.removed", obj=line, summary=f"{line}")
    BudgetLine.objects.filter(pk=line.pk).delete()
