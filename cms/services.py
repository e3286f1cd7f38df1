"""Every write in the CMS that is not a plain edit in the Wagtail admin.

- ``draft_case_study_from``: practice (an award finalist's entry, a candidate's signed-off
  work-based case study) becomes a draft case study under ``/library/``, in moderation.
- ``create_winners_page``: an awards cycle's results become its winners page.
- ``ensure_review_workflow``: the editors' review workflow those drafts go through.
- ``sync_guideline_areas``: the fixed guideline-area taxonomy, kept in step after migrate.

The sources (``awards``, ``portfolios``) are not imported: they hand over plain dataclasses,
so this module holds the mapping from SARA to a case study in one place.
"""

import datetime
import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.text import slugify
from wagtail.models import GroupApprovalTask, Page, Workflow, WorkflowPage, WorkflowTask

from cms.enums import EvaluationLevel, GuidelineArea, Placing, SourceKind
from cms.models import (
    CaseStudyFigure,
    CaseStudyIndexPage,
    CaseStudyPage,
    CaseStudyPartner,
    CaseStudySource,
    GuidelineAreaTag,
    HomePage,
    WinnerPlacing,
    WinnersArchivePage,
    WinnersPage,
)
from core import audit
from people.enums import Role

REVIEW_WORKFLOW = "Editor review"
REVIEW_TASK = "An editor reviews and publishes"
PUBLISH_PRACTICE_PERMISSION = "cms.publish_practice"


class CmsError(Exception):
    """A CMS rule refused the request; ``str(error)`` is fit to show the user."""

    def __init__(self, message: str, *, code: str = "refused"):
        super().__init__(message)
        self.code = code


# --- plain data handed over by the sources -----------------------------------


@dataclass(frozen=True)
class Consent:
    """The owner's agreement to publish, as they gave it."""

    given_by: object  # people.User: the lead entrant or the candidate
    given_at: datetime.datetime
    statement: str


@dataclass(frozen=True)
class Figure:
    measure: str
    before: str
    after: str
    note: str = ""


@dataclass(frozen=True)
class PracticeSource:
    """A piece of practice to publish, mapped to plain fields by the app that owns it.

    The SARA sections (plain text; blank lines separate paragraphs) land in the case study
    as: summary → What; scanning → Why; analysis → How it was set up; response → How it
    is delivered; assessment → what the evaluation found (light-touch unless given).
    """

    kind: SourceKind
    reference: str  # the source's own id, e.g. "awards.entry:42"; published once
    url: str  # the link back to the source
    title: str
    owner: object  # people.User who owns the work and must give consent
    consent: Consent | None
    summary: str
    organisation: str
    area: str
    scanning: str
    analysis: str
    response: str
    assessment: str
    partners: Sequence[str] = ()
    team: str = ""
    start_year: int | None = None
    end_year: int | None = None
    figures: Sequence[Figure] = ()
    guideline_areas: Sequence[GuidelineArea] = (GuidelineArea.SOLVING_PROBLEMS,)
    evaluation_level: EvaluationLevel | None = None


@dataclass(frozen=True)
class Result:
    """One finalist's place in a cycle."""

    placing: Placing
    category: str
    entry_title: str
    team: str
    partners: Sequence[str] = ()
    summary: str = ""
    case_study: CaseStudyPage | None = None


@dataclass(frozen=True)
class CycleResults:
    reference: str  # the awards cycle's id, e.g. "awards.cycle:3"; one winners page each
    name: str  # "POP Awards 2027"
    year: int
    results: Sequence[Result]
    ceremony_on: datetime.date | None = None
    intro: str = ""  # plain text
    slug: str = field(default="")


# --- helpers -------------------------------------------------------------------


def paragraphs(text: str) -> str:
    """Plain text to rich text: blank lines separate paragraphs, everything escaped."""
    parts = [p.strip() for p in re.split(r"\n\s*\n", text or "") if p.strip()]
    return "".join(f"<p>{html.escape(p).replace(chr(10), '<br>')}</p>" for p in parts)


