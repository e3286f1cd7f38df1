"""Who must sign in with a second factor, and whether this session has."""

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator

from people.enums import Role
from people.selectors import roles_of

# Accounts that decide on others' work or run the service: administrators, coordinators,
# assessors, IQAs, judges, and CMS editors (they reach the Wagtail admin and publish to
# the public site). Superusers always.
SECOND_FACTOR_ROLES = frozenset(
    {
        Role.PROGRAMME_ADMIN,
        Role.AWARDS_COORDINATOR,
        Role.ASSESSOR,
        Role.IQA,
        Role.JUDGE,
        Role.CMS_EDITOR,
    }
)


def needs_second_factor(user) -> bool:
    """True when the person's roles require TOTP (no query beyond ``roles_of``)."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or bool(roles_of(user) & SECOND_FACTOR_ROLES)


def session_passed_second_factor(request) -> bool:
    """True when this session's sign-in included a TOTP or recovery code (or set one up)."""
    records = get_authentication_records(request, request.user)
    return any(record.get("method") == "mfa" for record in records)


def has_totp(user) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
