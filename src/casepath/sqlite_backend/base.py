"""Django's SQLite backend plus `PRAGMA optimize` as each connection closes.

SQLite plans from statistics that only ANALYZE gathers. Casepath opens a SQLite
connection per request (CONN_MAX_AGE 0), and for short-lived connections SQLite
recommends `PRAGMA analysis_limit=400; PRAGMA optimize;` just before closing.
Before SQLite 3.46 (Debian 12 has 3.40), optimize re-analyses only the tables
this connection queried (one that grew 25-fold, or has an index without
statistics): run at open, as recommended for long-lived connections from 3.46
on, it does nothing. It never waits for another writer: with the lock taken, it
is skipped.
"""

from __future__ import annotations

from contextlib import suppress

from django.db.backends.sqlite3 import base


class DatabaseWrapper(base.DatabaseWrapper):
    def _close(self) -> None:
        if self.connection is not None and not self.connection.in_transaction:
            with suppress(base.Database.Error):  # statistics can wait for the next connection
                self.connection.execute("PRAGMA busy_timeout = 0")
                self.connection.execute("PRAGMA analysis_limit = 400")
                self.connection.execute("PRAGMA optimize")
        super()._close()
