"""Entries: start a draft, save its text, the team, the entry transition, deadline extensions.

``transition_entry`` is the only place an entry's status changes. It holds each
move's guard and permission check, saves with ``update_fields``, writes the
audit entry and queues the emails after commit:

=============  ==========================================  ======================
from           to                                          who, when
=============  ==========================================  ======================
draft          submitted                                   lead; eligible,
                                                           complete, within the
                                                           word budget, before
                                                           the entry's deadline
submitted      draft (to make changes)                     lead; before the
                                                           deadline and judging
draft,         withdrawn                                   lead; before judging
submitted                                                  starts (round 1 opens)
submitted      shortlisted                                 coordinator; round 1
                                                           closed, round 2 not
                                                           open
submitted,     finalist                                    coordinator; same
shortlisted
shortlisted,   submitted (undo)                            coordinator; same
finalist
finalist       winner (with gold, silver or bronze)        coordinator; round 2
                                                           closed, results not
                                                           published
winner         finalist (undo a placing)                   coordinator; same
=============  ==========================================  ======================
"""

import datetime
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from awards.enums import EntryStatus, Placing, RoundStatus
from awards.models import SARA_FIELDS, SARA_SECTIONS, SUMMARY_WORD_LIMIT, Category, Cycle, Entry
from awards.services import AwardsError
from awards.services.brochure import entry_changed
from awards.wordcount import count_words
from core.audit import deny, record, record_unless_recent
from core.library import change_consent
from core.mail import send_templated_email
from core.text import html_to_text
from core.uploads import CheckedUpload, private_storage, stored_upload
from core.urls import absolute_url
from people.enums import OrganisationType
from people.models import Organisation, User
from portfolios.selectors import CaseStudy, signed_off_case_studies

# One audit entry per person per sitting of text saves (autosave).
TEXT_SAVE_AUDIT_WINDOW = datetime.timedelta(minutes=30)


def local(moment: datetime.datetime) -> str:
    return date_format(timezone.localtime(moment), "j F Y, H:i")


def entry_url(entry: Entry) -> str:
    return f"/awards/entries/{entry.pk}/"


# --- checks (no writes) --------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """Something that stops an entry being submitted; ``field`` is where to fix it."""

    field: str
    message: str


def eligibility_problems(entry: Entry, partners: list[Organisation]) -> list[Problem]:
    """The category's partner rules: required organisation types and named organisations."""
    category = entry.category
    problems = []
    types = {org.type for org in partners}
    for kind in category.required_organisation_types:
        if kind not in types:
            label = OrganisationType(kind).label.lower()
            problems.append(
                Problem(
                    "partners",
                    f"{category.name} entries need a partner that is a {label}. "
                    "Add it to your partners.",
                )
            )
    ids = {org.pk for org in partners}
    for org in category.required_organisations.all():
        if org.pk not in ids:
            problems.append(
                Problem(
                    "partners",
                    f"{category.name} entries need {org.name} as a partner. Add it to your "
                    "partners.",
                )
            )
    return problems


def completeness_problems(entry: Entry) -> list[Problem]:
    problems = []
    if not entry.title.strip():
        problems.append(Problem("title", "Enter a title for your entry."))
    if not entry.summary.strip():
        problems.append(Problem("summary", "Write a summary of your entry."))
    for name, heading, _ in SARA_SECTIONS:
        if not getattr(entry, name).strip():
            problems.append(Problem(name, f"Write the {heading} section."))
    return problems


def budget_problems(entry: Entry) -> list[Problem]:
    problems = []
    words = count_words_of(entry)
    limit = entry.cycle.word_limit
    if words > limit:
        problems.append(
            Problem(
                SARA_FIELDS[0],
                f"Your four SARA sections have {words:,} words; the limit is {limit:,}. "
                f"Cut {words - limit:,} words.",
            )
        )
    summary = count_words(entry.summary)
    if summary > SUMMARY_WORD_LIMIT:
        problems.append(
            Problem(
                "summary",
                f"Your summary has {summary:,} words; it can have up to {SUMMARY_WORD_LIMIT}.",
            )
        )
    return problems


