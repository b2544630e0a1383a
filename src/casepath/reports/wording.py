"""How a figure reads on the screen and in the PDF: "55.0 %", "$1,100.00", "-$40.00"
(with a true minus sign), and what a rate is out of: "11 of 20 cases presented"."""

from __future__ import annotations

from decimal import Decimal

from casepath.core.metrics import Figure, Unit

MINUS = "\N{MINUS SIGN}"


def money_text(amount: Decimal | int) -> str:
    sign = MINUS if amount < 0 else ""
    return f"{sign}${abs(amount):,.2f}"


def value_text(figure: Figure) -> str:
    if figure.value is None:
        return "—"
    if figure.unit is Unit.USD:
        return money_text(figure.value)
    if figure.unit is Unit.PERCENT:
        return f"{figure.value} %"
    if figure.unit is Unit.DAYS:
        return f"{figure.value} days"
    return str(figure.value)


def numerator_text(figure: Figure) -> str:
    n = figure.numerator
    if n is None:
        return ""
    if figure.unit is Unit.DAYS:
        return f"{n} day{'' if n == 1 else 's'}"
    return money_text(n) if isinstance(n, Decimal) else str(n)


def detail_text(figure: Figure) -> str:
    """What a rate is out of: "11 of 20 cases presented"; empty for a plain figure."""
    if not figure.is_rate or figure.numerator is None:
        return ""
    return f"{numerator_text(figure)} {figure.denominator_label}".strip()
