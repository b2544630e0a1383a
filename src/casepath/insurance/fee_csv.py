"""Reading a fee file: `code,fee` rows, every problem named with its line number.

A header line is allowed; `$` and thousands separators in fees are fine
("$1,250.00" quoted, as spreadsheets write it). Nothing is read from a file
with any bad line: the import is all or nothing.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from casepath.core.catalog import is_cdt_code
from casepath.insurance.design import code_problem

MAX_BYTES = 500_000
MAX_LINES = 5_000
LARGEST_FEE = Decimal("9999999.99")  # the fee column holds 9 digits with 2 decimals
_HEADER_WORDS = {"code", "procedure", "procedure code", "cdt", "cdt code"}


@dataclass(frozen=True)
class FeeLine:
    line: int
    code: str
    amount: Decimal


@dataclass(frozen=True)
class FeeFile:
    lines: tuple[FeeLine, ...]
    errors: tuple[str, ...]


def read_fee_csv(text: str) -> FeeFile:
    lines: list[FeeLine] = []
    errors: list[str] = []
    first_seen: dict[str, int] = {}
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    for row in reader:
        cells = [cell.strip() for cell in row]
        number = reader.line_num
        if not any(cells) or (not lines and not errors and _is_header(cells)):
            continue
        if number > MAX_LINES:
            errors.append(f"The file has more than {MAX_LINES:,} lines; split it.")
            break
        found = _read_line(number, cells)
        if isinstance(found, str):
            errors.append(found)
        elif found.code in first_seen:
            errors.append(
                f"Line {number}: {found.code} is already on line {first_seen[found.code]}."
            )
        else:
            first_seen[found.code] = number
            lines.append(found)
    if not lines and not errors:
        errors.append("The file has no fees: each line should be code,fee.")
    return FeeFile(tuple(lines), tuple(errors))


def _is_header(cells: list[str]) -> bool:
    return cells[0].lower() in _HEADER_WORDS


def _read_line(number: int, cells: list[str]) -> FeeLine | str:
    if len([c for c in cells if c]) != 2 or len(cells) < 2 or not all(cells[:2]):
        return f"Line {number}: expected two columns, code and fee; found {','.join(cells)!r}."
    code = cells[0].upper()
    if not is_cdt_code(code):
        return f"Line {number}: {cells[0]!r} is not a procedure code (D and four digits)."
    if problem := code_problem(code):
        return f"Line {number}: {problem}."
    amount = _amount(cells[1])
    if isinstance(amount, str):
        return f"Line {number}: {cells[1]!r} {amount}."
    return FeeLine(number, code, amount)


def _amount(text: str) -> Decimal | str:
    try:
        amount = Decimal(text.replace("$", "").replace(",", "").strip())
    except InvalidOperation:
        return "is not a fee in dollars"
    if not amount.is_finite():
        return "is not a fee in dollars"
    if amount < 0:
        return "is negative; a fee cannot be"
    if amount > LARGEST_FEE:
        return "is too large for a fee"
    if amount != amount.quantize(Decimal("0.01")):
        return "has more than two decimals"
    return amount.quantize(Decimal("0.01"))
