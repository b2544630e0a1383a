"""{% load compensation_money %}: {{ amount|usd }} is $1,250.00 or -$50.00; amounts from
a statement's snapshot are text and read the same."""

from __future__ import annotations

from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def usd(amount: Decimal | str | None) -> str:
    if amount is None or amount == "":
        return "—"
    value = Decimal(str(amount))
    return f"-${-value:,.2f}" if value < 0 else f"${value:,.2f}"