def deadline_problems(entry: Entry, now: datetime.datetime) -> list[Problem]:
    cycle = entry.cycle
    if now < cycle.entries_open_at:
        return [Problem("", f"Entries open on {local(cycle.entries_open_at)}.")]
    if now >= entry.deadline:
        return [
            Problem(
                "",
                f"The deadline for this entry was {local(entry.deadline)}. Ask the awards "
                "coordinator if you need more time.",
            )
        ]
    return []


def submission_problems(entry: Entry, *, now: datetime.datetime | None = None) -> list[Problem]:
    """Everything that stops ``entry`` being submitted now (empty: it can be)."""
    now = now or timezone.now()
    return [
        *deadline_problems(entry, now),
        *completeness_problems(entry),
        *budget_problems(entry),
        *eligibility_problems(entry, list(entry.partners.all())),
    ]


def count_words_of(entry: Entry) -> int:
    """Words across the four SARA sections (the budget)."""
    return sum(count_words(getattr(entry, name)) for name in SARA_FIELDS)


def judging_started(cycle: Cycle) -> bool:
    first = cycle.rounds.filter(number=1).first()
    return first is not None and first.status != RoundStatus.SETUP


# --- start and save ------------------------------------------------------------------


def _check(user, permission: str, entry: Entry, message: str) -> None:
    if not user.has_perm(permission, entry):
        deny(actor=user, action=permission, obj=entry, reason=message)
        raise AwardsError(message, code="not_allowed")


def _clean(entry: Entry, **kwargs) -> None:
    try:
        entry.full_clean(**kwargs)
    except ValidationError as error:
        messages = [m for field in error.message_dict.values() for m in field]
        raise AwardsError(" ".join(messages), code="invalid") from error


def partners_named(text: str) -> tuple[list[Organisation], list[str]]:
    """The organisations a case study's free-text partner list names, and the names not known.

    Names are split on commas, semicolons, new lines and a final "and", and matched to
    organisations by name or short name, ignoring case.
    """
    names = [n.strip(" .") for n in re.split(r"[,;\n]|\band\b", text or "") if n.strip(" .")]
    known = {}
    for org in Organisation.objects.all():
        for label in (org.name, org.short_name):
            if label:
                known.setdefault(label.casefold(), org)
    found: list[Organisation] = []
    unknown: list[str] = []
    for name in names:
        org = known.get(name.casefold())
        if org is None:
            unknown.append(name)
        elif org not in found:
            found.append(org)
    return found, unknown


def _case_study_for(by: User, case_study_id: int) -> CaseStudy:
    for study in signed_off_case_studies(by):
        if study.evidence_id == case_study_id:
            return study
    raise AwardsError(
        "Choose one of your own signed-off work-based case studies.", code="case_study"
    )


@transaction.atomic
def start_entry(
    *,
    cycle: Cycle,
    category: Category,
    title: str,
    by: User,
    case_study_id: int | None = None,
    now: datetime.datetime | None = None,
) -> Entry:
    """A new draft led by ``by``; the lead's own organisation starts as a partner.

    With ``case_study_id`` (one of ``by``'s signed-off work-based case studies, from
    ``portfolios.selectors.signed_off_case_studies``) the draft starts from it: its title
    (unless one is given), the four SARA sections as plain text, its key figures at the end
    of the assessment, and the partners it names that the portal knows; the entry keeps a
    link to it. Refused outside the cycle's entry window, for a category of another cycle,
    for someone else's or an unsigned case study, or one already started in this cycle.
    """
    now = now or timezone.now()
    title = (title or "").strip()
    study = _case_study_for(by, case_study_id) if case_study_id is not None else None
    if study is not None and not title:
        title = study.title
    if category.cycle_id != cycle.pk:
        raise AwardsError("Choose one of this cycle's categories.", code="category")
    if not title:
        raise AwardsError("Enter a title for your entry.", code="title")
    if now < cycle.entries_open_at:
        raise AwardsError(f"Entries open on {local(cycle.entries_open_at)}.", code="not_open")
    if now >= cycle.entries_close_at:
        raise AwardsError(f"Entries closed on {local(cycle.entries_close_at)}.", code="closed")
    entry = Entry(
        cycle=cycle,
        category=category,
        lead=by,
        title=title[:200],
        last_saved_at=now,
        last_saved_by=by,
    )
    partners: list[Organisation] = []
    if study is not None:
        already = Entry.objects.filter(cycle=cycle, source_case_study_id=study.evidence_id).exclude(
            status=EntryStatus.WITHDRAWN
        )
        if already.exists():
            raise AwardsError(
                f"You have already started an entry to {cycle.name} from '{study.title}'.",
                code="case_study_used",
            )
        entry.source_case_study_id = study.evidence_id
        for name in SARA_FIELDS:
            setattr(entry, name, html_to_text(getattr(study, name)))
        figures = html_to_text(study.figures)
        if figures:
            entry.assessment = f"{entry.assessment}\n\nKey figures: {figures}".strip()
        entry.word_count = count_words_of(entry)
        partners, _unknown = partners_named(study.partners)
    _clean(entry)
    entry.save()
    if by.organisation_id:
        entry.partners.add(by.organisation_id)
    if partners:
        entry.partners.add(*partners)
    source = f" from the case study '{study.title}'" if study is not None else ""
    record(
        actor=by,
        action="awards.entry.started",
        obj=entry,
        summary=f"Started {entry.title}{source}",
        case_study=entry.source_case_study_id,
    )
    return entry


