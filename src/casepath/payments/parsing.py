"""Amounts and dates as practice management systems write them in their exports."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation

from casepath.core.errors import CasepathError

# "1234.50", "1,234.50", "$1,234.50", "-50.00", "-$50.00", "(50.00)", "($50.00)"
_AMOUNT = re.compile(r"^(?P<sign>-)?\$?(?P<digits>\d{1,3}(,\d{3})+|\d+)(?P<cents>\.\d{1,2})?$")
AMOUNT_WORDS = "Write the amount like 1234.50, $1,234.50, or -50.00 or (50.00) for a refund."
_ISO = re.compile(r"^(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})$")
_US = re.compile(r"^(?P<month>\d{1,2})/(?P<day>\d{1,2})/(?P<year>\d{4})$")
DATE_WORDS = "Write the date as YYYY-MM-DD or MM/DD/YYYY."


def amount_parse(text: str, field: str = "amount") -> Decimal:
    """The amount written in an export; parentheses or a minus sign make a refund."""
    raw = text.strip().replace(" ", "")
    negative = raw.startswith("(") and raw.endswith(")")
    if negative:
        raw = raw[1:-1]
    found = _AMOUNT.match(raw)
    if not raw or found is None or (negative and found["sign"]):
        raise CasepathError.at(field, f"“{text.strip()}” is not an amount. {AMOUNT_WORDS}")
    try:
        amount = Decimal(found["digits"].replace(",", "") + (found["cents"] or ""))
    except InvalidOperation:  # pragma: no cover - the pattern admits digits only
        raise CasepathError.at(field, AMOUNT_WORDS) from None
    if negative or found["sign"]:
        amount = -amount
    return amount.quantize(Decimal("0.01"))


def date_parse(text: str, field: str = "date") -> date:
    """A date written YYYY-MM-DD or MM/DD/YYYY."""
    value = text.strip()
    found = _ISO.match(value) or _US.match(value)
    try:
        if found is None:
            raise ValueError
        return date(int(found["year"]), int(found["month"]), int(found["day"]))
    except ValueError:
        raise CasepathError.at(field, f"“{value}” is not a date. {DATE_WORDS}") from None


def dollars(amount: Decimal) -> str:
    """$1,234.50, and -$50.00 for a refund."""
    return f"-${-amount:,.2f}" if amount < 0 else f"${amount:,.2f}"
