"""{% load money %}: amounts as the practice reads them, $1,250.00."""

from __future__ import annotations

from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def dollars(amount: Decimal | None) -> str:
    return "—" if amount is None else f"${amount:,.2f}"
