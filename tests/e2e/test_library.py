"""The What Works library: a visitor finds practice; an editor publishes a finalist's case study.

The admin pages are Wagtail's own: axe runs on them too; what it finds is reported as a
warning (pytest's summary lists it) and must not come from our markup (the source panel).
"""

import json
import warnings

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import check_page, sign_in

GOLD = "Quieter nights at Wensley Bridge riverside"


@pytest.fixture
def library_site(demo_site):
    from cms.demo import seed_library

    seed_library()
    return demo_site


def admin_violations(page) -> list[dict]:
    """axe on a Wagtail admin page: the violations, printed for the report."""
    from tests.e2e.conftest import AXE_JS

    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(f"() => {{ {AXE_JS.read_text()}\n }}")
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    found = [
        {
            "id": v["id"],
            "impact": v["impact"],
            "targets": [n["target"] for n in v["nodes"]][:3],
        }
        for v in result["violations"]
    ]
    if found:  # shown in pytest's warnings summary, for the report
        warnings.warn(f"axe on Wagtail admin {page.url}: {json.dumps(found)}", stacklevel=2)
    return found


def assert_none_in_our_markup(violations: list[dict]) -> None:
    ours = [v for v in violations if any("pop-" in str(t) for t in v["targets"])]
    assert ours == []


def test_visitor_filters_the_library_by_guideline_area_and_opens_a_case_study(page, library_site):
    page.goto(f"{library_site.url}/")
    check_page(page)
    page.get_by_role("link", name="The What Works library").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("What Works library")
    expect(page.get_by_role("status")).to_contain_text("13 case studies")
    check_page(page)

    page.get_by_label("Guideline area").select_option(label="Targeting activity")
    page.get_by_role("button", name="Search and filter").click()
    expect(page.get_by_role("status")).to_contain_text("2 case studies")
    expect(
        page.get_by_role("link", name="Remove this filter: Guideline area: Targeting activity")
    ).to_be_visible()
    check_page(page)

    page.get_by_role("link", name="Leicestershire Braunstone Blues").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Leicestershire Braunstone Blues")
    expect(page.locator(".pop-evaluation")).to_contain_text("No documented evaluation")
    expect(
        page.get_by_text("About 1,800 'Healthy, Safe, Secure' visits", exact=False)
    ).to_be_visible()
    check_page(page)

    page.get_by_role("link", name="Targeting activity – more case studies").click()
    expect(page.get_by_role("status")).to_contain_text("2 case studies")


def test_visitor_searches_the_library(page, library_site):
    page.goto(f"{library_site.url}/library/")
    page.get_by_label("Search the library").fill("peer mentors")
    page.get_by_role("button", name="Search and filter").click()
    expect(page.get_by_role("status")).to_contain_text("best match first")
    link = page.get_by_role("link", name="Durham Constabulary – Community Peer Mentor Programme")
    expect(link).to_be_visible()
    check_page(page)
    link.click()
    expect(page.get_by_role("table")).to_contain_text("1,238")
    check_page(page)


def test_programme_and_awards_pages_are_accessible(page, library_site):
    for path, heading in (
        ("/programme/masterclasses/", "Problem-solving masterclasses"),
        ("/programme/qualifications/", "The neighbourhood qualification"),
        ("/pop-awards/", "The POP awards"),
        ("/pop-awards/past-winners/", "Past winners"),
        ("/pop-awards/past-winners/pop-awards-2025/", "POP Awards 2025"),
    ):
        page.goto(f"{library_site.url}{path}")
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        check_page(page)


def test_editor_reviews_and_publishes_a_finalists_case_study(page, library_site):
    page.goto(f"{library_site.url}/library/?q=riverside")
    expect(page.get_by_role("status")).to_contain_text("0 case studies")

    sign_in(page, library_site.url, "editor")
    section = page.locator('[data-section="content"]')
    expect(section).to_contain_text("Waiting for your review (1)")
    check_page(page)

    section.get_by_role("link", name=GOLD).click()
    expect(page.get_by_role("heading", name="Published from practice")).to_be_visible()
    expect(page.locator(".pop-source-panel")).to_contain_text("Given by Leah Dawson")
    assert_none_in_our_markup(admin_violations(page))

    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Approve and Publish").click()
    # Wagtail approves the task (the last one, so it publishes) and says the page was updated.
    expect(page.get_by_text(f"Page '{GOLD}' has been updated.")).to_be_visible()
    assert_none_in_our_markup(admin_violations(page))

    page.goto(f"{library_site.url}/library/?q=riverside")
    expect(page.get_by_role("status")).to_contain_text("1 case study")
    check_page(page)
    page.get_by_role("link", name=GOLD).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(GOLD)
    expect(page.locator(".pop-evaluation")).to_contain_text("Light-touch assessment")
    expect(page.get_by_role("table")).to_contain_text("312")
    check_page(page)
