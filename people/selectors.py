from django.db.models import Q, QuerySet

from core.page_cache import kept
from people.enums import Rank, Role
from people.models import District, User


def outranks(senior: User, junior: User) -> bool:
    """True when ``senior`` holds a warranted rank higher than ``junior``'s."""
    return senior.rank >= Rank.PCSO and senior.rank > junior.rank


def roles_of(user: User) -> set[Role]:
    """The roles a user holds (cached on the instance for the request)."""
    if not user.is_authenticated:
        return set()
    cached = getattr(user, "_pop_roles", None)
    if cached is None:
        # Kept between requests until any data changes (core.page_cache.kept).
        names = kept(
            f"people:roles:{user.pk}", lambda: set(user.groups.values_list("name", flat=True))
        )
        cached = {role for role in Role if role.value in names}
        user._pop_roles = cached
    return cached


def people_with_role(role: Role) -> QuerySet[User]:
    return User.objects.filter(groups__name=role.value, is_active=True).select_related(
        "organisation", "district", "team"
    )


# --- a person's district: their team's, or (with no team) their own ------------------


def district_of(person: User) -> District | None:
    """The district a person works in: their team's; with no team, the one on their profile.

    Needs ``team__district`` and ``district`` fetched to cost no query.
    """
    return person.team.district if person.team_id else person.district


def district_id_of(person: User) -> int | None:
    return person.team.district_id if person.team_id else person.district_id


def in_district(district: District, *, prefix: str = "") -> Q:
    """The same rule as ``district_of`` as a filter (``prefix``: the path to the person)."""
    return Q(**{f"{prefix}team__district": district}) | Q(
        **{f"{prefix}team__isnull": True, f"{prefix}district": district}
    )
