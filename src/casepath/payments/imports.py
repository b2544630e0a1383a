"""The CSV import of payments from the practice management system.

`upload_read` checks the file itself (size, UTF-8, lines); `preview` parses and checks
every line and writes nothing; `payments_import` checks again and, when no line has a
problem, writes every new line in one transaction (all or nothing). A line whose
reference is already on file is skipped and counted, so the same file twice imports
nothing twice.

Columns (header row, any order, any case): date, chart_number, amount, reference;
optionally case (the Casepath case number), payer and note. Others are left alone.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction

from casepath.audit.models import Action
from casepath.audit.services import audit_record
from casepath.cases.events import current_channel
from casepath.cases.models import Case
from casepath.core.cases import ACCEPTED_OR_LATER
from casepath.core.errors import CasepathError, FieldError
from casepath.core.patient_search import chart_key
from casepath.patients.models import Patient
from casepath.payments.models import PayerKind, Payment, PaymentImport, PaymentSource
from casepath.payments.parsing import amount_parse, date_parse, dollars
from casepath.payments.services import MAX_NOTE, MAX_REFERENCE, amount_problem
from casepath.tenancy.models import Practice
from casepath.tenancy.scoping import scoped

MAX_BYTES = 2 * 1024 * 1024
MAX_LINES = 10_000
REQUIRED = ("date", "chart_number", "amount", "reference")
OPTIONAL = ("case", "payer", "note")
PAYERS = {
    **{value: value for value in PayerKind.values},
    **{str(label).lower(): value for value, label in PayerKind.choices},
    "": PayerKind.PATIENT,
}


@dataclass(frozen=True)
class Upload:
    name: str
    text: str
    sha256: str


@dataclass(frozen=True)
class Problem:
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"line {self.line}, {self.field}: {self.message}"


@dataclass
class Line:
    """One line of the file as read, and what it became."""

    number: int
    raw: dict[str, str]
    received_on: date | None = None
    amount: Decimal | None = None
    case: Case | None = None
    payer: str = PayerKind.PATIENT
    on_file: bool = False
    problems: list[Problem] = field(default_factory=list)

    def refuse(self, column: str, message: str) -> None:
        self.problems.append(Problem(self.number, column, message))

    @property
    def reference(self) -> str:
        return self.raw.get("reference", "")

    @property
    def note(self) -> str:
        return self.raw.get("note", "")


@dataclass
class Preview:
    lines: list[Line]
    problems: list[Problem]

    @property
    def new_lines(self) -> list[Line]:
        return [line for line in self.lines if not line.on_file]

    @property
    def on_file(self) -> int:
        return sum(1 for line in self.lines if line.on_file)

    @property
    def total(self) -> Decimal:
        return sum((line.amount or Decimal(0) for line in self.new_lines), Decimal("0.00"))


class ImportRefused(CasepathError):
    """The file has problems: nothing was imported. `problems` names each line and field."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__(*(FieldError(p.field, str(p)) for p in problems))


# The file ---------------------------------------------------------------------------


