"""The monthly report's benchmark data: one organization of 500 practices with
10,000,000 planned procedures, written in SQL (INSERT ... SELECT generate_series) on
PostgreSQL, in a database kept between runs.

    python -m tests.bench.report_data            # make it, or say it is there
    python -m tests.bench.report_data --rebuild  # drop it and make it again

The database is `casepath_bench_report` on the server of PG_URL (as tools/with-postgres,
default postgres://postgres@127.0.0.1:5432), migrated with Django. A run that finds the
counts below reuses it at once; any other count (an interrupted load) makes it again.

Layout (every id is computed, so no statement joins to find another's rows):
- practice p (1..500): 3 providers (two dentists, a hygienist), 2 TCs, 2,000 patients
  with a referral source;
- case c (1..1,250,000) of practice (c-1) % 500 + 1, its j-th, diagnosed on a day of
  2024-2025 growing with j (about 104 cases per practice and month); a hash `u` of c
  gives the status mix (3% draft, 4% ready, 13% presented, 8% pending, 12% accepted,
  12% declined, 6% expired, 14% scheduled, 10% in progress, 18% completed), the
  presentation (a third the day of the diagnosis), the decision (a third the day of
  the presentation), first and last presenter (one in five differ), diagnosing
  dentist, case type, decline reason;
- two options per case (2c-1 recommended, with phases 3c-2 and 3c-1; 2c the
  alternative, phase 3c) and 8 planned procedures (4-6 in the recommended option),
  CDT codes of every category with their usual fees, one case in ten discounted 10%;
  a case said yes to accepts the recommended option (one in four only part of it), a
  declined case declines it;
- payments against cases scheduled, in progress or completed (two for completed), and
  a done follow-up call for a third of the presented cases.
"""

# Every statement is built from this module's constants, never from input:
# ruff: noqa: S608

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

SERVER = os.environ.get("PG_URL", "postgres://postgres@127.0.0.1:5432")
NAME = "casepath_bench_report"
PRACTICES = 500
PATIENTS_PER_PRACTICE = 2_000
CASES = 1_250_000
PROCEDURES_PER_CASE = 8
PROCEDURES = CASES * PROCEDURES_PER_CASE
FIRST_DAY = "2024-01-01"
DAYS = 731  # 2024-01-01 .. 2025-12-31
TABLES = (
    "patients_patient",
    "cases_case",
    "cases_caseoption",
    "cases_casephase",
    "cases_plannedprocedure",
    "payments_payment",
    "followups_task",
)


@dataclass(frozen=True)
class Loaded:
    counts: dict[str, int]
    seconds: float
    """How long making it took (0 when reused)."""
    size: str


def database_url() -> str:
    return f"{SERVER}/{NAME}"


def configure_django() -> None:
    """Start Django on the benchmark database (made empty when it does not exist)."""
    _create_database(drop=False)
    os.environ["DJANGO_SETTINGS_MODULE"] = "casepath.settings"
    os.environ["CASEPATH_DEMO"] = "1"
    os.environ["CASEPATH_VAR_DIR"] = tempfile.mkdtemp(prefix="casepath-bench-report-")
    os.environ["DATABASE_URL"] = database_url()
    import django

    django.setup()


def ensure(*, rebuild: bool = False, say: Callable[[str], None] = print) -> Loaded:
    """The data, reused when its counts are right; Django must not be set up yet."""
    if rebuild:
        _create_database(drop=True)
    configure_django()
    counts = _counts()
    if counts == expected_counts():
        _migrate_kept(say)
        say(f"data: reused {NAME} ({size()})")
        return Loaded(counts, 0.0, size())
    if any(counts.values()):
        say(f"data: {NAME} holds other counts ({counts}); making it again")
        from django.db import connections

        connections.close_all()
        _create_database(drop=True)
        configure_django()
    started = time.perf_counter()
    _load(say)
    seconds = time.perf_counter() - started
    counts = _counts()
    if counts != expected_counts():
        sys.exit(f"the load made {counts}, expected {expected_counts()}")
    say(f"data: made in {seconds:.0f} s ({size()})")
    return Loaded(counts, seconds, size())


def expected_counts() -> dict[str, int]:
    return {
        "tenancy_practice": PRACTICES,
        "cases_case": CASES,
        "cases_plannedprocedure": PROCEDURES,
    }


def size() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        return str(cursor.fetchone()[0])


