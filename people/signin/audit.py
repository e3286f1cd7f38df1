"""Sign-in events in the audit trail (``core.audit``): who, what, when, from where, outcome.

Actions: ``signin.succeeded``, ``signin.failed`` (wrong username or password),
``signin.throttled`` (refused by the rate limit: a lockout), ``signin.code_failed``
(wrong TOTP or recovery code), ``signin.second_factor_added``,
``signin.force_linked`` / ``signin.force_refused`` / ``signin.force_error`` (the force's
identity provider). Failed attempts record the username typed, never the password.
"""

from allauth.account.authentication import get_authentication_records
from allauth.core.internal.httpkit import get_client_ip

from core.audit import record
from core.models import AuditOutcome
from people.models import User


def _address(request) -> str | None:
    try:
        return get_client_ip(request) or None
    except Exception:  # a misconfigured proxy count must not hide the event
        return request.META.get("REMOTE_ADDR") or None


def _known(username: str) -> User | None:
    if not username:
        return None
    return User.objects.filter(username=username).first()


def _event(request, event: str, *, actor, obj, summary: str, outcome: str, **data) -> None:
    """One sign-in event: ``signin.<event>``, with the address it came from."""
    record(
        actor=actor,
        action=f"signin.{event}",
        obj=obj,
        summary=summary,
        outcome=outcome,
        ip=_address(request),
        **data,
    )


def sign_in_succeeded(request, *, user, sociallogin=None) -> None:
    methods = [r.get("method") for r in get_authentication_records(request, user)]
    mfa = [
        r.get("type") for r in get_authentication_records(request, user) if r.get("method") == "mfa"
    ]
    _event(
        request,
        "succeeded",
        actor=user,
        obj=user,
        summary=f"{user.get_username()} signed in",
        outcome=AuditOutcome.SUCCESS,
        methods=methods,
        second_factor=mfa[-1] if mfa else "",
        provider=sociallogin.account.provider if sociallogin is not None else "",
    )


def sign_in_failed(request, *, username: str) -> None:
    user = _known(username)
    _event(
        request,
        "failed",
        actor=None,
        obj=user,
        summary=f"Failed sign-in as {username[:150]!r}",
        outcome=AuditOutcome.FAILED,
        username=username[:150],
    )


def sign_in_throttled(request, *, username: str) -> None:
    user = _known(username)
    _event(
        request,
        "throttled",
        actor=None,
        obj=user,
        summary=f"Sign-in as {username[:150]!r} refused: too many attempts",
        outcome=AuditOutcome.DENIED,
        username=username[:150],
    )


def code_failed(request, *, user, reauthentication: bool) -> None:
    _event(
        request,
        "code_failed",
        actor=None,
        obj=user,
        summary=f"Wrong two-step code for {user.get_username()}",
        outcome=AuditOutcome.FAILED,
        reauthentication=reauthentication,
    )


def second_factor_added(request, *, user, kind: str) -> None:
    _event(
        request,
        "second_factor_added",
        actor=user,
        obj=user,
        summary=f"{user.get_username()} set up {kind}",
        outcome=AuditOutcome.SUCCESS,
        kind=kind,
    )


def force_identity_linked(request, *, user, sociallogin) -> None:
    _event(
        request,
        "force_linked",
        actor=user,
        obj=user,
        summary=f"Force account linked to {user.get_username()}",
        outcome=AuditOutcome.SUCCESS,
        provider=sociallogin.account.provider,
        uid=sociallogin.account.uid,
    )


def force_sign_in_refused(request, *, email: str, reason: str) -> None:
    _event(
        request,
        "force_refused",
        actor=None,
        obj=None,
        summary=f"Force sign-in refused ({reason}) for {email[:150]!r}",
        outcome=AuditOutcome.FAILED,
        email=email[:254],
        reason=reason,
    )


def force_sign_in_error(request, *, provider: str, error: str) -> None:
    _event(
        request,
        "force_error",
        actor=None,
        obj=None,
        summary=f"Force sign-in failed at the identity provider ({error[:100]})",
        outcome=AuditOutcome.FAILED,
        provider=provider,
        error=error[:200],
    )


# --- signal receivers (connected in PeopleConfig.ready) ------------------------------


def on_user_logged_in(sender, request, user, sociallogin=None, **kwargs) -> None:
    sign_in_succeeded(request, user=user, sociallogin=sociallogin)


def on_mfa_failed(sender, request, user, authenticator=None, reauthentication=False, **kwargs):
    code_failed(request, user=user, reauthentication=bool(reauthentication))
