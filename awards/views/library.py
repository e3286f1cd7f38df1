"""A finalist's entry and the What Works library: the lead entrant's consent, and the
library's side of the entry (shown through ``core.registry``: awards never imports cms)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_http_methods

from awards import selectors
from awards.forms import LibraryConsentForm
from awards.models import Entry
from awards.services import AwardsError
from awards.services.entries import (
    FINALISTS,
    LIBRARY_CONSENT_STATEMENT,
    LIBRARY_KIND,
    set_library_consent,
)
from core.registry import practice_library


def library_context(request: HttpRequest, entry: Entry) -> dict:
    """For an entry page: whether it has a library section and the library's panel in it."""
    if entry.status not in FINALISTS:
        return {"show_library": False}
    library = practice_library()
    panel = library.panel(request, kind=LIBRARY_KIND, pk=entry.pk) if library else None
    return {
        "show_library": True,
        "library_panel": panel,
        "library_panel_template": library.panel_template if library else "",
    }


@login_required
@require_http_methods(["GET", "POST"])
def entry_library(request: HttpRequest, pk: int) -> HttpResponse:
    """The lead entrant agrees to (or, before publication, withdraws from) publishing a
    finalist's entry in the What Works library."""
    try:
        entry = selectors.entry_for_team(pk)
    except Entry.DoesNotExist as missing:
        raise Http404("No such entry") from missing
    if not request.user.has_perm("awards.submit_entry", entry) or entry.status not in FINALISTS:
        raise Http404("No such entry")
    form = LibraryConsentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        withdrawing = "withdraw" in request.POST
        if withdrawing or form.is_valid():
            try:
                set_library_consent(entry=entry, by=request.user, consent=not withdrawing)
            except AwardsError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    "You have withdrawn your consent: the entry will not be published in the "
                    "What Works library."
                    if withdrawing
                    else "Thank you for agreeing: an editor will prepare your entry for the "
                    "What Works library.",
                )
                return redirect("awards:entry_detail", pk=entry.pk)
    return render(
        request,
        "awards/entry_library.html",
        {"entry": entry, "form": form, "statement": LIBRARY_CONSENT_STATEMENT},
    )


urlpatterns = [path("entries/<int:pk>/library/", entry_library, name="entry_library")]
