"""Two-step secrets at rest: the TOTP key and the recovery-code seed that allauth keeps in
``Authenticator.data`` are stored encrypted (Fernet: AES-128-CBC with an HMAC-SHA256), so
a copy of the database (a backup, a leaked dump) does not give anyone the codes.

The keys: ``MFA_ENCRYPTION_KEYS`` (``DJANGO_MFA_ENCRYPTION_KEYS``, comma-separated Fernet
keys, the first encrypts, all decrypt, so a key can be rotated) or, when none is set, a key
derived from ``SECRET_KEY`` (and one from each of ``SECRET_KEY_FALLBACKS``, so rotating the
secret key with a fallback keeps two-step sign-in working). ``MFAAdapter`` calls these.
"""

import base64

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.utils.crypto import salted_hmac

_SALT = "pop-portal.people.signin.mfa-secrets"


class UnreadableSecretError(Exception):
    """A stored secret that none of the configured keys opens."""


def _derived(secret_key: str) -> Fernet:
    digest = salted_hmac(_SALT, "mfa", secret=secret_key, algorithm="sha256").digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def _fernet() -> MultiFernet:
    configured = [key for key in getattr(settings, "MFA_ENCRYPTION_KEYS", []) if key]
    if configured:
        return MultiFernet([Fernet(key) for key in configured])
    return MultiFernet(
        [_derived(settings.SECRET_KEY)]
        + [_derived(key) for key in getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    )


def encrypt(text: str) -> str:
    return _fernet().encrypt(text.encode()).decode("ascii")


def decrypt(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode("ascii")).decode()
    except (InvalidToken, UnicodeEncodeError) as unreadable:
        raise UnreadableSecretError(
            "A two-step sign-in secret cannot be decrypted: MFA_ENCRYPTION_KEYS (or "
            "SECRET_KEY) changed without keeping the old key. Put the old key back as a "
            "fallback (DJANGO_MFA_ENCRYPTION_KEYS, old key last)."
        ) from unreadable


def is_encrypted(value: str) -> bool:
    """Whether ``value`` is a secret these keys can open (for the migration that encrypted
    the secrets stored before)."""
    try:
        decrypt(value)
    except UnreadableSecretError:
        return False
    return True
