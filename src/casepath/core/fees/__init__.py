"""Fees: what the office charges, and the discounts it gives (docs.md in this folder)."""

from casepath.core.fees.discounts import (
    Discount,
    DiscountedLine,
    DiscountKind,
    DiscountScope,
    PatientLine,
    apply_discounts,
)
from casepath.core.fees.schedule import FeeLookup, fee_for

__all__ = [
    "Discount",
    "DiscountKind",
    "DiscountScope",
    "DiscountedLine",
    "FeeLookup",
    "PatientLine",
    "apply_discounts",
    "fee_for",
]
