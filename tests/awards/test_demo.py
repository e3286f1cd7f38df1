"""The awards demo data: idempotent, and every demo account has real work waiting."""

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from awards.enums import ConflictStatus, EntryStatus, RoundStatus, ScoringStatus
from awards.models import Assignment, Conflict, Cycle, Entry, PanelMember
from awards.selectors import is_partner_judge
from people.models import User
from tests.auth import sign_in_as

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def _seeded_once(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", verbosity=0)
        yield
        transaction.set_rollback(True)


@pytest.fixture
def seeded(_seeded_once, db):
    return None


def current() -> Cycle:
    return Cycle.objects.get(name=f"POP Awards {timezone.localdate().year}")


def previous() -> Cycle:
    return Cycle.objects.get(name=f"POP Awards {timezone.localdate().year - 1}")


def _counts() -> dict[str, int]:
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label in {"awards", "people", "training", "core"}
        and model._meta.model_name != "auditentry"
    }


def test_seeding_twice_changes_nothing(seeded):
    before = _counts()
    call_command("seed_demo", verbosity=0)
    assert _counts() == before


def test_the_current_cycle_has_about_forty_entries_in_both_categories(seeded):
    entries = Entry.objects.filter(cycle=current())
    assert 35 <= entries.count() <= 45
    assert set(entries.values_list("category__name", flat=True)) == {
        "Safer Communities",
        "Safer Travel",
    }
    assert entries.filter(status=EntryStatus.WITHDRAWN).count() == 1
    assert entries.exclude(word_count=0).count() == entries.count()


def test_eight_judges_with_partner_judges(seeded):
    members = PanelMember.objects.filter(round__cycle=current(), round__number=1).select_related(
        "judge__organisation"
    )
    assert members.count() == 8
    assert sum(is_partner_judge(m.judge) for m in members) == 4
    assert members.filter(is_chair=True).count() == 1


def test_entrant_has_a_draft_a_submitted_entry_and_last_years_feedback(seeded):
    entrant = User.objects.get(username="entrant")
    mine = Entry.objects.filter(cycle=current(), lead=entrant)
    assert set(mine.values_list("status", flat=True)) == {EntryStatus.DRAFT, EntryStatus.SUBMITTED}
    draft = mine.get(status=EntryStatus.DRAFT)
    assert draft.deadline_extended_to > timezone.now()
    assert draft.extension_reason
    assert draft.attachments.count() == 1
    last_year = Entry.objects.get(cycle=previous(), lead=entrant)
    assert last_year.status in (EntryStatus.WINNER, EntryStatus.FINALIST)
    # Theirs to agree to publication in the library; another finalist's lead already has.
    assert last_year.library_consent_at is None
    consented = Entry.objects.exclude(library_consent_at=None).get()
    assert consented.status in (EntryStatus.WINNER, EntryStatus.FINALIST)
    assert consented.library_consent_by == consented.lead


def test_judge_and_partnerjudge_have_entries_to_score_and_one_conflict_each(seeded):
    for username, status in (
        ("judge", ConflictStatus.PENDING),
        ("partnerjudge", ConflictStatus.CONFIRMED),
    ):
        judge = User.objects.get(username=username)
        queue = Assignment.objects.filter(judge=judge, round__status=RoundStatus.OPEN)
        assert queue.exclude(status=ScoringStatus.SUBMITTED).count() >= 3, username
        assert queue.filter(status=ScoringStatus.SUBMITTED).exists(), username
        conflicts = Conflict.objects.filter(judge=judge, entry__cycle=current())
        assert list(conflicts.values_list("status", flat=True)) == [status], username


def test_coordinator_has_results_part_entered_and_conflicts_to_decide(seeded):
    first = current().rounds.get(number=1)
    sheets = Assignment.objects.filter(round=first)
    done = sheets.filter(status=ScoringStatus.SUBMITTED).count()
    assert 0 < done < sheets.count()
    assert (
        Conflict.objects.filter(entry__cycle=current(), status=ConflictStatus.PENDING).count() >= 2
    )
    assert Conflict.objects.filter(entry__cycle=current(), status=ConflictStatus.DISMISSED).exists()


