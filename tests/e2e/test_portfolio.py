"""The portfolio journey: the candidate uploads and maps evidence, the assessor refers it,
the candidate resubmits, the assessor accepts and signs off, the IQA samples the decision,
and the coordinator exports the awarding-body claim."""

import io

from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from people.models import User
from portfolios.models import Enrolment
from portfolios.services.enrolments import enrol, set_registration_number
from tests import uploads_corpus as corpus
from tests.e2e.conftest import check_page, sign_in
from tests.factories import qualification


def _enrol_demo_candidate() -> Enrolment:
    q = qualification(
        units=1, criteria=2, title="Level 3 Award in Understanding Neighbourhood Management"
    )
    coordinator = User.objects.get(username="coordinator")
    enrolment = enrol(
        candidate=User.objects.get(username="candidate"),
        qualification=q,
        start_date=timezone.localdate(),
        by=coordinator,
        assessor=User.objects.get(username="assessor"),
    )
    return set_registration_number(enrolment=enrolment, number="SFJ-NP-00777", by=coordinator)


def _as(page, base_url, username):
    page.context.clear_cookies()
    sign_in(page, base_url, username)


def test_portfolio_journey_from_upload_to_claim(page, demo_site, tmp_path):
    enrolment = _enrol_demo_candidate()
    base = demo_site.url
    first = tmp_path / "ward-profile.pdf"
    first.write_bytes(corpus.pdf_bytes())
    second = tmp_path / "ward-profile-v2.pdf"
    second.write_bytes(corpus.pdf_bytes(pages=2))

    # 1. The candidate uploads evidence and maps it to both criteria.
    _as(page, base, "candidate")
    page.get_by_role("link", name="My qualification").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(enrolment.qualification.title)
    check_page(page)
    page.get_by_role("link", name="Upload a file").click()
    check_page(page)
    page.get_by_label("Title").fill("Ward profile and priorities")
    page.get_by_label("1.1 Criterion 1.1 text").check()
    page.get_by_label("1.2 Criterion 1.2 text").check()
    page.get_by_label("Upload a file").set_input_files(str(first))
    page.get_by_role("button", name="Save and submit to my assessor").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("is submitted")
    expect(page.get_by_text("Waiting for assessment", exact=True)).to_be_visible()
    check_page(page)

    # 2. The assessor refers it with feedback.
    _as(page, base, "assessor")
    page.get_by_role("link", name="Assessing").first.click()
    check_page(page)
    page.get_by_role("link", name="Ward profile and priorities").click()
    check_page(page)
    page.get_by_label("Refer back to the candidate").check()
    page.get_by_label("Feedback to the candidate").fill("Add the date of the ward panel meeting.")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("You referred back")
    check_page(page)

    # 3. The candidate reads the feedback and resubmits a new version.
    _as(page, base, "candidate")
    page.goto(f"{base}/portfolios/")
    page.get_by_role("link", name="Ward profile and priorities").click()
    expect(page.get_by_text("Add the date of the ward panel meeting.").first).to_be_visible()
    page.get_by_role("link", name="Revise and resubmit").click()
    check_page(page)
    page.get_by_label("Upload a file").set_input_files(str(second))
    page.get_by_role("button", name="Save and submit to my assessor").click()
    expect(page.get_by_role("heading", name="Version 2 (latest)")).to_be_visible()
    check_page(page)

    # 4. The assessor accepts it and signs off the unit.
    _as(page, base, "assessor")
    page.goto(f"{base}/portfolios/assessing/")
    page.get_by_role("link", name="Ward profile and priorities").click()
    page.get_by_label("Accept").check()
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("You accepted")
    page.get_by_role("button", name="Sign off Unit 1").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "the qualification is complete"
    )
    check_page(page)

    # 5. The IQA samples the decision (a new assessor: every decision is sampled).
    _as(page, base, "iqa")
    page.get_by_role("link", name="Quality assurance").first.click()
    check_page(page)
    page.get_by_role("row").filter(has_text="Accepted").get_by_role("link").click()
    check_page(page)
    page.get_by_label("Agree", exact=True).check()
    page.get_by_role("button", name="Record the review").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("You agreed")
    check_page(page)

    # 6. The coordinator makes the claim and downloads it.
    _as(page, base, "coordinator")
    page.goto(f"{base}/portfolios/cohort/")
    check_page(page)
    page.get_by_role("link", name="Awarding body claim").click()
    check_page(page)
    page.get_by_label(f"Claim for {enrolment.candidate.display_name}").check()
    page.get_by_role("button", name="Make the claim").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("made for 1 candidate")
    check_page(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download claim").first.click()
    sheet = load_workbook(io.BytesIO(download.value.path().read_bytes())).active
    rows = list(sheet.values)
    assert rows[1][:3] == (
        "SFJ-NP-00777",
        "Level 3 Award in Understanding Neighbourhood Management (Level 3)",
        "Unit 1",
    )
    enrolment.refresh_from_db()
    assert (enrolment.status, enrolment.claimed_on) == ("claimed", timezone.localdate())
