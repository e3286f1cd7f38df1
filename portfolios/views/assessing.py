"""The assessor's queue and candidates, decisions on evidence and unit sign-off."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from core.concurrency import refresh_version
from core.page_cache import personal_page
from portfolios.enums import EnrolmentStatus, EvidenceStatus
from portfolios.forms import (
    AssessorForm,
    DecisionForm,
    EndEnrolmentForm,
    RegistrationNumberForm,
)
from portfolios.models import AssessorAssignment, Unit
from portfolios.selectors import (
    assessment_queue,
    attach_classroom_days,
    attach_progress,
    candidates_of,
    with_progress,
)
from portfolios.services import PortfoliosError
from portfolios.services.assessment import decide, sign_off_unit
from portfolios.services.assessors import assign_assessor, rank_candidates
from portfolios.services.enrolments import (
    TRANSITIONS,
    set_enrolment_status,
    set_registration_number,
)
from portfolios.tables import EVIDENCE_TAGS, EnrolmentTable, QueueTable
from portfolios.views.candidate import portfolio_context
from portfolios.views.common import enrolment_or_404, evidence_or_404


@login_required
def assessing(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("portfolios.view_assessing"):
        raise PermissionDenied("This page is for assessors.")
    return personal_page(request, lambda: _assessing(request))


def _assessing(request: HttpRequest) -> HttpResponse:
    queue = QueueTable(assessment_queue(request.user), prefix="queue-")
    candidates = EnrolmentTable(
        candidates_of(request.user),
        prefix="candidates-",
        exclude=("assessor", "cohort", "qualification"),
    )
    config = RequestConfig(request, paginate={"per_page": 25})
    config.configure(queue)
    config.configure(candidates)
    return render(
        request, "portfolios/assessing/index.html", {"queue": queue, "candidates": candidates}
    )


@login_required
@require_POST
def decide_view(request: HttpRequest, pk: int) -> HttpResponse:
    # Only this enrolment's assessor decides: anyone else who may read the item (its
    # candidate, the programme team) gets the same 404 as a stranger.
    evidence = evidence_or_404(request, pk, "portfolios.assess_evidence")
    form = DecisionForm(request.POST)

    def again(status: int) -> HttpResponse:
        """The page with the form as it was sent, its errors shown."""
        versions = list(evidence.versions.all())
        return render(
            request,
            "portfolios/evidence_detail.html",
            {
                "evidence": evidence,
                "enrolment": evidence.enrolment,
                "versions": versions,
                "current": versions[0],
                "decisions": list(evidence.decisions.all()),
                "tag_class": EVIDENCE_TAGS[evidence.status],
                "decision_form": form,
            },
            status=status,
        )

    if not form.is_valid():
        return again(400)
    try:
        decision = decide(
            evidence=evidence,
            outcome=form.cleaned_data["outcome"],
            feedback=form.cleaned_data["feedback"],
            by=request.user,
            seen_version=form.cleaned_data.get("version"),
        )
    except PortfoliosError as error:
        if error.code == "stale":
            # Keep the feedback typed; show what changed (the page is current again).
            evidence = evidence_or_404(request, pk, "portfolios.assess_evidence")
            form.add_error(None, str(error))
            refresh_version(form, evidence)
            return again(409)
        messages.error(request, str(error))
        return redirect("portfolios:evidence_detail", pk=evidence.pk)
    verb = "accepted" if decision.outcome == "accepted" else "referred back"
    messages.success(
        request,
        f"You {verb} “{evidence.title}”. {evidence.enrolment.candidate.display_name} has been "
        "told.",
    )
    return redirect("portfolios:enrolment_detail", pk=evidence.enrolment_id)


@login_required
def enrolment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A candidate's portfolio as their assessor or the programme team sees it."""
    enrolment = enrolment_or_404(request, pk)
    if enrolment.candidate_id == request.user.pk:
        return redirect("portfolios:portfolio")
    enrolment = (
        with_progress(type(enrolment).objects.filter(pk=enrolment.pk))
        .select_related("candidate__team", "qualification", "assessor", "cohort")
        .get()
    )
    attach_progress([enrolment])
    attach_classroom_days([enrolment])
    context = portfolio_context(request, enrolment)
    context["table"].empty_text = "No evidence added yet."
    context["can_sign_off"] = request.user.has_perm("portfolios.sign_off_unit", enrolment)
    context["manages"] = request.user.has_perm("portfolios.manage_enrolments")
    context["can_end"] = EnrolmentStatus.WITHDRAWN in TRANSITIONS[enrolment.status]
    if context["manages"]:
        context["registration_form"] = RegistrationNumberForm(
            initial={"number": enrolment.registration_number}
        )
    context["assignments"] = list(
        AssessorAssignment.objects.filter(enrolment=enrolment).select_related(
            "assessor", "assigned_by"
        )
    )
    context["waiting"] = list(
        enrolment.evidence.filter(status=EvidenceStatus.SUBMITTED).order_by("submitted_at")
    )
    context["history"] = [
        enrolment,
        # Drafts are the candidate's own: their history is not shown here either.
        (
            "portfolios.evidence",
            list(
                enrolment.evidence.exclude(status=EvidenceStatus.DRAFT).values_list("pk", flat=True)
            ),
        ),
    ]
    return render(request, "portfolios/assessing/enrolment.html", context)


