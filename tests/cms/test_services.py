"""The CMS services: practice into draft case studies, awards results into winners pages."""

import dataclasses
import datetime

import pytest
from django.utils import timezone
from wagtail.models import Page, TaskState, Workflow, WorkflowPage

from cms import services
from cms.enums import EvaluationLevel, GuidelineArea, Placing, SourceKind
from cms.models import CaseStudyPage, CaseStudySource, GuidelineAreaTag, WinnersPage
from cms.services import CmsError, PracticeSource
from core.models import AuditEntry
from people.enums import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def entrant(db):
    return UserFactory(username="lead-entrant")


def practice(owner, *, consent_by=None, **changes) -> PracticeSource:
    consent_by = owner if consent_by is None else consent_by
    source = PracticeSource(
        kind=SourceKind.AWARD_ENTRY,
        reference="awards.entry:42",
        url="/awards/entries/42/",
        title="Quieter nights at the riverside",
        owner=owner,
        consent=services.Consent(
            given_by=consent_by,
            given_at=timezone.now(),
            statement="I agree to publication in the What Works library.",
        ),
        summary="Summer disorder by the river fell by two thirds.",
        organisation="Northshire Police",
        area="Wensley Bridge riverside",
        team="Wensley Bridge Central neighbourhood team",
        partners=["Northshire County Council", "Harrowgate Homes"],
        start_year=2024,
        end_year=2025,
        scanning="Calls about noise and fires came every weekend.\n\nFamilies stayed away.",
        analysis="Two hot spots, Fridays and Saturdays, 8pm to midnight.",
        response="The council lit the path & the landlord opened a room <on Fridays>.",
        assessment="Calls fell from 312 to 104.",
        figures=[services.Figure("Calls about the riverside", "312", "104", "June to September")],
        guideline_areas=[GuidelineArea.SOLVING_PROBLEMS, GuidelineArea.ENGAGING_COMMUNITIES],
    )
    return dataclasses.replace(source, **changes)


# --- drafting a case study from practice ------------------------------------------------------


def test_draft_maps_the_sara_sections_into_the_case_study(site, entrant, coordinator):
    page = services.draft_case_study_from(practice(entrant), user=coordinator)
    page = CaseStudyPage.objects.get(pk=page.pk)
    assert page.get_parent().specific == site.library
    assert page.title == "Quieter nights at the riverside"
    assert page.summary == "Summer disorder by the river fell by two thirds."
    assert page.what == "<p>Summer disorder by the river fell by two thirds.</p>"
    assert (
        page.why
        == "<p>Calls about noise and fires came every weekend.</p><p>Families stayed away.</p>"
    )
    assert page.how_setup == "<p>Two hot spots, Fridays and Saturdays, 8pm to midnight.</p>"
    assert page.how_delivery == (
        "<p>The council lit the path &amp; the landlord opened a room &lt;on Fridays&gt;.</p>"
    )
    assert page.evaluation == "<p>Calls fell from 312 to 104.</p>"
    assert page.evaluation_level == EvaluationLevel.LIGHT_TOUCH
    assert page.who == "Wensley Bridge Central neighbourhood team"
    assert (page.organisation, page.area, page.start_year, page.end_year) == (
        "Northshire Police",
        "Wensley Bridge riverside",
        2024,
        2025,
    )
    assert [p.name for p in page.partners.all()] == [
        "Northshire County Council",
        "Harrowgate Homes",
    ]
    assert [(f.measure, f.before, f.after, f.note) for f in page.figures.all()] == [
        ("Calls about the riverside", "312", "104", "June to September")
    ]
    assert set(page.guideline_areas.values_list("code", flat=True)) == {
        "solving-problems",
        "engaging-communities",
    }


def test_draft_records_the_source_the_consent_and_the_link_back(site, entrant, coordinator):
    page = services.draft_case_study_from(practice(entrant), user=coordinator)
    source = CaseStudySource.objects.get()
    assert CaseStudyPage.objects.get(pk=page.pk).source == source
    assert (source.kind, source.reference, source.url) == (
        SourceKind.AWARD_ENTRY,
        "awards.entry:42",
        "/awards/entries/42/",
    )
    assert source.owner == entrant
    assert source.consent_given_by == entrant
    assert source.consent_statement == "I agree to publication in the What Works library."
    assert source.requested_by == coordinator
    audit = AuditEntry.objects.get(action="cms.case_study_drafted")
    assert (audit.actor, audit.object_id) == (coordinator, str(page.pk))
    assert audit.data == {"source": "awards.entry:42", "consent_given_by": entrant.pk}


