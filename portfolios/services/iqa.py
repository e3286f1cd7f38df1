"""Internal quality assurance: which decisions are sampled, and the IQA's review of them.

The sampling plan per assessor: every decision of a new assessor is sampled
until ``new_assessor_decisions`` of their sampled decisions have been agreed;
after that one decision in every ``100 / rate_percent`` (deterministic, so the
rate holds exactly and tests can say which decision is sampled).
"""

from django.db import transaction
from django.utils import timezone

from core.audit import record
from portfolios.enums import EnrolmentStatus, EvidenceStatus, IQAStatus, Outcome
from portfolios.models import Decision, IQAReview, SamplingPlan
from portfolios.services import PortfoliosError
from portfolios.services.evidence import set_evidence_status

DEFAULT_NEW_ASSESSOR_DECISIONS = 5
DEFAULT_RATE_PERCENT = 25


def plan_for(assessor) -> SamplingPlan:
    """The assessor's plan (the defaults, unsaved, if none was set)."""
    return SamplingPlan.objects.filter(assessor=assessor).first() or SamplingPlan(
        assessor=assessor,
        new_assessor_decisions=DEFAULT_NEW_ASSESSOR_DECISIONS,
        rate_percent=DEFAULT_RATE_PERCENT,
    )


def is_due(decision: Decision) -> bool:
    plan = plan_for(decision.assessor)
    agreed = IQAReview.objects.filter(
        decision__assessor=decision.assessor, status=IQAStatus.AGREED
    ).count()
    if agreed < plan.new_assessor_decisions:
        return True
    if plan.rate_percent <= 0:
        return False
    every = max(1, round(100 / plan.rate_percent))
    made = Decision.objects.filter(assessor=decision.assessor, pk__lte=decision.pk).count()
    return made % every == 0


@transaction.atomic
def sample_if_due(*, decision: Decision) -> IQAReview | None:
    """Put the decision in the IQA queue if the assessor's plan says so."""
    if not is_due(decision):
        return None
    review, _ = IQAReview.objects.get_or_create(decision=decision)
    record(
        actor=None,
        action="portfolios.iqa.sampled",
        obj=review,
        summary=f"Sampled for IQA: {decision}",
    )
    return review


@transaction.atomic
def set_sampling_plan(
    *, assessor, new_assessor_decisions: int, rate_percent: int, by
) -> SamplingPlan:
    if not by.has_perm("portfolios.manage_enrolments"):
        raise PortfoliosError("Only the programme team sets sampling plans.", code="not_allowed")
    if not 0 <= rate_percent <= 100:
        raise PortfoliosError("The sampling rate is a percentage from 0 to 100.", code="rate")
    plan, _ = SamplingPlan.objects.update_or_create(
        assessor=assessor,
        defaults={"new_assessor_decisions": new_assessor_decisions, "rate_percent": rate_percent},
    )
    record(actor=by, action="portfolios.iqa.plan", obj=plan, summary=str(plan))
    return plan


@transaction.atomic
def review_decision(*, review: IQAReview, agree: bool, notes: str, by) -> IQAReview:
    """The IQA agrees or disagrees with a sampled decision (the review's transition).

    Disagreeing needs notes, reopens the decision (the item goes back to the
    assessor's queue; a unit signed off on it is withdrawn) and tells the assessor.
    """
    from portfolios.services import notifications
    from portfolios.services.assessment import revoke_unmet_sign_offs
    from portfolios.services.progress import refresh_at_risk

    review = (
        IQAReview.objects.select_for_update(of=("self",))
        .select_related("decision__evidence__enrolment", "decision__assessor")
        .get(pk=review.pk)
    )
    if not by.has_perm("portfolios.review_decision", review):
        raise PortfoliosError(
            "Only an internal quality assurer who did not make the decision can review it.",
            code="not_allowed",
        )
    if review.status != IQAStatus.PENDING:
        raise PortfoliosError("This decision has already been reviewed.", code="reviewed")
    notes = (notes or "").strip()
    decision = review.decision
    evidence = decision.evidence
    enrolment = evidence.enrolment
    if not agree:
        if not notes:
            raise PortfoliosError(
                "Say why you disagree, so the assessor can look again.", code="notes"
            )
        if enrolment.status not in (EnrolmentStatus.IN_PROGRESS, EnrolmentStatus.COMPLETE):
            raise PortfoliosError(
                f"This enrolment is {enrolment.get_status_display().lower()}, so the decision "
                "cannot be reopened.",
                code="enrolment_closed",
            )
        current = evidence.decisions.order_by("-decided_at", "-pk").first()
        if current.pk != decision.pk:
            raise PortfoliosError(
                "A later decision on this evidence replaced this one.", code="superseded"
            )
    now = timezone.now()
    review.status = IQAStatus.AGREED if agree else IQAStatus.DISAGREED
    review.reviewer, review.notes, review.reviewed_at = by, notes, now
    review.save(update_fields=["status", "reviewer", "notes", "reviewed_at"])
    record(
        actor=by,
        action=f"portfolios.iqa.{review.status}",
        obj=review,
        summary=f"IQA {review.get_status_display().lower()}: {decision}",
        notes=notes,
    )
    if not agree:
        decision.reopened_at = now
        decision.save(update_fields=["reopened_at"])
        set_evidence_status(
            evidence=evidence, to=EvidenceStatus.SUBMITTED, by=by, note="reopened by IQA"
        )
        if decision.outcome == Outcome.ACCEPTED:
            revoke_unmet_sign_offs(
                enrolment=enrolment, reason=f"IQA reopened “{evidence.title}”", by=by
            )
        notifications.decision_reopened(review=review)
        refresh_at_risk(enrolment_ids=[enrolment.pk])
    return review