def upload_read(name: str, raw: bytes) -> Upload:
    """The file's text, refused in words when too large, not UTF-8 or too long."""
    if len(raw) > MAX_BYTES:
        raise CasepathError.at(
            "file",
            f"The file is larger than 2 MB ({len(raw) / 1024 / 1024:.1f} MB): "
            "export a shorter period, or split it.",
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CasepathError.at(
            "file", "The file is not UTF-8 text: save it as “CSV UTF-8” and choose it again."
        ) from None
    if not text.strip():
        raise CasepathError.at("file", "The file is empty.")
    if "\x00" in text:
        raise CasepathError.at("file", "This is not a CSV file: choose the exported .csv.")
    return Upload(name[:200] or "payments.csv", text, hashlib.sha256(raw).hexdigest())


def _rows(text: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        raise CasepathError.at("file", "The file has no header row.") from None
    rows: list[tuple[int, list[str]]] = []
    try:
        for cells in reader:
            if any(cell.strip() for cell in cells):
                rows.append((reader.line_num, cells))
            if len(rows) > MAX_LINES:
                raise CasepathError.at(
                    "file", f"The file has more than {MAX_LINES:,} payment lines: split it."
                )
    except csv.Error as error:
        raise CasepathError.at("file", f"Line {reader.line_num} cannot be read: {error}.") from None
    return [name.strip().lower() for name in header], rows


def _columns(header: list[str]) -> dict[str, int]:
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        listed = ", ".join(missing)
        raise CasepathError.at(
            "file",
            f"The header row has no {listed} column{'s' if len(missing) > 1 else ''}: "
            "the first line names the columns date, chart_number, amount and reference.",
        )
    return {name: header.index(name) for name in (*REQUIRED, *OPTIONAL) if name in header}


# The lines --------------------------------------------------------------------------


def preview(practice: Practice, upload: Upload, *, today: date) -> Preview:
    """Every line parsed and checked against what is on file; nothing is written."""
    header, rows = _rows(upload.text)
    columns = _columns(header)
    lines = [
        Line(number, {name: _cell(cells, at) for name, at in columns.items()})
        for number, cells in rows
    ]
    if not lines:
        raise CasepathError.at("file", "The file has a header row but no payment lines.")
    for line in lines:
        _parse(line, today)
    _find_cases(practice, lines)
    _check_references(practice, lines)
    problems = [problem for line in lines for problem in line.problems]
    return Preview(lines, problems)


def _cell(cells: list[str], at: int) -> str:
    return cells[at].strip() if at < len(cells) else ""


def _parse(line: Line, today: date) -> None:
    raw = line.raw
    for name in REQUIRED:
        if not raw.get(name):
            line.refuse(name, f"The {name.replace('_', ' ')} is missing.")
    if raw.get("date"):
        try:
            line.received_on = date_parse(raw["date"])
        except CasepathError as error:
            line.refuse("date", error.errors[0].message)
        else:
            if line.received_on > today:
                line.refuse("date", f"{line.received_on:%m/%d/%Y} is after today.")
    if raw.get("amount"):
        try:
            line.amount = amount_parse(raw["amount"])
        except CasepathError as error:
            line.refuse("amount", error.errors[0].message)
        else:
            if wrong := amount_problem(line.amount):
                line.refuse("amount", wrong)
    if len(line.reference) > MAX_REFERENCE:
        line.refuse("reference", f"At most {MAX_REFERENCE} characters.")
    payer = PAYERS.get(raw.get("payer", "").lower())
    if payer is None:
        line.refuse("payer", "Write patient, insurance, lender (financing company) or other.")
    line.payer = payer or PayerKind.PATIENT
    if len(line.note) > MAX_NOTE:
        line.refuse("note", f"At most {MAX_NOTE} characters.")


def _find_cases(practice: Practice, lines: list[Line]) -> None:
    charts = {chart_key(line.raw["chart_number"]) for line in lines if line.raw["chart_number"]}
    patients = {
        p.chart_number: p for p in scoped(Patient, practice).filter(chart_number__in=charts)
    }
    numbers = {_number(line.raw.get("case", "")) for line in lines} - {None}
    by_number = {c.pk: c for c in scoped(Case, practice).filter(pk__in=numbers)}
    accepted: dict[int, list[Case]] = {}
    for case in scoped(Case, practice).filter(
        patient__in=list(patients.values()), status__in=[s.value for s in ACCEPTED_OR_LATER]
    ):
        accepted.setdefault(case.patient_id, []).append(case)
    for line in lines:
        chart = chart_key(line.raw["chart_number"])
        if not chart:
            continue
        patient = patients.get(chart)
        if patient is None:
            line.refuse("chart_number", f"No patient has the chart number {chart} here.")
        elif line.raw.get("case"):
            _by_case(line, chart, patient, by_number)
        else:
            _by_chart(line, chart, accepted.get(patient.pk, []))


def _number(text: str) -> int | None:
    digits = text.strip().lstrip("#")
    return int(digits) if digits.isdigit() and len(digits) < 12 else None


def _by_case(line: Line, chart: str, patient: Patient, by_number: dict[int, Case]) -> None:
    number = _number(line.raw["case"])
    case = by_number.get(number) if number is not None else None
    if case is None:
        line.refuse("case", f"There is no case {line.raw['case']} here.")
    elif case.patient_id != patient.pk:
        line.refuse("case", f"Case {case.pk} is not a case of {chart}.")
    else:
        line.case = case


def _by_chart(line: Line, chart: str, cases: list[Case]) -> None:
    if len(cases) == 1:
        line.case = cases[0]
        return
    count = "no accepted case" if not cases else f"{len(cases)} accepted cases"
    line.refuse("chart_number", f"{chart} has {count}: give the case number.")


def _check_references(practice: Practice, lines: list[Line]) -> None:
    seen: dict[str, int] = {}
    for line in lines:
        if not line.reference:
            continue
        if line.reference in seen:
            line.refuse("reference", f"{line.reference} is also on line {seen[line.reference]}.")
        seen.setdefault(line.reference, line.number)
    on_file = set(
        scoped(Payment, practice)
        .filter(reference__in=list(seen))
        .values_list("reference", flat=True)
    )
    for line in lines:
        line.on_file = line.reference in on_file


# The import -------------------------------------------------------------------------


@transaction.atomic
def payments_import(
    *, acting_user: Any, practice: Practice, upload: Upload, today: date
) -> PaymentImport:
    """Import every new line of the file, or nothing at all when any line has a problem."""
    checked = preview(practice, upload, today=today)
    if checked.problems:
        raise ImportRefused(checked.problems)
    batch = PaymentImport(
        practice=practice,
        file_name=upload.name,
        sha256=upload.sha256,
        imported_by=acting_user,
        lines=len(checked.lines),
        imported=len(checked.new_lines),
        skipped=checked.on_file,
    )
    batch.save()
    Payment.objects.bulk_create(_payments(batch, checked.new_lines, acting_user))
    channel, address = current_channel()
    audit_record(
        practice=practice,
        actor=acting_user,
        action=Action.CREATE,
        target=batch,
        summary=(
            f"Imported {batch.imported} payments ({dollars(checked.total)}) from "
            f"{batch.file_name}; {batch.skipped} already on file"
        ),
        changes={"sha256": {"before": None, "after": batch.sha256}},
        channel=channel,
        ip_address=address,
    )
    return batch


def _payments(batch: PaymentImport, lines: Iterable[Line], actor: Any) -> list[Payment]:
    made = []
    for line in lines:
        assert line.case is not None and line.amount is not None and line.received_on
        made.append(
            Payment(
                practice=batch.practice,
                organization_id=batch.practice.organization_id,
                case=line.case,
                patient_id=line.case.patient_id,
                amount=line.amount,
                received_on=line.received_on,
                payer=line.payer,
                reference=line.reference,
                note=line.note,
                source=PaymentSource.IMPORTED,
                batch=batch,
                recorded_by=actor,
            )
        )
    return made
