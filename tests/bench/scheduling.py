"""A proposal for a whole plan on a busy calendar: seconds per propose() call.

    python -m tests.bench.scheduling             # the issue's figure, PASS/FAIL
    python -m tests.bench.scheduling --runs 40 --seed 3

Each run builds a busy calendar: three providers (two dentists, Monday to Friday and
Monday to Thursday, 8:00-12:00 and 13:00-17:00; an oral surgeon on Tuesdays and
Thursdays, 8:00-16:00) over six months in New York (a clock change inside), a practice
holiday and a dentist's week off, then appointments of 30 to 90 minutes filling each
working span from its start, with a free 30 to 90 minutes one time in seven: about 85%
of the working time is booked. The plan: 12 visits in 4 phases (exam and gum treatment
with an extraction and bone graft; a root canal and fillings; the crown within 60 days
of the root canal and the implant 90 days after the graft; then crowns and a cleaning),
with the default sequencing rules and phase healing days. Every other run gives the
patient preferred days and times (Tuesday to Thursday, 9:00 to 15:00).

propose() is timed (free_windows too, for information); every proposal is checked with
conflicts() (no blocking conflict). A calendar where no plan fits (the surgeon's free 90
minutes too rare for the 90 days between graft and implant) is answered with reasons; it
is timed like the others and listed. Target: at most 2 s per proposal (median, p95 and
max). Exits 1 on a FAIL. No Django, no database.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from datetime import date, datetime, timedelta
from datetime import time as clock
from zoneinfo import ZoneInfo

from casepath.core.scheduling import (
    DEFAULT_RULES,
    Preferences,
    Request,
    Unschedulable,
    Visit,
    VisitKind,
)
from casepath.core.scheduling.calendar import free_windows, local_moment
from casepath.core.scheduling.conflicts import conflicts
from casepath.core.scheduling.sequence import gaps_for
from casepath.core.scheduling.solver import propose
from tests.bench.figures import Verdicts
from tests.bench.machine import describe_machine, load_average

TARGET_S = 2.0
ZONE = ZoneInfo("America/New_York")
START = date(2026, 9, 1)  # a Tuesday; the clocks go back on Nov 1
MONTHS_DAYS = 182
FREE_CHANCE = 1 / 7  # booked share = 6 * 3.8 / (6 * 3.8 + 4), about 85%
DENTIST, SECOND, SURGEON = 1, 2, 3
NAMES = {DENTIST: "Dr. Nunez", SECOND: "Dr. Patel", SURGEON: "Dr. Reyes"}
MORNING, AFTERNOON = (clock(8), clock(12)), (clock(13), clock(17))
HOURS = {
    DENTIST: {day: [MORNING, AFTERNOON] for day in range(5)},
    SECOND: {day: [MORNING, AFTERNOON] for day in range(4)},
    SURGEON: {1: [(clock(8), clock(16))], 3: [(clock(8), clock(16))]},
}
DAYS_OFF: dict[int | None, list[tuple[date, date]]] = {
    None: [(date(2026, 11, 26), date(2026, 11, 27)), (date(2026, 12, 24), date(2027, 1, 1))],
    SECOND: [(date(2026, 10, 12), date(2026, 10, 16))],
}
GENERAL = (DENTIST, SECOND)
VISITS = (
    Visit("exam", "Exam and x-rays", 60, GENERAL, 1, VisitKind.EXAM),
    Visit("srp-upper", "Gum treatment, upper", 60, GENERAL, 1, VisitKind.PERIO),
    Visit("srp-lower", "Gum treatment, lower", 60, GENERAL, 1, VisitKind.PERIO),
    Visit("graft", "Extraction #19 and bone graft", 90, (SURGEON,), 1, VisitKind.GRAFT,
          frozenset({"19"})),
    Visit("rct", "Root canal #30", 90, GENERAL, 2, VisitKind.ROOT_CANAL, frozenset({"30"})),
    Visit("fill-ur", "Fillings, upper right", 60, GENERAL, 2, VisitKind.FILLING),
    Visit("fill-ll", "Fillings, lower left", 60, GENERAL, 2, VisitKind.FILLING),
    Visit("crown-30", "Crown #30", 90, GENERAL, 3, VisitKind.CROWN, frozenset({"30"})),
    Visit("implant", "Implant #19", 90, (SURGEON,), 3, VisitKind.IMPLANT, frozenset({"19"})),
    Visit("crown-14", "Crown #14", 90, GENERAL, 4, VisitKind.CROWN, frozenset({"14"})),
    Visit("crown-3", "Crown #3", 90, GENERAL, 4, VisitKind.CROWN, frozenset({"3"})),
    Visit("cleaning", "Cleaning", 60, GENERAL, 4, VisitKind.CLEANING),
)  # fmt: skip
HEALING = {1: 28, 2: 14, 3: 30}
PREFERRED = Preferences(frozenset({1, 2, 3}), clock(9), clock(15))


def busy_calendar(rng: random.Random) -> tuple[dict[int, list[tuple[datetime, datetime]]], float]:
    """Each working span filled from its start: an appointment of 30 to 90 minutes, or
    (one time in seven) 30 to 90 free minutes; about 85% of the working time is booked.
    Returns the appointments and the share of working time they take."""
    busy: dict[int, list[tuple[datetime, datetime]]] = {}
    booked = total = 0
    for provider, week in HOURS.items():
        mine = []
        for offset in range(MONTHS_DAYS):
            day = START + timedelta(days=offset)
            for starts, ends in week.get(day.weekday(), ()):
                quarters = _quarters(starts, ends)
                total += quarters
                cursor = 0
                while cursor < quarters:
                    if rng.random() < FREE_CHANCE:
                        cursor += rng.choice((2, 4, 6))
                        continue
                    length = min(rng.choice((2, 3, 4, 4, 6)), quarters - cursor)
                    begins = local_moment(day, starts, ZONE) + timedelta(minutes=15 * cursor)
                    mine.append((begins, begins + timedelta(minutes=15 * length)))
                    booked += length
                    cursor += length
        busy[provider] = mine
    return busy, booked / total


def _quarters(starts: clock, ends: clock) -> int:
    return ((ends.hour * 60 + ends.minute) - (starts.hour * 60 + starts.minute)) // 15


def a_request(
    rng: random.Random, *, preferences: bool
) -> tuple[Request, dict[int, list[tuple[datetime, datetime]]], float, float]:
    busy, share = busy_calendar(rng)
    started = time.perf_counter()
    free = free_windows(
        HOURS,
        DAYS_OFF,
        busy,
        start_day=START,
        end_day=START + timedelta(days=MONTHS_DAYS - 1),
        zone=ZONE,
    )
    windows_s = time.perf_counter() - started
    request = Request(
        visits=VISITS,
        gaps=gaps_for(VISITS, DEFAULT_RULES, HEALING),
        free=free,
        zone=ZONE,
        not_before=local_moment(START, clock(8), ZONE),
        until=local_moment(START + timedelta(days=MONTHS_DAYS), clock(0), ZONE),
        preferences=PREFERRED if preferences else Preferences(),
        grid_minutes=15,
        provider_names=NAMES,
    )
    return request, busy, windows_s, share


def nearest_rank(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[-(-int(share * 100) * len(ordered) // 100) - 1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--seed", type=int, default=20261124)
    options = parser.parse_args(argv)
    print(describe_machine())
    spent: dict[str, list[float]] = {"no preferences": [], "preferred days and times": []}
    windows: list[float] = []
    shares: list[float] = []
    problems: list[str] = []
    refused: list[str] = []
    noted = 0
    for run in range(options.runs):
        rng = random.Random(options.seed + run)
        kind = "preferred days and times" if run % 2 else "no preferences"
        request, busy, windows_s, share = a_request(rng, preferences=bool(run % 2))
        shares.append(share)
        windows.append(windows_s)
        started = time.perf_counter()
        try:
            proposal = propose(request)
        except Unschedulable as error:
            spent[kind].append(time.perf_counter() - started)
            refused.append(f"run {run}: no plan fits: {' '.join(error.reasons)}")
            continue
        spent[kind].append(time.perf_counter() - started)
        noted += bool(proposal.notes)
        blocking = [c.message for c in conflicts(request, proposal.placed, busy) if c.blocking]
        if blocking:
            problems.append(f"run {run}: {blocking}")
        if run == 0:
            windows_count = len(request.free)
            print(f"run 0: {windows_count} free windows; the proposal:")
            for placed in proposal.placed:
                local = placed.start.astimezone(ZONE)
                print(f"  {placed.visit:<10} {NAMES[placed.provider]:<10} {local:%a %b %d %H:%M}")
    every = [s for values in spent.values() for s in values]
    for kind, values in spent.items():
        if values:
            print(
                f"{kind}: {len(values)} runs, median {statistics.median(values):.3f} s, "
                f"p95 {nearest_rank(values, 0.95):.3f} s, max {max(values):.3f} s"
            )
    print(
        f"booked share of working time: {min(shares):.1%}-{max(shares):.1%}; "
        f"free_windows: median {statistics.median(windows) * 1000:.1f} ms; "
        f"{noted} proposals with a note about preferences, {len(refused)} refused with "
        "reasons (a refusal is an answer too: timed the same); "
        f"load average {load_average()} at the end"
    )
    for line in refused + problems:
        print(line)
    verdicts = Verdicts()
    for name, figure in (
        ("median", statistics.median(every)),
        ("p95", nearest_rank(every, 0.95)),
        ("max", max(every)),
    ):
        verdicts.check(
            f"12-visit proposal, {name}", figure <= TARGET_S, f"{figure:.3f} s", f"{TARGET_S} s"
        )
    verdicts.check("proposals without a blocking conflict", not problems, str(len(problems)), "0")
    print(verdicts.report())
    return 1 if verdicts.failed else 0


if __name__ == "__main__":
    sys.exit(main())
