"""The demo loaders: build what is missing, change nothing that exists (idempotent)."""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, Site

from awards.enums import EntryStatus
from awards.models import Cycle
from awards.services.winners import publish_winners, winners_handover, winners_problem
from cms import services
from cms.demo import site
from cms.demo.case_studies import CASE_STUDIES
from cms.enums import GuidelineArea, SourceKind
from cms.models import (
    AwardsPage,
    CaseStudyFigure,
    CaseStudyIndexPage,
    CaseStudyLink,
    CaseStudyPage,
    CaseStudyPartner,
    CaseStudySource,
    GuidelineAreaTag,
    HomePage,
    ProgrammeIndexPage,
    ProgrammePage,
    StandardPage,
    WinnersArchivePage,
    WinnersPage,
)
from people.models import User
from people.roles import sync_roles

# Pages an earlier version of the demo put straight under home; they now live elsewhere.
_SUPERSEDED = {"masterclasses", "pop-awards"}


def _home() -> HomePage:
    home = HomePage.objects.first()
    if home is not None:
        return home
    # A flushed database (browser tests) has no locale or root; migrate made them.
    Locale.objects.get_or_create(
        language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
    )
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))
    # Wagtail's "Welcome to your new Wagtail site!" placeholder holds the slug "home".
    for placeholder in root.get_children().filter(content_type__model="page"):
        placeholder.delete()
    home = root.add_child(
        instance=HomePage(
            title=site.HOME_TITLE,
            slug="home",
            intro=site.HOME_INTRO,
            body=[("heading", site.HOME_BODY_HEADING), ("paragraph", site.HOME_BODY)],
        )
    )
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={
            "hostname": "localhost",
            "port": 80,
            "root_page": home,
            "site_name": "POP Portal",
        },
    )
    # Page permissions hang on the root page, which a flushed database has only now.
    sync_roles()
    return home


