"""Page types: where each may live, and what each renders for a visitor."""

import datetime

import pytest
from django.utils import timezone
from wagtail import hooks
from wagtail.models import Page

from cms import page_cache
from cms.awards_cycle import HOOK_NAME
from cms.enums import EvaluationLevel, Placing
from cms.models import (
    AwardsPage,
    CaseStudyIndexPage,
    CaseStudyPage,
    HomePage,
    ProgrammeIndexPage,
    ProgrammePage,
    StandardPage,
    WinnerPlacing,
    WinnersArchivePage,
    WinnersPage,
)
from tests.factories import CourseFactory, SessionFactory, make_case_study
from training.enums import CourseKind, SessionStatus

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return response.content.decode()


# --- the page tree ---------------------------------------------------------------------


def test_home_holds_the_sections_of_the_site():
    assert set(HomePage.allowed_subpage_models()) == {
        StandardPage,
        ProgrammeIndexPage,
        AwardsPage,
        CaseStudyIndexPage,
    }
    assert set(HomePage.allowed_parent_page_models()) == {Page}


@pytest.mark.parametrize(
    ("model", "parents", "children"),
    [
        (ProgrammeIndexPage, {HomePage}, {ProgrammePage, StandardPage}),
        (ProgrammePage, {ProgrammeIndexPage}, set()),
        (AwardsPage, {HomePage}, {WinnersArchivePage, StandardPage}),
        (WinnersArchivePage, {AwardsPage}, {WinnersPage}),
        (WinnersPage, {WinnersArchivePage}, set()),
        (CaseStudyIndexPage, {HomePage}, {CaseStudyPage}),
        (CaseStudyPage, {CaseStudyIndexPage}, set()),
        (
            StandardPage,
            {HomePage, StandardPage, ProgrammeIndexPage, AwardsPage},
            {StandardPage},
        ),
    ],
)
def test_page_type_declares_its_parents_and_children(model, parents, children):
    assert set(model.allowed_parent_page_models()) == parents
    assert set(model.allowed_subpage_models()) == children


def test_case_studies_live_only_in_the_library(site):
    assert CaseStudyPage.can_create_at(site.library)
    assert not CaseStudyPage.can_create_at(site.home)
    assert not CaseStudyPage.can_create_at(site.archive)


def test_there_is_one_library_one_awards_page_and_one_archive(site):
    assert not CaseStudyIndexPage.can_create_at(site.home)
    assert not AwardsPage.can_create_at(site.home)
    assert not WinnersArchivePage.can_create_at(site.awards)
    assert WinnersPage.can_create_at(site.archive)


def test_site_lives_at_the_addresses_the_programme_uses(site):
    assert site.library.url == "/library/"
    assert site.awards.url == "/pop-awards/"
    assert site.archive.url == "/pop-awards/past-winners/"
    assert site.masterclasses.url == "/programme/masterclasses/"


# --- home and standard pages -------------------------------------------------------------


def test_home_gives_routes_into_training_qualifications_awards_and_library(client, site):
    make_case_study(site.library, title="Braunstone Blues")
    page = text(client.get("/"))
    assert '<h1 class="govuk-heading-xl">Problem-solving learning</h1>' in page
    for href in (
        "/programme/masterclasses/",
        "/programme/qualifications/",
        "/pop-awards/",
        "/library/",
    ):
        assert f'href="{href}"' in page
    assert "New in the What Works library" in page
    assert "Braunstone Blues" in page


def test_standard_page_renders_its_blocks(client, site):
    page = StandardPage(
        title="Guidance for writers",
        slug="guidance",
        intro="<p>How to write for the programme.</p>",
        body=[
            ("heading", "Plain English"),
            ("details", {"summary": "Why it matters", "text": "<p>People read fast.</p>"}),
            ("button", {"text": "Start now", "page": None, "url": "/training/sessions/"}),
            ("inset", "Keep it short."),
        ],
    )
    site.home.add_child(instance=page)
    page.save_revision().publish()
    body = text(client.get("/guidance/"))
    assert '<h2 class="govuk-heading-m">Plain English</h2>' in body
    assert '<span class="govuk-details__summary-text">Why it matters</span>' in body
    assert '<a class="govuk-button" data-module="govuk-button" role="button"' in body
    assert 'href="/training/sessions/">Start now</a>' in body
    assert '<div class="govuk-inset-text">Keep it short.</div>' in body


# --- programme pages -----------------------------------------------------------------------


