"""Practice into the library: award finalists' entries and candidates' signed-off case studies.

The owners give (and may withdraw, before publication) their consent in their own apps
(``awards.services.entries.set_library_consent``,
``portfolios.services.evidence.set_library_consent``); those apps never import ``cms``.
This module reads them, maps each to a ``services.PracticeSource`` and runs
``services.draft_case_study_from``, and is registered as the ``core.registry``
``PracticeLibrary`` through which the source pages show the library's side (status, the
action) and tell it when consent is withdrawn.
"""

import re
from dataclasses import dataclass, replace

from django.db import transaction
from django.urls import reverse
from wagtail.actions.delete_page import DeletePageAction

from awards.enums import EntryStatus
from awards.models import Entry
from awards.selectors import finalists_for_library
from awards.services.entries import LIBRARY_KIND as ENTRY_KIND
from cms.enums import GuidelineArea, SourceKind
from cms.models import CaseStudyPage, CaseStudySource
from cms.services import (
    PUBLISH_PRACTICE_PERMISSION,
    CmsError,
    Consent,
    PracticeSource,
    draft_case_study_from,
)
from core import audit
from core.text import html_to_text
from core.urls import absolute_url
from portfolios.selectors import CaseStudy, case_studies_for_library, signed_off_case_study
from portfolios.services.evidence import LIBRARY_KIND as CASE_STUDY_KIND

KINDS = {ENTRY_KIND: SourceKind.AWARD_ENTRY, CASE_STUDY_KIND: SourceKind.PORTFOLIO_CASE_STUDY}
assert set(KINDS.values()) == set(SourceKind)  # one source app per kind, both ways


def reference(kind: str, pk: int) -> str:
    """The source's id as the library records it ("awards.entry:42")."""
    return {ENTRY_KIND: "awards.entry", CASE_STUDY_KIND: "portfolios.evidence"}[kind] + f":{pk}"


def may_publish(user) -> bool:
    return bool(user and user.is_authenticated and user.has_perm(PUBLISH_PRACTICE_PERMISSION))


# --- mapping the sources ------------------------------------------------------------------


def _where(person) -> tuple[str, str, str]:
    """(organisation, area, team) for the owner of a piece of practice."""
    organisation = person.organisation.name if person.organisation_id else ""
    area = person.district.name if person.district_id else organisation
    team = person.team.name if person.team_id else ""
    return organisation or "Not recorded", area or "Not recorded", team


def _first_words(text: str, limit: int = 400) -> str:
    text = " ".join((text or "").split())
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0] + "…"


def source_from_entry(entry: Entry) -> PracticeSource:
    """A finalist's entry as practice (plain-text SARA sections; the lead owns it)."""
    organisation, area, team = _where(entry.lead)
    people = [entry.lead, *entry.co_entrants.all()]
    who = ", ".join(p.get_full_name() or p.username for p in people)
    consent = None
    if entry.library_consent_at and entry.library_consent_by:
        consent = Consent(
            given_by=entry.library_consent_by,
            given_at=entry.library_consent_at,
            statement=entry.library_consent_statement,
        )
    year = (entry.submitted_at or entry.created_at).year
    return PracticeSource(
        kind=SourceKind.AWARD_ENTRY,
        reference=reference(ENTRY_KIND, entry.pk),
        url=absolute_url(f"/awards/entries/{entry.pk}/"),
        title=entry.title,
        owner=entry.lead,
        consent=consent,
        summary=_first_words(entry.summary or entry.scanning),
        organisation=organisation,
        area=area,
        team=f"{team}: {who}" if team else who,
        scanning=entry.scanning,
        analysis=entry.analysis,
        response=entry.response,
        assessment=entry.assessment,
        partners=[p.name for p in entry.partners.all() if p.name != organisation],
        start_year=year,
        guideline_areas=(GuidelineArea.SOLVING_PROBLEMS, GuidelineArea.ENGAGING_COMMUNITIES),
    )


