"""Judging panels: invite judges to a round, their answers, the chair, removal.

``set_membership_state`` is the one place a membership's status changes:
invited → accepted or declined (the judge), accepted → declined (the judge,
while the round is being set up), declined → invited (the coordinator asks again).
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from awards.enums import InvitationStatus, RoundStatus, ScoringStatus
from awards.models import Assignment, PanelMember, Round
from awards.services import AwardsError
from core.audit import deny, record
from core.mail import send_templated_email
from core.urls import absolute_url
from people.enums import Role
from people.models import User
from people.selectors import roles_of


def _require_coordinator(by: User) -> None:
    if not by.has_perm("awards.manage_awards"):
        deny(actor=by, action="awards.manage_awards", reason="Not the awards coordinator")
        raise AwardsError("Only the awards coordinator can do this.", code="not_allowed")


def _invitation_email(member: PanelMember) -> None:
    locked = member.round
    judge = member.judge
    send_templated_email(
        to=[judge],
        subject=f"Invitation to judge {locked.cycle.name}: {locked.name}",
        template="core/email/message",
        context={
            "name": judge.first_name or judge.username,
            "paragraphs": [
                f"You are invited to join the judging panel for {locked.name} of "
                f"{locked.cycle.name}. Judging runs from {date_format(locked.opens_on, 'j F')} to "
                f"{date_format(locked.closes_on, 'j F Y')}.",
                "Please accept or decline from your judging page. If you accept, you will be "
                "asked to declare any conflict of interest with the entries you are given.",
            ],
            "url": absolute_url("/awards/judging/"),
            "link_text": "Accept or decline",
        },
    )


@transaction.atomic
def invite_judge(*, round: Round, judge: User, by: User) -> PanelMember:
    """Invite a person with the judge role to a round's panel and email them."""
    _require_coordinator(by)
    locked = Round.objects.select_for_update().select_related("cycle").get(pk=round.pk)
    if locked.status == RoundStatus.CLOSED:
        raise AwardsError("Judging for this round has closed.", code="round_closed")
    if Role.JUDGE not in roles_of(judge) or not judge.is_active:
        raise AwardsError(
            f"{judge} does not hold the judge role. Ask the programme administrator to add it.",
            code="not_a_judge",
        )
    member = PanelMember.objects.filter(round=locked, judge=judge).first()
    if member is not None:
        if member.status == InvitationStatus.DECLINED:
            return set_membership_state(member=member, to=InvitationStatus.INVITED, by=by)
        raise AwardsError(f"{judge} is already on this panel.", code="already")
    member = PanelMember.objects.create(
        round=locked, judge=judge, invited_by=by, invited_at=timezone.now()
    )
    record(
        actor=by,
        action="awards.panel.invited",
        obj=member,
        summary=f"Invited {judge} to {locked}",
        judge=judge.pk,
    )
    _invitation_email(member)
    return member


@transaction.atomic
def set_membership_state(
    *, member: PanelMember, to: InvitationStatus, by: User, now: datetime.datetime | None = None
) -> PanelMember:
    """The judge accepts or declines; the coordinator re-invites someone who declined."""
    now = now or timezone.now()
    to = InvitationStatus(to)
    member = (
        PanelMember.objects.select_for_update()
        .select_related("round__cycle", "judge")
        .get(pk=member.pk)
    )
    previous = InvitationStatus(member.status)
    if previous == to:
        return member
    allowed = {
        (InvitationStatus.INVITED, InvitationStatus.ACCEPTED),
        (InvitationStatus.INVITED, InvitationStatus.DECLINED),
        (InvitationStatus.ACCEPTED, InvitationStatus.DECLINED),
        (InvitationStatus.DECLINED, InvitationStatus.INVITED),
    }
    if (previous, to) not in allowed:
        raise AwardsError(
            f"An invitation that is {previous.label.lower()} cannot become {to.label.lower()}.",
            code="bad_transition",
        )
    if to == InvitationStatus.INVITED:
        _require_coordinator(by)
    elif not by.has_perm("awards.respond_to_invitation", member):
        deny(actor=by, action="awards.panel.respond", obj=member)
        raise AwardsError("Only the judge invited can answer.", code="not_allowed")
    if member.round.status == RoundStatus.CLOSED:
        raise AwardsError("Judging for this round has closed.", code="round_closed")
    if previous == InvitationStatus.ACCEPTED and to == InvitationStatus.DECLINED:
        if member.round.status != RoundStatus.SETUP:
            raise AwardsError(
                "Judging has opened. To step down now, contact the awards coordinator.",
                code="round_open",
            )
        Assignment.objects.filter(round=member.round, judge=member.judge).delete()
    member.status = to
    member.responded_at = None if to == InvitationStatus.INVITED else now
    fields = ["status", "responded_at"]
    if to != InvitationStatus.ACCEPTED and member.is_chair:
        member.is_chair = False
        fields.append("is_chair")
    member.save(update_fields=fields)
    record(
        actor=by,
        action=f"awards.panel.{to.value}",
        obj=member,
        summary=f"{member.judge} on {member.round}: {previous.label} → {to.label}",
        previous=previous.value,
        status=to.value,
    )
    if to == InvitationStatus.INVITED:
        _invitation_email(member)
    return member


@transaction.atomic
def set_chair(*, member: PanelMember, by: User) -> PanelMember:
    """Make an accepted member the round's chair (who has the casting vote)."""
    _require_coordinator(by)
    member = PanelMember.objects.select_for_update().select_related("round").get(pk=member.pk)
    if member.status != InvitationStatus.ACCEPTED:
        raise AwardsError("Only a judge who has accepted can chair the panel.", code="not_accepted")
    PanelMember.objects.filter(round=member.round, is_chair=True).exclude(pk=member.pk).update(
        is_chair=False
    )
    member.is_chair = True
    member.save(update_fields=["is_chair"])
    record(
        actor=by,
        action="awards.panel.chair",
        obj=member,
        summary=f"{member.judge} chairs {member.round}",
    )
    return member


@transaction.atomic
def remove_from_panel(*, member: PanelMember, by: User) -> None:
    """Take a judge off a panel with their unscored assignments; refused once they have
    submitted scores in the round (the results depend on them)."""
    _require_coordinator(by)
    member = (
        PanelMember.objects.select_for_update().select_related("round", "judge").get(pk=member.pk)
    )
    mine = Assignment.objects.filter(round=member.round, judge=member.judge)
    if mine.filter(status=ScoringStatus.SUBMITTED).exists():
        raise AwardsError(
            f"{member.judge} has submitted scores in this round, so they stay on the panel.",
            code="has_scores",
        )
    dropped = list(mine.values_list("entry_id", flat=True))
    mine.delete()
    record(
        actor=by,
        action="awards.panel.removed",
        obj=member,
        summary=f"Removed {member.judge} from {member.round}",
        dropped_entries=dropped,
    )
    member.delete()


@transaction.atomic
def invite_previous_panel(*, round: Round, by: User) -> list[PanelMember]:
    """Invite the previous round's accepted judges to this round (those not invited yet)."""
    _require_coordinator(by)
    previous = round.cycle.rounds.filter(number=round.number - 1).first()
    if previous is None:
        raise AwardsError("There is no earlier round to copy the panel from.", code="no_round")
    already = set(round.panel.values_list("judge_id", flat=True))
    members = []
    for old in previous.panel.filter(status=InvitationStatus.ACCEPTED).select_related("judge"):
        if old.judge_id not in already:
            members.append(invite_judge(round=round, judge=old.judge, by=by))
    return members
