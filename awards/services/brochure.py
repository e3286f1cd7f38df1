"""The finalists' brochure: asked for by the coordinator, built in the background, rebuilt
when a finalist entry changes.

- ``request_build`` (coordinator) queues a build of one edition after commit; every
  request raises the brochure's ``generation``.
- ``mark_stale`` is called by the services that change what a brochure shows (an entry
  becoming or ceasing to be a finalist, a placing, a brochure page, the foreword, the
  cycle's name or ceremony date): every edition already asked for is queued again.
- ``build_brochure`` (the task ``build_brochure_task``, which takes ids) lays the brochure
  out with WeasyPrint through ``core.pdf.RestrictedFetcher`` (the portal's static files
  and the finalists' own validated images only), reporting its progress on the row as it
  goes, and stores the PDF in the private storage. A build stores nothing if a newer
  generation was asked for meanwhile (it stops at its next progress report).
- ``save_brochure_page`` (the team or the coordinator): a finalist's brochure summary,
  image and key figures; ``save_foreword`` (coordinator).

The brochure's state changes only here: queued by ``request_build``/``mark_stale``,
building and then ready or failed by ``build_brochure`` (through ``_progress`` and
``_finish``, which touch the row only while its generation is the build's own).
"""

import hashlib
import logging
import time
import uuid
from dataclasses import dataclass
from functools import partial

from django.core.files.base import ContentFile
from django.db import transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify

from awards.enums import FINAL_STATUSES, BrochureEdition, BrochureStatus, EntryStatus
from awards.models import (
    BROCHURE_SUMMARY_WORD_LIMIT,
    KEY_FIGURES_PER_ENTRY,
    Attachment,
    Brochure,
    BrochureFile,
    BrochurePage,
    Cycle,
    Entry,
    KeyFigure,
)
from awards.outcomes import (
    IMAGE_TYPES,
    finalists,
    in_brochure_order,
    load_image,
    paragraphs,
    spreads,
)
from awards.services import AwardsError
from awards.wordcount import count_words
from core.audit import record
from core.pdf import render_document, restricted_fetcher, static_url, write_pdf
from core.uploads import private_storage
from people.models import User

logger = logging.getLogger(__name__)
FOREWORD_WORD_LIMIT = 600


def _require_coordinator(by: User) -> None:
    if not by.has_perm("awards.manage_awards"):
        raise AwardsError("Only the awards coordinator can do this.", code="not_allowed")


def edition_problem(cycle: Cycle, edition: BrochureEdition) -> str:
    """Why this edition cannot be built now ('' when it can)."""
    statuses = list(
        cycle.entries.filter(status__in=FINAL_STATUSES).values_list("status", flat=True)
    )
    if not statuses:
        return "There are no finalists yet: choose them from the round 1 results first."
    if edition == BrochureEdition.WINNERS and EntryStatus.WINNER not in statuses:
        return "The winners' edition needs the placings: record them after round 2 first."
    return ""


def _queue(brochure: Brochure, *, by: User | None, reason: str) -> Brochure:
    """Raise the generation and queue a build after commit (caller holds the row lock)."""
    brochure.generation += 1
    brochure.status = BrochureStatus.QUEUED
    brochure.reason = reason[:300]
    brochure.step = "Waiting for the task worker to start"
    brochure.steps_done = 0
    brochure.steps_total = 0
    brochure.error = ""
    brochure.requested_at = timezone.now()
    brochure.requested_by = by if getattr(by, "pk", None) else None
    brochure.started_at = brochure.finished_at = None
    brochure.save(
        update_fields=[
            "generation",
            "status",
            "reason",
            "step",
            "steps_done",
            "steps_total",
            "error",
            "requested_at",
            "requested_by",
            "started_at",
            "finished_at",
        ]
    )
    transaction.on_commit(
        partial(
            build_brochure_task.enqueue,
            brochure_id=brochure.pk,
            generation=brochure.generation,
        )
    )
    return brochure


def _locked(cycle: Cycle, edition: BrochureEdition) -> Brochure:
    brochure, _ = Brochure.objects.get_or_create(cycle=cycle, edition=edition)
    return (
        Brochure.objects.select_for_update(of=("self",)).select_related("cycle").get(pk=brochure.pk)
    )


