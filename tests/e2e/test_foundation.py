import pytest
from playwright.sync_api import expect

from people.demo import ACCOUNTS
from tests.e2e.conftest import check_accessibility, sign_in


def test_sign_in_page_is_accessible(page, demo_site):
    page.goto(f"{demo_site.url}/accounts/login/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to POP Portal")
    check_accessibility(page)


def test_sign_in_errors_are_accessible(page, demo_site):
    sign_in(page, demo_site.url, "officer", "wrong-password")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check_accessibility(page)


@pytest.mark.parametrize("username", [a["username"] for a in ACCOUNTS])
def test_every_demo_account_reaches_an_accessible_dashboard(page, demo_site, username):
    sign_in(page, demo_site.url, username)
    expect(page).to_have_url(f"{demo_site.url}/portal/")
    expect(page.get_by_role("heading", level=1)).to_have_text("My portal")
    check_accessibility(page)
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to POP Portal")


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/no-such-page/", "Page not found"),
        ("/__test__/403/", "You cannot see this page"),
        ("/__test__/500/", "Sorry, there is a problem with the service"),
    ],
)
def test_error_pages_are_accessible(page, demo_site, settings, path, heading):
    settings.ROOT_URLCONF = "tests.error_urls"
    page.goto(f"{demo_site.url}{path}")
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    check_accessibility(page)


def test_home_page_is_accessible(page, demo_site):
    page.goto(f"{demo_site.url}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Problem-solving learning")
    check_accessibility(page)


@pytest.mark.parametrize("username", ["officer", "sergeant", "trainer", "duties", "coordinator"])
def test_dashboards_full_of_demo_training_are_accessible(page, full_demo_site, username):
    sign_in(page, full_demo_site.url, username)
    expect(page.get_by_role("heading", level=1)).to_have_text("My portal")
    expect(page.locator('[data-section="my_training"]')).to_be_visible()
    check_accessibility(page)