def test_programme_page_lists_upcoming_sessions_of_its_kind_with_booking_links(client, site):
    masterclass = SessionFactory(course=CourseFactory(kind=CourseKind.MASTERCLASS))
    qualification_day = SessionFactory(course=CourseFactory(kind=CourseKind.QUALIFICATION_DAY))
    SessionFactory(course=masterclass.course, status=SessionStatus.CANCELLED)
    SessionFactory(
        course=masterclass.course,
        starts_at=timezone.now() - datetime.timedelta(days=2),
        ends_at=timezone.now() - datetime.timedelta(days=2) + datetime.timedelta(hours=2),
    )
    page = text(client.get("/programme/masterclasses/"))
    assert f'href="/training/sessions/{masterclass.pk}/"' in page
    assert f'href="/training/sessions/{qualification_day.pk}/"' not in page
    assert "<strong>1 session</strong> you can book" in page
    assert 'href="/training/sessions/?kind=masterclass"' in page
    assert "Sign in to book a place." in page


def test_programme_page_with_chosen_courses_lists_only_theirs(client, site):
    chosen = SessionFactory(course=CourseFactory(kind=CourseKind.ROLE_INPUT))
    other = SessionFactory(course=CourseFactory(kind=CourseKind.MASTERCLASS))
    site.masterclasses.courses = [chosen.course]
    site.masterclasses.save_revision().publish()
    page = text(client.get("/programme/masterclasses/"))
    assert f'href="/training/sessions/{chosen.pk}/"' in page
    assert f'href="/training/sessions/{other.pk}/"' not in page
    assert f'href="/training/sessions/?course={chosen.course.pk}"' in page


def test_programme_page_with_no_sessions_says_so(client, site):
    page = text(client.get("/programme/qualifications/"))
    assert "No sessions are open for booking at the moment." in page
    assert "<table" not in page


def test_programme_index_lists_its_strands(client, site):
    page = text(client.get("/programme/"))
    assert 'href="/programme/masterclasses/"' in page
    assert 'href="/programme/qualifications/"' in page


@pytest.mark.parametrize("sessions", [2, 12])
def test_programme_page_query_count_does_not_grow_with_sessions(
    client, site, django_assert_num_queries, sessions
):
    course = CourseFactory(kind=CourseKind.MASTERCLASS)
    for n in range(sessions):
        SessionFactory(course=course, starts_at=timezone.now() + datetime.timedelta(days=30 + n))
    client.get("/programme/masterclasses/")  # warm Wagtail's site root cache
    page_cache.next_generation()  # the cost of rendering it, not of the cached copy
    with django_assert_num_queries(12):
        response = client.get("/programme/masterclasses/")
    assert response.status_code == 200


# --- the awards pages ------------------------------------------------------------------------


def test_awards_page_without_a_cycle_shows_how_to_enter_and_a_placeholder(client, site):
    page = text(client.get("/pop-awards/"))
    assert "The dates for the next awards will be published here" in page
    assert "How to enter" in page
    assert "Safer Travel" in page
    assert "Northshire Transport Authority must be a partner" in page
    assert "The submission guidance talk" in page
    assert 'href="/pop-awards/past-winners/"' in page


def test_awards_page_shows_the_current_cycle_from_the_awards_hook(client, site):
    def cycle(request):
        return {
            "name": "POP Awards 2027",
            "dates": [
                ("Entries open", datetime.date(2027, 1, 11)),
                ("Entries close", datetime.date(2027, 3, 31)),
                ("Awards ceremony", None),
            ],
            "enter_url": "/awards/entries/new/",
            "entries_open": True,
        }

    with hooks.register_temporarily(HOOK_NAME, cycle):
        page = text(client.get("/pop-awards/"))
    assert "Monday 11 January 2027" in page
    assert "Wednesday 31 March 2027" in page
    assert "Awards ceremony" not in page
    assert 'href="/awards/entries/new/"' in page
    assert "Start an entry for POP Awards 2027" in page
    assert "will be published here" not in page


def test_awards_page_lists_guidance_talks_when_a_course_is_chosen(client, site):
    talk = SessionFactory(course=CourseFactory(kind=CourseKind.OTHER, title="Entry guidance"))
    site.awards.guidance_course = talk.course
    site.awards.save_revision().publish()
    page = text(client.get("/pop-awards/"))
    assert "Upcoming guidance talks" in page
    assert f'href="/training/sessions/{talk.pk}/"' in page


def _winners_page(site, *, year, live=True, **fields) -> WinnersPage:
    page = WinnersPage(
        title=f"POP Awards {year}", slug=f"pop-awards-{year}", year=year, live=live, **fields
    )
    page.placings = [
        WinnerPlacing(
            placing=Placing.FINALIST, category="Safer Travel", entry_title="Night buses", team="A"
        ),
        WinnerPlacing(
            placing=Placing.SILVER,
            category="Safer Travel",
            entry_title="Station car park",
            team="B",
        ),
        WinnerPlacing(
            placing=Placing.GOLD,
            category="Safer Communities",
            entry_title="Riverside",
            team="Wensley Bridge",
            partners="Harrowgate Homes",
        ),
    ]
    site.archive.add_child(instance=page)
    revision = page.save_revision()
    if live:
        revision.publish()
    return page


