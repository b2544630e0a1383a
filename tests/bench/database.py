"""A fresh, empty database for a benchmark run, configured before Django starts.

SQLite by default: a file in a temporary folder, removed at exit. With
`--postgres`, the benchmark re-runs itself through tools/with-postgres, which
creates a database and drops it afterwards; an explicit DATABASE_URL is used
as given but must point to an empty database (a benchmark seeds 100,000
patients into it).
"""

from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[2]
WITH_POSTGRES = REPOSITORY / "tools" / "with-postgres"


def rerun_on_postgres(module: str, argv: list[str]) -> None:
    """Replace this process with the same benchmark on a fresh PostgreSQL database."""
    args = [a for a in argv if a != "--postgres"]
    command = [str(WITH_POSTGRES), sys.executable, "-m", module, *args]
    os.execv(command[0], command)  # noqa: S606 (our own script, fixed arguments)


def configure_django() -> str:
    """Point the settings at the benchmark database and start Django; return its URL."""
    scratch = Path(tempfile.mkdtemp(prefix="casepath-bench-"))
    atexit.register(shutil.rmtree, scratch, ignore_errors=True)
    os.environ["DJANGO_SETTINGS_MODULE"] = "casepath.settings"
    os.environ["CASEPATH_DEMO"] = "1"
    os.environ["CASEPATH_VAR_DIR"] = str(scratch)
    # As outside demo mode: the page pays for the organization admin's 2FA check too.
    os.environ.setdefault("CASEPATH_REQUIRE_ADMIN_2FA", "1")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{scratch / 'bench.sqlite3'}")
    import django

    django.setup()
    _refuse_a_database_in_use()
    return os.environ["DATABASE_URL"]


def _refuse_a_database_in_use() -> None:
    from django.db import connection

    if connection.introspection.table_names():
        sys.exit(
            "The benchmark needs an empty database, and DATABASE_URL points to one "
            "with tables. Unset it (SQLite in a temporary folder) or use --postgres."
        )


def describe_database() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            return f"PostgreSQL {cursor.fetchone()[0]}"
        cursor.execute("SELECT sqlite_version()")
        return f"SQLite {cursor.fetchone()[0]} (WAL, synchronous=NORMAL)"