@login_required
@require_POST
def sign_off(request: HttpRequest, pk: int, unit_pk: int) -> HttpResponse:
    enrolment = enrolment_or_404(request, pk, "portfolios.sign_off_unit")
    unit = get_object_or_404(Unit, pk=unit_pk, qualification=enrolment.qualification_id)
    try:
        sign_off_unit(enrolment=enrolment, unit=unit, by=request.user)
    except PortfoliosError as error:
        messages.error(request, str(error))
    else:
        enrolment.refresh_from_db(fields=["status"])
        extra = (
            " Every unit is signed off: the qualification is complete."
            if (enrolment.status == "complete")
            else ""
        )
        messages.success(request, f"You signed off {unit}.{extra}")
    return redirect("portfolios:enrolment_detail", pk=enrolment.pk)


@login_required
def change_assessor(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = enrolment_or_404(request, pk, "portfolios.manage_enrolments")
    eligible = rank_candidates(enrolment.candidate)
    form = AssessorForm(request.POST or None, eligible=eligible)
    if request.method == "POST" and form.is_valid():
        try:
            enrolment = assign_assessor(
                enrolment=enrolment,
                assessor=form.cleaned_data["assessor"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except PortfoliosError as error:
            form.add_error("assessor", str(error))
        else:
            who = enrolment.assessor.display_name if enrolment.assessor else "nobody"
            messages.success(request, f"{enrolment.candidate.display_name}’s assessor is {who}.")
            return redirect("portfolios:enrolment_detail", pk=enrolment.pk)
    return render(
        request, "portfolios/cohort/assessor.html", {"form": form, "enrolment": enrolment}
    )


@login_required
@require_POST
def registration_number(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = enrolment_or_404(request, pk, "portfolios.manage_enrolments")
    form = RegistrationNumberForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Enter the registration number (up to 40 characters).")
    else:
        try:
            set_registration_number(
                enrolment=enrolment, number=form.cleaned_data["number"], by=request.user
            )
        except PortfoliosError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Registration number saved.")
    return redirect("portfolios:enrolment_detail", pk=enrolment.pk)


@login_required
def end_enrolment(request: HttpRequest, pk: int) -> HttpResponse:
    """The programme team withdraws an enrolment, or records that it lapsed, with a reason."""
    enrolment = enrolment_or_404(request, pk, "portfolios.manage_enrolments")
    form = EndEnrolmentForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                enrolment = set_enrolment_status(
                    enrolment=enrolment,
                    to=form.cleaned_data["status"],
                    by=request.user,
                    note=form.cleaned_data["reason"],
                )
            except PortfoliosError as error:
                form.add_error("status", str(error))
            else:
                messages.success(
                    request,
                    f"{enrolment.candidate.display_name}’s enrolment is "
                    f"{enrolment.get_status_display().lower()}. They have been told.",
                )
                return redirect("portfolios:enrolment_detail", pk=enrolment.pk)
        status = 400
    return render(
        request,
        "portfolios/cohort/end.html",
        {
            "form": form,
            "enrolment": enrolment,
            "can_end": EnrolmentStatus.WITHDRAWN in TRANSITIONS[enrolment.status],
        },
        status=status,
    )


def assessor_section(request: HttpRequest) -> dict:
    queue = list(assessment_queue(request.user)[:5])
    return {
        "queue": queue,
        "waiting": assessment_queue(request.user).count(),
        "candidates": candidates_of(request.user).count(),
        "url": reverse("portfolios:assessing"),
    }


urlpatterns = [
    path("assessing/", assessing, name="assessing"),
    path("evidence/<int:pk>/decide/", decide_view, name="evidence_decide"),
    path("enrolments/<int:pk>/", enrolment_detail, name="enrolment_detail"),
    path("enrolments/<int:pk>/units/<int:unit_pk>/sign-off/", sign_off, name="unit_sign_off"),
    path("enrolments/<int:pk>/assessor/", change_assessor, name="change_assessor"),
    path("enrolments/<int:pk>/registration/", registration_number, name="registration_number"),
    path("enrolments/<int:pk>/end/", end_enrolment, name="end_enrolment"),
]