def test_last_year_is_complete_with_finalists_and_placings(seeded):
    cycle = previous()
    assert cycle.is_published
    placed = dict(
        Entry.objects.filter(cycle=cycle, status=EntryStatus.WINNER).values_list("placing", "title")
    )
    assert set(placed) == {"gold", "silver", "bronze"}
    assert Entry.objects.filter(cycle=cycle, status=EntryStatus.FINALIST).count() == 3
    # Nothing is left undecided in a finished cycle.
    assert not Conflict.objects.filter(entry__cycle=cycle, status=ConflictStatus.PENDING).exists()
    assert Conflict.objects.filter(entry__cycle=cycle).exists()


def test_next_year_has_a_bookable_guidance_talk(seeded):
    cycle = Cycle.objects.get(name=f"POP Awards {timezone.localdate().year + 1}")
    assert cycle.guidance_session is not None
    assert cycle.guidance_session.starts_at > timezone.now()


@pytest.mark.parametrize(
    ("username", "text"),
    [
        ("entrant", "Green corridor: reclaiming the Wensley Bridge underpass"),
        ("judge", "entries to score"),
        ("partnerjudge", "entries to score"),
        ("coordinator", "score sheets submitted"),
    ],
)
def test_demo_accounts_see_their_awards_work_on_the_dashboard(seeded, client, username, text):
    sign_in_as(client, User.objects.get(username=username))
    page = client.get(reverse("portal:dashboard")).content.decode()
    assert text in page


def test_this_years_ceremony_has_guests_in_every_state_and_work_waiting(seeded):
    from awards import ceremony_selectors
    from awards.enums import GuestKind, GuestStatus, RunningOrderKind

    ceremony = current().ceremony
    counts = ceremony_selectors.guest_counts(ceremony)
    assert 115 <= counts.on_list + counts.withdrawn <= 125
    assert counts.accepted > 40
    assert counts.declined > 5
    assert counts.no_reply > 15
    assert counts.not_invited > 0
    assert counts.withdrawn == 1
    assert counts.dietary > 0
    kinds = set(ceremony.guests.values_list("kind", flat=True))
    assert {GuestKind.JUDGE, GuestKind.PARTNER, GuestKind.KEYNOTE, GuestKind.GUEST} <= kinds
    assert ceremony.guests.get(kind=GuestKind.KEYNOTE).status == GuestStatus.ACCEPTED
    order = ceremony_selectors.running_order(ceremony)
    assert [t.item.kind for t in order.items].count(RunningOrderKind.PRESENTATION) == 6
    assert order.overrun == 0
    budget = ceremony_selectors.budget(ceremony)
    assert budget.refreshments == budget.per_head * counts.accepted
    assert 0 < budget.stall_fees_paid < budget.stall_fees
    assert budget.other_costs > 0


def test_coordinator_sees_the_ceremony_pages(seeded, client):
    sign_in_as(client, User.objects.get(username="coordinator"))
    cycle = current()
    for name in ("ceremony", "ceremony_guests", "ceremony_running_order", "ceremony_budget"):
        response = client.get(reverse(f"awards:{name}", args=[cycle.pk]))
        assert response.status_code == 200, name
    page = client.get(reverse("awards:ceremony", args=[cycle.pk])).content.decode()
    assert "Replies at a glance" in page


def test_last_years_winners_have_one_page_published_through_the_awards(seeded):
    from awards.models import WinnersPublication
    from awards.services.winners import publish_winners
    from cms.models import WinnersPage

    cycle = previous()
    pages = WinnersPage.objects.filter(year=cycle.ceremony_on.year)
    assert [(p.cycle_reference, p.live, p.workflow_in_progress) for p in pages] == [
        (f"awards.cycle:{cycle.pk}", True, False)
    ]
    assert WinnersPublication.objects.filter(cycle=cycle).count() == 1
    gold = cycle.entries.filter(placing="gold").values_list("title", flat=True)
    assert set(gold) <= {p.entry_title for p in pages.get().placings.all()}
    # Seeding again, or the coordinator publishing again, keeps the one page.
    call_command("seed_demo", verbosity=0)
    publish_winners(cycle=cycle, by=User.objects.get(username="coordinator"))
    assert WinnersPage.objects.filter(year=cycle.ceremony_on.year).count() == 1
