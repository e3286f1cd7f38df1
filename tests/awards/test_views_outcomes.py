"""The coordinator's brochure, certificates and winners pages, and a team's brochure page:
who may see them, what they do, and the files they serve."""

import io
import zipfile

import pypdf
import pytest
from django.urls import reverse

from awards.enums import BrochureEdition, BrochureStatus
from awards.models import Brochure, BrochurePage, KeyFigure, WinnersPublication
from awards.services import AwardsError
from awards.services.certificates import certificate_pdf
from awards.services.cycles import publish_results
from awards.services.winners import publish_winners, winners_handover
from core.audit import AuditEntry
from people.enums import Role
from tests.awards.finalists import make_finalists
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TITLES = ["Safer stairwells at Priory Court", "Late buses, safer rides", "Blades off the street"]


def text_of(content: bytes) -> str:
    return "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(content)).pages)


@pytest.fixture
def placed(closed_cycle, coordinator, force):
    return make_finalists(closed_cycle, coordinator, force=force, titles=TITLES, place=True)


@pytest.fixture
def finalists(closed_cycle, coordinator, force):
    return make_finalists(closed_cycle, coordinator, force=force, titles=TITLES)


# --- permissions ---------------------------------------------------------------------------


def test_only_coordinators_reach_the_outcomes_pages(login, finalists, closed_cycle, coordinator):
    urls = [
        reverse("awards:manage_outcomes", args=[closed_cycle.pk]),
        reverse("awards:manage_brochure", args=[closed_cycle.pk, "finalists"]),
        reverse("awards:manage_brochure_status", args=[closed_cycle.pk, "finalists"]),
    ]
    judge = UserFactory(roles=[Role.JUDGE])
    for user in (finalists[0].lead, judge):
        client = login(user)
        assert [client.get(url).status_code for url in urls] == [403, 403, 403]
        # Files answer 404, as if they did not exist.
        assert (
            client.get(reverse("awards:manage_certificate", args=[finalists[0].pk])).status_code
            == 404
        )
        assert (
            client.get(reverse("awards:manage_certificates", args=[closed_cycle.pk])).status_code
            == 404
        )
    client = login(coordinator)
    assert [client.get(url).status_code for url in urls] == [200, 200, 200]


def test_signed_out_people_are_sent_to_sign_in(client, finalists, closed_cycle):
    response = client.get(reverse("awards:manage_outcomes", args=[closed_cycle.pk]))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_an_unknown_edition_is_not_found(login, finalists, closed_cycle, coordinator):
    client = login(coordinator)
    url = reverse("awards:manage_brochure", args=[closed_cycle.pk, "deluxe"])
    assert client.get(url).status_code == 404


# --- building and downloading the brochure -----------------------------------------------------


def test_coordinator_builds_watches_and_downloads_the_brochure(
    login, finalists, closed_cycle, coordinator, django_capture_on_commit_callbacks
):
    client = login(coordinator)
    url = reverse("awards:manage_brochure", args=[closed_cycle.pk, "finalists"])
    status_url = reverse("awards:manage_brochure_status", args=[closed_cycle.pk, "finalists"])
    assert client.get(status_url).json()["status"] == "none"
    # Queued: the page shows the progress and the poll's address; the poll reports it.
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = client.post(url, {"action": "build", "foreword": "Welcome, everyone."})
    assert response.status_code == 302
    assert response["Location"] == url
    page = client.get(url).content.decode()
    assert 'data-in-progress="true"' in page
    assert "<progress" in page
    assert f'data-brochure-status="{status_url}"' in page
    assert client.get(status_url).json()["status"] == BrochureStatus.QUEUED
    for callback in queued:
        callback()
    data = client.get(status_url).json()
    assert (data["status"], data["percent"], data["current"]) == ("ready", 100, True)
    page = client.get(url).content.decode()
    assert "Download the brochure (PDF)" in page
    assert 'data-in-progress="false"' in page
    download = client.get(
        reverse("awards:manage_brochure_download", args=[closed_cycle.pk, "finalists"])
    )
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Cache-Control"] == "private, no-store"
    content = b"".join(download.streaming_content)
    text = text_of(content)
    assert "Welcome, everyone." in text
    assert all(title in text for title in TITLES)
    assert AuditEntry.objects.filter(action="awards.brochure.downloaded").count() == 1
    # Nobody else can download it.
    other = login(finalists[0].lead)
    assert (
        other.get(
            reverse("awards:manage_brochure_download", args=[closed_cycle.pk, "finalists"])
        ).status_code
        == 404
    )


