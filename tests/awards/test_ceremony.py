"""The ceremony's services and selectors: guests and their personal RSVP links, reminders,
the running order's times, exhibitors and the budget's arithmetic."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from awards import ceremony_selectors as selectors
from awards.enums import (
    BudgetLineKind,
    DietaryNeed,
    EntryStatus,
    GuestKind,
    GuestStatus,
    RunningOrderKind,
)
from awards.models import Entry, Guest, RsvpLink
from awards.services import AwardsError
from awards.services import ceremony as services
from awards.services.entries import add_co_entrant
from tests.awards.conftest import first_round, make_entry, make_judge, seat_panel
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://\S+/awards/rsvp/([A-Za-z0-9_-]+)/")
_capture = None


@pytest.fixture(autouse=True)
def _commits(django_capture_on_commit_callbacks):
    global _capture
    _capture = django_capture_on_commit_callbacks


def committed():
    """Run what the block queues for after commit (tasks, emails) as the block ends."""
    return _capture(execute=True)


def guest(ceremony, coordinator, name="Ada Guest", email=None, kind=GuestKind.GUEST):
    email = email or f"{name.split()[0].lower()}@example.org"
    return services.add_guest(ceremony=ceremony, by=coordinator, name=name, email=email, kind=kind)


def invite(ceremony, coordinator, name="Ada Guest") -> tuple[Guest, str]:
    """An invited guest and the token from their invitation email."""
    mail.outbox.clear()
    g = guest(ceremony, coordinator, name=name)
    with committed():
        services.transition_guest(guest=g, to=GuestStatus.INVITED, by=coordinator)
    (message,) = mail.outbox
    return Guest.objects.get(pk=g.pk), LINK.search(message.body).group(1)


# --- the event -------------------------------------------------------------------------


def test_saving_the_ceremony_sets_the_cycles_date(ceremony, cycle, coordinator):
    later = cycle.ceremony_on + datetime.timedelta(days=7)
    services.save_ceremony(
        cycle=cycle,
        by=coordinator,
        venue_name="Moorside Hall",
        day=later,
        starts_at=datetime.time(11, 30),
        ends_at=datetime.time(15, 0),
        rsvp_by=later - datetime.timedelta(days=14),
    )
    cycle.refresh_from_db()
    ceremony.refresh_from_db()
    assert (cycle.ceremony_on, ceremony.venue_name) == (later, "Moorside Hall")


def test_the_ceremony_refuses_a_reply_date_after_it_and_non_coordinators(cycle, coordinator):
    kwargs = {
        "cycle": cycle,
        "venue_name": "Hall",
        "day": cycle.ceremony_on,
        "starts_at": datetime.time(12),
        "ends_at": datetime.time(15),
    }
    with pytest.raises(AwardsError) as late:
        services.save_ceremony(
            by=coordinator, rsvp_by=cycle.ceremony_on + datetime.timedelta(days=1), **kwargs
        )
    assert late.value.code == "rsvp_by"
    with pytest.raises(AwardsError) as refused:
        services.save_ceremony(by=UserFactory(), rsvp_by=cycle.ceremony_on, **kwargs)
    assert refused.value.code == "not_allowed"


# --- the guest list --------------------------------------------------------------------


def test_one_row_per_email_address_whatever_its_case(ceremony, coordinator):
    guest(ceremony, coordinator, email="ada@example.org")
    with pytest.raises(AwardsError) as duplicate:
        guest(ceremony, coordinator, name="Ada Again", email="ADA@Example.org")
    assert duplicate.value.code == "duplicate"


def test_finalists_come_with_their_co_entrants_and_judges_who_accepted(
    ceremony, cycle, coordinator, force
):
    lead = UserFactory(organisation=force, email="lead@example.org")
    entry = make_entry(cycle, lead, partners=[force], submit=False)
    colleague = UserFactory(organisation=force, email="colleague@example.org")
    add_co_entrant(entry=entry, person=colleague, by=lead)
    other = make_entry(cycle, UserFactory(organisation=force), partners=[force], title="Other")
    # Finalists are chosen through round 1's results (tested in test_outcomes); here the
    # status is set directly so the ceremony can be tested on its own.
    Entry.objects.filter(pk=entry.pk).update(status=EntryStatus.FINALIST)
    added = services.add_finalists(ceremony=ceremony, by=coordinator)
    assert sorted((g.name, g.kind, g.entry_id) for g in added) == sorted(
        [
            (lead.display_name, GuestKind.FINALIST, entry.pk),
            (colleague.display_name, GuestKind.FINALIST, entry.pk),
        ]
    )
    assert not Guest.objects.filter(person=other.lead).exists()
    # A second press adds nobody twice.
    assert services.add_finalists(ceremony=ceremony, by=coordinator) == []

    accepted, invited_only = make_judge(force), make_judge(force)
    seat_panel(first_round(cycle), [accepted], coordinator)
    from awards.services.panels import invite_judge

    invite_judge(round=first_round(cycle), judge=invited_only, by=coordinator)
    judges = services.add_judges(ceremony=ceremony, by=coordinator)
    assert [g.person_id for g in judges] == [accepted.pk]


def test_only_never_invited_guests_can_be_removed(ceremony, coordinator):
    g, _ = invite(ceremony, coordinator)
    with pytest.raises(AwardsError) as invited:
        services.remove_guest(guest=g, by=coordinator)
    assert invited.value.code == "invited"
    fresh = guest(ceremony, coordinator, name="Bob New")
    services.remove_guest(guest=fresh, by=coordinator)
    assert not Guest.objects.filter(pk=fresh.pk).exists()


# --- personal RSVP links ---------------------------------------------------------------


def test_the_invitation_carries_a_link_only_its_hash_is_kept(ceremony, coordinator):
    g, token = invite(ceremony, coordinator)
    assert g.status == GuestStatus.INVITED
    assert len(token) >= 40
    (link,) = RsvpLink.objects.filter(guest=g)
    assert link.token_hash != token
    assert not RsvpLink.objects.filter(token_hash=token).exists()
    assert services.rsvp_link_for(token).guest == g


def test_a_token_answers_for_its_own_guest_only(ceremony, coordinator):
    ada, ada_token = invite(ceremony, coordinator, "Ada Guest")
    bob, _ = invite(ceremony, coordinator, "Bob Guest")
    with pytest.raises(AwardsError) as other:
        services.transition_guest(guest=bob, to=GuestStatus.ACCEPTED, token=ada_token)
    assert other.value.code == "not_allowed"
    bob.refresh_from_db()
    assert bob.status == GuestStatus.INVITED
    services.transition_guest(
        guest=ada,
        to=GuestStatus.ACCEPTED,
        token=ada_token,
        dietary_needs=[DietaryNeed.VEGAN, DietaryNeed.NUT_ALLERGY],
        access_needs="Step-free access",
    )
    ada.refresh_from_db()
    assert (ada.status, ada.dietary_needs, ada.access_needs) == (
        GuestStatus.ACCEPTED,
        ["vegan", "nut_allergy"],
        "Step-free access",
    )


def test_a_token_cannot_invite_withdraw_or_do_coordinator_work(ceremony, coordinator):
    g, token = invite(ceremony, coordinator)
    with pytest.raises(AwardsError) as withdraw:
        services.transition_guest(guest=g, to=GuestStatus.WITHDRAWN, token=token)
    assert withdraw.value.code == "not_allowed"


def test_wrong_expired_and_withdrawn_links_say_why(ceremony, coordinator):
    g, token = invite(ceremony, coordinator)
    for wrong in ("", "x" * 43, token[:-1], token + "a", "a" * 500):
        with pytest.raises(AwardsError) as invalid:
            services.rsvp_link_for(wrong)
        assert invalid.value.code == "rsvp_link_invalid"
    after = services.link_expiry(ceremony) + datetime.timedelta(seconds=1)
    with pytest.raises(AwardsError) as expired:
        services.rsvp_link_for(token, now=after)
    assert expired.value.code == "rsvp_link_expired"
    services.transition_guest(guest=g, to=GuestStatus.WITHDRAWN, by=coordinator)
    with pytest.raises(AwardsError) as withdrawn:
        services.rsvp_link_for(token)
    assert withdrawn.value.code == "rsvp_link_invalid"


def test_every_link_a_guest_was_sent_works_for_them(ceremony, coordinator):
    g, first = invite(ceremony, coordinator)
    second = services.give_rsvp_link(guest=g, by=coordinator)
    assert services.rsvp_link_for(first).guest == services.rsvp_link_for(second).guest == g


def test_the_guest_may_change_their_answer_until_the_reply_by_date(ceremony, coordinator):
    g, token = invite(ceremony, coordinator)
    services.transition_guest(guest=g, to=GuestStatus.ACCEPTED, token=token)
    services.transition_guest(guest=g, to=GuestStatus.DECLINED, token=token)
    g.refresh_from_db()
    assert g.status == GuestStatus.DECLINED
    closed = timezone.make_aware(
        datetime.datetime.combine(ceremony.rsvp_by + datetime.timedelta(days=1), datetime.time(9))
    )
    with pytest.raises(AwardsError) as late:
        services.transition_guest(guest=g, to=GuestStatus.ACCEPTED, token=token, now=closed)
    assert late.value.code == "replies_closed"
    # The coordinator can still record an answer the guest phones in.
    services.transition_guest(guest=g, to=GuestStatus.ACCEPTED, by=coordinator, now=closed)
    g.refresh_from_db()
    assert g.status == GuestStatus.ACCEPTED


def test_a_guests_answer_is_confirmed_by_email_with_a_link(ceremony, coordinator):
    g, token = invite(ceremony, coordinator)
    mail.outbox.clear()
    with committed():
        services.transition_guest(
            guest=g, to=GuestStatus.ACCEPTED, token=token, dietary_needs=[DietaryNeed.HALAL]
        )
    (message,) = mail.outbox
    assert message.to == ["ada@example.org"]
    assert "Halal" in message.body
    assert services.rsvp_link_for(LINK.search(message.body).group(1)).guest == g


# --- reminders -------------------------------------------------------------------------


def test_reminders_go_to_those_who_have_not_replied_once_per_round(ceremony, coordinator):
    quiet, _ = invite(ceremony, coordinator, "Quiet One")
    _quieter, _ = invite(ceremony, coordinator, "Quieter Two")
    replied, token = invite(ceremony, coordinator, "Replied Three")
    services.transition_guest(guest=replied, to=GuestStatus.DECLINED, token=token)
    guest(ceremony, coordinator, name="Never Invited")
    mail.outbox.clear()
    with committed():
        first = services.open_reminder_round(ceremony=ceremony, by=coordinator)
    assert sorted(m.to[0] for m in mail.outbox) == ["quiet@example.org", "quieter@example.org"]
    mail.outbox.clear()
    with committed():
        assert services.send_reminders(round_id=first.pk) == 0
    assert mail.outbox == []
    first.refresh_from_db()
    assert first.sent == 2

    services.transition_guest(guest=quiet, to=GuestStatus.ACCEPTED, by=coordinator)
    with committed():
        services.open_reminder_round(ceremony=ceremony, by=coordinator)
    assert [m.to[0] for m in mail.outbox] == ["quieter@example.org"]


def test_the_daily_job_opens_a_round_when_due_and_only_once(ceremony, coordinator):
    invite(ceremony, coordinator)
    early = timezone.make_aware(
        datetime.datetime.combine(ceremony.rsvp_by - datetime.timedelta(days=20), datetime.time(6))
    )
    assert services.remind_non_repliers(now=early) == 0
    due = early + datetime.timedelta(days=6)  # 14 days before the reply-by date
    mail.outbox.clear()
    with committed():
        assert services.remind_non_repliers(now=due) == 1
    assert len(mail.outbox) == 1
    assert services.remind_non_repliers(now=due + datetime.timedelta(hours=1)) == 0
    assert services.remind_non_repliers(now=due + datetime.timedelta(days=1)) == 0
    last = timezone.make_aware(
        datetime.datetime.combine(ceremony.rsvp_by - datetime.timedelta(days=3), datetime.time(6))
    )
    assert services.remind_non_repliers(now=last) == 1
    assert services.remind_non_repliers(now=last + datetime.timedelta(days=1)) == 0


def test_nobody_to_remind_is_refused(ceremony, coordinator):
    g, token = invite(ceremony, coordinator)
    services.transition_guest(guest=g, to=GuestStatus.ACCEPTED, token=token)
    with pytest.raises(AwardsError) as nobody:
        services.open_reminder_round(ceremony=ceremony, by=coordinator)
    assert nobody.value.code == "nobody"


# --- the running order -----------------------------------------------------------------


def _add(ceremony, coordinator, title, minutes, kind=RunningOrderKind.OTHER):
    return services.add_item(
        ceremony=ceremony, by=coordinator, kind=kind, title=title, duration_minutes=minutes
    )


def _times(ceremony):
    order = selectors.running_order(ceremony)
    return [(t.item.title, f"{t.starts:%H:%M}", f"{t.ends:%H:%M}") for t in order.items]


def test_start_times_follow_from_the_order_and_durations(ceremony, coordinator):
    _add(ceremony, coordinator, "Lunch", 60, RunningOrderKind.LUNCH)
    _add(ceremony, coordinator, "Welcome", 10)
    keynote = _add(ceremony, coordinator, "Keynote", 45, RunningOrderKind.KEYNOTE)
    _add(ceremony, coordinator, "Awards", 30, RunningOrderKind.AWARDS)
    assert _times(ceremony) == [
        ("Lunch", "12:00", "13:00"),
        ("Welcome", "13:00", "13:10"),
        ("Keynote", "13:10", "13:55"),
        ("Awards", "13:55", "14:25"),
    ]
    services.move_item(item=keynote, by=coordinator, to=1)
    assert _times(ceremony) == [
        ("Keynote", "12:00", "12:45"),
        ("Lunch", "12:45", "13:45"),
        ("Welcome", "13:45", "13:55"),
        ("Awards", "13:55", "14:25"),
    ]
    services.move_item(item=keynote, by=coordinator, to=99)
    assert [t[0] for t in _times(ceremony)] == ["Lunch", "Welcome", "Awards", "Keynote"]
    order = selectors.running_order(ceremony)
    assert (order.total_minutes, order.overrun) == (145, 0)
    _add(ceremony, coordinator, "Long speeches", 120)
    assert selectors.running_order(ceremony).overrun == 25  # 16:25 against a 16:00 end


def test_presentations_go_after_the_welcome_and_before_the_keynote(
    ceremony, cycle, coordinator, force
):
    entries = [
        make_entry(cycle, UserFactory(organisation=force), partners=[force], title=t)
        for t in ("Beta project", "Alpha project")
    ]
    Entry.objects.filter(pk__in=[e.pk for e in entries]).update(status=EntryStatus.FINALIST)
    services.start_running_order(ceremony=ceremony, by=coordinator)
    assert _times(ceremony) == [
        ("Arrival and networking lunch, exhibitors' market place", "12:00", "13:00"),
        ("Welcome", "13:00", "13:10"),
        ("Presentation: Alpha project", "13:10", "13:25"),
        ("Presentation: Beta project", "13:25", "13:40"),
        ("Break", "13:40", "13:55"),
        ("Keynote", "13:55", "14:25"),
        ("Gold, silver and bronze awards", "14:25", "14:55"),
        ("Close", "14:55", "15:00"),
    ]
    late = make_entry(cycle, UserFactory(organisation=force), partners=[force], title="Gamma")
    Entry.objects.filter(pk=late.pk).update(status=EntryStatus.FINALIST)
    (added,) = services.add_presentations(ceremony=ceremony, by=coordinator)
    assert [t[0] for t in _times(ceremony)][4] == "Presentation: Gamma"
    with pytest.raises(AwardsError):
        services.add_presentations(ceremony=ceremony, by=coordinator)
    services.remove_item(item=added, by=coordinator)
    assert [i.position for i in ceremony.running_order.order_by("position")] == list(range(1, 9))


# --- exhibitors and the budget ---------------------------------------------------------


def test_the_budget_adds_up_to_the_penny(ceremony, coordinator):
    for n in range(3):
        g, token = invite(ceremony, coordinator, f"Guest{n} Attending")
        services.transition_guest(guest=g, to=GuestStatus.ACCEPTED, token=token)
    declined, token = invite(ceremony, coordinator, "Nope Declined")
    services.transition_guest(guest=declined, to=GuestStatus.DECLINED, token=token)
    invite(ceremony, coordinator, "Maybe Later")
    guest(ceremony, coordinator, name="Not Invited")
    stall = services.add_exhibitor(
        ceremony=ceremony,
        by=coordinator,
        organisation="Crimestoppers",
        contact_name="Sam Stall",
        contact_email="sam@example.org",
        stall_fee=Decimal("150"),
    )
    services.add_exhibitor(
        ceremony=ceremony,
        by=coordinator,
        organisation="Harrowgate Homes",
        contact_name="Pat Homes",
        contact_email="pat@example.org",
        stall_fee=Decimal("75.50"),
    )
    services.set_exhibitor_paid(exhibitor=stall, paid=True, by=coordinator)
    services.add_budget_line(
        ceremony=ceremony,
        by=coordinator,
        kind=BudgetLineKind.COST,
        description="Trophies",
        amount=Decimal("240.10"),
    )
    services.add_budget_line(
        ceremony=ceremony,
        by=coordinator,
        kind=BudgetLineKind.COST,
        description="Venue",
        amount=Decimal("0.20"),
    )
    services.add_budget_line(
        ceremony=ceremony,
        by=coordinator,
        kind=BudgetLineKind.INCOME,
        description="Sponsorship",
        amount=Decimal("100.00"),
    )
    summary = selectors.budget(ceremony)
    assert summary.attending == 3
    assert summary.refreshments == Decimal("55.50")  # 3 x 18.50
    assert summary.other_costs == Decimal("240.30")
    assert summary.total_costs == Decimal("295.80")
    assert (summary.stall_fees, summary.stall_fees_paid) == (Decimal("225.50"), Decimal("150.00"))
    assert summary.stall_fees_due == Decimal("75.50")
    assert summary.total_income == Decimal("325.50")
    assert summary.balance == Decimal("29.70")
    assert summary.could_attend == 4  # the one still to reply
    assert summary.refreshments_if_all == Decimal("74.00")
    assert summary.balance_if_all == Decimal("11.20")


def test_money_is_pence_exact(ceremony, coordinator):
    with pytest.raises(AwardsError) as fraction:
        services.add_budget_line(
            ceremony=ceremony,
            by=coordinator,
            kind=BudgetLineKind.COST,
            description="Odd",
            amount=Decimal("10.005"),
        )
    assert fraction.value.code == "pence"
    assert services.money("0.1") == Decimal("0.10")


def test_a_paid_stall_cannot_be_removed_until_marked_not_paid(ceremony, coordinator):
    stall = services.add_exhibitor(
        ceremony=ceremony,
        by=coordinator,
        organisation="Crimestoppers",
        contact_name="Sam",
        contact_email="sam@example.org",
        stall_fee=Decimal("150"),
    )
    services.set_exhibitor_paid(exhibitor=stall, paid=True, by=coordinator)
    with pytest.raises(AwardsError) as paid:
        services.remove_exhibitor(exhibitor=stall, by=coordinator)
    assert paid.value.code == "paid"
    services.set_exhibitor_paid(exhibitor=stall, paid=False, by=coordinator)
    services.remove_exhibitor(exhibitor=stall, by=coordinator)
    with pytest.raises(AwardsError) as again:
        services.add_exhibitor(
            ceremony=ceremony,
            by=UserFactory(),
            organisation="Someone",
            contact_name="X",
            contact_email="x@example.org",
            stall_fee=Decimal("1"),
        )
    assert again.value.code == "not_allowed"


def test_counts_at_a_glance(ceremony, coordinator):
    a, token = invite(ceremony, coordinator, "Ann Attends")
    services.transition_guest(
        guest=a,
        to=GuestStatus.ACCEPTED,
        token=token,
        dietary_needs=[DietaryNeed.VEGETARIAN],
        access_needs="Hearing loop",
    )
    b, token = invite(ceremony, coordinator, "Ben Attends")
    services.transition_guest(
        guest=b, to=GuestStatus.ACCEPTED, token=token, dietary_other="Coeliac"
    )
    c, token = invite(ceremony, coordinator, "Cat Declines")
    services.transition_guest(guest=c, to=GuestStatus.DECLINED, token=token)
    invite(ceremony, coordinator, "Dan Silent")
    guest(ceremony, coordinator, name="Eve Listed")
    w = guest(ceremony, coordinator, name="Fay Withdrawn")
    services.transition_guest(guest=w, to=GuestStatus.WITHDRAWN, by=coordinator)
    counts = selectors.guest_counts(ceremony)
    assert (
        counts.on_list,
        counts.invited,
        counts.accepted,
        counts.declined,
        counts.no_reply,
        counts.not_invited,
        counts.withdrawn,
        counts.dietary,
        counts.access,
        counts.by_need,
        counts.other_needs,
    ) == (5, 4, 2, 1, 1, 1, 1, 2, 1, [("Vegetarian", 1)], 1)


def test_the_reminders_command_sends_due_reminders_once(ceremony, coordinator):
    from io import StringIO

    from django.core.management import call_command

    invite(ceremony, coordinator)
    # Due: the reply-by date is within 14 days.
    ceremony.rsvp_by = timezone.localdate() + datetime.timedelta(days=10)
    ceremony.save(update_fields=["rsvp_by"])
    out = StringIO()
    mail.outbox.clear()
    with committed():
        call_command("ceremony_reminders", "--now", stdout=out)
    assert out.getvalue().strip() == "Sent 1 ceremony reminder(s)."
    assert [m.subject for m in mail.outbox] == [
        f"Reminder: please reply to your invitation to the {ceremony.cycle.name} ceremony"
    ]
    out = StringIO()
    call_command("ceremony_reminders", "--now", stdout=out)
    assert out.getvalue().strip() == "Sent 0 ceremony reminder(s)."
