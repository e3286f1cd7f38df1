"""The CMS demo content: the whole site, the 13 case studies and real work for the editor."""

import pytest
from django.apps import apps
from django.db import transaction
from wagtail.models import Page, TaskState

from cms.demo.case_studies import CASE_STUDIES
from cms.enums import EvaluationLevel
from cms.models import CaseStudyPage, CaseStudySource, WinnersPage
from people.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def _seeded_once(django_db_setup, django_db_blocker):
    """People and pages seeded once for the module; each test runs in its own savepoint."""
    from cms.demo import seed_library, seed_pages
    from people.demo import seed_demo_people

    with django_db_blocker.unblock(), transaction.atomic():
        seed_demo_people()
        seed_pages()
        seed_library()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def seeded(_seeded_once, db):
    return None


def _counts() -> dict[str, int]:
    labels = {"cms", "wagtailcore", "auth", "core"}
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label in labels
    }


def test_seeding_again_changes_no_row_counts(seeded):
    from cms.demo import seed_library, seed_pages

    before = _counts()
    seed_pages()
    seed_library()
    assert _counts() == before


def test_the_library_holds_the_thirteen_case_studies(client, seeded):
    live = CaseStudyPage.objects.live()
    assert live.count() == len(CASE_STUDIES) == 13
    assert set(live.values_list("organisation", flat=True)) >= {
        "Essex Police",
        "Metropolitan Police Service",
        "North Yorkshire Police",
        "West Yorkshire Police",
    }
    assert "<strong>13 case studies</strong>" in client.get("/library/").content.decode()


def test_every_case_study_has_its_structure_and_a_guideline_area(seeded):
    for page in CaseStudyPage.objects.live():
        for section in ("what", "why", "how_setup", "how_delivery"):
            assert getattr(page, section), (page.title, section)
        assert page.evaluation, page.title
        assert page.guideline_areas.exists(), page.title


def test_durham_peer_mentors_carry_their_figures(client, seeded):
    page = CaseStudyPage.objects.get(slug="durham-community-peer-mentor-programme")
    assert page.evaluation_level == EvaluationLevel.LIGHT_TOUCH
    assert [(f.before, f.after) for f in page.figures.all()] == [
        ("1,238", "234"),
        ("20,253", "18,638"),
    ]
    html = client.get(page.url).content.decode()
    for figure in ("£35,000", "£130,000", "£466,000", "71 per cent"):
        assert figure in html


def test_the_site_has_its_programme_and_awards_pages(client, seeded):
    for path in (
        "/",
        "/programme/",
        "/programme/masterclasses/",
        "/programme/qualifications/",
        "/pop-awards/",
        "/pop-awards/past-winners/",
        "/pop-awards/past-winners/pop-awards-2025/",
        "/about-problem-solving/",
    ):
        assert client.get(path).status_code == 200, path
    assert WinnersPage.objects.live().count() == 1


def test_the_editor_has_a_winners_case_study_waiting_for_review(seeded):
    editor = User.objects.get(username="editor")
    waiting = list(TaskState.objects.reviewable_by(editor))
    assert len(waiting) == 1
    draft = CaseStudyPage.objects.get(pk=waiting[0].workflow_state.object_id)
    assert not draft.live
    source = CaseStudySource.objects.get()
    assert draft.source_id == source.pk
    assert source.owner.username == source.consent_given_by.username == "entrant"
    assert source.url == "/pop-awards/past-winners/pop-awards-2025/"


def test_an_earlier_demo_s_standard_pages_give_way_to_the_new_ones(db):
    from cms.demo import seed_pages
    from cms.models import AwardsPage, HomePage, StandardPage

    seed_pages()
    home = HomePage.objects.get()
    AwardsPage.objects.get().delete()
    old = StandardPage(title="The POP awards", slug="pop-awards")
    home.add_child(instance=old)
    seed_pages()
    assert Page.objects.get(url_path="/home/pop-awards/").specific_class is AwardsPage


def test_pages_are_base_data_and_the_library_follows_people():
    from core import registry

    loaders = {loader.key: loader for loader in registry.demo_loaders()}
    assert loaders["pages"].base
    assert not loaders["library"].base
    assert loaders["people"].order < loaders["pages"].order < loaders["library"].order
