"""Test settings: fast hashing, tasks run immediately, email kept in memory."""

import tempfile

from .base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
MEDIA_ROOT = tempfile.mkdtemp(prefix="pop-portal-test-media-")
PRIVATE_MEDIA_ROOT = tempfile.mkdtemp(prefix="pop-portal-test-private-")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "core.storage.PrivateFileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
# A real cache (throttling and spent TOTP codes need one), emptied before each test.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Kept signed-in pages on, as in production (core.page_cache): every test that writes and
# then looks again checks that nothing stale is served. (The in-process benchmarks turn
# it off with DJANGO_PAGE_CACHE=false: they measure what building a page costs.)
PAGE_CACHE = env_bool("PAGE_CACHE", default=True)  # noqa: F405

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "root": {"level": "WARNING"},
}
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
