"""The one allauth view the portal extends."""

from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.views import ActivateTOTPView

from people.signin import audit


class ActivateTOTP(ActivateTOTPView):
    """Setting TOTP up proves the person holds the device: the session counts as having
    passed two-step sign-in (and as freshly confirmed, so the recovery codes show at once)."""

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        secret = context["form"].secret
        # In groups of four, as authenticator apps show it, so it wraps on a phone.
        context["secret_groups"] = " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
        return context

    def form_valid(self, form):
        response = super().form_valid(form)
        user = self.request.user
        totp = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
        record_authentication(
            self.request, user, "mfa", id=totp.pk, type="totp", setup=True, reauthenticated=True
        )
        audit.second_factor_added(self.request, user=user, kind="totp")
        return response


activate_totp = ActivateTOTP.as_view()
