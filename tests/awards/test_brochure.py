"""The finalists' brochure: built in the background, read back with pypdf (not the writer),
rebuilt when a finalist changes, and fetching nothing but static files and the entries'
own images."""

import io

import pypdf
import pytest

from awards.enums import BrochureEdition, BrochureStatus, EntryStatus
from awards.models import Brochure, BrochurePage
from awards.services import AwardsError
from awards.services.brochure import (
    FigureInput,
    build_brochure,
    request_build,
    save_brochure_page,
    save_foreword,
)
from awards.services.outcomes import clear_placings
from core import page_cache
from core.audit import AuditEntry
from core.pdf import (
    BASE_URL,
    Resource,
    ResourceRefusedError,
    lookup,
    render_document,
    resource_url,
    restricted_fetcher,
    static_url,
)
from tests.awards.finalists import make_finalists
from tests.factories import PartnerFactory
from tests.http_recorder import Recorder, recording

pytestmark = pytest.mark.django_db

TITLES = ["Safer stairwells at Priory Court", "Late buses, safer rides", "Blades off the street"]
IN_ORDER = sorted(TITLES, key=str.casefold)  # one category: by title


def pdf_pages(content: bytes) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages]


def read_brochure(brochure: Brochure) -> bytes:
    brochure.refresh_from_db()
    with brochure.pdf.open_file() as handle:
        return handle.read()


def built(cycle, coordinator, edition, django_capture_on_commit_callbacks) -> Brochure:
    with django_capture_on_commit_callbacks(execute=True):
        brochure = request_build(cycle=cycle, edition=edition, by=coordinator)
    brochure.refresh_from_db()
    assert (brochure.status, brochure.error) == (BrochureStatus.READY, "")
    return brochure


@pytest.fixture
def finalists(closed_cycle, coordinator, force):
    return make_finalists(closed_cycle, coordinator, force=force, titles=TITLES)


@pytest.fixture
def placed(closed_cycle, coordinator, force):
    # Gold, silver and bronze in this order: not the alphabetical one.
    return make_finalists(closed_cycle, coordinator, force=force, titles=TITLES, place=True)


# --- the PDF, read by another reader ----------------------------------------------------


def test_finalists_edition_titles_in_order_pages_and_metadata(
    finalists, closed_cycle, coordinator, django_capture_on_commit_callbacks
):
    brochure = built(
        closed_cycle, coordinator, BrochureEdition.FINALISTS, django_capture_on_commit_callbacks
    )
    content = read_brochure(brochure)
    pages = pdf_pages(content)
    # Cover, foreword, contents, then two facing pages per finalist.
    assert len(pages) == 3 + 2 * len(TITLES) == brochure.pdf.pages
    assert [next(t for t in TITLES if t in pages[3 + 2 * n]) for n in range(3)] == IN_ORDER
    contents = pages[2]
    assert sorted(TITLES, key=contents.index) == IN_ORDER
    # The contents give each spread's first page.
    for n, title in enumerate(IN_ORDER):
        line = next(line for line in contents.splitlines() if title in line)
        assert line.rstrip().endswith(str(4 + 2 * n))
    assert closed_cycle.name in pages[0]
    reader = pypdf.PdfReader(io.BytesIO(content))
    assert reader.metadata.title == f"{closed_cycle.name}: the finalists"
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"
    text = "\n".join(pages)
    for placing in ("Gold", "Silver", "Bronze"):
        assert placing not in text
    # The team, district, partners, image caption and SARA highlights are real text.
    spread = pages[3] + pages[4]
    assert "Harrowgate Central neighbourhood team" in spread
    assert "Northshire Police" in spread
    assert f"Figure for {IN_ORDER[0]}" in spread
    assert "Scanning" in spread
    assert "Repeat calls about the alleyway rose all year." in spread
    assert brochure.pdf.original_name.endswith("-finalists-brochure.pdf")


def test_winners_edition_puts_the_placings_first(
    placed, closed_cycle, coordinator, django_capture_on_commit_callbacks
):
    brochure = built(
        closed_cycle, coordinator, BrochureEdition.WINNERS, django_capture_on_commit_callbacks
    )
    pages = pdf_pages(read_brochure(brochure))
    assert len(pages) == 9
    for n, (title, placing) in enumerate(zip(TITLES, ("Gold", "Silver", "Bronze"), strict=True)):
        spread = pages[3 + 2 * n]
        assert title in spread
        assert placing.upper() in spread.upper()
    # The finalists' edition of the same cycle shows no placings.
    finalists_edition = built(
        closed_cycle, coordinator, BrochureEdition.FINALISTS, django_capture_on_commit_callbacks
    )
    text = "\n".join(pdf_pages(read_brochure(finalists_edition)))
    assert "Gold" not in text
    assert "GOLD" not in text


