"""Retention for portfolios: a withdrawn enrolment's evidence goes after its period."""

import datetime

from core.audit import record
from core.registry import RetentionRule
from core.retention import delete_files_after_commit
from portfolios.enums import EnrolmentStatus
from portfolios.models import Enrolment, Evidence, EvidenceFile


def dispose_withdrawn_evidence(*, cutoff: datetime.datetime, dry_run: bool = False) -> int:
    """Delete the evidence (rows and private files) of enrolments withdrawn before ``cutoff``.

    The enrolment itself stays (who was enrolled when, and why it ended, is the
    programme's record); each enrolment's disposal is audited. Files are removed
    from storage after the deletion commits.
    """
    enrolments = list(
        Enrolment.objects.filter(
            status=EnrolmentStatus.WITHDRAWN, ended_on__lt=cutoff.date(), evidence__isnull=False
        )
        .select_related("candidate")
        .distinct()
    )
    if dry_run:
        return Evidence.objects.filter(enrolment__in=enrolments).count()
    disposed = 0
    for enrolment in enrolments:
        evidence = Evidence.objects.filter(enrolment=enrolment)
        files = list(
            EvidenceFile.objects.filter(version__evidence__enrolment=enrolment).values_list(
                "stored_name", flat=True
            )
        )
        count = evidence.count()
        evidence.delete()
        delete_files_after_commit(files)
        record(
            actor=None,
            action="portfolios.evidence.disposed",
            obj=enrolment,
            summary=f"Deleted {count} items of evidence and {len(files)} files (withdrawn "
            f"{enrolment.ended_on:%d %b %Y}; retention)",
            count=count,
            files=len(files),
        )
        disposed += count
    return disposed


RULE = RetentionRule(
    "withdrawn_evidence",
    "Evidence of withdrawn enrolments deleted",
    dispose_withdrawn_evidence,
    order=20,
)
