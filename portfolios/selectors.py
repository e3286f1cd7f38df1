"""Reads for portfolios: progress, queues and the lists behind each page.

Every list is one annotated queryset (or a fixed handful of queries) whatever
its length; progress is worked out from the annotations in Python.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from portfolios.enums import (
    LIVE_STATUSES,
    EnrolmentStatus,
    EvidenceKind,
    EvidenceStatus,
    IQAStatus,
)
from portfolios.models import (
    Criterion,
    Decision,
    Enrolment,
    Evidence,
    EvidenceVersion,
    IQAReview,
    Qualification,
    Unit,
    UnitSignOff,
)
from training.selectors.attendance import courses_attended

# An enrolment is at risk when this many percentage points behind the progress
# expected from the time elapsed, or within NEAR_DEADLINE_DAYS of its deadline
# with less than NEAR_DEADLINE_DONE per cent of its criteria met.
AT_RISK_MARGIN = 25
NEAR_DEADLINE_DAYS = 60
NEAR_DEADLINE_DONE = 75
ASSESSMENT_DUE_DAYS = 14


def met_criteria_ids(enrolment: Enrolment) -> set[int]:
    """Criteria covered by the enrolment's accepted evidence."""
    return set(
        Criterion.objects.filter(
            evidence__enrolment=enrolment, evidence__status=EvidenceStatus.ACCEPTED
        ).values_list("pk", flat=True)
    )


def _criteria_total():
    return Coalesce(
        Subquery(
            Criterion.objects.filter(unit__qualification=OuterRef("qualification"))
            .order_by()
            .values("unit__qualification")
            .annotate(n=Count("pk"))
            .values("n"),
            output_field=IntegerField(),
        ),
        0,
    )


def _criteria_met():
    return Coalesce(
        Subquery(
            Criterion.objects.filter(
                evidence__enrolment=OuterRef("pk"), evidence__status=EvidenceStatus.ACCEPTED
            )
            .order_by()
            .values("evidence__enrolment")
            .annotate(n=Count("pk", distinct=True))
            .values("n"),
            output_field=IntegerField(),
        ),
        0,
    )


def with_progress(queryset):
    """Enrolments annotated with criteria_total, criteria_met, units_signed_off and units_total."""
    return queryset.annotate(
        criteria_total=_criteria_total(),
        criteria_met=_criteria_met(),
        units_total=Coalesce(
            Subquery(
                Unit.objects.filter(qualification=OuterRef("qualification"))
                .order_by()
                .values("qualification")
                .annotate(n=Count("pk"))
                .values("n"),
                output_field=IntegerField(),
            ),
            0,
        ),
        units_signed_off=Coalesce(
            Subquery(
                UnitSignOff.objects.filter(enrolment=OuterRef("pk"), revoked_at__isnull=True)
                .order_by()
                .values("enrolment")
                .annotate(n=Count("pk"))
                .values("n"),
                output_field=IntegerField(),
            ),
            0,
        ),
        waiting=Count("evidence", filter=Q(evidence__status=EvidenceStatus.SUBMITTED)),
    )


@dataclass
class Progress:
    percent: int
    expected: int
    days_left: int
    at_risk: bool
    reason: str


def progress_of(
    *,
    start: datetime.date,
    deadline: datetime.date,
    met: int,
    total: int,
    status: str,
    today: datetime.date,
) -> Progress:
    """Percent of criteria met against the percent expected from time elapsed, and the risk."""
    percent = round(100 * met / total) if total else 0
    span = max((deadline - start).days, 1)
    elapsed = min(max((today - start).days, 0), span)
    expected = round(100 * elapsed / span)
    days_left = (deadline - today).days
    reason = ""
    if status in LIVE_STATUSES:
        if days_left < 0:
            reason = f"The deadline passed {-days_left} days ago with {percent}% of criteria met."
        elif days_left <= NEAR_DEADLINE_DAYS and percent < NEAR_DEADLINE_DONE:
            reason = f"{days_left} days to the deadline with only {percent}% of criteria met."
        elif expected - percent >= AT_RISK_MARGIN:
            reason = f"{percent}% of criteria met where {expected}% would be expected by now."
    return Progress(percent, expected, days_left, bool(reason), reason)


