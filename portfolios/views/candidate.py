"""The candidate's portfolio: units as a task list, evidence, adding and revising items."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe
from django_tables2 import RequestConfig

from core.audit import viewed
from core.concurrency import version_of
from core.downloads import private_download
from core.idempotency import idempotent
from core.page_cache import personal_page
from portfolios.enums import EnrolmentStatus, EvidenceKind, EvidenceStatus
from portfolios.forms import KIND_FORMS, DecisionForm
from portfolios.models import EvidenceFile
from portfolios.selectors import (
    attach_classroom_days,
    attach_progress,
    enrolments_of,
    evidence_of,
    unit_rows,
    with_progress,
)
from portfolios.services import PortfoliosError
from portfolios.services.evidence import create_evidence, revise_evidence, submit_evidence
from portfolios.tables import EVIDENCE_TAGS, EvidenceTable
from portfolios.views.common import content_from, evidence_or_404
from portfolios.views.library import library_context

OPEN = (EnrolmentStatus.REGISTERED, EnrolmentStatus.IN_PROGRESS)


def current_enrolment(user):
    """The candidate's enrolment to show: a live one first, else the latest."""
    enrolments = list(with_progress(enrolments_of(user)))
    live = [e for e in enrolments if e.status in OPEN]
    chosen = (live or enrolments or [None])[0]
    if chosen is not None:
        attach_progress([chosen])
        attach_classroom_days([chosen])
    return chosen


def portfolio_context(request, enrolment) -> dict:
    items = evidence_of(enrolment)
    if enrolment.candidate_id != request.user.pk:
        items = items.exclude(status=EvidenceStatus.DRAFT)  # drafts are the candidate's own
    table = EvidenceTable(items, prefix="evidence-")
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    units = unit_rows(enrolment)
    return {
        "enrolment": enrolment,
        "units": units,
        "table": table,
        "next_steps": _next_steps(enrolment, units),
        "open": enrolment.status in OPEN,
    }


def _next_steps(enrolment, units) -> list[str]:
    if enrolment.status not in OPEN:
        return []
    steps = []
    if enrolment.classroom_days < enrolment.qualification.classroom_days_required:
        steps.append(
            f"Attend your classroom days: {enrolment.classroom_days} of "
            f"{enrolment.qualification.classroom_days_required} so far."
        )
    referred = list(
        enrolment.evidence.filter(status=EvidenceStatus.REFERRED).values_list("title", flat=True)
    )
    for title in referred[:3]:
        steps.append(f"Revise “{title}” as your assessor’s feedback says, and resubmit it.")
    todo = [u for u in units if not u.signed_off and u.without_evidence]
    if todo:
        unit = todo[0]
        steps.append(
            f"Add evidence for {unit.unit.code}: {unit.without_evidence} of {unit.total} "
            "criteria have none yet."
        )
    ready = [u for u in units if not u.signed_off and u.total and u.met == u.total]
    if ready:
        steps.append(f"{len(ready)} unit(s) are ready for your assessor to sign off.")
    return steps


@login_required
def portfolio(request: HttpRequest) -> HttpResponse:
    return personal_page(request, lambda: _portfolio(request))


def _portfolio(request: HttpRequest) -> HttpResponse:
    enrolment = current_enrolment(request.user)
    if enrolment is None:
        return render(request, "portfolios/candidate/not_enrolled.html")
    return render(
        request, "portfolios/candidate/portfolio.html", portfolio_context(request, enrolment)
    )


def _own_open_enrolment(request):
    enrolment = current_enrolment(request.user)
    if enrolment is None or enrolment.status not in OPEN:
        raise Http404("No open enrolment")
    return enrolment


@login_required
@idempotent
def evidence_new(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in KIND_FORMS:
        raise Http404("No such kind of evidence")
    enrolment = _own_open_enrolment(request)
    form = KIND_FORMS[kind](request.POST or None, request.FILES or None, enrolment=enrolment)
    if request.method == "POST" and form.is_valid():
        submit = "submit" in request.POST
        try:
            evidence = create_evidence(
                enrolment=enrolment,
                kind=kind,
                title=form.cleaned_data["title"],
                criteria=list(form.cleaned_data["criteria"]),
                by=request.user,
                upload=form.cleaned_data.get("file"),
                content=content_from(form),
                submit=submit,
            )
        except PortfoliosError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _saved_message(evidence, submitted=submit))
            return redirect("portfolios:evidence_detail", pk=evidence.pk)
    return render(
        request,
        "portfolios/candidate/evidence_form.html",
        {"form": form, "kind": EvidenceKind(kind), "enrolment": enrolment, "evidence": None},
    )


def _saved_message(evidence, *, submitted: bool) -> str:
    if evidence.status == EvidenceStatus.AWAITING_WITNESS:
        return (
            f"“{evidence.title}” is saved and we have emailed your witness a link to confirm it. "
            "It goes to your assessor once they do."
        )
    if submitted:
        return f"“{evidence.title}” is submitted. Your assessor has been told."
    return f"“{evidence.title}” is saved as a draft. Submit it when it is ready."