def test_winners_edition_needs_placings(finalists, closed_cycle, coordinator):
    with pytest.raises(AwardsError) as refused:
        request_build(cycle=closed_cycle, edition=BrochureEdition.WINNERS, by=coordinator)
    assert refused.value.code == "not_ready"
    assert "placings" in str(refused.value)


def test_no_finalists_no_brochure(closed_cycle, coordinator):
    with pytest.raises(AwardsError) as refused:
        request_build(cycle=closed_cycle, edition=BrochureEdition.FINALISTS, by=coordinator)
    assert refused.value.code == "not_ready"


def test_only_the_coordinator_builds(finalists, closed_cycle):
    with pytest.raises(AwardsError) as refused:
        request_build(cycle=closed_cycle, edition=BrochureEdition.FINALISTS, by=finalists[0].lead)
    assert refused.value.code == "not_allowed"


def test_a_full_spread_is_still_two_pages(
    closed_cycle, coordinator, force, django_capture_on_commit_callbacks
):
    long_title = ("A very long title about partnership problem solving " * 4)[:200].strip()
    # Long words (about ten letters each on average, far above ordinary prose).
    words = ["neighbourhood", "partnership", "residents", "problem", "solving"]
    long_text = {
        name: " ".join(words[n % 5] for n in range(900)) + "." for name in ("scanning",)
    } | {"analysis": "x " * 800, "response": "y " * 800, "assessment": "z " * 800}
    [entry] = make_finalists(
        closed_cycle, coordinator, force=force, titles=[long_title], text=long_text
    )
    for n in range(8):
        entry.partners.add(PartnerFactory(name=f"Partner organisation with a long name {n}"))
    summary = " ".join(words[n % 5] for n in range(299)) + " lastword"
    save_brochure_page(
        entry=entry,
        by=entry.lead,
        summary=summary,
        image=entry.attachments.get(),
        figures=[FigureInput("Incidents on late journeys in six months", "1,143", "261")] * 3,
    )
    brochure = built(
        closed_cycle, coordinator, BrochureEdition.FINALISTS, django_capture_on_commit_callbacks
    )
    content = read_brochure(brochure)
    pages = pdf_pages(content)
    assert len(pages) == 5
    assert "lastword" in pages[4]
    assert "Partner organisation with a long name 7" in " ".join(pages[3].split())


# --- rebuilt when a finalist changes ------------------------------------------------------


def test_changing_a_finalist_rebuilds_the_brochure(
    finalists, closed_cycle, coordinator, django_capture_on_commit_callbacks
):
    brochure = built(
        closed_cycle, coordinator, BrochureEdition.FINALISTS, django_capture_on_commit_callbacks
    )
    first_file = brochure.pdf.stored_name
    entry = next(e for e in finalists if e.title == IN_ORDER[0])
    with django_capture_on_commit_callbacks(execute=True):
        save_brochure_page(
            entry=entry,
            by=entry.lead,
            summary="Our own words for the brochure: gates, lighting and a residents' group.",
            image=None,
            figures=[FigureInput("Burglaries a year", "31", "6")],
        )
    brochure.refresh_from_db()
    assert brochure.status == BrochureStatus.READY
    assert brochure.generation == 2
    assert brochure.pdf_generation == 2
    assert brochure.reason == f"The brochure page of '{entry.title}' changed"
    pages = pdf_pages(read_brochure(brochure))
    assert "Our own words for the brochure" in pages[4]
    assert "31" in pages[3]
    assert "Burglaries a year" in pages[3]
    # The old PDF is gone from the private storage.
    from core.uploads import private_storage

    assert not private_storage().exists(first_file)


def test_a_placing_change_marks_the_brochure_stale_and_requeues_it(
    placed, closed_cycle, coordinator, django_capture_on_commit_callbacks
):
    brochure = built(
        closed_cycle, coordinator, BrochureEdition.FINALISTS, django_capture_on_commit_callbacks
    )
    final = closed_cycle.rounds.get(number=2)
    # Without running the queued builds, the brochure shows as queued with the old PDF.
    with django_capture_on_commit_callbacks(execute=False) as queued:
        clear_placings(round=final, by=coordinator)
    brochure.refresh_from_db()
    assert brochure.status == BrochureStatus.QUEUED
    assert brochure.pdf is not None
    assert not brochure.is_current
    queued = [c for c in queued if not page_cache.is_commit_hook(c)]
    assert len(queued) == 3  # one per entry moved back; only the newest generation builds
    for callback in queued:
        callback()
    brochure.refresh_from_db()
    assert (brochure.status, brochure.is_current) == (BrochureStatus.READY, True)


