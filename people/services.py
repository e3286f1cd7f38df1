"""Writes for people, organisations and roles. Every door calls these."""

import datetime

from django.contrib.auth.models import Group
from django.db import transaction

from people.enums import Function, OrganisationType, Rank, Role
from people.models import District, Organisation, Team, User


class PeopleError(Exception):
    """A rule about people was broken; the message is fit to show the user."""


def ensure_organisation(*, name: str, type: OrganisationType, short_name: str = "") -> Organisation:
    org, created = Organisation.objects.get_or_create(
        name=name, defaults={"type": type, "short_name": short_name}
    )
    if not created and (org.type != type or org.short_name != short_name):
        org.type, org.short_name = type, short_name
        org.full_clean()
        org.save(update_fields=["type", "short_name"])
    return org


def ensure_district(*, name: str, organisation: Organisation) -> District:
    district, _ = District.objects.get_or_create(name=name, defaults={"organisation": organisation})
    return district


def ensure_team(*, name: str, district: District, function: Function) -> Team:
    team, _ = Team.objects.get_or_create(
        name=name, district=district, defaults={"function": function}
    )
    return team


@transaction.atomic
def upsert_person(
    *,
    username: str,
    first_name: str,
    last_name: str,
    email: str,
    rank: Rank,
    organisation: Organisation,
    function: Function | str = "",
    job_title: str = "",
    district: District | None = None,
    team: Team | None = None,
    line_manager: User | None = None,
    role_started_on: datetime.date | None = None,
    competent_to_assess: bool = False,
    roles: set[Role] | None = None,
    password: str | None = None,
    is_superuser: bool = False,
) -> User:
    """Create or update a person by username; sets their roles when given.

    Idempotent: calling it again with the same values changes nothing.
    """
    if line_manager is not None and line_manager.username == username:
        raise PeopleError("A person cannot be their own line manager.")
    if team is not None and district is not None and team.district_id != district.pk:
        raise PeopleError(f"{team.name} is not in {district.name}.")
    user = User.objects.filter(username=username).first() or User(username=username)
    user.first_name, user.last_name, user.email = first_name, last_name, email
    user.rank, user.organisation, user.function = rank, organisation, function
    user.job_title, user.district, user.team = job_title, district, team
    user.line_manager, user.role_started_on = line_manager, role_started_on
    user.competent_to_assess = competent_to_assess
    user.is_superuser = is_superuser
    user.is_staff = is_superuser
    if password is not None and (user.pk is None or not user.check_password(password)):
        user.set_password(password)
    elif user.pk is None:
        user.set_unusable_password()
    user.full_clean()
    user.save()
    if roles is not None:
        set_roles(user=user, roles=roles)
    return user


def set_roles(*, user: User, roles: set[Role]) -> None:
    """Give the user exactly these roles (groups)."""
    groups = [Group.objects.get_or_create(name=role.value)[0] for role in roles]
    user.groups.set(groups)
    if hasattr(user, "_pop_roles"):
        del user._pop_roles
