"""Conversion of new-patient calls by where the caller heard of the practice.

Each inquiry counts once, at the furthest step it reached: called, first visit booked,
arrived, a case presented, accepted. A step counts every inquiry that reached it or a
later one, so each row of the funnel is never larger than the row before. Percentages
are of the calls (`of_calls`) and of the step before (`of_previous`), rounded half-up
to one decimal; none when the denominator is zero.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import IntEnum
from typing import Final


class Step(IntEnum):
    CALLED = 0
    BOOKED = 1
    ARRIVED = 2
    PRESENTED = 3
    ACCEPTED = 4


STEP_LABELS: Final[dict[Step, str]] = {
    Step.CALLED: "Called",
    Step.BOOKED: "Booked",
    Step.ARRIVED: "Arrived",
    Step.PRESENTED: "Case presented",
    Step.ACCEPTED: "Accepted",
}
_TENTH: Final = Decimal("0.1")


@dataclass(frozen=True)
class Inquiry:
    source: str
    furthest: Step


@dataclass(frozen=True)
class StepCount:
    step: Step
    count: int
    of_calls: Decimal | None
    of_previous: Decimal | None

    @property
    def label(self) -> str:
        return STEP_LABELS[self.step]


@dataclass(frozen=True)
class Funnel:
    source: str
    steps: tuple[StepCount, ...]

    @property
    def calls(self) -> int:
        return self.steps[0].count


def percent(part: int, whole: int) -> Decimal | None:
    if whole == 0:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(_TENTH, rounding=ROUND_HALF_UP)


def funnel(source: str, furthest: Iterable[Step]) -> Funnel:
    """The funnel of inquiries that reached `furthest` steps."""
    reached = Counter(furthest)
    counts = [sum(n for step, n in reached.items() if step >= s) for s in Step]
    steps = tuple(
        StepCount(
            step=s,
            count=counts[s],
            of_calls=percent(counts[s], counts[0]),
            of_previous=percent(counts[s], counts[s - 1]) if s else None,
        )
        for s in Step
    )
    return Funnel(source, steps)


def by_source(inquiries: Iterable[Inquiry], order: Sequence[str] = ()) -> tuple[Funnel, ...]:
    """One funnel per source (in `order`, then the others by name), then "all"."""
    rows = list(inquiries)
    grouped: dict[str, list[Step]] = {}
    for row in rows:
        grouped.setdefault(row.source, []).append(row.furthest)
    known = [s for s in order if s in grouped]
    sources = known + sorted(set(grouped) - set(known))
    funnels = [funnel(s, grouped[s]) for s in sources]
    return (*funnels, funnel("all", (r.furthest for r in rows)))
