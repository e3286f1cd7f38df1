"""allauth's forms as GOV.UK forms: no placeholders (the label says it), no extra links."""

from allauth.account.forms import ChangePasswordForm as AllauthChangePasswordForm
from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import ResetPasswordForm as AllauthResetPasswordForm
from allauth.account.forms import ResetPasswordKeyForm as AllauthResetPasswordKeyForm
from allauth.account.forms import SetPasswordForm as AllauthSetPasswordForm
from allauth.mfa.base.forms import AuthenticateForm as AllauthAuthenticateForm
from allauth.mfa.base.forms import ReauthenticateForm as AllauthReauthenticateForm
from allauth.mfa.totp.forms import ActivateTOTPForm as AllauthActivateTOTPForm


def _plain(form) -> None:
    for field in form.fields.values():
        field.widget.attrs.pop("placeholder", None)


def _code_field(form) -> None:
    _plain(form)
    form.fields["code"].widget.attrs.update(
        {"inputmode": "numeric", "autocomplete": "one-time-code", "spellcheck": "false"}
    )
    form.fields["code"].widget.attrs["class"] = "govuk-input--width-10"


class LoginForm(AllauthLoginForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _plain(self)
        self.fields["password"].help_text = ""  # the page links to the reset itself
        self.fields["login"].widget.attrs.update({"spellcheck": "false", "autocapitalize": "none"})


def _new_password(form) -> None:
    """GOV.UK labels; the rules are written on the page, not repeated under the field."""
    _plain(form)
    labels = {
        "oldpassword": "Current password",
        "password1": "New password",
        "password2": "New password again",
    }
    for name, label in labels.items():
        if name in form.fields:
            form.fields[name].label = label
            form.fields[name].help_text = ""


class ChangePasswordForm(AllauthChangePasswordForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _new_password(self)


class SetPasswordForm(AllauthSetPasswordForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _new_password(self)


class ResetPasswordKeyForm(AllauthResetPasswordKeyForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _new_password(self)


class ResetPasswordForm(AllauthResetPasswordForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _plain(self)
        self.fields["email"].label = "Email address"
        self.fields["email"].widget.attrs.update({"spellcheck": "false", "autocomplete": "email"})


class AuthenticateForm(AllauthAuthenticateForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _code_field(self)


class ReauthenticateForm(AllauthReauthenticateForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _code_field(self)


class ActivateTOTPForm(AllauthActivateTOTPForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _code_field(self)
