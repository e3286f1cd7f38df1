"""Awards outcomes in the browser, on the demo's last (published) cycle: `coordinator`
builds the winners' brochure and watches it being built by the task worker, downloads
it and the certificates, and publishes the winners page for the editors."""

import io
import zipfile
from pathlib import Path

import pypdf
import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from awards.enums import BrochureStatus, EntryStatus
from awards.models import Brochure, Cycle
from tests.e2e.conftest import check_page, sign_in


@pytest.fixture
def outcomes_site(transactional_db, live_server, settings):
    """Demo accounts, pages and awards; tasks go to the database queue, as in production,
    so the brochure waits for the worker and the page shows its progress."""
    from awards.demo import seed_awards
    from portal.demo import seed_demo

    seed_demo(full=False)
    seed_awards()
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    return live_server


def pdf_text(content: bytes) -> str:
    return "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(content)).pages)


def test_coordinator_builds_the_brochure_downloads_certificates_and_publishes_winners(
    page, outcomes_site
):
    from cms.models import WinnersPage

    base = outcomes_site.url
    cycle = Cycle.objects.filter(results_published_at__isnull=False).get()
    finalists = list(cycle.entries.filter(status__in=[EntryStatus.FINALIST, EntryStatus.WINNER]))
    gold = cycle.entries.get(placing="gold")

    sign_in(page, base, "coordinator")
    page.goto(f"{base}/awards/manage/")
    page.get_by_role("link", name=cycle.name).click()
    page.get_by_role("navigation", name=cycle.name).get_by_role(
        "link", name="Brochure and certificates"
    ).click()
    expect(page.get_by_role("heading", level=2, name="Brochure and certificates")).to_be_visible()
    check_page(page)

    # The winners' edition: a foreword, then build; the page shows the build waiting.
    page.get_by_role("link", name="Build the winners' edition").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Winners' edition")
    check_page(page)
    page.get_by_label("Foreword").fill(
        f"Welcome to the winners of {cycle.name}.\n\nThank you to every team."
    )
    page.get_by_role("button", name="Build the brochure").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("being built")
    expect(page.get_by_label("Progress")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("Waiting for the task worker")
    check_page(page)

    # The worker builds it; the page follows by itself and offers the download.
    call_command("worker", batch=True, worker_id="e2e-worker", verbosity=0)
    assert Brochure.objects.get(cycle=cycle, edition="winners").status == BrochureStatus.READY
    download_link = page.get_by_role("button", name="Download the brochure (PDF)")
    expect(download_link).to_be_visible(timeout=20_000)
    expect(page.get_by_text("Ready", exact=True)).to_be_visible()
    check_page(page)
    with page.expect_download() as info:
        download_link.click()
    text = pdf_text(Path(info.value.path()).read_bytes())
    assert f"Welcome to the winners of {cycle.name}." in text
    assert all(entry.title.split(":")[0] in text for entry in finalists)
    assert "GOLD" in text.upper()

    # Certificates: one, and all of them.
    page.get_by_role("link", name="Brochure and certificates").first.click()
    check_page(page)
    with page.expect_download() as info:
        page.get_by_role("link", name=f"Certificate for {gold.title} (PDF)").click()
    certificate = " ".join(pdf_text(Path(info.value.path()).read_bytes()).split())
    assert "Gold award" in certificate
    assert gold.lead.get_full_name() in certificate
    with page.expect_download() as info:
        page.get_by_role("button", name="Download all certificates (.zip)").click()
    archive = zipfile.ZipFile(info.value.path())
    assert len(archive.namelist()) == len(finalists)

    # Winners published: a draft for the editors, on the website's own page model.
    page.get_by_role("button", name="Publish the winners").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "waits for an editor"
    )
    expect(page.get_by_text("a draft waiting for an editor")).to_be_visible()
    check_page(page)
    winners = WinnersPage.objects.get(cycle_reference=f"awards.cycle:{cycle.pk}")
    assert (winners.live, winners.workflow_in_progress) == (False, True)
