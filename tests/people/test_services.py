import pytest

from people.enums import Rank, Role
from people.services import PeopleError, upsert_person
from tests.factories import OrganisationFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_upsert_person_creates_then_updates_by_username():
    force = OrganisationFactory()
    person = upsert_person(
        username="amy",
        first_name="Amy",
        last_name="Khan",
        email="amy@example.police.uk",
        rank=Rank.PC,
        organisation=force,
        roles={Role.STAFF},
        password="pop-portal-demo",
    )
    again = upsert_person(
        username="amy",
        first_name="Amy",
        last_name="Khan",
        email="amy@example.police.uk",
        rank=Rank.SERGEANT,
        organisation=force,
    )
    assert again.pk == person.pk
    assert again.rank == Rank.SERGEANT
    assert again.check_password("pop-portal-demo") is True
    assert list(again.groups.values_list("name", flat=True)) == [Role.STAFF.value]


def test_upsert_person_refuses_team_outside_district():
    team = TeamFactory()
    other = TeamFactory()
    with pytest.raises(PeopleError, match="is not in"):
        upsert_person(
            username="x",
            first_name="X",
            last_name="Y",
            email="x@example.police.uk",
            rank=Rank.PC,
            organisation=OrganisationFactory(),
            team=team,
            district=other.district,
        )


def test_display_name_includes_rank_for_officers_only():
    assert (
        UserFactory(first_name="Amy", last_name="Khan", rank=Rank.PC).display_name == "PC Amy Khan"
    )
    assert (
        UserFactory(first_name="Nadia", last_name="Elliott", rank=Rank.PARTNER_STAFF).display_name
        == "Nadia Elliott"
    )
