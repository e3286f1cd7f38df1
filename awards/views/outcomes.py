"""Outcomes: the finalists' brochure (built in the background, with its progress), the
certificates and the winners page; and each finalist team's own brochure page.

The coordinator's pages live under ``/awards/manage/``; the team's brochure page under
the entry (``/awards/entries/<pk>/brochure/``). Every write goes through
``awards.services.brochure``, ``certificates`` or ``winners``.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from awards.enums import FINAL_STATUSES, BrochureEdition, BrochureStatus
from awards.models import (
    BROCHURE_SUMMARY_WORD_LIMIT,
    KEY_FIGURES_PER_ENTRY,
    Brochure,
    Cycle,
    Entry,
    KeyFigure,
)
from awards.outcomes import IMAGE_TYPES, finalists, in_brochure_order
from awards.services import AwardsError
from awards.services.brochure import (
    FOREWORD_WORD_LIMIT,
    FigureInput,
    edition_problem,
    request_build,
    save_brochure_page,
    save_foreword,
)
from awards.services.certificates import certificate_pdf, certificates_zip, file_name
from awards.services.winners import publish_winners, publisher, winners_problem
from awards.views.manage import _context, _cycle, _require
from awards.wordcount import count_words
from core.downloads import generated_download, private_download

EDITIONS = {edition.value: edition for edition in BrochureEdition}


def _edition(value: str) -> BrochureEdition:
    if value not in EDITIONS:
        raise Http404("No such edition")
    return EDITIONS[value]


def _brochures(cycle: Cycle) -> dict[str, Brochure]:
    return {b.edition: b for b in Brochure.objects.filter(cycle=cycle).select_related("pdf")}


# --- the outcomes page -------------------------------------------------------------------


@login_required
def outcomes(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request)
    cycle = _cycle(pk)
    entries = in_brochure_order(list(finalists(cycle)), BrochureEdition.WINNERS)
    brochures = _brochures(cycle)
    editions = [
        {
            "edition": edition,
            "brochure": brochures.get(edition.value),
            "problem": edition_problem(cycle, edition) if entries else "",
            "url": reverse("awards:manage_brochure", args=[cycle.pk, edition.value]),
        }
        for edition in BrochureEdition
    ]
    publication = getattr(cycle, "winners_page", None) if _has_publication(cycle) else None
    return render(
        request,
        "awards/manage/outcomes.html",
        _context(
            cycle,
            "outcomes",
            entries=entries,
            rows=[_row(entry) for entry in entries],
            editions=editions,
            can_publish=publisher() is not None,
            winners_problem=winners_problem(cycle),
            publication=publication,
        ),
    )


def _has_publication(cycle: Cycle) -> bool:
    try:
        cycle.winners_page  # noqa: B018 - the reverse one-to-one raises when missing
    except Cycle.winners_page.RelatedObjectDoesNotExist:
        return False
    return True


def _row(entry: Entry) -> dict:
    from awards.outcomes import brochure_image, has_brochure_page

    page = entry.brochure_page if has_brochure_page(entry) else None
    own = page is not None and bool(page.summary.strip())
    return {
        "entry": entry,
        "summary_words": count_words(page.summary) if own else 0,
        "own_summary": own,
        "image": brochure_image(entry),
        "figures": len(entry.key_figures.all()),
    }


# --- the brochure ----------------------------------------------------------------------------


class ForewordForm(forms.Form):
    foreword = forms.CharField(
        label="Foreword",
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=f"Shown on the page after the cover. Plain text; leave a blank line between "
        f"paragraphs. At most {FOREWORD_WORD_LIMIT} words. Leave it empty for a standard "
        "foreword naming the cycle, the number of finalists and the ceremony.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def brochure(request: HttpRequest, pk: int, edition: str) -> HttpResponse:
    """One edition: the foreword, the build and its progress, the download."""
    _require(request)
    cycle = _cycle(pk)
    edition = _edition(edition)
    current = Brochure.objects.filter(cycle=cycle, edition=edition).select_related("pdf").first()
    form = ForewordForm(
        request.POST if request.method == "POST" else None,
        initial={"foreword": current.foreword if current else ""},
    )
    if request.method == "POST" and form.is_valid():
        try:
            if request.POST.get("action") == "build":
                save_foreword(
                    cycle=cycle,
                    edition=edition,
                    foreword=form.cleaned_data["foreword"],
                    by=request.user,
                )
                request_build(cycle=cycle, edition=edition, by=request.user)
                messages.success(
                    request,
                    f"The {edition.label.lower()} is being built. This page shows how "
                    "far it has got.",
                )
            else:
                save_foreword(
                    cycle=cycle,
                    edition=edition,
                    foreword=form.cleaned_data["foreword"],
                    by=request.user,
                )
                messages.success(request, "Foreword saved.")
        except AwardsError as error:
            form.add_error("foreword" if error.code == "too_long" else None, str(error))
        else:
            return redirect("awards:manage_brochure", pk=cycle.pk, edition=edition.value)
    return render(
        request,
        "awards/manage/brochure.html",
        _context(
            cycle,
            "outcomes",
            edition=edition,
            brochure=current,
            form=form,
            problem=edition_problem(cycle, edition),
            status_url=reverse("awards:manage_brochure_status", args=[cycle.pk, edition.value]),
        ),
    )


def status_data(brochure: Brochure | None) -> dict:
    if brochure is None:
        return {"status": "none", "label": "Not built yet", "percent": 0, "step": ""}
    return {
        "status": brochure.status,
        "label": BrochureStatus(brochure.status).label,
        "percent": brochure.percent,
        "step": brochure.step,
        "steps_done": brochure.steps_done,
        "steps_total": brochure.steps_total,
        "current": brochure.is_current,
        "error": brochure.error,
    }


@login_required
def brochure_status(request: HttpRequest, pk: int, edition: str) -> JsonResponse:
    """The build's progress for the page's poll (``static/js/awards/brochure-progress.mjs``)."""
    _require(request)
    cycle = get_object_or_404(Cycle, pk=pk)
    current = Brochure.objects.filter(cycle=cycle, edition=_edition(edition)).first()
    response = JsonResponse(status_data(current))
    response["Cache-Control"] = "no-store"
    return response


@require_safe
@login_required
def brochure_download(request: HttpRequest, pk: int, edition: str):
    """The latest built PDF (an older one while a rebuild runs); 404 for anyone else."""
    current = (
        Brochure.objects.filter(cycle_id=pk, edition=_edition(edition))
        .select_related("pdf")
        .first()
    )
    if current is None or current.pdf is None:
        raise Http404("Not built yet")
    return private_download(
        request,
        current.pdf,
        permission="awards.manage_awards",
        obj=current,
        action="awards.brochure.downloaded",
    )


# --- certificates ---------------------------------------------------------------------------


@login_required
def certificate(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.has_perm("awards.manage_awards"):
        raise Http404("No such certificate")
    entry = get_object_or_404(
        Entry.objects.select_related("cycle"), pk=pk, status__in=FINAL_STATUSES
    )
    try:
        content = certificate_pdf(entry=entry, by=request.user)
    except AwardsError as error:
        raise Http404(str(error)) from error
    return generated_download(
        request,
        content=content,
        filename=file_name(entry),
        content_type="application/pdf",
        obj=entry,
        action="awards.certificate.downloaded",
    )


@login_required
def certificates(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.has_perm("awards.manage_awards"):
        raise Http404("No such certificates")
    cycle = get_object_or_404(Cycle, pk=pk)
    try:
        content, _count = certificates_zip(cycle=cycle, by=request.user)
    except AwardsError as error:
        messages.error(request, str(error))
        return redirect("awards:manage_outcomes", pk=cycle.pk)
    from django.utils.text import slugify

    return generated_download(
        request,
        content=content,
        filename=f"{slugify(cycle.name)}-certificates.zip",
        content_type="application/zip",
        obj=cycle,
        action="awards.certificates.downloaded",
    )


# --- the winners page -----------------------------------------------------------------------


@login_required
@require_POST
def winners(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request)
    cycle = get_object_or_404(Cycle, pk=pk)
    try:
        publication = publish_winners(cycle=cycle, by=request.user)
    except AwardsError as error:
        messages.error(request, str(error))
    else:
        if publication.live:
            messages.success(request, f"The winners page '{publication.title}' is published.")
        else:
            messages.success(
                request,
                f"The winners page '{publication.title}' is saved as a draft and waits for an "
                "editor to review and publish it.",
            )
    return redirect("awards:manage_outcomes", pk=cycle.pk)


# --- a finalist's brochure page (the team, or the coordinator) ------------------------------


class BrochurePageForm(forms.Form):
    summary = forms.CharField(
        label="Summary for the brochure",
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=f"At most {BROCHURE_SUMMARY_WORD_LIMIT} words, counted as the SARA sections "
        "are. Leave a blank line between paragraphs. If you leave it empty, the brochure uses "
        "your entry's summary.",
    )
    image = forms.TypedChoiceField(
        label="Image for the brochure",
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        help_text="One of the images (JPEG or PNG) attached to your entry.",
    )

    def __init__(self, *args, images, **kwargs):
        super().__init__(*args, **kwargs)
        self.images = {image.pk: image for image in images}
        self.fields["image"].choices = [
            (image.pk, image.caption or image.original_name) for image in images
        ]
        for number in range(1, KEY_FIGURES_PER_ENTRY + 1):
            self.fields[f"figure_{number}_measure"] = forms.CharField(
                label=f"Key figure {number}: what was measured",
                required=False,
                max_length=KeyFigure._meta.get_field("measure").max_length,
                help_text="For example: incidents on late buses in six months"
                if number == 1
                else "",
            )
            self.fields[f"figure_{number}_before"] = forms.CharField(
                label=f"Key figure {number}: before",
                required=False,
                max_length=20,
                widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
            )
            self.fields[f"figure_{number}_after"] = forms.CharField(
                label=f"Key figure {number}: after",
                required=False,
                max_length=20,
                widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
            )

    def figures(self) -> list[FigureInput]:
        data = self.cleaned_data
        return [
            FigureInput(
                measure=data.get(f"figure_{n}_measure", ""),
                before=data.get(f"figure_{n}_before", ""),
                after=data.get(f"figure_{n}_after", ""),
            )
            for n in range(1, KEY_FIGURES_PER_ENTRY + 1)
        ]

    def figure_rows(self):
        return [
            (
                n,
                self[f"figure_{n}_measure"],
                self[f"figure_{n}_before"],
                self[f"figure_{n}_after"],
            )
            for n in range(1, KEY_FIGURES_PER_ENTRY + 1)
        ]


@login_required
@require_http_methods(["GET", "POST"])
def brochure_page(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(
        Entry.objects.select_related("cycle", "category", "lead").prefetch_related("co_entrants"),
        pk=pk,
    )
    if not request.user.has_perm("awards.edit_brochure_page", entry):
        raise Http404("No such entry")
    if entry.status not in FINAL_STATUSES:
        raise PermissionDenied
    from awards.outcomes import brochure_image, has_brochure_page

    images = list(entry.attachments.filter(content_type__in=IMAGE_TYPES))
    page = entry.brochure_page if has_brochure_page(entry) else None
    chosen = brochure_image(entry)
    initial = {"summary": page.summary if page else "", "image": chosen.pk if chosen else None}
    for number, figure in enumerate(entry.key_figures.all(), start=1):
        initial[f"figure_{number}_measure"] = figure.measure
        initial[f"figure_{number}_before"] = figure.before
        initial[f"figure_{number}_after"] = figure.after
    form = BrochurePageForm(
        request.POST if request.method == "POST" else None, initial=initial, images=images
    )
    locked = entry.cycle.is_published
    if request.method == "POST" and form.is_valid():
        try:
            save_brochure_page(
                entry=entry,
                by=request.user,
                summary=form.cleaned_data["summary"],
                image=form.images.get(form.cleaned_data["image"]),
                figures=form.figures(),
            )
        except AwardsError as error:
            field = {"summary_too_long": "summary", "image": "image"}.get(error.code)
            if error.code.startswith("figure_"):
                field = f"{error.code}_measure"
            form.add_error(field, str(error))
        else:
            messages.success(
                request,
                "Your brochure page is saved. The brochure is rebuilt with it."
                if not request.user.has_perm("awards.manage_awards")
                else "The brochure page is saved. The brochure is rebuilt with it.",
            )
            if request.user.has_perm("awards.manage_awards"):
                return redirect("awards:manage_outcomes", pk=entry.cycle_id)
            return redirect("awards:entry_detail", pk=entry.pk)
    return render(
        request,
        "awards/brochure_page.html",
        {
            "entry": entry,
            "form": form,
            "limit": BROCHURE_SUMMARY_WORD_LIMIT,
            "summary_words": count_words(form["summary"].value() or ""),
            "locked": locked,
            "coordinator": request.user.has_perm("awards.manage_awards"),
            "has_images": bool(images),
        },
    )


urlpatterns = [
    path("manage/cycles/<int:pk>/outcomes/", outcomes, name="manage_outcomes"),
    path("manage/cycles/<int:pk>/brochure/<str:edition>/", brochure, name="manage_brochure"),
    path(
        "manage/cycles/<int:pk>/brochure/<str:edition>/status/",
        brochure_status,
        name="manage_brochure_status",
    ),
    path(
        "manage/cycles/<int:pk>/brochure/<str:edition>/download/",
        brochure_download,
        name="manage_brochure_download",
    ),
    path("manage/cycles/<int:pk>/certificates.zip", certificates, name="manage_certificates"),
    path("manage/cycles/<int:pk>/winners/", winners, name="manage_winners"),
    path("manage/entries/<int:pk>/certificate.pdf", certificate, name="manage_certificate"),
    path("entries/<int:pk>/brochure/", brochure_page, name="entry_brochure"),
]
