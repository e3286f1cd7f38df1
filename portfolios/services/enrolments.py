"""Enrolling candidates and the one function that changes an enrolment's status."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.audit import deny, record
from people.models import User
from portfolios.enums import HELD_STATUSES, EnrolmentStatus
from portfolios.models import Cohort, Enrolment, Qualification, UnitSignOff
from portfolios.services import PortfoliosError

S = EnrolmentStatus
# status → the statuses it may move to
TRANSITIONS: dict[str, set[str]] = {
    S.REGISTERED: {S.IN_PROGRESS, S.WITHDRAWN, S.LAPSED},
    S.IN_PROGRESS: {S.COMPLETE, S.WITHDRAWN, S.LAPSED},
    S.COMPLETE: {S.IN_PROGRESS, S.CLAIMED},
    S.CLAIMED: {S.CERTIFIED},
    S.CERTIFIED: set(),
    S.WITHDRAWN: set(),
    S.LAPSED: set(),
}


def _may(by, enrolment: Enrolment, to: str) -> bool:
    """Who may move an enrolment to ``to`` (``by=None`` is the system: jobs and witnesses)."""
    if by is None:
        return to in (S.IN_PROGRESS, S.LAPSED)
    manages = by.has_perm("portfolios.manage_enrolments")
    if to == S.IN_PROGRESS:
        return (
            manages
            or enrolment.candidate_id == by.pk
            or enrolment.assessor_id == by.pk
            or by.has_perm("portfolios.view_quality")
        )
    if to == S.COMPLETE:
        return manages or by.has_perm("portfolios.sign_off_unit", enrolment)
    return manages


@transaction.atomic
def set_enrolment_status(
    *, enrolment: Enrolment, to: str, by, note: str = "", on: datetime.date | None = None
) -> Enrolment:
    """Move ``enrolment`` to status ``to``: the only place an enrolment's status changes.

    Guards: the move is allowed from the current status (``TRANSITIONS``); ``by``
    may make it; complete needs every unit signed off; claimed needs the
    awarding-body registration number; lapsed needs the deadline passed. Records
    the date of completion, claim, certification or ending. Audited; the
    candidate is emailed after commit on complete, certified, withdrawn and lapsed.
    """
    from portfolios.services import notifications

    enrolment = (
        Enrolment.objects.select_for_update(of=("self",))
        .select_related("candidate", "qualification")
        .get(pk=enrolment.pk)
    )
    to = S(to)
    previous = S(enrolment.status)
    if to == previous:
        return enrolment
    if to not in TRANSITIONS[previous]:
        raise PortfoliosError(
            f"An enrolment that is {previous.label.lower()} cannot become {to.label.lower()}.",
            code="bad_transition",
        )
    if not _may(by, enrolment, to):
        deny(actor=by, action=f"portfolios.enrolment.{to}", obj=enrolment)
        raise PortfoliosError("You cannot change this enrolment.", code="not_allowed")
    today = on or timezone.localdate()
    fields = ["status", "updated_at"]
    if to == S.COMPLETE:
        units = set(enrolment.qualification.units.values_list("pk", flat=True))
        signed = set(
            UnitSignOff.objects.filter(enrolment=enrolment, revoked_at__isnull=True).values_list(
                "unit_id", flat=True
            )
        )
        if not units or units - signed:
            raise PortfoliosError(
                "Every unit must be signed off before the qualification is complete.",
                code="units_outstanding",
            )
        enrolment.completed_on = today
        fields.append("completed_on")
    elif to == S.IN_PROGRESS and previous == S.COMPLETE:
        enrolment.completed_on = None
        fields.append("completed_on")
    elif to == S.CLAIMED:
        if not enrolment.registration_number:
            raise PortfoliosError(
                f"{enrolment.candidate.display_name} has no awarding body registration number "
                "yet, so cannot be claimed.",
                code="no_registration_number",
            )
        enrolment.claimed_on = today
        fields.append("claimed_on")
    elif to == S.CERTIFIED:
        enrolment.certified_on = today
        fields.append("certified_on")
    elif to in (S.WITHDRAWN, S.LAPSED):
        if to == S.LAPSED and enrolment.deadline >= today:
            raise PortfoliosError(
                "An enrolment lapses only after its deadline.", code="deadline_not_passed"
            )
        enrolment.ended_on = today
        enrolment.at_risk = False
        fields += ["ended_on", "at_risk"]
    enrolment.status = to
    enrolment.save(update_fields=fields)
    record(
        actor=by,
        action=f"portfolios.enrolment.{to.value}",
        obj=enrolment,
        summary=f"{enrolment}: {previous.label} → {to.label}" + (f" ({note})" if note else ""),
        previous=previous.value,
        status=to.value,
        note=note,
    )
    if to in (S.COMPLETE, S.CERTIFIED, S.WITHDRAWN, S.LAPSED):
        notifications.enrolment_status_changed(enrolment=enrolment, note=note)
    return enrolment


def _check_eligible(candidate: User, qualification: Qualification) -> None:
    if qualification.eligible_ranks and candidate.rank not in qualification.eligible_ranks:
        ranks = ", ".join(qualification.eligible_rank_labels)
        raise PortfoliosError(
            f"{candidate.display_name} is a {candidate.rank_label}; {qualification.title} is "
            f"for {ranks}.",
            code="not_eligible",
        )
    if Enrolment.objects.filter(
        candidate=candidate, qualification=qualification, status__in=HELD_STATUSES
    ).exists():
        raise PortfoliosError(
            f"{candidate.display_name} is already enrolled on {qualification.title}.",
            code="already_enrolled",
        )


@transaction.atomic
def enrol(
    *,
    candidate: User,
    qualification: Qualification,
    start_date: datetime.date,
    by,
    cohort: Cohort | None = None,
    registration_number: str = "",
    assessor: User | None = None,
) -> Enrolment:
    """Enrol a candidate (deadline = start + time allowed) and assign an assessor by the rule.

    ``by`` must manage enrolments (``None``: the system, for demo data).
    """
    from portfolios.services.assessors import assign_assessor

    if by is not None and not by.has_perm("portfolios.manage_enrolments"):
        deny(actor=by, action="portfolios.enrolment.enrol", obj=candidate)
        raise PortfoliosError("Only the programme team can enrol candidates.", code="not_allowed")
    if not qualification.is_active:
        raise PortfoliosError(f"{qualification.title} is not open for enrolment.", code="inactive")
    User.objects.select_for_update().filter(pk=candidate.pk).first()
    _check_eligible(candidate, qualification)
    enrolment = Enrolment(
        candidate=candidate,
        qualification=qualification,
        cohort=cohort,
        start_date=start_date,
        deadline=qualification.deadline_for(start_date),
        registration_number=registration_number.strip(),
    )
    try:
        enrolment.full_clean()
        with transaction.atomic():
            enrolment.save()
    except (ValidationError, IntegrityError) as error:
        if "registration_number" in str(error):
            raise PortfoliosError(
                f"Registration number {registration_number} is already used.",
                code="duplicate_registration",
            ) from error
        raise PortfoliosError(
            f"{candidate.display_name} could not be enrolled: {error}", code="invalid"
        ) from error
    record(
        actor=by,
        action="portfolios.enrolment.registered",
        obj=enrolment,
        summary=f"Enrolled {candidate} on {qualification}",
        start=str(start_date),
        deadline=str(enrolment.deadline),
    )
    return assign_assessor(enrolment=enrolment, by=None, assessor=assessor)


@transaction.atomic
def bulk_enrol(
    *,
    candidates: list[User],
    qualification: Qualification,
    start_date: datetime.date,
    by,
    cohort: Cohort | None = None,
) -> tuple[list[Enrolment], list[str]]:
    """Enrol each candidate; returns (enrolled, reasons others were not). One at a time,
    so each assignment sees the loads the earlier ones made."""
    enrolled, problems = [], []
    for candidate in candidates:
        try:
            with transaction.atomic():
                enrolled.append(
                    enrol(
                        candidate=candidate,
                        qualification=qualification,
                        start_date=start_date,
                        by=by,
                        cohort=cohort,
                    )
                )
        except PortfoliosError as error:
            if error.code == "not_allowed":
                raise
            problems.append(str(error))
    return enrolled, problems


@transaction.atomic
def set_registration_number(*, enrolment: Enrolment, number: str, by) -> Enrolment:
    if not by.has_perm("portfolios.manage_enrolments"):
        deny(actor=by, action="portfolios.enrolment.registration_number", obj=enrolment)
        raise PortfoliosError("Only the programme team can do that.", code="not_allowed")
    number = number.strip()
    if (
        Enrolment.objects.exclude(pk=enrolment.pk).filter(registration_number=number).exists()
        and number
    ):
        raise PortfoliosError(
            f"Registration number {number} is already used.", code="duplicate_registration"
        )
    enrolment.registration_number = number
    enrolment.save(update_fields=["registration_number", "updated_at"])
    record(
        actor=by,
        action="portfolios.enrolment.registration_number",
        obj=enrolment,
        summary=f"Registration number {number or 'cleared'}",
    )
    return enrolment