def test_an_older_generation_stores_nothing(
    finalists, closed_cycle, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        brochure = request_build(
            cycle=closed_cycle, edition=BrochureEdition.FINALISTS, by=coordinator
        )
    Brochure.objects.filter(pk=brochure.pk).update(generation=brochure.generation + 1)
    assert build_brochure(brochure_id=brochure.pk, generation=brochure.generation) == ("superseded")
    brochure.refresh_from_db()
    assert brochure.pdf is None


def test_the_foreword_is_the_coordinators(
    finalists, closed_cycle, coordinator, django_capture_on_commit_callbacks
):
    save_foreword(
        cycle=closed_cycle,
        edition=BrochureEdition.FINALISTS,
        foreword="Welcome to the finalists.\n\nThank you to every team that entered.",
        by=coordinator,
    )
    brochure = built(
        closed_cycle, coordinator, BrochureEdition.FINALISTS, django_capture_on_commit_callbacks
    )
    foreword = pdf_pages(read_brochure(brochure))[1]
    assert "Welcome to the finalists." in foreword
    assert "Thank you to every team that entered." in foreword
    with pytest.raises(AwardsError) as refused:
        save_foreword(
            cycle=closed_cycle,
            edition=BrochureEdition.FINALISTS,
            foreword="word " * 601,
            by=coordinator,
        )
    assert refused.value.code == "too_long"
    assert AuditEntry.objects.filter(action="awards.brochure.built").count() == 1


# --- a finalist's brochure page -------------------------------------------------------------


def test_brochure_summary_is_at_most_300_words_by_the_awards_rule(finalists):
    entry = finalists[0]
    # List markers are not words by the awards rule: 300 words and a marker fit.
    save_brochure_page(
        entry=entry, by=entry.lead, summary="1. " + "word " * 300, image=None, figures=[]
    )
    assert BrochurePage.objects.get(entry=entry).summary.startswith("1. word")
    with pytest.raises(AwardsError) as refused:
        save_brochure_page(
            entry=entry, by=entry.lead, summary="word " * 301, image=None, figures=[]
        )
    assert refused.value.code == "summary_too_long"
    assert "301 words" in str(refused.value)


def test_brochure_page_image_must_be_the_entrys_own(finalists):
    mine, other = finalists[0], finalists[1]
    with pytest.raises(AwardsError) as refused:
        save_brochure_page(
            entry=mine,
            by=mine.lead,
            summary="",
            image=other.attachments.get(),
            figures=[],
        )
    assert refused.value.code == "image"


def test_key_figures_need_all_three_parts(finalists):
    entry = finalists[0]
    with pytest.raises(AwardsError) as refused:
        save_brochure_page(
            entry=entry,
            by=entry.lead,
            summary="",
            image=None,
            figures=[FigureInput("", "", ""), FigureInput("Calls", "40", "")],
        )
    assert refused.value.code == "figure_2"


def test_only_the_team_or_coordinator_edits_a_brochure_page(finalists, coordinator):
    entry, stranger = finalists[0], finalists[1].lead
    with pytest.raises(AwardsError) as refused:
        save_brochure_page(entry=entry, by=stranger, summary="Mine now", image=None, figures=[])
    assert refused.value.code == "not_allowed"
    save_brochure_page(entry=entry, by=coordinator, summary="Tidied", image=None, figures=[])
    assert BrochurePage.objects.get(entry=entry).summary == "Tidied"


def test_non_finalists_have_no_brochure_page(closed_cycle, coordinator, force):
    make_finalists(closed_cycle, coordinator, force=force, titles=["Chosen"], others=1)
    entry = closed_cycle.entries.get(title="Not chosen 0")
    assert entry.status == EntryStatus.SUBMITTED
    with pytest.raises(AwardsError) as refused:
        save_brochure_page(entry=entry, by=entry.lead, summary="x", image=None, figures=[])
    assert refused.value.code == "not_finalist"


# --- the restricted fetcher ----------------------------------------------------------------


@pytest.fixture
def listener():
    """A real HTTP server on this machine that records every request it gets."""
    with recording() as url:
        yield url


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/x.png",
        "https://example.org/x.css",
        "file:///etc/passwd",
        "data:text/css,body{}",
        f"{BASE_URL}static/../../../etc/passwd",
        f"{BASE_URL}static/%2e%2e/%2e%2e/etc/passwd",
        f"{BASE_URL}static/awards/pdf/..%2f..%2fsettings.css",
        f"{BASE_URL}static/awards/pdf/brochure.css?x=1",
        f"{BASE_URL}static/js/app.mjs",
        f"{BASE_URL}static/.hidden.css",
        f"{BASE_URL}resources/entry-1-image-1",
        f"{BASE_URL}etc/passwd",
        "https://pdf.invalid.example.org/static/awards/pdf/brochure.css",
        "https://pdf.invalid:8443/static/awards/pdf/brochure.css",
    ],
)
def test_the_fetcher_refuses_anything_but_static_files_and_given_resources(url):
    with pytest.raises(ResourceRefusedError):
        lookup(url, {})


