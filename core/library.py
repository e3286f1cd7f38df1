"""Consent to publish practice in the What Works library: the one shape both sources share.

Awards (a finalist's entry) and portfolios (a signed-off work-based case study) each hold
the owner's consent on their own row, in three fields: ``library_consent_at``,
``library_consent_by`` and ``library_consent_statement``. Each app keeps its own rule for
who may consent and what may be published, and calls these for the rest: the change itself
(``change_consent``), the source page's library section (``section_context``) and the
consent page (``consent_page``). The library is reached through
``core.registry.practice_library``, so neither source imports the CMS.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from core.audit import record
from core.registry import practice_library

CONSENT_FIELDS = ["library_consent_at", "library_consent_by", "library_consent_statement"]


class LibraryConsentForm(forms.Form):
    agree = forms.BooleanField(
        label="I agree to this",
        error_messages={"required": "Tick the box to agree to publication in the library"},
    )


def change_consent(
    obj,
    *,
    by,
    consent: bool,
    kind: str,
    statement: str,
    noun: str,
    action: str,
    error: type[Exception],
    check_eligible: Callable[[], None],
    now: datetime.datetime | None = None,
):
    """Give (``consent=True``) or withdraw the owner's consent on ``obj``.

    Precondition: the caller holds ``obj``'s row lock and has checked that ``by`` is its
    owner. ``check_eligible()`` raises the app's own error when ``obj`` may not be
    published; it is called only when consent is newly given. Withdrawal is refused once
    the library has published it; otherwise the library drops its draft. Asking for what
    is already so changes nothing; every change is audited as ``{action}_given`` or
    ``{action}_withdrawn``.
    """
    library = practice_library()
    if consent:
        if obj.library_consent_at is not None:
            return obj
        check_eligible()
        obj.library_consent_at, obj.library_consent_by = now or timezone.now(), by
        obj.library_consent_statement = statement
    else:
        if obj.library_consent_at is None:
            return obj
        if library is not None and library.published(kind=kind, pk=obj.pk):
            raise error(
                f"This {noun} has already been published in the What Works library, so "
                "consent can no longer be withdrawn here. Ask the library's editors to take "
                "it down.",
                code="published",
            )
        obj.library_consent_at = obj.library_consent_by = None
        obj.library_consent_statement = ""
    obj.save(update_fields=CONSENT_FIELDS)
    if not consent and library is not None:
        library.consent_withdrawn(kind=kind, pk=obj.pk, by=by)
    record(
        actor=by,
        action=f"{action}_" + ("given" if consent else "withdrawn"),
        obj=obj,
        summary=f"{obj.title}: consent to publish in the library "
        + ("given" if consent else "withdrawn"),
        statement=statement if consent else "",
    )
    return obj


def section_context(request: HttpRequest, *, kind: str, pk: int, eligible: bool) -> dict:
    """For a source's own page: whether it has a library section, and the library's panel."""
    if not eligible:
        return {"show_library": False}
    library = practice_library()
    return {
        "show_library": True,
        "library_panel": library.panel(request, kind=kind, pk=pk) if library else None,
        "library_panel_template": library.panel_template if library else "",
    }


def consent_page(
    request: HttpRequest,
    *,
    obj,
    set_consent: Callable[..., object],
    error: type[Exception],
    noun: str,
    statement: str,
    template: str,
    done_url: str,
    context: dict | None = None,
) -> HttpResponse:
    """The owner's consent page: GET shows the statement (or the consent already given);
    POST agrees (the box must be ticked) or, with ``withdraw``, withdraws, through
    ``set_consent(by=..., consent=...)``; a refusal is shown on the page."""
    form = LibraryConsentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        withdrawing = "withdraw" in request.POST
        if withdrawing or form.is_valid():
            try:
                set_consent(by=request.user, consent=not withdrawing)
            except error as refused:
                form.add_error(None, str(refused))
            else:
                messages.success(
                    request,
                    f"You have withdrawn your consent: the {noun} will not be published in "
                    "the What Works library."
                    if withdrawing
                    else f"Thank you for agreeing: an editor will prepare your {noun} for the "
                    "What Works library.",
                )
                return redirect(done_url)
    return render(
        request,
        template,
        {
            **(context or {}),
            "consent_obj": obj,
            "noun": noun,
            "done_url": done_url,
            "form": form,
            "statement": statement,
        },
    )
