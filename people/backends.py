"""Sign-in backend: allauth's, with a person's model permissions kept between requests.

Django works out a person's permissions (their own and their groups', two queries) once a
request. They change only when data does (a role given or taken away, a permission
granted), so they are kept under the data generation (``core.page_cache.kept``), which
any such write moves on at once: the next request asks the database again.
"""

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend

from core.page_cache import kept


class AuthenticationBackend(AllauthBackend):
    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            user_obj._perm_cache = kept(
                f"people:permissions:{user_obj.pk}",
                lambda: super(AuthenticationBackend, self).get_all_permissions(user_obj),
            )
        return user_obj._perm_cache