@transaction.atomic
def save_entry_text(
    *,
    entry: Entry,
    by: User,
    title: str,
    summary: str,
    sections: dict[str, str],
    category: Category | None = None,
    partners: list[Organisation] | None = None,
    base_version: int | None = None,
    overwrite: bool = False,
    now: datetime.datetime | None = None,
) -> Entry:
    """Save a draft's text (and category and partners when given). Autosave calls this too.

    ``base_version`` is the version the editor started from: when someone else has
    saved since, the save is refused (code ``stale``) unless ``overwrite``, so two
    co-entrants never overwrite each other unseen. The word budget is not enforced
    on drafts (submitting enforces it); the server's count is stored. Text saves are
    audited once per person per ``TEXT_SAVE_AUDIT_WINDOW`` (autosave saves every few
    seconds); ``version``, ``last_saved_at`` and ``last_saved_by`` say who saved last.
    """
    now = now or timezone.now()
    locked = Entry.objects.select_for_update().select_related("cycle").get(pk=entry.pk)
    _check(by, "awards.edit_entry", locked, "Only the entry's team can change it.")
    if locked.status != EntryStatus.DRAFT:
        raise AwardsError(
            "This entry has been submitted, so it can no longer be changed. Return it to draft "
            "first (before the deadline).",
            code="not_draft",
        )
    if (
        base_version is not None
        and base_version != locked.version
        and not overwrite
        and locked.last_saved_by_id != by.pk
    ):
        who = locked.last_saved_by.get_full_name() if locked.last_saved_by else "Someone"
        raise AwardsError(
            f"{who} saved this entry at {local(locked.last_saved_at)}, after you opened it. "
            "Your text has not been saved yet.",
            code="stale",
        )
    if category is not None and category.cycle_id != locked.cycle_id:
        raise AwardsError("Choose one of this cycle's categories.", code="category")
    locked.title = (title or "").strip()[:200] or locked.title
    locked.summary = summary or ""
    for name in SARA_FIELDS:
        if name in sections:
            setattr(locked, name, sections[name] or "")
    if category is not None:
        locked.category = category
    locked.word_count = count_words_of(locked)
    locked.version += 1
    locked.last_saved_at, locked.last_saved_by = now, by
    _clean(locked, exclude=["lead", "cycle"])
    locked.save(
        update_fields=[
            "title",
            "summary",
            *SARA_FIELDS,
            "category",
            "word_count",
            "version",
            "last_saved_at",
            "last_saved_by",
        ]
    )
    if partners is not None:
        locked.partners.set(partners)
    # Autosave saves every few seconds: one audit entry per person per sitting; the
    # version and last_saved_* say exactly who saved last and when.
    record_unless_recent(
        actor=by,
        action="awards.entry.saved",
        obj=locked,
        within=TEXT_SAVE_AUDIT_WINDOW,
        summary=f"Edited {locked.title}",
        version=locked.version,
    )
    return locked


# --- the team ------------------------------------------------------------------------


