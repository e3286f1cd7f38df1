from django.db.models import QuerySet

from people.enums import Rank, Role
from people.models import Organisation, Team, User


def outranks(senior: User, junior: User) -> bool:
    """True when ``senior`` holds a warranted rank higher than ``junior``'s."""
    return senior.rank >= Rank.PCSO and senior.rank > junior.rank


def roles_of(user: User) -> set[Role]:
    """The roles a user holds (cached on the instance for the request)."""
    if not user.is_authenticated:
        return set()
    cached = getattr(user, "_pop_roles", None)
    if cached is None:
        names = set(user.groups.values_list("name", flat=True))
        cached = {role for role in Role if role.value in names}
        user._pop_roles = cached
    return cached


def people_with_role(role: Role) -> QuerySet[User]:
    return User.objects.filter(groups__name=role.value, is_active=True).select_related(
        "organisation", "district", "team"
    )


def force() -> Organisation | None:
    from people.enums import OrganisationType

    return Organisation.objects.filter(type=OrganisationType.FORCE).order_by("pk").first()


def teams_with_district() -> QuerySet[Team]:
    return Team.objects.select_related("district")
