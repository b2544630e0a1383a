"""How a search reads the patients: through the index on its own key, never the whole practice.

The plans are read as the benchmark reads them (tests/bench/plans.py), on a
practice of a few thousand patients with planner statistics, as seeding leaves them.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.db.utils import ConnectionHandler

from casepath import cli
from casepath.demo.generator import seed_database
from casepath.patients.models import Patient
from casepath.patients.selectors import SEARCH_LIMIT, patient_search, patient_search_query
from tests.bench.plans import patient_reads
from tests.conftest import World

CROWD = 3000


@pytest.fixture
def crowded(world: World) -> World:
    """Practice A with a few thousand patients, phones as real practices have them, ANALYZEd."""
    rows = [_crowd_member(world, n) for n in range(CROWD)]
    Patient.objects.bulk_create(rows)
    _analyze()
    return world


def _crowd_member(world: World, n: int) -> Patient:
    patient = Patient(
        practice=world.practice_a,
        organization_id=world.practice_a.organization_id,
        chart_number=f"RV-{100000 + n}",
        first_name=f"First{n % 97}",
        preferred_name=f"Nick{n % 13}" if n % 20 == 0 else "",
        last_name="Zimmer" if n % 10 == 9 else f"Family{n // 3:05d}",
        date_of_birth=date(1950, 1, 1) + timedelta(days=n * 7),
        mobile_phone=f"(380) 5{n:06d}" if n % 3 else "",
        home_phone=f"(740) 5{n:06d}" if n % 2 else "",
    )
    patient.refresh_search_keys()
    return patient


def _analyze() -> None:
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        if connection.vendor == "postgresql":  # plan as for 50,000: a few thousand fit a scan
            cursor.execute("SET LOCAL enable_seqscan = off")


@pytest.mark.parametrize(
    "text",
    [
        "family00042",
        "zimmer",  # common, last in the alphabet, never a first name
        "Family00042, First",
        "First29 Family00042",
        "Nick1 Family00100",
        "(380) 500-0101",
        "740-500-0101",
        "1950-01-08",
        "RV-100007",
    ],
)
def test_each_kind_of_search_reads_through_its_own_index(crowded: World, text: str) -> None:
    plan = str(patient_search_query(crowded.practice_a, text)[:SEARCH_LIMIT].explain())
    reads = patient_reads(plan)
    assert patient_search(crowded.practice_a, text), "the crowd has a patient to find"
    assert reads, plan
    assert all(narrowed for _, narrowed in reads), plan


def test_seeding_leaves_planner_statistics_and_fills_both_first_name_keys(db: None) -> None:
    seed_database(patients_per_practice=40, seed=3, as_of=date(2025, 1, 15), with_cases=False)
    assert _patients_counted_by_statistics() == Patient.objects.count() == 80
    nicknamed = Patient.objects.exclude(preferred_name="")
    assert nicknamed, "the seed has patients with a preferred name"
    for patient in nicknamed:
        for text in (f"{patient.first_name} {patient.last_name}", patient.preferred_name):
            assert patient in patient_search(patient.practice, text, include_inactive=True), text


def test_casepath_migrate_leaves_planner_statistics(world: World) -> None:
    assert cli.main(["migrate"]) == 0
    assert _patients_counted_by_statistics() == Patient.objects.count() == 2


def _patients_counted_by_statistics() -> int | None:
    """How many patients the last ANALYZE counted (None: never analysed).

    Statistics outlive the tests' rollbacks and flushes, so a stale count stays
    behind; only a fresh ANALYZE counts the rows there are now.
    """
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'patients_patient'")
            counted = int(cursor.fetchone()[0])
            return counted if counted >= 0 else None
        if "sqlite_stat1" not in connection.introspection.table_names(cursor):
            return None
        cursor.execute("SELECT stat FROM sqlite_stat1 WHERE idx = 'patient_birth'")
        row = cursor.fetchone()
        return int(row[0].split()[0]) if row else None


def test_a_sqlite_connection_gathers_missing_statistics_as_it_closes(
    tmp_path: Path, django_db_blocker: Any
) -> None:
    """casepath.sqlite_backend: what SQLite recommends for connections opened per request."""
    path = tmp_path / "visits.sqlite3"
    database = ConnectionHandler(
        {"default": {"ENGINE": "casepath.sqlite_backend", "NAME": str(path)}}
    )
    with django_db_blocker.unblock(), database["default"].cursor() as cursor:
        cursor.execute("CREATE TABLE visit (id INTEGER PRIMARY KEY, day TEXT)")
        cursor.execute("CREATE INDEX visit_day ON visit (day)")
        days = [(f"2025-01-{n % 28 + 1:02d}",) for n in range(500)]
        cursor.executemany("INSERT INTO visit (day) VALUES (%s)", days)
        cursor.execute("SELECT id FROM visit WHERE day = %s", ["2025-01-02"])
    database["default"].close()
    with closing(sqlite3.connect(path)) as reopened:
        assert reopened.execute("SELECT tbl, idx FROM sqlite_stat1").fetchall() == [
            ("visit", "visit_day")
        ]
