"""The Wagtail admin as editors use it for the library."""

import pytest
from django.utils import timezone

from cms import services
from cms.enums import SourceKind
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(site, coordinator):
    owner = UserFactory(first_name="Leah", last_name="Dawson")
    return services.draft_case_study_from(
        services.PracticeSource(
            kind=SourceKind.AWARD_ENTRY,
            reference="awards.entry:9",
            url="/awards/entries/9/",
            title="Bus station after dark",
            owner=owner,
            consent=services.Consent(
                given_by=owner, given_at=timezone.now(), statement="Publish it, names removed."
            ),
            summary="Evening travellers feel safe again.",
            organisation="Northshire Police",
            area="Harrowgate",
            scanning="Assaults at night.",
            analysis="Dark corners.",
            response="Lighting and a help point.",
            assessment="Fewer incidents.",
        ),
        user=coordinator,
    )


def test_editor_reviews_the_draft_with_its_source_and_consent(login, draft, editor):
    response = login(editor).get(f"/admin/pages/{draft.pk}/edit/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Published from practice" in html
    assert 'href="/awards/entries/9/"' in html
    assert "Given by Leah Dawson" in html
    assert "Publish it, names removed." in html
    assert "Approve" in html


def test_case_studies_without_a_source_hide_the_source_panel(login, site, editor):
    from tests.factories import make_case_study

    page = make_case_study(site.library)
    html = login(editor).get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert "Published from practice" not in html


def test_editor_can_start_a_case_study_in_the_library_only(login, site, editor):
    client = login(editor)
    add = "/admin/pages/add/cms/casestudypage/{}/"
    assert client.get(add.format(site.library.pk)).status_code == 200
    refused = client.get(add.format(site.home.pk))
    assert (refused.status_code, refused.url) == (302, "/admin/")  # Wagtail refuses it there
