"""Money is `Decimal`, made only through `money()`, rounded half-up to cents.

Rounding happens only where a caller says so, with `to_cents()`; intermediate
arithmetic keeps full precision. Floats are refused: `money(0.1)` raises.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from casepath.core.errors import CasepathError

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


def money(value: Decimal | int | str, *, field: str = "amount") -> Decimal:
    """Make an exact amount from a Decimal, an int or a numeric string."""
    if isinstance(value, bool) or not isinstance(value, Decimal | int | str):
        raise CasepathError.at(
            field, f"must be a decimal number written as text, not {type(value).__name__}"
        )
    try:
        amount = Decimal(value.strip() if isinstance(value, str) else value)
    except InvalidOperation:
        raise CasepathError.at(field, f"{value!r} is not a number") from None
    if not amount.is_finite():
        raise CasepathError.at(field, f"{value!r} is not a finite number")
    return amount


def to_cents(amount: Decimal) -> Decimal:
    """Round half-up to whole cents (the only rounding rule in Casepath)."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)
