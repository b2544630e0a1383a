"""The rules the financing services check before they save, every problem at once.

A `Problems` collects field errors; `raise_any()` raises one CasepathError naming
every field that is wrong, so a form shows each message beside its field.
"""

from __future__ import annotations

from decimal import Decimal

from casepath.core.errors import CasepathError, FieldError

HUNDRED = Decimal(100)


def dollars(amount: Decimal) -> str:
    return f"${amount:,.2f}"


class Problems:
    def __init__(self) -> None:
        self.errors: list[FieldError] = []

    def add(self, field: str, message: str) -> None:
        self.errors.append(FieldError(field, message))

    def has(self, field: str) -> bool:
        return any(e.path == field for e in self.errors)

    def raise_any(self) -> None:
        if self.errors:
            raise CasepathError(*self.errors)

    def more_than_zero(self, field: str, value: Decimal | int | None, what: str) -> None:
        if value is None or value <= 0:
            self.add(field, f"The {what} must be more than zero.")

    def not_negative(self, field: str, value: Decimal | None, what: str) -> None:
        if value is None or value < 0:
            self.add(field, f"The {what} cannot be negative.")

    def percent(self, field: str, value: Decimal | None, what: str) -> None:
        """A percent between 0 and 100."""
        if value is None or not 0 <= value <= HUNDRED:
            self.add(field, f"The {what} must be between 0 and 100 percent.")

    def rate(self, field: str, value: Decimal | None, what: str, cap: Decimal) -> None:
        """A yearly rate: not negative, and not above `cap`."""
        if value is None or value < 0:
            self.add(field, f"The {what} cannot be negative.")
        elif value > cap:
            self.add(field, f"The {what} is above the highest APR allowed ({cap}%).")
