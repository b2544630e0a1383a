"""Today's huddle on a busy day, among 1,000,000 follow-up tasks.

    python -m tests.bench.huddle             # SQLite, in a temporary folder
    python -m tests.bench.huddle --postgres  # a fresh PostgreSQL database, dropped after

Seeds the demo organization (two practices of 5,000 patients, with their coverages and
benefits used), gives every other patient a case (the statuses in turn; two options of
three procedures, the recommended one estimated; one case in five a small one under the
threshold), writes the follow-up tasks with one INSERT ... SELECT per practice over a
counted series (a tenth open), and books a busy day in Riverside: 60 visits, 36 hygiene,
12 emergencies and 12 others (half imported from a schedule file with their type), 45
of their patients with a case.

Times GET /huddle/ through the Django test client, signed in as the demo TC on the
morning of that day: median and p95, SQL queries per page (the huddle's own, and those
every signed-in page pays), PASS/FAIL against the targets (exit status 1 on a FAIL).
Then, for information, the benefits-expiring page, and the query plans of the huddle's
queries (EXPLAIN ANALYZE on PostgreSQL). docs/performance.md records the figures.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from tests.bench.database import configure_django, describe_database, rerun_on_postgres
from tests.bench.figures import TABLE_HEADER, Timings, Verdicts
from tests.bench.machine import describe_machine, load_average
from tests.bench.task_load import task_bulk_load, timed

if TYPE_CHECKING:
    from django.test import Client

    from casepath.huddle.selectors import Huddle
    from casepath.tenancy.models import Practice

MODULE = "tests.bench.huddle"
AS_OF = date(2026, 11, 2)  # the seed's day: calendar-year plans end within 90 days
DAY = date(2026, 11, 23)  # the busy Monday: three weeks on, no demo visits booked yet
PAGE_P95_TARGET_MS = 100.0
PAGE_QUERIES_TARGET = 10
URL = "/huddle/"
EXPIRING_URL = "/huddle/benefits-expiring/"
CPU_MS: dict[str, list[float]] = {}  # this process's CPU time per page, by kind
STATUSES = (
    "ready",
    "presented",
    "pending",
    "accepted",
    "declined",
    "expired",
    "draft",
    "scheduled",
    "in_progress",
    "completed",
)
IMPLANT = (("D6010", "2400.00"), ("D6057", "850.00"), ("D6058", "1400.00"))
BRIDGE = (("D6750", "1250.00"), ("D6240", "1200.00"), ("D6750", "1250.00"))
FILLING = (("D2392", "250.00"),)
VISITS = 60
WITH_CASES = 45
BIG_TABLES = (
    "followups_task",
    "patients_patient",
    "cases_case",
    "cases_caseoption",
    "cases_casephase",
    "cases_plannedprocedure",
    "estimates_estimate",
    "scheduling_appointment",
    "insurance_coverage",
    "insurance_benefituse",
)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    options = _parse(argv)
    if options.postgres and "DATABASE_URL" not in os.environ:
        rerun_on_postgres(MODULE, argv)
    configure_django()
    verdicts = Verdicts()
    print(_header(options))
    practice = _seed(options)
    import time_machine

    with time_machine.travel(_morning(practice), tick=False):
        _report(practice, options, verdicts)
    print(f"load average {load_average()} at the end\n")
    print(verdicts.report())
    return 1 if verdicts.failed else 0


def _parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog=f"python -m {MODULE}", description=__doc__.split("\n")[0])
    parser.add_argument("--postgres", action="store_true", help="use a fresh PostgreSQL database")
    parser.add_argument("--tasks", type=int, default=1_000_000, help="tasks in all (2 practices)")
    parser.add_argument("--patients", type=int, default=5_000, help="patients per practice")
    parser.add_argument("--runs", type=int, default=100, help="huddle pages timed")
    return parser.parse_args(argv)


def _header(options: argparse.Namespace) -> str:
    import django

    return "\n".join(
        [
            f"# Huddle benchmark, {time.strftime('%Y-%m-%d %H:%M %Z')}",
            f"command:  python -m {MODULE} {' '.join(sys.argv[1:])}".rstrip(),
            f"machine:  {describe_machine()}",
            f"software: Python {platform.python_version()}, Django {django.get_version()}, "
            f"{describe_database()}",
            f"data:     {options.tasks:,} tasks, 2 practices x {options.patients:,} patients, "
            f"a case for every other one; {VISITS} visits on {DAY}",
        ]
    )


def _morning(practice: Practice) -> datetime:
    return datetime(DAY.year, DAY.month, DAY.day, 7, 30, tzinfo=ZoneInfo(practice.time_zone))


# ---- data -------------------------------------------------------------------------


def _seed(options: argparse.Namespace) -> Practice:
    from django.core.management import call_command
    from django.db import connection

    from casepath.demo.generator import seed_database
    from casepath.tenancy.models import Practice

    started = time.perf_counter()
    print(f"\nmigrate: {timed(lambda: call_command('migrate', verbosity=0)):.1f} s")
    seeding = timed(
        lambda: seed_database(
            patients_per_practice=options.patients, seed=1, as_of=AS_OF, with_cases=False
        )
    )
    print(f"seed:    {seeding:.1f} s (demo organization, patients, coverages)")
    practices = list(Practice.objects.order_by("pk"))
    print(f"cases:   {timed(lambda: _add_cases(practices)):.1f} s")
    per_practice = options.tasks // len(practices)
    print(f"tasks:   {timed(lambda: _write_tasks(practices, per_practice)):.1f} s")
    riverside: Practice = practices[0]
    print(f"day:     {timed(lambda: _book_day(riverside)):.1f} s")
    analyze = "VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE"
    print(f"analyze: {timed(lambda: connection.cursor().execute(analyze)):.1f} s")
    print(f"in all:  {time.perf_counter() - started:.1f} s")
    return riverside


def _add_cases(practices: list[Practice]) -> None:
    for practice in practices:
        _add_cases_of(practice)


def _add_cases_of(practice: Practice) -> None:
    """A case for every other patient: the statuses in turn, an implant recommended
    (estimated) and a bridge, or for one case in five a single filling."""
    from casepath.cases.models import Case, CaseOption, CasePhase, CaseType, PlannedProcedure
    from casepath.estimates.models import Estimate
    from casepath.patients.models import Patient
    from casepath.tenancy.models import Provider

    dentist = Provider.objects.filter(practice=practice, kind="dentist").order_by("pk").first()
    patients = list(
        Patient.objects.filter(practice=practice).order_by("pk").values_list("pk", flat=True)
    )[::2]
    plans = [FILLING if n % 5 == 4 else IMPLANT for n in range(len(patients))]
    fees = [[Decimal(fee) + n % 13 * 5 for _, fee in plan] for n, plan in enumerate(plans)]
    estimates = Estimate.objects.bulk_create(
        Estimate(
            practice=practice,
            organization_id=practice.organization_id,
            patient_id=pk,
            title="Treatment plan",
            as_of=AS_OF,
            fee_total=sum(fees[n]),
            patient_total=(sum(fees[n]) * Decimal("0.4")).quantize(Decimal("0.01")),
            insurance_total=(sum(fees[n]) * Decimal("0.6")).quantize(Decimal("0.01")),
        )
        for n, pk in enumerate(patients)
    )
    cases = Case.objects.bulk_create(
        Case(
            practice=practice,
            organization_id=practice.organization_id,
            patient_id=pk,
            title="Missing lower left molar" if plans[n] is IMPLANT else "A small cavity",
            case_type=CaseType.FROM_HYGIENE,
            diagnosing_provider=dentist,
            diagnosed_on=AS_OF - timedelta(days=n % 120),
            status=STATUSES[n % len(STATUSES)],
        )
        for n, pk in enumerate(patients)
    )
    options = CaseOption.objects.bulk_create(
        CaseOption(
            practice=practice,
            organization_id=practice.organization_id,
            case=case,
            position=position,
            name="Bridge" if position else "Implant",
            is_recommended=not position,
            estimate=None if position else estimates[n],
        )
        for n, case in enumerate(cases)
        for position in range(1 if plans[n] is FILLING else 2)
    )
    phases = CasePhase.objects.bulk_create(
        CasePhase(practice=practice, organization_id=practice.organization_id, option=o, name="1")
        for o in options
    )
    n_of_case = {case.pk: n for n, case in enumerate(cases)}
    PlannedProcedure.objects.bulk_create(
        (
            PlannedProcedure(
                practice=practice,
                organization_id=practice.organization_id,
                phase=phase,
                case_id=phase.option.case_id,
                position=i,
                code=code,
                fee=fee,
                provider=dentist,
            )
            for phase in phases
            for i, (code, fee) in enumerate(
                _planned(phase.option, fees[n_of_case[phase.option.case_id]])
            )
        ),
        batch_size=5000,
    )
    accepted = [case for case in cases if case.status == "accepted"]
    first_option = {o.case_id: o.pk for o in options if o.position == 0}
    for case in accepted:
        case.accepted_option_id, case.acceptance = first_option[case.pk], "whole"
    Case.objects.bulk_update(accepted, ["accepted_option", "acceptance"])


def _planned(option: Any, fees: list[Decimal]) -> list[tuple[str, Decimal]]:
    if option.position:
        return [(code, Decimal(fee)) for code, fee in BRIDGE]
    codes = [code for code, _ in (FILLING if len(fees) == 1 else IMPLANT)]
    return list(zip(codes, fees, strict=True))


def _write_tasks(practices: list[Practice], per_practice: int) -> None:
    """The tasks, loaded as a bulk load is: the secondary indexes made again afterwards."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.utils import timezone

    owner = get_user_model().objects.get(username="tc").pk
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with task_bulk_load() as cursor:
        cursor.execute(
            "CREATE TEMPORARY TABLE bench_case AS SELECT practice_id, id AS case_id, patient_id, "
            "row_number() OVER (PARTITION BY practice_id ORDER BY id) - 1 AS n FROM cases_case"
        )
        cursor.execute("CREATE INDEX bench_case_n ON bench_case (practice_id, n)")
        for practice in practices:
            sql = _tasks_sql(connection.vendor, practice, per_practice, owner)
            cursor.execute(sql, [now])
        cursor.execute("DROP TABLE bench_case")


