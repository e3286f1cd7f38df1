"""A signed-off case study and the What Works library: the candidate's consent."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from cms import practice
from cms.demo import seed_pages
from cms.models import CaseStudyPage
from core.models import AuditEntry
from people.enums import Role
from portfolios.services import PortfoliosError
from portfolios.services.evidence import (
    LIBRARY_CONSENT_STATEMENT,
    create_evidence,
    set_library_consent,
)
from tests.factories import CASE_STUDY_TEXT, UserFactory, signed_off_case_study

pytestmark = pytest.mark.django_db


@pytest.fixture
def study(candidate):
    return signed_off_case_study(candidate, title="Moorside parade")


def test_the_candidate_gives_consent_for_a_signed_off_case_study(study, candidate):
    item = set_library_consent(evidence=study, by=candidate, consent=True)
    assert (item.library_consent_by, item.library_consent_statement) == (
        candidate,
        LIBRARY_CONSENT_STATEMENT,
    )
    assert (
        AuditEntry.objects.filter(action="portfolios.evidence.library_consent_given").count() == 1
    )


def test_only_the_candidate_and_only_when_signed_off(study, candidate):
    with pytest.raises(PortfoliosError) as refused:
        set_library_consent(evidence=study, by=study.enrolment.assessor, consent=True)
    assert refused.value.code == "not_allowed"
    waiting = create_evidence(
        enrolment=study.enrolment,
        kind="case_study",
        title="Not yet assessed",
        criteria=list(study.criteria.all()),
        by=candidate,
        content=CASE_STUDY_TEXT,
        submit=True,
    )
    with pytest.raises(PortfoliosError) as refused:
        set_library_consent(evidence=waiting, by=candidate, consent=True)
    assert refused.value.code == "not_signed_off"


def test_withdrawing_removes_a_draft_but_not_once_published(study, candidate):
    seed_pages()
    editor = UserFactory(roles=[Role.CMS_EDITOR])
    set_library_consent(evidence=study, by=candidate, consent=True)
    page, _ = practice.publish_practice(kind="portfolio-case-study", pk=study.pk, user=editor)
    set_library_consent(evidence=study, by=candidate, consent=False)
    assert CaseStudyPage.objects.filter(pk=page.pk).exists() is False
    set_library_consent(evidence=study, by=candidate, consent=True)
    page, created = practice.publish_practice(kind="portfolio-case-study", pk=study.pk, user=editor)
    assert created is True
    page.get_latest_revision().publish(user=editor)
    with pytest.raises(PortfoliosError) as refused:
        set_library_consent(evidence=study, by=candidate, consent=False)
    assert refused.value.code == "published"


def test_the_candidate_agrees_on_the_case_study_page(login, study, candidate):
    client = login(candidate)
    detail_url = reverse("portfolios:evidence_detail", args=[study.pk])
    assert "Agree to publish it in the library" in client.get(detail_url).text
    url = reverse("portfolios:evidence_library", args=[study.pk])
    assert escape(LIBRARY_CONSENT_STATEMENT) in client.get(url).text
    assert client.post(url, {}).context["form"].errors["agree"] == [
        "Tick the box to agree to publication in the library"
    ]
    assert client.post(url, {"agree": "on"})["Location"] == detail_url
    assert "You agreed on" in client.get(detail_url).text
    # The assessor reads the case study and sees the candidate agreed, but cannot agree.
    assessor = login(study.enrolment.assessor)
    assert "agreed on" in assessor.get(detail_url).text
    assert assessor.get(url).status_code == 404


def test_other_evidence_has_no_library_section(login, candidate, add_file, enrolment):
    item = add_file(enrolment, {"1.1"})
    client = login(candidate)
    page = client.get(reverse("portfolios:evidence_detail", args=[item.pk])).text
    assert 'id="library-heading"' not in page
    assert client.get(reverse("portfolios:evidence_library", args=[item.pk])).status_code == 404
