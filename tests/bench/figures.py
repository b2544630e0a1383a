"""Latency figures and the PASS/FAIL verdicts a benchmark prints."""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass, field


@dataclass
class Timings:
    """Milliseconds and SQL query counts of repeated runs of one kind of request."""

    label: str
    milliseconds: list[float] = field(default_factory=list)
    query_counts: list[int] = field(default_factory=list)
    missed: int = 0

    def add(self, seconds: float, queries: int, *, found: bool) -> None:
        self.milliseconds.append(seconds * 1000)
        self.query_counts.append(queries)
        self.missed += not found

    @property
    def median(self) -> float:
        return statistics.median(self.milliseconds)

    @property
    def p95(self) -> float:
        """Nearest-rank 95th percentile: 95% of the runs took at most this long."""
        ordered = sorted(self.milliseconds)
        return ordered[math.ceil(0.95 * len(ordered)) - 1]

    def queries(self) -> str:
        low, high = min(self.query_counts), max(self.query_counts)
        return str(low) if low == high else f"{low}-{high}"

    def row(self) -> str:
        return (
            f"| {self.label} | {len(self.milliseconds)} | {self.median:.1f} | "
            f"{self.p95:.1f} | {max(self.milliseconds):.1f} | {self.queries()} |"
        )


TABLE_HEADER = (
    "| kind | runs | median ms | p95 ms | max ms | SQL queries |\n"
    "| --- | ---: | ---: | ---: | ---: | ---: |"
)


@dataclass
class Verdicts:
    """Each target with the measured figure; `failed` decides the exit status."""

    lines: list[str] = field(default_factory=list)
    failed: int = 0

    def check(self, name: str, passed: bool, measured: str, target: str) -> None:
        self.failed += not passed
        word = "PASS" if passed else "FAIL"
        self.lines.append(f"{word}  {name}: {measured} (target {target})")

    def warn(self, name: str, measured: str, expected: str) -> None:
        """A finding to read (a query plan), not a target: it does not change the exit status."""
        self.lines.append(f"WARN  {name}: {measured} (expected {expected})")

    def report(self) -> str:
        summary = "all targets met" if not self.failed else f"{self.failed} target(s) missed"
        return "\n".join([*self.lines, summary])
