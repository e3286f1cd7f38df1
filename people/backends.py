"""Sign-in backend: allauth's, with a person's roles read with them, and their model
permissions kept between requests.

Every signed-in request loads the person (``get_user``), and nearly every one asks their
roles (the second-factor check, the navigation, the rules): the role names come in the
same query, so ``people.selectors.roles_of`` has them without another query or a trip to
the cache.

Django works out a person's permissions (their own and their groups', two queries) once a
request. They change only when data does (a role given or taken away, a permission
granted), so they are kept under the data generation (``core.page_cache.kept``), which
any such write moves on at once: the next request asks the database again.
"""

from functools import cache

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend

from core.page_cache import kept
from people.models import User
from people.selectors import remember_roles, with_role_names


@cache
def _people_with_roles():
    # Built once per process: building the role names' subquery cost as much as the
    # query's own compiling, on every signed-in request. ``get`` works on a copy.
    return with_role_names(User._default_manager.all())


class AuthenticationBackend(AllauthBackend):
    def get_user(self, user_id):
        try:
            user = _people_with_roles().get(pk=user_id)
        except User.DoesNotExist:
            return None
        if not self.user_can_authenticate(user):
            return None
        remember_roles(user, user.role_names)
        return user

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            user_obj._perm_cache = kept(
                f"people:permissions:{user_obj.pk}",
                lambda: super(AuthenticationBackend, self).get_all_permissions(user_obj),
            )
        return user_obj._perm_cache