def _create_database(*, drop: bool) -> None:
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as admin:
        if drop:
            admin.execute(f"DROP DATABASE IF EXISTS {NAME}")
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [NAME]).fetchone()
        if not exists:
            admin.execute(f"CREATE DATABASE {NAME}")


def _counts() -> dict[str, int]:
    from django.db import connection

    if "cases_case" not in connection.introspection.table_names():
        return {}
    counts = {}
    with connection.cursor() as cursor:
        for table in expected_counts():
            cursor.execute(f"SELECT count(*) FROM {table}")
            counts[table] = int(cursor.fetchone()[0])
    return counts


# ---- the load ---------------------------------------------------------------------


def _load(say: Callable[[str], None]) -> None:
    from django.core.management import call_command
    from django.db import connection

    step = _stepper(say)
    step("migrate", lambda: call_command("migrate", verbosity=0))
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit = off")
        cursor.execute("SET maintenance_work_mem = '512MB'")
        cursor.execute("SET session_replication_role = replica")  # no per-row FK checks
        indexes = _secondary_indexes(cursor)
        for name in indexes:
            cursor.execute(f"DROP INDEX {name}")
        for name, sql in LOAD:
            step(name, lambda sql=sql: cursor.execute(sql))
        step("indexes", lambda: [cursor.execute(d) for d in indexes.values()])
        step("case figures", lambda: _fill_case_figures(cursor))
        step("case figures side by side", lambda: _cluster_case_figures(cursor))
        cursor.execute("SET session_replication_role = origin")
        for table in ("auth_user", *SEQUENCED):
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT max(id) FROM {table}))"
            )
        step("analyze", lambda: cursor.execute("VACUUM ANALYZE"))


def _migrate_kept(say: Callable[[str], None]) -> None:
    """Apply migrations made since the data was loaded (CaseFigures fills itself)."""
    from django.core.management import call_command
    from django.db import connection

    step = _stepper(say)
    step("migrate", lambda: call_command("migrate", verbosity=0))
    with connection.cursor() as cursor:
        step("case figures side by side", lambda: _cluster_case_figures(cursor))
        step("analyze", lambda: cursor.execute("VACUUM ANALYZE reports_casefigures"))


def _cluster_case_figures(cursor: Any) -> None:
    """A case's CaseFigures rows side by side on disk, as the services leave them (they
    replace a case's rows together); a migration's fill of 10M procedures does not."""
    cursor.execute(
        "SELECT x.indisclustered FROM pg_index x JOIN pg_class c ON c.oid = x.indexrelid "
        "WHERE c.relname = 'case_figures_once'"
    )
    row = cursor.fetchone()
    if row is not None and not row[0]:
        cursor.execute("CLUSTER reports_casefigures USING case_figures_once")


def _fill_case_figures(cursor: Any) -> None:
    from casepath.reports.case_figures import fill_all_sql

    for sql in fill_all_sql():
        cursor.execute(sql)


def _stepper(say: Callable[[str], None]) -> Callable[[str, Callable[[], Any]], None]:
    def step(name: str, action: Callable[[], Any]) -> None:
        started = time.perf_counter()
        action()
        say(f"  {name}: {time.perf_counter() - started:.1f} s")

    return step


def _secondary_indexes(cursor: Any) -> dict[str, str]:
    """The loaded tables' indexes that enforce nothing: name -> the statement making it."""
    cursor.execute(
        "SELECT i.indexname, i.indexdef FROM pg_indexes i JOIN pg_class c "
        "ON c.relname = i.indexname JOIN pg_index x ON x.indexrelid = c.oid "
        "WHERE i.tablename = ANY(%s) AND NOT x.indisunique",
        [list(TABLES)],
    )
    return {str(name): str(definition) for name, definition in cursor.fetchall()}


SEQUENCED = (
    "tenancy_organization",
    "tenancy_practice",
    "tenancy_provider",
    "tenancy_membership",
    "patients_patient",
    "cases_case",
    "cases_caseoption",
    "cases_casephase",
    "cases_plannedprocedure",
)

# The case's hash u, its practice p and its rank j among the practice's cases.
CASE_SERIES = f"""
  SELECT c, (c - 1) % {PRACTICES} + 1 AS p, (c - 1) / {PRACTICES} AS j,
    (c * 2654435761) % 4294967296 AS u
  FROM generate_series(CAST(1 AS BIGINT), {CASES}) AS c"""

