"""The payroll export of a period: one row per TC, as CSV and as XLSX (the same cells)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import date

from openpyxl import Workbook

from casepath.compensation.selectors import PayrollRow

HEADER = (
    "Employee",
    "Username",
    "Plan",
    "Period",
    "Base",
    "Commission",
    "Bonus",
    "Total",
    "Status",
)


def _cells(row: PayrollRow, start: date, end: date) -> list[object]:
    return [
        row.name,
        row.username,
        row.plan,
        f"{start.isoformat()} to {end.isoformat()}",
        row.base,
        row.commission,
        row.bonus,
        row.total,
        row.status,
    ]


def payroll_csv(rows: Sequence[PayrollRow], start: date, end: date) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    for row in rows:
        writer.writerow(_cells(row, start, end))
    return out.getvalue().encode("utf-8-sig")


def payroll_xlsx(rows: Sequence[PayrollRow], start: date, end: date) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = f"Payroll {start:%Y-%m}"
    sheet.append(list(HEADER))
    for row in rows:
        sheet.append(_cells(row, start, end))
    for line in sheet.iter_rows(min_row=2, min_col=5, max_col=8):
        for cell in line:
            cell.number_format = "#,##0.00"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