def attach_progress(enrolments, *, today: datetime.date | None = None) -> list:
    """Set ``.progress`` on each annotated enrolment (from ``with_progress``)."""
    today = today or timezone.localdate()
    for e in enrolments:
        e.progress = progress_of(
            start=e.start_date,
            deadline=e.deadline,
            met=e.criteria_met,
            total=e.criteria_total,
            status=e.status,
            today=today,
        )
    return enrolments


def attach_classroom_days(enrolments) -> list:
    """Set ``.classroom_days`` (classroom-day courses attended, from training registers)."""
    enrolments = list(enrolments)
    if not enrolments:
        return enrolments
    courses = {}
    for q in Qualification.objects.filter(
        pk__in={e.qualification_id for e in enrolments}
    ).prefetch_related("classroom_courses"):
        courses[q.pk] = {c.pk for c in q.classroom_courses.all()}
    attended = courses_attended(
        person_ids={e.candidate_id for e in enrolments},
        course_ids=set().union(*courses.values()),
    )
    for e in enrolments:
        e.classroom_days = len(attended.get(e.candidate_id, set()) & courses[e.qualification_id])
    return enrolments


# --- the candidate's portfolio ----------------------------------------------------


def enrolments_of(candidate):
    return (
        Enrolment.objects.filter(candidate=candidate)
        .select_related("qualification", "assessor", "cohort")
        .order_by("-start_date", "-pk")
    )


@dataclass
class UnitRow:
    unit: Unit
    # (criterion, state): "met" by accepted evidence, "pending" assessment or a witness,
    # "started" (a draft or referred item covers it) or "none".
    criteria: list = field(default_factory=list)
    signed_off: UnitSignOff | None = None

    def _count(self, state: str) -> int:
        return sum(1 for _, s in self.criteria if s == state)

    @property
    def met(self) -> int:
        return self._count("met")

    @property
    def pending(self) -> int:
        return self._count("pending")

    @property
    def total(self) -> int:
        return len(self.criteria)

    @property
    def without_evidence(self) -> int:
        return self._count("none")

    @property
    def status(self) -> tuple[str, str]:
        if self.signed_off:
            return "Signed off", "govuk-tag--green"
        if self.total and self.met == self.total:
            return "Ready for sign-off", "govuk-tag--blue"
        if self.pending:
            return "Waiting for assessment", "govuk-tag--light-blue"
        if self.without_evidence < self.total:
            return "In progress", "govuk-tag--yellow"
        return "Not started", "govuk-tag--grey"


def unit_rows(enrolment: Enrolment) -> list[UnitRow]:
    """Each unit with the state of each criterion and its live sign-off: four queries."""
    states: dict[int, str] = {}
    rank = {"met": 3, "pending": 2, "started": 1}
    by_status = {
        EvidenceStatus.ACCEPTED: "met",
        EvidenceStatus.SUBMITTED: "pending",
        EvidenceStatus.AWAITING_WITNESS: "pending",
        EvidenceStatus.REFERRED: "started",
        EvidenceStatus.DRAFT: "started",
    }
    for pk, status in Criterion.objects.filter(evidence__enrolment=enrolment).values_list(
        "pk", "evidence__status"
    ):
        state = by_status[status]
        if rank[state] > rank.get(states.get(pk, ""), 0):
            states[pk] = state
    sign_offs = {
        s.unit_id: s
        for s in UnitSignOff.objects.filter(
            enrolment=enrolment, revoked_at__isnull=True
        ).select_related("signed_off_by")
    }
    units = Unit.objects.filter(qualification=enrolment.qualification_id).prefetch_related(
        Prefetch("criteria", queryset=Criterion.objects.order_by("sort_order", "pk"))
    )
    return [
        UnitRow(
            unit=u,
            criteria=[(c, states.get(c.pk, "none")) for c in u.criteria.all()],
            signed_off=sign_offs.get(u.pk),
        )
        for u in units
    ]


