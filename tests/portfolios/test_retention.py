"""Portfolio retention: a withdrawn enrolment's evidence and files go after the period."""

import datetime
from pathlib import Path

import pytest
import time_machine
from django.conf import settings

from core.models import AuditEntry
from core.retention import apply_retention
from portfolios.enums import EnrolmentStatus
from portfolios.models import Evidence, EvidenceFile
from portfolios.services.enrolments import set_enrolment_status

pytestmark = pytest.mark.django_db


def private_files() -> list[Path]:
    return [p for p in Path(settings.PRIVATE_MEDIA_ROOT).rglob("*") if p.is_file()]


def test_withdrawn_evidence_goes_with_its_files_after_the_period(
    settings, enrolment, add_file, coordinator, django_capture_on_commit_callbacks
):
    settings.RETENTION_DAYS = {**settings.RETENTION_DAYS, "withdrawn_evidence": 365}
    add_file(enrolment, {"1.1"})
    add_file(enrolment, {"1.2"})
    assert len(private_files()) == 2
    withdrawn_on = datetime.datetime.now(tz=datetime.UTC)
    set_enrolment_status(enrolment=enrolment, to=EnrolmentStatus.WITHDRAWN, by=coordinator)

    with time_machine.travel(withdrawn_on + datetime.timedelta(days=300), tick=False):
        assert apply_retention(only="withdrawn_evidence")[0].count == 0
    assert Evidence.objects.filter(enrolment=enrolment).count() == 2

    with (
        time_machine.travel(withdrawn_on + datetime.timedelta(days=367), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        outcome = apply_retention(only="withdrawn_evidence")[0]

    assert outcome.count == 2
    assert Evidence.objects.filter(enrolment=enrolment).count() == 0
    assert EvidenceFile.objects.count() == 0
    assert private_files() == []
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.WITHDRAWN
    disposal = AuditEntry.objects.get(action="portfolios.evidence.disposed")
    assert (disposal.object_id, disposal.data) == (str(enrolment.pk), {"count": 2, "files": 2})


def test_evidence_of_enrolments_still_held_is_kept(settings, enrolment, add_file):
    settings.RETENTION_DAYS = {**settings.RETENTION_DAYS, "withdrawn_evidence": 1}
    add_file(enrolment, {"1.1"})

    with time_machine.travel(datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(days=900)):
        apply_retention(only="withdrawn_evidence")

    assert Evidence.objects.filter(enrolment=enrolment).count() == 1