@transaction.atomic
def add_co_entrant(*, entry: Entry, person: User, by: User) -> Entry:
    """Let ``person`` edit the entry with the lead (only the lead may do this)."""
    entry = Entry.objects.select_for_update().get(pk=entry.pk)
    _check(by, "awards.manage_entry_team", entry, "Only the lead entrant can change the team.")
    if entry.status not in (EntryStatus.DRAFT, EntryStatus.SUBMITTED):
        raise AwardsError("The team can no longer be changed.", code="not_draft")
    if person.pk == entry.lead_id:
        raise AwardsError("You lead this entry already.", code="is_lead")
    if not person.is_active:
        raise AwardsError(f"{person} cannot sign in to the portal.", code="inactive")
    if entry.co_entrants.filter(pk=person.pk).exists():
        raise AwardsError(f"{person} is already in the team.", code="already")
    entry.co_entrants.add(person)
    record(
        actor=by,
        action="awards.entry.co_entrant_added",
        obj=entry,
        summary=f"Added {person} to {entry.title}",
        person=person.pk,
    )
    send_templated_email(
        to=[person],
        subject=f"You have been added to the POP award entry '{entry.title}'",
        template="core/email/message",
        context={
            "name": person.first_name or person.username,
            "paragraphs": [
                f"{by.get_full_name() or by.username} has added you to the team of the POP award "
                f"entry '{entry.title}'. You can read and edit it; the lead entrant submits it.",
            ],
            "url": absolute_url(entry_url(entry)),
            "link_text": "Open the entry",
        },
    )
    return entry


@transaction.atomic
def remove_co_entrant(*, entry: Entry, person: User, by: User) -> Entry:
    entry = Entry.objects.select_for_update().get(pk=entry.pk)
    _check(by, "awards.manage_entry_team", entry, "Only the lead entrant can change the team.")
    if entry.status not in (EntryStatus.DRAFT, EntryStatus.SUBMITTED):
        raise AwardsError("The team can no longer be changed.", code="not_draft")
    entry.co_entrants.remove(person)
    record(
        actor=by,
        action="awards.entry.co_entrant_removed",
        obj=entry,
        summary=f"Removed {person} from {entry.title}",
        person=person.pk,
    )
    return entry


# --- the transition ------------------------------------------------------------------


def _is_coordinator(user: User) -> bool:
    return user.has_perm("awards.manage_awards")


def _round(entry: Entry, number: int):
    return entry.cycle.rounds.filter(number=number).first()


