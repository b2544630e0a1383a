"""The monthly report of an organization of 500 practices with 10,000,000 planned
procedures, against the bare SQL aggregate over the same rows (PostgreSQL).

    python -m tests.bench.monthly_report            # makes the data once (report_data.py)
    python -m tests.bench.monthly_report --rebuild  # makes it again first
    python -m tests.bench.monthly_report --explain  # also EXPLAIN ANALYZE both statements

For January 2025 (the middle of the 24 months of data) it times, after one warm-up:
- the report: `reports.selectors.acceptance_report` of all 500 practices, first to last
  day of the month, `Definitions()`, as of Feb 1 (what the monthly report reads: every
  figure, every cut);
- the bare SQL aggregate over the same rows: the one statement the report sends
  (reports/facts.py), run on a plain cursor with nothing around it: no ORM, no Python
  shaping of the rows. The ratio of the two is what the application adds;
- for information: one GROUP BY per practice over the same cases and their summed
  figures (the least any report must read, no cuts), the same sums straight from the
  10,000,000 planned procedures (what reading without CaseFigures costs), and one
  practice's report with its cases.
Prints the rows, median and p95, the ratio of the medians, PASS/FAIL against 2 s (p95)
and 1.5 times (exit status 1 on a FAIL). docs/performance.md records the figures.
"""

from __future__ import annotations

import argparse
import math
import platform
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from tests.bench import report_data
from tests.bench.figures import Verdicts
from tests.bench.machine import describe_machine, load_average

if TYPE_CHECKING:
    from casepath.tenancy.models import Practice

MODULE = "tests.bench.monthly_report"
START, END, AS_OF = date(2025, 1, 1), date(2025, 1, 31), date(2025, 2, 1)
REPORT_TARGET_S = 2.0
RATIO_TARGET = 1.5
YES = "('accepted', 'scheduled', 'in_progress', 'completed')"

# For information, the least any report must read: the month's cohort (diagnosed or
# presented in it, as the report's) with each case's summed figures (CaseFigures, whole
# case), added up per practice, one GROUP BY and no cuts.
MINIMAL_SQL = f"""
SELECT c.practice_id,
  SUM(CASE WHEN c.presented_on BETWEEN %(start)s AND %(end)s THEN 1 ELSE 0 END),
  SUM(CASE WHEN c.presented_on BETWEEN %(start)s AND %(end)s AND c.status IN {YES}
      THEN 1 ELSE 0 END),
  SUM(CASE WHEN c.presented_on BETWEEN %(start)s AND %(end)s THEN f.presented_usd
      ELSE 0 END),
  SUM(CASE WHEN c.presented_on BETWEEN %(start)s AND %(end)s AND c.status IN {YES}
      THEN f.accepted_usd ELSE 0 END)
FROM cases_case c
JOIN reports_casefigures f ON f.case_id = c.id AND f.category = ''
WHERE c.practice_id = ANY(%(practices)s)
  AND (c.presented_on BETWEEN %(start)s AND %(end)s
       OR c.diagnosed_on BETWEEN %(start)s AND %(end)s)
GROUP BY c.practice_id
"""  # noqa: S608 (constants only)

# For information: the same sums straight from the planned procedures and their options
# (what every report would read without CaseFigures).
PROCEDURES_SQL = f"""
SELECT practice_id,
  SUM(CASE WHEN presented THEN 1 ELSE 0 END) AS presented_cases,
  SUM(CASE WHEN presented AND said_yes THEN 1 ELSE 0 END) AS accepted_cases,
  SUM(CASE WHEN presented THEN presented_usd ELSE 0 END) AS presented_usd,
  SUM(CASE WHEN presented AND said_yes THEN accepted_usd ELSE 0 END) AS accepted_usd
FROM (
  SELECT c.id, c.practice_id,
    c.presented_on BETWEEN %(start)s AND %(end)s AS presented,
    c.status IN {YES} AS said_yes,
    SUM(GREATEST(pp.fee - pp.discount, 0)) FILTER (WHERE o.is_recommended) AS presented_usd,
    SUM(GREATEST(pp.fee - pp.discount, 0)) FILTER (WHERE pp.decision = 'accepted')
      AS accepted_usd
  FROM cases_plannedprocedure pp
  JOIN cases_case c ON c.id = pp.case_id
  JOIN cases_casephase ph ON ph.id = pp.phase_id
  JOIN cases_caseoption o ON o.id = ph.option_id
  WHERE pp.practice_id = ANY(%(practices)s)
    AND (c.presented_on BETWEEN %(start)s AND %(end)s
         OR c.diagnosed_on BETWEEN %(start)s AND %(end)s)
  GROUP BY c.id, c.practice_id
) AS per_case
GROUP BY practice_id
"""  # noqa: S608 (constants only)

