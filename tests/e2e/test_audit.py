"""The coordinator reads the audit trail, filters it, and sees a session's history."""

import datetime

from django.utils import timezone
from playwright.sync_api import expect

from people.models import User
from tests.e2e.conftest import check_page, sign_in
from tests.factories import SessionFactory
from training.services.booking import book_seat


def test_the_coordinator_filters_the_trail_and_reads_a_sessions_history(page, demo_site):
    session = SessionFactory(starts_at=timezone.now() + datetime.timedelta(days=30))
    book_seat(session=session, person=User.objects.get(username="officer"))
    base = demo_site.url

    # A refusal first: the officer tries the audit trail.
    sign_in(page, base, "officer")
    page.goto(f"{base}/portal/audit/")
    expect(page.get_by_role("heading", name="You cannot see this page")).to_be_visible()
    page.context.clear_cookies()

    sign_in(page, base, "coordinator")
    page.get_by_role("link", name="Audit trail").first.click()
    expect(page.get_by_role("heading", name="Audit trail", level=1)).to_be_visible()
    check_page(page)

    page.get_by_label("Outcome").select_option("denied")
    page.get_by_role("button", name="Apply filters").click()
    rows = page.locator("tbody tr")
    expect(rows.first).to_contain_text("access.forbidden")
    expect(rows.first).to_contain_text("Refused")
    check_page(page)

    page.get_by_label("Date to").fill("2020-01-01")
    page.get_by_label("Date from").fill("2021-01-01")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Date to must be the same as or after date from"
    )
    check_page(page)

    page.goto(f"{base}/training/trainer/sessions/{session.pk}/")
    history = page.locator(".pop-audit-timeline")
    expect(history).to_contain_text("History of this session and its bookings")
    check_page(page)
