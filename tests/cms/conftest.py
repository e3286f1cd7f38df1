from types import SimpleNamespace

import pytest

from people.enums import Role
from tests.factories import UserFactory


@pytest.fixture
def site(db):
    """The site's page structure as the demo builds it (home, programme, awards, library)."""
    from cms.demo import seed_pages
    from cms.models import (
        AwardsPage,
        CaseStudyIndexPage,
        HomePage,
        ProgrammeIndexPage,
        ProgrammePage,
        WinnersArchivePage,
    )

    seed_pages()
    return SimpleNamespace(
        home=HomePage.objects.get(),
        programme=ProgrammeIndexPage.objects.get(),
        masterclasses=ProgrammePage.objects.get(slug="masterclasses"),
        qualifications=ProgrammePage.objects.get(slug="qualifications"),
        awards=AwardsPage.objects.get(),
        archive=WinnersArchivePage.objects.get(),
        library=CaseStudyIndexPage.objects.get(),
    )


@pytest.fixture
def editor(db):
    return UserFactory(username="editor-in-test", roles=[Role.CMS_EDITOR])


@pytest.fixture
def coordinator(db):
    return UserFactory(username="coordinator-in-test", roles=[Role.AWARDS_COORDINATOR])