@transaction.atomic
def request_build(*, cycle: Cycle, edition: BrochureEdition, by: User) -> Brochure:
    """Queue a build of ``edition`` (coordinator only); refused without finalists, or for
    the winners' edition without placings."""
    _require_coordinator(by)
    edition = BrochureEdition(edition)
    problem = edition_problem(cycle, edition)
    if problem:
        raise AwardsError(problem, code="not_ready")
    brochure = _locked(cycle, edition)
    if brochure.in_progress and brochure.generation > (brochure.pdf_generation or 0):
        return brochure  # a build is already on its way with everything up to now
    _queue(brochure, by=by, reason="Asked for by the coordinator")
    record(
        actor=by,
        action="awards.brochure.requested",
        obj=brochure,
        summary=f"Build of {brochure} asked for",
        generation=brochure.generation,
    )
    return brochure


def mark_stale(*, cycle_id: int, reason: str, by: User | None = None) -> list[Brochure]:
    """Queue every edition of the cycle's brochure that has been built or asked for again,
    because what it shows changed. Call inside the transaction that made the change."""
    queued = []
    with transaction.atomic():
        for brochure in (
            Brochure.objects.select_for_update()
            .filter(cycle_id=cycle_id, requested_at__isnull=False)
            .order_by("pk")
        ):
            queued.append(_queue(brochure, by=by, reason=reason))
    return queued


@transaction.atomic
def save_foreword(*, cycle: Cycle, edition: BrochureEdition, foreword: str, by: User) -> Brochure:
    """The coordinator's foreword for one edition (plain text; blank lines separate
    paragraphs). A built brochure is rebuilt with it."""
    _require_coordinator(by)
    foreword = (foreword or "").strip()
    words = count_words(foreword)
    if words > FOREWORD_WORD_LIMIT:
        raise AwardsError(
            f"The foreword has {words:,} words; it must fit on one page, so at most "
            f"{FOREWORD_WORD_LIMIT} words. Cut {words - FOREWORD_WORD_LIMIT:,} words.",
            code="too_long",
        )
    brochure = _locked(cycle, BrochureEdition(edition))
    if brochure.foreword == foreword:
        return brochure
    brochure.foreword = foreword
    brochure.save(update_fields=["foreword"])
    record(actor=by, action="awards.brochure.foreword", obj=brochure, summary="Foreword changed")
    if brochure.requested_at is not None:
        _queue(brochure, by=by, reason="The foreword changed")
    return brochure


@dataclass(frozen=True)
class FigureInput:
    measure: str
    before: str
    after: str


