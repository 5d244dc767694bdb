"""Teilhabe settings — configured from the environment only.

Every value has a safe development default (SQLite, DEBUG on, console mail). Production sets
``TEILHABE_ENV=production`` plus ``SECRET_KEY`` (or ``SECRET_KEY_FILE``), ``ALLOWED_HOSTS`` and
``DATABASE_URL``. See docs/admin.md for the full list.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str = "") -> str:
    """A string from the environment; ``NAME_FILE`` (a path) wins, for secrets in files."""
    file_path = os.environ.get(f"{name}_FILE")
    if file_path:
        return Path(file_path).read_text(encoding="utf-8").strip()
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on", "ja"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# "development" (default) or "production": production turns on secure cookies, HSTS, etc.
TEILHABE_ENV = os.environ.get("TEILHABE_ENV", "development")
PRODUCTION = TEILHABE_ENV == "production"

DEBUG = env_bool("DEBUG", not PRODUCTION)
SECRET_KEY = env_str(
    "SECRET_KEY", "" if PRODUCTION else "dev-only-insecure-key-change-me-0123456789abcdef"
)
if PRODUCTION and len(SECRET_KEY) < 50:
    raise RuntimeError(
        "SECRET_KEY (or SECRET_KEY_FILE) with at least 50 characters is required in production"
    )
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
    "simple_history",
    "django_htmx",
    "template_partials",
    "django_tasks",
    "django_tasks_db",
    "teilhabe.core",
    "teilhabe.planning",
    "teilhabe.statistics",
    "teilhabe.inventory",
    "teilhabe.participation",
    "teilhabe.needs",
    "teilhabe.concept",
    "teilhabe.implementation",
    "teilhabe.council",
    "teilhabe.reports",
    "teilhabe.portal",
    "teilhabe.api",
    "rest_framework",
    "drf_spectacular",
    "django_filters",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Cached public portal pages are answered here, before sessions and authentication
    # (teilhabe/portal/middleware.py).
    "teilhabe.portal.middleware.PortalCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "teilhabe.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "teilhabe.core.middleware.SessionIdleTimeoutMiddleware",
    # Counts an IdP login with confirmed MFA as second factor (inactive while SSO is off).
    "teilhabe.core.sso.SsoStrongAuthMiddleware",
    "teilhabe.core.middleware.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Refuses bodies larger than TEILHABE_MAX_UPLOAD_BYTES before they are read.
    "teilhabe.core.uploads.UploadLimitMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

if PRODUCTION:
    # Static files straight from the app servers (compressed, cache-busted names).
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")

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
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "teilhabe.core.context_processors.workspace",
            ],
        },
    },
]

# SQLite by default (zero setup); DATABASE_URL=postgres://… for PostgreSQL.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the worker and the server write the same file without "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=10000;",
            "transaction_mode": "IMMEDIATE",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
LOGIN_URL = "core:login"
LOGIN_REDIRECT_URL = "core:start"
LOGOUT_REDIRECT_URL = "core:login"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# django-axes: 5 failed logins per account and address, then a 15-minute cool-off — never permanent.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# The login form's field is "username" (holding the e-mail address), compared case-insensitively.
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "teilhabe.core.middleware.axes_username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "core/lockout.html"
AXES_ENABLED = env_bool("AXES_ENABLED", True)
# The proxy in front of gunicorn sets X-Forwarded-For; axes reads the client address from it.
AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]

# django-otp: issuer shown in authenticator apps.
OTP_TOTP_ISSUER = "Teilhabe"
# Logged-in sessions end after this many minutes without a request.
SESSION_IDLE_TIMEOUT_MINUTES = env_int("SESSION_IDLE_TIMEOUT_MINUTES", 60)
SESSION_COOKIE_AGE = 60 * 60 * 12
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("German")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_NAME = "teilhabe_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Largest upload accepted anywhere (bytes); imports larger than this are refused with a message.
TEILHABE_MAX_UPLOAD_BYTES = env_int("TEILHABE_MAX_UPLOAD_BYTES", 100 * 1024 * 1024)
# The statistics import takes Land-wide GENESIS flat files: streamed to disk, parsed in a task.
TEILHABE_MAX_DATASET_UPLOAD_BYTES = env_int("TEILHABE_MAX_DATASET_UPLOAD_BYTES", 1024**3)
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "teilhabe@localhost")
# Base URL used in e-mails (invitations) where no request is at hand.
TEILHABE_BASE_URL = os.environ.get("TEILHABE_BASE_URL", "http://127.0.0.1:8000")
# The deadline digest: how often a refused message is tried, and the pause before the next try
# (seconds, growing with each try); a person still failing is tried again on the next run.
TEILHABE_DIGEST_ATTEMPTS = env_int("TEILHABE_DIGEST_ATTEMPTS", 3)
TEILHABE_DIGEST_RETRY_SECONDS = env_int("TEILHABE_DIGEST_RETRY_SECONDS", 30)

# Background tasks: django-tasks with its database backend; `manage.py db_worker` runs them.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# How long the person behind a history entry stays named (days); after that the author is
# anonymised and the change itself kept. Staff councils (Personalrat) often require a limit.
TEILHABE_HISTORY_PERSON_RETENTION_DAYS = env_int("TEILHABE_HISTORY_PERSON_RETENTION_DAYS", 730)
# Days an invitation link stays valid.
TEILHABE_INVITATION_DAYS = env_int("TEILHABE_INVITATION_DAYS", 14)
# Where the demo loader finds the shared open data; falls back to the copy in data/.
# Hosts inside the administration's network the OParl import may read (docs/council.md).
TEILHABE_OPARL_ALLOWED_HOSTS = env_list("TEILHABE_OPARL_ALLOWED_HOSTS")
TEILHABE_SHARED_DATA = Path(
    os.environ.get("TEILHABE_SHARED_DATA", BASE_DIR.parent / "shared" / "data")
)
# Disclosure control: counts below this are suppressed on every output.
TEILHABE_MIN_COUNT = env_int("TEILHABE_MIN_COUNT", 3)
# Disclosure control: rates are not shown for areas when the denominator is below this.
TEILHABE_MIN_DENOMINATOR = env_int("TEILHABE_MIN_DENOMINATOR", 30)
# Disclosure control: rates are not shown for areas with fewer residents than this.
TEILHABE_MIN_AREA_POPULATION = env_int("TEILHABE_MIN_AREA_POPULATION", 300)

# Offer map: a tile URL template (e.g. https://tiles.example/{z}/{x}/{y}.png); empty = no
# basemap, only the area boundaries. The attribution is shown under the map.
TEILHABE_MAP_TILE_URL = os.environ.get("TEILHABE_MAP_TILE_URL", "")
TEILHABE_MAP_TILE_ATTRIBUTION = os.environ.get("TEILHABE_MAP_TILE_ATTRIBUTION", "")

# Content Security Policy: everything from our own origin, no inline script or style.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
if TEILHABE_MAP_TILE_URL:
    # The configured tile server is the only other origin a page may load images from.
    from urllib.parse import urlsplit

    _tiles = urlsplit(TEILHABE_MAP_TILE_URL.replace("{s}", "a"))
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"].append(f"{_tiles.scheme}://{_tiles.netloc}")
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

if PRODUCTION:
    # __Host- cookies: Secure, path /, no Domain — bound to exactly this host.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    LANGUAGE_COOKIE_NAME = "__Host-teilhabe_language"
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
    SILENCED_SYSTEM_CHECKS: list[str] = [] if SECURE_HSTS_PRELOAD else ["security.W021"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # WeasyPrint reports every layout step at INFO; only its problems belong in the log.
    "loggers": {"axes": {"level": "WARNING"}, "weasyprint.progress": {"level": "WARNING"}},
}

# The read API (teilhabe/api): read-only, anonymous, paginated; OpenAPI 3 from drf-spectacular.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "teilhabe.api.pagination.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Teilhabe API",
    "DESCRIPTION": (
        "What a municipality publishes on its portal: the adopted concept, measures, offers, "
        "indicators with values and provenance, reports. Read-only; data under Datenlizenz "
        "Deutschland – Namensnennung – Version 2.0."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1/",
    "ENUM_NAME_OVERRIDES": {
        "DocumentKindEnum": ["report", "paper"],
        "IndicatorKindEnum": "teilhabe.statistics.models.IndicatorKind",
    },
}
# Per process, in memory. "default" holds the portal's rendered pages (invalidated through
# teilhabe.portal.page_cache); "shapes" holds simplified area shapes, keyed by a digest of the
# geometry, apart from the pages so that culling pages never throws them away.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "teilhabe-pages",
        "OPTIONS": {"MAX_ENTRIES": 300},
    },
    "shapes": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "teilhabe-shapes",
        "OPTIONS": {"MAX_ENTRIES": 2000},
    },
}
# Public portal: seconds browsers and proxies may keep an anonymous page (the app's own page
# cache is invalidated on every change; this bounds how stale a proxy copy can get).
TEILHABE_PORTAL_MAX_AGE = env_int("TEILHABE_PORTAL_MAX_AGE", 60)

# Single sign-on with OpenID Connect (mozilla-django-oidc); off unless TEILHABE_OIDC_ENABLED.
# See docs/security.md for the mapping of IdP groups to roles and the MFA rule.
TEILHABE_OIDC_ENABLED = env_bool("TEILHABE_OIDC_ENABLED", False)
# Shown on the login button: "Anmelden mit <name>".
TEILHABE_OIDC_PROVIDER_NAME = os.environ.get("TEILHABE_OIDC_PROVIDER_NAME", "Dienstkonto")
# Expected "iss" of the ID token (checked when set).
TEILHABE_OIDC_ISSUER = os.environ.get("TEILHABE_OIDC_ISSUER", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("TEILHABE_OIDC_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("TEILHABE_OIDC_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.environ.get("TEILHABE_OIDC_USERINFO_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("TEILHABE_OIDC_JWKS_ENDPOINT", "")
OIDC_RP_CLIENT_ID = os.environ.get("TEILHABE_OIDC_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = env_str("TEILHABE_OIDC_CLIENT_SECRET")
OIDC_RP_SIGN_ALGO = os.environ.get("TEILHABE_OIDC_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = os.environ.get("TEILHABE_OIDC_SCOPES", "openid email profile")
OIDC_USE_PKCE = True
OIDC_TIMEOUT = env_int("TEILHABE_OIDC_TIMEOUT_SECONDS", 10)
OIDC_AUTHENTICATION_CALLBACK_URL = "sso:callback"
# Create a Teilhabe account at the first IdP login (otherwise only existing e-mail addresses).
OIDC_CREATE_USER = env_bool("TEILHABE_OIDC_CREATE_USERS", True)
# Claim with the person's groups, and the JSON mapping group → roles (or a file via _FILE):
# {"GG-Teilhabe-Koeln-Admin": {"ars": "053150000000", "role": "admin"}, …}
TEILHABE_OIDC_GROUPS_CLAIM = os.environ.get("TEILHABE_OIDC_GROUPS_CLAIM", "groups")
TEILHABE_OIDC_GROUP_ROLES = env_str("TEILHABE_OIDC_GROUP_ROLES", "")
# Only if the IdP enforces MFA does its login replace Teilhabe's TOTP, and only when the ID
# token's amr (one of these methods) or acr (one of these values) confirms it.
TEILHABE_OIDC_IDP_ENFORCES_MFA = env_bool("TEILHABE_OIDC_IDP_ENFORCES_MFA", False)
TEILHABE_OIDC_MFA_AMR = env_list("TEILHABE_OIDC_MFA_AMR", "mfa,otp,hwk,swk,sc")
TEILHABE_OIDC_MFA_ACR = env_list("TEILHABE_OIDC_MFA_ACR", "")
if TEILHABE_OIDC_ENABLED:
    AUTHENTICATION_BACKENDS.append("teilhabe.core.sso.TeilhabeOIDCBackend")
TEMPLATES[0]["OPTIONS"]["context_processors"].append("teilhabe.core.sso.login_button")  # type: ignore[index]

# A task still "running" after this many minutes lost its worker (killed, restarted) and is
# shown as failed; it can be started again.
TEILHABE_TASK_STALE_MINUTES = env_int("TEILHABE_TASK_STALE_MINUTES", 120)
