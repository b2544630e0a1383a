"""Patient search on 100,000 patients, searched the way a TC searches.

    python -m tests.bench.patient_search             # SQLite, in a temporary folder
    python -m tests.bench.patient_search --postgres  # a fresh PostgreSQL database, dropped after

Seeds the demo organization with the benchmark generator (two practices of 50,000
patients), then times the search selector and the search page for a few hundred
searches taken deterministically from the seeded patients: last-name prefix, last
name, "first last", "last, first", phone, date of birth and chart number in the
formats a TC types. Prints median and p95 per kind, SQL queries per search and
PASS/FAIL per target (exit status 1 on a FAIL), then how each search's query plan
reads the patients, with a WARN and the plan when a search walks a whole practice.
docs/performance.md records the figures.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from tests.bench.database import configure_django, describe_database, rerun_on_postgres
from tests.bench.figures import TABLE_HEADER, Timings, Verdicts
from tests.bench.machine import describe_machine, load_average
from tests.bench.plans import patient_reads

if TYPE_CHECKING:
    from django.http import HttpResponse
    from django.test import Client

    from casepath.patients.models import Patient
    from casepath.tenancy.models import Practice

MODULE = "tests.bench.patient_search"
AS_OF = date(2025, 1, 15)
SEED_TARGET_SECONDS = 300
SELECTOR_P95_TARGET_MS = 50.0
PAGE_P95_TARGET_MS = 150.0
SELECTOR_QUERIES = 1  # pinned in tests/patients/test_search.py: one patient query per search
WARM_UP = 20
PAGE_EVERY = 3  # the page is timed for every third search of the mix


@dataclass(frozen=True)
class Search:
    kind: str
    text: str
    patient_id: int
    chart_number: str


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    options = _parse(argv)
    if options.postgres and "DATABASE_URL" not in os.environ:
        rerun_on_postgres(MODULE, argv)
    configure_django()
    verdicts = Verdicts()
    print(_header(options))
    practice = _seed(options, verdicts)
    searches = search_mix(practice, options.searches, options.seed)
    _report_selector(time_selector(practice, searches), verdicts)
    _report_page(time_page(practice, searches[::PAGE_EVERY]), verdicts)
    _report_plans(practice, searches, verdicts)
    print(f"load average {load_average()} at the end\n")
    print(verdicts.report())
    return 1 if verdicts.failed else 0


def _parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog=f"python -m {MODULE}", description=__doc__.split("\n")[0])
    parser.add_argument("--postgres", action="store_true", help="use a fresh PostgreSQL database")
    parser.add_argument("--patients", type=int, default=50_000, help="patients per practice (2)")
    parser.add_argument("--seed", type=int, default=1, help="generator and sample seed")
    parser.add_argument("--searches", type=int, default=50, help="searches per kind")
    parser.add_argument(
        "--analyze",
        action="store_true",
        help="ANALYZE after seeding on SQLite too (PostgreSQL always: autovacuum would)",
    )
    return parser.parse_args(argv)


def _header(options: argparse.Namespace) -> str:
    import django

    statistics = ", planner statistics (ANALYZE)" if options.analyze else ""
    return "\n".join(
        [
            f"# Patient search benchmark, {time.strftime('%Y-%m-%d %H:%M %Z')}",
            f"command:  python -m {MODULE} {' '.join(sys.argv[1:])}".rstrip(),
            f"machine:  {describe_machine()}",
            f"software: Python {platform.python_version()}, Django {django.get_version()}, "
            f"{describe_database()}",
            f"data:     2 practices x {options.patients:,} patients, seed {options.seed}, "
            f"as of {AS_OF}{statistics}",
        ]
    )


def _seed(options: argparse.Namespace, verdicts: Verdicts) -> Practice:
    from django.core.management import call_command
    from django.db import connection

    from casepath.demo.generator import seed_database
    from casepath.patients.models import Patient
    from casepath.tenancy.models import Practice

    migrate = _timed(lambda: call_command("migrate", verbosity=0))
    print(f"\nmigrate: {migrate:.1f} s")
    started = time.perf_counter()
    summary = seed_database(patients_per_practice=options.patients, seed=options.seed, as_of=AS_OF)
    seeding = time.perf_counter() - started
    print(f"seed:    {seeding:.1f} s  ({summary.describe()})")
    if connection.vendor == "postgresql" or options.analyze:
        # On PostgreSQL autovacuum analyses a freshly loaded table within a minute; SQLite
        # has statistics only when someone runs ANALYZE (or PRAGMA optimize).
        print(f"analyze: {_timed(lambda: connection.cursor().execute('ANALYZE')):.1f} s")
    total = Patient.objects.count()
    verdicts.check(
        f"seed {total:,} patients",
        seeding < SEED_TARGET_SECONDS and total == 2 * options.patients,
        f"{seeding:.0f} s",
        f"under {SEED_TARGET_SECONDS} s for {2 * options.patients:,}",
    )
    return Practice.objects.get(short_code="RV")


def _timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


PHONE_FORMATS = ("({a}) {b}-{c}", "{a}-{b}-{c}", "{a}{b}{c}", "+1 {a} {b} {c}", "{a}.{b}.{c}")
DATE_FORMATS = ("{y}-{m:02d}-{d:02d}", "{m:02d}/{d:02d}/{y}", "{m}/{d}/{y}", "{m}.{d}.{y}")


def _phone(patient: Patient, n: int) -> str:
    digits = patient.mobile_phone_key or patient.home_phone_key
    shape = PHONE_FORMATS[n % len(PHONE_FORMATS)]
    return shape.format(a=digits[:3], b=digits[3:6], c=digits[6:])


def _birth_date(patient: Patient, n: int) -> str:
    born = patient.date_of_birth
    return DATE_FORMATS[n % len(DATE_FORMATS)].format(y=born.year, m=born.month, d=born.day)


def _first(patient: Patient) -> str:
    """The name the first-name key holds (a preferred name replaces the first name)."""
    return str(patient.preferred_name or patient.first_name)


KINDS: dict[str, Callable[[Patient, int], str]] = {
    "last-name prefix": lambda p, n: p.last_name[: 2 + n % 3].lower(),
    "last name": lambda p, n: p.last_name,
    "first last": lambda p, n: f"{_first(p)} {p.last_name}",
    "last, first prefix": lambda p, n: f"{p.last_name}, {_first(p)[:2]}",
    "phone": _phone,
    "date of birth": _birth_date,
    "chart number": lambda p, n: p.chart_number if n % 2 else p.chart_number.lower(),
}


def search_mix(practice: Practice, per_kind: int, seed: int) -> list[Search]:
    """`per_kind` searches of each kind, each for a different active patient, interleaved."""
    from casepath.patients.models import Patient, PatientStatus

    active = Patient.objects.filter(practice=practice, status=PatientStatus.ACTIVE).order_by("id")
    chosen = random.Random(seed).sample(list(active), per_kind * len(KINDS))
    return [
        Search(kind, text(patient, n), patient.pk, patient.chart_number)
        for n in range(per_kind)
        for (kind, text), patient in zip(KINDS.items(), chosen[n * len(KINDS) :], strict=False)
    ]


def time_selector(practice: Practice, searches: list[Search]) -> dict[str, Timings]:
    """The selector the search page and the API call, one search at a time."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from casepath.patients.selectors import SEARCH_LIMIT, patient_search

    for search in searches[:WARM_UP]:
        patient_search(practice, search.text)
    timings = {kind: Timings(kind) for kind in KINDS}
    for search in searches:
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            found = patient_search(practice, search.text)
            elapsed = time.perf_counter() - started
        hit = search.patient_id in {p.pk for p in found} or len(found) == SEARCH_LIMIT
        timings[search.kind].add(elapsed, len(captured), found=hit)
    return timings