STATUS = """CASE
    WHEN u % 100 < 3 THEN 'draft' WHEN u % 100 < 7 THEN 'ready'
    WHEN u % 100 < 20 THEN 'presented' WHEN u % 100 < 28 THEN 'pending'
    WHEN u % 100 < 40 THEN 'accepted' WHEN u % 100 < 52 THEN 'declined'
    WHEN u % 100 < 58 THEN 'expired' WHEN u % 100 < 72 THEN 'scheduled'
    WHEN u % 100 < 82 THEN 'in_progress' ELSE 'completed' END"""
SAID_YES = "u % 100 BETWEEN 28 AND 39 OR u % 100 >= 58"
DECIDED = "u % 100 BETWEEN 28 AND 51 OR u % 100 >= 58"
PART = "(u / 49) % 4 = 0"
DIAGNOSED = f"DATE '{FIRST_DAY}' + CAST(j * {DAYS} / {CASES // PRACTICES} AS INTEGER)"
PRESENTED = "CASE WHEN (u / 100) % 3 = 0 THEN 0 ELSE CAST((u / 300) % 21 AS INTEGER) END"
DECISION_DAYS = "CASE WHEN (u / 7000) % 3 = 0 THEN 0 ELSE CAST((u / 21000) % 30 AS INTEGER) END"
TC = "2 * (p - 1) + 1"
REASONS = (
    "cost",
    "insurance",
    "timing",
    "fear",
    "second_opinion",
    "not_a_priority",
    "wants_alternative",
    "no_response",
    "other",
)
REASON = (
    "(ARRAY["
    + ", ".join(f"'{r}'" for r in REASONS)
    + f"])[CAST((u / 19) % {len(REASONS)} AS INTEGER) + 1]"
)
CASE_TYPE = """CASE WHEN (u / 17) % 100 < 30 THEN 'new_patient'
    WHEN (u / 17) % 100 < 75 THEN 'from_hygiene' WHEN (u / 17) % 100 < 87 THEN 'emergency'
    WHEN (u / 17) % 100 < 97 THEN 'specialty' ELSE 'orthodontic' END"""
SOURCES = ("patient", "provider", "web", "insurance", "campaign", "walk_in", "other", "")

# Codes of every category with usual fees; repeated codes are the common ones.
CODES = (
    ("D0150", "95.00"),
    ("D0210", "150.00"),
    ("D0274", "70.00"),
    ("D1110", "110.00"),
    ("D1110", "110.00"),
    ("D2391", "190.00"),
    ("D2392", "240.00"),
    ("D2392", "240.00"),
    ("D2740", "1350.00"),
    ("D2740", "1350.00"),
    ("D2750", "1250.00"),
    ("D2950", "310.00"),
    ("D2962", "1100.00"),
    ("D3310", "950.00"),
    ("D3330", "1300.00"),
    ("D4341", "280.00"),
    ("D4342", "190.00"),
    ("D4910", "150.00"),
    ("D5110", "1900.00"),
    ("D5213", "2100.00"),
    ("D6010", "2400.00"),
    ("D6057", "650.00"),
    ("D6065", "1600.00"),
    ("D6240", "1200.00"),
    ("D7140", "210.00"),
    ("D7210", "340.00"),
    ("D7953", "480.00"),
    ("D8090", "5800.00"),
    ("D9230", "80.00"),
    ("D9944", "550.00"),
)
CODE_TABLE = (
    "(VALUES "
    + ", ".join(
        f"({n}, '{code}', CAST({fee} AS NUMERIC(9, 2)))" for n, (code, fee) in enumerate(CODES)
    )
    + ") AS codes (n, code, fee)"
)

