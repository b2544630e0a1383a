"""Writing a million follow-up tasks as a bulk load is done, for the benchmarks that
need them (worklist, huddle): in one transaction, the task table's secondary indexes
dropped first and made again after, and PostgreSQL's per-row foreign key checks
skipped when the user is a superuser (as tools/with-postgres connects): the load takes
its ids from the tables they point to."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any


def timed(action: Callable[[], object]) -> float:
    """Seconds `action` took."""
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


@contextmanager
def task_bulk_load() -> Iterator[Any]:
    """A cursor inside the load's transaction; the indexes come back at the end."""
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        _trust_foreign_keys(cursor)
        indexes = _secondary_indexes(cursor)
        for name in indexes:
            cursor.execute(f"DROP INDEX {name}")
        yield cursor
        for definition in indexes.values():
            cursor.execute(definition)


def _trust_foreign_keys(cursor: Any) -> None:
    from django.db import connection

    if connection.vendor == "postgresql":
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        if cursor.fetchone()[0]:
            cursor.execute("SET LOCAL session_replication_role = replica")


def _secondary_indexes(cursor: Any) -> dict[str, str]:
    """The task table's indexes that enforce nothing: name -> the statement making it."""
    from django.db import connection

    if connection.vendor == "postgresql":
        cursor.execute(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i JOIN pg_class c "
            "ON c.relname = i.indexname JOIN pg_index x ON x.indexrelid = c.oid "
            "WHERE i.tablename = 'followups_task' AND NOT x.indisunique"
        )
    else:
        cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' "
            "AND tbl_name = 'followups_task' AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'"
        )
    return {str(name): str(definition) for name, definition in cursor.fetchall()}
