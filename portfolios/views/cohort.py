"""The coordinator's pages: the cohort table and export, enrolling, the claim, certificates."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from core.exports import table_xlsx_response, xlsx_response
from core.page_cache import personal_page
from portfolios.enums import EnrolmentStatus
from portfolios.forms import CertifyForm, CohortFilterForm, EnrolForm
from portfolios.models import Claim, Cohort, Enrolment
from portfolios.selectors import (
    attach_classroom_days,
    attach_progress,
    claim_rows,
    claimable,
    cohort_enrolments,
)
from portfolios.services import PortfoliosError
from portfolios.services.claims import create_claim, record_certificates
from portfolios.services.enrolments import bulk_enrol
from portfolios.tables import ClaimableTable, EnrolmentTable

CLAIM_HEADERS = [
    "Registration number",
    "Qualification",
    "Units achieved",
    "Assessor",
    "Internal quality assurer",
    "Completion date",
]


def _require_manager(request) -> None:
    if not request.user.has_perm("portfolios.manage_enrolments"):
        raise PermissionDenied("This page is for the programme team.")


def _filtered(request):
    form = CohortFilterForm(request.GET or None)
    return form, form.filter(cohort_enrolments())


@login_required
def cohort(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    return personal_page(request, lambda: _cohort(request))


def _cohort(request: HttpRequest) -> HttpResponse:
    form, queryset = _filtered(request)
    table = EnrolmentTable(queryset)
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    return render(
        request,
        "portfolios/cohort/index.html",
        {
            "filter_form": form,
            "table": table,
            "export_query": request.GET.urlencode(),
            "at_risk": Enrolment.objects.filter(at_risk=True).count(),
            "flagged": Enrolment.objects.exclude(assessor_flag="")
            .filter(status__in=[EnrolmentStatus.REGISTERED, EnrolmentStatus.IN_PROGRESS])
            .count(),
        },
    )


@login_required
def cohort_export(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    _form, queryset = _filtered(request)
    records = attach_classroom_days(attach_progress(list(queryset)))
    table = EnrolmentTable(records)
    RequestConfig(request, paginate=False).configure(table)
    table.columns.show("registration_number")
    table.columns.show("at_risk")
    table.columns.show("assessor_flag")
    return table_xlsx_response(
        table, filename=f"portfolio-cohort-{timezone.localdate():%Y-%m-%d}", sheet_title="Cohort"
    )


@login_required
def enrol(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        group, _ = Cohort.objects.get_or_create(
            name=data["cohort_name"].strip(),
            defaults={"qualification": data["qualification"], "starts_on": data["start_date"]},
        )
        try:
            enrolled, problems = bulk_enrol(
                candidates=list(data["candidates"]),
                qualification=data["qualification"],
                start_date=data["start_date"],
                cohort=group,
                by=request.user,
            )
        except PortfoliosError as error:
            form.add_error(None, str(error))
        else:
            if enrolled:
                messages.success(
                    request,
                    f"Enrolled {len(enrolled)} candidate{'s' if len(enrolled) != 1 else ''} on "
                    f"{data['qualification'].title}, each with an assessor.",
                )
            for problem in problems:
                messages.warning(request, problem)
            return redirect(reverse("portfolios:cohort") + f"?cohort={group.pk}")
    return render(request, "portfolios/cohort/enrol.html", {"form": form})


@login_required
def claim(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    if request.method == "POST":
        ids = [int(i) for i in request.POST.getlist("enrolment") if i.isdigit()]
        chosen = list(claimable().filter(pk__in=ids))
        try:
            made = create_claim(enrolments=chosen, by=request.user)
        except PortfoliosError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                f"Claim {made.pk} made for {len(chosen)} candidate"
                f"{'s' if len(chosen) != 1 else ''}. Download it and send it to the awarding body.",
            )
            return redirect(reverse("portfolios:claim") + f"#claim-{made.pk}")
        return redirect("portfolios:claim")
    table = ClaimableTable(claimable())
    RequestConfig(request, paginate=False).configure(table)
    claims = list(
        Claim.objects.select_related("qualification", "created_by").prefetch_related("enrolments")[
            :20
        ]
    )
    claimed = list(
        Enrolment.objects.filter(status=EnrolmentStatus.CLAIMED)
        .select_related("candidate", "qualification")
        .order_by("claimed_on", "pk")
    )
    return render(
        request,
        "portfolios/cohort/claim.html",
        {"table": table, "claims": claims, "claimed": claimed, "certify_form": CertifyForm()},
    )


@login_required
def claim_download(request: HttpRequest, pk: int) -> HttpResponse:
    _require_manager(request)
    made = Claim.objects.filter(pk=pk).select_related("qualification").first()
    if made is None:
        raise Http404("No such claim")
    enrolments = made.enrolments.select_related("qualification", "assessor").order_by("pk")
    rows = [
        [
            r["registration_number"],
            r["qualification"],
            r["units"],
            r["assessor"],
            r["iqa"],
            r["completed_on"],
        ]
        for r in claim_rows(enrolments)
    ]
    return xlsx_response(
        filename=f"claim-{made.pk}-{made.created_at:%Y-%m-%d}",
        sheet_title="Claim",
        headers=CLAIM_HEADERS,
        rows=rows,
    )


@login_required
@require_POST
def certify(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    form = CertifyForm(request.POST)
    ids = [int(i) for i in request.POST.getlist("enrolment") if i.isdigit()]
    chosen = list(Enrolment.objects.filter(pk__in=ids, status=EnrolmentStatus.CLAIMED))
    if not form.is_valid():
        messages.error(request, "Enter the date on the certificates (between 2000 and 2100).")
    elif not chosen:
        messages.error(request, "Select the candidates whose certificates have arrived.")
    else:
        try:
            count = record_certificates(
                enrolments=chosen, on=form.cleaned_data["certified_on"], by=request.user
            )
        except PortfoliosError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"Recorded {count} certificate{'s' if count != 1 else ''}.")
    return redirect("portfolios:claim")


def coordinator_section(request: HttpRequest) -> dict:
    live = [EnrolmentStatus.REGISTERED, EnrolmentStatus.IN_PROGRESS]
    return {
        "live": Enrolment.objects.filter(status__in=live).count(),
        "at_risk": Enrolment.objects.filter(status__in=live, at_risk=True).count(),
        "flagged": Enrolment.objects.filter(status__in=live).exclude(assessor_flag="").count(),
        "claimable": Enrolment.objects.filter(status=EnrolmentStatus.COMPLETE).count(),
    }


urlpatterns = [
    path("cohort/", cohort, name="cohort"),
    path("cohort/export/", cohort_export, name="cohort_export"),
    path("cohort/enrol/", enrol, name="enrol"),
    path("claim/", claim, name="claim"),
    path("claim/<int:pk>/download/", claim_download, name="claim_download"),
    path("claim/certify/", certify, name="certify"),
]
