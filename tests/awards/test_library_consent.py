"""A finalist's entry and the What Works library: the lead entrant's consent, given and
withdrawn, and what the entry pages show of the library (through core.registry)."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from awards.enums import EntryStatus
from awards.services import AwardsError
from awards.services.entries import (
    LIBRARY_CONSENT_STATEMENT,
    set_library_consent,
)
from cms import practice
from cms.demo import seed_pages
from cms.models import CaseStudyPage, CaseStudySource
from core.models import AuditEntry
from people.enums import Role
from tests.awards.conftest import make_entry, make_finalist
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(db):
    return UserFactory(username="editor-in-test", roles=[Role.CMS_EDITOR])


def test_the_lead_gives_consent_for_a_finalists_entry(finalist):
    entry = set_library_consent(entry=finalist, by=finalist.lead, consent=True)
    assert (entry.library_consent_by, entry.library_consent_statement) == (
        finalist.lead,
        LIBRARY_CONSENT_STATEMENT,
    )
    assert entry.library_consent_at is not None
    audit = AuditEntry.objects.get(action="awards.entry.library_consent_given")
    assert (audit.actor, audit.object_id) == (finalist.lead, str(finalist.pk))
    # Asking again changes nothing.
    again = set_library_consent(entry=finalist, by=finalist.lead, consent=True)
    assert again.library_consent_at == entry.library_consent_at
    assert AuditEntry.objects.filter(action="awards.entry.library_consent_given").count() == 1


def test_only_the_lead_and_only_for_a_finalist(closed_cycle, coordinator, cycle, force):
    colleague = UserFactory(organisation=force)
    finalist = make_finalist(closed_cycle, coordinator, force, co_entrants=[colleague])
    with pytest.raises(AwardsError) as refused:
        set_library_consent(entry=finalist, by=colleague, consent=True)
    assert refused.value.code == "not_allowed"
    submitted = make_entry(cycle, UserFactory(organisation=force), partners=[force])
    assert submitted.status == EntryStatus.SUBMITTED
    with pytest.raises(AwardsError) as refused:
        set_library_consent(entry=submitted, by=submitted.lead, consent=True)
    assert refused.value.code == "not_finalist"


def test_withdrawing_before_publication_removes_the_draft(finalist, editor):
    seed_pages()
    set_library_consent(entry=finalist, by=finalist.lead, consent=True)
    page, created = practice.publish_practice(kind="award-entry", pk=finalist.pk, user=editor)
    assert created
    assert not page.live
    entry = set_library_consent(entry=finalist, by=finalist.lead, consent=False)
    assert (entry.library_consent_at, entry.library_consent_by) == (None, None)
    assert CaseStudyPage.objects.filter(pk=page.pk).exists() is False
    assert CaseStudySource.objects.count() == 0
    assert AuditEntry.objects.filter(action="cms.case_study_withdrawn").count() == 1
    assert AuditEntry.objects.filter(action="awards.entry.library_consent_withdrawn").count() == 1


def test_consent_cannot_be_withdrawn_once_published(finalist, editor):
    seed_pages()
    set_library_consent(entry=finalist, by=finalist.lead, consent=True)
    page, _ = practice.publish_practice(kind="award-entry", pk=finalist.pk, user=editor)
    page.get_latest_revision().publish(user=editor)
    with pytest.raises(AwardsError) as refused:
        set_library_consent(entry=finalist, by=finalist.lead, consent=False)
    assert refused.value.code == "published"
    finalist.refresh_from_db()
    assert finalist.library_consent_at is not None


# --- the pages ----------------------------------------------------------------------------


def test_the_lead_agrees_on_their_entry_page(login, finalist):
    client = login(finalist.lead)
    detail = client.get(reverse("awards:entry_detail", args=[finalist.pk])).text
    assert "Agree to publish it in the library" in detail
    url = reverse("awards:entry_library", args=[finalist.pk])
    page = client.get(url)
    assert escape(LIBRARY_CONSENT_STATEMENT) in page.text
    refused = client.post(url, {})
    assert refused.context["form"].errors["agree"] == [
        "Tick the box to agree to publication in the library"
    ]
    response = client.post(url, {"agree": "on"})
    assert response["Location"] == reverse("awards:entry_detail", args=[finalist.pk])
    finalist.refresh_from_db()
    assert finalist.library_consent_by == finalist.lead
    detail = client.get(reverse("awards:entry_detail", args=[finalist.pk])).text
    assert "You agreed on" in detail
    assert "Withdraw your consent" in detail
    client.post(url, {"withdraw": "1"})
    finalist.refresh_from_db()
    assert finalist.library_consent_at is None


def test_others_cannot_open_the_consent_page(login, closed_cycle, coordinator, force, cycle):
    colleague = UserFactory(organisation=force)
    finalist = make_finalist(closed_cycle, coordinator, force, co_entrants=[colleague])
    url = reverse("awards:entry_library", args=[finalist.pk])
    assert login(colleague).get(url).status_code == 404
    assert login(coordinator).get(url).status_code == 404
    draft = make_entry(cycle, UserFactory(organisation=force), partners=[force], submit=False)
    assert (
        login(draft.lead).get(reverse("awards:entry_library", args=[draft.pk])).status_code == 404
    )


def test_the_coordinator_sends_a_consented_finalist_from_the_entry_page(
    login, finalist, coordinator
):
    seed_pages()
    url = reverse("awards:manage_entry", args=[finalist.pk])
    client = login(coordinator)
    assert "has not agreed to publish" in client.get(url).text
    assert "Send to the What Works library" not in client.get(url).text
    set_library_consent(entry=finalist, by=finalist.lead, consent=True)
    page = client.get(url).text
    assert "Send to the What Works library" in page
    publish = reverse("cms:publish_practice", args=["award-entry", finalist.pk])
    response = client.post(publish, {"next": url})
    assert response["Location"] == url
    case_study = CaseStudyPage.objects.get(source__reference=f"awards.entry:{finalist.pk}")
    assert "In review" in client.get(url).text
    # The lead sees it is in review; a second click makes no second draft.
    assert (
        "In review"
        in login(finalist.lead).get(reverse("awards:entry_detail", args=[finalist.pk])).text
    )
    client.post(publish, {"next": url})
    assert CaseStudyPage.objects.filter(source__isnull=False).count() == 1
    assert case_study.live is False