def _partner_names(text: str) -> list[str]:
    return [n.strip(" .") for n in re.split(r"[,;\n]|\band\b", text or "") if n.strip(" .")]


def source_from_case_study(study: CaseStudy) -> PracticeSource:
    """A candidate's signed-off case study as practice (its HTML as plain text)."""
    organisation, area, team = _where(study.candidate)
    consent = None
    if study.library_consent_at and study.library_consent_by:
        consent = Consent(
            given_by=study.library_consent_by,
            given_at=study.library_consent_at,
            statement=study.library_consent_statement,
        )
    assessment = html_to_text(study.assessment)
    figures = html_to_text(study.figures)
    if figures:
        assessment = f"{assessment}\n\nKey figures: {figures}".strip()
    scanning = html_to_text(study.scanning)
    name = study.candidate.get_full_name() or study.candidate.username
    return PracticeSource(
        kind=SourceKind.PORTFOLIO_CASE_STUDY,
        reference=reference(CASE_STUDY_KIND, study.evidence_id),
        url=absolute_url(f"/portfolios/evidence/{study.evidence_id}/"),
        title=study.title,
        owner=study.candidate,
        consent=consent,
        summary=_first_words(
            study.description
            if study.description and "in SARA form" not in study.description
            else scanning
        ),
        organisation=organisation,
        area=area,
        team=f"{name}, {team}" if team else name,
        scanning=scanning,
        analysis=html_to_text(study.analysis),
        response=html_to_text(study.response),
        assessment=assessment,
        partners=[p for p in _partner_names(study.partners) if p != organisation],
        start_year=study.accepted_at.year if study.accepted_at else None,
        guideline_areas=(GuidelineArea.SOLVING_PROBLEMS, GuidelineArea.DEVELOPING_PEOPLE),
    )


def _source_data(kind: str, pk: int) -> PracticeSource:
    """The practice behind (kind, pk), if it may go to the library at all (else not found)."""
    if kind == ENTRY_KIND:
        entry = (
            Entry.objects.filter(pk=pk, status__in=[EntryStatus.FINALIST, EntryStatus.WINNER])
            .select_related("lead__organisation", "lead__district", "lead__team")
            .select_related("library_consent_by")
            .prefetch_related("partners", "co_entrants")
            .first()
        )
        if entry is not None:
            return source_from_entry(entry)
    elif kind == CASE_STUDY_KIND:
        study = signed_off_case_study(pk)
        if study is not None:
            return source_from_case_study(study)
    raise CmsError("There is no such finalist's entry or signed-off case study.", code="missing")


# --- what the library holds for a source ---------------------------------------------------


def _held(kind: str, pk: int) -> tuple[CaseStudySource | None, CaseStudyPage | None]:
    source = (
        CaseStudySource.objects.filter(kind=KINDS[kind], reference=reference(kind, pk))
        .select_related("case_study")
        .first()
    )
    page = getattr(source, "case_study", None) if source is not None else None
    return source, page


@transaction.atomic
def publish_practice(*, kind: str, pk: int, user) -> tuple[CaseStudyPage, bool]:
    """Send a finalist's entry or a signed-off case study to the library as a draft in review.

    Returns the case study page and whether it was made now: sending what is already in
    the library returns its page and makes nothing (so a double click makes one draft).
    A record whose draft an editor has since deleted is sent again. Raises ``CmsError``
    when the user may not, the source is not a finalist's entry or a signed-off case study
    (code ``missing``), or the owner has not consented (``no_consent``).
    """
    if kind not in KINDS:
        raise CmsError(
            "There is no such finalist's entry or signed-off case study.", code="missing"
        )
    if not may_publish(user):
        raise CmsError("You cannot send practice to the What Works library.", code="forbidden")
    CaseStudySource.objects.select_for_update().filter(
        kind=KINDS[kind], reference=reference(kind, pk)
    ).first()  # two editors at once: the second waits, then finds the first's draft
    source, page = _held(kind, pk)
    if page is not None:
        return page, False
    if source is not None:  # the draft was deleted in the admin: start again
        source.delete()
    return draft_case_study_from(_source_data(kind, pk), user=user), True


