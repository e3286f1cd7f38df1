"""Helpers shared by the portfolio views: objects fetched with a permission, or 404."""

from django.http import Http404

from core.audit import Refused
from portfolios.models import Enrolment, Evidence
from portfolios.selectors import evidence_for_page


def evidence_or_404(request, pk: int, permission: str = "portfolios.view_evidence") -> Evidence:
    """The item, if the user has ``permission`` on it; 404 either way otherwise, so other
    people's evidence ids cannot be probed."""
    try:
        evidence = evidence_for_page(pk)
    except Evidence.DoesNotExist as missing:
        raise Http404("No such evidence") from missing
    if not request.user.has_perm(permission, evidence):
        raise Refused("No such evidence", obj=evidence, action=permission)
    return evidence


def enrolment_or_404(request, pk: int, permission: str = "portfolios.view_enrolment") -> Enrolment:
    enrolment = (
        Enrolment.objects.select_related("candidate__team", "qualification", "assessor", "cohort")
        .filter(pk=pk)
        .first()
    )
    if enrolment is None:
        raise Http404("No such enrolment")
    if not request.user.has_perm(permission, enrolment):
        raise Refused("No such enrolment", obj=enrolment, action=permission)
    return enrolment


def content_from(form) -> dict:
    keys = (
        "description",
        "scanning",
        "analysis",
        "response",
        "assessment",
        "partners",
        "figures",
        "witness_name",
        "witness_email",
        "witness_role",
    )
    return {k: form.cleaned_data.get(k, "") for k in keys}
