"""The out-of-pocket estimator: procedure estimates per second on one core.

    python -m tests.bench.estimator            # the issue's figure, PASS/FAIL
    python -m tests.bench.estimator --seconds 10

Each estimate is a 20-procedure treatment plan with a PPO primary and a
percentage secondary (standard coordination): deductibles, scoped waivers,
annual and orthodontic maximums, frequencies with history, an age limit, a
waiting period, an exclusion and a downgrade. A few hundred patients with
different histories take turns. Plans are compiled once (as a practice's plans
are); the figure with a fresh plan object per estimate is printed as well.
Exits 1 on a FAIL. No Django, no database.
"""

from __future__ import annotations

import argparse
import platform
import random
import sys
import time
from datetime import date, timedelta
from decimal import Decimal

from casepath.core.benefits import (
    AgeLimit,
    Coverage,
    CoverageRule,
    DeductibleRule,
    Downgrade,
    EstimateRequest,
    Exclusion,
    FrequencyRule,
    HistoryEntry,
    MaximumRule,
    Months,
    Patient,
    PendingEntry,
    Plan,
    Procedure,
    WaitingPeriod,
    Years,
    estimate,
)

TARGET_PER_SECOND = 100_000
PROCEDURES_PER_PLAN = 20
AS_OF = date(2026, 11, 22)
CODES = (
    ("D0120", "95.00", ""),
    ("D0274", "85.00", ""),
    ("D1110", "120.00", ""),
    ("D1208", "45.00", ""),
    ("D2140", "160.00", "3"),
    ("D2391", "210.00", "14"),
    ("D2392", "260.00", "19"),
    ("D2740", "1200.00", "30"),
    ("D2950", "300.00", "30"),
    ("D3330", "1150.00", "19"),
    ("D4341", "280.00", "2"),
    ("D4341", "280.00", "15"),
    ("D6010", "2100.00", "19"),
    ("D7140", "220.00", "1"),
    ("D7210", "380.00", "32"),
    ("D8080", "5200.00", ""),
    ("D9110", "140.00", ""),
    ("D9972", "450.00", ""),
    ("D2750", "1150.00", "3"),
    ("D0330", "140.00", ""),
)


def ppo_plan() -> Plan:
    allowed = {code: Decimal(fee) * Decimal("0.8") for code, fee, _ in CODES}
    return Plan(
        type="ppo",
        benefit_year_start_month=1,
        allowed_fees={code: fee.quantize(Decimal("0.01")) for code, fee in allowed.items()},
        coverage=(
            CoverageRule(category="diagnostic", percent=100),
            CoverageRule(category="preventive", percent=100),
            CoverageRule(category="restorative", percent=80),
            CoverageRule(category="crowns", percent=50),
            CoverageRule(category="endodontics", percent=80),
            CoverageRule(category="periodontics", percent=80),
            CoverageRule(category="implants", percent=50),
            CoverageRule(category="oral_surgery", percent=80),
            CoverageRule(category="orthodontics", percent=50),
            CoverageRule(codes="D2950-D2954", percent=50),
            CoverageRule(code="D9110", percent=80),
        ),
        deductibles=(
            DeductibleRule(amount=Decimal(50)),
            DeductibleRule(amount=Decimal(150), level="family"),
            DeductibleRule(amount=Decimal(0), category="preventive"),
            DeductibleRule(amount=Decimal(0), category="diagnostic"),
        ),
        maximums=(
            MaximumRule(amount=Decimal(1500)),
            MaximumRule(amount=Decimal(1500), category="orthodontics", period="lifetime"),
        ),
        frequencies=(
            FrequencyRule(codes=("D0120", "D0150"), count=2, period="benefit_year"),
            FrequencyRule(codes=("D0274",), count=1, period=Months(12)),
            FrequencyRule(codes=("D0210", "D0330"), count=1, period=Years(5)),
            FrequencyRule(codes="D2740-D2799", count=1, period=Years(5), area="tooth"),
            FrequencyRule(codes=("D4341", "D4342"), count=1, period=Months(24), area="quadrant"),
        ),
        age_limits=(AgeLimit(codes=("D1206", "D1208"), max_age=14),),
        waiting_periods=(WaitingPeriod(category="implants", months=12),),
        exclusions=(Exclusion(codes="D9972"),),
        downgrades=(Downgrade(from_="D2391", to="D2140", only_if="posterior"),),
    )