def _guard(entry: Entry, to: EntryStatus, by: User, now: datetime.datetime, placing: str) -> None:
    """Raise AwardsError unless ``by`` may move ``entry`` to ``to`` now."""
    current = EntryStatus(entry.status)
    moves = {
        (EntryStatus.DRAFT, EntryStatus.SUBMITTED),
        (EntryStatus.SUBMITTED, EntryStatus.DRAFT),
        (EntryStatus.DRAFT, EntryStatus.WITHDRAWN),
        (EntryStatus.SUBMITTED, EntryStatus.WITHDRAWN),
        (EntryStatus.SUBMITTED, EntryStatus.SHORTLISTED),
        (EntryStatus.SUBMITTED, EntryStatus.FINALIST),
        (EntryStatus.SHORTLISTED, EntryStatus.FINALIST),
        (EntryStatus.SHORTLISTED, EntryStatus.SUBMITTED),
        (EntryStatus.FINALIST, EntryStatus.SUBMITTED),
        (EntryStatus.FINALIST, EntryStatus.WINNER),
        (EntryStatus.WINNER, EntryStatus.FINALIST),
    }
    if (current, to) not in moves:
        raise AwardsError(
            f"An entry that is {current.label.lower()} cannot become {to.label.lower()}.",
            code="bad_transition",
        )
    if to == EntryStatus.SUBMITTED and current == EntryStatus.DRAFT:
        _check(by, "awards.submit_entry", entry, "Only the lead entrant can submit the entry.")
        problems = submission_problems(entry, now=now)
        if problems:
            raise AwardsError(
                "The entry cannot be submitted yet: " + " ".join(p.message for p in problems),
                code="not_ready",
                problems=problems,
            )
        return
    if to == EntryStatus.DRAFT:
        _check(by, "awards.submit_entry", entry, "Only the lead entrant can do this.")
        if now >= entry.deadline or judging_started(entry.cycle):
            raise AwardsError(
                "The deadline has passed, so the entry stays as submitted.", code="closed"
            )
        return
    if to == EntryStatus.WITHDRAWN:
        _check(by, "awards.withdraw_entry", entry, "Only the lead entrant can withdraw the entry.")
        if judging_started(entry.cycle):
            raise AwardsError(
                "Judging has started, so the entry can no longer be withdrawn. Contact the "
                "awards coordinator.",
                code="judging_started",
            )
        return
    # The rest are the coordinator's decisions on the results.
    if not _is_coordinator(by):
        raise AwardsError("Only the awards coordinator can do this.", code="not_allowed")
    if entry.cycle.is_published:
        raise AwardsError("The results have been published.", code="published")
    first, final = _round(entry, 1), _round(entry, 2)
    # Placings first: undoing one (winner → finalist) is a round 2 decision, not a change
    # of the finalists.
    if to == EntryStatus.WINNER or current == EntryStatus.WINNER:
        if final is None or final.status != RoundStatus.CLOSED:
            raise AwardsError(
                "Close round 2 judging before recording the placings.", code="round_open"
            )
        if to == EntryStatus.WINNER and placing not in Placing.values:
            raise AwardsError("Choose gold, silver or bronze.", code="placing")
        return
    if to in (EntryStatus.SHORTLISTED, EntryStatus.FINALIST) or (
        to == EntryStatus.SUBMITTED and current != EntryStatus.DRAFT
    ):
        if first is None or first.status != RoundStatus.CLOSED:
            raise AwardsError(
                "Close round 1 judging before choosing the shortlist and finalists.",
                code="round_open",
            )
        if final is not None and final.status != RoundStatus.SETUP:
            raise AwardsError(
                "Round 2 has opened, so the finalists are settled.", code="round_2_open"
            )
        return


@transaction.atomic
def transition_entry(
    *,
    entry: Entry,
    to: EntryStatus,
    by: User,
    reason: str = "",
    placing: str = "",
    now: datetime.datetime | None = None,
) -> Entry:
    """Move ``entry`` to ``to`` (see the table above); the one place entry status changes."""
    now = now or timezone.now()
    to = EntryStatus(to)
    entry = Entry.objects.select_for_update().select_related("cycle", "category").get(pk=entry.pk)
    previous = entry.status
    if previous == to and (to != EntryStatus.WINNER or entry.placing == placing):
        return entry
    _guard(entry, to, by, now, placing)
    fields = ["status", "placing"]
    entry.status = to
    entry.placing = placing if to == EntryStatus.WINNER else ""
    if to == EntryStatus.SUBMITTED and previous == EntryStatus.DRAFT:
        entry.submitted_at = now
        entry.word_count = count_words_of(entry)
        fields += ["submitted_at", "word_count"]
    if to == EntryStatus.DRAFT:
        entry.submitted_at = None
        fields.append("submitted_at")
    if to == EntryStatus.WITHDRAWN:
        entry.withdrawn_at = now
        entry.withdrawal_reason = (reason or "").strip()
        fields += ["withdrawn_at", "withdrawal_reason"]
    entry.save(update_fields=fields)
    label = f"{to.label.lower()}" + (f" ({placing})" if placing else "")
    record(
        actor=by,
        action=f"awards.entry.{to.value}",
        obj=entry,
        summary=f"{entry.title}: {previous} → {label}",
        previous=previous,
        status=to.value,
        placing=entry.placing,
        reason=reason,
    )
    entry_changed(entry, previous_status=previous, by=by, what=f"{previous} → {label}")
    if to == EntryStatus.SUBMITTED and previous == EntryStatus.DRAFT:
        _send_receipt(entry)
    elif to == EntryStatus.WITHDRAWN:
        _tell_team(
            entry,
            subject=f"POP award entry withdrawn: {entry.title}",
            paragraphs=[
                f"{by.get_full_name() or by.username} withdrew the entry '{entry.title}' on "
                f"{local(now)}. It will not be judged.",
            ],
        )
    return entry


# --- the What Works library ------------------------------------------------------------

