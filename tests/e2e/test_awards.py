"""POP awards journeys in the browser, on the awards demo data.

- The word-counting table runs in Chromium against static/js/awards/word-count.mjs.
- `entrant` drafts (the counters agree with the server), reloads, is signed out while
  typing, signs in again, and nothing is lost; then submits.
- `judge` declares a conflict on one entry and scores the rest.
- `coordinator` assigns, reads the results, closes round 1, picks finalists, runs round 2,
  records the placings (with the chair's casting vote) and publishes.
"""

import json
import re
import time
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from awards.enums import EntryStatus, RoundStatus, ScoringStatus
from awards.models import Assignment, Conflict, Entry, Round
from awards.wordcount import count_words
from people.models import User
from tests.e2e.conftest import check_page, sign_in

CASES = json.loads(
    (Path(__file__).resolve().parents[1] / "awards" / "word_count_cases.json").read_text()
)["cases"]


@pytest.fixture
def awards_site(transactional_db, live_server):
    """The demo accounts, pages and awards (the training year is not needed)."""
    from awards.demo import seed_awards
    from portal.demo import seed_demo

    seed_demo(full=False)
    seed_awards()
    return live_server


def wait_for(predicate, *, timeout: float = 15.0, message: str = "condition") -> None:
    """Poll the database until ``predicate()`` holds (the page saves in the background)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise AssertionError(f"Timed out waiting for {message}")


def menu(page, name: str):
    """A link in the service navigation."""
    return page.get_by_role("navigation", name="Menu").get_by_role("link", name=name, exact=True)


def test_browser_counts_words_like_the_server(page, live_server):
    page.goto(f"{live_server.url}/accounts/login/")
    counted = page.evaluate(
        """async (cases) => {
            const rule = await import('/static/js/awards/word-count.mjs');
            return cases.map((c) => rule.countWords(c.text));
        }""",
        CASES,
    )
    mismatches = [
        (case["name"], case["words"], got)
        for case, got in zip(CASES, counted, strict=True)
        if got != case["words"]
    ]
    assert mismatches == []


def test_entrant_drafts_reloads_is_signed_out_and_submits(page, awards_site):
    base = awards_site.url
    entrant = User.objects.get(username="entrant")
    draft = Entry.objects.get(lead=entrant, status=EntryStatus.DRAFT)

    sign_in(page, base, "entrant")
    menu(page, "Awards").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("POP awards")
    check_page(page)
    page.get_by_role("link", name=draft.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(draft.title)
    check_page(page)
    page.get_by_role("button", name="Edit the entry").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Edit your entry")
    check_page(page)

    # Typing: the live counter agrees with the server's rule on pasted Word-like text.
    response_text = (
        "Residents\u2019 group, the housing provider and the neighbourhood team:\n"
        "\u2022 LED lighting along the whole underpass\n"
        "\u2022 a mural designed by pupils from two schools\n"
        "1. weekly litter-picks\u00a0and graffiti removal within 24\u00a0hours\n"
        "See https://example.org/underpass-plan for the plan \u2014 agreed in May."
    )
    page.locator("#id_response").fill(response_text)
    expect(page.locator("#id_response-count")).to_have_text(f"{count_words(response_text)} words")
    wait_for(
        lambda: Entry.objects.get(pk=draft.pk).response == response_text,
        message="the autosave of the Response section",
    )
    expect(page.locator("[data-save-status]")).to_contain_text("Last saved at")
    saved = Entry.objects.get(pk=draft.pk)
    assert saved.word_count == sum(
        count_words(getattr(saved, f)) for f in ("scanning", "analysis", "response", "assessment")
    )

    # A reload straight after typing (before the autosave) loses nothing.
    quick = "Assessment: incidents fell from 47 to 12 between September and February."
    page.locator("#id_assessment").fill(quick)
    page.reload()
    expect(page.locator("#id_assessment")).to_have_value(quick)
    wait_for(lambda: Entry.objects.get(pk=draft.pk).assessment == quick, message="the restore")

    # The sign-in expires while typing: the text stays on the device, and is saved once
    # the entrant signs in again in a new tab.
    page.context.clear_cookies()
    signed_out_text = quick + " A residents' survey in March will test whether people feel safer."
    page.locator("#id_assessment").fill(signed_out_text)
    status = page.locator("[data-save-status]")
    expect(status).to_contain_text("You have been signed out")
    with page.context.expect_page() as popup_info:
        status.get_by_role("link", name="Sign in again (opens in a new tab)").click()
    popup = popup_info.value
    popup.get_by_label("Username").fill("entrant")
    popup.get_by_label("Password").fill("pop-portal-demo")
    popup.get_by_role("button", name="Sign in").click()
    expect(popup.get_by_role("heading", level=1)).to_have_text("You are signed in again")
    check_page(popup)
    popup.close()
    page.bring_to_front()
    wait_for(
        lambda: Entry.objects.get(pk=draft.pk).assessment == signed_out_text,
        message="the save after signing in again",
    )
    page.reload()
    expect(page.locator("#id_assessment")).to_have_value(signed_out_text)

    # Submit.
    page.get_by_role("button", name="Save and check before submitting").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check and submit your entry")
    check_page(page)
    page.get_by_role("button", name="Submit the entry").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "has been submitted"
    )
    check_page(page)
    assert Entry.objects.get(pk=draft.pk).status == EntryStatus.SUBMITTED


def test_judge_declares_a_conflict_and_scores_the_rest(page, awards_site):
    base = awards_site.url
    judge = User.objects.get(username="judge")
    open_round = Round.objects.get(status=RoundStatus.OPEN, number=1)
    waiting = Assignment.objects.filter(round=open_round, judge=judge).exclude(
        status=ScoringStatus.SUBMITTED
    )
    assert waiting.count() >= 3

    sign_in(page, base, "judge")
    check_page(page)
    menu(page, "Judging").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Judging")
    check_page(page)

    # Declare a conflict on the first entry still to score.
    first = waiting.filter(status=ScoringStatus.NOT_STARTED).select_related("entry").first()
    page.get_by_role("link", name=first.entry.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(first.entry.title)
    check_page(page)
    page.get_by_role("link", name=re.compile("^Declare a conflict of interest")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Declare a conflict of interest")
    check_page(page)
    page.get_by_label("What is the conflict?").fill(
        "I chaired the tasking meeting that set up this project."
    )
    page.get_by_role("button", name="Declare the conflict").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Conflict declared")
    check_page(page)
    assert Conflict.objects.get(entry=first.entry, judge=judge).source == "declared"

    # Score the rest.
    rest = list(waiting.exclude(pk=first.pk).select_related("entry", "round"))
    for index, assignment in enumerate(rest):
        menu(page, "Judging").click()
        page.get_by_role("link", name=assignment.entry.title).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(assignment.entry.title)
        if index == 0:
            check_page(page)
        for n, criterion in enumerate(assignment.round.criteria.all()):
            group = page.get_by_role("group", name=criterion.title)
            group.get_by_label(f"Score {6 + n % 3}", exact=True).check()
        page.get_by_role("button", name="Submit my scores").click()
        expect(page.locator(".govuk-notification-banner--success")).to_contain_text("are submitted")
        if index == 0:
            check_page(page)
    assert (
        not Assignment.objects.filter(round=open_round, judge=judge)
        .exclude(status=ScoringStatus.SUBMITTED)
        .exists()
    )
    menu(page, "Judging").click()
    expect(page.locator("table").get_by_text("To score")).to_have_count(0)
    expect(page.locator("table").get_by_text("In progress")).to_have_count(0)


def _score_round_2(final: Round, tie: tuple[int, int]) -> None:
    """The panel scores the finalists' presentations (as the judges would, on their pages):
    the two finalists in ``tie`` level on everything."""
    from awards.services.scoring import save_scores

    finalists = list(
        Entry.objects.filter(cycle=final.cycle, status=EntryStatus.FINALIST).order_by("pk")
    )
    values = {e.pk: 5 + (i % 3) for i, e in enumerate(finalists)}
    values[tie[0]] = values[tie[1]] = 9
    for assignment in final.assignments.select_related("round", "judge", "entry"):
        save_scores(
            assignment=assignment,
            by=assignment.judge,
            submit=True,
            scores={c.pk: (values[assignment.entry_id], "") for c in final.criteria.all()},
        )


def test_coordinator_assigns_reads_results_picks_finalists_and_records_placings(page, awards_site):
    base = awards_site.url
    first = Round.objects.get(status=RoundStatus.OPEN, number=1)
    cycle = first.cycle
    final = cycle.rounds.get(number=2)

    sign_in(page, base, "coordinator")
    menu(page, "Run the awards").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Run the awards")
    check_page(page)
    page.get_by_role("link", name=cycle.name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(cycle.name)
    check_page(page)

    # Round 1: assignment, results, close, finalists.
    page.get_by_role("navigation", name=cycle.name).get_by_role("link", name="Round 1").click()
    page.get_by_role("navigation", name=first.name).get_by_role("link", name="Assignment").click()
    expect(page.get_by_role("heading", level=2, name="Entries per judge")).to_be_visible()
    check_page(page)
    page.get_by_role("button", name="Assign entries to judges").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Assignment done")
    page.get_by_role("navigation", name=first.name).get_by_role("link", name="Results").click()
    expect(page.get_by_text("score sheets submitted")).to_be_visible()
    check_page(page)
    page.get_by_role("button", name="Close judging").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("judging is closed")
    expect(page.locator('input[name="chosen"]:checked')).to_have_count(6)
    check_page(page)
    page.get_by_role("button", name="Make the ticked entries finalists").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "6 entries are now finalists"
    )
    assert Entry.objects.filter(cycle=cycle, status=EntryStatus.FINALIST).count() == 6

    # Round 2: the panel is agreed; assign every finalist to every judge and open judging.
    page.get_by_role("navigation", name=cycle.name).get_by_role("link", name="Round 2").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(final.name)
    check_page(page)
    page.get_by_role("navigation", name=final.name).get_by_role("link", name="Assignment").click()
    page.get_by_role("button", name="Assign entries to judges").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Assignment done")
    page.get_by_role("button", name="Open judging").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("judging is open")

    # Two finalists scored by the same judges (none conflicted with one but not the other),
    # so identical scores leave them level after normalisation too.
    panels: dict[frozenset, list] = {}
    for entry in Entry.objects.filter(cycle=cycle, status=EntryStatus.FINALIST).order_by("pk"):
        judges = frozenset(final.assignments.filter(entry=entry).values_list("judge_id", flat=True))
        panels.setdefault(judges, []).append((entry.pk, entry.title))
    (a_pk, _), (b_pk, b_title) = next(p for p in panels.values() if len(p) >= 2)[:2]
    _score_round_2(final, (a_pk, b_pk))

    page.get_by_role("button", name="Close judging").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("judging is closed")
    page.get_by_role("navigation", name=final.name).get_by_role("link", name="Placings").click()
    expect(page.get_by_role("heading", name="The tie-break rule")).to_be_visible()
    check_page(page)
    # Level on score and on assessment of impact: the chair's casting vote decides gold.
    page.get_by_role("group", name="The chair's casting vote for gold").get_by_label(
        b_title, exact=True
    ).check()
    page.get_by_role("button", name="Record the casting vote").click()
    expect(page.get_by_text("settled by the chair's casting vote")).to_be_visible()
    check_page(page)
    page.get_by_role("button", name="Record these placings").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Placings recorded")
    check_page(page)
    placed = dict(
        Entry.objects.filter(cycle=cycle, status=EntryStatus.WINNER).values_list("placing", "pk")
    )
    assert (placed["gold"], placed["silver"]) == (b_pk, a_pk)
    page.get_by_role("button", name="Publish the results").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "results are published"
    )
    check_page(page)
    cycle.refresh_from_db()
    assert cycle.is_published
    assert reverse("awards:manage_cycle", args=[cycle.pk]) in page.url


def test_every_other_awards_page_is_accessible(page, awards_site):
    """The pages the journeys above do not pass through, for each role."""
    base = awards_site.url
    first = Round.objects.get(status=RoundStatus.OPEN, number=1)
    cycle = first.cycle
    entrant = User.objects.get(username="entrant")
    submitted = Entry.objects.get(lead=entrant, status=EntryStatus.SUBMITTED)
    draft = Entry.objects.get(lead=entrant, status=EntryStatus.DRAFT)
    conflict = Conflict.objects.filter(entry__cycle=cycle, status="pending").first()
    # Last year's finalist the entrant led (results published; the library asks their consent).
    published = Entry.objects.filter(lead=entrant, cycle__results_published_at__isnull=False)
    pages = {
        "entrant": [
            reverse("awards:entry_detail", args=[submitted.pk]),
            reverse("awards:entry_team", args=[draft.pk]),
            reverse("awards:entry_attachments", args=[draft.pk]),
            reverse("awards:entry_submit", args=[draft.pk]),
            reverse("awards:entry_withdraw", args=[draft.pk]),
            reverse("awards:entry_detail", args=[published.get().pk]),
            reverse("awards:entry_library", args=[published.get().pk]),
            reverse("awards:signed_in"),
        ],
        "judge": [reverse("awards:judging") + "?show=closed"],
        "coordinator": [
            reverse("awards:manage_entries", args=[cycle.pk]),
            reverse("awards:manage_entry", args=[draft.pk]),
            reverse("awards:manage_entry", args=[published.get().pk]),
            reverse("awards:manage_extend", args=[draft.pk]),
            reverse("awards:manage_conflicts", args=[cycle.pk]),
            reverse("awards:manage_conflicts", args=[cycle.pk]) + "?show=all",
            reverse("awards:manage_decide_conflict", args=[conflict.pk]),
            reverse("awards:manage_panel", args=[first.pk]),
            reverse("awards:manage_assignment_entry", args=[first.pk, submitted.pk]),
            reverse("awards:manage_guidance", args=[cycle.pk]),
            reverse("awards:manage_placings", args=[cycle.rounds.get(number=2).pk]),
        ],
    }
    for username, paths in pages.items():
        sign_in(page, base, username)
        for path in paths:
            response = page.goto(base + path)
            assert response.status == 200, path
            check_page(page)
        page.get_by_role("button", name="Sign out").click()
