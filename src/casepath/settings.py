"""Casepath settings: everything comes from the environment (docs/operator/configuration.md).

A fresh checkout runs with no environment in demo mode (`CASEPATH_DEMO=1`, what
`make demo` sets). Outside demo mode, `SECRET_KEY` and `ALLOWED_HOSTS` are required
and every bad value stops start-up with a message naming the variable.
"""

from __future__ import annotations

import secrets
from pathlib import Path

import dj_database_url
from cryptography.fernet import Fernet

from casepath.envconfig import (
    EnvError,
    env_bool,
    env_choice,
    env_int,
    env_list,
    env_required,
    env_str,
)

PACKAGE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(env_str("CASEPATH_VAR_DIR") or Path.cwd() / "var").resolve()

DEMO_MODE = env_bool("CASEPATH_DEMO", False)
DEBUG = env_bool("DEBUG", False)
LOCAL_MODE = DEMO_MODE or DEBUG


def _demo_secret_key() -> str:
    """A per-checkout key kept in var/, so demo sessions survive restarts."""
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key_file = VAR_DIR / "demo-secret-key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def _secret_key() -> str:
    key = env_str("SECRET_KEY")
    if not key and LOCAL_MODE:
        return _demo_secret_key()
    if not key:
        raise EnvError("SECRET_KEY", "must be set (at least 50 random characters)")
    if len(key) < 50:
        raise EnvError("SECRET_KEY", "must be at least 50 characters long")
    return key


SECRET_KEY = _secret_key()


def _demo_field_key() -> str:
    """A per-checkout member-ID key kept in var/, like the demo secret key."""
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key_file = VAR_DIR / "demo-field-key"
    if not key_file.exists():
        key_file.write_text(Fernet.generate_key().decode())
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def _field_keys() -> tuple[str, ...]:
    """Fernet keys for encrypted columns: the first encrypts, all decrypt (rotation)."""
    keys = tuple(k.strip() for k in (env_str("CASEPATH_FIELD_KEYS") or "").split(",") if k.strip())
    if not keys and LOCAL_MODE:
        return (_demo_field_key(),)
    if not keys:
        raise EnvError("CASEPATH_FIELD_KEYS", "must be set: comma-separated Fernet keys")
    for number, key in enumerate(keys, start=1):
        try:
            Fernet(key.encode())
        except ValueError:
            raise EnvError(
                "CASEPATH_FIELD_KEYS", f"key {number} is not a Fernet key (44 characters)"
            ) from None
    return keys


CASEPATH_FIELD_KEYS = _field_keys()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if LOCAL_MODE else [])
if not ALLOWED_HOSTS:
    raise EnvError("ALLOWED_HOSTS", "must list the host names Casepath answers to")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])


def _database() -> dict[str, object]:
    default_url = f"sqlite:///{VAR_DIR / 'casepath.sqlite3'}"
    url = env_str("DATABASE_URL") or default_url
    try:
        config = dj_database_url.parse(url, conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60))
    except ValueError as exc:
        raise EnvError("DATABASE_URL", f"is not a valid database URL: {exc}") from None
    engine = str(config.get("ENGINE", ""))
    if not engine.endswith(("sqlite3", "postgresql")):
        raise EnvError("DATABASE_URL", "must be a sqlite:// or postgres:// URL")
    if engine.endswith("sqlite3"):
        Path(str(config["NAME"])).parent.mkdir(parents=True, exist_ok=True)
        config["ENGINE"] = "casepath.sqlite_backend"  # Django's, plus PRAGMA optimize at close
        config["OPTIONS"] = {"init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"}
        config["CONN_MAX_AGE"] = 0
    else:
        # JIT compiling spent seconds on the report statements for a few ms of gain
        # (docs/performance.md, the monthly report); plain plans are faster here.
        config["OPTIONS"] = {"options": "-c jit=off"}
    return config


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "ninja",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_tasks",
    "django_tasks_db",
    "casepath.web",
    "casepath.tenancy",
    "casepath.accounts",
    "casepath.audit",
    "casepath.patients",
    "casepath.insurance",
    "casepath.procedures",
    "casepath.estimates",
    "casepath.scheduling",
    "casepath.cases",
    "casepath.financing",
    "casepath.followups",
    "casepath.predeterminations",
    "casepath.huddle",
    "casepath.messaging",
    "casepath.intake",
    "casepath.referrals",
    "casepath.payments",
    "casepath.reports",
    "casepath.compensation",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "casepath.accounts.middleware.IdleLogoffMiddleware",
    # Before the second factor: its admin check reads the memberships this one loaded.
    "casepath.tenancy.middleware.CurrentPracticeMiddleware",
    "casepath.accounts.middleware.TwoFactorMiddleware",
    "casepath.accounts.middleware.NoStoreMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "casepath.urls"