def _free_slug(parent: Page, base: str) -> str:
    base = slugify(base)[:70].strip("-") or "page"
    taken = set(
        Page.objects.child_of(parent).filter(slug__startswith=base).values_list("slug", flat=True)
    )
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def _library() -> CaseStudyIndexPage:
    index = CaseStudyIndexPage.objects.first()
    if index is None:
        raise CmsError("There is no What Works library page to publish into.", code="no_library")
    return index


# --- the taxonomy and the workflow ---------------------------------------------


def sync_guideline_areas() -> None:
    """One ``GuidelineAreaTag`` per ``GuidelineArea``, in the taxonomy's order (idempotent)."""
    for position, area in enumerate(GuidelineArea):
        GuidelineAreaTag.objects.update_or_create(code=area.value, defaults={"position": position})


def sync_guideline_areas_after_migrate(sender, **kwargs) -> None:
    if sender.name == "cms":
        sync_guideline_areas()


@transaction.atomic
def ensure_review_workflow() -> Workflow:
    """The editors' review workflow, on the home page so it covers the library and the winners.

    Idempotent. A workflow an administrator has already assigned to the home page or the
    library is left alone and returned.
    """
    home = HomePage.objects.first()
    if home is None:
        raise CmsError("There is no home page to attach the review workflow to.", code="no_home")
    library = CaseStudyIndexPage.objects.first()
    existing = (library or home).get_workflow()
    if existing is not None and existing.name != "Moderators approval":
        return existing
    editors, _ = Group.objects.get_or_create(name=Role.CMS_EDITOR.value)
    task = GroupApprovalTask.objects.filter(name=REVIEW_TASK).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=REVIEW_TASK)
    task.groups.add(editors)
    workflow, _ = Workflow.objects.get_or_create(name=REVIEW_WORKFLOW, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=home, defaults={"workflow": workflow})
    return workflow


def _submit_for_review(page: Page, user) -> None:
    workflow = page.get_workflow() or ensure_review_workflow()
    workflow.start(page, user)


# --- publishing practice into the library ---------------------------------------


def check_can_publish_practice(*, user, source: PracticeSource) -> None:
    """Refuse unless ``user`` may send practice to the library and the owner has consented."""
    if not (user and user.is_authenticated and user.has_perm(PUBLISH_PRACTICE_PERMISSION)):
        raise CmsError("You cannot send practice to the What Works library.", code="forbidden")
    consent = source.consent
    if consent is None or not consent.statement.strip():
        raise CmsError(
            "The owner has not agreed to publication: record their consent first.",
            code="no_consent",
        )
    if getattr(consent.given_by, "pk", None) != getattr(source.owner, "pk", None):
        raise CmsError(
            "Consent must come from the work's owner (the lead entrant or the candidate).",
            code="consent_not_owner",
        )
    if not source.url.strip():
        raise CmsError("The case study needs a link back to its source.", code="no_link_back")


