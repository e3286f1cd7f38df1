"""The demo accounts whose roles need two-step sign-in get a TOTP authenticator with one
published secret (README, ``manage.py demo_accounts``), so anyone trying the demo can add
it to an authenticator app; and a set of recovery codes."""

from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.db import transaction

from people.signin.policy import needs_second_factor

DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


@transaction.atomic
def ensure_demo_authenticators(users) -> int:
    """Give each of ``users`` who needs it the demo TOTP and recovery codes; idempotent.

    Returns how many TOTP authenticators were added.
    """
    added = 0
    for user in users:
        if not needs_second_factor(user):
            continue
        kinds = set(Authenticator.objects.filter(user=user).values_list("type", flat=True))
        if Authenticator.Type.TOTP not in kinds:
            TOTP.activate(user, DEMO_TOTP_SECRET)
            added += 1
        if Authenticator.Type.RECOVERY_CODES not in kinds:
            RecoveryCodes.activate(user)
    return added