WSGI_APPLICATION = "casepath.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "casepath.web.context.workbench",
            ],
        },
    },
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
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
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:today"
LOGOUT_REDIRECT_URL = "accounts:login"

# Lockout (django-axes): 5 failures for one user name from one address lock it for 15 minutes.
AXES_FAILURE_LIMIT = env_int("CASEPATH_LOCKOUT_FAILURES", 5, minimum=1)
AXES_COOLOFF_TIME = env_int("CASEPATH_LOCKOUT_MINUTES", 15, minimum=1) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_USERNAME_FORM_FIELD = "username"
AXES_VERBOSE = False

# Idle logoff: a signed-in session ends after this many minutes without a request.
CASEPATH_IDLE_MINUTES = env_int("CASEPATH_IDLE_MINUTES", 15, minimum=1)
CASEPATH_IDLE_SECONDS = env_int("CASEPATH_IDLE_SECONDS", CASEPATH_IDLE_MINUTES * 60, minimum=5)
# Organization admins must use two-factor sign-in, except in demo mode.
CASEPATH_REQUIRE_ADMIN_2FA = env_bool("CASEPATH_REQUIRE_ADMIN_2FA", not DEMO_MODE)
OTP_TOTP_ISSUER = "Casepath"

SESSION_COOKIE_AGE = 12 * 60 * 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env_bool("CASEPATH_SECURE_COOKIES", not LOCAL_MODE)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_SSL_REDIRECT = env_bool("CASEPATH_SSL_REDIRECT", False)
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("CASEPATH_BEHIND_TLS_PROXY", False) else None
)
X_FRAME_OPTIONS = "DENY"

# E-mail: smtp (production), console (demo) or file (var/mail).
EMAIL_MODE = env_choice(
    "CASEPATH_EMAIL", "console" if LOCAL_MODE else "smtp", ("smtp", "console", "file")
)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Casepath <no-reply@casepath.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if EMAIL_MODE == "smtp":
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = env_required("EMAIL_HOST", "CASEPATH_EMAIL=smtp sends mail through it")
    EMAIL_PORT = env_int("EMAIL_PORT", 587, minimum=1)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "") or ""
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "") or ""
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
    EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
    if EMAIL_USE_TLS and EMAIL_USE_SSL:
        raise EnvError("EMAIL_USE_TLS", "and EMAIL_USE_SSL cannot both be on")
    EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20, minimum=1)
elif EMAIL_MODE == "file":
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = str(VAR_DIR / "mail")
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# Text messages: off, console (printed to the log: the demo) or http (a provider's API).
SMS_MODE = env_choice(
    "CASEPATH_SMS", "console" if LOCAL_MODE else "off", ("off", "console", "http")
)
CASEPATH_SMS_URL = env_str("CASEPATH_SMS_URL", "") or ""
CASEPATH_SMS_TOKEN = env_str("CASEPATH_SMS_TOKEN", "") or ""  # a secret: never logged
CASEPATH_SMS_FROM = env_str("CASEPATH_SMS_FROM", "") or ""
CASEPATH_SMS_WEBHOOK_SECRET = env_str("CASEPATH_SMS_WEBHOOK_SECRET", "") or ""
if SMS_MODE == "http":
    CASEPATH_SMS_URL = env_required("CASEPATH_SMS_URL", "CASEPATH_SMS=http posts texts to it")
    CASEPATH_SMS_TOKEN = env_required("CASEPATH_SMS_TOKEN", "the provider's API token")
    CASEPATH_SMS_FROM = env_required("CASEPATH_SMS_FROM", "the number texts come from")
    if not CASEPATH_SMS_URL.startswith(("https://", "http://")):
        raise EnvError("CASEPATH_SMS_URL", "must be an http(s):// URL")
# Where patients reach Casepath: links in e-mails (unsubscribe) sent by the worker.
CASEPATH_PUBLIC_URL = (
    env_str("CASEPATH_PUBLIC_URL", "http://localhost:8000" if LOCAL_MODE else "") or ""
).rstrip("/")

# Background work (re-estimates): tasks are rows in the database; `casepath worker` runs
# them (`casepath demo` runs a worker beside the web server).
TASKS = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]},
}

LANGUAGE_CODE = "en-us"
TIME_ZONE = env_str("CASEPATH_DEFAULT_TIME_ZONE", "America/New_York") or "America/New_York"
USE_I18N = True
USE_TZ = True

# Uploaded images, signed consents and generated documents: never served directly,
# only through views that check the practice and audit the reading.
MEDIA_ROOT = Path(env_str("CASEPATH_MEDIA_DIR") or VAR_DIR / "media").resolve()

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = LOCAL_MODE

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO") or "INFO"},
    "loggers": {"axes": {"level": "WARNING"}, "weasyprint.progress": {"level": "WARNING"}},
}