@transaction.atomic
def draft_case_study_from(source_data: PracticeSource, *, user) -> CaseStudyPage:
    """Create a draft case study under ``/library/`` from practice and submit it for review.

    The page is not live: it is visible only in the Wagtail admin until an editor approves
    it through the review workflow. Records the source and the consent, writes the audit
    entry and Wagtail's own log. Raises ``CmsError`` when the user may not do this, the
    owner has not consented, or the source has already been sent.
    """
    check_can_publish_practice(user=user, source=source_data)
    index = _library()
    consent = source_data.consent
    try:
        with transaction.atomic():
            source = CaseStudySource.objects.create(
                kind=source_data.kind,
                reference=source_data.reference,
                title=source_data.title,
                url=source_data.url,
                owner=source_data.owner,
                consent_given_by=consent.given_by,
                consent_given_at=consent.given_at,
                consent_statement=consent.statement,
                requested_by=user,
            )
    except IntegrityError as taken:
        raise CmsError(
            "This has already been sent to the What Works library.", code="already_sent"
        ) from taken

    level = source_data.evaluation_level or (
        EvaluationLevel.LIGHT_TOUCH if source_data.assessment.strip() else EvaluationLevel.NONE
    )
    page = CaseStudyPage(
        title=source_data.title,
        slug=_free_slug(index, source_data.title),
        live=False,
        owner=user,
        summary=source_data.summary.strip()[:400],
        organisation=source_data.organisation,
        who=source_data.team,
        area=source_data.area,
        start_year=source_data.start_year,
        end_year=source_data.end_year,
        what=paragraphs(source_data.summary),
        why=paragraphs(source_data.scanning),
        how_setup=paragraphs(source_data.analysis),
        how_delivery=paragraphs(source_data.response),
        evaluation_level=level,
        evaluation=paragraphs(source_data.assessment),
        source=source,
    )
    page.partners = [CaseStudyPartner(name=name) for name in source_data.partners if name]
    page.figures = [
        CaseStudyFigure(measure=f.measure, before=f.before, after=f.after, note=f.note)
        for f in source_data.figures
    ]
    page.guideline_areas = list(
        GuidelineAreaTag.objects.filter(code__in=[str(a) for a in source_data.guideline_areas])
    )
    try:
        index.add_child(instance=page)
        page.save_revision(user=user, log_action=True)  # runs full_clean()
    except ValidationError as invalid:
        raise CmsError(
            "The source is missing what a case study needs: "
            + "; ".join(f"{k}: {' '.join(v)}" for k, v in invalid.message_dict.items()),
            code="invalid",
        ) from invalid
    _submit_for_review(page, user)
    audit.record(
        actor=user,
        action="cms.case_study_drafted",
        obj=page,
        summary=f"Draft case study from {source.get_kind_display().lower()}: {page.title}",
        source=source.reference,
        consent_given_by=consent.given_by.pk,
    )
    return page


# --- awards results ------------------------------------------------------------


def _check_results(results: CycleResults) -> None:
    if not results.results:
        raise CmsError("A winners page needs at least one result.", code="no_results")
    seen: set[tuple[str, str]] = set()
    for result in results.results:
        key = (result.category, result.placing)
        if result.placing != Placing.FINALIST and key in seen:
            raise CmsError(
                f"{result.category} has more than one {Placing(result.placing).label.lower()}.",
                code="duplicate_place",
            )
        seen.add(key)


@transaction.atomic
def create_winners_page(results: CycleResults, *, user, publish: bool = False) -> WinnersPage:
    """Create (or, for the same cycle reference, update) the cycle's winners page.

    The new content is saved as a revision: published at once when ``publish`` is true
    and the user may publish, otherwise left as a draft in the editors' review. Raises
    ``CmsError`` when there is no past winners archive, the user may not add pages there,
    or the results are inconsistent (two golds in a category).
    """
    _check_results(results)
    archive = WinnersArchivePage.objects.first()
    if archive is None:
        raise CmsError("There is no past winners archive page.", code="no_archive")
    page = WinnersPage.objects.filter(cycle_reference=results.reference).first()
    if page is None:
        if not archive.permissions_for_user(user).can_add_subpage():
            raise CmsError("You cannot add winners pages.", code="forbidden")
        page = WinnersPage(
            title=results.name,
            slug=_free_slug(archive, results.slug or results.name),
            live=False,
            owner=user,
            cycle_reference=results.reference,
        )
        creating = True
    else:
        if not page.permissions_for_user(user).can_edit():
            raise CmsError("You cannot change this winners page.", code="forbidden")
        page = page.get_latest_revision_as_object()
        creating = False
    page.title = results.name
    page.year = results.year
    page.ceremony_on = results.ceremony_on
    page.intro = paragraphs(results.intro)
    page.placings = [
        WinnerPlacing(
            placing=r.placing,
            category=r.category,
            entry_title=r.entry_title,
            team=r.team,
            partners=", ".join(p for p in r.partners if p),
            summary=r.summary,
            case_study=r.case_study,
            sort_order=n,
        )
        for n, r in enumerate(results.results)
    ]
    if creating:
        archive.add_child(instance=page)
    revision = page.save_revision(user=user, log_action=True)
    published = publish and page.permissions_for_user(user).can_publish()
    if published:
        revision.publish(user=user)
    elif not page.workflow_in_progress:
        _submit_for_review(page, user)
    audit.record(
        actor=user,
        action="cms.winners_page_created" if creating else "cms.winners_page_updated",
        obj=page,
        summary=f"Winners page for {results.name}",
        cycle=results.reference,
        published=published,
    )
    return page