def _tasks_sql(vendor: str, practice: Practice, count: int, owner: int) -> str:
    """`count` tasks of the practice from a counted series `i`, each about a case in turn:
    a tenth open, due from 30 days ago to 60 days ahead (minutes `m` from now), half of
    them the demo TC's; the rest closed, up to two years ago. `%%` is the remainder: the
    statement has a parameter (now)."""
    postgres = vendor == "postgresql"
    series = (
        "WITH s AS (SELECT i FROM generate_series(CAST(1 AS BIGINT), {n}) AS g(i))"
        if postgres
        else "WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < {n})"
    ).format(n=int(count))
    due = (
        "CAST(%s AS TIMESTAMPTZ) + m * INTERVAL '1 minute'"
        if postgres
        else "datetime(%s, m || ' minutes')"
    )
    cases = _count_cases(practice)
    return f"""
{series}, t AS (
  SELECT i,
    CASE WHEN i %% 10 = 0 THEN 'open' WHEN i %% 3 = 0 THEN 'skipped'
         WHEN i %% 3 = 1 THEN 'done' ELSE 'cancelled' END AS status,
    CASE WHEN i %% 10 = 0 THEN (i * 7919) %% 129600 - 43200
         ELSE -((i * 7919) %% 1051200) - 1440 END AS m
  FROM s
), d AS (SELECT t.*, {due} AS due FROM t)
INSERT INTO followups_task (practice_id, organization_id, created_at, updated_at, kind,
  reason, title, patient_id, case_id, owner_id, due_at, priority, value_at_stake, status,
  outcome, note, key, closed_at, closed_by_id)
SELECT {int(practice.pk)}, {int(practice.organization_id)}, d.due, d.due,
  CASE WHEN d.i %% 5 = 1 THEN 'email' ELSE 'call' END, 'presented',
  'Follow up on the treatment plan', c.patient_id, c.case_id,
  CASE WHEN d.i %% 20 = 0 THEN {int(owner)} ELSE NULL END, d.due, 2,
  (d.i %% 500) * 10, d.status, '', '', 'bench:' || d.i,
  CASE WHEN d.status = 'open' THEN NULL ELSE d.due END,
  CASE WHEN d.status = 'open' THEN NULL ELSE {int(owner)} END
FROM d JOIN bench_case c ON c.practice_id = {int(practice.pk)} AND c.n = d.i %% {cases}
"""  # noqa: S608 (numbers only, made here)


