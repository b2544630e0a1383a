"""Payments on in-house payment plans are collected revenue too.

The financing service saves a `PlanPayment` inside its transaction; this receiver copies
it into a `Payment` of the plan's case in that same transaction (created rows only, plans
with a case only). The reference `plan-payment-<id>` makes it idempotent.
"""

from __future__ import annotations

from typing import Any

from casepath.financing.models import PlanPayment
from casepath.payments.services import payment_from_plan


def plan_payment_saved(sender: Any, instance: PlanPayment, created: bool, **kwargs: Any) -> None:
    if created and not kwargs.get("raw"):
        payment_from_plan(instance)
