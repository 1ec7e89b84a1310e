"""Driehoek settings: everything comes from the environment and a bad value fails loudly.

See `.env.example` for every variable.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    """Read a boolean; anything but a clear yes/no is a configuration error."""
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
TESTING = env_bool("DRIEHOEK_TESTING", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and not TESTING:
        raise ImproperlyConfigured("SECRET_KEY is required when DEBUG is off")
    SECRET_KEY = "insecure-development-key-only-for-debug-and-tests"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG or TESTING else [])
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS is required when DEBUG is off")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "guardian",
    "simple_history",
    "axes",
    "csp",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "django_tasks",
    "django_tasks_db",
    "apps.core",
    "apps.accounts",
    "apps.rubrics",
    "apps.outcomes",
    "apps.placements",
    "apps.cycle",
    "apps.calibration",
    "apps.home",
    "apps.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "apps.accounts.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "apps.accounts.middleware.SessionLifetimeMiddleware",
    "apps.accounts.middleware.NoStoreForAuthenticatedMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    "allauth.account.middleware.AccountMiddleware",
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
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "apps.home.context_processors.navigation",
                "apps.rubrics.context_processors.rubrics_navigation",
            ],
        },
    },
]

VAR_DIR = Path(os.environ.get("DRIEHOEK_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)

DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'driehoek.sqlite3'}"
if not DATABASE_URL.startswith(("sqlite://", "postgres://", "postgresql://")):
    raise ImproperlyConfigured("DATABASE_URL must start with sqlite:// or postgres://")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 20}
else:
    # PostgreSQL's JIT compiles queries whose estimated cost is high. Queries with the
    # guardian access subquery were estimated far above what they cost (a few ms), and the
    # compilation took 25-30 ms per query when it was measured. A web workload of short
    # queries gains nothing from JIT, so it is off for this application's connections.
    DATABASES["default"]["OPTIONS"] = {"options": "-c jit=off"}
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
FIXTURE_DIRS = [BASE_DIR / "fixtures"]

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "apps.accounts.backends.AdminRoleBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        # Our people have a full name, not Django's first and last name.
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ["full_name", "email"]},
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Sessions end after 30 minutes idle and 12 hours at most (apps.accounts.middleware).
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_SECONDS", 30 * 60)
SESSION_MAX_SECONDS = env_int("SESSION_MAX_SECONDS", 12 * 60 * 60)

# HTTPS in production: secure cookies with the __Host- prefix, HSTS, redirect to https.
SECURE = env_bool("SECURE", not DEBUG and not TESTING)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = SECURE
SESSION_COOKIE_NAME = "__Host-sessionid" if SECURE else "sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken" if SECURE else "csrftoken"
SESSION_COOKIE_HTTPONLY = CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = "Lax"
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", SECURE)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if SECURE else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_PRELOAD = SECURE
if env_bool("BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp): our own files only, no inline scripts.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}

# Login throttling (django-axes): 5 wrong passwords for one account from one address lock
# that pair for 15 minutes; colleagues behind the same school address are not affected.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 15) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"
AXES_VERBOSE = False

# --- Single sign-on (OpenID Connect) -------------------------------------------------------
# SSO_PROVIDERS=surfconext,eduid with SSO_<ID>_ISSUER, _CLIENT_ID, _CLIENT_SECRET and optional
# _CLAIM, _VERIFIED_EMAIL, _SCOPE, _NAME, _KIND (apps/accounts/sso/env.py, docs/DEPLOYMENT.md).
# Without providers the login page shows only e-mail and password. django-allauth does the
# protocol; apps.accounts.sso decides whom a login belongs to and never creates people.
from apps.accounts.sso.env import (  # noqa: E402
    allauth_providers,
    provider_origins,
    sso_providers_from_env,
)

SSO_PROVIDERS = sso_providers_from_env(os.environ)
SOCIALACCOUNT_PROVIDERS = allauth_providers(SSO_PROVIDERS)
# "Inloggen met ..." and "Uitloggen" are forms answered with a redirect to the provider.
CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"] += provider_origins(SSO_PROVIDERS)
SOCIALACCOUNT_ADAPTER = "apps.accounts.sso.adapter.SocialAccountAdapter"
ACCOUNT_ADAPTER = "apps.accounts.sso.adapter.AccountAdapter"
SOCIALACCOUNT_AUTO_SIGNUP = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_LOGIN_ON_GET = False
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
# --- end of single sign-on ------------------------------------------------------------------

# Retention (AVG): years after the last period a placement's records are kept.
RETENTION_YEARS_FINAL = env_int("RETENTION_YEARS_FINAL", 7)
RETENTION_YEARS_OTHER = env_int("RETENTION_YEARS_OTHER", 2)
# Quality monitor: a school sees its students' evaluations only aggregated, and only once at
# least this many students of that school and school year answered.
QUALITY_MIN_RESPONSES = env_int("QUALITY_MIN_RESPONSES", 3)
if QUALITY_MIN_RESPONSES < 1:
    raise ImproperlyConfigured("QUALITY_MIN_RESPONSES must be at least 1")

# django-guardian: no anonymous user row; we never grant anything to anonymous visitors.
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = False

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("Engels"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "staticfiles"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# Private files (evidence: lesson plans, photos and videos of pupils) live outside MEDIA_ROOT
# and have no URL: every download goes through a view that checks access and audits it.
# PRIVATE_STORAGE_BACKEND may name an S3-compatible backend (django-storages) so several
# application servers share the files; it must keep them private (no public ACL).
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", VAR_DIR / "private"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "private": {
        "BACKEND": os.environ.get(
            "PRIVATE_STORAGE_BACKEND", "apps.core.storage.PrivateFileSystemStorage"
        )
    },
}
# Uploads larger than this are streamed to a temporary file in chunks, never held in memory;
# a video is then moved into place, not copied or re-encoded in the request.
FILE_UPLOAD_MAX_MEMORY_SIZE = env_int("FILE_UPLOAD_MAX_MEMORY_SIZE", 2_621_440)
# Size limits of evidence per kind, in megabytes.
EVIDENCE_MAX_MB_DOCUMENT = env_int("EVIDENCE_MAX_MB_DOCUMENT", 20)
EVIDENCE_MAX_MB_PHOTO = env_int("EVIDENCE_MAX_MB_PHOTO", 15)
EVIDENCE_MAX_MB_VIDEO = env_int("EVIDENCE_MAX_MB_VIDEO", 200)
if min(EVIDENCE_MAX_MB_DOCUMENT, EVIDENCE_MAX_MB_PHOTO, EVIDENCE_MAX_MB_VIDEO) < 1:
    raise ImproperlyConfigured("EVIDENCE_MAX_MB_* must be at least 1")
# Background work (dossier PDFs, mail delivery, large imports) runs on a task worker:
# django-tasks with the database backend of django-tasks-db, so a task is a row in this
# database and `manage.py db_worker` runs it (docs/DEPLOYMENT.md). TASKS_BACKEND=immediate runs
# each task at once in the process that asks for it (the test suite; a tiny install without a
# worker); a dotted path names another backend (such as one for an institute's RQ).
TASKS_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "immediate" if TESTING else "database")
if TASKS_BACKEND not in TASKS_BACKENDS and "." not in TASKS_BACKEND:
    raise ImproperlyConfigured(
        f"TASKS_BACKEND must be database, immediate or a dotted path, not {TASKS_BACKEND!r}"
    )
TASKS = {
    "default": {
        "BACKEND": TASKS_BACKENDS.get(TASKS_BACKEND, TASKS_BACKEND),
        "QUEUES": ["default", "mail"],
    }
}

# A placement import with more rows than this is confirmed on the task worker, with a page that
# follows it; a smaller one in the request itself.
IMPORT_IN_BACKGROUND_ROWS = int(os.environ.get("IMPORT_IN_BACKGROUND_ROWS", "300"))

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# The address people use to reach Driehoek, for links in e-mails.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# E-mail: SMTP when EMAIL_HOST is set; otherwise EMAIL_BACKEND, by default one file per
# message in EMAIL_FILE_PATH (var/mail/) with DEBUG on, so invitation links can be opened in
# development, and the console with DEBUG off.
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Driehoek <noreply@driehoek.test>")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_FILE_PATH = Path(os.environ.get("EMAIL_FILE_PATH", VAR_DIR / "mail"))
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND") or (
        "django.core.mail.backends.filebased.EmailBackend"
        if DEBUG
        else "django.core.mail.backends.console.EmailBackend"
    )

# Argon2 first (Django's recommendation; argon2-cffi): a stored PBKDF2 hash is upgraded to
# Argon2 the next time its person logs in, so the older hashers stay to read them.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

# Doubt about a judgement (handbook ch.2): the collegial dialogue has this many working days
# ("binnen redelijke termijn") before the instituutsopleider is brought in.
DISAGREEMENT_DIALOGUE_WORKING_DAYS = env_int("DISAGREEMENT_DIALOGUE_WORKING_DAYS", 10)

# Hours and lessons per placement (handbook ch.4, Randvoorwaarden, of the year-2 werkplekleren):
# "Aantal lessen per student: 40 – 50 lessen en/of onderwijsactiviteiten met groepen
# leerlingen" and "Begeleidingstijd 30 uur per student voor de werkplekbegeleider". By study
# year: the handbook names these for year 2 only; a year without a norm shows the counts alone.
HOURS_NORMS = {
    2: {
        "lessons_min": env_int("HOURS_LESSONS_MIN", 40),
        "lessons_max": env_int("HOURS_LESSONS_MAX", 50),
        "guidance_hours": env_int("HOURS_GUIDANCE_HOURS", 30),
    },
}
# A placement is far behind when what is registered is below this share (percent) of what the
# norm expects pro rata for the weeks of the placement that have passed.
HOURS_BEHIND_PERCENT = env_int("HOURS_BEHIND_PERCENT", 50)
for _norm in HOURS_NORMS.values():
    if not 0 <= _norm["lessons_min"] <= _norm["lessons_max"]:
        raise ImproperlyConfigured("HOURS_LESSONS_MIN must lie between 0 and HOURS_LESSONS_MAX")
# Kalibreren, the exemplar bank (calibration-design.md §3.2). The consent text itself is in
# templates/calibration/exemplars/_consent_text.html; change this version whenever it changes.
CALIBRATION_CONSENT_TEXT_VERSION = "2026-1"
# Consent for an exemplar is asked only once the eindbeoordeling is final (§3.2 Sources: "the
# appeal period has passed"): this many days after it was sent. 42 is the six weeks a student
# has to appeal to the College van Beroep voor de Examens (WHW art. 7.61). An open doubt about
# a judgement of the placement holds it back as well.
CALIBRATION_APPEAL_DAYS = env_int("CALIBRATION_APPEAL_DAYS", 42)
if CALIBRATION_APPEAL_DAYS < 0:
    raise ImproperlyConfigured("CALIBRATION_APPEAL_DAYS must be 0 or more")
# An exemplar lives at most this many years after it was prepared (then its text is deleted).
CALIBRATION_EXEMPLAR_RETENTION_YEARS = env_int("CALIBRATION_EXEMPLAR_RETENTION_YEARS", 5)
# Special categories (health, neurodiversity, home situation): a hit blocks publication until
# the reviewer deletes the passage or confirms it is harmless. Matched as a word start,
# case-insensitively ("ziek" also finds "ziekte", "ziekenhuis").
CALIBRATION_SPECIAL_CATEGORY_WORDS = [
    "dyslexie",
    "dyscalculie",
    "adhd",
    "add",
    "autisme",
    "autist",
    "asperger",
    "zwanger",
    "ziek",
    "burn-out",
    "burnout",
    "overspannen",
    "depressie",
    "depressief",
    "angststoornis",
    "scheiding",
    "gescheiden",
    "medicatie",
    "medicijn",
    "therapie",
    "psycholoog",
    "diagnose",
    "rouw",
    "overleden",
    "mantelzorg",
]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}, "weasyprint": {"level": "WARNING"}},
}
