"""Entries: drafts, eligibility, completeness, the word budget, deadlines, extensions, the team."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from awards.enums import EntryStatus, RoundStatus
from awards.models import Entry
from awards.services import AwardsError
from awards.services.cycles import set_round_state
from awards.services.entries import (
    add_co_entrant,
    count_words_of,
    extend_deadline,
    remove_co_entrant,
    return_to_draft,
    save_entry_text,
    start_entry,
    submission_problems,
    submit_entry,
    transition_entry,
    withdraw_entry,
)
from core.models import AuditEntry
from core.text import html_to_text
from people.enums import Rank
from tests.awards.conftest import TEXT, category, first_round, make_entry, make_judge, seat_panel
from tests.factories import CASE_STUDY_TEXT, UserFactory, signed_off_case_study

pytestmark = pytest.mark.django_db


def words(n: int) -> str:
    return " ".join(["word"] * n)


def draft(cycle, lead, force, **kwargs):
    return make_entry(cycle, lead, partners=[force], submit=False, **kwargs)


# --- starting and saving --------------------------------------------------------------


def test_start_entry_makes_a_draft_led_by_the_starter_with_their_organisation(cycle, force):
    lead = UserFactory(organisation=force)
    entry = start_entry(cycle=cycle, category=category(cycle), title="Underpass", by=lead)
    assert (entry.status, entry.lead, entry.title) == (EntryStatus.DRAFT, lead, "Underpass")
    assert list(entry.partners.all()) == [force]


def test_start_entry_refused_outside_the_entry_window(closed_cycle, coordinator, force):
    lead = UserFactory(organisation=force)
    with pytest.raises(AwardsError) as refused:
        start_entry(cycle=closed_cycle, category=category(closed_cycle), title="Late", by=lead)
    assert refused.value.code == "closed"


# --- starting from a signed-off case study ---------------------------------------------


def test_start_from_a_signed_off_case_study_prefills_it_and_links_back(
    cycle, force, council, housing
):
    lead = UserFactory(organisation=force, rank=Rank.PC)
    study = signed_off_case_study(lead, title="Moorside parade")
    entry = start_entry(
        cycle=cycle, category=category(cycle), title="", case_study_id=study.pk, by=lead
    )
    assert (entry.title, entry.source_case_study) == ("Moorside parade", study)
    assert entry.scanning == CASE_STUDY_TEXT["scanning"]
    assert entry.analysis == (
        "The problem analysis triangle pointed at one unlit service road.\n\n"
        "- Location: the service road\n- Victims: shop staff closing alone"
    )
    assert entry.assessment == (
        "Calls fell from 46 to 9 in three months.\n\n"
        "Key figures: Calls for service: 46 before, 9 after."
    )
    assert entry.word_count == count_words_of(entry) > 0
    # Partners the portal knows are added; "the youth service" is not an organisation here.
    assert sorted(o.name for o in entry.partners.all()) == [
        "Harrowgate Homes",
        "Northshire County Council",
        "Northshire Police",
    ]
    audit = AuditEntry.objects.get(action="awards.entry.started", object_id=str(entry.pk))
    assert audit.data == {"case_study": study.pk}


def test_a_given_title_wins_over_the_case_studys(cycle, force):
    lead = UserFactory(organisation=force, rank=Rank.PC)
    study = signed_off_case_study(lead)
    entry = start_entry(
        cycle=cycle, category=category(cycle), title="Lights on", case_study_id=study.pk, by=lead
    )
    assert (entry.title, entry.source_case_study_id) == ("Lights on", study.pk)


def test_only_my_own_signed_off_case_study_can_start_an_entry(cycle, force):
    owner = UserFactory(organisation=force, rank=Rank.PC)
    study = signed_off_case_study(owner)
    someone = UserFactory(organisation=force, rank=Rank.PC)
    with pytest.raises(AwardsError) as refused:
        start_entry(
            cycle=cycle, category=category(cycle), title="", case_study_id=study.pk, by=someone
        )
    assert refused.value.code == "case_study"
    assert Entry.objects.count() == 0


def test_one_case_study_starts_one_entry_per_cycle(cycle, force):
    lead = UserFactory(organisation=force, rank=Rank.PC)
    study = signed_off_case_study(lead)
    first = start_entry(
        cycle=cycle, category=category(cycle), title="", case_study_id=study.pk, by=lead
    )
    with pytest.raises(AwardsError) as refused:
        start_entry(
            cycle=cycle, category=category(cycle), title="", case_study_id=study.pk, by=lead
        )
    assert refused.value.code == "case_study_used"
    withdraw_entry(entry=first, by=lead)
    again = start_entry(
        cycle=cycle, category=category(cycle), title="", case_study_id=study.pk, by=lead
    )
    assert again.source_case_study_id == study.pk


def test_html_to_text_keeps_paragraphs_and_lists():
    assert html_to_text(
        "<p>One &amp; two</p><p>Three<br>four</p><ol><li>a</li><li>b</li></ol>"
    ) == ("One & two\n\nThree\nfour\n\n- a\n- b")


def test_save_counts_the_four_sara_sections_with_the_shared_rule(cycle, force):
    lead = UserFactory(organisation=force)
    entry = draft(cycle, lead, force)
    entry = save_entry_text(
        entry=entry,
        by=lead,
        title="t",
        summary=words(500),  # the summary is not in the budget
        sections={
            "scanning": "problem-solving don’t 1,238",
            "analysis": "• bullet\n1. item",
            "response": "",
            "assessment": "https://example.org/a?b=c",
        },
    )
    assert entry.word_count == 3 + 2 + 0 + 1
    assert entry.version == 3  # started (1), saved by make_entry (2), saved here (3)


def test_a_co_entrant_saving_after_you_opened_it_is_not_overwritten(cycle, force):
    lead, colleague = UserFactory(organisation=force), UserFactory(organisation=force)
    entry = draft(cycle, lead, force)
    add_co_entrant(entry=entry, person=colleague, by=lead)
    opened_at = entry.version
    save_entry_text(
        entry=entry, by=colleague, title="Theirs", summary="", sections=TEXT, base_version=opened_at
    )
    with pytest.raises(AwardsError) as refused:
        save_entry_text(
            entry=entry, by=lead, title="Mine", summary="", sections=TEXT, base_version=opened_at
        )
    assert refused.value.code == "stale"
    assert Entry.objects.get(pk=entry.pk).title == "Theirs"
    save_entry_text(
        entry=entry,
        by=lead,
        title="Mine",
        summary="",
        sections=TEXT,
        base_version=opened_at,
        overwrite=True,
    )
    assert Entry.objects.get(pk=entry.pk).title == "Mine"


# --- the team -------------------------------------------------------------------------


def test_co_entrant_may_edit_but_only_the_lead_submits_and_withdraws(
    cycle, force, django_capture_on_commit_callbacks
):
    lead, colleague = UserFactory(organisation=force), UserFactory(organisation=force)
    entry = draft(cycle, lead, force)
    with django_capture_on_commit_callbacks(execute=True):
        add_co_entrant(entry=entry, person=colleague, by=lead)
    assert mail.outbox[-1].to == [colleague.email]
    saved = save_entry_text(
        entry=entry, by=colleague, title="Edited by colleague", summary="s", sections=TEXT
    )
    assert saved.last_saved_by == colleague
    for action in (submit_entry, withdraw_entry):
        with pytest.raises(AwardsError) as refused:
            action(entry=entry, by=colleague)
        assert refused.value.code == "not_allowed"
    with pytest.raises(AwardsError):
        add_co_entrant(entry=entry, person=UserFactory(), by=colleague)
    submit_entry(entry=entry, by=lead)
    assert Entry.objects.get(pk=entry.pk).status == EntryStatus.SUBMITTED


def test_a_stranger_cannot_edit_an_entry(cycle, force):
    entry = draft(cycle, UserFactory(organisation=force), force)
    with pytest.raises(AwardsError) as refused:
        save_entry_text(entry=entry, by=UserFactory(), title="x", summary="", sections=TEXT)
    assert refused.value.code == "not_allowed"


def test_removing_a_co_entrant_takes_away_their_edit_rights(cycle, force):
    lead, colleague = UserFactory(organisation=force), UserFactory(organisation=force)
    entry = draft(cycle, lead, force)
    add_co_entrant(entry=entry, person=colleague, by=lead)
    remove_co_entrant(entry=entry, person=colleague, by=lead)
    assert not colleague.has_perm("awards.edit_entry", Entry.objects.get(pk=entry.pk))


# --- eligibility, completeness, budget ------------------------------------------------


def test_every_entry_needs_the_force_as_a_partner(cycle, council):
    lead = UserFactory(organisation=council, team=None, district=None)
    entry = make_entry(cycle, lead, partners=[council], submit=False)
    with pytest.raises(AwardsError) as refused:
        submit_entry(entry=entry, by=lead)
    assert refused.value.code == "not_ready"
    assert [p.message for p in refused.value.problems] == [
        "Safer Communities entries need a partner that is a police force. Add it to your partners."
    ]


def test_safer_travel_also_needs_the_transport_authority(cycle, force, transport):
    lead = UserFactory(organisation=force)
    entry = make_entry(cycle, lead, partners=[force], submit=False, category_name="Safer Travel")
    problems = [p.message for p in submission_problems(entry)]
    assert problems == [
        "Safer Travel entries need a partner that is a transport authority. Add it to your "
        "partners."
    ]
    entry.partners.add(transport)
    assert submission_problems(entry) == []
    submit_entry(entry=entry, by=lead)


def test_a_named_organisation_rule_is_checked_too(cycle, coordinator, force, housing):
    from awards.services.cycles import save_category

    travel = category(cycle, "Safer Travel")
    save_category(
        cycle=cycle,
        category=travel,
        by=coordinator,
        name=travel.name,
        description=travel.description,
        required_organisation_types=["force"],
        required_organisations=[housing],
    )
    entry = make_entry(
        cycle,
        UserFactory(organisation=force),
        partners=[force],
        submit=False,
        category_name="Safer Travel",
    )
    assert [p.message for p in submission_problems(entry)] == [
        "Safer Travel entries need Harrowgate Homes as a partner. Add it to your partners."
    ]


def test_every_section_title_and_summary_must_be_written(cycle, force):
    lead = UserFactory(organisation=force)
    entry = make_entry(
        cycle,
        lead,
        partners=[force],
        submit=False,
        text={**TEXT, "response": "  ", "assessment": ""},
    )
    assert [(p.field, p.message) for p in submission_problems(entry)] == [
        ("response", "Write the Response section."),
        ("assessment", "Write the Assessment section."),
    ]


@pytest.mark.parametrize(("total", "ok"), [(4000, True), (4001, False)])
def test_one_4000_word_budget_across_the_four_sections(cycle, force, total, ok):
    lead = UserFactory(organisation=force)
    # Split unevenly: no section is over 4,000 on its own.
    text = {
        "scanning": words(1500),
        "analysis": words(1500),
        "response": words(900),
        "assessment": words(total - 3900),
    }
    entry = make_entry(cycle, lead, partners=[force], submit=False, text=text)
    assert entry.word_count == total
    if ok:
        submit_entry(entry=entry, by=lead)
    else:
        with pytest.raises(AwardsError) as refused:
            submit_entry(entry=entry, by=lead)
        assert [p.message for p in refused.value.problems] == [
            "Your four SARA sections have 4,001 words; the limit is 4,000. Cut 1 words."
        ]


def test_the_summary_has_its_own_limit(cycle, force):
    lead = UserFactory(organisation=force)
    entry = draft(cycle, lead, force)
    entry = save_entry_text(entry=entry, by=lead, title="t", summary=words(251), sections=TEXT)
    assert [p.field for p in submission_problems(entry)] == ["summary"]


# --- deadlines and extensions ---------------------------------------------------------


def test_submit_refused_after_the_deadline(cycle, force):
    lead = UserFactory(organisation=force)
    entry = draft(cycle, lead, force)
    late = cycle.entries_close_at + datetime.timedelta(seconds=1)
    with pytest.raises(AwardsError) as refused:
        submit_entry(entry=entry, by=lead, now=late)
    assert "The deadline for this entry was" in str(refused.value)


def test_an_extension_lets_one_entry_submit_after_the_cycle_deadline(
    cycle, coordinator, force, django_capture_on_commit_callbacks
):
    lead = UserFactory(organisation=force)
    entry, other = draft(cycle, lead, force), draft(cycle, UserFactory(organisation=force), force)
    until = cycle.entries_close_at + datetime.timedelta(days=3)
    with django_capture_on_commit_callbacks(execute=True):
        extend_deadline(
            entry=entry, until=until, reason="On leave over the closing date", by=coordinator
        )
    entry.refresh_from_db()
    assert (entry.deadline, entry.extension_reason, entry.extended_by) == (
        until,
        "On leave over the closing date",
        coordinator,
    )
    assert AuditEntry.objects.filter(action="awards.entry.deadline_extended").count() == 1
    assert "extended the deadline" in mail.outbox[-1].body
    late = cycle.entries_close_at + datetime.timedelta(days=1)
    submit_entry(entry=entry, by=lead, now=late)
    with pytest.raises(AwardsError):
        submit_entry(entry=other, by=other.lead, now=late)


@pytest.mark.parametrize(
    ("days", "reason", "code"),
    [(3, "", "reason_required"), (-1, "r", "too_early"), (25, "r", "too_late")],
)
def test_extension_needs_a_reason_and_a_sensible_date(
    cycle, coordinator, force, days, reason, code
):
    entry = draft(cycle, UserFactory(organisation=force), force)
    until = cycle.entries_close_at + datetime.timedelta(days=days)
    with pytest.raises(AwardsError) as refused:
        extend_deadline(entry=entry, until=until, reason=reason, by=coordinator)
    assert refused.value.code == code


def test_only_the_coordinator_extends_a_deadline(cycle, force):
    lead = UserFactory(organisation=force)
    entry = draft(cycle, lead, force)
    with pytest.raises(AwardsError) as refused:
        extend_deadline(
            entry=entry,
            until=cycle.entries_close_at + datetime.timedelta(days=2),
            reason="please",
            by=lead,
        )
    assert refused.value.code == "not_allowed"


# --- submit, receipt, withdraw, return to draft ---------------------------------------


def test_submitting_sends_a_receipt_to_the_team(cycle, force, django_capture_on_commit_callbacks):
    lead, colleague = UserFactory(organisation=force), UserFactory(organisation=force)
    entry = draft(cycle, lead, force, title="Safer rides")
    add_co_entrant(entry=entry, person=colleague, by=lead)
    with django_capture_on_commit_callbacks(execute=True):
        submit_entry(entry=entry, by=lead)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([lead.email, colleague.email])
    receipt = mail.outbox[0]
    assert receipt.subject == "Receipt: your POP award entry 'Safer rides' has been submitted"
    assert "Words in the SARA sections: 38 of 4000" in receipt.body
    assert AuditEntry.objects.filter(action="awards.entry.submitted").count() == 1


def test_a_submitted_entry_cannot_be_edited_until_returned_to_draft(cycle, force):
    lead = UserFactory(organisation=force)
    entry = make_entry(cycle, lead, partners=[force])
    with pytest.raises(AwardsError) as refused:
        save_entry_text(entry=entry, by=lead, title="x", summary="", sections=TEXT)
    assert refused.value.code == "not_draft"
    return_to_draft(entry=entry, by=lead)
    save_entry_text(entry=entry, by=lead, title="x", summary="s", sections=TEXT)


def test_withdraw_before_judging_starts_but_not_after(closed_cycle, coordinator, force):
    lead = UserFactory(organisation=force)
    early = make_entry(closed_cycle, lead, partners=[force], title="Early")
    late = make_entry(closed_cycle, lead, partners=[force], title="Late")
    withdraw_entry(entry=early, by=lead, reason="Waiting for a full year of data")
    early.refresh_from_db()
    assert (early.status, early.withdrawal_reason) == (
        EntryStatus.WITHDRAWN,
        "Waiting for a full year of data",
    )
    judge = make_judge(force)
    first = first_round(closed_cycle)
    seat_panel(first, [judge], coordinator)
    from awards.services.assignment import assign_round

    assign_round(round=first, by=coordinator)
    set_round_state(round=first, to=RoundStatus.OPEN, by=coordinator)
    with pytest.raises(AwardsError) as refused:
        withdraw_entry(entry=late, by=lead)
    assert refused.value.code == "judging_started"


def test_coordinator_moves_are_refused_to_entrants_and_before_round_1_closes(closed_cycle, force):
    lead = UserFactory(organisation=force)
    entry = make_entry(closed_cycle, lead, partners=[force])
    with pytest.raises(AwardsError) as refused:
        transition_entry(entry=entry, to=EntryStatus.FINALIST, by=lead)
    assert refused.value.code == "not_allowed"


def test_impossible_moves_are_refused(cycle, force):
    lead = UserFactory(organisation=force)
    entry = draft(cycle, lead, force)
    with pytest.raises(AwardsError) as refused:
        transition_entry(entry=entry, to=EntryStatus.WINNER, by=lead, placing="gold")
    assert refused.value.code == "bad_transition"


def test_deadline_passing_uses_the_entry_deadline_after_an_extension(cycle, coordinator, force):
    entry = draft(cycle, UserFactory(organisation=force), force)
    assert entry.deadline == cycle.entries_close_at
    until = timezone.now() + datetime.timedelta(days=12)
    extend_deadline(entry=entry, until=until, reason="Illness", by=coordinator)
    entry.refresh_from_db()
    assert entry.deadline == until
