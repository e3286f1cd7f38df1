"""Reads for the ceremony pages: the guest list and its counts, the running order with its
times, and the budget. Each costs a fixed number of queries however many rows there are."""

import datetime
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum

from awards.enums import BudgetLineKind, DietaryNeed, GuestStatus
from awards.models import BudgetLine, Ceremony, Cycle, Exhibitor, Guest, RunningOrderItem

ZERO = Decimal("0.00")


def ceremony_of(cycle: Cycle) -> Ceremony | None:
    return Ceremony.objects.filter(cycle=cycle).select_related("cycle").first()


def guest_rows(ceremony: Ceremony) -> QuerySet[Guest]:
    """The guest list (one query per page, whatever its length)."""
    return Guest.objects.filter(ceremony=ceremony).select_related("entry").order_by("name", "pk")


@dataclass
class GuestCounts:
    on_list: int = 0
    not_invited: int = 0
    invited: int = 0  # invitations sent: no reply, attending or not attending
    accepted: int = 0
    declined: int = 0
    no_reply: int = 0
    withdrawn: int = 0
    dietary: int = 0  # guests attending with a dietary need
    access: int = 0  # guests attending with an access need
    by_need: list[tuple[str, int]] = field(default_factory=list)
    other_needs: int = 0


def guest_counts(ceremony: Ceremony) -> GuestCounts:
    """Counts at a glance, and the dietary needs of those attending (two queries)."""
    s = GuestStatus
    totals = Guest.objects.filter(ceremony=ceremony).aggregate(
        not_invited=Count("pk", filter=Q(status=s.NOT_INVITED)),
        no_reply=Count("pk", filter=Q(status=s.INVITED)),
        accepted=Count("pk", filter=Q(status=s.ACCEPTED)),
        declined=Count("pk", filter=Q(status=s.DECLINED)),
        withdrawn=Count("pk", filter=Q(status=s.WITHDRAWN)),
    )
    counts = GuestCounts(**totals)
    counts.invited = counts.no_reply + counts.accepted + counts.declined
    counts.on_list = counts.invited + counts.not_invited
    needs: Counter[str] = Counter()
    for chosen, other, access in Guest.objects.filter(
        ceremony=ceremony, status=s.ACCEPTED
    ).values_list("dietary_needs", "dietary_other", "access_needs"):
        if chosen or other.strip():
            counts.dietary += 1
        if other.strip():
            counts.other_needs += 1
        if access.strip():
            counts.access += 1
        needs.update(chosen or [])
    counts.by_need = [(need.label, needs[need.value]) for need in DietaryNeed if needs[need.value]]
    return counts


# --- the running order -----------------------------------------------------------------


@dataclass
class TimedItem:
    item: RunningOrderItem
    starts: datetime.time
    ends: datetime.time


@dataclass
class RunningOrder:
    items: list[TimedItem]
    ends: datetime.time | None
    # Minutes past the ceremony's end time (0 when it fits).
    overrun: int
    total_minutes: int


def timetable(
    items: list[RunningOrderItem], *, starts_at: datetime.time, ends_at: datetime.time
) -> RunningOrder:
    """Each item's start and end, one after another from the ceremony's start (plain
    wall-clock arithmetic on the ceremony's day)."""
    day = datetime.date(2000, 1, 1)
    moment = datetime.datetime.combine(day, starts_at)
    timed = []
    for item in items:
        end = moment + datetime.timedelta(minutes=item.duration_minutes)
        timed.append(TimedItem(item=item, starts=moment.time(), ends=end.time()))
        moment = end
    finish = datetime.datetime.combine(day, ends_at)
    overrun = max(0, int((moment - finish).total_seconds() // 60))
    total = sum(i.duration_minutes for i in items)
    return RunningOrder(
        items=timed, ends=moment.time() if items else None, overrun=overrun, total_minutes=total
    )


def running_order(ceremony: Ceremony) -> RunningOrder:
    items = list(
        RunningOrderItem.objects.filter(ceremony=ceremony)
        .select_related("entry__category")
        .order_by("position", "pk")
    )
    return timetable(items, starts_at=ceremony.starts_at, ends_at=ceremony.ends_at)


# --- exhibitors and the budget ---------------------------------------------------------


def exhibitors(ceremony: Ceremony) -> QuerySet[Exhibitor]:
    return Exhibitor.objects.filter(ceremony=ceremony).order_by("organisation", "pk")


@dataclass
class BudgetSummary:
    per_head: Decimal
    attending: int
    refreshments: Decimal
    cost_lines: list[BudgetLine]
    income_lines: list[BudgetLine]
    other_costs: Decimal
    total_costs: Decimal
    stall_fees: Decimal  # every stall booked
    stall_fees_paid: Decimal
    stalls: int
    stalls_paid: int
    other_income: Decimal
    total_income: Decimal
    # Income less costs: negative is the cost the programme carries.
    balance: Decimal
    # If everyone still to reply came: the refreshments and the balance then.
    could_attend: int
    refreshments_if_all: Decimal
    balance_if_all: Decimal

    @property
    def shortfall(self) -> Decimal:
        return -self.balance if self.balance < 0 else ZERO

    @property
    def stall_fees_due(self) -> Decimal:
        return self.stall_fees - self.stall_fees_paid


def budget(ceremony: Ceremony) -> BudgetSummary:
    """Costs (refreshments per head times guests attending, and the other cost lines) against
    income (stall fees, and other income lines), exact to the penny. Four queries."""
    per_head = ceremony.refreshments_per_head
    counts = Guest.objects.filter(ceremony=ceremony).aggregate(
        attending=Count("pk", filter=Q(status=GuestStatus.ACCEPTED)),
        waiting=Count("pk", filter=Q(status=GuestStatus.INVITED)),
    )
    stalls = Exhibitor.objects.filter(ceremony=ceremony).aggregate(
        fees=Sum("stall_fee"),
        paid=Sum("stall_fee", filter=Q(paid_at__isnull=False)),
        stalls=Count("pk"),
        stalls_paid=Count("pk", filter=Q(paid_at__isnull=False)),
    )
    lines = list(BudgetLine.objects.filter(ceremony=ceremony).order_by("kind", "pk"))
    costs = [line for line in lines if line.kind == BudgetLineKind.COST]
    incomes = [line for line in lines if line.kind == BudgetLineKind.INCOME]
    attending = counts["attending"]
    refreshments = per_head * attending
    other_costs = sum((line.amount for line in costs), ZERO)
    fees = stalls["fees"] or ZERO
    other_income = sum((line.amount for line in incomes), ZERO)
    total_costs = refreshments + other_costs
    total_income = fees + other_income
    could = attending + counts["waiting"]
    refreshments_if_all = per_head * could
    return BudgetSummary(
        per_head=per_head,
        attending=attending,
        refreshments=refreshments,
        cost_lines=costs,
        income_lines=incomes,
        other_costs=other_costs,
        total_costs=total_costs,
        stall_fees=fees,
        stall_fees_paid=stalls["paid"] or ZERO,
        stalls=stalls["stalls"],
        stalls_paid=stalls["stalls_paid"],
        other_income=other_income,
        total_income=total_income,
        balance=total_income - total_costs,
        could_attend=could,
        refreshments_if_all=refreshments_if_all,
        balance_if_all=total_income - (refreshments_if_all + other_costs),
    )
