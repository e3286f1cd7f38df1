"""The stored at-risk flag: worked out from progress, changed (and emailed) once per change."""

import datetime

from django.db import transaction
from django.utils import timezone

from core.audit import record
from portfolios.enums import LIVE_STATUSES
from portfolios.models import Enrolment
from portfolios.selectors import attach_progress, with_progress


@transaction.atomic
def refresh_at_risk(
    *, enrolment_ids: list[int] | None = None, today: datetime.date | None = None
) -> list[Enrolment]:
    """Recompute the at-risk flag of live enrolments (all, or these); returns those that changed.

    The candidate and the assessor are emailed once per change (into or out of
    risk), after commit. Run after each decision and daily (``portfolios_jobs``).
    """
    from portfolios.services import notifications

    today = today or timezone.localdate()
    enrolments = Enrolment.objects.filter(status__in=LIVE_STATUSES).select_related(
        "candidate", "assessor", "qualification"
    )
    if enrolment_ids is not None:
        enrolments = enrolments.filter(pk__in=enrolment_ids)
    changed = []
    for enrolment in attach_progress(with_progress(enrolments), today=today):
        progress = enrolment.progress
        if (enrolment.at_risk, enrolment.at_risk_reason) == (progress.at_risk, progress.reason):
            continue
        became = progress.at_risk != enrolment.at_risk
        enrolment.at_risk, enrolment.at_risk_reason = progress.at_risk, progress.reason[:300]
        fields = ["at_risk", "at_risk_reason"]
        if became:
            enrolment.at_risk_changed_at = timezone.now()
            fields.append("at_risk_changed_at")
        Enrolment.objects.filter(pk=enrolment.pk).update(
            **{f: getattr(enrolment, f) for f in fields}
        )
        if became:
            record(
                actor=None,
                action="portfolios.enrolment.at_risk"
                if progress.at_risk
                else "portfolios.enrolment.on_track",
                obj=enrolment,
                summary=progress.reason or "Back on track",
                percent=progress.percent,
                expected=progress.expected,
            )
            notifications.at_risk_changed(enrolment=enrolment)
            changed.append(enrolment)
    return changed


@transaction.atomic
def lapse_overdue(*, today: datetime.date | None = None) -> int:
    """Enrolments past their deadline and not complete lapse (the system makes the change)."""
    from portfolios.services.enrolments import set_enrolment_status

    today = today or timezone.localdate()
    lapsed = 0
    for enrolment in Enrolment.objects.filter(status__in=LIVE_STATUSES, deadline__lt=today):
        set_enrolment_status(enrolment=enrolment, to="lapsed", by=None, on=today)
        lapsed += 1
    return lapsed
