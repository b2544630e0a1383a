"""settings.py read afresh under a given environment: defaults, good values, bad values.

The module is executed with runpy into a plain dict, so the running test
settings are untouched. test_environment.py proves the same errors stop the
real command; these tests cover the values that are accepted.
"""

from __future__ import annotations

import base64
import os
import runpy
from pathlib import Path
from typing import Any

import pytest

import casepath.settings
from casepath.envconfig import EnvError

SETTINGS_FILE = casepath.settings.__file__
CONFIGURATION = ("CASEPATH_", "EMAIL_", "DATABASE_", "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS")
PRODUCTION = {
    "CASEPATH_FIELD_KEYS": base64.urlsafe_b64encode(b"casepath-test-field-key-32-bytes").decode(),
    "SECRET_KEY": "operator-" + "k" * 60,
    "ALLOWED_HOSTS": "casepath.example.com, www.casepath.example.com",
    "EMAIL_HOST": "smtp.example.com",
}


@pytest.fixture
def read_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Any:
    """Returns a function: environment changes -> the settings module's globals."""
    for name in list(os.environ):
        if name.startswith(CONFIGURATION):
            monkeypatch.delenv(name)
    monkeypatch.setenv("CASEPATH_VAR_DIR", str(tmp_path / "var"))

    def read(**env: str) -> dict[str, Any]:
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        return runpy.run_path(SETTINGS_FILE)

    return read


def test_production_defaults_are_safe(read_settings: Any) -> None:
    values = read_settings(**PRODUCTION)
    assert values["DEBUG"] is False
    assert values["DEMO_MODE"] is False
    assert values["ALLOWED_HOSTS"] == ["casepath.example.com", "www.casepath.example.com"]
    assert values["CASEPATH_REQUIRE_ADMIN_2FA"] is True
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CASEPATH_IDLE_SECONDS"] == 15 * 60
    assert values["AXES_FAILURE_LIMIT"] == 5
    assert values["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert (values["EMAIL_PORT"], values["EMAIL_USE_TLS"]) == (587, True)
    assert values["PASSWORD_HASHERS"][0].endswith("Argon2PasswordHasher")


def test_debug_only_when_asked(read_settings: Any) -> None:
    assert read_settings(**PRODUCTION, DEBUG="yes")["DEBUG"] is True


def test_demo_mode_needs_no_environment(read_settings: Any, tmp_path: Path) -> None:
    values = read_settings(CASEPATH_DEMO="1")
    assert len(values["SECRET_KEY"]) >= 50
    assert (tmp_path / "var" / "demo-secret-key").read_text() == values["SECRET_KEY"]
    assert values["ALLOWED_HOSTS"] == ["127.0.0.1", "localhost"]
    assert values["CASEPATH_REQUIRE_ADMIN_2FA"] is False
    assert values["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"
    assert values["DATABASES"]["default"]["NAME"] == str(tmp_path / "var" / "casepath.sqlite3")


def test_idle_minutes_and_lockout_are_read(read_settings: Any) -> None:
    values = read_settings(**PRODUCTION, CASEPATH_IDLE_MINUTES="5", CASEPATH_LOCKOUT_FAILURES="3")
    assert values["CASEPATH_IDLE_SECONDS"] == 300
    assert values["AXES_FAILURE_LIMIT"] == 3


def test_postgres_database_url(read_settings: Any) -> None:
    values = read_settings(**PRODUCTION, DATABASE_URL="postgres://cp:pw@db.internal:5433/casepath")
    database = values["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["HOST"], database["PORT"], database["NAME"]) == (
        "db.internal",
        5433,
        "casepath",
    )


def test_secret_key_from_a_file(read_settings: Any, tmp_path: Path) -> None:
    key_file = tmp_path / "secret"
    key_file.write_text("f" * 64 + "\n")
    values = read_settings(
        **{k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"},
        SECRET_KEY_FILE=str(key_file),
    )
    assert values["SECRET_KEY"] == "f" * 64


@pytest.mark.parametrize(
    ("variable", "env"),
    [
        ("SECRET_KEY", {"SECRET_KEY": ""}),
        ("ALLOWED_HOSTS", {"ALLOWED_HOSTS": " , "}),
        ("CASEPATH_IDLE_SECONDS", {"CASEPATH_IDLE_SECONDS": "2"}),
        ("CASEPATH_LOCKOUT_FAILURES", {"CASEPATH_LOCKOUT_FAILURES": "0"}),
        ("CASEPATH_REQUIRE_ADMIN_2FA", {"CASEPATH_REQUIRE_ADMIN_2FA": "sometimes"}),
        ("EMAIL_PORT", {"EMAIL_PORT": "smtp"}),
        ("EMAIL_USE_TLS", {"EMAIL_USE_TLS": "1", "EMAIL_USE_SSL": "1"}),
        ("DATABASE_URL", {"DATABASE_URL": "oracle://x@y/z"}),
    ],
)
def test_bad_value_names_its_variable(
    read_settings: Any, variable: str, env: dict[str, str]
) -> None:
    with pytest.raises(EnvError) as failed:
        read_settings(**(PRODUCTION | env))
    assert failed.value.name == variable
    assert str(failed.value).startswith(variable)
