"""{% load collections_money %}: {{ amount|signed_dollars }} is $1,250.00 or -$50.00."""

from __future__ import annotations

from decimal import Decimal

from django import template

from casepath.payments.parsing import dollars

register = template.Library()


@register.filter
def signed_dollars(amount: Decimal | None) -> str:
    return "—" if amount is None else dollars(amount)
