"""Privileged roles pass a second factor before any page loads, the Wagtail admin included."""

from django.http import HttpResponseRedirect
from django.urls import Resolver404, resolve, reverse
from django.utils.http import urlencode

from people.signin.policy import has_totp, needs_second_factor, session_passed_second_factor

# What a person part-way through may still reach: setting TOTP up or giving a code
# (and the password step allauth puts before setting up, when the sign-in is stale),
# their recovery codes, and signing out.
ALLOWED_URL_NAMES = frozenset(
    {
        "mfa_activate_totp",
        "mfa_reauthenticate",
        "mfa_authenticate",
        "mfa_view_recovery_codes",
        "mfa_download_recovery_codes",
        "account_reauthenticate",
        "account_logout",
        "logout",
        "healthz",
    }
)


class RequireSecondFactorMiddleware:
    """For administrators, coordinators, assessors, IQAs, judges and editors:

    - no TOTP authenticator yet: every page sends them to set one up;
    - TOTP set up but this session's sign-in did not pass it (signed in before the role
      was given, or before TOTP existed): every page sends them to the code step.

    A session that passed the second factor costs no query here; for anyone else the
    roles are read once (the navigation reads them anyway, from the same cache).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not session_passed_second_factor(request)
            and needs_second_factor(user)
            and not self._allowed(request)
        ):
            return self._redirect(request, user)
        return self.get_response(request)

    @staticmethod
    def _allowed(request) -> bool:
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return False
        return match.url_name in ALLOWED_URL_NAMES

    @staticmethod
    def _redirect(request, user) -> HttpResponseRedirect:
        url = reverse("mfa_reauthenticate" if has_totp(user) else "mfa_activate_totp")
        if request.method == "GET":
            url = f"{url}?{urlencode({'next': request.get_full_path()})}"
        return HttpResponseRedirect(url)
