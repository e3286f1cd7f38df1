"""Encrypt the two-step secrets stored before they were encrypted at rest
(people/signin/secrets.py): TOTP keys and recovery-code seeds."""

from django.db import migrations

FIELDS = {"totp": "secret", "recovery_codes": "seed"}


def encrypt_stored(apps, schema_editor):
    from people.signin import secrets

    Authenticator = apps.get_model("mfa", "Authenticator")
    for authenticator in Authenticator.objects.filter(type__in=FIELDS):
        field = FIELDS[authenticator.type]
        value = authenticator.data.get(field)
        if value and not secrets.is_encrypted(value):
            authenticator.data[field] = secrets.encrypt(value)
            authenticator.save(update_fields=["data"])


def decrypt_stored(apps, schema_editor):
    from people.signin import secrets

    Authenticator = apps.get_model("mfa", "Authenticator")
    for authenticator in Authenticator.objects.filter(type__in=FIELDS):
        field = FIELDS[authenticator.type]
        value = authenticator.data.get(field)
        if value and secrets.is_encrypted(value):
            authenticator.data[field] = secrets.decrypt(value)
            authenticator.save(update_fields=["data"])


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0002_sign_in_cache_table"),
        ("mfa", "0003_authenticator_type_uniq"),
    ]

    operations = [migrations.RunPython(encrypt_stored, decrypt_stored)]