def _child(parent: Page, model, slug: str, **fields) -> Page:
    """The parent's child with this slug, made and published if missing."""
    existing = parent.get_children().filter(slug=slug).specific().first()
    if existing is not None:
        if isinstance(existing, model):
            return existing
        if slug in _SUPERSEDED and isinstance(existing, StandardPage):
            existing.delete()
        else:
            return existing
    page = model(slug=slug, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def _set_routes(home: HomePage) -> None:
    """Routes point at the pages themselves, so they follow a page that moves."""
    if home.routes:
        return
    pages = {p.url: p for p in Page.objects.live().filter(depth__gt=2)}
    home.routes = [
        ("route", {"heading": heading, "text": text, "page": pages[path], "url": ""})
        for heading, text, path in site.ROUTES
    ]
    if not home.body:
        home.body = [("heading", site.HOME_BODY_HEADING), ("paragraph", site.HOME_BODY)]
    home.save_revision().publish()


@transaction.atomic
def seed_pages() -> dict[str, int]:
    """The site's structure: home, programme, awards, the library page, the review workflow."""
    services.sync_guideline_areas()
    home = _home()
    slug, title, body = site.ABOUT
    _child(home, StandardPage, slug, title=title, intro=body, show_in_menus=True)
    programme = _child(
        home,
        ProgrammeIndexPage,
        "programme",
        title="The learning programme",
        intro=site.PROGRAMME_INTRO,
        show_in_menus=True,
    )
    for spec in (site.MASTERCLASSES, site.QUALIFICATIONS):
        _child(
            programme,
            ProgrammePage,
            spec["slug"],
            title=spec["title"],
            search_description=spec["search_description"],
            intro=spec["intro"],
            body=spec["body"],
            course_kind=spec["course_kind"],
            sessions_heading=spec["sessions_heading"],
        )
    awards = _child(
        home,
        AwardsPage,
        site.AWARDS["slug"],
        title=site.AWARDS["title"],
        intro=site.AWARDS["intro"],
        how_to_enter=site.AWARDS["how_to_enter"],
        categories=[("category", c) for c in site.AWARDS["categories"]],
        rules=site.AWARDS["rules"],
        guidance_talk=site.AWARDS["guidance_talk"],
        show_in_menus=True,
    )
    _child(
        awards,
        WinnersArchivePage,
        site.ARCHIVE["slug"],
        title=site.ARCHIVE["title"],
        intro=site.ARCHIVE["intro"],
    )
    _child(
        home,
        CaseStudyIndexPage,
        site.LIBRARY["slug"],
        title=site.LIBRARY["title"],
        intro=site.LIBRARY["intro"],
        show_in_menus=True,
    )
    _set_routes(home)
    services.ensure_review_workflow()
    return {"pages": Page.objects.filter(depth__gt=1).count()}


def _add_case_study(index: CaseStudyIndexPage, spec: dict, tags: dict[str, GuidelineAreaTag]):
    page = CaseStudyPage(
        slug=spec["slug"],
        title=spec["title"],
        summary=spec["summary"],
        organisation=spec["organisation"],
        who=spec["who"],
        area=spec["area"],
        start_year=spec["start_year"],
        end_year=spec["end_year"],
        when_detail=spec["when_detail"],
        what=spec["what"],
        why=spec["why"],
        how_setup=spec["how_setup"],
        how_delivery=spec["how_delivery"],
        practical_considerations=spec["practical"],
        potential_benefits=spec["benefits"],
        evaluation_level=spec["evaluation_level"],
        evaluation=spec["evaluation"],
        further_information=spec["further"],
    )
    page.partners = [CaseStudyPartner(name=name) for name in spec["partners"]]
    page.figures = [
        CaseStudyFigure(measure=m, before=b, after=a, note=n) for m, b, a, n in spec["figures"]
    ]
    page.links = [CaseStudyLink(title=t, url=u) for t, u in spec["links"]]
    page.guideline_areas = [tags[str(area)] for area in spec["areas"]]
    index.add_child(instance=page)
    page.save_revision().publish()


def _awards_cycle_with_winners() -> Cycle | None:
    """The latest awards cycle whose winners are final (the awards demo's past cycle)."""
    placed = Cycle.objects.filter(entries__status=EntryStatus.WINNER).distinct()
    return next(
        (cycle for cycle in placed.order_by("-ceremony_on") if not winners_problem(cycle)), None
    )


def _publish_awards_winners(cycle: Cycle, *, coordinator: User) -> WinnersPage:
    """The cycle's winners page, made the one way the coordinator makes it (the awards
    service and its ``pop_awards_publish_winners`` hook), once; then approved by the editor,
    as the editors' review would."""
    reference = winners_handover(cycle)["reference"]
    page = WinnersPage.objects.filter(cycle_reference=reference).first()
    if page is None:
        publish_winners(cycle=cycle, by=coordinator)
        page = WinnersPage.objects.get(cycle_reference=reference)
    editor = User.objects.filter(username="editor").first()
    task_state = page.current_workflow_task_state
    if task_state is not None and editor is not None:
        task_state.task.specific.on_action(task_state, editor, "approve")
        page.refresh_from_db()
    return page


def _seed_winners(coordinator: User) -> WinnersPage:
    """Last year's winners page: from the awards demo's past cycle when there is one (so
    the coordinator publishing it again updates this page rather than adding a second),
    else the site's own 2025 story (a site seeded without the awards demo)."""
    cycle = _awards_cycle_with_winners()
    if cycle is not None:
        return _publish_awards_winners(cycle, coordinator=coordinator)
    existing = WinnersPage.objects.filter(cycle_reference=site.RESULTS_2025["reference"]).first()
    if existing is not None:
        return existing
    spec = site.RESULTS_2025
    month, day = spec["ceremony_month_day"]
    return services.create_winners_page(
        services.CycleResults(
            reference=spec["reference"],
            name=spec["name"],
            year=spec["year"],
            ceremony_on=datetime.date(spec["year"], month, day),
            intro=spec["intro"],
            results=[
                services.Result(
                    placing=placing,
                    category=category,
                    entry_title=title,
                    team=team,
                    partners=partners,
                    summary=summary,
                )
                for placing, category, title, team, partners, summary in spec["results"]
            ],
        ),
        user=coordinator,
        publish=True,
    )


def _seed_draft_for_review(*, winners: WinnersPage, coordinator: User, entrant: User) -> None:
    spec = site.GOLD_CASE_STUDY
    if CaseStudySource.objects.filter(
        kind=SourceKind.AWARD_ENTRY, reference=spec["reference"]
    ).exists():
        return
    services.draft_case_study_from(
        services.PracticeSource(
            kind=SourceKind.AWARD_ENTRY,
            reference=spec["reference"],
            url=winners.url,
            title=spec["title"],
            owner=entrant,
            consent=services.Consent(
                given_by=entrant,
                given_at=timezone.now() - datetime.timedelta(days=3),
                statement=site.CONSENT_STATEMENT,
            ),
            summary=spec["summary"],
            organisation=spec["organisation"],
            area=spec["area"],
            team=spec["team"],
            partners=spec["partners"],
            start_year=spec["start_year"],
            end_year=spec["end_year"],
            scanning=spec["scanning"],
            analysis=spec["analysis"],
            response=spec["response"],
            assessment=spec["assessment"],
            figures=[services.Figure(*figure) for figure in spec["figures"]],
            guideline_areas=[GuidelineArea.SOLVING_PROBLEMS, GuidelineArea.ENGAGING_COMMUNITIES],
        ),
        user=coordinator,
    )


@transaction.atomic
def seed_library() -> dict[str, int]:
    """The 13 case studies, the 2025 winners and a draft waiting for the editor's review."""
    seed_pages()
    index = CaseStudyIndexPage.objects.get()
    tags = {tag.code: tag for tag in GuidelineAreaTag.objects.all()}
    present = set(CaseStudyPage.objects.child_of(index).values_list("slug", flat=True))
    for spec in CASE_STUDIES:
        if spec["slug"] not in present:
            _add_case_study(index, spec, tags)
    coordinator = User.objects.filter(username="coordinator").first()
    entrant = User.objects.filter(username="entrant").first()
    if coordinator is not None and entrant is not None:
        winners = _seed_winners(coordinator)
        _seed_draft_for_review(winners=winners, coordinator=coordinator, entrant=entrant)
    return {"case studies": CaseStudyPage.objects.count()}
