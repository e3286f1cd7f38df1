from django.contrib.auth.models import Group
from django.db.models import CharField, OuterRef, Q, QuerySet, StringAgg, Subquery, Value

from core.page_cache import kept
from people.enums import Rank, Role
from people.models import District, User


def outranks(senior: User, junior: User) -> bool:
    """True when ``senior`` holds a warranted rank higher than ``junior``'s."""
    return senior.rank >= Rank.PCSO and senior.rank > junior.rank


_ROLE_SEPARATOR = "\n"  # never in a role's name (people.enums.Role)


def with_role_names(users: QuerySet[User]) -> QuerySet[User]:
    """Annotate ``role_names``: the user's groups' names in one string (``remember_roles``
    reads it), so loading a person and their roles is one query."""
    names = (
        Group.objects.filter(user=OuterRef("pk"))
        .order_by()
        .values("user")
        .annotate(names=StringAgg("name", Value(_ROLE_SEPARATOR)))
        .values("names")
    )
    return users.annotate(role_names=Subquery(names, output_field=CharField()))


def remember_roles(user: User, role_names: str | None) -> None:
    """Keep the roles read with ``user`` (``with_role_names``) on it for this request."""
    user._pop_roles = _roles(set((role_names or "").split(_ROLE_SEPARATOR)))


def _roles(names: set[str]) -> set[Role]:
    return {role for role in Role if role.value in names}


def roles_of(user: User) -> set[Role]:
    """The roles a user holds (cached on the instance for the request; read with the
    signed-in person by ``people.backends``)."""
    if not user.is_authenticated:
        return set()
    cached = getattr(user, "_pop_roles", None)
    if cached is None:
        # Kept between requests until any data changes (core.page_cache.kept).
        names = kept(
            f"people:roles:{user.pk}", lambda: set(user.groups.values_list("name", flat=True))
        )
        cached = user._pop_roles = _roles(names)
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
