"""Reading a licensed descriptor file: CSV with a code column and a descriptor column.

Header names vary between distributors, so a few common ones are accepted.
Problems are reported per line, and nothing is imported while any remain.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

CODE_HEADERS = ("code", "procedure code", "cdt code", "cdt")
DESCRIPTOR_HEADERS = ("descriptor", "nomenclature", "description", "name")
CODE = re.compile(r"^D\d{4}$")
MAX_ROWS = 5000


@dataclass(frozen=True)
class DescriptorRow:
    line: int
    code: str
    descriptor: str


@dataclass(frozen=True)
class ParsedFile:
    rows: list[DescriptorRow]
    errors: list[str]


def parse_descriptor_file(text: str) -> ParsedFile:
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    header = [h.strip().lower() for h in next(reader, [])]
    code_at = _column(header, CODE_HEADERS)
    text_at = _column(header, DESCRIPTOR_HEADERS)
    if code_at is None or text_at is None:
        wanted = "a “code” column and a “descriptor” (or “nomenclature”) column"
        return ParsedFile([], [f"Line 1: the header must name {wanted}."])
    rows: list[DescriptorRow] = []
    errors: list[str] = []
    seen: set[str] = set()
    for line, record in enumerate(reader, start=2):
        if not any(cell.strip() for cell in record):
            continue
        row, error = _row(line, record, code_at, text_at, seen)
        rows += [row] if row else []
        errors += [error] if error else []
    if len(rows) > MAX_ROWS:
        errors.append(f"The file has {len(rows)} codes; at most {MAX_ROWS} can be imported.")
    return ParsedFile(rows, errors)


def _column(header: list[str], names: tuple[str, ...]) -> int | None:
    return next((header.index(n) for n in names if n in header), None)


def _row(
    line: int, record: list[str], code_at: int, text_at: int, seen: set[str]
) -> tuple[DescriptorRow | None, str | None]:
    cell = record + [""] * (max(code_at, text_at) + 1 - len(record))
    code, descriptor = cell[code_at].strip().upper(), cell[text_at].strip()
    if not CODE.match(code):
        return None, f"Line {line}: “{code}” is not a procedure code (D and four digits)."
    if not descriptor:
        return None, f"Line {line}: {code} has no descriptor."
    if code in seen:
        return None, f"Line {line}: {code} appears twice in the file."
    seen.add(code)
    return DescriptorRow(line, code, descriptor), None
