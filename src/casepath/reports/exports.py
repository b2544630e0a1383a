"""The dashboard's figures as files: the totals (every figure with its numerator,
denominator and what the denominator counts), the chosen breakdown, and for one
practice each presented case.

CSV puts the three tables one after the other, each under a title line and separated
by an empty line. XLSX gives each its own sheet, numbers as numbers: dollars with two
places, percentages as numbers of percent (55.0), days as numbers, dates as dates.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Final

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from casepath.core.metrics import (
    ACCEPTED_LABELS,
    CUT_LABELS,
    PRESENTER_LABELS,
    Figure,
    Report,
    Unit,
)
from casepath.reports.forms import Query

TOTALS_HEADER: Final = [
    "Figure",
    "Key",
    "Unit",
    "Value",
    "Numerator",
    "Denominator",
    "Denominator counts",
]
CASES_HEADER: Final = [
    "Case ID",
    "Patient",
    "Case",
    "Treatment coordinator",
    "Presented on",
    "Status",
    "Presented $",
    "Accepted $",
    "Acceptance %",
]
MONEY_FORMAT: Final = "#,##0.00"
TENTH_FORMAT: Final = "0.0"
DATE_FORMAT: Final = "yyyy-mm-dd"
CSV_TYPE: Final = "text/csv; charset=utf-8"
XLSX_TYPE: Final = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

Cell = str | int | Decimal | date | None


@dataclass(frozen=True)
class Exported:
    filename: str
    content_type: str
    content: bytes


@dataclass(frozen=True)
class Table:
    title: str
    header: list[str]
    rows: list[list[Cell]]
    formats: list[list[str | None]]
    """The XLSX number format of each cell of each row (None: as is)."""


def _format(unit: Unit) -> str:
    return MONEY_FORMAT if unit is Unit.USD else TENTH_FORMAT


def _part_format(value: object) -> str | None:
    """Numerators and denominators: dollars when they are amounts, else counts."""
    return MONEY_FORMAT if isinstance(value, Decimal) else None


def totals(report: Report) -> Table:
    rows: list[list[Cell]] = []
    formats: list[list[str | None]] = []
    for f in report.figures():
        rows.append(
            [f.label, f.key, f.unit.value, f.value, f.numerator, f.denominator, f.denominator_label]
        )
        value_format = None if f.unit is Unit.COUNT else _format(f.unit)
        formats.append([None, None, None, value_format, _part_format(f.numerator), None, None])
        formats[-1][5] = _part_format(f.denominator)
    return Table("Totals", TOTALS_HEADER, rows, formats)


def _breakdown_columns(sample: Sequence[Figure]) -> list[tuple[str, str, str]]:
    """(heading, figure key, part) per column: every figure's value, and the numerator
    and denominator of each rate."""
    columns = []
    for f in sample:
        columns.append((_heading(f), f.key, "value"))
        if f.is_rate:
            columns.append((f"{f.label}: numerator", f.key, "numerator"))
            columns.append((f"{f.label}: denominator", f.key, "denominator"))
    return columns


def _heading(f: Figure) -> str:
    suffix = {Unit.USD: " $", Unit.PERCENT: " %", Unit.DAYS: " (days)"}.get(f.unit, "")
    return f"{f.label}{suffix}"


def breakdown(report: Report, query: Query) -> Table:
    groups = report.breakdowns.get(query.by, ())
    columns = _breakdown_columns(report.figures())
    units = {f.key: f for f in report.figures()}
    rows: list[list[Cell]] = []
    for group in groups:
        shown = {f.key: f for f in group.figures(report.definitions)}
        rows.append(
            [group.label, group.key, *(getattr(shown[key], part) for _, key, part in columns)]
        )
    formats = [[_cell_format(value) for value in row] for row in rows]
    for row_formats in formats:
        for i, (_, key, part) in enumerate(columns, start=2):
            unit = units[key].unit
            if part == "value" and unit is not Unit.COUNT:
                row_formats[i] = _format(unit)
    header = [CUT_LABELS[query.by], "Key", *(heading for heading, _, _ in columns)]
    return Table(f"By {CUT_LABELS[query.by].lower()}", header, rows, formats)


def _cell_format(value: Cell) -> str | None:
    if isinstance(value, Decimal):
        return MONEY_FORMAT
    if isinstance(value, date):
        return DATE_FORMAT
    return None


def cases(report: Report) -> Table:
    rows: list[list[Cell]] = [
        [
            c.case_id,
            c.patient,
            c.title,
            c.tc,
            c.presented_on,
            c.status,
            c.presented_usd,
            c.accepted_usd,
            c.acceptance,
        ]
        for c in report.cases
    ]
    columns: list[str | None] = [None, None, None, None, DATE_FORMAT, None]
    columns += [MONEY_FORMAT, MONEY_FORMAT, TENTH_FORMAT]
    return Table("Cases", CASES_HEADER, rows, [list(columns) for _ in rows])


def tables(report: Report, query: Query) -> list[Table]:
    found = [totals(report), breakdown(report, query)]
    if query.scope.one_practice:
        found.append(cases(report))
    return found


def about(report: Report, query: Query) -> list[str]:
    d = report.definitions
    return [
        f"Acceptance figures: {query.scope.label}, "
        f"{report.start:%Y-%m-%d} to {report.end:%Y-%m-%d}",
        f"A case counts as accepted when: {ACCEPTED_LABELS[d.accepted_means]}. "
        f"{PRESENTER_LABELS[d.presenter_rule]}.",
    ]


def filename(report: Report, query: Query, extension: str) -> str:
    who = query.practices[0].short_code if query.scope.one_practice else "all-practices"
    return f"acceptance-{who}-{report.start:%Y-%m-%d}-to-{report.end:%Y-%m-%d}.{extension}"


def _csv_text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _csv_lines(report: Report, query: Query) -> Iterator[list[str]]:
    for line in about(report, query):
        yield [line]
    for table in tables(report, query):
        yield []
        yield [table.title]
        yield table.header
        for row in table.rows:
            yield [_csv_text(v) for v in row]


def as_csv(report: Report, query: Query) -> Exported:
    out = io.StringIO()
    csv.writer(out).writerows(_csv_lines(report, query))
    return Exported(filename(report, query, "csv"), CSV_TYPE, out.getvalue().encode("utf-8"))


def _sheet(sheet: Worksheet, table: Table) -> None:
    sheet.title = table.title[:31]
    sheet.append(table.header)
    for row, formats in zip(table.rows, table.formats, strict=True):
        sheet.append(list(row))
        for cell, form in zip(sheet[sheet.max_row], formats, strict=True):
            if form is not None:
                cell.number_format = form


def as_xlsx(report: Report, query: Query) -> Exported:
    book = Workbook()
    first = True
    for table in tables(report, query):
        sheet: Any = book.active if first else book.create_sheet()
        first = False
        _sheet(sheet, table)
    about_sheet = book.create_sheet("About")
    for line in about(report, query):
        about_sheet.append([line])
    out = io.BytesIO()
    book.save(out)
    return Exported(filename(report, query, "xlsx"), XLSX_TYPE, out.getvalue())


def build(report: Report, query: Query, kind: str) -> Exported:
    return as_csv(report, query) if kind == "csv" else as_xlsx(report, query)
