"""Publishing practice into the library: from a finalist's entry and a signed-off case study,
with the owner's consent, by editors and coordinators only, once."""

import pytest
from django.urls import reverse
from wagtail.models import Page

from awards.services.entries import set_library_consent as consent_to_entry
from cms import practice
from cms.models import CaseStudyPage, CaseStudySource
from cms.services import CmsError
from people.enums import OrganisationType, Role
from portfolios.services.evidence import set_library_consent as consent_to_case_study
from tests.awards.conftest import make_cycle, make_finalist
from tests.factories import OrganisationFactory, PartnerFactory, UserFactory, signed_off_case_study

pytestmark = pytest.mark.django_db


@pytest.fixture
def force(db):
    return OrganisationFactory(name="Northshire Police", type=OrganisationType.FORCE)


@pytest.fixture
def finalist(site, coordinator, force):
    PartnerFactory(name="Northshire County Council", type=OrganisationType.LOCAL_AUTHORITY)
    cycle = make_cycle(coordinator, name="POP Awards 2026", open_days=-40, close_days=-2)
    entry = make_finalist(cycle, coordinator, force, title="Quieter nights at the riverside")
    return consent_to_entry(entry=entry, by=entry.lead, consent=True)


@pytest.fixture
def case_study(site, force):
    candidate = UserFactory(organisation=force, first_name="Asha", last_name="Patel")
    item = signed_off_case_study(candidate, title="Moorside parade")
    return consent_to_case_study(evidence=item, by=candidate, consent=True)


def test_a_finalists_entry_becomes_a_draft_in_review(client, finalist, editor):
    page, created = practice.publish_practice(kind="award-entry", pk=finalist.pk, user=editor)
    assert created is True
    assert client.get(f"/library/{page.slug}/").status_code == 404  # not public until published
    page = CaseStudyPage.objects.get(pk=page.pk)
    assert (page.title, page.live, page.get_parent().specific.slug) == (
        "Quieter nights at the riverside",
        False,
        "library",
    )
    assert page.workflow_in_progress is True
    assert page.organisation == "Northshire Police"
    assert page.why == "<p>Repeat calls about the alleyway rose all year.</p>"
    assert page.how_delivery == (
        "<p>Residents, housing and the fire service agreed gates and lighting.</p>"
    )
    assert finalist.lead.get_full_name() in page.who
    source = page.source
    assert (source.reference, source.owner, source.consent_given_by, source.requested_by) == (
        f"awards.entry:{finalist.pk}",
        finalist.lead,
        finalist.lead,
        editor,
    )
    assert source.url.endswith(f"/awards/entries/{finalist.pk}/")
    assert source.consent_statement == finalist.library_consent_statement


def test_a_signed_off_case_study_becomes_a_draft_with_its_partners_and_figures(case_study, editor):
    page, _ = practice.publish_practice(kind="portfolio-case-study", pk=case_study.pk, user=editor)
    page = CaseStudyPage.objects.get(pk=page.pk)
    assert page.title == "Moorside parade"
    assert page.how_setup == (
        "<p>The problem analysis triangle pointed at one unlit service road.</p>"
        "<p>- Location: the service road<br>- Victims: shop staff closing alone</p>"
    )
    assert page.evaluation == (
        "<p>Calls fell from 46 to 9 in three months.</p>"
        "<p>Key figures: Calls for service: 46 before, 9 after.</p>"
    )
    assert [p.name for p in page.partners.all()] == [
        "Northshire County Council",
        "Harrowgate Homes",
        "the youth service",
    ]
    assert page.who.startswith("Asha Patel")
    assert page.source.owner == case_study.enrolment.candidate


def test_sending_twice_makes_one_draft(finalist, editor, coordinator):
    first, created = practice.publish_practice(kind="award-entry", pk=finalist.pk, user=editor)
    again, created_again = practice.publish_practice(
        kind="award-entry", pk=finalist.pk, user=coordinator
    )
    assert (again.pk, created, created_again) == (first.pk, True, False)
    assert CaseStudySource.objects.count() == 1