def test_the_fetcher_hands_out_static_files_and_given_resources():
    css = lookup(static_url("awards/pdf/brochure.css"), {})
    assert css.content_type == "text/css"
    assert b"@page" in css.body
    given = lookup(resource_url("photo"), {"photo": lambda: Resource(b"x", "image/png")})
    assert (given.body, given.content_type) == (b"x", "image/png")


def test_hostile_markup_in_a_document_fetches_nothing(listener):
    fetcher = restricted_fetcher()
    html = (
        f'<html lang="en"><head><link rel="stylesheet" href="{listener}/style.css">'
        '<link rel="stylesheet" href="file:///etc/passwd">'
        f"<style>@import url({listener}/import.css); body {{ background: url({listener}/bg.png) }}"
        "</style></head><body>"
        f'<img src="{listener}/img.png"><img src="file:///etc/passwd"><img src="/etc/passwd">'
        f'<div style="background-image: url({listener}/inline.png)">text</div></body></html>'
    )
    render_document(html, fetcher=fetcher).write_pdf()
    assert Recorder.hits == []
    assert fetcher.fetched == []
    assert {
        f"{listener}/style.css",
        "file:///etc/passwd",
        f"{listener}/img.png",
        f"{listener}/bg.png",
        f"{BASE_URL}etc/passwd",
    } <= set(fetcher.refused)


def test_what_an_entrant_types_cannot_make_the_brochure_fetch(
    closed_cycle, coordinator, force, listener, django_capture_on_commit_callbacks
):
    hostile = (
        f'<img src="{listener}/a.png"> <link rel=stylesheet href="{listener}/b.css"> '
        f'<div style="background:url({listener}/c.png)">x</div> file:///etc/passwd '
        f"url({listener}/d.png) <style>@import '{listener}/e.css';</style>"
    )
    text = dict.fromkeys(("scanning", "analysis", "response", "assessment"), hostile)
    [entry] = make_finalists(
        closed_cycle, coordinator, force=force, titles=[f"Title {hostile}"[:200]], text=text
    )
    save_brochure_page(entry=entry, by=entry.lead, summary=hostile, image=None, figures=[])
    brochure = built(
        closed_cycle, coordinator, BrochureEdition.FINALISTS, django_capture_on_commit_callbacks
    )
    text = "\n".join(pdf_pages(read_brochure(brochure)))
    assert Recorder.hits == []
    # The markup is shown as the text it is.
    assert f'<img src="{listener}/a.png">' in text.replace("\n", " ")


def test_many_long_titled_finalists_keep_the_contents_on_one_page(
    closed_cycle, coordinator, force, django_capture_on_commit_callbacks
):
    # Twenty finalists with titles of the full 200 characters: the contents must still be
    # one page, so the spreads start facing on page 4 and no empty page is added.
    titles = [
        f"{n:02d} " + ("Partnership problem solving on the estate and its stairwells " * 4)
        for n in range(20)
    ]
    titles = [title[:200].strip() for title in titles]
    make_finalists(closed_cycle, coordinator, force=force, titles=titles, with_images=False)
    brochure = built(
        closed_cycle, coordinator, BrochureEdition.FINALISTS, django_capture_on_commit_callbacks
    )
    pages = pdf_pages(read_brochure(brochure))
    assert len(pages) == 3 + 2 * len(titles) == brochure.pdf.pages
    assert [page for page in pages if not page.strip()] == []
    contents = " ".join(pages[2].split())
    assert all(title[:2] + " Partnership" in contents for title in titles)
    # Each spread starts on a left-hand page (4, 6, ...), in contents order.
    assert all(f"{n:02d} Partnership" in pages[3 + 2 * n] for n in range(20))
