"""A finalist's entry and the What Works library: the lead entrant's consent, and the
library's side of the entry (``core.library``; awards never imports cms)."""

from functools import partial

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import path, reverse
from django.views.decorators.http import require_http_methods

from awards import selectors
from awards.models import Entry
from awards.services import AwardsError
from awards.services.entries import (
    FINALISTS,
    LIBRARY_CONSENT_STATEMENT,
    LIBRARY_KIND,
    set_library_consent,
)
from core.library import consent_page, section_context


def library_context(request: HttpRequest, entry: Entry) -> dict:
    """For an entry page: whether it has a library section and the library's panel in it."""
    return section_context(
        request, kind=LIBRARY_KIND, pk=entry.pk, eligible=entry.status in FINALISTS
    )


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
    return consent_page(
        request,
        obj=entry,
        set_consent=partial(set_library_consent, entry=entry),
        error=AwardsError,
        noun="entry",
        statement=LIBRARY_CONSENT_STATEMENT,
        template="awards/entry_library.html",
        done_url=reverse("awards:entry_detail", args=[entry.pk]),
        context={"entry": entry},
    )


urlpatterns = [path("entries/<int:pk>/library/", entry_library, name="entry_library")]
