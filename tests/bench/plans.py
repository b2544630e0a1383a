"""Reading query plans: how a search reads the patients table, on SQLite and PostgreSQL.

A read is "narrowed" when its index condition includes a search column (a name,
phone, birth-date or chart key). A read whose index condition is only the
practice walks every patient of the practice, in index order, however fast it
may stop; a table scan reads every patient of every practice.
"""

from __future__ import annotations

import re

SEARCH_COLUMNS = ("name_key", "phone_key", "date_of_birth", "chart_number")
_COLUMN = re.compile(r"\b(practice_id|\w+_name_key|\w+_phone_key|date_of_birth|chart_number)\b")
_POSTGRES_READ = re.compile(
    r"(Seq Scan on patients_patient\b(?! t\d)|(?:Bitmap )?Index (?:Only )?Scan (?:using |on )(\S+))"
)
_SQLITE_READ = re.compile(r"\b(SCAN|SEARCH) (?:patients_patient|U\d+)\b(.*)")  # U0: a subquery
_SQLITE_INDEX = re.compile(r"USING (?:COVERING )?INDEX (\S+)")


def patient_reads(plan: str) -> list[tuple[str, bool]]:
    """Each read of the searched patients as (how, narrowed by a search column?).

    Primary-key lookups (the responsible party joined in, or rows a subquery chose)
    are left out.
    """
    lines = plan.splitlines()
    reads = []
    for number, line in enumerate(lines):
        postgres, sqlite = _POSTGRES_READ.search(line), _SQLITE_READ.search(line)
        if postgres and not (postgres[2] or "").endswith("_pkey"):
            following = lines[number + 1] if number + 1 < len(lines) else ""
            condition = following if "Index Cond" in following else ""
            reads.append(_describe(postgres[2] or "Seq Scan", condition))
        elif sqlite and "INTEGER PRIMARY KEY" not in sqlite[2]:
            index = _SQLITE_INDEX.search(sqlite[2])
            how = index[1] if index else f"{sqlite[1]} (the whole table)"
            reads.append(_describe(how, sqlite[2] if index else ""))
    return reads


def _describe(index: str, condition: str) -> tuple[str, bool]:
    columns = list(dict.fromkeys(_COLUMN.findall(condition)))
    narrowed = any(column.endswith(SEARCH_COLUMNS) for column in columns)
    return f"{index} ({', '.join(columns) or 'no condition'})", narrowed
