"""The payment arrangements of one case option, compared in core: time per comparison.

    python -m tests.bench.financing_compare            # the issue's figure, PASS/FAIL
    python -m tests.bench.financing_compare --rounds 2000

One comparison is `compare()` for a 20-procedure case option: pay in full with
a discount, the in-house plan over 24 months at 6.9% (its schedule and its
Regulation Z APR), four lender products and, for an uninsured patient, two
membership plans. Cases alternate between an insured patient (a portion left
after insurance) and an uninsured one, with patient portions from a few
hundred to tens of thousands of dollars, and first payments on every day of
the month. The budget mode (`fit_budget`, a monthly budget that forces the
search for a down payment) and the 21 slider points are timed for information.
Exits 1 on a FAIL. No Django, no database.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal

from casepath.core.financing.arrangements import Line, OptionCost, Policy
from casepath.core.financing.budget import fit_budget, slider_points
from casepath.core.financing.compare import compare
from casepath.core.financing.lenders import LenderProduct
from casepath.core.financing.membership import MembershipPlan

TARGET_MS = 20.0
D = Decimal
CODES = (
    ("D0150", "120.00"),
    ("D0210", "160.00"),
    ("D1110", "115.00"),
    ("D2391", "210.00"),
    ("D2392", "260.00"),
    ("D2740", "1250.00"),
    ("D2950", "300.00"),
    ("D3330", "1150.00"),
    ("D4341", "280.00"),
    ("D4341", "280.00"),
    ("D6010", "2100.00"),
    ("D6058", "1450.00"),
    ("D7140", "220.00"),
    ("D7210", "380.00"),
    ("D7953", "450.00"),
    ("D9110", "140.00"),
    ("D2750", "1150.00"),
    ("D0330", "140.00"),
    ("D2331", "195.00"),
    ("D5110", "1800.00"),
)
POLICY = Policy(
    longest_term_months=24,
    min_down_percent=D(20),
    apr_percent=D("6.9"),
    apr_cap=D(18),
    pay_in_full_percent=D(5),
)
LENDERS = (
    LenderProduct("CareCredit 12", "deferred", 12, D("26.99"), D(200), D(25000), D("9.5")),
    LenderProduct("CareCredit 24", "deferred", 24, D("26.99"), D(1000), D(25000), D("12.9")),
    LenderProduct("Cherry 36", "fixed", 36, D("9.99"), D(500), D(35000), D(6)),
    LenderProduct("LendingClub 60", "fixed", 60, D("14.99"), D(2000), D(50000), D(5)),
)
MEMBERSHIPS = (
    MembershipPlan(
        "Smile Club",
        yearly_fee=D(349),
        included_codes=frozenset({"D0150", "D0210", "D1110", "D0330"}),
        discount_percent={"restorative": D(20), "crowns": D(15), "implants": D(10)},
    ),
    MembershipPlan(
        "Smile Monthly",
        monthly_fee=D("29.99"),
        included_codes=frozenset({"D1110"}),
        discount_percent={"diagnostic": D(10), "xray": D(50), "oral_surgery": D(15)},
    ),
)


def a_case(rng: random.Random, insured: bool) -> OptionCost:
    factors = (D(1), D(1), D("0.9"), D("1.1"))
    lines = tuple(
        Line(code, (D(fee) * rng.choice(factors)).quantize(D("0.01"))) for code, fee in CODES
    )
    fees = sum((line.fee for line in lines), D(0))
    insurance = (fees * D(rng.randrange(10, 60)) / 100).quantize(D("0.01")) if insured else D(0)
    return OptionCost(
        fee_total=fees, insurance_total=insurance, patient_total=fees - insurance, lines=lines
    )


def timings(call: Callable[[], object], rounds: int) -> list[float]:
    """Milliseconds of CPU time for each call."""
    taken = []
    for _ in range(rounds):
        started = time.process_time_ns()
        call()
        taken.append((time.process_time_ns() - started) / 1e6)
    return taken


def summary(taken: list[float]) -> tuple[float, float]:
    ordered = sorted(taken)
    return statistics.median(ordered), ordered[int(len(ordered) * 0.95) - 1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=1000)
    options = parser.parse_args(argv)
    rng = random.Random(20261124)
    cases = [(a_case(rng, insured=n % 2 == 0), n % 2 == 0) for n in range(64)]
    days = [date(2026, 11, 1) + timedelta(days=n) for n in range(64)]
    load = os.getloadavg()[0]
    print(f"Python {platform.python_version()} on {platform.machine()}, one core; load {load:.2f}")

    def comparison(index: list[int] = [0]) -> Callable[[], object]:  # noqa: B006
        def call() -> object:
            index[0] = (index[0] + 1) % len(cases)
            option, insured = cases[index[0]]
            return compare(
                option, POLICY, LENDERS, MEMBERSHIPS, today=days[index[0]], insured=insured
            )

        return call

    timings(comparison(), 50)  # warm up
    median, p95 = summary(timings(comparison(), options.rounds))
    verdict = "PASS" if p95 <= TARGET_MS else "FAIL"
    arrangements = len(
        compare(cases[1][0], POLICY, LENDERS, MEMBERSHIPS, today=days[1], insured=False)
    )
    print(
        f"compare(), {len(CODES)}-procedure option, {len(LENDERS)} lenders, "
        f"{len(MEMBERSHIPS)} memberships (up to {arrangements} arrangements): "
        f"median {median:.2f} ms, p95 {p95:.2f} ms; target {TARGET_MS:.0f} ms: {verdict}"
    )
    option, _ = cases[1]
    budget = option.patient_total / 30

    def budget_mode() -> object:
        return fit_budget(
            option,
            POLICY,
            LENDERS,
            MEMBERSHIPS,
            today=days[0],
            monthly_budget=budget,
            down_payment=None,
        )

    b_median, b_p95 = summary(timings(budget_mode, max(options.rounds // 5, 20)))
    print(
        f"fit_budget() (searches the down payment): median {b_median:.2f} ms, "
        f"p95 {b_p95:.2f} ms (for information)"
    )
    s_median, s_p95 = summary(
        timings(lambda: slider_points(option, POLICY, days[0]), max(options.rounds // 5, 20))
    )
    print(
        f"slider_points() (21 points): median {s_median:.2f} ms, p95 {s_p95:.2f} ms "
        "(for information)"
    )
    print(f"load at the end {os.getloadavg()[0]:.2f}")
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    sys.exit(main())
