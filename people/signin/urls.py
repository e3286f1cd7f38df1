"""The sign-in pages: the parts of django-allauth the portal uses, under /accounts/.

Chosen one by one rather than ``include("allauth.urls")``: no sign-up, no email
management (addresses are kept by the programme team), no passkeys yet. The old
names ``login``/``logout`` and the old password-reset address still work.
"""

from allauth.account import views as account
from allauth.mfa.base import views as mfa
from allauth.mfa.recovery_codes import views as recovery_codes
from allauth.mfa.totp import views as totp
from allauth.socialaccount import views as socialaccount
from allauth.socialaccount.providers.openid_connect import views as oidc
from django.urls import path, re_path
from django.views.generic import RedirectView

from people.signin import views as signin_views

urlpatterns = [
    path("login/", account.login, name="account_login"),
    path("login/", account.login, name="login"),
    path("logout/", account.logout, name="account_logout"),
    path("logout/", account.logout, name="logout"),
    path("inactive/", account.account_inactive, name="account_inactive"),
    path("signup/", account.signup, name="account_signup"),  # says sign-up is closed
    path("reauthenticate/", account.reauthenticate, name="account_reauthenticate"),
    path("password/change/", account.password_change, name="account_change_password"),
    path("password/set/", account.password_set, name="account_set_password"),
    path("password/reset/", account.password_reset, name="account_reset_password"),
    path("password/reset/done/", account.password_reset_done, name="account_reset_password_done"),
    re_path(
        r"^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$",
        account.password_reset_from_key,
        name="account_reset_password_from_key",
    ),
    path(
        "password/reset/key/done/",
        account.password_reset_from_key_done,
        name="account_reset_password_from_key_done",
    ),
    # Addresses used before allauth.
    path(
        "password_reset/",
        RedirectView.as_view(pattern_name="account_reset_password"),
        name="password_reset",
    ),
    path(
        "password_change/",
        RedirectView.as_view(pattern_name="account_change_password"),
        name="password_change",
    ),
    # Two-step sign-in.
    path("2fa/", mfa.index, name="mfa_index"),
    path("2fa/authenticate/", mfa.authenticate, name="mfa_authenticate"),
    path("2fa/reauthenticate/", mfa.reauthenticate, name="mfa_reauthenticate"),
    path("2fa/totp/activate/", signin_views.activate_totp, name="mfa_activate_totp"),
    path("2fa/totp/deactivate/", totp.deactivate_totp, name="mfa_deactivate_totp"),
    path(
        "2fa/recovery-codes/",
        recovery_codes.view_recovery_codes,
        name="mfa_view_recovery_codes",
    ),
    path(
        "2fa/recovery-codes/generate/",
        recovery_codes.generate_recovery_codes,
        name="mfa_generate_recovery_codes",
    ),
    path(
        "2fa/recovery-codes/download/",
        recovery_codes.download_recovery_codes,
        name="mfa_download_recovery_codes",
    ),
    # The force's identity provider (OpenID Connect); 404 unless configured.
    path("oidc/<str:provider_id>/login/", oidc.login, name="openid_connect_login"),
    path("oidc/<str:provider_id>/login/callback/", oidc.callback, name="openid_connect_callback"),
    path(
        "3rdparty/login/cancelled/",
        socialaccount.login_cancelled,
        name="socialaccount_login_cancelled",
    ),
    path("3rdparty/login/error/", socialaccount.login_error, name="socialaccount_login_error"),
    path("3rdparty/signup/", socialaccount.signup, name="socialaccount_signup"),
]
