import pytest
from django.core.cache import cache

from tests.auth import sign_in_as


@pytest.fixture(autouse=True)
def _empty_cache():
    """Throttling counters and spent TOTP codes live in the cache: start each test clean."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    # Private uploads in their own folder per test, so a test sees only what it stored.
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "core.storage.PrivateFileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private"},
        },
    }


@pytest.fixture
def login(client):
    """Sign a user in to the test client, fully (second factor included where their role
    needs one), and return the client. See tests/auth.py."""

    def _login(user):
        return sign_in_as(client, user)

    return _login
