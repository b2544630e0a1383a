"""Reading a day's schedule exported as CSV by the practice management system.

The first line names the columns (any order, any case; columns not listed are ignored):

| column | what | example |
| --- | --- | --- |
| date | the visit's day: 2026-04-02 or 04/02/2026 | 2026-04-02 |
| time | its start, the practice's local time: 24-hour or am/pm | 08:30, 2:15 pm |
| chart_number | the patient's chart number | RV-000123 |
| last_name, first_name, date_of_birth | who, without a chart number | Lopez, Ana, 1985-04-12 |
| provider | the provider's name (Dr. Rita Nunez, Nunez, "Nunez, Rita") or NPI | Nunez |
| type | hygiene, emergency or other | hygiene |
| length | minutes, 1 to 720 | 60 |
| reason | optional: what the visit is for | Prophy and bitewings |

Every row is checked, and every problem is named with its line and column: a file
with a bad row imports nothing. Whether the patient and the provider exist is the
shell's check (it reads the database); this module checks the file itself.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, time
from typing import Final

from casepath.core.errors import CasepathError, FieldError
from casepath.core.huddle.visits import VisitKind, parse_kind
from casepath.core.patient_search import chart_key, name_key

MAX_ROWS: Final = 2000
MAX_MINUTES: Final = 720  # scheduling.Appointment holds 1 to 720 minutes
REQUIRED: Final = ("date", "time", "provider", "type", "length")
BY_NAME: Final = ("last_name", "first_name", "date_of_birth")
_ALIASES: Final = {
    "appointment_date": "date",
    "start": "time",
    "start_time": "time",
    "chart": "chart_number",
    "chart_no": "chart_number",
    "last": "last_name",
    "first": "first_name",
    "dob": "date_of_birth",
    "birth_date": "date_of_birth",
    "birthdate": "date_of_birth",
    "visit_type": "type",
    "appointment_type": "type",
    "minutes": "length",
    "length_minutes": "length",
    "duration": "length",
}
_DATES: Final = (
    re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})$"),
    re.compile(r"^(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>\d{4})$"),
)
_TIME: Final = re.compile(r"^(?P<h>\d{1,2}):(?P<m>\d{2})(?::\d{2})?\s*(?P<half>[ap])?\.?(?:m\.?)?$")

_Problem = Callable[[str, str], None]  # records a problem of one column of the line


@dataclass(frozen=True)
class ScheduleRow:
    line: int
    day: date
    start: time
    chart_number: str  # normalised (chart_key); empty when the name and birth date say who
    last_name: str
    first_name: str
    date_of_birth: date | None
    provider: str
    kind: VisitKind
    minutes: int
    reason: str

    @property
    def who(self) -> tuple[str, ...]:
        """The patient as the file names them, to find the same visit twice."""
        if self.chart_number:
            return ("chart", self.chart_number)
        born = self.date_of_birth.isoformat() if self.date_of_birth else ""
        return ("name", name_key(self.last_name), name_key(self.first_name), born)


@dataclass(frozen=True)
class Mention:
    """The patient and the provider a line names, read even when its other columns are
    bad: the shell looks them up on every line, so one try lists every problem."""

    line: int
    chart_number: str
    last_name: str
    first_name: str
    date_of_birth: date | None  # only with both names, when there is no chart number
    provider: str

    @property
    def names_patient(self) -> bool:
        return bool(self.chart_number) or self.date_of_birth is not None


@dataclass(frozen=True, order=True)
class RowProblem:
    """What is wrong with one column of one line (line 1 is the header)."""

    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"Line {self.line}, {self.field}: {self.message}"


@dataclass(frozen=True)
class ScheduleFile:
    rows: tuple[ScheduleRow, ...]
    problems: tuple[RowProblem, ...]
    mentions: tuple[Mention, ...] = ()  # of every line, good or bad


class ScheduleRejected(CasepathError):
    """A schedule file with problems: nothing of it is imported."""

    def __init__(self, problems: Sequence[RowProblem]) -> None:
        self.problems = tuple(sorted(problems))
        super().__init__(
            *(FieldError(f"line {p.line}.{p.field}", p.message) for p in self.problems)
        )


def read_schedule(text: str) -> ScheduleFile:
    """Every visit of the file, and every problem of it (all of them, not the first)."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    header: list[str] | None = None
    rows: list[ScheduleRow] = []
    problems: list[RowProblem] = []
    mentions: list[Mention] = []
    visits = 0
    for cells in reader:
        if not any(cell.strip() for cell in cells):
            continue
        if header is None:
            header = [column_name(cell) for cell in cells]
            missing = header_problems(header, reader.line_num)
            if missing:
                return ScheduleFile((), tuple(sorted(missing)))
            continue
        visits += 1
        if visits > MAX_ROWS:
            message = f"The file has more than {MAX_ROWS:,} visits: split it."
            problems.append(RowProblem(reader.line_num, "file", message))
            break
        values = (cell.strip() for cell in cells)
        mention, found = read_row(reader.line_num, dict(zip(header, values, strict=False)))
        mentions.append(mention)
        if isinstance(found, ScheduleRow):
            rows.append(found)
        else:
            problems.extend(found)
    if header is None or not (rows or problems):
        message = "The file has no visits: a header line, then a line per visit."
        problems.append(RowProblem(1, "file", message))
    problems.extend(_repeated(rows))
    return ScheduleFile(tuple(rows), tuple(sorted(problems)), tuple(mentions))