def test_a_draft_deleted_in_the_admin_can_be_sent_again(finalist, editor):
    first, _ = practice.publish_practice(kind="award-entry", pk=finalist.pk, user=editor)
    Page.objects.get(pk=first.pk).delete()
    again, created = practice.publish_practice(kind="award-entry", pk=finalist.pk, user=editor)
    assert created is True
    assert again.pk != first.pk
    assert CaseStudySource.objects.count() == 1


def test_without_consent_it_is_refused_with_a_clear_message(finalist, editor):
    consent_to_entry(entry=finalist, by=finalist.lead, consent=False)
    with pytest.raises(CmsError) as refused:
        practice.publish_practice(kind="award-entry", pk=finalist.pk, user=editor)
    assert refused.value.code == "no_consent"
    assert str(refused.value) == (
        "The owner has not agreed to publication: record their consent first."
    )
    assert CaseStudyPage.objects.count() == 0


def test_only_editors_coordinators_and_programme_admins_may_send(finalist):
    for role in (Role.CMS_EDITOR, Role.AWARDS_COORDINATOR, Role.PROGRAMME_ADMIN):
        assert practice.may_publish(UserFactory(roles=[role])) is True
    with pytest.raises(CmsError) as refused:
        practice.publish_practice(kind="award-entry", pk=finalist.pk, user=finalist.lead)
    assert refused.value.code == "forbidden"


# --- the pages ----------------------------------------------------------------------------


def test_the_action_refuses_others_with_403_and_unknown_practice_with_404(login, finalist, editor):
    url = reverse("cms:publish_practice", args=["award-entry", finalist.pk])
    assert login(finalist.lead).post(url).status_code == 403
    assert login(UserFactory()).get(reverse("cms:practice")).status_code == 403
    client = login(editor)
    assert client.get(url).status_code == 405
    missing = reverse("cms:publish_practice", args=["award-entry", finalist.pk + 999])
    assert client.post(missing).status_code == 404
    assert client.post(reverse("cms:publish_practice", args=["nonsense", 1])).status_code == 404
    assert CaseStudyPage.objects.count() == 0


def test_without_consent_the_page_says_why(login, finalist, editor):
    consent_to_entry(entry=finalist, by=finalist.lead, consent=False)
    client = login(editor)
    response = client.post(
        reverse("cms:publish_practice", args=["award-entry", finalist.pk]), follow=True
    )
    assert "The owner has not agreed to publication" in response.text
    assert CaseStudyPage.objects.count() == 0


def test_the_editor_sends_from_the_list_of_practice_ready_to_publish(
    login, finalist, case_study, editor
):
    client = login(editor)
    listing = client.get(reverse("cms:practice"))
    assert [r.title for r in listing.context["table"].page_records] == [
        "Moorside parade",
        "Quieter nights at the riverside",
    ]
    assert listing.text.count("Send to the library") == 2
    response = client.post(
        reverse("cms:publish_practice", args=["portfolio-case-study", case_study.pk]),
        {"next": reverse("cms:practice"), "next_unused": "x"},
        follow=True,
    )
    assert "is now a draft case study in the What Works library" in response.text
    rows = response.context["table"].page_records
    assert [(r.title, bool(r.page)) for r in rows] == [
        ("Quieter nights at the riverside", False),
        ("Moorside parade", True),
    ]
    assert "Review the draft" in response.text


def test_the_action_only_returns_to_this_site(login, finalist, editor):
    response = login(editor).post(
        reverse("cms:publish_practice", args=["award-entry", finalist.pk]),
        {"next": "https://elsewhere.example/"},
    )
    assert response["Location"] == reverse("cms:practice")


@pytest.mark.parametrize("rows", [1, 4])
def test_the_list_costs_the_same_for_few_and_many(
    login, site, force, editor, django_assert_num_queries, rows
):
    for n in range(rows):
        candidate = UserFactory(organisation=force)
        item = signed_off_case_study(candidate, title=f"Case study {n}")
        consent_to_case_study(evidence=item, by=candidate, consent=True)
    client = login(editor)
    client.get(reverse("cms:practice"))
    # session, user, the user's and their groups' permissions, finalists (none, so no
    # prefetches), case studies, versions, decisions, library sources, groups and reports
    # (navigation)
    with django_assert_num_queries(8):
        response = client.get(reverse("cms:practice"))
    assert len(response.context["table"].page_records) == rows
