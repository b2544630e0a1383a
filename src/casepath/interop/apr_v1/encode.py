"""The core's `Disclosure` as response JSON (casepath.apr/1)."""

from __future__ import annotations

from typing import Any

from casepath.core.financing import Disclosure
from casepath.core.money import to_cents
from casepath.interop.apr_v1.reader import FORMAT


def encode_disclosure(disclosure: Disclosure) -> dict[str, Any]:
    """Money and the rate as strings with exactly two decimals, as the contract writes them."""
    return {
        "format": FORMAT,
        "apr_percent": str(to_cents(disclosure.apr_percent)),
        "unit_period": disclosure.unit_period,
        "unit_periods_per_year": disclosure.unit_periods_per_year,
        "finance_charge": str(to_cents(disclosure.finance_charge)),
        "total_of_payments": str(to_cents(disclosure.total_of_payments)),
        "amount_financed": str(to_cents(disclosure.amount_financed)),
    }
