"""The assessor's decisions on evidence and their sign-off of units."""

from django.db import transaction
from django.utils import timezone

from core.audit import deny, record
from core.concurrency import changed_since, stale_message
from portfolios.enums import EnrolmentStatus, EvidenceStatus, Outcome
from portfolios.models import Decision, Enrolment, Evidence, Unit, UnitSignOff
from portfolios.selectors import met_criteria_ids
from portfolios.services import PortfoliosError
from portfolios.services.evidence import set_evidence_status


@transaction.atomic
def decide(
    *, evidence: Evidence, outcome: str, feedback: str, by, seen_version: int | None = None
) -> Decision:
    """Accept or refer the latest version of a submitted item, with feedback.

    ``seen_version`` (``core.concurrency.version_of`` when the page was opened): refused
    (code ``stale``, saying who changed the evidence and when) if it changed since.
    Only the enrolment's assessor; a referral must say what to change. The
    decision may be sampled for IQA (``iqa.sample_if_due``); the candidate is
    emailed; the enrolment's at-risk flag is refreshed.
    """
    from portfolios.services import notifications
    from portfolios.services.iqa import sample_if_due
    from portfolios.services.progress import refresh_at_risk

    outcome = Outcome(outcome)
    feedback = (feedback or "").strip()
    if outcome == Outcome.REFERRED and not feedback:
        raise PortfoliosError(
            "Say what the candidate needs to change when you refer evidence.", code="feedback"
        )
    if not by.has_perm("portfolios.assess_evidence", evidence):
        deny(actor=by, action="portfolios.decision.decide", obj=evidence)
        raise PortfoliosError("You are not this candidate’s assessor.", code="not_allowed")
    evidence = Evidence.objects.select_for_update().get(pk=evidence.pk)
    change = changed_since(evidence, seen_version)
    if change is not None:
        raise PortfoliosError(stale_message(change, "this evidence"), code="stale")
    to = EvidenceStatus.ACCEPTED if outcome == Outcome.ACCEPTED else EvidenceStatus.REFERRED
    evidence = set_evidence_status(evidence=evidence, to=to, by=by)
    version = evidence.versions.order_by("-number").first()
    decision = Decision.objects.create(
        evidence=evidence, version=version, assessor=by, outcome=outcome, feedback=feedback
    )
    record(
        actor=by,
        action=f"portfolios.decision.{outcome.value}",
        obj=decision,
        summary=f"{outcome.label}: “{evidence.title}” version {version.number}",
        evidence=evidence.pk,
        version=version.number,
    )
    sample_if_due(decision=decision)
    notifications.decision_made(decision=decision)
    refresh_at_risk(enrolment_ids=[evidence.enrolment_id])
    return decision


def unit_status(enrolment: Enrolment, unit: Unit) -> tuple[set[int], set[int]]:
    """(criteria of the unit, those met) for the enrolment."""
    criteria = set(unit.criteria.values_list("pk", flat=True))
    return criteria, criteria & met_criteria_ids(enrolment)


@transaction.atomic
def sign_off_unit(*, enrolment: Enrolment, unit: Unit, by) -> UnitSignOff:
    """The assessor signs off a unit whose every criterion is met by accepted evidence.

    Candidates never sign anything off. Signing off the last unit completes the
    enrolment. The candidate is emailed.
    """
    from portfolios.services import notifications
    from portfolios.services.enrolments import set_enrolment_status

    enrolment = (
        Enrolment.objects.select_for_update(of=("self",))
        .select_related("candidate", "qualification")
        .get(pk=enrolment.pk)
    )
    if not by.has_perm("portfolios.sign_off_unit", enrolment):
        raise PortfoliosError("Only the candidate’s assessor signs off units.", code="not_allowed")
    if unit.qualification_id != enrolment.qualification_id:
        raise PortfoliosError("That unit is not part of this qualification.", code="wrong_unit")
    if enrolment.status != EnrolmentStatus.IN_PROGRESS:
        raise PortfoliosError(
            f"This enrolment is {enrolment.get_status_display().lower()}; units are signed "
            "off while it is in progress.",
            code="not_in_progress",
        )
    if UnitSignOff.objects.filter(enrolment=enrolment, unit=unit, revoked_at__isnull=True).exists():
        raise PortfoliosError(f"{unit.code} is already signed off.", code="already_signed_off")
    criteria, met = unit_status(enrolment, unit)
    if not criteria or criteria - met:
        raise PortfoliosError(
            f"{unit.code} has {len(criteria - met)} of {len(criteria)} criteria not yet met by "
            "accepted evidence.",
            code="criteria_unmet",
        )
    sign_off = UnitSignOff.objects.create(enrolment=enrolment, unit=unit, signed_off_by=by)
    record(
        actor=by,
        action="portfolios.unit.signed_off",
        obj=enrolment,
        summary=f"{unit} signed off for {enrolment.candidate}",
        unit=unit.pk,
    )
    notifications.unit_signed_off(sign_off=sign_off)
    units = set(enrolment.qualification.units.values_list("pk", flat=True))
    signed = set(
        UnitSignOff.objects.filter(enrolment=enrolment, revoked_at__isnull=True).values_list(
            "unit_id", flat=True
        )
    )
    if units <= signed:
        set_enrolment_status(enrolment=enrolment, to=EnrolmentStatus.COMPLETE, by=by)
    return sign_off


def revoke_unmet_sign_offs(*, enrolment: Enrolment, reason: str, by) -> list[UnitSignOff]:
    """Withdraw sign-offs of units whose criteria are no longer all met (after an IQA reopen).

    A completed enrolment goes back to in progress. Caller holds a transaction.
    """
    from portfolios.services.enrolments import set_enrolment_status

    met = met_criteria_ids(enrolment)
    revoked = []
    for sign_off in UnitSignOff.objects.filter(
        enrolment=enrolment, revoked_at__isnull=True
    ).select_related("unit"):
        criteria = set(sign_off.unit.criteria.values_list("pk", flat=True))
        if criteria - met:
            sign_off.revoked_at = timezone.now()
            sign_off.revoked_reason = reason[:300]
            sign_off.save(update_fields=["revoked_at", "revoked_reason"])
            record(
                actor=by,
                action="portfolios.unit.sign_off_revoked",
                obj=enrolment,
                summary=f"{sign_off.unit} sign-off withdrawn: {reason}"[:300],
                unit=sign_off.unit_id,
            )
            revoked.append(sign_off)
    if revoked and enrolment.status == EnrolmentStatus.COMPLETE:
        set_enrolment_status(
            enrolment=enrolment, to=EnrolmentStatus.IN_PROGRESS, by=by, note=reason
        )
    return revoked
