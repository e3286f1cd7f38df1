"""Tables for the portfolio pages; rows come annotated from ``portfolios.selectors``."""

import datetime

import django_tables2 as tables
from django.utils import timezone

from core.tables import GovukTable
from portfolios.enums import EnrolmentStatus, EvidenceStatus
from portfolios.selectors import ASSESSMENT_DUE_DAYS, attach_classroom_days, attach_progress

NUMERIC = {
    "th": {"class": "govuk-table__header--numeric"},
    "td": {"class": "govuk-table__cell--numeric"},
}

EVIDENCE_TAGS = {
    EvidenceStatus.DRAFT: "govuk-tag--grey",
    EvidenceStatus.AWAITING_WITNESS: "govuk-tag--yellow",
    EvidenceStatus.SUBMITTED: "govuk-tag--blue",
    EvidenceStatus.REFERRED: "govuk-tag--orange",
    EvidenceStatus.ACCEPTED: "govuk-tag--green",
}
ENROLMENT_TAGS = {
    EnrolmentStatus.REGISTERED: "govuk-tag--grey",
    EnrolmentStatus.IN_PROGRESS: "govuk-tag--blue",
    EnrolmentStatus.COMPLETE: "govuk-tag--green",
    EnrolmentStatus.CLAIMED: "govuk-tag--turquoise",
    EnrolmentStatus.CERTIFIED: "govuk-tag--purple",
    EnrolmentStatus.WITHDRAWN: "govuk-tag--grey",
    EnrolmentStatus.LAPSED: "govuk-tag--red",
}


def mark_reviewable(reviewer, reviews: list) -> list:
    """Set ``can_review`` on each sampled decision: whether ``reviewer`` may review it."""
    for review in reviews:
        review.can_review = reviewer is not None and reviewer.has_perm(
            "portfolios.review_decision", review
        )
    return reviews


class EvidenceTable(GovukTable):
    title = tables.Column(verbose_name="Evidence", order_by=("title", "pk"))
    kind = tables.Column(verbose_name="Type")
    criteria = tables.Column(verbose_name="Criteria", empty_values=(), orderable=False)
    versions_count = tables.Column(verbose_name="Versions", attrs=NUMERIC)
    status = tables.Column(verbose_name="Status")

    row_template = "portfolios/tables/evidence_rows.html"

    class Meta:
        attrs = {"class": "govuk-table govuk-!-font-size-16"}
        empty_text = "You have not added any evidence yet."
        order_by = "-created_at"

    def prepare_records(self, records):
        for r in records:
            r.tag_class = EVIDENCE_TAGS[r.status]
            r.latest_decision = (r.decisions_newest_first or [None])[0]
        return records

    def value_criteria(self, record) -> str:
        return ", ".join(c.code for c in record.criteria.all())

    def value_kind(self, record) -> str:
        return record.get_kind_display()

    def value_status(self, record) -> str:
        return record.get_status_display()


class QueueTable(GovukTable):
    submitted_at = tables.Column(verbose_name="Submitted", order_by=("submitted_at", "pk"))
    due = tables.Column(verbose_name="Due", empty_values=(), orderable=False)
    candidate = tables.Column(
        verbose_name="Candidate",
        accessor="enrolment__candidate__last_name",
        order_by=("enrolment__candidate__last_name", "submitted_at"),
    )
    title = tables.Column(verbose_name="Evidence", order_by=("title", "pk"))
    versions_count = tables.Column(verbose_name="Version", attrs=NUMERIC)

    row_template = "portfolios/tables/queue_rows.html"

    class Meta:
        attrs = {"class": "govuk-table govuk-!-font-size-16"}
        empty_text = "Nothing is waiting for your decision."
        order_by = "submitted_at"

    def prepare_records(self, records):
        today = timezone.localdate()
        for r in records:
            submitted = timezone.localdate(r.submitted_at) if r.submitted_at else today
            r.due = submitted + datetime.timedelta(days=ASSESSMENT_DUE_DAYS)
            r.overdue = r.due < today
        return records

    def value_submitted_at(self, record):
        return timezone.localtime(record.submitted_at).replace(tzinfo=None)

    def value_due(self, record):
        return timezone.localdate(record.submitted_at) + datetime.timedelta(
            days=ASSESSMENT_DUE_DAYS
        )

    def value_candidate(self, record) -> str:
        return record.enrolment.candidate.get_full_name()