def _count_cases(practice: Practice) -> int:
    from casepath.cases.models import Case

    return int(Case.objects.filter(practice=practice).count())


def _book_day(practice: Practice) -> None:
    """60 visits on DAY: hygiene, emergency and other in turn (3:1:1), 45 of them for
    patients with a case; every other one imported with its type, the others read by
    the words of their reason."""
    from django.contrib.auth import get_user_model

    from casepath.cases.models import Case
    from casepath.core.huddle import OUTSTANDING_STATUSES
    from casepath.huddle.models import ImportedVisit, ScheduleImport
    from casepath.patients.models import Patient
    from casepath.scheduling.models import Appointment
    from casepath.tenancy.models import Provider

    cases = Case.objects.filter(practice=practice, status__in=list(OUTSTANDING_STATUSES))
    with_case = list(cases.order_by("patient_id").values_list("patient_id", flat=True)[:WITH_CASES])
    without = list(
        Patient.objects.filter(practice=practice, cases__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)[: VISITS - WITH_CASES]
    )
    staff = Provider.objects.filter(practice=practice, is_external=False).order_by("pk")
    by_kind = {"hygiene": [p for p in staff if p.kind == "hygienist"]}
    by_kind["emergency"] = by_kind["other"] = [p for p in staff if p.kind == "dentist"]
    zone = ZoneInfo(practice.time_zone)
    reasons = {"hygiene": "Prophy and bitewings", "emergency": "Toothache", "other": "Crown seat"}
    visits = []
    for i in range(VISITS):
        kind = ("hygiene", "hygiene", "hygiene", "emergency", "other")[i % 5]
        patient = without.pop() if i % 4 == 3 else with_case.pop()
        visits.append(
            Appointment(
                practice=practice,
                organization_id=practice.organization_id,
                patient_id=patient,
                provider=by_kind[kind][i % len(by_kind[kind])],
                starts_at=datetime(DAY.year, DAY.month, DAY.day, 7, tzinfo=zone)
                + timedelta(minutes=10 * i),
                duration_minutes=30,
                reason=reasons[kind] if i % 2 else "Recare",
            )
        )
    booked = Appointment.objects.bulk_create(visits)
    batch = ScheduleImport.objects.create(
        practice=practice,
        imported_by=get_user_model().objects.get(username="tc"),
        first_day=DAY,
        last_day=DAY,
        visits_added=VISITS // 2,
    )
    ImportedVisit.objects.bulk_create(
        ImportedVisit(
            practice=practice,
            organization_id=practice.organization_id,
            appointment=visit,
            schedule_import=batch,
            kind=("hygiene", "hygiene", "hygiene", "emergency", "other")[i % 5],
            line=i + 2,
        )
        for i, visit in enumerate(booked)
        if i % 2 == 0
    )


