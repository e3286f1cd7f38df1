"""The access matrix's world, built once for this package (see world.py) inside a
transaction that is rolled back when the package's tests are done, so the tests that run
after them in the same process start from the empty database they expect."""

from collections.abc import Iterator

import pytest
from django.db import transaction
from django.test import Client

from tests.auth import sign_in_as
from tests.security.world import ROLES, World, build_world


@pytest.fixture(scope="package")
def _world_media(tmp_path_factory):
    return tmp_path_factory.mktemp("security-world")


@pytest.fixture(scope="package", autouse=True)
def _world_media_settings(_world_media):
    """The world's files (evidence, attachments) live in one folder for the whole session,
    set once here rather than per test (thousands of cases)."""
    from django.conf import settings
    from django.test import override_settings

    storages = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "core.storage.PrivateFileSystemStorage",
            "OPTIONS": {"location": _world_media / "private"},
        },
    }
    with override_settings(
        MEDIA_ROOT=_world_media / "media",
        PRIVATE_MEDIA_ROOT=_world_media / "private",
        STORAGES=storages,
    ):
        yield


@pytest.fixture(autouse=True)
def _media_in_tmp():
    """Overrides tests/conftest.py's per-test folders: the world's files are stored once
    (``_world_media_settings``) and must still be there in every test."""


@pytest.fixture(scope="package")
def world(django_db_setup, django_db_blocker, _world_media_settings) -> Iterator[World]:
    """Each test runs in a savepoint inside this transaction (pytest-django's atomic
    blocks nest), so a case's writes go with it and the world itself goes at the end."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            built = build_world()
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    yield built
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


@pytest.fixture(scope="package")
def cookies(world, django_db_blocker) -> dict[str, dict[str, str]]:
    """Each role signed in once; their session cookie, reused by every case."""
    signed_in = {}
    with django_db_blocker.unblock():
        for role in ROLES:
            client = Client()
            if world.users[role] is not None:
                sign_in_as(client, world.users[role])
            signed_in[role] = {key: morsel.value for key, morsel in client.cookies.items()}
    return signed_in
