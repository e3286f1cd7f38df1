"""Factories that build real rows through the real models."""

import factory
from factory.django import DjangoModelFactory

from people.enums import Function, OrganisationType, Rank, Role
from people.models import District, Organisation, Team, User
from people.services import set_roles


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("name",)

    name = "Northshire Police"
    type = OrganisationType.FORCE


class PartnerFactory(OrganisationFactory):
    name = factory.Sequence(lambda n: f"Partner agency {n}")
    type = OrganisationType.LOCAL_AUTHORITY


class DistrictFactory(DjangoModelFactory):
    class Meta:
        model = District
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"District {n}")
    organisation = factory.SubFactory(OrganisationFactory)


class TeamFactory(DjangoModelFactory):
    class Meta:
        model = Team

    name = factory.Sequence(lambda n: f"Team {n}")
    district = factory.SubFactory(DistrictFactory)
    function = Function.NEIGHBOURHOODS


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"person{n}")
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.police.uk")
    rank = Rank.PC
    function = Function.NEIGHBOURHOODS
    organisation = factory.SubFactory(OrganisationFactory)
    team = factory.SubFactory(TeamFactory)
    district = factory.LazyAttribute(lambda u: u.team.district if u.team else None)
    password = factory.django.Password("pop-portal-demo")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create:
            set_roles(user=self, roles={Role.STAFF, *(extracted or ())})