# ---- pages ------------------------------------------------------------------------


def _report(practice: Practice, options: argparse.Namespace, verdicts: Verdicts) -> None:
    client = _signed_in(practice)
    expected, own = _the_huddle(practice)
    page = Timings(f"huddle, {VISITS} visits")
    for _ in range(options.runs):
        _time_one(page, client, URL, _shows(expected))
    print(f"\n## Page: GET {URL} on {DAY:%A %B %-d} (Django test client, signed in as the TC)\n")
    print(
        f"{len(expected.rows)} patients listed, of {expected.patients_seen} in hygiene and "
        "emergency visits.\n"
    )
    print(TABLE_HEADER)
    print(page.row())
    _report_cpu(page.label)
    _report_queries(client, own)
    verdicts.check(
        "huddle page p95", page.p95 <= PAGE_P95_TARGET_MS, f"{page.p95:.1f} ms", "at most 100 ms"
    )
    most = max(page.query_counts)
    verdicts.check(
        "SQL queries per huddle page",
        most <= PAGE_QUERIES_TARGET,
        f"{page.queries()} ({len(own)} the huddle's, {most - len(own)} every page's)",
        f"at most {PAGE_QUERIES_TARGET}",
    )
    verdicts.check("the page lists the huddle", page.missed == 0, f"{page.missed} missed", "0")
    _report_expiring(practice, client, max(options.runs // 10, 3))
    _report_plans(own, verdicts)


def _signed_in(practice: Practice) -> Client:
    from django.contrib.auth import get_user_model
    from django.test import Client

    from casepath.tenancy.middleware import SESSION_KEY

    client = Client()
    client.force_login(get_user_model().objects.get(username="tc"))
    session = client.session
    session[SESSION_KEY] = practice.pk
    session.save()
    for _ in range(3):  # warm the session (the practice chosen, the time last seen), templates
        response = client.get(URL)
        if response.status_code != 200:
            sys.exit(f"GET {URL} answered {response.status_code}")
    return client


def _the_huddle(practice: Practice) -> tuple[Huddle, list[str]]:
    """The huddle the page must show, and the SQL of its own queries (settings included)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from casepath.huddle.selectors import huddle_for_day, huddle_settings

    with CaptureQueriesContext(connection) as captured:
        threshold = huddle_settings(practice).threshold
        huddle = huddle_for_day(practice, DAY, threshold=threshold)
    return huddle, [query["sql"] for query in captured]


def _shows(huddle: Huddle) -> Callable[[str], bool]:
    heading = f"Huddle for {DAY:%A, %B} {DAY.day}, {DAY.year}"
    count = f"{len(huddle.rows)} patients with treatment of at least"
    last = huddle.rows[-1].patient.display_name if huddle.rows else ""
    return lambda html: heading in html and count in html and last in html


def _time_one(timings: Timings, client: Client, url: str, shown: Callable[[str], bool]) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        started, cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        elapsed = time.perf_counter() - started
    CPU_MS.setdefault(timings.label, []).append((time.process_time() - cpu) * 1000)
    found = response.status_code == 200 and shown(response.content.decode())
    timings.add(elapsed, len(captured), found=found)


def _report_queries(client: Client, own: list[str]) -> None:
    """One page's queries: which are the huddle's, which every signed-in page runs."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        client.get(URL)
    print("\nOne page's SQL queries (ms as Django rounds them; the huddle's marked *):\n")
    for query in captured:
        mark = "*" if query["sql"] in own else " "
        print(f"  {mark} {float(query['time']) * 1000:3.0f}  {_what(query['sql'])}")
    print()


def _what(sql: str) -> str:
    """A query in a few words: its verb and the tables it reads."""
    import re

    tables = list(dict.fromkeys(re.findall(r'(?:FROM|JOIN|UPDATE|INTO) "?(\w+)"?', sql)))
    return f"{sql.split()[0]} {', '.join(tables)}"[:110]


def _report_expiring(practice: Practice, client: Client, runs: int) -> None:
    """For information: the benefits-expiring list of the practice (every patient with a
    case not yet scheduled and a calendar-year plan, estimated for their maximum left)."""
    from casepath.huddle.selectors import benefits_expiring_list

    listed = benefits_expiring_list(practice, as_of=DAY, within_days=90)
    page = Timings("benefits expiring")
    last = listed.rows[-1].patient.display_name if listed.rows else ""
    for _ in range(runs):
        _time_one(page, client, EXPIRING_URL, lambda html: last in html)
    print(f"\n## For information: GET {EXPIRING_URL} ({len(listed.rows)} patients listed", end="")
    print(f"{', the first of more' if listed.truncated else ''})\n")
    print(TABLE_HEADER)
    print(page.row())
    _report_cpu(page.label)


def _report_cpu(label: str) -> None:
    """Python's share: the rest of a page's time is waiting for the database."""
    spent = CPU_MS[label]
    print(f"\nPython (CPU time of this process): median {statistics.median(spent):.1f} ms.")


def _report_plans(own: list[str], verdicts: Verdicts) -> None:
    from django.db import connection

    explain = (
        "EXPLAIN (ANALYZE, BUFFERS) "
        if connection.vendor == "postgresql"
        else ("EXPLAIN QUERY PLAN ")
    )
    print("\n## Query plans of the huddle's queries\n")
    walks = []
    with connection.cursor() as cursor:
        for n, sql in enumerate(own, start=1):
            cursor.execute(explain + sql)
            plan = "\n".join(" ".join(str(c) for c in row) for row in cursor.fetchall())
            print(f"### {n}. {_what(sql)}\n\n    " + plan.replace("\n", "\n    ") + "\n")
            walks += [f"{n}: {t}" for t in BIG_TABLES if _walks(plan, t)]
    if walks:
        verdicts.warn("huddle queries that read a whole large table", ", ".join(walks), "an index")
    else:
        verdicts.check("huddle queries read large tables through an index", True, "all", "all")


def _walks(plan: str, table: str) -> bool:
    return f"Seq Scan on {table}" in plan or any(
        line.split()[-1:] == [table] and " SCAN " in f" {line} " for line in plan.splitlines()
    )


if __name__ == "__main__":
    sys.exit(main())