def test_winners_page_shows_each_category_best_place_first(client, site):
    _winners_page(site, year=2025, ceremony_on=datetime.date(2025, 11, 20))
    page = text(client.get("/pop-awards/past-winners/pop-awards-2025/"))
    # Categories keep the order the results were given in; places within them do not.
    assert page.index("Safer Travel</h2>") < page.index("Safer Communities</h2>")
    assert page.index("Station car park") < page.index("Night buses")
    assert "Wensley Bridge, with Harrowgate Homes" in page
    assert "Thursday 20 November 2025" in page


def test_archive_lists_published_cycles_newest_first(client, site):
    _winners_page(site, year=2024)
    _winners_page(site, year=2025)
    _winners_page(site, year=2026, live=False)
    page = text(client.get("/pop-awards/past-winners/"))
    assert page.index("POP Awards 2025") < page.index("POP Awards 2024")
    assert "POP Awards 2026" not in page


def test_winners_page_links_a_published_case_study_only(client, site):
    published = make_case_study(site.library, title="Riverside case study")
    draft = make_case_study(site.library, title="Draft case study", live=False)
    page = _winners_page(site, year=2025)
    rows = list(page.placings.all())
    rows[0].case_study = draft
    rows[2].case_study = published
    for row in rows:
        row.save()
    body = text(client.get("/pop-awards/past-winners/pop-awards-2025/"))
    assert f'href="{published.url}"' in body
    assert draft.slug not in body


# --- case studies ------------------------------------------------------------------------------


def test_case_study_shows_its_structure_and_evaluation_prominently(client, site):
    page = make_case_study(
        site.library,
        title="Community Peer Mentor Programme",
        organisation="Office of the Durham Police and Crime Commissioner",
        evaluation_level=EvaluationLevel.LIGHT_TOUCH,
        partners=["Durham Constabulary", "Jobcentre Plus"],
        figures=[("Incidents involving the clients", "1,238", "234")],
        who="137 trained mentors.",
        when_detail="Proof of concept in Darlington",
        practical_considerations="<p>It cost £35,000 to set up.</p>",
        potential_benefits="<p>Calls fell by 71 per cent.</p>",
        evaluation="<p>Twelve months before and after.</p>",
        further_information="<p>Now countywide.</p>",
    )
    body = text(client.get(page.url))
    evaluation_box = body[body.index("pop-evaluation") : body.index("govuk-summary-list")]
    assert "Light-touch assessment" in evaluation_box
    for expected in (
        "Office of the Durham Police and Crime Commissioner",
        "<li>Jobcentre Plus</li>",
        "2015 to present",
        "Proof of concept in Darlington",
        "Solving problems",
        'id="what"',
        'id="why"',
        "137 trained mentors.",
        "Setting it up",
        "Delivering it",
        "It cost £35,000 to set up.",
        "Calls fell by 71 per cent.",
        "Twelve months before and after.",
        "Now countywide.",
    ):
        assert expected in body, expected
    figures = body[body.index("Key figures, before and after") :]
    assert figures.index("1,238") < figures.index("234")


def test_case_study_links_each_guideline_area_to_the_filtered_library(client, site):
    page = make_case_study(site.library, title="Snapchat")
    body = text(client.get(page.url))
    assert 'href="/library/?area=solving-problems"' in body


def test_draft_case_study_is_not_public(client, site):
    draft = make_case_study(site.library, title="Not yet", live=False)
    assert client.get("/library/not-yet/").status_code == 404
    assert "Not yet" not in text(client.get("/library/"))
    assert draft.has_unpublished_changes


def test_case_study_query_count_is_fixed(client, site, django_assert_num_queries):
    page = make_case_study(
        site.library, partners=["A", "B", "C"], figures=[("x", "1", "2"), ("y", "3", "4")]
    )
    client.get(page.url)
    page_cache.next_generation()  # the cost of rendering it, not of the cached copy
    with django_assert_num_queries(13):
        response = client.get(page.url)
    assert response.status_code == 200


def test_when_describes_the_years():
    assert CaseStudyPage(start_year=2015).when == "2015 to present"
    assert CaseStudyPage(start_year=2013, end_year=2016).when == "2013 to 2016"
    assert CaseStudyPage(start_year=2017, end_year=2017).when == "2017"
    assert CaseStudyPage().when == "Ongoing"


def test_case_study_years_are_bounded_and_in_order(site):
    from django.core.exceptions import ValidationError

    page = make_case_study(site.library, title="Years")
    page.start_year = 9999
    with pytest.raises(ValidationError) as invalid:
        page.full_clean()
    assert "start_year" in invalid.value.message_dict
    page.start_year, page.end_year = 2016, 2014
    with pytest.raises(ValidationError) as invalid:
        page.full_clean()
    assert invalid.value.message_dict["end_year"] == [
        "The year it ended must not be before it started."
    ]