# --- the PracticeLibrary the source apps see (core.registry) -------------------------------


def published(*, kind: str, pk: int) -> bool:
    _source, page = _held(kind, pk)
    return page is not None and (page.live or page.first_published_at is not None)


def consent_withdrawn(*, kind: str, pk: int, by) -> None:
    """The owner withdrew consent before publication: drop the draft and its source record.

    Called inside the source app's transaction; the review is cancelled first.
    """
    source, page = _held(kind, pk)
    if source is None:
        return
    if page is not None:
        state = page.current_workflow_state
        if state is not None:
            state.cancel(user=by)
        title = page.title
        DeletePageAction(page, user=by).execute(skip_permission_checks=True)
        audit.record(
            actor=by,
            action="cms.case_study_withdrawn",
            obj=source,
            summary=f"Draft case study removed: the owner withdrew consent ({title})",
            source=source.reference,
        )
    source.delete()


def panel(request, *, kind: str, pk: int) -> dict | None:
    """What the source's page shows of the library: its status and, for editors, the action."""
    user = request.user
    editor = may_publish(user)
    _source, page = _held(kind, pk)
    if page is None and not editor:
        return None
    context = {"kind": kind, "pk": pk, "editor": editor, "page": page, "status": "ready"}
    if page is not None:
        context["status"] = "published" if page.live else "in_review"
        if page.live:
            context["public_url"] = page.url
        if editor and page.permissions_for_user(user).can_edit():
            context["admin_url"] = reverse("wagtailadmin_pages:edit", args=[page.pk])
    else:
        context["publish_url"] = reverse("cms:publish_practice", args=[kind, pk])
        context["next"] = request.get_full_path()
    return context


@dataclass(frozen=True)
class Waiting:
    """A row of "practice ready to publish"."""

    kind: str
    pk: int
    kind_label: str
    title: str
    owner: str
    context: str  # "POP Awards 2026, gold" or the qualification
    consent_at: object
    page: CaseStudyPage | None


def practice_waiting() -> list[Waiting]:
    """Every consented finalist's entry and signed-off case study, with its library page.

    Not yet sent first (latest consent first), then those in review, then the published.
    A fixed number of queries however many there are.
    """
    rows = []
    for entry in finalists_for_library():
        placing = entry.get_placing_display().lower() if entry.placing else "finalist"
        rows.append(
            Waiting(
                kind=ENTRY_KIND,
                pk=entry.pk,
                kind_label="Award finalist",
                title=entry.title,
                owner=entry.lead.get_full_name() or entry.lead.username,
                context=f"{entry.cycle.name}, {entry.category.name}, {placing}",
                consent_at=entry.library_consent_at,
                page=None,
            )
        )
    for study in case_studies_for_library():
        rows.append(
            Waiting(
                kind=CASE_STUDY_KIND,
                pk=study.evidence_id,
                kind_label="Qualification case study",
                title=study.title,
                owner=study.candidate.get_full_name() or study.candidate.username,
                context=study.qualification,
                consent_at=study.library_consent_at,
                page=None,
            )
        )
    references = {reference(r.kind, r.pk): r for r in rows}
    pages = {
        s.reference: getattr(s, "case_study", None)
        for s in CaseStudySource.objects.filter(reference__in=references).select_related(
            "case_study"
        )
    }
    rows = [replace(r, page=pages.get(reference(r.kind, r.pk))) for r in rows]
    order = {None: 0, False: 1, True: 2}
    return sorted(
        rows,
        key=lambda r: (order[r.page.live if r.page else None], -r.consent_at.timestamp()),
    )
