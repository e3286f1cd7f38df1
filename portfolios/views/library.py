"""A signed-off case study and the What Works library: the candidate's consent, and the
library's side of it (``core.library``; portfolios never imports cms)."""

from functools import partial

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import path, reverse
from django.views.decorators.http import require_http_methods

from core.library import consent_page, section_context
from portfolios.enums import EvidenceKind, EvidenceStatus
from portfolios.models import Evidence
from portfolios.selectors import signed_off_case_study
from portfolios.services import PortfoliosError
from portfolios.services.evidence import (
    LIBRARY_CONSENT_STATEMENT,
    LIBRARY_KIND,
    set_library_consent,
)
from portfolios.views.common import evidence_or_404


def is_signed_off_case_study(evidence: Evidence) -> bool:
    return (
        evidence.kind == EvidenceKind.CASE_STUDY
        and evidence.status == EvidenceStatus.ACCEPTED
        and signed_off_case_study(evidence.pk) is not None
    )


def library_context(request: HttpRequest, evidence: Evidence) -> dict:
    """For the evidence page: whether it has a library section and the library's panel."""
    return section_context(
        request,
        kind=LIBRARY_KIND,
        pk=evidence.pk,
        eligible=is_signed_off_case_study(evidence),
    )


@login_required
@require_http_methods(["GET", "POST"])
def evidence_library(request: HttpRequest, pk: int) -> HttpResponse:
    """The candidate agrees to (or, before publication, withdraws from) publishing their
    signed-off case study in the What Works library."""
    evidence = evidence_or_404(request, pk)
    if evidence.enrolment.candidate_id != request.user.pk or not is_signed_off_case_study(evidence):
        raise Http404("No such case study")
    return consent_page(
        request,
        obj=evidence,
        set_consent=partial(set_library_consent, evidence=evidence),
        error=PortfoliosError,
        noun="case study",
        statement=LIBRARY_CONSENT_STATEMENT,
        template="portfolios/candidate/evidence_library.html",
        done_url=reverse("portfolios:evidence_detail", args=[evidence.pk]),
        context={"evidence": evidence},
    )


urlpatterns = [path("evidence/<int:pk>/library/", evidence_library, name="evidence_library")]