def evidence_of(enrolment: Enrolment):
    """The enrolment's items with criteria, latest version and latest decision."""
    latest_decision = Decision.objects.order_by("-decided_at", "-pk")
    return (
        Evidence.objects.filter(enrolment=enrolment)
        .annotate(versions_count=Count("versions", distinct=True))
        .prefetch_related(
            Prefetch(
                "criteria", queryset=Criterion.objects.order_by("unit__sort_order", "sort_order")
            ),
            Prefetch("decisions", queryset=latest_decision, to_attr="decisions_newest_first"),
        )
        .order_by("-created_at", "-pk")
    )


def evidence_for_page(pk: int):
    return (
        Evidence.objects.select_related(
            "enrolment__candidate", "enrolment__qualification", "enrolment__assessor"
        )
        .prefetch_related(
            Prefetch("criteria", queryset=Criterion.objects.select_related("unit")),
            Prefetch(
                "versions",
                queryset=EvidenceVersion.objects.select_related("file", "witness_link").order_by(
                    "-number"
                ),
            ),
            Prefetch(
                "decisions",
                queryset=Decision.objects.select_related("assessor", "iqa_review").order_by(
                    "-decided_at", "-pk"
                ),
            ),
        )
        .get(pk=pk)
    )


# --- assessor ---------------------------------------------------------------------


def assessment_queue(assessor):
    """Items waiting for this assessor's decision, oldest submission first, with due dates."""
    return (
        Evidence.objects.filter(enrolment__assessor=assessor, status=EvidenceStatus.SUBMITTED)
        .select_related("enrolment__candidate", "enrolment__qualification")
        .annotate(versions_count=Count("versions"))
        .order_by("submitted_at", "pk")
    )


def candidates_of(assessor):
    return with_progress(
        Enrolment.objects.filter(
            assessor=assessor, status__in=[*LIVE_STATUSES, EnrolmentStatus.COMPLETE]
        ).select_related("candidate", "qualification")
    ).order_by("deadline", "pk")


# --- IQA --------------------------------------------------------------------------


def iqa_queue(reviewer):
    """Sampled decisions waiting for review, oldest first, not the reviewer's own."""
    return (
        IQAReview.objects.filter(status=IQAStatus.PENDING)
        .exclude(decision__assessor=reviewer)
        .select_related(
            "decision__assessor",
            "decision__evidence__enrolment__candidate",
            "decision__evidence__enrolment__qualification",
            "decision__version",
        )
        .order_by("sampled_at", "pk")
    )


def iqa_reviewed(reviewer):
    return (
        IQAReview.objects.filter(reviewer=reviewer)
        .exclude(status=IQAStatus.PENDING)
        .select_related("decision__assessor", "decision__evidence__enrolment__candidate")
        .order_by("-reviewed_at", "-pk")
    )


# --- coordinator ------------------------------------------------------------------


def cohort_enrolments():
    return with_progress(
        Enrolment.objects.select_related(
            "candidate__team", "candidate__district", "qualification", "assessor", "cohort"
        )
    ).order_by("deadline", "candidate__last_name", "pk")


def claimable(qualification: Qualification | None = None):
    qs = Enrolment.objects.filter(status=EnrolmentStatus.COMPLETE).select_related(
        "candidate", "qualification", "assessor"
    )
    if qualification is not None:
        qs = qs.filter(qualification=qualification)
    return qs.order_by("completed_on", "pk")


