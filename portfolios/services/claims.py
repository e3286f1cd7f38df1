"""The awarding-body claim: completed enrolments become claimed; certificates are recorded."""

import datetime

from django.db import transaction
from django.utils import timezone

from core.audit import deny, record
from portfolios.enums import EnrolmentStatus
from portfolios.models import Claim, Enrolment
from portfolios.services import PortfoliosError
from portfolios.services.enrolments import set_enrolment_status


@transaction.atomic
def create_claim(*, enrolments: list[Enrolment], by, on: datetime.date | None = None) -> Claim:
    """Claim these completed enrolments (one qualification per claim); records the date."""
    if not by.has_perm("portfolios.manage_enrolments"):
        deny(actor=by, action="portfolios.claim.create", reason="Not the programme team")
        raise PortfoliosError("Only the programme team makes claims.", code="not_allowed")
    if not enrolments:
        raise PortfoliosError("Select at least one completed enrolment.", code="empty")
    qualifications = {e.qualification_id for e in enrolments}
    if len(qualifications) > 1:
        raise PortfoliosError(
            "A claim is for one qualification: select enrolments of one qualification.",
            code="mixed",
        )
    not_complete = [e for e in enrolments if e.status != EnrolmentStatus.COMPLETE]
    if not_complete:
        raise PortfoliosError(
            f"{not_complete[0].candidate.display_name}’s enrolment is not complete.",
            code="not_complete",
        )
    claim = Claim.objects.create(qualification_id=qualifications.pop(), created_by=by)
    for enrolment in enrolments:
        set_enrolment_status(enrolment=enrolment, to=EnrolmentStatus.CLAIMED, by=by, on=on)
    claim.enrolments.set(enrolments)
    record(
        actor=by,
        action="portfolios.claim.created",
        obj=claim,
        summary=f"Claim of {len(enrolments)} for {claim.qualification}",
        enrolments=[e.pk for e in enrolments],
    )
    return claim


@transaction.atomic
def record_certificates(*, enrolments: list[Enrolment], by, on: datetime.date | None = None) -> int:
    """The awarding body certified these claimed enrolments on ``on`` (today by default)."""
    on = on or timezone.localdate()
    for enrolment in enrolments:
        set_enrolment_status(enrolment=enrolment, to=EnrolmentStatus.CERTIFIED, by=by, on=on)
    return len(enrolments)
