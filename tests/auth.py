"""How tests sign in. Use the ``login`` fixture (tests/conftest.py) in client tests and
``sign_in`` (tests/e2e/conftest.py) in browser tests, so a change to signing in happens here.

``sign_in_as`` (behind ``login``) is the fast way for the ~1,600 client tests: Django's
``force_login``, then, for a person whose role needs two-step sign-in, a TOTP
authenticator with the demo secret and the session marked exactly as allauth's MFA stage
marks it after a right code (an ``"mfa"`` entry in ``account_authentication_methods``).
So privileged users arrive fully signed in, and the second-factor middleware lets them
through for the same reason it lets a real user through.

``sign_in_through_the_form`` is the real thing, request by request (password, then the
code step when there is one); the sign-in tests (tests/people/test_signin.py) use it and
check that it leaves the session as ``sign_in_as`` does.
"""

import time

from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.urls import reverse

from people.signin.demo import DEMO_TOTP_SECRET, ensure_demo_authenticators
from people.signin.policy import needs_second_factor

DEMO_PASSWORD = "pop-portal-demo"
PERIOD = 30
# The user-id key allauth keeps beside the records (allauth.account.internal.flows.login).
AUTHENTICATION_USER_SESSION_KEY = "account_authentication_methods_user"


def totp_code(secret: str = DEMO_TOTP_SECRET, *, offset: int = 0, at: float | None = None) -> str:
    """The code an authenticator app shows (``offset`` windows of 30 s from now)."""
    counter = int(at if at is not None else time.time()) // PERIOD + offset
    return format_hotp_value(hotp_value(secret, counter))


def sign_in_as(client, user):
    """Sign ``user`` in to the test client as if they had passed every step; returns it."""
    client.force_login(user)
    if needs_second_factor(user):
        ensure_demo_authenticators([user])
        totp = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
        now = time.time()
        session = client.session
        session[AUTHENTICATION_METHODS_SESSION_KEY] = [
            {"method": "password", "at": now, "username": user.get_username()},
            {"method": "mfa", "at": now, "id": totp.pk, "type": "totp"},
        ]
        session[AUTHENTICATION_USER_SESSION_KEY] = str(user.pk)
        session.save()
    return client


def sign_in_through_the_form(
    client, username: str, password: str = DEMO_PASSWORD, *, code: str | None = None, next=None
):
    """Post the sign-in form, then the code step if allauth asks for one; returns the
    last response. ``code`` defaults to the demo authenticator's current code."""
    url = reverse("account_login") + (f"?next={next}" if next else "")
    response = client.post(url, {"login": username, "password": password})
    if response.status_code == 302 and response["Location"] == reverse("mfa_authenticate"):
        response = client.post(
            reverse("mfa_authenticate"), {"code": code if code is not None else totp_code()}
        )
    return response
