"""The raw sums behind every figure of one group of cases (one TC, one month, ...).

The database adds them up (reports.selectors); this module only holds and combines
them. Counts of distinct patients cannot be added across groups that share a
patient, so `plus` is only for groups of different cases and patients (the two
halves of a month: diagnosed in it and presented in it).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from decimal import Decimal
from types import MappingProxyType

from casepath.core.metrics.definitions import AcceptedMeans
from casepath.core.money import ZERO


@dataclass(frozen=True)
class Tally:
    """Cases, patients, procedures and dollars counted under one definition."""

    cases: int = 0
    patients: int = 0
    procedures: int = 0
    usd: Decimal = ZERO

    def plus(self, other: Tally) -> Tally:
        return Tally(
            self.cases + other.cases,
            self.patients + other.patients,
            self.procedures + other.procedures,
            self.usd + other.usd,
        )


def _no_tallies() -> Mapping[AcceptedMeans, Tally]:
    return MappingProxyType({means: Tally() for means in AcceptedMeans})


def _no_counts() -> Mapping[AcceptedMeans, int]:
    return MappingProxyType(dict.fromkeys(AcceptedMeans, 0))


@dataclass(frozen=True)
class Measures:
    """Sums over one group. "Presented" counts cases presented in the period (the
    cohort); every later step (accepted, scheduled, collected) is of that cohort.

    - diagnosed: cases diagnosed in the period, and their recommended option's dollars;
    - presented: the recommended option of each presented case (its procedures, dollars);
    - accepted[m]: presented cases accepted under definition m, their accepted
      procedures and dollars;
    - days_to_accept_*: days from presentation to the yes, over cases said yes;
    - collected_usd: payments received against the presented cases;
    - followed_up_*: presented cases with a follow-up done, and of those accepted[m];
    - declined_cases: presented cases the patient declined;
    - the last four: activity in the period (by practice and month only).
    """

    diagnosed_cases: int = 0
    diagnosed_usd: Decimal = ZERO
    presented: Tally = field(default_factory=Tally)
    accepted: Mapping[AcceptedMeans, Tally] = field(default_factory=_no_tallies)
    days_to_accept_total: int = 0
    days_to_accept_cases: int = 0
    collected_usd: Decimal = ZERO
    followed_up_cases: int = 0
    followed_up_accepted: Mapping[AcceptedMeans, int] = field(default_factory=_no_counts)
    declined_cases: int = 0
    predeterminations_sent: int = 0
    predeterminations_returned: int = 0
    financing_applications: int = 0
    financing_approved: int = 0

    def plus(self, other: Measures) -> Measures:
        """The sums of two groups with no case or patient in common."""
        values: dict[str, object] = {}
        for f in fields(self):
            mine, theirs = getattr(self, f.name), getattr(other, f.name)
            if isinstance(mine, Tally):
                values[f.name] = mine.plus(theirs)
            elif isinstance(mine, Mapping):
                values[f.name] = MappingProxyType(
                    {m: _add(mine[m], theirs[m]) for m in AcceptedMeans}
                )
            else:
                values[f.name] = mine + theirs
        return Measures(**values)  # type: ignore[arg-type]


def _add(a: Tally | int, b: Tally | int) -> Tally | int:
    if isinstance(a, Tally) and isinstance(b, Tally):
        return a.plus(b)
    assert isinstance(a, int) and isinstance(b, int)
    return a + b
