"""Benchmarks (bench/): production settings, served on the loopback interface over plain HTTP.

Everything that decides how fast a page is stays as in production (DEBUG off, PostgreSQL
with persistent connections, manifest static files, every middleware and context
processor). Only what a loopback load generator cannot do changes: no HTTPS redirect or
secure-only cookies, loopback hosts, and mail kept in memory instead of an SMTP relay.
The URLconf adds the framework floor (``config.bench_urls``), so that view never exists
in the real site. Never run a real site on these settings: they publish demo accounts.
"""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-not-secret")
# As production: the cache in Redis (the local one unless DJANGO_CACHE_URL names another).
os.environ.setdefault("DJANGO_CACHE_URL", "redis://127.0.0.1:6379/0")

from .production import *  # noqa: F403
from .production import BASE_DIR, CACHES, DATABASES

# Each bench database keeps its own cache entries in a shared Redis.
CACHES["default"]["KEY_PREFIX"] = f"bench-{DATABASES['default']['NAME']}"

ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
ROOT_URLCONF = "config.bench_urls"
STATIC_ROOT = BASE_DIR / ".bench" / "static"
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
# The bench database holds the demo accounts on purpose (seed_demo runs on it).
IS_PRODUCTION = False
