"""The IQA's sample queue and the review of one sampled decision."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django_tables2 import RequestConfig

from core.page_cache import personal_page
from portfolios.forms import IQAReviewForm
from portfolios.models import IQAReview
from portfolios.selectors import iqa_queue, iqa_reviewed
from portfolios.services import PortfoliosError
from portfolios.services.iqa import review_decision
from portfolios.tables import IQAQueueTable, mark_reviewable


@login_required
def quality(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("portfolios.view_quality"):
        raise PermissionDenied("This page is for internal quality assurers.")
    return personal_page(request, lambda: _quality(request))


def _quality(request: HttpRequest) -> HttpResponse:
    table = IQAQueueTable(iqa_queue(request.user), prefix="queue-")
    table.reviewer = request.user
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    return render(
        request,
        "portfolios/quality/index.html",
        {"table": table, "reviewed": list(iqa_reviewed(request.user)[:10])},
    )


@login_required
def review(request: HttpRequest, pk: int) -> HttpResponse:
    item = (
        IQAReview.objects.select_related(
            "decision__assessor",
            "decision__version",
            "decision__evidence__enrolment__candidate",
            "decision__evidence__enrolment__qualification",
        )
        .filter(pk=pk)
        .first()
    )
    if item is None or not request.user.has_perm("portfolios.review_decision", item):
        raise Http404("No such review")
    form = IQAReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        agree = form.cleaned_data["verdict"] == "agree"
        try:
            review_decision(
                review=item, agree=agree, notes=form.cleaned_data["notes"], by=request.user
            )
        except PortfoliosError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                "You agreed with the decision."
                if agree
                else "You disagreed: the decision is reopened and the assessor has been told.",
            )
            return redirect("portfolios:quality")
    evidence = item.decision.evidence
    return render(
        request,
        "portfolios/quality/review.html",
        {
            "review": item,
            "decision": item.decision,
            "evidence": evidence,
            "criteria": list(evidence.criteria.select_related("unit")),
            "form": form,
        },
    )


def iqa_section(request: HttpRequest) -> dict:
    return {
        "queue": mark_reviewable(request.user, list(iqa_queue(request.user)[:5])),
        "waiting": iqa_queue(request.user).count(),
        "url": reverse("portfolios:quality"),
    }


urlpatterns = [
    path("quality/", quality, name="quality"),
    path("quality/<int:pk>/", review, name="iqa_review"),
]