def test_building_without_placings_explains_why(login, finalists, closed_cycle, coordinator):
    client = login(coordinator)
    url = reverse("awards:manage_brochure", args=[closed_cycle.pk, "winners"])
    page = client.get(url).content.decode()
    assert "The winners&#x27; edition needs the placings" in page
    response = client.post(url, {"action": "build", "foreword": "Kept"})
    assert response.status_code == 200
    assert "needs the placings" in response.content.decode()
    # What was typed is kept.
    assert "Kept" in response.content.decode()
    assert not Brochure.objects.filter(edition=BrochureEdition.WINNERS, requested_at__isnull=False)


def test_too_long_a_foreword_is_refused_and_kept(login, finalists, closed_cycle, coordinator):
    client = login(coordinator)
    url = reverse("awards:manage_brochure", args=[closed_cycle.pk, "finalists"])
    response = client.post(url, {"action": "save", "foreword": "word " * 700})
    body = response.content.decode()
    assert response.status_code == 200
    assert "at most 600 words" in body
    assert "govuk-error-summary" in body
    assert body.count("word word word") >= 1


@pytest.mark.parametrize("extra", [0, 4])
def test_outcomes_page_query_count_is_fixed(
    login, closed_cycle, coordinator, force, django_assert_num_queries, extra
):
    make_finalists(
        closed_cycle,
        coordinator,
        force=force,
        titles=["Alpha", *(f"More {n}" for n in range(extra))],
        with_images=True,
    )
    client = login(coordinator)
    url = reverse("awards:manage_outcomes", args=[closed_cycle.pk])
    # session, user with their roles (permissions and navigation),
    # cycle (+ rounds, categories), finalists and their
    # partners, co-entrants, key figures and images, brochures, edition checks, the
    # winners page and its check, navigation
    with django_assert_num_queries(18):
        response = client.get(url)
    assert response.status_code == 200


# --- a team's brochure page ------------------------------------------------------------------


def test_the_team_writes_its_brochure_page(
    login, finalists, closed_cycle, django_capture_on_commit_callbacks
):
    entry = finalists[0]
    client = login(entry.lead)
    detail = client.get(reverse("awards:entry_detail", args=[entry.pk])).content.decode()
    url = reverse("awards:entry_brochure", args=[entry.pk])
    assert url in detail
    image = entry.attachments.get()
    page = client.get(url)
    assert page.status_code == 200
    form = {
        "summary": "Our summary.\n\nA second paragraph.",
        "image": str(image.pk),
        "figure_1_measure": "Burglaries a year",
        "figure_1_before": "31",
        "figure_1_after": "6",
    }
    response = client.post(url, form)
    assert response.status_code == 302
    saved = BrochurePage.objects.get(entry=entry)
    assert (saved.summary, saved.image) == ("Our summary.\n\nA second paragraph.", image)
    assert list(
        KeyFigure.objects.filter(entry=entry).values_list("measure", "before", "after")
    ) == [("Burglaries a year", "31", "6")]
    # Too long: a clear message, and the text typed is still there.
    response = client.post(url, {**form, "summary": "word " * 301})
    body = response.content.decode()
    assert response.status_code == 200
    assert "The summary has 301 words" in body
    assert "word word word" in body


def test_others_cannot_reach_a_teams_brochure_page(login, finalists, closed_cycle):
    url = reverse("awards:entry_brochure", args=[finalists[0].pk])
    assert login(finalists[1].lead).get(url).status_code == 404
    assert login(UserFactory(roles=[Role.JUDGE])).get(url).status_code == 404


# --- certificates -----------------------------------------------------------------------------


def test_certificates_name_the_team_cycle_and_placing(placed, closed_cycle, coordinator):
    gold = next(e for e in placed if e.title == TITLES[0])
    text = " ".join(text_of(certificate_pdf(entry=gold, by=coordinator)).split())
    assert closed_cycle.name in text
    assert gold.lead.get_full_name() in text
    assert "Harrowgate Central neighbourhood team" in text
    assert TITLES[0] in text
    assert "Gold award" in text


