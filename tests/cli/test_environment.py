"""The installed `casepath` command in a clean environment, as an operator runs it.

Each run is a fresh process (settings are read once per process). Everything it
writes goes to tmp_path: CASEPATH_VAR_DIR and a SQLite DATABASE_URL point there.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

CASEPATH = Path(sys.executable).with_name("casepath")
GOOD_KEY = "operator-" + "k" * 60
FIELD_KEY = base64.urlsafe_b64encode(b"casepath-test-field-key-32-bytes").decode()  # Fernet
# Variables of the test process that must not leak into the command's environment.
CONFIG_PREFIXES = ("CASEPATH_", "DJANGO_", "EMAIL_", "DATABASE_", "DEBUG", "SECRET_KEY", "ALLOWED_")


def clean_env(tmp_path: Path, **changes: str | None) -> dict[str, str]:
    """A production-like environment; a change of None removes the variable."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(CONFIG_PREFIXES)}
    env.update(
        SECRET_KEY=GOOD_KEY,
        CASEPATH_FIELD_KEYS=FIELD_KEY,
        ALLOWED_HOSTS="casepath.example.com",
        CASEPATH_EMAIL="console",
        CASEPATH_VAR_DIR=str(tmp_path / "var"),
        DATABASE_URL=f"sqlite:///{tmp_path / 'casepath.sqlite3'}",
    )
    for name, value in changes.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return env


def run(env: dict[str, str], *args: str, module: bool = False) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "casepath"] if module else [str(CASEPATH)]
    return subprocess.run(
        [*command, *args], env=env, capture_output=True, text=True, timeout=120, check=False
    )


def error_paths(done: subprocess.CompletedProcess[str]) -> list[str]:
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    return [error["path"] for error in json.loads(done.stderr)["errors"]]


BAD_ENVIRONMENTS = {
    "missing SECRET_KEY": ("SECRET_KEY", {"SECRET_KEY": None, "CASEPATH_DEMO": None}),
    "short SECRET_KEY": ("SECRET_KEY", {"SECRET_KEY": "too-short"}),
    "unreadable SECRET_KEY_FILE": ("SECRET_KEY_FILE", {"SECRET_KEY_FILE": "/nonexistent/key"}),
    "empty ALLOWED_HOSTS": ("ALLOWED_HOSTS", {"ALLOWED_HOSTS": ""}),
    "DEBUG=maybe": ("DEBUG", {"DEBUG": "maybe"}),
    "idle minutes not a number": ("CASEPATH_IDLE_MINUTES", {"CASEPATH_IDLE_MINUTES": "abc"}),
    "smtp without a host": ("EMAIL_HOST", {"CASEPATH_EMAIL": "smtp"}),
    "unknown e-mail mode": ("CASEPATH_EMAIL", {"CASEPATH_EMAIL": "pigeon"}),
    "MySQL": ("DATABASE_URL", {"DATABASE_URL": "mysql://casepath:pw@127.0.0.1/casepath"}),
    "unreachable PostgreSQL": ("DATABASE_URL", {"DATABASE_URL": "postgres://cp@127.0.0.1:1/cp"}),
}


@pytest.mark.parametrize(("variable", "changes"), BAD_ENVIRONMENTS.values(), ids=BAD_ENVIRONMENTS)
def test_bad_setting_stops_start_up_naming_the_variable(
    tmp_path: Path, variable: str, changes: dict[str, str | None]
) -> None:
    done = run(clean_env(tmp_path, **changes), "migrate")
    assert error_paths(done) == [variable]
    assert variable in json.loads(done.stderr)["errors"][0]["message"]
    assert done.stdout == ""


def test_python_dash_m_reports_bad_options_as_json(tmp_path: Path) -> None:
    done = run(clean_env(tmp_path), "seed", "--patients", "-1", module=True)
    assert error_paths(done) == ["--patients"]


PATIENT_DUMP = """
    SELECT chart_number, first_name, last_name, date_of_birth
    FROM patients_patient ORDER BY chart_number
"""


def _dump(database: Path) -> list[tuple[str, ...]]:
    with sqlite3.connect(database) as connection:
        return connection.execute(PATIENT_DUMP).fetchall()


@pytest.fixture(scope="module")
def migrated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A freshly migrated, empty SQLite database (built once, copied per test)."""
    where = tmp_path_factory.mktemp("migrated")
    done = run(clean_env(where), "migrate")
    assert done.returncode == 0, done.stderr
    return where / "casepath.sqlite3"


def _copy_database(source: Path, target_dir: Path) -> Path:
    target_dir.mkdir()
    for suffix in ("", "-wal", "-shm"):  # a WAL database is the file plus its journal
        if Path(f"{source}{suffix}").exists():
            shutil.copy(f"{source}{suffix}", target_dir / f"casepath.sqlite3{suffix}")
    return target_dir / "casepath.sqlite3"


def _seed_copies(migrated: Path, tmp_path: Path, seeds: list[int]) -> list[Path]:
    """Seed one copy of the empty database per seed, in parallel processes."""
    copies = [_copy_database(migrated, tmp_path / f"db{i}") for i in range(len(seeds))]

    def seed(database: Path, value: int) -> None:
        done = run(clean_env(database.parent), "seed", "--patients", "20", "--seed", str(value))
        assert done.returncode == 0, done.stderr
        assert "6 staff logins, 40 patients" in done.stdout

    with ThreadPoolExecutor(max_workers=len(seeds)) as pool:
        list(pool.map(seed, copies, seeds))
    return copies


def test_same_seed_gives_the_same_patients_in_fresh_databases(
    migrated: Path, tmp_path: Path
) -> None:
    first, second, other = _seed_copies(migrated, tmp_path, [7, 7, 8])
    patients = _dump(first)
    assert len(patients) == 40 + 60  # 20 per practice, and 30 new patients from first calls each
    assert len({(p[1], p[2]) for p in patients}) > 20  # real variety, not one name repeated
    assert _dump(second) == patients
    assert _dump(other) != patients
