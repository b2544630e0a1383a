"""Cadences: the steady steps of follow-up after a case is presented and not accepted.

A cadence is ordered steps, each a kind of contact (call, e-mail, text, letter) and an
offset from the start (the presentation): "call within 48 hours", "e-mail on day 7".
Steps are numbered from 1, as the TC reads them. Only one step's task is open at a
time: when it is closed, the next one opens, due at start + its offset, or at once if
that time has passed. A follow-up time agreed with the patient replaces step 1's due
time and nothing else.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final

from casepath.core.errors import CasepathError, FieldError

KINDS: Final[dict[str, str]] = {
    "call": "Call",
    "email": "E-mail",
    "sms": "Text message",
    "letter": "Letter",
}
UNITS: Final[dict[str, timedelta]] = {"hours": timedelta(hours=1), "days": timedelta(days=1)}
MAX_STEPS: Final = 12
MAX_OFFSET: Final = timedelta(days=365)


@dataclass(frozen=True)
class Step:
    kind: str
    offset: int
    unit: str = "days"

    @property
    def after(self) -> timedelta:
        """How long after the start the step is due."""
        return self.offset * UNITS[self.unit]

    @property
    def when(self) -> str:
        """“within 48 hours”, “on day 7”: when the step is due, in the TC's words."""
        if self.unit == "hours":
            return f"within {self.offset} hour{'' if self.offset == 1 else 's'}"
        return f"on day {self.offset}"

    def as_json(self) -> dict[str, object]:
        return {"kind": self.kind, "offset": self.offset, "unit": self.unit}


DEFAULT_PRESENTED: Final = (
    Step("call", 48, "hours"),
    Step("email", 7),
    Step("call", 14),
    Step("letter", 30),
    Step("call", 60),
    Step("call", 90),
)
"""A presented case that is not accepted: call within 48 hours, e-mail on day 7, call on
day 14, letter on day 30, then monthly until day 90."""


def due_at(start: datetime, step: Step) -> datetime:
    return start + step.after


def due_times(
    start: datetime, steps: Sequence[Step], agreed: datetime | None = None
) -> list[datetime]:
    """When each step is due; a time agreed with the patient replaces step 1's."""
    times = [due_at(start, step) for step in steps]
    if agreed is not None and times:
        times[0] = agreed
    return times


def open_at(
    start: datetime,
    steps: Sequence[Step],
    number: int,
    now: datetime,
    agreed: datetime | None = None,
) -> datetime:
    """When step `number`'s task is due as it opens now: its due time, or now if past."""
    return max(due_times(start, steps, agreed)[_index(steps, number)], now)


def next_step(steps: Sequence[Step], number: int) -> int | None:
    """The step after step `number`, or None when the cadence has ended."""
    _index(steps, number)
    return number + 1 if number < len(steps) else None


def _index(steps: Sequence[Step], number: int) -> int:
    if not 1 <= number <= len(steps):
        raise CasepathError.at("step", f"This cadence has no step {number}.")
    return number - 1


def step_title(step: Step, number: int, total: int, patient: str, case_title: str) -> str:
    """The task's title: what to do, about whom and what, and where it is in the cadence."""
    verb = {"call": "Call", "email": "E-mail", "sms": "Text", "letter": "Send a letter to"}
    return (
        f"{verb[step.kind]} {patient} about “{case_title}” "
        f"(follow-up {number} of {total}, {step.when})"
    )


def check_steps(raw: Sequence[Mapping[str, object]]) -> tuple[Step, ...]:
    """Steps from their stored or typed form; CasepathError naming every bad one."""
    if not raw:
        raise CasepathError.at("steps", "A cadence needs at least one step.")
    if len(raw) > MAX_STEPS:
        raise CasepathError.at("steps", f"A cadence has at most {MAX_STEPS} steps.")
    problems: list[FieldError] = []
    steps: list[Step | None] = [_step(i, item, problems) for i, item in enumerate(raw)]
    problems += _order_problems(steps)
    if problems:
        raise CasepathError(*problems)
    return tuple(step for step in steps if step is not None)


def _step(i: int, item: Mapping[str, object], problems: list[FieldError]) -> Step | None:
    kind, unit = str(item.get("kind") or "").strip(), str(item.get("unit") or "days").strip()
    offset = _whole(item.get("offset"))
    found = len(problems)
    if kind not in KINDS:
        problems.append(FieldError(f"steps[{i}].kind", "Choose a call, e-mail, text or letter."))
    if unit not in UNITS:
        problems.append(FieldError(f"steps[{i}].unit", "Count the offset in hours or days."))
    elif offset is None or not 0 <= offset <= MAX_OFFSET // UNITS[unit]:
        most = MAX_OFFSET // UNITS[unit]
        problems.append(
            FieldError(f"steps[{i}].offset", f"Give a whole number of {unit} from 0 to {most}.")
        )
    if len(problems) > found or offset is None:
        return None
    return Step(kind, offset, unit)


def _whole(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit() and value.strip().isascii():
        return int(value.strip())
    return None


def _order_problems(steps: Sequence[Step | None]) -> list[FieldError]:
    """Each step after the one before it (steps with problems of their own are passed)."""
    problems = []
    before: tuple[int, Step] | None = None
    for i, step in enumerate(steps):
        if step is None:
            continue
        if before is not None and step.after <= before[1].after:
            problems.append(
                FieldError(
                    f"steps[{i}].offset",
                    f"Step {i + 1} must come after step {before[0] + 1} ({before[1].when}).",
                )
            )
        before = (i, step)
    return problems


def steps_json(steps: Sequence[Step]) -> list[dict[str, object]]:
    return [step.as_json() for step in steps]