def test_a_finalist_certificate_has_no_placing(finalists, closed_cycle, coordinator):
    text = text_of(certificate_pdf(entry=finalists[0], by=coordinator))
    assert "Finalist" in text
    assert not any(word in text for word in ("Gold", "Silver", "Bronze"))


def test_one_or_all_certificates_are_downloaded(login, placed, closed_cycle, coordinator):
    client = login(coordinator)
    one = client.get(reverse("awards:manage_certificate", args=[placed[1].pk]))
    assert one.status_code == 200
    assert one["Content-Type"] == "application/pdf"
    assert one["Content-Disposition"].startswith("attachment;")
    assert one["X-Content-Type-Options"] == "nosniff"
    assert "Silver award" in text_of(one.content)
    everything = client.get(reverse("awards:manage_certificates", args=[closed_cycle.pk]))
    assert everything["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(everything.content))
    names = archive.namelist()
    assert len(names) == 3
    assert all(n.endswith(".pdf") for n in names)
    texts = [" ".join(text_of(archive.read(n)).split()) for n in names]
    # Gold, silver, bronze in order, each with its own team's lead named.
    awards = ("Gold", "Silver", "Bronze")
    for text, entry, award in zip(texts, placed_in_order(placed), awards, strict=True):
        assert entry.title in text
        assert entry.lead.get_full_name() in text
        assert f"{award} award" in text
    assert AuditEntry.objects.filter(action="awards.certificates.downloaded").count() == 1


def placed_in_order(entries):
    return sorted(entries, key=lambda e: ["gold", "silver", "bronze"].index(e.placing))


# --- winners published --------------------------------------------------------------------------


@pytest.fixture
def site():
    from cms.demo import seed_pages

    seed_pages()


def test_winners_wait_for_final_placings(placed, closed_cycle, coordinator, site):
    with pytest.raises(AwardsError) as refused:
        publish_winners(cycle=closed_cycle, by=coordinator)
    assert refused.value.code == "not_final"


def test_publishing_the_winners_makes_a_draft_winners_page_for_the_editors(
    login, placed, closed_cycle, coordinator, site
):
    from cms.models import WinnersPage

    publish_results(cycle=closed_cycle, by=coordinator)
    handover = winners_handover(closed_cycle)
    assert [r["placing"] for r in handover["results"]] == ["gold", "silver", "bronze"]
    client = login(coordinator)
    response = client.post(reverse("awards:manage_winners", args=[closed_cycle.pk]))
    assert response.status_code == 302
    page = WinnersPage.objects.get(cycle_reference=f"awards.cycle:{closed_cycle.pk}")
    # The demo site reviews pages before they go live: a draft, in the editors' workflow.
    assert (page.live, page.workflow_in_progress) == (False, True)
    latest = page.get_latest_revision_as_object()
    assert [(p.placing, p.entry_title) for p in latest.placings.all()] == [
        ("gold", TITLES[0]),
        ("silver", TITLES[1]),
        ("bronze", TITLES[2]),
    ]
    publication = WinnersPublication.objects.get(cycle=closed_cycle)
    assert (publication.title, publication.live) == (closed_cycle.name, False)
    body = client.get(reverse("awards:manage_outcomes", args=[closed_cycle.pk])).content.decode()
    assert "a draft waiting for an editor" in body
    # Again: the same page gets a new draft, not a second page.
    client.post(reverse("awards:manage_winners", args=[closed_cycle.pk]))
    assert (
        WinnersPage.objects.filter(cycle_reference=f"awards.cycle:{closed_cycle.pk}").count() == 1
    )


def test_only_the_coordinator_publishes_winners(login, placed, closed_cycle, coordinator, site):
    publish_results(cycle=closed_cycle, by=coordinator)
    response = login(placed[0].lead).post(reverse("awards:manage_winners", args=[closed_cycle.pk]))
    assert response.status_code == 403
    with pytest.raises(AwardsError):
        publish_winners(cycle=closed_cycle, by=placed[0].lead)
