"""Cycles, categories, rounds and their rubrics, the guidance talk, opening and closing
judging, and publishing the results.

``set_round_state`` is the one place a round's status changes:
setup → open (judging starts; entries can no longer be withdrawn), open → closed,
closed → open (to let a judge finish, while the next step has not started).
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format

from awards.enums import EntryStatus, RoundStatus, ScoreVisibility, ScoringStatus
from awards.models import Category, Criterion, Cycle, Entry, Round
from awards.services import AwardsError
from awards.services.brochure import cycle_changed
from core.audit import deny, record
from core.mail import send_templated_email
from core.urls import absolute_url
from people.enums import OrganisationType
from people.models import Organisation, User

GUIDANCE_COURSE_TITLE = "POP awards: submission guidance talk"


@dataclass(frozen=True)
class CriterionSpec:
    title: str
    weight: int
    guidance: str
    is_tie_break: bool = False


ROUND_1_CRITERIA = (
    CriterionSpec(
        "Quality of scanning and problem definition",
        20,
        "Is the problem clearly defined, with evidence of how it came to light and who it "
        "affected? Is it a recurring problem rather than a single incident?",
    ),
    CriterionSpec(
        "Depth of analysis (problem analysis triangle)",
        20,
        "Does the analysis use data and partners' knowledge to understand offenders, "
        "victims and locations, and the causes behind them?",
    ),
    CriterionSpec(
        "Response and partnership",
        20,
        "Does the response follow from the analysis? Did partners share the work and "
        "bring their own powers and resources?",
    ),
    CriterionSpec(
        "Assessment of impact, with evidence",
        25,
        "Are the results measured against the starting point, with data, over a fair "
        "period, and are other explanations considered?",
        is_tie_break=True,
    ),
    CriterionSpec(
        "Innovation and transferability",
        15,
        "Is the approach new or used in a new way, and could another area pick it up?",
    ),
)

ROUND_2_CRITERIA = (
    CriterionSpec(
        "The problem and its analysis, as presented",
        20,
        "How clearly the team explained the problem and what their analysis found.",
    ),
    CriterionSpec(
        "Response and partnership",
        20,
        "What the partners did together, and how the response followed from the analysis.",
    ),
    CriterionSpec(
        "Assessment of impact, with evidence",
        30,
        "The evidence that the problem was reduced and stayed reduced.",
        is_tie_break=True,
    ),
    CriterionSpec(
        "Presentation and answers to the panel",
        15,
        "A clear 15-minute presentation, and the answers to the panel's questions.",
    ),
    CriterionSpec(
        "Innovation and transferability",
        15,
        "Whether other teams could learn from it and use it.",
    ),
)

DEFAULT_CATEGORIES = (
    (
        "Safer Communities",
        "Any police or partnership work that reduced crime, disorder or the fear of crime in "
        "a community, for example a project against a specific crime or disorder problem. "
        "The force must be one of the partners.",
        [OrganisationType.FORCE.value],
    ),
    (
        "Safer Travel",
        "Police or partnership work that significantly reduced crime, disorder or the fear "
        "of crime among people using the public transport network. The force and the "
        "transport authority must both be partners.",
        [OrganisationType.FORCE.value, OrganisationType.TRANSPORT.value],
    ),
)


def _require_coordinator(by: User) -> None:
    if not by.has_perm("awards.manage_awards"):
        deny(actor=by, action="awards.manage_awards", reason="Not the awards coordinator")
        raise AwardsError("Only the awards coordinator can do this.", code="not_allowed")


def _clean(obj, **kwargs) -> None:
    try:
        obj.full_clean(**kwargs)
    except ValidationError as error:
        messages = [m for field in error.message_dict.values() for m in field]
        raise AwardsError(" ".join(messages), code="invalid") from error


# --- cycles --------------------------------------------------------------------------


def _check_dates(
    *,
    entries_open_at: datetime.datetime,
    entries_close_at: datetime.datetime,
    ceremony_on: datetime.date,
    judging: list[tuple[datetime.date, datetime.date]],
) -> None:
    if entries_close_at <= entries_open_at:
        raise AwardsError("Entries must close after they open.", code="dates")
    close_day = timezone.localtime(entries_close_at).date()
    previous_end = close_day
    for number, (opens_on, closes_on) in enumerate(judging, start=1):
        if closes_on < opens_on:
            raise AwardsError(
                f"Round {number} judging must close on or after the day it opens.", code="dates"
            )
        if opens_on < previous_end:
            raise AwardsError(
                f"Round {number} judging must open after "
                + ("entries close." if number == 1 else f"round {number - 1} closes."),
                code="dates",
            )
        previous_end = closes_on
    if ceremony_on < previous_end:
        raise AwardsError("The ceremony must be after the last judging round.", code="dates")


@transaction.atomic
def create_cycle(
    *,
    name: str,
    entries_open_at: datetime.datetime,
    entries_close_at: datetime.datetime,
    ceremony_on: datetime.date,
    judging: list[tuple[datetime.date, datetime.date]],
    by: User,
    word_limit: int = 4000,
    finalists_target: int = 6,
) -> Cycle:
    """A cycle with its two judging rounds (dates in ``judging``), the default rubrics
    and the two categories with their partner rules (force; force and transport)."""
    _require_coordinator(by)
    if len(judging) != 2:
        raise AwardsError("Give the dates of both judging rounds.", code="dates")
    _check_dates(
        entries_open_at=entries_open_at,
        entries_close_at=entries_close_at,
        ceremony_on=ceremony_on,
        judging=judging,
    )
    cycle = Cycle(
        name=(name or "").strip(),
        entries_open_at=entries_open_at,
        entries_close_at=entries_close_at,
        ceremony_on=ceremony_on,
        word_limit=word_limit,
        finalists_target=finalists_target,
    )
    _clean(cycle, exclude=["guidance_session"])
    cycle.save()
    names = ("Round 1: written entries", "Round 2: finalists' presentations")
    specs = (ROUND_1_CRITERIA, ROUND_2_CRITERIA)
    for number, ((opens_on, closes_on), round_name, criteria) in enumerate(
        zip(judging, names, specs, strict=True), start=1
    ):
        round_ = Round.objects.create(
            cycle=cycle,
            number=number,
            name=round_name,
            opens_on=opens_on,
            closes_on=closes_on,
            judges_per_entry=3 if number == 1 else 0,
            score_visibility=ScoreVisibility.AFTER_OWN,
        )
        Criterion.objects.bulk_create(
            Criterion(
                round=round_,
                title=spec.title,
                weight=spec.weight,
                guidance=spec.guidance,
                is_tie_break=spec.is_tie_break,
                order=order,
            )
            for order, spec in enumerate(criteria, start=1)
        )
    for order, (category_name, description, types) in enumerate(DEFAULT_CATEGORIES, start=1):
        Category.objects.create(
            cycle=cycle,
            name=category_name,
            description=description,
            required_organisation_types=types,
            order=order,
        )
    record(actor=by, action="awards.cycle.created", obj=cycle, summary=f"Created {cycle.name}")
    return cycle


CYCLE_FIELDS = (
    "name",
    "entries_open_at",
    "entries_close_at",
    "ceremony_on",
    "word_limit",
    "finalists_target",
)


@transaction.atomic
def update_cycle(*, cycle: Cycle, by: User, **values) -> Cycle:
    """Change a cycle's name, dates, word limit or finalists target.

    The word limit cannot change once an entry has been submitted (the budget
    entrants worked to must hold for everyone).
    """
    _require_coordinator(by)
    cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
    unknown = set(values) - set(CYCLE_FIELDS)
    if unknown:
        raise AwardsError(f"Unknown fields: {', '.join(sorted(unknown))}", code="invalid")
    if (
        "word_limit" in values
        and values["word_limit"] != cycle.word_limit
        and cycle.entries.exclude(status=EntryStatus.DRAFT).exists()
    ):
        raise AwardsError(
            "Entries have been submitted, so the word limit can no longer change.",
            code="word_limit_fixed",
        )
    before = {name: str(getattr(cycle, name)) for name in values}
    for name, value in values.items():
        setattr(cycle, name, value)
    rounds = list(cycle.rounds.order_by("number"))
    _check_dates(
        entries_open_at=cycle.entries_open_at,
        entries_close_at=cycle.entries_close_at,
        ceremony_on=cycle.ceremony_on,
        judging=[(r.opens_on, r.closes_on) for r in rounds],
    )
    _clean(cycle)
    cycle.save(update_fields=list(values))
    record(
        actor=by,
        action="awards.cycle.changed",
        obj=cycle,
        summary=f"Changed {cycle.name}",
        before=before,
    )
    cycle_changed(cycle, fields=list(values), by=by)
    return cycle


@transaction.atomic
def save_category(
    *,
    cycle: Cycle,
    by: User,
    name: str,
    description: str,
    required_organisation_types: list[str],
    required_organisations: list[Organisation],
    order: int = 0,
    category: Category | None = None,
) -> Category:
    """Create or change a category and its partner rules (not once entries are submitted)."""
    _require_coordinator(by)
    if category is not None and category.cycle_id != cycle.pk:
        raise AwardsError("That category belongs to another cycle.", code="invalid")
    bad = [t for t in required_organisation_types if t not in OrganisationType.values]
    if bad:
        raise AwardsError(f"Unknown organisation types: {', '.join(bad)}", code="invalid")
    if (
        category is not None
        and category.entries.exclude(status__in=[EntryStatus.DRAFT, EntryStatus.WITHDRAWN]).exists()
        and (
            sorted(required_organisation_types) != sorted(category.required_organisation_types)
            or {o.pk for o in required_organisations}
            != set(category.required_organisations.values_list("pk", flat=True))
        )
    ):
        raise AwardsError(
            "Entries in this category have been submitted, so its partner rules can no longer "
            "change.",
            code="rules_fixed",
        )
    category = category or Category(cycle=cycle)
    category.name, category.description, category.order = name.strip(), description, order
    category.required_organisation_types = list(required_organisation_types)
    _clean(category)
    category.save()
    category.required_organisations.set(required_organisations)
    record(
        actor=by,
        action="awards.category.saved",
        obj=category,
        summary=f"Saved category {category.name} ({cycle.name})",
        types=list(required_organisation_types),
        organisations=[o.pk for o in required_organisations],
    )
    return category


@transaction.atomic
def update_round(
    *,
    round: Round,
    by: User,
    name: str,
    opens_on: datetime.date,
    closes_on: datetime.date,
    judges_per_entry: int,
    score_visibility: str,
    anonymised: bool,
) -> Round:
    """Change a round's settings. Who sees what (visibility, anonymity) and how many judges
    each entry gets are fixed once judging opens; the dates can still move."""
    _require_coordinator(by)
    locked = Round.objects.select_for_update().select_related("cycle").get(pk=round.pk)
    settled = locked.status != RoundStatus.SETUP
    if settled and (
        judges_per_entry != locked.judges_per_entry
        or score_visibility != locked.score_visibility
        or anonymised != locked.anonymised
    ):
        raise AwardsError(
            "Judging has opened, so the judges per entry, score visibility and anonymity "
            "can no longer change.",
            code="round_open",
        )
    if score_visibility not in ScoreVisibility.values:
        raise AwardsError("Choose when judges see each other's scores.", code="invalid")
    locked.name, locked.opens_on, locked.closes_on = name.strip(), opens_on, closes_on
    locked.judges_per_entry, locked.score_visibility = judges_per_entry, score_visibility
    locked.anonymised = anonymised
    rounds = list(locked.cycle.rounds.order_by("number"))
    judging = [
        (r.opens_on, r.closes_on) if r.pk != locked.pk else (opens_on, closes_on) for r in rounds
    ]
    _check_dates(
        entries_open_at=locked.cycle.entries_open_at,
        entries_close_at=locked.cycle.entries_close_at,
        ceremony_on=locked.cycle.ceremony_on,
        judging=judging,
    )
    _clean(locked)
    locked.save(
        update_fields=[
            "name",
            "opens_on",
            "closes_on",
            "judges_per_entry",
            "score_visibility",
            "anonymised",
        ]
    )
    record(
        actor=by,
        action="awards.round.changed",
        obj=locked,
        summary=f"Changed {locked}",
        judges_per_entry=judges_per_entry,
        score_visibility=score_visibility,
        anonymised=anonymised,
    )
    return locked


# --- rubrics -------------------------------------------------------------------------


def _rubric_editable(round: Round) -> None:
    if round.status != RoundStatus.SETUP:
        raise AwardsError(
            "Judging has opened, so the rubric can no longer change.", code="round_open"
        )


@transaction.atomic
def save_criterion(
    *,
    round: Round,
    by: User,
    title: str,
    weight: int,
    guidance: str = "",
    order: int | None = None,
    is_tie_break: bool = False,
    criterion: Criterion | None = None,
) -> Criterion:
    """Add or change a criterion of a round's rubric, while the round is being set up.

    Marking a criterion as the tie-break one unmarks the others.
    """
    _require_coordinator(by)
    locked = Round.objects.select_for_update().get(pk=round.pk)
    _rubric_editable(locked)
    if criterion is not None and criterion.round_id != locked.pk:
        raise AwardsError("That criterion belongs to another round.", code="invalid")
    if not 1 <= int(weight) <= 100:
        raise AwardsError("The weight must be between 1 and 100.", code="weight")
    if is_tie_break:
        locked.criteria.exclude(pk=getattr(criterion, "pk", None)).update(is_tie_break=False)
    criterion = criterion or Criterion(round=locked)
    if order is None:
        order = criterion.order or (locked.criteria.aggregate(m=Max("order"))["m"] or 0) + 1
    criterion.title, criterion.weight, criterion.guidance = title.strip(), int(weight), guidance
    criterion.order, criterion.is_tie_break = order, is_tie_break
    _clean(criterion)
    criterion.save()
    record(
        actor=by,
        action="awards.criterion.saved",
        obj=criterion,
        summary=f"Saved criterion {criterion.title} ({locked})",
        weight=criterion.weight,
        tie_break=is_tie_break,
    )
    return criterion


@transaction.atomic
def delete_criterion(*, criterion: Criterion, by: User) -> None:
    _require_coordinator(by)
    locked = Round.objects.select_for_update().get(pk=criterion.round_id)
    _rubric_editable(locked)
    record(
        actor=by,
        action="awards.criterion.deleted",
        obj=criterion,
        summary=f"Deleted criterion {criterion.title} ({locked})",
    )
    criterion.delete()


# --- the guidance talk ---------------------------------------------------------------


def guidance_course(*, by: User):
    """The training course the guidance talks are sessions of (created the first time,
    through ``training.services.programme``, which checks ``by`` may add courses)."""
    from training.enums import CourseKind
    from training.models import Course
    from training.services import TrainingError
    from training.services.programme import save_course

    course = Course.objects.filter(title=GUIDANCE_COURSE_TITLE).first()
    if course is not None:
        return course
    course = Course(
        kind=CourseKind.OTHER,
        title=GUIDANCE_COURSE_TITLE,
        summary=(
            "How to enter the POP awards: the two categories and their partner rules, writing "
            "an entry with the SARA model within 4,000 words, the evidence judges look for, "
            "and how judging works. Open to anyone thinking of entering, police or partner."
        ),
        duration_minutes=90,
        open_to_all_partners=True,
        duties_notice_days=14,
        booking_cutoff_hours=24,
    )
    try:
        return save_course(course=course, by=by)
    except TrainingError as error:
        raise AwardsError(
            "The guidance talk's course does not exist yet and you cannot add courses. Ask the "
            "programme team to schedule the first talk.",
            code=error.code,
        ) from error


@transaction.atomic
def schedule_guidance_talk(
    *,
    cycle: Cycle,
    venue,
    starts_at: datetime.datetime,
    capacity: int,
    by: User,
    trainers: list[User] | None = None,
    notes: str = "",
):
    """Schedule the cycle's submission guidance talk as a training session (through the
    training scheduling service, so venue clashes and capacity rules hold) and link it."""
    from training.services import TrainingError
    from training.services.scheduling import schedule_session

    _require_coordinator(by)
    cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
    if starts_at >= cycle.entries_close_at:
        raise AwardsError("The guidance talk must be before entries close.", code="dates")
    course = guidance_course(by=by)
    try:
        session = schedule_session(
            course=course,
            venue=venue,
            starts_at=starts_at,
            capacity=capacity,
            trainers=trainers or [by],
            by=by,
            notes=notes or f"The submission guidance talk for {cycle.name}.",
        )
    except TrainingError as error:
        raise AwardsError(str(error), code=error.code) from error
    cycle.guidance_session = session
    cycle.save(update_fields=["guidance_session"])
    record(
        actor=by,
        action="awards.cycle.guidance_talk",
        obj=cycle,
        summary=f"Guidance talk for {cycle.name}: {session}",
        session=session.pk,
    )
    return session


# --- opening and closing judging -----------------------------------------------------


def _open_guard(round: Round) -> None:
    cycle = round.cycle
    if round.number == 1 and timezone.now() < cycle.entries_close_at:
        raise AwardsError(
            "Entries have not closed yet, so judging cannot open.", code="entries_open"
        )
    if round.number > 1:
        previous = cycle.rounds.filter(number=round.number - 1).first()
        if previous is not None and previous.status != RoundStatus.CLOSED:
            raise AwardsError(
                f"Close round {previous.number} before opening round {round.number}.",
                code="previous_open",
            )
        if not cycle.entries.filter(status=EntryStatus.FINALIST).exists():
            raise AwardsError("Choose the finalists first.", code="no_finalists")
    if not round.criteria.exists():
        raise AwardsError("The round has no rubric yet.", code="no_rubric")
    if not round.assignments.exists():
        raise AwardsError(
            "No entries have been assigned to judges yet. Run the assignment first.",
            code="no_assignments",
        )


@transaction.atomic
def set_round_state(
    *, round: Round, to: RoundStatus, by: User, now: datetime.datetime | None = None
) -> Round:
    """Open or close judging (coordinator only); the one place a round's status changes.

    Opening tells each judge with entries to score. Reopening a closed round is
    refused once the next round has opened, or once round 2's placings are recorded.
    """
    now = now or timezone.now()
    to = RoundStatus(to)
    _require_coordinator(by)
    locked = Round.objects.select_for_update().select_related("cycle").get(pk=round.pk)
    previous = RoundStatus(locked.status)
    if previous == to:
        return locked
    if (previous, to) not in {
        (RoundStatus.SETUP, RoundStatus.OPEN),
        (RoundStatus.OPEN, RoundStatus.CLOSED),
        (RoundStatus.CLOSED, RoundStatus.OPEN),
    }:
        raise AwardsError(
            f"A round that is {previous.label.lower()} cannot become {to.label.lower()}.",
            code="bad_transition",
        )
    if locked.cycle.is_published:
        raise AwardsError("The results have been published.", code="published")
    fields = ["status"]
    if previous == RoundStatus.SETUP:
        _open_guard(locked)
        locked.opened_at = now
        fields.append("opened_at")
    if previous == RoundStatus.CLOSED:
        later = locked.cycle.rounds.filter(number__gt=locked.number).exclude(
            status=RoundStatus.SETUP
        )
        if later.exists():
            raise AwardsError("The next round has opened.", code="next_open")
        if locked.is_final and locked.cycle.entries.filter(status=EntryStatus.WINNER).exists():
            raise AwardsError(
                "Placings have been recorded; undo them before reopening judging.",
                code="placed",
            )
        if (
            locked.number == 1
            and locked.cycle.entries.filter(
                status__in=[EntryStatus.SHORTLISTED, EntryStatus.FINALIST]
            ).exists()
        ):
            raise AwardsError(
                "Finalists have been chosen from this round; undo them before reopening.",
                code="finalists_chosen",
            )
    if to == RoundStatus.CLOSED:
        locked.closed_at = now
        fields.append("closed_at")
    locked.status = to
    locked.save(update_fields=fields)
    record(
        actor=by,
        action=f"awards.round.{to.value}",
        obj=locked,
        summary=f"{locked}: {previous.label} → {to.label}",
        previous=previous.value,
        status=to.value,
    )
    if previous == RoundStatus.SETUP and to == RoundStatus.OPEN:
        _tell_judges_round_open(locked)
    return locked


def _tell_judges_round_open(round: Round) -> None:
    from django.db.models import Count

    judges = (
        User.objects.filter(award_assignments__round=round)
        .annotate(entries=Count("award_assignments", distinct=True))
        .order_by("pk")
    )
    for judge in judges:
        send_templated_email(
            to=[judge],
            subject=f"{round.cycle.name}: judging is open",
            template="core/email/message",
            context={
                "name": judge.first_name or judge.username,
                "paragraphs": [
                    f"Judging for {round.name} of {round.cycle.name} is open until "
                    f"{date_format(round.closes_on, 'j F Y')}. You have {judge.entries} "
                    f"entr{'y' if judge.entries == 1 else 'ies'} to score.",
                    "Before you read each entry, check whether you have a conflict of interest "
                    "with the entrants or their partners, and declare it if you do.",
                ],
                "url": absolute_url("/awards/judging/"),
                "link_text": "Open your judging queue",
            },
        )


# --- publishing ----------------------------------------------------------------------


@transaction.atomic
def publish_results(*, cycle: Cycle, by: User, now: datetime.datetime | None = None) -> Cycle:
    """Publish the cycle's results: entrants then see their scores against the field and
    the judges' comments (without the judges' names). Needs the placings recorded."""
    now = now or timezone.now()
    _require_coordinator(by)
    cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
    if cycle.is_published:
        raise AwardsError("The results are already published.", code="published")
    final = cycle.rounds.filter(number=2).first()
    if final is None or final.status != RoundStatus.CLOSED:
        raise AwardsError("Close round 2 judging first.", code="round_open")
    if cycle.entries.filter(status=EntryStatus.WINNER).count() == 0:
        raise AwardsError("Record the placings first.", code="no_placings")
    cycle.results_published_at, cycle.results_published_by = now, by
    cycle.save(update_fields=["results_published_at", "results_published_by"])
    record(actor=by, action="awards.cycle.published", obj=cycle, summary=f"Published {cycle}")
    judged = (
        Entry.objects.filter(cycle=cycle, assignments__status=ScoringStatus.SUBMITTED)
        .select_related("lead")
        .distinct()
    )
    for entry in judged:
        for person in [entry.lead, *entry.co_entrants.filter(is_active=True)]:
            send_templated_email(
                to=[person],
                subject=f"{cycle.name}: results and feedback for '{entry.title}'",
                template="core/email/message",
                context={
                    "name": person.first_name or person.username,
                    "paragraphs": [
                        f"The results of {cycle.name} are published. You can now see how "
                        f"'{entry.title}' scored against the other entries, and what the "
                        "judges wrote about it.",
                    ],
                    "url": absolute_url(f"/awards/entries/{entry.pk}/"),
                    "link_text": "Read your results and feedback",
                },
            )
    return cycle
