"""Settings shared by every environment. Values come from DJANGO_* environment variables."""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env(name: str, default: str | None = None) -> str | None:
    return os.environ.get(f"DJANGO_{name}", default)


def env_bool(name: str, *, default: bool) -> bool:
    value = env(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in (env(name, default) or "").split(",") if item.strip()]


SECRET_KEY = env("SECRET_KEY", "insecure-development-key-change-me")
DEBUG = env_bool("DEBUG", default=False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# A stale form gets the service's own page, with the way back (core/templates/csrf_failure.html).
CSRF_FAILURE_VIEW = "core.views.csrf_failure"

INSTALLED_APPS = [
    # Our apps first so their templates (registration, errors) win.
    "core",
    "people",
    "training",
    "portfolios",
    "awards",
    "cms",
    "portal",
    # Wagtail
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    # Third party
    "django_tables2",
    "django_filters",
    "django_tasks_db",
    "rules.apps.AutodiscoverRulesConfig",
    "csp",
    # Django
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "django.forms",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The request's address on every audit entry; 403s and refusals recorded (core.audit).
    "core.audit.AuditMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last: every POST's view runs in one transaction (core.transactions).
    "core.transactions.AtomicWritesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.navigation",
            ],
        },
    },
]

# --- database -------------------------------------------------------------
# Embedded default: SQLite in WAL mode with immediate transactions, so a
# writer takes the lock at BEGIN and concurrent bookers queue rather than fail.
SQLITE_PATH = BASE_DIR / "db.sqlite3"
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": (
        "PRAGMA journal_mode=WAL;"
        "PRAGMA synchronous=NORMAL;"
        "PRAGMA busy_timeout=20000;"
        "PRAGMA foreign_keys=ON;"
    ),
}
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{SQLITE_PATH}", conn_max_age=60, conn_health_checks=True
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = SQLITE_OPTIONS
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "people.User"

# --- auth -----------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "portal:dashboard"
LOGOUT_REDIRECT_URL = "login"

# --- i18n / time ----------------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# --- static and media -----------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
# Private uploads (portfolio evidence, award attachments) live apart from MEDIA_ROOT,
# which holds only Wagtail's public images and documents (core.uploads, core.storage).
PRIVATE_MEDIA_ROOT = Path(env("PRIVATE_MEDIA_ROOT", str(BASE_DIR / "private-media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "core.storage.PrivateFileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# The shared upload validator's limits (core.uploads).
UPLOAD_MAX_BYTES = int(env("UPLOAD_MAX_BYTES", str(20 * 1024 * 1024)))
UPLOAD_MAX_PIXELS = int(env("UPLOAD_MAX_PIXELS", "40000000"))
UPLOAD_DOCX_MAX_MEMBERS = 1000
UPLOAD_DOCX_MAX_UNCOMPRESSED = 100 * 1024 * 1024
UPLOAD_DOCX_MAX_RATIO = 100
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# --- tasks ----------------------------------------------------------------
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}
WORKER_HEARTBEAT_SECONDS = 15

# --- email ----------------------------------------------------------------
MAILERS = {
    "default": {"BACKEND": env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")}
}
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "POP Portal <pop-portal@example.police.uk>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- security headers (also on in dev so nothing surprises in production) ---
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
    # Wagtail's admin relies on inline scripts and styles; it is reachable only
    # by signed-in back-office staff and keeps X-Frame-Options and the rest.
    "EXCLUDE_URL_PREFIXES": ("/admin/",),
}

# --- Wagtail --------------------------------------------------------------
WAGTAIL_SITE_NAME = "POP Portal"
# The portal's public address: every link in an email, calendar file or export
# is built on it (core.urls.absolute_url). `make run PORT=...` sets it.
BASE_URL = env("BASE_URL", "http://127.0.0.1:8000")
WAGTAILADMIN_BASE_URL = BASE_URL
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "pptx", "csv", "txt"]

# --- tables ---------------------------------------------------------------
DJANGO_TABLES2_TEMPLATE = "core/tables/govuk_table.html"
DJANGO_TABLES2_TABLE_ATTRS = {"class": "govuk-table"}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
        # One handler each, so the worker does not add its own and print twice.
        "django.tasks": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django_tasks_db": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}

FORM_RENDERER = "core.forms.GovukFormRenderer"

# --- audit trail ----------------------------------------------------------
# How many reverse proxies in front of the app append to X-Forwarded-For: the
# audit trail takes the address the outermost of them saw (0: REMOTE_ADDR).
AUDIT_TRUSTED_PROXIES = int(env("TRUSTED_PROXIES", "0") or 0)


# --- backups --------------------------------------------------------------
# Where `manage.py backup` writes its folders (core/backup.py); keep it off the web root.
BACKUP_ROOT = Path(env("BACKUP_ROOT", str(BASE_DIR / "backups")))

# --- retention ------------------------------------------------------------
# Days each kind of record is kept before `manage.py apply_retention` deletes or
# anonymises it (with its files); apps register the rules (core.registry).
RETENTION_DAYS = {
    # The audit trail itself: six years, then removed (the removal is audited).
    "audit": int(env("RETENTION_AUDIT_DAYS", str(6 * 365))),
    # One-time form tokens (core.idempotency): long enough for any resubmission.
    "form_tokens": 2,
    # Survey comments (free text) after the session: removed; the ratings stay.
    "feedback_comments": int(env("RETENTION_FEEDBACK_DAYS", str(2 * 365))),
    # Evidence (rows and files) of a withdrawn enrolment, counted from withdrawal.
    "withdrawn_evidence": int(env("RETENTION_WITHDRAWN_EVIDENCE_DAYS", "365")),
    # Draft award entries never submitted, counted from their cycle's closing date.
    "draft_entries": int(env("RETENTION_DRAFT_ENTRIES_DAYS", "365")),
}
