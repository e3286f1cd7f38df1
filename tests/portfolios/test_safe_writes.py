"""Portfolio forms: a double upload stores once; a decision on evidence changed meanwhile is
refused with the feedback kept."""

import pytest
from django.urls import reverse

from core.idempotency import TOKEN_FIELD, new_token
from portfolios.enums import EvidenceStatus
from portfolios.models import Evidence
from portfolios.services.assessment import decide
from tests import uploads_corpus as corpus
from tests.auth import sign_in_as

pytestmark = pytest.mark.django_db


def test_a_double_submitted_upload_is_stored_once(client, enrolment):
    sign_in_as(client, enrolment.candidate)
    token = new_token()
    criterion = enrolment.qualification.units.first().criteria.first()

    def send():
        from django.core.files.uploadedfile import SimpleUploadedFile

        return client.post(
            reverse("portfolios:evidence_new", args=["file"]),
            {
                "title": "My evidence",
                "criteria": [criterion.pk],
                "file": SimpleUploadedFile("notes.pdf", corpus.pdf_bytes(), "application/pdf"),
                "submit": "1",
                TOKEN_FIELD: token,
            },
        )

    first, second = send(), send()

    assert first["Location"] == second["Location"]
    assert Evidence.objects.filter(enrolment=enrolment).count() == 1


def test_a_decision_on_evidence_changed_meanwhile_is_refused_with_the_feedback_kept(
    client, enrolment, add_file
):
    item = add_file(enrolment, {"1.1"})
    assessor = enrolment.assessor
    sign_in_as(client, assessor)
    page = client.get(reverse("portfolios:evidence_detail", args=[item.pk]))
    seen = page.context["decision_form"].initial["version"]
    # In another tab the assessor refers it.
    decide(evidence=item, outcome="referred", feedback="Add the dates", by=assessor)

    response = client.post(
        reverse("portfolios:evidence_decide", args=[item.pk]),
        {"outcome": "accepted", "feedback": "Clear and complete", "version": seen},
    )

    assert response.status_code == 409
    errors = response.context["decision_form"].non_field_errors()
    assert errors[0].startswith(f"{assessor.get_full_name()} ({assessor.username}) changed this")
    assert "Clear and complete" in response.content.decode()
    item.refresh_from_db()
    assert item.status == EvidenceStatus.REFERRED
