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
    # Sign-in: local accounts, the force's identity provider (OpenID Connect), TOTP.
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.mfa",
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
    # Before anything reads request.POST: uploads keep the name as sent (core.uploads).
    "core.uploads.KeepUploadNamesMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The request's address on every audit entry; 403s and refusals recorded (core.audit).
    "core.audit.AuditMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After auth and messages: privileged roles pass a second factor before any page.
    "people.signin.middleware.RequireSecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Public pages for anonymous visitors, from the cache before Wagtail routes them.
    "cms.page_cache.AnonymousPageCacheMiddleware",
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
# django-allauth does sign-in (see docs/architecture.md, "Signing in"): local accounts
# by username, password reset by email, TOTP with recovery codes (allauth.mfa) and the
# force's identity provider over OpenID Connect (allauth.socialaccount), off unless
# DJANGO_FORCE_SSO_SERVER_URL is set. Its backend is Django's ModelBackend plus
# allauth's bookkeeping, so permissions work as before.
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    # allauth's, with permissions kept between requests (people.backends).
    "people.backends.AuthenticationBackend",
]
# Password rules per OWASP ASVS 4.0 (2.1): at least 12 characters, up to 128 accepted
# (so 64-character passphrases work), checked against Django's list of 20,000 common
# passwords and the person's own details; no composition rules (so no
# NumericPasswordValidator, which forbids an all-digit password of any length).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "people.signin.passwords.MaximumLengthValidator", "OPTIONS": {"max_length": 128}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "portal:dashboard"
LOGOUT_REDIRECT_URL = "account_login"

ACCOUNT_ADAPTER = "people.signin.adapters.AccountAdapter"
ACCOUNT_FORMS = {
    "login": "people.signin.forms.LoginForm",
    "change_password": "people.signin.forms.ChangePasswordForm",
    "set_password": "people.signin.forms.SetPasswordForm",
    "reset_password": "people.signin.forms.ResetPasswordForm",
    "reset_password_from_key": "people.signin.forms.ResetPasswordKeyForm",
}
ACCOUNT_LOGIN_METHODS = {"username"}
# Accounts are made by the programme team (people.services), never by sign-up.
ACCOUNT_SIGNUP_FIELDS = ["username*", "email*", "password1*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_UNIQUE_EMAIL = False
ACCOUNT_SESSION_REMEMBER = True
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
# Throttling (allauth's rate limits, kept in the cache): failed sign-ins are counted per
# address and per username; past the limit every attempt gets the same message until the
# window has passed. Successful sign-ins give back their slot.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "20/m/ip,5/15m/key",
    "reset_password": "20/m/ip,3/15m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "reauthenticate": "10/m/user",
}
# Behind a TLS proxy that appends to X-Forwarded-For, the client's address is the
# entry this many hops from the right (production sets 1; see production.py).
ALLAUTH_TRUSTED_PROXY_COUNT = int(env("TRUSTED_PROXY_COUNT", "0") or 0)

MFA_ADAPTER = "people.signin.adapters.MFAAdapter"
# TOTP keys and recovery-code seeds are stored encrypted (people/signin/secrets.py): with
# these Fernet keys (the first encrypts; list an old one after it to rotate), or else with
# a key derived from SECRET_KEY.
MFA_ENCRYPTION_KEYS = env_list("MFA_ENCRYPTION_KEYS")
MFA_FORMS = {
    "authenticate": "people.signin.forms.AuthenticateForm",
    "reauthenticate": "people.signin.forms.ReauthenticateForm",
    "activate_totp": "people.signin.forms.ActivateTOTPForm",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "POP Portal"
MFA_TOTP_TOLERANCE = 1  # a code from the previous or next 30 s window (phone clock drift)
MFA_RECOVERY_CODE_COUNT = 10
MFA_RATE_LIMITS = {}

# The force's identity provider (e.g. Microsoft Entra ID): off unless configured.
SOCIALACCOUNT_ADAPTER = "people.signin.adapters.ForceAccountAdapter"
SOCIALACCOUNT_AUTO_SIGNUP = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False  # linking by email is our adapter's decision
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_LOGIN_ON_GET = False
SOCIALACCOUNT_REQUESTS_TIMEOUT = 10
FORCE_SSO_SERVER_URL = env("FORCE_SSO_SERVER_URL", "")
SOCIALACCOUNT_PROVIDERS = {
    "openid_connect": {
        "OAUTH_PKCE_ENABLED": True,
        "APPS": [
            {
                "provider_id": "force",
                "name": env("FORCE_SSO_NAME", "your force account"),
                "client_id": env("FORCE_SSO_CLIENT_ID", ""),
                "secret": env("FORCE_SSO_CLIENT_SECRET", ""),
                "settings": {
                    # e.g. https://login.microsoftonline.com/<tenant id>/v2.0
                    "server_url": FORCE_SSO_SERVER_URL,
                    # Entra ID sends no email_verified claim; a tenant that owns its
                    # domain may say its addresses are verified.
                    "trust_email": env_bool("FORCE_SSO_TRUST_EMAIL", default=False),
                },
            }
        ]
        if FORCE_SSO_SERVER_URL
        else [],
    }
}

# --- cache ----------------------------------------------------------------
# Sign-in throttling counters, spent TOTP codes and the public pages rendered for
# anonymous visitors (cms.page_cache) live in the cache, so every app process must see
# the same one: Redis when DJANGO_CACHE_URL names one (redis://host:6379/0; production
# and the benchmarks), else a table in the database (created by the people app's
# migration), which needs no other service. Tests use local memory.
CACHE_URL = env("CACHE_URL", "")
if CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "core.cache.RedisCache",
            "LOCATION": CACHE_URL,
            # Several deployments (or benchmark databases) may share one Redis.
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", "pop"),
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "pop_cache",
        }
    }
if CACHE_URL:
    # Sign-in sessions read from Redis, written through to the database (no query a
    # request for the session).
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# A signed-in person's pages kept until any data changes (core.page_cache). On by default
# only with a cache of its own (Redis): moving the data generation must not query the
# database from inside another query, as the database cache table would.
PAGE_CACHE = env_bool("PAGE_CACHE", default=bool(CACHE_URL))

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
# One way in: the admin's sign-in and password pages are the portal's (people.signin).
WAGTAILADMIN_LOGIN_URL = "account_login"
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
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
    # Ceremony guests' names, addresses, dietary and access needs, from the ceremony day:
    # anonymised (kind and reply kept for the counts and budget).
    "ceremony_guests": int(env("RETENTION_CEREMONY_GUESTS_DAYS", "180")),
}
