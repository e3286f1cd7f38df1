"""A signed-off case study and the What Works library: the candidate's consent, and the
library's side of it (shown through ``core.registry``: portfolios never imports cms)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_http_methods

from core.registry import practice_library
from portfolios.enums import EvidenceKind, EvidenceStatus
from portfolios.forms import LibraryConsentForm
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
    if not is_signed_off_case_study(evidence):
        return {"show_library": False}
    library = practice_library()
    panel = library.panel(request, kind=LIBRARY_KIND, pk=evidence.pk) if library else None
    return {
        "show_library": True,
        "library_panel": panel,
        "library_panel_template": library.panel_template if library else "",
    }


@login_required
@require_http_methods(["GET", "POST"])
def evidence_library(request: HttpRequest, pk: int) -> HttpResponse:
    """The candidate agrees to (or, before publication, withdraws from) publishing their
    signed-off case study in the What Works library."""
    evidence = evidence_or_404(request, pk)
    if evidence.enrolment.candidate_id != request.user.pk or not is_signed_off_case_study(evidence):
        raise Http404("No such case study")
    form = LibraryConsentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        withdrawing = "withdraw" in request.POST
        if withdrawing or form.is_valid():
            try:
                set_library_consent(evidence=evidence, by=request.user, consent=not withdrawing)
            except PortfoliosError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    "You have withdrawn your consent: the case study will not be published in "
                    "the What Works library."
                    if withdrawing
                    else "Thank you for agreeing: an editor will prepare your case study for "
                    "the What Works library.",
                )
                return redirect("portfolios:evidence_detail", pk=evidence.pk)
    return render(
        request,
        "portfolios/candidate/evidence_library.html",
        {"evidence": evidence, "form": form, "statement": LIBRARY_CONSENT_STATEMENT},
    )


urlpatterns = [path("evidence/<int:pk>/library/", evidence_library, name="evidence_library")]
