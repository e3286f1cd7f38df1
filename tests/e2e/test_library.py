"""The What Works library: a visitor finds practice; an entrant agrees to publication and an
editor publishes their finalist's case study through moderation.

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


SEVEN_FIFTEEN = "The 7.15: safer trains for commuters"


@pytest.fixture
def practice_site(library_site):
    """The library's pages and content, and the awards (last year's finalists)."""
    from awards.demo import seed_awards

    seed_awards()
    return library_site


def test_entrant_agrees_and_editor_publishes_their_finalists_entry(page, practice_site):
    from awards.models import Entry

    url = practice_site.url
    entry = Entry.objects.get(lead__username="entrant", title=SEVEN_FIFTEEN)

    # The lead entrant agrees to publication on their own finalist's entry.
    sign_in(page, url, "entrant")
    page.goto(f"{url}/awards/entries/{entry.pk}/")
    library = page.get_by_role("region", name="What Works library")
    expect(library).to_contain_text("As a finalist, you can share your work")
    check_page(page)
    library.get_by_role("button", name="Agree to publish it in the library").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Publish your entry in the What Works library"
    )
    page.get_by_role("button", name="Agree to publication").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Tick the box to agree to publication in the library"
    )
    check_page(page)
    page.get_by_label("I agree to this").check()
    page.get_by_role("button", name="Agree to publication").click()
    expect(page.get_by_text("Thank you for agreeing")).to_be_visible()
    expect(page.get_by_role("region", name="What Works library")).to_contain_text("You agreed on")
    check_page(page)

    # The editor finds it ready to publish and sends it to the library's review.
    page.context.clear_cookies()
    sign_in(page, url, "editor")
    section = page.locator('[data-section="content"]')
    expect(section).to_contain_text("Practice ready to publish (2)")
    section.get_by_role("link", name="Send practice to the library").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Practice ready to publish")
    check_page(page)
    page.get_by_role("button", name=f"Send to the library {SEVEN_FIFTEEN}").click()
    expect(page.get_by_text("is now a draft case study in the What Works library")).to_be_visible()
    check_page(page)
    page.get_by_role("link", name=f"Review the draft of {SEVEN_FIFTEEN}").click()
    expect(page.get_by_role("heading", name="Published from practice")).to_be_visible()
    assert_none_in_our_markup(admin_violations(page))
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Approve and Publish").click()
    expect(page.get_by_text(f"Page '{SEVEN_FIFTEEN}' has been updated.")).to_be_visible()

    # It is in the library for everyone.
    page.context.clear_cookies()
    page.goto(f"{url}/library/?q=commuters")
    expect(page.get_by_role("status")).to_contain_text("1 case study")
    check_page(page)
    page.get_by_role("link", name=SEVEN_FIFTEEN).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(SEVEN_FIFTEEN)
    check_page(page)

    # The entrant's entry page links to it and no longer offers to withdraw consent.
    sign_in(page, url, "entrant")
    page.goto(f"{url}/awards/entries/{entry.pk}/")
    library = page.get_by_role("region", name="What Works library")
    expect(library).to_contain_text("Published")
    expect(library.get_by_role("link", name=SEVEN_FIFTEEN)).to_be_visible()
    expect(library.get_by_role("link", name="Withdraw your consent")).to_have_count(0)
    check_page(page)


def test_candidate_agrees_to_publish_a_signed_off_case_study(page, library_site):
    from people.models import User
    from tests.factories import signed_off_case_study

    title = "Moorside parade: lights and gates"
    item = signed_off_case_study(User.objects.get(username="candidate"), title=title)
    url = library_site.url

    sign_in(page, url, "candidate")
    page.goto(f"{url}/portfolios/evidence/{item.pk}/")
    library = page.get_by_role("region", name="What Works library")
    expect(library).to_contain_text("Your case study has been signed off")
    check_page(page)
    library.get_by_role("button", name="Agree to publish it in the library").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Publish your case study in the What Works library"
    )
    check_page(page)
    page.get_by_label("I agree to this").check()
    page.get_by_role("button", name="Agree to publication").click()
    expect(page.get_by_text("Thank you for agreeing")).to_be_visible()
    check_page(page)

    page.context.clear_cookies()
    sign_in(page, url, "editor")
    page.goto(f"{url}/practice/")
    page.get_by_role("button", name=f"Send to the library {title}").click()
    expect(page.get_by_text("is now a draft case study in the What Works library")).to_be_visible()
    expect(page.get_by_role("link", name=f"Review the draft of {title}")).to_be_visible()
    check_page(page)
