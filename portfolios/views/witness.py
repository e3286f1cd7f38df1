"""The witness's page: no account, a personal link that works once and expires."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.views.decorators.cache import never_cache

from portfolios.forms import WitnessConfirmForm
from portfolios.services import PortfoliosError
from portfolios.services.evidence import confirm_witness, witness_link_for


@never_cache
def witness(request: HttpRequest, token: str) -> HttpResponse:
    try:
        link = witness_link_for(token)
    except PortfoliosError as error:
        return render(
            request,
            "portfolios/witness/unavailable.html",
            {"reason": str(error)},
            status=410 if error.code in ("witness_link_used", "witness_link_expired") else 404,
        )
    version = link.version
    form = WitnessConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            confirm_witness(
                token=token,
                statement=form.cleaned_data["statement"],
                confirmed=form.cleaned_data["confirmed"],
            )
        except PortfoliosError as error:
            form.add_error(None, str(error))
        else:
            return render(request, "portfolios/witness/thanks.html", {"version": version})
    return render(
        request,
        "portfolios/witness/confirm.html",
        {
            "form": form,
            "version": version,
            "evidence": version.evidence,
            "candidate": version.evidence.enrolment.candidate,
        },
    )


urlpatterns = [path("witness/<str:token>/", witness, name="witness")]
