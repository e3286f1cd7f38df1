import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable

from core.models import StoredFile
from people.enums import Rank
from portfolios.enums import (
    HELD_STATUSES,
    AssessorFlag,
    EnrolmentStatus,
    EvidenceKind,
    EvidenceStatus,
    IQAStatus,
    Outcome,
)

USER = settings.AUTH_USER_MODEL


class Qualification(ClusterableModel):
    """An awarding body's qualification: units of assessment criteria, days, fee and time."""

    awarding_body = models.CharField(max_length=120, default="SFJ Awards")
    title = models.CharField(max_length=200, unique=True)
    level = models.PositiveSmallIntegerField()
    fee = models.DecimalField(
        max_digits=7, decimal_places=2, help_text="Registration and certification, in pounds."
    )
    months_allowed = models.PositiveSmallIntegerField(
        default=12, help_text="Time allowed from the start date to complete."
    )
    classroom_days_required = models.PositiveSmallIntegerField(default=3)
    classroom_courses = models.ManyToManyField(
        "training.Course",
        blank=True,
        related_name="qualifications",
        help_text="The training courses that count as this qualification's classroom days.",
    )
    eligible_ranks = models.JSONField(
        default=list, blank=True, help_text="Ranks (values of people.Rank) who may enrol."
    )
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["level", "title"]

    def __str__(self) -> str:
        return self.title

    @property
    def eligible_rank_labels(self) -> list[str]:
        return [Rank(r).label for r in self.eligible_ranks]

    def deadline_for(self, start: datetime.date) -> datetime.date:
        """Start plus the months allowed (the last day of a shorter month if need be)."""
        month = start.month - 1 + self.months_allowed
        year, month = start.year + month // 12, month % 12 + 1
        for day in range(start.day, 27, -1):
            try:
                return datetime.date(year, month, day)
            except ValueError:
                continue
        return datetime.date(year, month, min(start.day, 28))