def column_name(cell: str) -> str:
    """ "Date of Birth" -> "date_of_birth"; aliases become the documented names."""
    name = re.sub(r"[\s\-]+", "_", cell.strip().lower().lstrip("\ufeff"))
    return _ALIASES.get(name, name)


def header_problems(header: Sequence[str], line: int) -> list[RowProblem]:
    problems = [
        RowProblem(line, name, f"The file has no “{name}” column.")
        for name in REQUIRED
        if name not in header
    ]
    if "chart_number" not in header and not all(name in header for name in BY_NAME):
        problems.append(
            RowProblem(
                line,
                "chart_number",
                "The file needs a “chart_number” column, or “last_name”, “first_name” "
                "and “date_of_birth” columns.",
            )
        )
    return problems


def read_row(line: int, cells: Mapping[str, str]) -> tuple[Mention, ScheduleRow | list[RowProblem]]:
    """What the line names, and its visit or its problems."""
    problems: list[RowProblem] = []

    def problem(field: str, message: str) -> None:
        problems.append(RowProblem(line, field, message))

    day = _date(cells.get("date", ""), "date", problem)
    start = _time(cells.get("time", ""), problem)
    chart, last, first, born = _patient(cells, problem)
    provider = cells.get("provider", "")
    if not provider:
        problem("provider", "Give the provider's name or NPI.")
    kind = parse_kind(cells.get("type", ""))
    if kind is None:
        given = cells.get("type", "")
        problem("type", f"{given!r} is not a visit type: use hygiene, emergency or other.")
    minutes = _minutes(cells.get("length", ""), problem)
    mention = Mention(line, chart, last, first, born, provider)
    if problems or day is None or start is None or kind is None or minutes is None:
        return mention, problems
    reason = cells.get("reason", "")[:120]
    row = ScheduleRow(line, day, start, chart, last, first, born, provider, kind, minutes, reason)
    return mention, row


def _patient(cells: Mapping[str, str], problem: _Problem) -> tuple[str, str, str, date | None]:
    chart = chart_key(cells.get("chart_number", ""))
    last, first = cells.get("last_name", ""), cells.get("first_name", "")
    raw_born = cells.get("date_of_birth", "")
    if chart:
        return chart, last, first, None
    if not (name_key(last) and name_key(first) and raw_born):
        problem(
            "chart_number",
            "Give the patient's chart number, or their last name, first name and date of birth.",
        )
        return "", last, first, None
    return "", last, first, _date(raw_born, "date_of_birth", problem)


def _date(text: str, field: str, problem: _Problem) -> date | None:
    for pattern in _DATES:
        found = pattern.match(text)
        if found:
            try:
                return date(int(found["y"]), int(found["m"]), int(found["d"]))
            except ValueError:
                break
    problem(field, f"{text!r} is not a date: write 2026-04-02 or 04/02/2026.")
    return None


def _time(text: str, problem: _Problem) -> time | None:
    found = _TIME.match(text.strip().lower())
    hour = int(found["h"]) if found else 99
    half = found["half"] if found else None
    if half is not None:  # 12:30 am is half past midnight, 12:30 pm half past noon
        hour = hour % 12 + (12 if half == "p" else 0) if 1 <= hour <= 12 else 99
    if found and hour <= 23 and int(found["m"]) <= 59:
        return time(hour, int(found["m"]))
    problem("time", f"{text!r} is not a time: write 14:30 or 2:30 pm.")
    return None


def _minutes(text: str, problem: _Problem) -> int | None:
    if text.isdigit() and 1 <= int(text) <= MAX_MINUTES:
        return int(text)
    problem("length", f"{text!r} is not a length: give the minutes, 1 to {MAX_MINUTES}.")
    return None


def _repeated(rows: Sequence[ScheduleRow]) -> list[RowProblem]:
    """The same patient at the same time twice: the later line is the problem."""
    first_seen: dict[tuple[object, ...], int] = {}
    problems = []
    for row in rows:
        key = (*row.who, row.day, row.start)
        if key in first_seen:
            message = f"The same patient is at this time on line {first_seen[key]} already."
            problems.append(RowProblem(row.line, "time", message))
        else:
            first_seen[key] = row.line
    return problems
