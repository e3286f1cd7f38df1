"""Object permissions for portfolios (django-rules predicates checked against the object)."""

import rules

from people.rules import add_personal_perm, is_admin, is_assessor, is_iqa


def _enrolment(obj):
    """The enrolment an object belongs to (an enrolment, evidence or an IQA review)."""
    if obj is None:
        return None
    if hasattr(obj, "decision"):  # IQAReview
        obj = obj.decision.evidence
    return getattr(obj, "enrolment", obj)


@rules.predicate
def is_candidate_of(user, obj) -> bool:
    enrolment = _enrolment(obj)
    return enrolment is not None and enrolment.candidate_id == user.pk


@rules.predicate
def is_assessor_of(user, obj) -> bool:
    enrolment = _enrolment(obj)
    return enrolment is not None and enrolment.assessor_id == user.pk


@rules.predicate
def is_shared(user, obj) -> bool:
    """Evidence past the draft stage (drafts are the candidate's own); any enrolment."""
    from portfolios.enums import EvidenceStatus

    return getattr(obj, "status", None) != EvidenceStatus.DRAFT or not hasattr(obj, "kind")


@rules.predicate
def is_iqa_sampling(user, evidence) -> bool:
    """An IQA may read evidence whose decision was sampled for review."""
    from portfolios.models import IQAReview

    return evidence is not None and IQAReview.objects.filter(decision__evidence=evidence).exists()


@rules.predicate
def made_the_decision(user, review) -> bool:
    return review is not None and review.decision.assessor_id == user.pk


authenticated = rules.is_authenticated

rules.add_perm(
    "portfolios.view_enrolment", authenticated & (is_candidate_of | is_assessor_of | is_admin)
)
rules.add_perm(
    "portfolios.view_evidence",
    authenticated
    & (is_candidate_of | (is_shared & (is_assessor_of | is_admin | (is_iqa & is_iqa_sampling)))),
)
add_personal_perm("portfolios.change_evidence", authenticated & is_candidate_of)
add_personal_perm(
    "portfolios.assess_evidence", authenticated & is_assessor & is_assessor_of & ~is_candidate_of
)
add_personal_perm(
    "portfolios.sign_off_unit", authenticated & is_assessor & is_assessor_of & ~is_candidate_of
)
add_personal_perm("portfolios.review_decision", authenticated & is_iqa & ~made_the_decision)
rules.add_perm("portfolios.view_assessing", authenticated & (is_assessor | is_admin))
rules.add_perm("portfolios.view_quality", authenticated & (is_iqa | is_admin))
rules.add_perm("portfolios.manage_enrolments", authenticated & is_admin)