def claim_rows(enrolments):
    """What the awarding body needs per enrolment, and no more personal data than that:
    registration number, qualification, units achieved, assessor, IQA and completion date."""
    enrolments = list(enrolments)
    ids = [e.pk for e in enrolments]
    units: dict[int, list[str]] = {}
    for s in (
        UnitSignOff.objects.filter(enrolment_id__in=ids, revoked_at__isnull=True)
        .select_related("unit")
        .order_by("unit__sort_order")
    ):
        units.setdefault(s.enrolment_id, []).append(s.unit.code)
    iqas: dict[int, set[str]] = {}
    for r in IQAReview.objects.filter(
        decision__evidence__enrolment_id__in=ids, status=IQAStatus.AGREED
    ).select_related("reviewer", "decision__evidence"):
        if r.reviewer:
            iqas.setdefault(r.decision.evidence.enrolment_id, set()).add(
                r.reviewer.get_full_name() or r.reviewer.username
            )
    return [
        {
            "registration_number": e.registration_number,
            "qualification": f"{e.qualification.title} (Level {e.qualification.level})",
            "units": ", ".join(units.get(e.pk, [])),
            "assessor": e.assessor.get_full_name() if e.assessor else "",
            "iqa": ", ".join(sorted(iqas.get(e.pk, set()))),
            "completed_on": e.completed_on,
        }
        for e in enrolments
    ]


# --- for other apps (awards, cms) -------------------------------------------------


@dataclass(frozen=True)
class CaseStudy:
    """A candidate's accepted work-based case study, in SARA form (sanitised HTML)."""

    evidence_id: int
    title: str
    candidate_id: int
    qualification: str
    scanning: str
    analysis: str
    response: str
    assessment: str
    partners: str
    figures: str
    accepted_at: datetime.datetime | None
    unit_signed_off: bool
    description: str = ""
    candidate: object = None  # people.User, with organisation, district and team
    library_consent_at: datetime.datetime | None = None
    library_consent_by: object = None  # people.User
    library_consent_statement: str = ""


def _signed_off_items():
    """Accepted case studies whose unit (one of their criteria's) is signed off, not revoked."""
    signed_units = UnitSignOff.objects.filter(
        enrolment=OuterRef("enrolment"),
        revoked_at__isnull=True,
        unit__criteria__evidence=OuterRef("pk"),
    )
    return (
        Evidence.objects.filter(kind=EvidenceKind.CASE_STUDY, status=EvidenceStatus.ACCEPTED)
        .annotate(signed=Exists(signed_units))
        .filter(signed=True)
    )


def _case_studies(items) -> list[CaseStudy]:
    items = items.select_related(
        "enrolment__qualification",
        "enrolment__candidate__organisation",
        "enrolment__candidate__district",
        "enrolment__candidate__team",
        "library_consent_by",
    ).prefetch_related(
        Prefetch("versions", queryset=EvidenceVersion.objects.order_by("-number")),
        Prefetch("decisions", queryset=Decision.objects.order_by("-decided_at", "-pk")),
    )
    studies = []
    for item in items:
        version = item.versions.all()[0]
        decision = next(iter(item.decisions.all()), None)
        studies.append(
            CaseStudy(
                evidence_id=item.pk,
                title=item.title,
                candidate_id=item.enrolment.candidate_id,
                qualification=item.enrolment.qualification.title,
                scanning=version.scanning,
                analysis=version.analysis,
                response=version.response,
                assessment=version.assessment,
                partners=version.partners,
                figures=version.figures,
                accepted_at=decision.decided_at if decision else None,
                unit_signed_off=True,
                description=version.description,
                candidate=item.enrolment.candidate,
                library_consent_at=item.library_consent_at,
                library_consent_by=item.library_consent_by,
                library_consent_statement=item.library_consent_statement,
            )
        )
    return studies


def signed_off_case_studies(candidate) -> list[CaseStudy]:
    """The candidate's accepted case studies whose units are signed off (newest first).

    For awards ("start an entry from a case study") and the What Works library;
    portfolios does not know either.
    """
    return _case_studies(
        _signed_off_items().filter(enrolment__candidate=candidate).order_by("-updated_at", "-pk")
    )


def signed_off_case_study(evidence_id: int) -> CaseStudy | None:
    """One signed-off case study by its evidence id, or ``None`` (not one, or not signed off)."""
    found = _case_studies(_signed_off_items().filter(pk=evidence_id))
    return found[0] if found else None


def case_studies_for_library() -> list[CaseStudy]:
    """Signed-off case studies whose candidates agreed to publication (latest consent first)."""
    return _case_studies(
        _signed_off_items()
        .filter(library_consent_at__isnull=False)
        .order_by("-library_consent_at", "-pk")
    )
