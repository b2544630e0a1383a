"""Input checks shared by the plan compiler and the estimator.

Each check returns the value in the form the estimator computes with (amounts
as whole cents in an int) or raises `CasepathError` naming the field's path.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from decimal import Decimal
from typing import TypeVar

from casepath.core.catalog import Tooth, category_of, tooth_info
from casepath.core.errors import CasepathError

T = TypeVar("T")

_HUNDRED = Decimal(100)


def cents(value: object, path: str) -> int:
    """An amount in whole cents, not negative."""
    if type(value) is int:
        amount = value * 100
    elif isinstance(value, Decimal) and value.is_finite():
        scaled = value * _HUNDRED
        amount = int(scaled)
        if amount != scaled:
            raise CasepathError.at(path, f"{value} is not a whole number of cents")
    else:
        raise CasepathError.at(path, f"must be an amount of money, not {value!r}")
    if amount < 0:
        raise CasepathError.at(path, f"must not be negative, got {value}")
    return amount


_kept: dict[Decimal, int] = {}
CENTS_KEPT = 20_000


def quick_cents(value: object, where: str, index: int | None, field: str) -> int:
    """`cents()` for amounts read once per procedure or history row: the same
    amounts recur, so good ones are kept; the path `where[index].field` (or
    `where.field`) is only written out when the value is wrong."""
    try:
        known = _kept.get(value) if type(value) is Decimal else None
    except TypeError:  # a signalling NaN cannot be hashed; cents() says what is wrong
        known = None
    if known is not None:
        return known
    path = f"{where}.{field}" if index is None else f"{where}[{index}].{field}"
    amount = cents(value, path)
    if type(value) is Decimal and len(_kept) < CENTS_KEPT:
        _kept[value] = amount
    return amount


def whole(value: object, path: str, low: int, high: int | None = None) -> int:
    """A whole number within [low, high]."""
    if type(value) is not int:
        raise CasepathError.at(path, f"must be a whole number, not {value!r}")
    if value < low or (high is not None and value > high):
        upper = "" if high is None else f" and at most {high}"
        raise CasepathError.at(path, f"must be at least {low}{upper}, got {value}")
    return value


def choice(value: T, allowed: Collection[T], path: str) -> T:
    if value not in allowed:
        options = ", ".join(sorted(repr(option) for option in allowed))
        raise CasepathError.at(path, f"{value!r} is not one of {options}")
    return value


def known_code(code: object, path: str) -> str:
    """A CDT-shaped code inside one of the catalog's categories."""
    if not isinstance(code, str) or category_of(code) is None:
        raise CasepathError.at(
            path, f"{code!r} is not a procedure code Casepath knows (D0100 to D9999)"
        )
    return code


def a_date(value: object, path: str) -> date:
    if type(value) is not date:
        raise CasepathError.at(path, f"must be a date, not {value!r}")
    return value


def a_tooth(value: object, path: str) -> Tooth | None:
    """None for no tooth (""), else the tooth; refuses anything not Universal."""
    if value == "":
        return None
    found = tooth_info(value) if isinstance(value, str) else None
    if found is None:
        raise CasepathError.at(
            path, f"{value!r} is not a tooth in Universal numbering (1 to 32, A to T)"
        )
    return found


def a_flag(value: object, path: str) -> bool:
    if type(value) is not bool:
        raise CasepathError.at(path, f"must be true or false, not {value!r}")
    return value


def a_text(value: object, path: str) -> str:
    if not isinstance(value, str):
        raise CasepathError.at(path, f"must be text, not {value!r}")
    return value
