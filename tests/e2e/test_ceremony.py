"""The awards ceremony in the browser, on the demo ceremony (about 120 guests).

`coordinator` adds a guest and invites them, takes a personal reply link; the guest, not
signed in, replies from it (attending, with dietary and access needs); the coordinator sees
the counts move, reorders the running order and looks at exhibitors and the budget.
"""

import re
from urllib.parse import urlparse

import pytest
from django.core import mail
from playwright.sync_api import expect

from awards.enums import GuestStatus
from awards.models import Cycle, Guest
from tests.e2e.conftest import check_page, sign_in


@pytest.fixture
def ceremony_site(transactional_db, live_server):
    """The demo accounts, pages and awards with this year's ceremony."""
    from awards.demo import seed_awards
    from portal.demo import seed_demo

    seed_demo(full=False)
    seed_awards()
    return live_server


def menu(page, name: str):
    return page.get_by_role("navigation", name="Menu").get_by_role("link", name=name, exact=True)


def attending(page) -> int:
    row = page.locator(".govuk-summary-list__row", has_text="Attending")
    return int(row.locator("dd strong").first.inner_text())


def test_coordinator_invites_a_guest_who_replies_from_their_link(page, browser, ceremony_site):
    base = ceremony_site.url
    cycle = Cycle.objects.filter(ceremony__isnull=False).get()

    sign_in(page, base, "coordinator")
    menu(page, "Run the awards").click()
    page.get_by_role("link", name=cycle.name).click()
    page.get_by_role("navigation", name=cycle.name).get_by_role("link", name="Ceremony").click()
    expect(page.get_by_role("heading", level=2, name="Replies at a glance")).to_be_visible()
    before = attending(page)
    check_page(page)

    # The guest list, then a guest of our own.
    page.get_by_role("navigation", name="Ceremony").get_by_role("link", name="Guests").click()
    expect(page.get_by_role("button", name="Add the finalists")).to_be_visible()
    check_page(page)
    page.get_by_role("link", name="Add a guest").click()
    check_page(page)
    page.get_by_role("button", name="Add to the list", exact=True).click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the guest's name")
    check_page(page)
    page.get_by_label("Name", exact=True).fill("Professor Ada Lovelace")
    page.get_by_label("Email address").fill("ada.lovelace@example.org")
    page.get_by_label("Organisation (optional)").fill("Analytical Engines Ltd")
    page.get_by_label("Keynote speaker").check()
    page.get_by_role("button", name="Add to the list", exact=True).click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Professor Ada Lovelace is on the guest list"
    )
    page.get_by_label("Reply").select_option("not_invited")
    page.get_by_role("button", name="Filter").click()
    page.get_by_role("link", name="Professor Ada Lovelace").click()
    check_page(page)
    mail.outbox.clear()
    page.get_by_role("button", name="Invite by email").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("invited by email")
    ada = Guest.objects.get(email="ada.lovelace@example.org")
    assert ada.status == GuestStatus.INVITED
    page.get_by_role("button", name="Show a personal reply link").click()
    # The link is absolute (DJANGO_BASE_URL); the test server has its own port.
    link = base + urlparse(page.locator("#rsvp-link").inner_text()).path
    assert "/awards/rsvp/" in link
    check_page(page)

    # The guest: no account, no sign-in, just the link.
    context = browser.new_context()
    guest = context.new_page()
    guest.goto(link)
    expect(guest.get_by_role("heading", level=1)).to_contain_text(
        "Professor Ada Lovelace, you are invited"
    )
    assert guest.locator('meta[name="robots"]').get_attribute("content") == "noindex, nofollow"
    check_page(guest)
    guest.get_by_role("button", name="Send my answer").click()
    expect(guest.locator(".govuk-error-summary")).to_contain_text("Say whether you will attend")
    check_page(guest)
    guest.get_by_label("Yes, I will attend").check()
    guest.get_by_label("Vegetarian").check()
    guest.get_by_label("Access needs (optional)").fill("A hearing loop, please")
    guest.get_by_role("button", name="Send my answer").click()
    expect(guest.get_by_role("heading", level=1)).to_have_text(
        "Thank you: we look forward to seeing you"
    )
    expect(guest.locator("#your-answer")).to_contain_text("Vegetarian")
    check_page(guest)
    # A link that is not theirs (or anyone's) gets a clear page.
    guest.goto(link[:-3] + "xyz/")
    expect(guest.get_by_role("heading", level=1)).to_have_text("This link does not work")
    check_page(guest)
    context.close()
    ada.refresh_from_db()
    assert (ada.status, ada.dietary_needs, ada.access_needs) == (
        GuestStatus.ACCEPTED,
        ["vegetarian"],
        "A hearing loop, please",
    )

    # Back to the coordinator: the counts, the running order, exhibitors, budget.
    page.goto(f"{base}/awards/manage/cycles/{cycle.pk}/ceremony/")
    assert attending(page) == before + 1

    # Plans change: the coordinator withdraws the invitation, after a page that says what
    # that does; then the guest's link no longer works.
    page.goto(f"{base}/awards/manage/ceremony/guests/{ada.pk}/")
    page.get_by_role("button", name="Withdraw the invitation").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Are you sure you want to withdraw Professor Ada Lovelace's invitation?"
    )
    check_page(page)
    page.get_by_role("button", name="Withdraw the invitation").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "invitation is withdrawn"
    )
    check_page(page)
    ada.refresh_from_db()
    assert ada.status == GuestStatus.WITHDRAWN
    context = browser.new_context()
    guest = context.new_page()
    guest.goto(link)
    expect(guest.get_by_role("heading", level=1)).to_have_text("This link does not work")
    context.close()
    page.goto(f"{base}/awards/manage/cycles/{cycle.pk}/ceremony/")
    assert attending(page) == before
    page.get_by_role("navigation", name="Ceremony").get_by_role(
        "link", name="Running order"
    ).click()
    table = page.get_by_role("table", name="Running order")
    first_time = table.locator("tbody tr").first.locator("td").first.inner_text()
    check_page(page)
    page.get_by_role(
        "button", name=re.compile(r"^Move down\W+Arrival and networking lunch")
    ).click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Moved down")
    rows = page.get_by_role("table", name="Running order").locator("tbody tr")
    expect(rows.first).to_contain_text("Welcome")
    assert rows.first.locator("td").first.inner_text() == "12:00–12:10"
    assert first_time == "12:00–13:00"
    check_page(page)
    page.get_by_role("navigation", name="Ceremony").get_by_role("link", name="Exhibitors").click()
    expect(page.get_by_role("link", name="Crimestoppers")).to_be_visible()
    check_page(page)
    page.get_by_role("navigation", name="Ceremony").get_by_role("link", name="Budget").click()
    expect(page.get_by_role("table", name="Costs")).to_contain_text("Refreshments")
    check_page(page)