def test_draft_is_not_public_and_waits_for_an_editor(client, site, entrant, coordinator, editor):
    page = services.draft_case_study_from(practice(entrant), user=coordinator)
    assert not Page.objects.get(pk=page.pk).live
    assert client.get("/library/quieter-nights-at-the-riverside/").status_code == 404
    assert "Quieter nights" not in client.get("/library/").content.decode()
    assert client.get("/library/", {"q": "riverside"}).content.decode().count("Quieter") == 0
    waiting = TaskState.objects.reviewable_by(editor)
    assert [state.workflow_state.object_id for state in waiting] == [str(page.pk)]
    assert not TaskState.objects.reviewable_by(coordinator).exists()


def test_an_editor_approving_the_draft_publishes_it(client, site, entrant, coordinator, editor):
    page = services.draft_case_study_from(practice(entrant), user=coordinator)
    page = CaseStudyPage.objects.get(pk=page.pk)
    task_state = page.current_workflow_task_state
    task_state.task.specific.on_action(task_state, editor, "approve")
    page.refresh_from_db()
    assert page.live
    response = client.get("/library/quieter-nights-at-the-riverside/")
    assert response.status_code == 200
    assert "Harrowgate Homes" in response.content.decode()
    assert "published from a pop awards finalist entry" in response.content.decode()


@pytest.mark.parametrize("role", [Role.CMS_EDITOR, Role.AWARDS_COORDINATOR, Role.PROGRAMME_ADMIN])
def test_programme_staff_may_send_practice_to_the_library(site, entrant, role):
    services.draft_case_study_from(practice(entrant), user=UserFactory(roles=[role]))
    assert CaseStudyPage.objects.count() == 1


@pytest.mark.parametrize("role", [None, Role.ASSESSOR, Role.JUDGE, Role.TRAINER])
def test_others_may_not_send_practice_to_the_library(site, entrant, role):
    user = UserFactory(roles=[role] if role else [])
    with pytest.raises(CmsError) as refused:
        services.draft_case_study_from(practice(entrant), user=user)
    assert refused.value.code == "forbidden"
    assert CaseStudyPage.objects.count() == CaseStudySource.objects.count() == 0


def test_the_owner_alone_may_not_publish_their_own_work(site, entrant):
    with pytest.raises(CmsError, match="cannot send practice"):
        services.draft_case_study_from(practice(entrant), user=entrant)


def test_anonymous_users_are_refused(site, entrant):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(CmsError) as refused:
        services.draft_case_study_from(practice(entrant), user=AnonymousUser())
    assert refused.value.code == "forbidden"


def test_consent_is_required(site, entrant, coordinator):
    with pytest.raises(CmsError) as refused:
        services.draft_case_study_from(practice(entrant, consent=None), user=coordinator)
    assert refused.value.code == "no_consent"
    assert CaseStudyPage.objects.count() == CaseStudySource.objects.count() == 0


def test_consent_must_come_from_the_owner(site, entrant, coordinator):
    with pytest.raises(CmsError) as refused:
        services.draft_case_study_from(practice(entrant, consent_by=coordinator), user=coordinator)
    assert refused.value.code == "consent_not_owner"


def test_a_link_back_is_required(site, entrant, coordinator):
    with pytest.raises(CmsError) as refused:
        services.draft_case_study_from(practice(entrant, url=" "), user=coordinator)
    assert refused.value.code == "no_link_back"


def test_the_same_source_is_sent_once(site, entrant, coordinator):
    services.draft_case_study_from(practice(entrant), user=coordinator)
    with pytest.raises(CmsError) as refused:
        services.draft_case_study_from(practice(entrant), user=coordinator)
    assert refused.value.code == "already_sent"
    assert CaseStudyPage.objects.count() == 1
    other = practice(entrant, kind=SourceKind.PORTFOLIO_CASE_STUDY)
    services.draft_case_study_from(other, user=coordinator)
    assert [p.slug for p in CaseStudyPage.objects.order_by("pk")] == [
        "quieter-nights-at-the-riverside",
        "quieter-nights-at-the-riverside-2",
    ]


def test_a_source_missing_what_a_case_study_needs_is_refused_whole(site, entrant, coordinator):
    with pytest.raises(CmsError) as refused:
        services.draft_case_study_from(practice(entrant, response=""), user=coordinator)
    assert refused.value.code == "invalid"
    assert "how_delivery" in str(refused.value)
    assert CaseStudyPage.objects.count() == CaseStudySource.objects.count() == 0


def test_no_assessment_means_no_documented_evaluation(site, entrant, coordinator):
    page = services.draft_case_study_from(practice(entrant, assessment=""), user=coordinator)
    assert CaseStudyPage.objects.get(pk=page.pk).evaluation_level == EvaluationLevel.NONE


