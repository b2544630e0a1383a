"""APR request JSON (casepath.apr/1) to the inputs of `core.financing.disclose`.

Every problem is reported with the path of its field, all at once; unknown
keys are errors. Amounts arrive as strings or numbers (parse JSON with
`parse_float=Decimal` so numbers stay exact) and must be more than zero.
"""

from __future__ import annotations

from collections.abc import Mapping
from contextlib import suppress
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from itertools import pairwise
from typing import Any

from casepath.core.financing import Payment
from casepath.interop.apr_v1.series import EVERY, series_dates
from casepath.interop.estimate_v1.reader import NO_DATE, Reader, join

FORMAT = "casepath.apr/1"
MAX_PAYMENTS = 1000  # 83 years of monthly payments; keeps one request's work bounded
SINGLE = ("amount", "date")
SERIES = ("amount", "count", "first_date", "every")


@dataclass(frozen=True)
class AprRequest:
    amount_financed: Decimal
    advance_date: date
    payments: tuple[Payment, ...]  # in order of due date, one a day


def read_request(data: Any) -> AprRequest:
    """The request, or CasepathError listing every field at fault."""
    r = Reader()
    keys = ("format", "amount_financed", "advance_date", "payments")
    top = r.obj(data, "", allowed=keys, required=keys)
    if top is None:
        r.raise_errors()
    assert top is not None
    if "format" in top and top["format"] != FORMAT:
        r.fail("format", f"must be {FORMAT!r}")
    financed = r.field(top, "amount_financed", "", lambda v, p: _amount(r, v, p))
    advance = r.field(top, "advance_date", "", r.day)
    payments = r.field(top, "payments", "", lambda v, p: _payments(r, v, p, advance or NO_DATE))
    r.raise_errors()
    assert financed is not None and advance is not None
    assert payments is not None
    return AprRequest(financed, advance, tuple(payments))


def _payments(r: Reader, value: Any, path: str, advance: date) -> list[Payment]:
    items = r.array(value, path)
    if isinstance(value, list) and not value:
        r.fail(path, "must list at least one payment")
    read: list[tuple[Payment, str]] = []
    for index, item in enumerate(items):
        if len(read) > MAX_PAYMENTS:
            break  # expand no further: the request is refused anyway
        where = f"{path}[{index}]"
        read += [(payment, _source(item, where)) for payment in _item(r, item, where, advance)]
    if len(read) > MAX_PAYMENTS:
        r.fail(path, f"may hold at most {MAX_PAYMENTS} payments in all, series counted")
    read.sort(key=lambda pair: pair[0].due)
    _one_a_day(r, read)
    return [payment for payment, _ in read]


def _one_a_day(r: Reader, read: list[tuple[Payment, str]]) -> None:
    """Two payments on one day are a mistake (a payment listed twice): name the later one."""
    named: set[str] = set()
    for (earlier, other), (payment, source) in pairwise(read):
        if payment.due == earlier.due and source not in named:
            named.add(source)
            r.fail(source, f"falls on {payment.due}, as {other} does; give one payment a day")


def _source(item: Any, path: str) -> str:
    """Where a payment comes from: a single payment's date, or the whole series."""
    return join(path, "date") if isinstance(item, dict) and "date" in item else path


def _item(r: Reader, value: Any, path: str, advance: date) -> list[Payment]:
    """One payment `{amount, date}` or a series `{amount, count, first_date, every}`."""
    keys = set(value) if isinstance(value, dict) else set()
    if "date" in keys and keys & set(SERIES[1:]):
        r.fail(path, 'give a "date", or "count", "first_date" and "every", not both')
        return []
    is_series = bool(keys & set(SERIES[1:]))
    fields = SERIES if is_series else SINGLE
    obj = r.obj(value, path, allowed=fields, required=fields)
    if obj is None:
        return []
    amount = r.field(obj, "amount", path, lambda v, p: _amount(r, v, p))
    if is_series:
        return _series(r, obj, path, advance, amount)
    due = r.field(obj, "date", path, lambda v, p: _due(r, v, p, advance))
    return [Payment(amount=amount, due=due)] if amount and due else []


def _series(
    r: Reader, obj: Mapping[str, Any], path: str, advance: date, amount: Decimal | None
) -> list[Payment]:
    count = r.field(
        obj, "count", path, lambda v, p: r.integer(v, p, minimum=1, maximum=MAX_PAYMENTS)
    )
    first = r.field(obj, "first_date", path, lambda v, p: _due(r, v, p, advance))
    every = r.field(obj, "every", path, lambda v, p: r.choice(v, p, EVERY))
    if not (amount and count and first and every):
        return []
    try:
        return [Payment(amount=amount, due=d) for d in series_dates(first, count, every)]
    except (ValueError, OverflowError):
        r.fail(path, "runs past the year 9999")
        return []


def _amount(r: Reader, value: Any, path: str) -> Decimal | None:
    """An amount of whole cents, more than zero."""
    if isinstance(value, str | int | Decimal) and not isinstance(value, bool):
        with suppress(InvalidOperation):  # not a number: r.money() says so
            if Decimal(value.strip() if isinstance(value, str) else value) <= 0:
                r.fail(path, "must be more than zero")
                return None
    return r.money(value, path)


def _due(r: Reader, value: Any, path: str, advance: date) -> date | None:
    due = r.day(value, path)
    if due is not None and advance != NO_DATE and due <= advance:
        r.fail(path, "must be after advance_date")
        return None
    return due