def _report_selector(timings: dict[str, Timings], verdicts: Verdicts) -> None:
    print("\n## Selector: patients.selectors.patient_search\n")
    print(TABLE_HEADER)
    for row in timings.values():
        print(row.row())
    print()
    for row in timings.values():
        verdicts.check(
            f"selector p95, {row.label}",
            row.p95 < SELECTOR_P95_TARGET_MS,
            f"{row.p95:.1f} ms",
            f"under {SELECTOR_P95_TARGET_MS:.0f} ms",
        )
    _check_counts(verdicts, "selector", timings.values(), SELECTOR_QUERIES)


def _check_counts(verdicts: Verdicts, where: str, kinds: Iterable[Timings], pinned: int) -> None:
    rows = list(kinds)
    counts = {count for row in rows for count in row.query_counts}
    measured = "/".join(map(str, sorted(counts)))
    verdicts.check(f"{where} SQL queries per search", counts == {pinned}, measured, str(pinned))
    missed = sum(row.missed for row in rows)
    verdicts.check(
        f"{where} finds the patient searched for", missed == 0, f"{missed} missed", "0 missed"
    )


def time_page(practice: Practice, searches: list[Search]) -> dict[str, Timings]:
    """GET /patients/?q=... as the demo TC: the full page and the htmx partial."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = _signed_in_tc(practice)
    variants = {"full page": {}, "htmx partial": {"HTTP_HX_REQUEST": "true"}}
    timings = {name: Timings(name) for name in variants}
    for search in searches:
        for name, headers in variants.items():
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get("/patients/", {"q": search.text}, **headers)
                elapsed = time.perf_counter() - started
            found = _page_found(response, search)
            timings[name].add(elapsed, len(captured), found=found)
    return timings


def _page_found(response: HttpResponse, search: Search) -> bool:
    html = response.content.decode()
    return response.status_code == 200 and (
        search.chart_number in html or "patients shown; type more" in html
    )


def _signed_in_tc(practice: Practice) -> Client:
    from django.contrib.auth import get_user_model
    from django.test import Client

    from casepath.tenancy.middleware import SESSION_KEY

    client = Client()
    client.force_login(get_user_model().objects.get(username="tc"))
    session = client.session
    session[SESSION_KEY] = practice.pk
    session.save()
    for _ in range(3):  # warm the session, templates and URL resolver
        client.get("/patients/", {"q": "smith"})
    return client


def _report_page(timings: dict[str, Timings], verdicts: Verdicts) -> None:
    from tests.patients.test_search import SEARCH_PAGE_QUERIES

    print("\n## Page: GET /patients/?q=... as the demo TC (Django test client)\n")
    print(TABLE_HEADER)
    for row in timings.values():
        print(row.row())
    print()
    for row in timings.values():
        verdicts.check(
            f"page p95, {row.label}",
            row.p95 < PAGE_P95_TARGET_MS,
            f"{row.p95:.1f} ms",
            f"under {PAGE_P95_TARGET_MS:.0f} ms",
        )
    _check_counts(verdicts, "page", timings.values(), SEARCH_PAGE_QUERIES)


def _report_plans(practice: Practice, searches: list[Search], verdicts: Verdicts) -> None:
    """EXPLAIN every search: a plan may change with the value (a common or a rare prefix)."""
    print("\n## Query plans: how each kind of search reads the patients\n")
    walking = []
    for kind in KINDS:
        plans = [(s.text, _plan(practice, s.text)) for s in searches if s.kind == kind]
        unnarrowed = [(text, plan) for text, plan in plans if not _narrowed(plan)]
        ways = sorted({how for _, plan in plans for how, _ in patient_reads(plan)})
        print(
            f"- {kind}: {len(plans) - len(unnarrowed)} of {len(plans)} narrowed; {'; '.join(ways)}"
        )
        if unnarrowed:
            text, plan = unnarrowed[0]
            print(f"  for example {text!r}:\n    " + plan.replace("\n", "\n    "))
            walking.append(f"{kind} ({len(unnarrowed)})")
    print()
    if walking:
        verdicts.warn(
            "searches that walk the whole practice",
            ", ".join(walking),
            "an index condition on a search column (plans above)",
        )
    else:
        verdicts.check("searches narrowed by an index on their search key", True, "all", "all")


def _plan(practice: Practice, text: str) -> str:
    from casepath.patients.selectors import SEARCH_LIMIT, patient_search_query

    return str(patient_search_query(practice, text)[:SEARCH_LIMIT].explain())


def _narrowed(plan: str) -> bool:
    reads = patient_reads(plan)
    return bool(reads) and all(narrowed for _, narrowed in reads)


if __name__ == "__main__":
    sys.exit(main())
