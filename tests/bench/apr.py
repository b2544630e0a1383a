"""The APR solve (Regulation Z Appendix J): milliseconds per payment schedule.

    python -m tests.bench.apr                   # the issue's figure, PASS/FAIL
    python -m tests.bench.apr --schedules 5000

Each schedule is one advance repaid by 6 to 60 payments, every week, 2 weeks,
semimonth, 4 weeks, month, 2 months or quarter, with a first period from half a
unit period to two, an add-on finance charge from 0% to 36% a year, and, for a
third of them, an odd first or final payment. `disclose()` is timed for each:
finding the unit period, counting each payment's (t, f) and solving the general
equation. Target: at most 1 ms per schedule (median and p95). Exits 1 on a FAIL.
No Django, no database.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from datetime import date, timedelta
from decimal import Decimal

from casepath.core.financing import Payment, disclose
from casepath.core.financing.periods import months_back
from casepath.core.money import to_cents
from tests.bench.figures import Verdicts
from tests.bench.machine import describe_machine, load_average

TARGET_MS = 1.0
EVERY = {  # name: (days, months) between payments
    "week": (7, 0),
    "2weeks": (14, 0),
    "semimonth": (0, 0),
    "4weeks": (28, 0),
    "month": (0, 1),
    "2months": (0, 2),
    "quarter": (0, 3),
}
PER_YEAR = {"week": 52, "2weeks": 26, "semimonth": 24, "4weeks": 13, "month": 12}
PER_YEAR |= {"2months": 6, "quarter": 4}
Schedule = tuple[Decimal, date, list[Payment]]


def dues(first: date, count: int, every: str) -> list[date]:
    days, months = EVERY[every]
    if days:
        return [first + timedelta(days=days * k) for k in range(count)]
    if months:
        return [months_back(first, -months * k, first.day) for k in range(count)]
    early, later = (first.day, 0) if first.day <= 15 else (first.day - 15, 1)
    places = range(later, later + count)  # the first date is the later day of its pair
    return [months_back(first, -(k // 2), early + 15 * (k % 2)) for k in places]


def a_schedule(rng: random.Random) -> Schedule:
    every = rng.choice(list(EVERY))
    count = rng.randint(6, 60)
    financed = Decimal(rng.randint(500_00, 20_000_00)) / 100
    advance = date(2026, 1, 1) + timedelta(days=rng.randint(0, 730))
    unit_days = 365 / PER_YEAR[every]
    first = advance + timedelta(days=max(1, round(unit_days * rng.uniform(0.5, 2.0))))
    yearly = Decimal(rng.randint(0, 3600)) / 10000
    charge = financed * yearly * count / PER_YEAR[every]
    amount = to_cents((financed + charge) / count) + Decimal("0.01")
    payments = [Payment(amount, due) for due in dues(first, count, every)]
    odd = rng.random()
    if odd < 1 / 6:
        payments[0] = Payment(amount + Decimal("25.00"), payments[0].due)
    elif odd < 1 / 3:
        payments[-1] = Payment(amount + Decimal("40.00"), payments[-1].due)
    return financed, advance, payments


def timed(schedules: list[Schedule]) -> list[float]:
    """Milliseconds of each disclose() call."""
    spent = []
    for financed, advance, payments in schedules:
        started = time.perf_counter()
        disclose(financed, advance, payments)
        spent.append((time.perf_counter() - started) * 1000)
    return spent


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[-(-95 * len(ordered) // 100) - 1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--schedules", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=20261124)
    options = parser.parse_args(argv)
    rng = random.Random(options.seed)
    schedules = [a_schedule(rng) for _ in range(options.schedules)]
    print(describe_machine())
    timed(schedules[:200])  # warm up
    spent = timed(schedules)
    payments = sum(len(s[2]) for s in schedules)
    print(
        f"{len(schedules)} schedules of 6-60 payments ({payments / len(schedules):.1f} on "
        f"average): median {statistics.median(spent):.3f} ms, p95 {p95(spent):.3f} ms, "
        f"max {max(spent):.3f} ms per schedule; load average {load_average()} at the end"
    )
    verdicts = Verdicts()
    for name, figure in (("median", statistics.median(spent)), ("p95", p95(spent))):
        verdicts.check(
            f"APR solve, {name}", figure <= TARGET_MS, f"{figure:.3f} ms", f"{TARGET_MS} ms"
        )
    print(verdicts.report())
    return 1 if verdicts.failed else 0


if __name__ == "__main__":
    sys.exit(main())