@transaction.atomic
def save_brochure_page(
    *,
    entry: Entry,
    by: User,
    summary: str,
    image: Attachment | None,
    figures: list[FigureInput],
) -> BrochurePage:
    """A finalist's brochure summary (at most 300 words by the awards word rule), image (one
    of the entry's own JPEG or PNG attachments) and up to three key figures.

    The team and the coordinator may save it while the entry is a finalist and the
    results are not published. The cycle's brochures are rebuilt.
    """
    entry = Entry.objects.select_for_update(of=("self",)).select_related("cycle").get(pk=entry.pk)
    if not by.has_perm("awards.edit_brochure_page", entry):
        raise AwardsError(
            "Only the entry's team or the coordinator can change its brochure page.",
            code="not_allowed",
        )
    if entry.status not in FINAL_STATUSES:
        raise AwardsError("Only finalists have a page in the brochure.", code="not_finalist")
    if entry.cycle.is_published:
        raise AwardsError("The results are published, so the brochure is final.", code="published")
    summary = (summary or "").strip()
    words = count_words(summary)
    if words > BROCHURE_SUMMARY_WORD_LIMIT:
        raise AwardsError(
            f"The summary has {words:,} words; the brochure has room for "
            f"{BROCHURE_SUMMARY_WORD_LIMIT}. Cut {words - BROCHURE_SUMMARY_WORD_LIMIT:,} words.",
            code="summary_too_long",
        )
    if image is not None and (image.entry_id != entry.pk or image.content_type not in IMAGE_TYPES):
        raise AwardsError("Choose one of this entry's images (JPEG or PNG).", code="image")
    rows = []
    for number, figure in enumerate(figures[:KEY_FIGURES_PER_ENTRY], start=1):
        parts = [
            (figure.measure or "").strip(),
            (figure.before or "").strip(),
            (figure.after or "").strip(),
        ]
        if not any(parts):
            continue
        if not all(parts):
            raise AwardsError(
                f"Key figure {number}: give what was measured, the figure before and the "
                "figure after (or leave all three blank).",
                code=f"figure_{number}",
            )
        rows.append(KeyFigure(entry=entry, measure=parts[0], before=parts[1], after=parts[2]))
    page, _ = BrochurePage.objects.get_or_create(entry=entry)
    page.summary, page.image = summary, image
    page.updated_at, page.updated_by = timezone.now(), by
    page.full_clean()
    page.save()
    KeyFigure.objects.filter(entry=entry).delete()
    for order, row in enumerate(rows):
        row.order = order
        row.full_clean()
        row.save()
    record(
        actor=by,
        action="awards.brochure_page.saved",
        obj=entry,
        summary=f"Brochure page of {entry.title} saved",
        words=words,
        image=image.pk if image else None,
        figures=len(rows),
    )
    mark_stale(
        cycle_id=entry.cycle_id, reason=f"The brochure page of '{entry.title}' changed", by=by
    )
    return page


# --- the build -------------------------------------------------------------------------


class SupersededError(Exception):
    """A newer build was asked for while this one ran."""


def _progress(brochure_id: int, generation: int, **fields) -> None:
    """Report progress; stop the build if a newer generation was asked for."""
    changed = Brochure.objects.filter(pk=brochure_id, generation=generation).update(**fields)
    if not changed:
        raise SupersededError


def brochure_html(brochure: Brochure, spread_list: list) -> str:
    cycle = brochure.cycle
    edition = BrochureEdition(brochure.edition)
    return render_to_string(
        "awards/brochure/brochure.html",
        {
            "cycle": cycle,
            "edition": edition,
            "winners": edition == BrochureEdition.WINNERS,
            "foreword": paragraphs(brochure.foreword),
            "spreads": spread_list,
            "css_url": static_url("awards/pdf/brochure.css"),
            "emblem_url": static_url("awards/pdf/emblem.svg"),
        },
    )


def build_pdf(brochure: Brochure, *, on_step=None) -> tuple[bytes, int]:
    """Lay out and write the brochure; returns (PDF bytes, pages). ``on_step(label, done,
    total)`` is called as it goes. Fetches only static files and the finalists' images."""
    edition = BrochureEdition(brochure.edition)
    entries = in_brochure_order(list(finalists(brochure.cycle)), edition)
    if not entries:
        raise AwardsError("There are no finalists.", code="not_ready")
    spread_list = spreads(entries, with_placings=edition == BrochureEdition.WINNERS)
    total = len(spread_list) + 3
    step = on_step or (lambda *args: None)
    images = {}
    for number, spread in enumerate(spread_list, start=1):
        step(
            f"Preparing finalist {number} of {len(spread_list)}: {spread.title}"[:200],
            number - 1,
            total,
        )
        if spread.image is not None:
            images[spread.image_key] = load_image(spread.image)
    step("Laying out the pages", len(spread_list), total)
    fetcher = restricted_fetcher({key: (lambda r=resource: r) for key, resource in images.items()})
    document = render_document(brochure_html(brochure, spread_list), fetcher=fetcher)
    step(f"Writing the PDF ({len(document.pages)} pages)", len(spread_list) + 1, total)
    return write_pdf(document), len(document.pages)


def _file_name(brochure: Brochure) -> str:
    kind = "winners" if brochure.edition == BrochureEdition.WINNERS else "finalists"
    return f"{slugify(brochure.cycle.name)}-{kind}-brochure.pdf"