def test_without_a_library_there_is_nowhere_to_publish(db, entrant, coordinator):
    with pytest.raises(CmsError) as refused:
        services.draft_case_study_from(practice(entrant), user=coordinator)
    assert refused.value.code == "no_library"


# --- winners pages from results ------------------------------------------------------------


def results(**changes) -> services.CycleResults:
    base = services.CycleResults(
        reference="awards.cycle:7",
        name="POP Awards 2027",
        year=2027,
        ceremony_on=datetime.date(2027, 11, 18),
        intro="Six finalists presented.",
        results=[
            services.Result(Placing.FINALIST, "Safer Travel", "Night buses", "Kirkmoor team"),
            services.Result(
                Placing.GOLD,
                "Safer Travel",
                "Bus station after dark",
                "Harrowgate team",
                partners=["Northshire Transport Authority"],
                summary="A staffed help point and better lighting.",
            ),
        ],
    )
    return dataclasses.replace(base, **changes)


def test_winners_page_is_created_as_a_draft_for_review(client, site, coordinator, editor):
    page = services.create_winners_page(results(), user=coordinator)
    page = WinnersPage.objects.get(pk=page.pk)
    assert page.get_parent().pk == site.archive.pk
    assert not page.live
    assert (page.title, page.year, page.ceremony_on) == (
        "POP Awards 2027",
        2027,
        datetime.date(2027, 11, 18),
    )
    assert [(p.placing, p.entry_title, p.partners) for p in page.placings.all()] == [
        (Placing.FINALIST, "Night buses", ""),
        (Placing.GOLD, "Bus station after dark", "Northshire Transport Authority"),
    ]
    assert client.get("/pop-awards/past-winners/pop-awards-2027/").status_code == 404
    assert TaskState.objects.reviewable_by(editor).count() == 1
    assert AuditEntry.objects.filter(action="cms.winners_page_created").count() == 1


def test_winners_page_published_at_once_when_asked(client, site, coordinator):
    services.create_winners_page(results(), user=coordinator, publish=True)
    html = client.get("/pop-awards/past-winners/pop-awards-2027/").content.decode()
    assert html.index("Bus station after dark") < html.index("Night buses")


def test_winners_page_for_the_same_cycle_is_updated_not_duplicated(client, site, coordinator):
    first = services.create_winners_page(results(), user=coordinator, publish=True)
    corrected = results(
        results=[services.Result(Placing.GOLD, "Safer Travel", "Bus station", "Harrowgate")]
    )
    second = services.create_winners_page(corrected, user=coordinator, publish=True)
    assert first.pk == second.pk
    assert WinnersPage.objects.count() == 1
    html = client.get("/pop-awards/past-winners/pop-awards-2027/").content.decode()
    assert "Night buses" not in html


def test_winners_page_refuses_two_golds_in_a_category(site, coordinator):
    twice = results(
        results=[
            services.Result(Placing.GOLD, "Safer Travel", "A", "team A"),
            services.Result(Placing.GOLD, "Safer Travel", "B", "team B"),
        ]
    )
    with pytest.raises(CmsError) as refused:
        services.create_winners_page(twice, user=coordinator)
    assert refused.value.code == "duplicate_place"


def test_winners_page_needs_results(site, coordinator):
    with pytest.raises(CmsError) as refused:
        services.create_winners_page(results(results=[]), user=coordinator)
    assert refused.value.code == "no_results"


def test_winners_page_only_by_those_who_may_add_pages(site):
    with pytest.raises(CmsError) as refused:
        services.create_winners_page(results(), user=UserFactory(roles=[Role.JUDGE]))
    assert refused.value.code == "forbidden"
    assert WinnersPage.objects.count() == 0


# --- the taxonomy and the workflow ---------------------------------------------------------


def test_guideline_areas_are_the_fixed_seven_in_order(db):
    services.sync_guideline_areas()
    services.sync_guideline_areas()
    assert list(GuidelineAreaTag.objects.values_list("code", flat=True)) == [
        area.value for area in GuidelineArea
    ]


def test_review_workflow_is_made_once_for_the_editors(site):
    first = services.ensure_review_workflow()
    assert services.ensure_review_workflow() == first
    assert WorkflowPage.objects.get(workflow=first).page.pk == site.home.pk
    task = first.tasks.get().specific
    assert list(task.groups.values_list("name", flat=True)) == [Role.CMS_EDITOR.value]
    assert Workflow.objects.filter(name=services.REVIEW_WORKFLOW).count() == 1


def test_a_workflow_the_administrators_chose_is_kept(site):
    own = Workflow.objects.create(name="Legal review")
    WorkflowPage.objects.update_or_create(page=site.home, defaults={"workflow": own})
    assert services.ensure_review_workflow() == own