class Unit(Orderable, ClusterableModel):
    qualification = ParentalKey(Qualification, on_delete=models.CASCADE, related_name="units")
    code = models.CharField(max_length=20, help_text="e.g. Unit 1")
    title = models.CharField(max_length=200)

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(fields=["qualification", "code"], name="unit_code_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.title}"


class Criterion(models.Model):
    """An assessment criterion of a unit ("1.1 Explain ...")."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="criteria")
    code = models.CharField(max_length=20)
    text = models.TextField()
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["unit__sort_order", "sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "code"], name="criterion_code_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.text}"


class Cohort(models.Model):
    name = models.CharField(max_length=150, unique=True)
    qualification = models.ForeignKey(
        Qualification, on_delete=models.PROTECT, related_name="cohorts"
    )
    starts_on = models.DateField()

    class Meta:
        ordering = ["-starts_on", "name"]

    def __str__(self) -> str:
        return self.name


class Enrolment(models.Model):
    candidate = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="enrolments")
    qualification = models.ForeignKey(
        Qualification, on_delete=models.PROTECT, related_name="enrolments"
    )
    cohort = models.ForeignKey(
        Cohort, on_delete=models.SET_NULL, null=True, blank=True, related_name="enrolments"
    )
    start_date = models.DateField()
    deadline = models.DateField()
    registration_number = models.CharField(
        max_length=40, blank=True, help_text="The awarding body's registration number."
    )
    status = models.CharField(
        max_length=20, choices=EnrolmentStatus.choices, default=EnrolmentStatus.REGISTERED
    )
    assessor = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="assessing"
    )
    assessor_flag = models.CharField(
        max_length=20, choices=AssessorFlag.choices, blank=True, default=AssessorFlag.NONE
    )
    assessor_flag_note = models.CharField(max_length=300, blank=True)
    at_risk = models.BooleanField(default=False)
    at_risk_reason = models.CharField(max_length=300, blank=True)
    at_risk_changed_at = models.DateTimeField(null=True, blank=True)
    completed_on = models.DateField(null=True, blank=True)
    claimed_on = models.DateField(null=True, blank=True)
    certified_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True, help_text="Withdrawn or lapsed on.")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["deadline", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "qualification"],
                condition=Q(status__in=HELD_STATUSES),
                name="one_held_enrolment_per_qualification",
            ),
            models.UniqueConstraint(
                fields=["registration_number"],
                condition=~Q(registration_number=""),
                name="registration_number_unique",
            ),
            models.CheckConstraint(
                condition=Q(deadline__gt=F("start_date")), name="enrolment_deadline_after_start"
            ),
            models.CheckConstraint(
                condition=~Q(assessor=F("candidate")), name="enrolment_not_own_assessor"
            ),
        ]
        permissions = [("manage_enrolments", "Can enrol candidates, assign assessors, claim")]

    def __str__(self) -> str:
        return f"{self.candidate} – {self.qualification}"


class AssessorAssignment(models.Model):
    """Who assessed an enrolment, from when to when (the history of re-assignments)."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="assignments")
    assessor = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    assigned_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    started_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    flag = models.CharField(max_length=20, choices=AssessorFlag.choices, blank=True)
    reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["enrolment", "started_at", "pk"]

    def __str__(self) -> str:
        return f"{self.assessor} assessing {self.enrolment}"


class Evidence(models.Model):
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(max_length=20, choices=EvidenceKind.choices)
    title = models.CharField(max_length=200)
    status = models.CharField(
        max_length=20, choices=EvidenceStatus.choices, default=EvidenceStatus.DRAFT
    )
    criteria = models.ManyToManyField(Criterion, related_name="evidence")
    created_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    # The candidate's consent to publish a signed-off case study in the What Works library,
    # in the words they agreed to; cleared if they withdraw it before publication (the
    # audit trail keeps each change).
    library_consent_at = models.DateTimeField(null=True, blank=True)
    library_consent_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    library_consent_statement = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name_plural = "evidence"

    def __str__(self) -> str:
        return self.title

    @property
    def is_locked(self) -> bool:
        """Under assessment or accepted: the candidate cannot change it."""
        return self.status in (
            EvidenceStatus.SUBMITTED,
            EvidenceStatus.ACCEPTED,
            EvidenceStatus.AWAITING_WITNESS,
        )


class EvidenceVersion(models.Model):
    """One submission of an item; resubmitting after referral adds a version."""

    evidence = models.ForeignKey(Evidence, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    description = models.TextField(blank=True, help_text="The candidate's account of the item.")
    criteria_codes = models.JSONField(default=list, blank=True)
    # A work-based case study (SARA), sanitised HTML.
    scanning = models.TextField(blank=True)
    analysis = models.TextField(blank=True)
    response = models.TextField(blank=True)
    assessment = models.TextField(blank=True)
    partners = models.CharField(max_length=300, blank=True)
    figures = models.TextField(blank=True, help_text="Key figures: before and after.")
    # A witness testimony.
    witness_name = models.CharField(max_length=150, blank=True)
    witness_email = models.EmailField(blank=True)
    witness_role = models.CharField(max_length=150, blank=True)
    witness_statement = models.TextField(blank=True)
    witness_confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["evidence", "number"]
        constraints = [
            models.UniqueConstraint(fields=["evidence", "number"], name="evidence_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.evidence} (version {self.number})"


class EvidenceFile(StoredFile):
    version = models.OneToOneField(EvidenceVersion, on_delete=models.CASCADE, related_name="file")


class WitnessLink(models.Model):
    """A personal link for a witness: works once, expires; only its hash is kept."""

    version = models.OneToOneField(
        EvidenceVersion, on_delete=models.CASCADE, related_name="witness_link"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Witness link for {self.version}"


class Decision(models.Model):
    """An assessor's decision on one version of an item of evidence."""

    evidence = models.ForeignKey(Evidence, on_delete=models.CASCADE, related_name="decisions")
    version = models.ForeignKey(EvidenceVersion, on_delete=models.CASCADE, related_name="+")
    assessor = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    feedback = models.TextField(blank=True)
    decided_at = models.DateTimeField(default=timezone.now, db_index=True)
    reopened_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-decided_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()}: {self.evidence}"


class IQAReview(models.Model):
    """A sampled decision, waiting for (or given) the internal quality assurer's view."""

    decision = models.OneToOneField(Decision, on_delete=models.CASCADE, related_name="iqa_review")
    status = models.CharField(max_length=20, choices=IQAStatus.choices, default=IQAStatus.PENDING)
    reviewer = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    notes = models.TextField(blank=True)
    sampled_at = models.DateTimeField(default=timezone.now, db_index=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["sampled_at", "pk"]
        verbose_name = "IQA review"

    def __str__(self) -> str:
        return f"IQA {self.get_status_display()}: {self.decision}"


class SamplingPlan(models.Model):
    """How many of one assessor's decisions the IQA samples."""

    assessor = models.OneToOneField(USER, on_delete=models.CASCADE, related_name="sampling_plan")
    new_assessor_decisions = models.PositiveSmallIntegerField(
        default=5, help_text="Sample every decision until this many have been agreed."
    )
    rate_percent = models.PositiveSmallIntegerField(
        default=25, help_text="Then sample this share of decisions (0 to 100)."
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(rate_percent__lte=100), name="sampling_rate_at_most_100"
            )
        ]

    def __str__(self) -> str:
        return f"Sampling plan for {self.assessor}"


class UnitSignOff(models.Model):
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="sign_offs")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    signed_off_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    signed_off_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["signed_off_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "unit"],
                condition=Q(revoked_at__isnull=True),
                name="one_live_sign_off_per_unit",
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit} signed off for {self.enrolment}"


class Claim(models.Model):
    """A batch of completed enrolments claimed from the awarding body."""

    qualification = models.ForeignKey(Qualification, on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    enrolments = models.ManyToManyField(Enrolment, related_name="claims")

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Claim {self.pk} for {self.qualification}"