def percentage_plan() -> Plan:
    return Plan(
        type="percentage",
        coverage=(
            CoverageRule(percent=50),
            CoverageRule(category="diagnostic", percent=100),
            CoverageRule(category="preventive", percent=100),
            CoverageRule(category="restorative", percent=80),
        ),
        deductibles=(DeductibleRule(amount=Decimal(75)),),
        maximums=(MaximumRule(amount=Decimal(1000)),),
        frequencies=(FrequencyRule(codes=("D0120", "D0150"), count=2, period="benefit_year"),),
        cob="standard",
    )


def a_request(rng: random.Random, primary: Plan, secondary: Plan) -> EstimateRequest:
    days = [AS_OF + timedelta(days=rng.randrange(0, 400)) for _ in CODES]
    procedures = tuple(
        Procedure(
            id=str(index),
            code=code,
            fee=Decimal(fee),
            tooth=tooth,
            date=day,
            priority=rng.choice((1, 2, None)),
        )
        for index, ((code, fee, tooth), day) in enumerate(zip(CODES, days, strict=True))
    )
    history = tuple(
        HistoryEntry(
            code=rng.choice(("D0120", "D0274", "D1110", "D2740", "D4341")),
            date=AS_OF - timedelta(days=rng.randrange(30, 900)),
            tooth=rng.choice(("", "30", "2")),
            insurance_paid=Decimal(rng.randrange(0, 300)),
            deductible_applied=Decimal(rng.choice((0, 0, 25))),
            family_member=rng.random() < 0.2,
        )
        for _ in range(rng.randrange(0, 8))
    )
    pending = (PendingEntry(code="D1110", date=AS_OF, insurance_estimate=Decimal(90)),)
    return EstimateRequest(
        as_of=AS_OF,
        patient=Patient(birth_date=date(2000 + rng.randrange(0, 20), 4, 30)),
        procedures=procedures,
        coverages=(
            Coverage(
                plan=primary, effective_date=date(2025, 1, 1), history=history, pending=pending
            ),
            Coverage(plan=secondary, effective_date=date(2024, 6, 1)),
        ),
    )


def run(seconds: float, requests: list[EstimateRequest]) -> float:
    """Procedures per CPU second: the best of rounds over all the requests.

    CPU time (not wall time) of this process, and the best round, so that other
    work on the machine disturbs the figure as little as possible.
    """
    best = 0.0
    spent = 0.0
    while spent < seconds:
        started = time.process_time()
        for request in requests:
            estimate(request)
        took = time.process_time() - started
        spent += took
        best = max(best, len(requests) * PROCEDURES_PER_PLAN / took)
    return best


def reference_loop() -> float:
    """Seconds of CPU for ten million additions, to compare machines."""
    started = time.process_time()
    total = 0
    for number in range(10_000_000):
        total += number
    return time.process_time() - started


def with_fresh_plans(requests: list[EstimateRequest]) -> list[EstimateRequest]:
    """The same requests, each with its own plan objects (so each is compiled)."""
    return [
        EstimateRequest(
            as_of=r.as_of,
            patient=r.patient,
            procedures=r.procedures,
            coverages=tuple(
                Coverage(
                    plan=ppo_plan() if index == 0 else percentage_plan(),
                    effective_date=c.effective_date,
                    history=c.history,
                    pending=c.pending,
                )
                for index, c in enumerate(r.coverages)
            ),
        )
        for r in requests
    ]


def compiling_every_time(requests: list[EstimateRequest]) -> float:
    """Procedures per CPU second when both plans are compiled for every estimate."""
    fresh = with_fresh_plans(requests)
    started = time.process_time()
    for request in fresh:
        estimate(request)
    return len(fresh) * PROCEDURES_PER_PLAN / (time.process_time() - started)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--patients", type=int, default=200)
    options = parser.parse_args(argv)
    rng = random.Random(20261122)
    primary, secondary = ppo_plan(), percentage_plan()
    requests = [a_request(rng, primary, secondary) for _ in range(options.patients)]
    print(
        f"Python {platform.python_version()} on {platform.machine()}, one core; "
        f"reference loop (10M additions): {reference_loop():.2f} s of CPU"
    )
    run(0.5, requests)  # warm up: compile plans, fill the per-code lookups
    rate = run(options.seconds, requests)
    verdict = "PASS" if rate >= TARGET_PER_SECOND else "FAIL"
    print(
        f"{PROCEDURES_PER_PLAN}-procedure plans, PPO primary + percentage secondary: "
        f"{rate:,.0f} procedures/second ({1e6 / rate:.1f} µs each, best round); "
        f"target {TARGET_PER_SECOND:,}: {verdict}"
    )
    print(
        f"with both plans compiled for every estimate: "
        f"{compiling_every_time(requests):,.0f} procedures/second (for information)"
    )
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    sys.exit(main())
