"""Signing in, in Chromium: password then code for a privileged demo account, setting up
two-step sign-in, and the pages on the way (axe at desktop and phone widths)."""

import re

from playwright.sync_api import expect

from people.enums import Role
from tests.auth import totp_code
from tests.e2e.conftest import check_page, sign_in, type_totp_code
from tests.factories import UserFactory


def test_a_coordinator_signs_in_with_password_and_code(page, demo_site):
    page.goto(f"{demo_site.url}/accounts/login/")
    check_page(page)
    page.get_by_label("Username").fill("coordinator")
    page.get_by_label("Password").fill("pop-portal-demo")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Enter the code from your authenticator app"
    )
    check_page(page)
    page.get_by_label("Code").fill("000000")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("The code is not right")
    check_page(page)
    type_totp_code(page, "coordinator")
    expect(page).to_have_url(f"{demo_site.url}/portal/")
    page.goto(f"{demo_site.url}/admin/")
    expect(page).to_have_url(re.compile(r"/admin/$"))


def test_a_new_assessor_sets_up_two_step_sign_in_first(page, demo_site):
    person = UserFactory(roles=[Role.ASSESSOR])
    sign_in(page, demo_site.url, person.username)
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up two-step sign-in")
    check_page(page)
    secret = page.locator("#totp-secret").inner_text().replace(" ", "")  # shown in fours
    page.get_by_label("Authenticator code").fill(totp_code(secret))
    page.get_by_role("button", name="Turn on two-step sign-in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your recovery codes")
    expect(page.locator(".pop-recovery-codes li")).to_have_count(10)
    check_page(page)
    page.get_by_role("link", name="Continue to My portal").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My portal")


def test_the_password_reset_pages(page, demo_site):
    page.goto(f"{demo_site.url}/accounts/login/")
    page.get_by_role("link", name="I have forgotten my password").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reset your password")
    check_page(page)
    page.get_by_label("Email address").fill("officer@example.police.uk")
    page.get_by_role("button", name="Send the link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    check_page(page)
