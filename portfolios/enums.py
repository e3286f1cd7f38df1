from django.db import models


class EnrolmentStatus(models.TextChoices):
    REGISTERED = "registered", "Registered"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETE = "complete", "Complete"
    CLAIMED = "claimed", "Claimed"
    CERTIFIED = "certified", "Certified"
    WITHDRAWN = "withdrawn", "Withdrawn"
    LAPSED = "lapsed", "Lapsed"


# Enrolments still being worked on (they count towards an assessor's load).
LIVE_STATUSES = (EnrolmentStatus.REGISTERED, EnrolmentStatus.IN_PROGRESS)
# Enrolments that hold the candidate's place on a qualification (one at a time).
HELD_STATUSES = (
    EnrolmentStatus.REGISTERED,
    EnrolmentStatus.IN_PROGRESS,
    EnrolmentStatus.COMPLETE,
    EnrolmentStatus.CLAIMED,
    EnrolmentStatus.CERTIFIED,
)


class EvidenceKind(models.TextChoices):
    FILE = "file", "File"
    CASE_STUDY = "case_study", "Work-based case study"
    WITNESS = "witness", "Witness testimony"


class EvidenceStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    AWAITING_WITNESS = "awaiting_witness", "Waiting for the witness"
    SUBMITTED = "submitted", "Waiting for assessment"
    REFERRED = "referred", "Referred"
    ACCEPTED = "accepted", "Accepted"


class Outcome(models.TextChoices):
    ACCEPTED = "accepted", "Accepted"
    REFERRED = "referred", "Referred"


class IQAStatus(models.TextChoices):
    PENDING = "pending", "Waiting for review"
    AGREED = "agreed", "Agreed"
    DISAGREED = "disagreed", "Disagreed"


class AssessorFlag(models.TextChoices):
    NONE = "", "None"
    LINE_MANAGER = "line_manager", "Assessor is the candidate's line manager"
    RULE_BROKEN = "rule_broken", "Assessor no longer meets the rule"
    NO_ASSESSOR = "no_assessor", "No eligible assessor"