class EnrolmentTable(GovukTable):
    """The coordinator's cohort table (and, with fewer columns, the assessor's candidates)."""

    candidate = tables.Column(
        verbose_name="Candidate",
        accessor="candidate__last_name",
        order_by=("candidate__last_name", "candidate__first_name", "pk"),
    )
    qualification = tables.Column(
        verbose_name="Qualification",
        accessor="qualification__level",
        order_by=("qualification__level", "pk"),
    )
    cohort = tables.Column(
        verbose_name="Cohort", accessor="cohort__name", order_by=("cohort__name", "pk")
    )
    assessor = tables.Column(
        verbose_name="Assessor",
        accessor="assessor__last_name",
        order_by=("assessor__last_name", "pk"),
    )
    deadline = tables.Column(verbose_name="Deadline", order_by=("deadline", "pk"))
    criteria_met = tables.Column(
        verbose_name="Criteria met", attrs=NUMERIC, order_by=("criteria_met", "pk")
    )
    classroom_days = tables.Column(
        verbose_name="Classroom days", empty_values=(), orderable=False, attrs=NUMERIC
    )
    status = tables.Column(verbose_name="Status", order_by=("status", "pk"))
    registration_number = tables.Column(verbose_name="Registration number", visible=False)
    at_risk = tables.Column(verbose_name="At risk", visible=False)
    assessor_flag = tables.Column(verbose_name="Assessor flag", visible=False)

    row_template = "portfolios/tables/enrolment_rows.html"

    class Meta:
        attrs = {"class": "govuk-table govuk-!-font-size-16"}
        empty_text = "No enrolments match your filters."
        order_by = "deadline"

    def prepare_records(self, records):
        attach_progress(records)
        attach_classroom_days(records)
        for r in records:
            r.tag_class = ENROLMENT_TAGS[r.status]
        return records

    def value_candidate(self, record) -> str:
        return record.candidate.get_full_name()

    def value_qualification(self, record) -> str:
        return record.qualification.title

    def value_cohort(self, record) -> str:
        return record.cohort.name if record.cohort else ""

    def value_assessor(self, record) -> str:
        return record.assessor.get_full_name() if record.assessor else ""

    def value_criteria_met(self, record) -> int:
        return record.criteria_met

    def value_classroom_days(self, record) -> int:
        return getattr(record, "classroom_days", "")  # the export view attaches them in bulk

    def value_status(self, record) -> str:
        return record.get_status_display()

    def value_at_risk(self, record) -> str:
        return record.at_risk_reason if record.at_risk else ""

    def value_assessor_flag(self, record) -> str:
        return record.assessor_flag_note


class IQAQueueTable(GovukTable):
    # The link comes first: its visually hidden words would otherwise sit beyond a narrow
    # screen's edge and make the page scroll sideways.
    evidence = tables.Column(
        verbose_name="Evidence", accessor="decision__evidence__title", orderable=False
    )
    candidate = tables.Column(
        verbose_name="Candidate",
        accessor="decision__evidence__enrolment__candidate__last_name",
        orderable=False,
    )
    assessor = tables.Column(
        verbose_name="Assessor", accessor="decision__assessor__last_name", orderable=False
    )
    outcome = tables.Column(verbose_name="Decision", accessor="decision__outcome", orderable=False)
    sampled_at = tables.Column(verbose_name="Sampled", order_by=("sampled_at", "pk"))

    row_template = "portfolios/tables/iqa_rows.html"
    # Who is looking: a sample links to its review page only for someone who may review
    # it (an IQA; the programme team sees the queue without acting as one).
    reviewer = None

    def prepare_records(self, records: list) -> list:
        return mark_reviewable(self.reviewer, records)

    class Meta:
        attrs = {"class": "govuk-table govuk-!-font-size-16"}
        empty_text = "No sampled decisions are waiting for you."
        order_by = "sampled_at"


class ClaimableTable(GovukTable):
    select = tables.Column(verbose_name="Select", empty_values=(), orderable=False)
    candidate = tables.Column(
        verbose_name="Candidate", accessor="candidate__last_name", orderable=False
    )
    registration_number = tables.Column(verbose_name="Registration number", orderable=False)
    qualification = tables.Column(
        verbose_name="Qualification", accessor="qualification__title", orderable=False
    )
    completed_on = tables.Column(verbose_name="Completed", orderable=False)

    row_template = "portfolios/tables/claimable_rows.html"

    class Meta:
        attrs = {"class": "govuk-table govuk-!-font-size-16"}
        empty_text = "No completed enrolments are waiting to be claimed."
