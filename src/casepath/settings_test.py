"""Settings for the test suite: the real settings, with fast hashing and test mail."""

import os

os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "test-only-" + "x" * 60)
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
os.environ.setdefault("CASEPATH_EMAIL", "console")
os.environ.setdefault("CASEPATH_REQUIRE_ADMIN_2FA", "1")
# A fixed, test-only key for encrypted columns (member IDs); never used outside tests.
os.environ.setdefault("CASEPATH_FIELD_KEYS", "dGVzdC1vbmx5LWZpZWxkLWtleS1ub3QtYS1zZWNyZXQ=")

from casepath.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True

if DATABASES["default"]["ENGINE"] == "casepath.sqlite_backend":  # noqa: F405
    # In memory, as Django's default; said outright so that pytest-xdist's workers
    # (each a process of its own) do not try to name a file per worker.
    DATABASES["default"].setdefault("TEST", {})["NAME"] = ":memory:"  # noqa: F405