def build_brochure(*, brochure_id: int, generation: int) -> str:
    """Build one generation of a brochure and store it; returns what happened
    ('ready', 'superseded', 'failed'). Runs outside any transaction (in the worker), so
    each progress report is seen at once by the coordinator's page."""
    brochure = Brochure.objects.select_related("cycle").filter(pk=brochure_id).first()
    if brochure is None or brochure.generation != generation:
        return "superseded"
    started = time.perf_counter()
    try:
        _progress(
            brochure_id,
            generation,
            status=BrochureStatus.BUILDING,
            started_at=timezone.now(),
            step="Starting",
        )

        def on_step(label: str, done: int, total: int) -> None:
            _progress(brochure_id, generation, step=label, steps_done=done, steps_total=total)

        content, pages = build_pdf(brochure, on_step=on_step)
        seconds = time.perf_counter() - started
        return _finish(brochure_id, generation, content=content, pages=pages, seconds=seconds)
    except SupersededError:
        return "superseded"
    except Exception as error:  # the coordinator sees a failure, not a page stuck "building"
        logger.exception("Brochure %s generation %s failed", brochure_id, generation)
        message = (
            str(error)
            if isinstance(error, AwardsError)
            else (
                "Something went wrong while building the brochure. Build it again; if it fails "
                "again, tell the portal's administrators."
            )
        )
        Brochure.objects.filter(pk=brochure_id, generation=generation).update(
            status=BrochureStatus.FAILED,
            error=message,
            step="Stopped",
            finished_at=timezone.now(),
        )
        return "failed"


@transaction.atomic
def _finish(
    brochure_id: int, generation: int, *, content: bytes, pages: int, seconds: float
) -> str:
    brochure = (
        Brochure.objects.select_for_update(of=("self",))
        .select_related("cycle", "pdf")
        .get(pk=brochure_id)
    )
    if brochure.generation != generation:
        return "superseded"
    storage = private_storage()
    today = timezone.localdate()
    stored_name = storage.save(
        f"awards-brochures/{today:%Y}/{today:%m}/{uuid.uuid4().hex}.pdf", ContentFile(content)
    )
    try:
        pdf = BrochureFile(
            original_name=_file_name(brochure),
            stored_name=stored_name,
            content_type="application/pdf",
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
            pages=pages,
        )
        pdf.save()
        old = brochure.pdf
        brochure.pdf, brochure.pdf_generation, brochure.pdf_seconds = pdf, generation, seconds
        brochure.status = BrochureStatus.READY
        brochure.step = "Ready"
        brochure.steps_done = brochure.steps_total
        brochure.finished_at = timezone.now()
        brochure.save(
            update_fields=[
                "pdf",
                "pdf_generation",
                "pdf_seconds",
                "status",
                "step",
                "steps_done",
                "finished_at",
            ]
        )
        if old is not None:
            old_name = old.stored_name
            old.delete()
            transaction.on_commit(lambda: storage.delete(old_name))
        record(
            actor=None,
            action="awards.brochure.built",
            obj=brochure,
            summary=f"{brochure} built: {pages} pages",
            generation=generation,
            pages=pages,
            seconds=round(seconds, 2),
            sha256=pdf.sha256,
        )
    except BaseException:
        storage.delete(stored_name)
        raise
    return "ready"


@task
def build_brochure_task(*, brochure_id: int, generation: int) -> str:
    """Build a brochure in the worker (see ``build_brochure``)."""
    return build_brochure(brochure_id=brochure_id, generation=generation)


def entry_changed(entry: Entry, *, previous_status: str, by: User | None, what: str) -> None:
    """Called by ``transition_entry``: a brochure shows finalists, so any move into, out of
    or within the final statuses (a placing) makes the cycle's brochures stale."""
    if previous_status in FINAL_STATUSES or entry.status in FINAL_STATUSES:
        mark_stale(cycle_id=entry.cycle_id, reason=f"'{entry.title}' {what}", by=by)


def cycle_changed(cycle: Cycle, *, fields: list[str], by: User | None) -> None:
    """Called by ``update_cycle``: the cover shows the cycle's name and ceremony date."""
    if {"name", "ceremony_on"} & set(fields):
        mark_stale(cycle_id=cycle.pk, reason="The cycle's name or ceremony date changed", by=by)
