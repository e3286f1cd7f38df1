"""Two-step secrets are stored encrypted (people/signin/secrets.py): a copy of the database
does not give the codes away, sign-in still works, and keys can be rotated."""

import importlib

import pytest
from allauth.mfa.models import Authenticator
from cryptography.fernet import Fernet
from django.apps import apps
from django.urls import reverse

from people.enums import Role
from people.signin import secrets
from people.signin.demo import DEMO_TOTP_SECRET, ensure_demo_authenticators
from tests.auth import DEMO_PASSWORD, sign_in_through_the_form, totp_code
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def stored(person, kind):
    return Authenticator.objects.get(user=person, type=kind).data


def test_the_totp_key_and_recovery_seed_are_not_stored_in_the_clear(client):
    judge = UserFactory(roles=[Role.JUDGE])
    ensure_demo_authenticators([judge])
    totp = stored(judge, Authenticator.Type.TOTP)["secret"]
    seed = stored(judge, Authenticator.Type.RECOVERY_CODES)["seed"]
    assert DEMO_TOTP_SECRET not in totp
    assert secrets.decrypt(totp) == DEMO_TOTP_SECRET
    assert secrets.is_encrypted(seed)
    # Signing in with the code from the (published demo) secret still works.
    response = sign_in_through_the_form(client, judge.username, DEMO_PASSWORD)
    assert response["Location"] == "/portal/"


def test_setting_up_an_authenticator_stores_it_encrypted(client):
    editor = UserFactory(roles=[Role.CMS_EDITOR])
    client.post(reverse("account_login"), {"login": editor.username, "password": DEMO_PASSWORD})
    page = client.get(reverse("mfa_activate_totp"))
    shown = page.context["form"].secret
    client.post(reverse("mfa_activate_totp"), {"code": totp_code(shown)})
    kept = stored(editor, Authenticator.Type.TOTP)["secret"]
    assert kept != shown
    assert secrets.decrypt(kept) == shown


def test_a_new_key_listed_first_still_reads_secrets_made_with_the_old(settings):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.MFA_ENCRYPTION_KEYS = [old]
    token = secrets.encrypt("SECRET")
    settings.MFA_ENCRYPTION_KEYS = [new, old]
    assert secrets.decrypt(token) == "SECRET"
    # New secrets are made with the first key.
    assert Fernet(new).decrypt(secrets.encrypt("NEW").encode()) == b"NEW"
    settings.MFA_ENCRYPTION_KEYS = [new]
    with pytest.raises(secrets.UnreadableSecretError, match="old key"):
        secrets.decrypt(token)


def test_rotating_the_secret_key_with_a_fallback_keeps_secrets_readable(settings):
    token = secrets.encrypt("SECRET")
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-secret-key-" + "x" * 40
    assert secrets.decrypt(token) == "SECRET"
    settings.SECRET_KEY_FALLBACKS = []
    with pytest.raises(secrets.UnreadableSecretError):
        secrets.decrypt(token)


def test_the_migration_encrypts_secrets_stored_in_the_clear_and_only_those():
    migration = importlib.import_module("people.migrations.0003_encrypt_mfa_secrets")
    iqa = UserFactory(roles=[Role.IQA])
    ensure_demo_authenticators([iqa])
    already = stored(iqa, Authenticator.Type.RECOVERY_CODES)["seed"]
    Authenticator.objects.filter(user=iqa, type=Authenticator.Type.TOTP).update(
        data={"secret": DEMO_TOTP_SECRET}
    )
    migration.encrypt_stored(apps, None)
    assert secrets.decrypt(stored(iqa, Authenticator.Type.TOTP)["secret"]) == DEMO_TOTP_SECRET
    assert stored(iqa, Authenticator.Type.RECOVERY_CODES)["seed"] == already
    migration.decrypt_stored(apps, None)
    assert stored(iqa, Authenticator.Type.TOTP)["secret"] == DEMO_TOTP_SECRET