@login_required
def evidence_edit(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = evidence_or_404(request, pk, "portfolios.change_evidence")
    if evidence.status not in (EvidenceStatus.DRAFT, EvidenceStatus.REFERRED):
        messages.info(
            request,
            "This evidence cannot be changed while it is being assessed or "
            "after it has been accepted.",
        )
        return redirect("portfolios:evidence_detail", pk=evidence.pk)
    version = evidence.versions.all()[0]
    initial = {
        "title": evidence.title,
        "criteria": [c.pk for c in evidence.criteria.all()],
        **{
            k: getattr(version, k)
            for k in (
                "description",
                "partners",
                "figures",
                "witness_name",
                "witness_email",
                "witness_role",
            )
        },
    }
    for section in ("scanning", "analysis", "response", "assessment"):
        initial[section] = getattr(version, section)
    form_class = KIND_FORMS[evidence.kind]
    extra = (
        {"file_required": evidence.status == EvidenceStatus.REFERRED}
        if evidence.kind == "file"
        else {}
    )
    form = form_class(
        request.POST or None,
        request.FILES or None,
        enrolment=evidence.enrolment,
        initial=initial,
        **extra,
    )
    if request.method == "POST" and form.is_valid():
        submit = "submit" in request.POST
        try:
            evidence = revise_evidence(
                evidence=evidence,
                title=form.cleaned_data["title"],
                criteria=list(form.cleaned_data["criteria"]),
                by=request.user,
                upload=form.cleaned_data.get("file"),
                content=content_from(form),
                submit=submit,
            )
        except PortfoliosError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _saved_message(evidence, submitted=submit))
            return redirect("portfolios:evidence_detail", pk=evidence.pk)
    return render(
        request,
        "portfolios/candidate/evidence_form.html",
        {
            "form": form,
            "kind": EvidenceKind(evidence.kind),
            "enrolment": evidence.enrolment,
            "evidence": evidence,
            "resubmission": evidence.status == EvidenceStatus.REFERRED,
        },
    )


@login_required
@require_POST
def evidence_submit(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = evidence_or_404(request, pk, "portfolios.change_evidence")
    try:
        evidence = submit_evidence(evidence=evidence, by=request.user)
    except PortfoliosError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _saved_message(evidence, submitted=True))
    return redirect("portfolios:evidence_detail", pk=evidence.pk)


# No login_required: anyone without permission, signed in or not, gets the same 404.
def evidence_detail(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = evidence_or_404(request, pk)
    user = request.user
    viewed(request, evidence, action="portfolios.evidence.viewed", summary=f"Viewed {evidence}")
    versions = list(evidence.versions.all())
    decisions = list(evidence.decisions.all())
    can_assess = evidence.status == EvidenceStatus.SUBMITTED and user.has_perm(
        "portfolios.assess_evidence", evidence
    )
    own = evidence.enrolment.candidate_id == user.pk
    return render(
        request,
        "portfolios/evidence_detail.html",
        {
            "evidence": evidence,
            "enrolment": evidence.enrolment,
            "versions": versions,
            "current": versions[0] if versions else None,
            "decisions": decisions,
            "history": [evidence, ("portfolios.decision", [d.pk for d in decisions])],
            "tag_class": EVIDENCE_TAGS[evidence.status],
            "own": own,
            "can_change": own
            and evidence.status in (EvidenceStatus.DRAFT, EvidenceStatus.REFERRED),
            "decision_form": (
                DecisionForm(initial={"version": version_of(evidence)}) if can_assess else None
            ),
            "now": timezone.now(),
            **library_context(request, evidence),
        },
    )


@require_safe
def evidence_download(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    stored = (
        EvidenceFile.objects.select_related("version__evidence__enrolment")
        .filter(version__evidence_id=pk, version__number=number)
        .first()
    )
    if stored is None:
        raise Http404("No such file")
    return private_download(
        request,
        stored,
        permission="portfolios.view_evidence",
        obj=stored.version.evidence,
        action="portfolios.evidence.downloaded",
    )


# --- the dashboard section ---------------------------------------------------------


def portfolio_section(request: HttpRequest) -> dict:
    enrolment = current_enrolment(request.user)
    if enrolment is None:
        return {"enrolment": None}
    units = unit_rows(enrolment)
    return {
        "enrolment": enrolment,
        "units": units,
        "next_steps": _next_steps(enrolment, units),
        "url": reverse("portfolios:portfolio"),
    }


urlpatterns = [
    path("", portfolio, name="portfolio"),
    path("evidence/new/<slug:kind>/", evidence_new, name="evidence_new"),
    path("evidence/<int:pk>/", evidence_detail, name="evidence_detail"),
    path("evidence/<int:pk>/edit/", evidence_edit, name="evidence_edit"),
    path("evidence/<int:pk>/submit/", evidence_submit, name="evidence_submit"),
    path(
        "evidence/<int:pk>/versions/<int:number>/file/", evidence_download, name="evidence_download"
    ),
]