LIBRARY_KIND = "award-entry"
LIBRARY_CONSENT_STATEMENT = (
    "As lead entrant, and having asked my co-entrants, I agree that this entry may be "
    "published as a case study in the force's What Works library, open to the public. An "
    "editor will prepare it from the entry, remove personal details of the people it "
    "helped, and review it before it is published. I can withdraw this agreement until "
    "it is published."
)
FINALISTS = (EntryStatus.FINALIST, EntryStatus.WINNER)


@transaction.atomic
def set_library_consent(
    *, entry: Entry, by: User, consent: bool, now: datetime.datetime | None = None
) -> Entry:
    """The lead entrant gives (``consent=True``) or withdraws consent to publish the entry
    in the What Works library. The one place that consent changes.

    Given only for a finalist's (or winner's) entry, in the words of
    ``LIBRARY_CONSENT_STATEMENT``. Withdrawn only before publication: the library (through
    ``core.registry.practice_library``) is asked whether it is live, and told to drop a
    draft in review. Audited either way; asking for what is already so changes nothing.
    """
    entry = Entry.objects.select_for_update().get(pk=entry.pk)
    _check(by, "awards.submit_entry", entry, "Only the lead entrant can agree to publication.")

    def check_eligible() -> None:
        if entry.status not in FINALISTS:
            raise AwardsError(
                "Only a finalist's entry can be published in the What Works library.",
                code="not_finalist",
            )

    return change_consent(
        entry,
        by=by,
        consent=consent,
        kind=LIBRARY_KIND,
        statement=LIBRARY_CONSENT_STATEMENT,
        noun="entry",
        action="awards.entry.library_consent",
        error=AwardsError,
        check_eligible=check_eligible,
        now=now,
    )


def _team(entry: Entry) -> list[User]:
    return [entry.lead, *entry.co_entrants.filter(is_active=True)]


def _tell_team(entry: Entry, *, subject: str, paragraphs: list[str]) -> None:
    for person in _team(entry):
        send_templated_email(
            to=[person],
            subject=subject,
            template="core/email/message",
            context={
                "name": person.first_name or person.username,
                "paragraphs": paragraphs,
                "url": absolute_url(entry_url(entry)),
                "link_text": "Open the entry",
            },
        )


def _send_receipt(entry: Entry) -> None:
    """The submission receipt: what was received and when, to the lead and co-entrants."""
    partners = ", ".join(org.name for org in entry.partners.all())
    for person in _team(entry):
        send_templated_email(
            to=[person],
            subject=f"Receipt: your POP award entry '{entry.title}' has been submitted",
            template="awards/email/receipt",
            context={
                "name": person.first_name or person.username,
                "entry": entry,
                "submitted": local(entry.submitted_at),
                "partners": partners,
                "url": absolute_url(entry_url(entry)),
            },
        )


def submit_entry(*, entry: Entry, by: User, now: datetime.datetime | None = None) -> Entry:
    return transition_entry(entry=entry, to=EntryStatus.SUBMITTED, by=by, now=now)


def withdraw_entry(*, entry: Entry, by: User, reason: str = "") -> Entry:
    return transition_entry(entry=entry, to=EntryStatus.WITHDRAWN, by=by, reason=reason)


def return_to_draft(*, entry: Entry, by: User) -> Entry:
    return transition_entry(entry=entry, to=EntryStatus.DRAFT, by=by)


# --- deadline extensions -------------------------------------------------------------