COHORT_SQL = """
SELECT count(*), count(DISTINCT c.id)
FROM cases_plannedprocedure pp JOIN cases_case c ON c.id = pp.case_id
WHERE pp.practice_id = ANY(%(practices)s)
  AND (c.presented_on BETWEEN %(start)s AND %(end)s OR c.diagnosed_on BETWEEN %(start)s AND %(end)s)
"""


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    options = _parse(argv)
    print(_header_machine())
    loaded = report_data.ensure(rebuild=options.rebuild)
    print(_header_software(loaded))
    from casepath.tenancy.models import Practice

    practices = list(Practice.objects.order_by("pk"))
    params = {"start": START, "end": END, "practices": [p.pk for p in practices]}
    procedures, cases = _fetch(COHORT_SQL, params)[0]
    print(f"\nJanuary 2025, {len(practices)} practices: {cases:,} cases diagnosed or presented,")
    print(f"{procedures:,} planned procedures read (of {report_data.PROCEDURES:,})\n")

    report = _timed(lambda: _report(practices), options.runs)
    statement, values = _report_statement(practices)
    bare = _timed(lambda: _bare(statement, values), options.runs)
    minimal = _timed(lambda: _fetch(MINIMAL_SQL, params), options.runs)
    raw = _timed(lambda: _fetch(PROCEDURES_SQL, params), max(3, options.runs // 2))
    one = _timed(lambda: _report(practices[:1], with_cases=True), options.runs)
    _check_same_sums(practices, params)
    verdicts = Verdicts()
    _print_and_judge(report, bare, minimal, raw, one, verdicts)
    if options.explain:
        _explain(practices, params)
    print(f"\nload average {load_average()} at the end\n")
    print(verdicts.report())
    return 1 if verdicts.failed else 0


def _parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog=f"python -m {MODULE}", description=__doc__.split("\n")[0])
    parser.add_argument("--rebuild", action="store_true", help="drop the data and make it again")
    parser.add_argument("--runs", type=int, default=7, help="timed runs of each (after 1 warm-up)")
    parser.add_argument("--explain", action="store_true", help="EXPLAIN ANALYZE both statements")
    return parser.parse_args(argv)


def _header_machine() -> str:
    return "\n".join(
        [
            f"# Monthly report benchmark, {time.strftime('%Y-%m-%d %H:%M %Z')}",
            f"command:  python -m {MODULE} {' '.join(sys.argv[1:])}".rstrip(),
            f"machine:  {describe_machine()}",
        ]
    )


def _header_software(loaded: report_data.Loaded) -> str:
    import django
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
    made = f"made in {loaded.seconds:.0f} s" if loaded.seconds else "reused"
    return (
        f"software: Python {platform.python_version()}, Django {django.get_version()}, "
        f"PostgreSQL {version}\n"
        f"data:     {report_data.NAME}, {loaded.size}, {made}: "
        + ", ".join(f"{t} {n:,}" for t, n in loaded.counts.items())
    )


def _report(practices: Sequence[Practice], *, with_cases: bool = False) -> Any:
    from casepath.core.metrics import Definitions
    from casepath.reports.selectors import acceptance_report

    return acceptance_report(
        practices, START, END, Definitions(), as_of=AS_OF, with_cases=with_cases
    )


def _report_statement(practices: Sequence[Practice]) -> tuple[str, list[Any]]:
    """The statement acceptance_report sends, as text and values (reports/facts.py)."""
    from casepath.core.metrics import PresenterRule
    from casepath.reports import facts

    period = facts.Period(practices, START, END, AS_OF, PresenterRule.FIRST)
    head, values = facts._with(period)
    return head + "\n" + "\nUNION ALL\n".join(facts._branches(period.rule)), values


def _bare(statement: str, values: list[Any]) -> list[tuple[Any, ...]]:
    """The report's SQL aggregate alone: no ORM, no Python shaping of the rows."""
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL work_mem = '160MB'")  # as facts.rollups does
        cursor.execute(statement, values)
        return list(cursor.fetchall())


def _fetch(sql: str, params: dict[str, Any]) -> list[tuple[Any, ...]]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def _timed(action: Callable[[], object], runs: int) -> list[float]:
    action()  # warm-up, not counted
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        seconds.append(time.perf_counter() - started)
    return seconds


def _p95(seconds: list[float]) -> float:
    ordered = sorted(seconds)
    return ordered[math.ceil(0.95 * len(ordered)) - 1]


def _check_same_sums(practices: Sequence[Practice], params: dict[str, Any]) -> None:
    """The two read the same rows: their totals must agree to the cent."""
    from casepath.core.metrics import AcceptedMeans

    total = _report(practices).total
    sums = [
        tuple(sum(row[i] or 0 for row in _fetch(sql, params)) for i in (1, 2, 3, 4))
        for sql in (MINIMAL_SQL, PROCEDURES_SQL)
    ]
    bare = sums[0] if sums[0] == sums[1] else ("procedures differ:", *sums[1])
    mine = (
        total.presented.cases,
        total.accepted[AcceptedMeans.SAID_YES].cases,
        total.presented.usd,
        total.accepted[AcceptedMeans.SAID_YES].usd,
    )
    same = "the same" if tuple(bare) == mine else "DIFFERENT"
    print(f"totals (presented cases, accepted cases, presented $, accepted $): {same}")
    print(f"  report {mine}\n  bare   {bare}")
    if tuple(bare) != mine:
        sys.exit("the report and the bare aggregate disagree: the comparison means nothing")


def _print_and_judge(
    report: list[float],
    bare: list[float],
    minimal: list[float],
    raw: list[float],
    one: list[float],
    verdicts: Verdicts,
) -> None:
    print("\n| statement | runs | median s | p95 s | max s |\n| --- | ---: | ---: | ---: | ---: |")
    for label, seconds in (
        ("report, 500 practices (acceptance_report)", report),
        ("bare SQL aggregate: the same statement on a plain cursor", bare),
        ("one GROUP BY per practice over the same case rows (information)", minimal),
        ("the same sums from the 10M procedures (information)", raw),
        ("one practice's report with its cases (information)", one),
    ):
        print(
            f"| {label} | {len(seconds)} | {statistics.median(seconds):.3f} | "
            f"{_p95(seconds):.3f} | {max(seconds):.3f} |"
        )
    ratio = statistics.median(report) / statistics.median(bare)
    print(f"\nratio (report median / bare median): {ratio:.2f}")
    least = statistics.median(report) / statistics.median(minimal)
    print(f"ratio to the one GROUP BY without cuts (information): {least:.2f}")
    verdicts.check(
        "monthly report, 500 practices, p95",
        _p95(report) <= REPORT_TARGET_S,
        f"{_p95(report):.3f} s (median {statistics.median(report):.3f} s)",
        f"at most {REPORT_TARGET_S} s",
    )
    verdicts.check(
        "report median / bare SQL median",
        ratio <= RATIO_TARGET,
        f"{ratio:.2f}",
        f"at most {RATIO_TARGET}",
    )


def _explain(practices: Sequence[Practice], params: dict[str, Any]) -> None:
    """The plans (the report's statement rebuilt as facts.rollups builds it)."""
    from django.db import connection, transaction

    sql, report_params = _report_statement(practices)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL work_mem = '160MB'")
        for label, statement, values in (
            ("report", sql, report_params),
            ("one GROUP BY", MINIMAL_SQL, params),
            ("procedures", PROCEDURES_SQL, params),
        ):
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + statement, values)
            print(f"\n## EXPLAIN ANALYZE, {label}\n")
            print("\n".join(row[0] for row in cursor.fetchall()))


if __name__ == "__main__":
    sys.exit(main())