LOAD: tuple[tuple[str, str], ...] = (
    (
        "organization, practices, providers, TCs",
        f"""
INSERT INTO tenancy_organization (id, name, created_at) VALUES (1, 'Bench Dental Group', now());
INSERT INTO tenancy_practice (id, name, short_code, phone, email, address, time_zone,
  created_at, organization_id)
SELECT p, 'Practice ' || p, 'P' || lpad(CAST(p AS TEXT), 3, '0'), '', '', '',
  'America/New_York', now(), 1 FROM generate_series(1, {PRACTICES}) AS p;
INSERT INTO tenancy_provider (id, created_at, updated_at, kind, first_name, last_name,
  credentials, npi, specialty, is_external, is_active, organization_id, practice_id)
SELECT 3 * (p - 1) + k, now(), now(),
  CASE WHEN k = 3 THEN 'hygienist' ELSE 'dentist' END, 'Provider ' || k, 'P' || p,
  CASE WHEN k = 3 THEN 'RDH' ELSE 'DDS' END, '', '', false, true, 1, p
FROM generate_series(1, {PRACTICES}) AS p, generate_series(1, 3) AS k;
INSERT INTO auth_user (id, password, is_superuser, username, first_name, last_name,
  email, is_staff, is_active, date_joined)
SELECT 2 * (p - 1) + k, '!bench', false, 'bench-tc-' || p || '-' || k,
  'Coordinator ' || k, 'P' || p, '', false, true, now()
FROM generate_series(1, {PRACTICES}) AS p, generate_series(1, 2) AS k;
INSERT INTO tenancy_membership (id, role, is_active, created_at, user_id, practice_id)
SELECT 2 * (p - 1) + k, 'tc', true, now(), 2 * (p - 1) + k, p
FROM generate_series(1, {PRACTICES}) AS p, generate_series(1, 2) AS k;
""",
    ),
    (
        f"patients ({PRACTICES * PATIENTS_PER_PRACTICE:,})",
        f"""
INSERT INTO patients_patient (id, created_at, updated_at, chart_number, first_name,
  middle_name, last_name, preferred_name, date_of_birth, sex, mobile_phone, home_phone,
  work_phone, email, address_line1, address_line2, city, state, postal_code,
  preferred_contact_method, preferred_contact_times, sms_consent, preferred_language,
  time_zone, is_new_patient, referral_source, referral_detail, notes, status,
  last_name_key, first_name_key, mobile_phone_key, home_phone_key, work_phone_key,
  organization_id, practice_id, preferred_name_key)
SELECT {PATIENTS_PER_PRACTICE} * (p - 1) + k, now(), now(), 'B-' || k, 'First' || k, '',
  'Last' || (k % 397), '', DATE '1950-01-01' + (k * 37) % 25000, '', '', '', '', '', '',
  '', '', '', '', 'phone', '', false, 'English', '', false,
  (ARRAY[{", ".join(f"'{s}'" for s in SOURCES)}])[(k * 7) % {len(SOURCES)} + 1], '', '',
  'active', 'last' || (k % 397), 'first' || k, '', '', '', 1, p, ''
FROM generate_series(1, {PRACTICES}) AS p, generate_series(1, {PATIENTS_PER_PRACTICE}) AS k
""",
    ),
    (
        f"cases ({CASES:,})",
        f"""
INSERT INTO cases_case (id, created_at, updated_at, title, case_type, urgency,
  diagnosed_on, chief_concern, goals, missing_teeth, status, status_changed_at,
  plan_version, presented_on, expires_on, acceptance, decided_on, decline_reason,
  decline_detail, coordinator_id, diagnosing_provider_id, first_presenter_id,
  last_presenter_id, organization_id, patient_id, practice_id, accepted_option_id)
SELECT c, d.diagnosed, d.diagnosed, 'Treatment plan ' || c, {CASE_TYPE}, 'soon',
  d.diagnosed, '', '', '', {STATUS}, d.diagnosed, 1,
  CASE WHEN u % 100 >= 7 THEN d.diagnosed + {PRESENTED} END,
  CASE WHEN u % 100 >= 7 THEN d.diagnosed + {PRESENTED} + 30 END,
  CASE WHEN {SAID_YES} THEN CASE WHEN {PART} THEN 'part' ELSE 'whole' END ELSE '' END,
  CASE WHEN {DECIDED} THEN d.diagnosed + {PRESENTED} + {DECISION_DAYS} END,
  CASE WHEN u % 100 BETWEEN 40 AND 51 THEN {REASON} ELSE '' END, '',
  {TC} + CAST((u / 1000) % 2 AS INTEGER), 3 * (p - 1) + 1 + CAST((u / 13) % 2 AS INTEGER),
  CASE WHEN u % 100 >= 7 THEN {TC} + CAST((u / 1000) % 2 AS INTEGER) END,
  CASE WHEN u % 100 >= 7 THEN {TC} + CAST(((u / 1000) + CASE WHEN (u / 3001) % 5 = 0
    THEN 1 ELSE 0 END) % 2 AS INTEGER) END,
  1, {PATIENTS_PER_PRACTICE} * (p - 1) + (j * 7) % {PATIENTS_PER_PRACTICE} + 1, p,
  CASE WHEN {SAID_YES} THEN 2 * c - 1 END
FROM ({CASE_SERIES}) AS s, LATERAL (SELECT {DIAGNOSED} AS diagnosed) AS d
""",
    ),
    (
        f"options ({2 * CASES:,}) and phases ({3 * CASES:,})",
        f"""
INSERT INTO cases_caseoption (id, created_at, updated_at, position, name, summary,
  is_recommended, case_id, organization_id, practice_id)
SELECT 2 * c - 1 + k, now(), now(), k, CASE WHEN k = 0 THEN 'Recommended' ELSE 'Alternative'
  END, '', k = 0, c, 1, p
FROM ({CASE_SERIES}) AS s, generate_series(0, 1) AS k;
INSERT INTO cases_casephase (id, created_at, updated_at, position, name, option_id,
  organization_id, practice_id)
SELECT 3 * c - 2 + k, now(), now(), k % 2, 'Phase ' || (k % 2 + 1),
  CASE WHEN k < 2 THEN 2 * c - 1 ELSE 2 * c END, 1, p
FROM ({CASE_SERIES}) AS s, generate_series(0, 2) AS k
""",
    ),
    (
        f"planned procedures ({PROCEDURES:,})",
        f"""
INSERT INTO cases_plannedprocedure (id, created_at, updated_at, position, code, tooth,
  surfaces, fee, fee_typed, discount, visits, healing_days, decision, case_id,
  organization_id, phase_id, practice_id, provider_id)
SELECT {PROCEDURES_PER_CASE} * (c - 1) + q, now(), now(), q - 1, codes.code,
  CAST(1 + (u / 53 + q) % 32 AS TEXT), '', codes.fee, false,
  CASE WHEN (u / 31) % 10 = 0 THEN round(codes.fee / 10, 2) ELSE 0 END, 1, 0,
  CASE WHEN q > r.k THEN 'undecided'
       WHEN {SAID_YES} THEN CASE WHEN {PART} AND q = r.k THEN 'declined' ELSE 'accepted' END
       WHEN u % 100 BETWEEN 40 AND 51 THEN 'declined' ELSE 'undecided' END,
  c, 1,
  CASE WHEN q > r.k THEN 3 * c WHEN 2 * q <= r.k + 1 THEN 3 * c - 2 ELSE 3 * c - 1 END,
  p, NULL
FROM ({CASE_SERIES}) AS s
  CROSS JOIN LATERAL (SELECT 4 + CAST((u / 23) % 3 AS INTEGER) AS k) AS r
  CROSS JOIN generate_series(1, {PROCEDURES_PER_CASE}) AS q
  JOIN {CODE_TABLE} ON codes.n = (u / 29 + q * 7) % {len(CODES)}
""",
    ),
    (
        "payments",
        f"""
INSERT INTO payments_payment (created_at, updated_at, amount, received_on, payer,
  reference, note, source, case_id, organization_id, patient_id, practice_id,
  recorded_by_id, batch_id)
SELECT now(), now(), 200 + (u / 37) % 1800, cs.decided_on + 7 + 30 * n,
  CASE WHEN n = 0 THEN 'patient' ELSE 'insurance' END, '', '', 'imported', c, 1,
  cs.patient_id, p, {TC}, NULL
FROM ({CASE_SERIES}) AS s JOIN cases_case cs ON cs.id = s.c
  CROSS JOIN generate_series(0, 1) AS n
WHERE u % 100 >= 58 AND (n = 0 OR u % 100 >= 82)
""",
    ),
    (
        "follow-ups done",
        f"""
INSERT INTO followups_task (created_at, updated_at, kind, reason, title, due_at,
  priority, value_at_stake, status, outcome, note, key, closed_at, case_id,
  closed_by_id, organization_id, owner_id, patient_id, practice_id, decline_reason)
SELECT t.due, t.due, 'call', 'presented', 'Follow up on the plan', t.due, 2, 0, 'done',
  CASE WHEN {SAID_YES} THEN 'scheduled' ELSE 'thinking' END, '', 'bench:case:' || c,
  t.due + INTERVAL '1 hour', c, cs.first_presenter_id, 1, cs.first_presenter_id,
  cs.patient_id, p, ''
FROM ({CASE_SERIES}) AS s JOIN cases_case cs ON cs.id = s.c,
  LATERAL (SELECT CAST(cs.presented_on + 3 AS TIMESTAMPTZ) AS due) AS t
WHERE u % 100 >= 7 AND (u / 41) % 3 = 0
""",
    ),
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench.report_data")
    parser.add_argument("--rebuild", action="store_true", help="drop the database and load again")
    options = parser.parse_args(sys.argv[1:] if argv is None else argv)
    loaded = ensure(rebuild=options.rebuild)
    print(", ".join(f"{t} {n:,}" for t, n in loaded.counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