@transaction.atomic
def extend_deadline(
    *,
    entry: Entry,
    until: datetime.datetime,
    reason: str,
    by: User,
    now: datetime.datetime | None = None,
) -> Entry:
    """Give one entry a later deadline (coordinator only), recorded with the reason.

    The new deadline must be in the future, after the cycle's own deadline, and before
    round 1 judging is planned to close (so the entry can still be judged).
    """
    now = now or timezone.now()
    reason = (reason or "").strip()
    entry = Entry.objects.select_for_update().select_related("cycle").get(pk=entry.pk)
    if not _is_coordinator(by):
        raise AwardsError("Only the awards coordinator can extend a deadline.", code="not_allowed")
    if not reason:
        raise AwardsError("Give the reason for the extension.", code="reason_required")
    if entry.status != EntryStatus.DRAFT:
        raise AwardsError("Only a draft entry's deadline can be extended.", code="not_draft")
    if until <= now:
        raise AwardsError("The new deadline must be in the future.", code="past")
    if until <= entry.cycle.entries_close_at:
        raise AwardsError(
            f"The new deadline must be after the cycle's ({local(entry.cycle.entries_close_at)}).",
            code="too_early",
        )
    first = _round(entry, 1)
    if first is not None:
        last_day = datetime.datetime.combine(
            first.closes_on, datetime.time(0, 0), tzinfo=timezone.get_current_timezone()
        )
        if until >= last_day:
            raise AwardsError(
                f"The new deadline must be before round 1 judging closes "
                f"({date_format(first.closes_on, 'j F Y')}).",
                code="too_late",
            )
    previous = entry.deadline_extended_to
    entry.deadline_extended_to, entry.extension_reason, entry.extended_by = until, reason, by
    entry.save(update_fields=["deadline_extended_to", "extension_reason", "extended_by"])
    record(
        actor=by,
        action="awards.entry.deadline_extended",
        obj=entry,
        summary=f"{entry.title}: deadline extended to {local(until)}",
        until=until.isoformat(),
        previous=previous.isoformat() if previous else None,
        reason=reason,
    )
    _tell_team(
        entry,
        subject=f"More time for your POP award entry '{entry.title}'",
        paragraphs=[
            f"The awards coordinator has extended the deadline for '{entry.title}' to "
            f"{local(until)} (UK time).",
            f"Reason: {reason}",
        ],
    )
    return entry


# --- attachments ---------------------------------------------------------------------


@transaction.atomic
def add_attachment(*, entry: Entry, checked: CheckedUpload, by: User, caption: str = ""):
    """Attach a checked image or PDF to a draft (the team only; at most ``MAX_ATTACHMENTS``).

    The file is written to private storage under a generated name; if the database
    write fails, the stored file is removed again.
    """
    from awards.attachments import ATTACHMENT_POLICY, MAX_ATTACHMENTS
    from awards.models import Attachment

    entry = Entry.objects.select_for_update().get(pk=entry.pk)
    _check(by, "awards.edit_entry", entry, "Only the entry's team can add attachments.")
    if entry.status != EntryStatus.DRAFT:
        raise AwardsError(
            "This entry has been submitted, so its attachments can no longer change.",
            code="not_draft",
        )
    if checked.kind not in ATTACHMENT_POLICY.kinds:
        raise AwardsError("Attach images (JPEG or PNG) or PDFs only.", code="bad_type")
    if entry.attachments.count() >= MAX_ATTACHMENTS:
        raise AwardsError(
            f"An entry can have up to {MAX_ATTACHMENTS} attachments. Remove one first.",
            code="too_many",
        )
    with stored_upload(checked, folder="awards") as stored_name:
        attachment = Attachment(entry=entry, caption=(caption or "").strip()[:200])
        attachment.attach(checked, stored_name=stored_name, by=by)
        attachment.full_clean()
        attachment.save()
        record(
            actor=by,
            action="awards.attachment.added",
            obj=attachment,
            summary=f"Attached {attachment.original_name} to {entry.title}",
            entry=entry.pk,
            sha256=attachment.sha256,
            size=attachment.size,
        )
    return attachment


@transaction.atomic
def remove_attachment(*, attachment, by: User) -> None:
    """Remove an attachment from a draft; the stored file is deleted after commit."""
    from awards.models import Attachment

    attachment = Attachment.objects.select_related("entry").get(pk=attachment.pk)
    entry = Entry.objects.select_for_update().get(pk=attachment.entry_id)
    _check(by, "awards.edit_entry", entry, "Only the entry's team can remove attachments.")
    if entry.status != EntryStatus.DRAFT:
        raise AwardsError(
            "This entry has been submitted, so its attachments can no longer change.",
            code="not_draft",
        )
    record(
        actor=by,
        action="awards.attachment.removed",
        obj=attachment,
        summary=f"Removed {attachment.original_name} from {entry.title}",
        entry=entry.pk,
        sha256=attachment.sha256,
    )
    stored_name = attachment.stored_name
    attachment.delete()
    transaction.on_commit(lambda: private_storage().delete(stored_name))
