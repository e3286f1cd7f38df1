"""django-allauth's hooks for the portal: no self sign-up, generic messages, audit,
our mailer, and the force's identity provider linking only to people we already know."""

import time

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.authentication import get_authentication_records
from allauth.core import context
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.template.loader import render_to_string

from core.mail import send_templated_email
from people.models import User
from people.signin import audit, secrets
from people.signin.policy import needs_second_factor

THROTTLED = "Too many attempts to sign in. Wait 15 minutes, then try again."


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        # The same words whether the username exists or not, and whether the address
        # or the username hit the limit.
        "username_password_mismatch": "Enter a correct username and password.",
        "too_many_login_attempts": THROTTLED,
        "rate_limited": THROTTLED,
    }

    def is_open_for_signup(self, request) -> bool:
        """Accounts are made by the programme team, never by sign-up."""
        return False

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        """Setting up TOTP within minutes of signing in needs no second password.

        A person whose role needs two-step sign-in is sent to set it up straight after
        the password step; asking for the password again there helps nobody. Turning it
        off, or making new recovery codes, still asks.
        """
        request = context.request
        match = getattr(request, "resolver_match", None)
        if app == "allauth.mfa" and match is not None and match.url_name == "mfa_activate_totp":
            records = get_authentication_records(request, request.user)
            if (
                records
                and time.time() - records[-1]["at"] < account_settings.REAUTHENTICATION_TIMEOUT
            ):
                return False
        return super().is_reauthentication_required(app=app, **kwargs)

    def pre_authenticate(self, request, **credentials) -> None:
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError:
            audit.sign_in_throttled(request, username=credentials.get("username", ""))
            raise

    def authentication_failed(self, request, **credentials) -> None:
        audit.sign_in_failed(request, username=credentials.get("username", ""))

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """allauth's emails go through the portal's mailer (after commit, our layout)."""
        context = {"email": email, **context}
        subject = " ".join(render_to_string(f"{template_prefix}_subject.txt", context).split())
        send_templated_email(
            to=[email], subject=subject, template=f"{template_prefix}_message", context=context
        )


class MFAAdapter(DefaultMFAAdapter):
    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "incorrect_code": "The code is not right. Enter the current 6-digit code from your "
        "authenticator app, or one of your recovery codes.",
        "cannot_delete_authenticator": "Your role needs two-step sign-in, so it stays on.",
    }

    def get_totp_label(self, user) -> str:
        return user.get_username()

    def encrypt(self, text: str) -> str:
        """TOTP keys and recovery-code seeds are stored encrypted (``secrets.py``)."""
        return secrets.encrypt(text)

    def decrypt(self, encrypted_text: str) -> str:
        return secrets.decrypt(encrypted_text)

    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        """People whose role needs two-step sign-in cannot switch TOTP off."""
        if authenticator.type == Authenticator.Type.TOTP and needs_second_factor(
            authenticator.user
        ):
            return False
        return super().can_delete_authenticator(authenticator)


class ForceAccountAdapter(DefaultSocialAccountAdapter):
    """The force's identity provider signs in people the portal already has.

    The first sign-in links the identity to the one active person whose email matches
    an address the provider says is verified (or, with ``trust_email`` set for a tenant
    that owns its domain, any address it sends). Anyone else is refused with a page
    saying what to do; no account is ever created here.
    """

    def is_open_for_signup(self, request, sociallogin) -> bool:
        return False

    def pre_social_login(self, request, sociallogin) -> None:
        if sociallogin.is_existing:
            return
        trust = bool(sociallogin.account.get_provider().app.settings.get("trust_email"))
        emails = [
            address.email.strip()
            for address in sociallogin.email_addresses
            if address.email and (address.verified or trust)
        ]
        if not emails:
            self._refuse(request, sociallogin, reason="unverified")
        people = list(User.objects.filter(email__iexact=emails[0], is_active=True)[:2])
        if len(people) != 1:
            self._refuse(request, sociallogin, reason="unknown" if not people else "ambiguous")
        sociallogin.connect(request, people[0])
        audit.force_identity_linked(request, user=people[0], sociallogin=sociallogin)

    def _refuse(self, request, sociallogin, *, reason: str) -> None:
        email = next((a.email for a in sociallogin.email_addresses if a.email), "")
        audit.force_sign_in_refused(request, email=email, reason=reason)
        response = render(
            request,
            "socialaccount/refused.html",
            {"reason": reason, "email": email, "provider": sociallogin.provider.name},
            status=403,
        )
        raise ImmediateHttpResponse(response)

    def on_authentication_error(
        self, request, provider, error=None, exception=None, extra_context=None
    ) -> None:
        audit.force_sign_in_error(request, provider=provider.id, error=str(error or ""))
        super().on_authentication_error(
            request, provider, error=error, exception=exception, extra_context=extra_context
        )
