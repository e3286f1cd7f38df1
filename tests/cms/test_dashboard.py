"""The editors' section of My portal: drafts waiting for their review, and the nav link."""

import pytest
from django.utils import timezone

from cms import services
from cms.enums import SourceKind
from people.enums import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _draft(coordinator):
    owner = UserFactory()
    return services.draft_case_study_from(
        services.PracticeSource(
            kind=SourceKind.PORTFOLIO_CASE_STUDY,
            reference="portfolios.casestudy:3",
            url="/portfolios/case-studies/3/",
            title="Garage block clean-up",
            owner=owner,
            consent=services.Consent(given_by=owner, given_at=timezone.now(), statement="Yes."),
            summary="Fly-tipping at a garage block stopped.",
            organisation="Northshire Police",
            area="Calder Vale",
            scanning="Fires and dumping.",
            analysis="One landlord, no lighting.",
            response="Cleared, lit and reused.",
            assessment="",
        ),
        user=coordinator,
    )


def test_editor_sees_drafts_waiting_for_review_with_a_link_to_the_editor(
    login, site, editor, coordinator
):
    page = _draft(coordinator)
    html = login(editor).get("/portal/").content.decode()
    section = html[html.index('data-section="content"') :]
    assert "Waiting for your review (1)" in section
    assert f'href="/admin/pages/{page.pk}/edit/"' in section
    assert "Garage block clean-up" in section


def test_editor_with_nothing_to_review_is_told_so(login, site, editor):
    html = login(editor).get("/portal/").content.decode()
    assert "No pages are waiting for your review." in html


def test_staff_do_not_see_the_editors_section_but_can_find_the_library(login, site):
    html = login(UserFactory(roles=[Role.STAFF])).get("/portal/").content.decode()
    assert 'data-section="content"' not in html
    assert 'href="/library/"' in html
