"""A payment on an in-house payment plan of a case is collected revenue, counted once."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from casepath.financing import plan_services
from casepath.payments.models import Payment, PaymentSource
from casepath.payments.selectors import collected_for_case
from casepath.payments.services import payment_from_plan
from tests.conftest import World
from tests.financing.builders import build_payment_plan
from tests.payments.builders import accepted_case


def test_a_plan_payment_is_counted_once_on_the_plans_case(world: World) -> None:
    case = accepted_case(world)
    plan = build_payment_plan(world.tess, world.patient_a, case=case)
    paid = plan_services.payment_record(
        acting_user=world.fran,
        plan=plan,
        amount=Decimal("160.00"),
        paid_on=date(2026, 4, 10),
        method="card",
    )

    payment = Payment.objects.get()
    assert (payment.case, payment.amount, payment.received_on, payment.source) == (
        case,
        Decimal("160.00"),
        date(2026, 4, 10),
        PaymentSource.PLAN,
    )
    assert payment.reference == f"plan-payment-{paid.pk}"
    assert payment.recorded_by == world.fran
    paid.note = "changed later"
    paid.save()  # saving again is not a new payment
    assert payment_from_plan(paid) is None  # nor is counting it again
    assert collected_for_case(case) == Decimal("160.00")


def test_a_plan_without_a_case_adds_nothing_to_collections(world: World) -> None:
    plan = build_payment_plan(world.tess, world.patient_a)
    plan_services.payment_record(
        acting_user=world.fran,
        plan=plan,
        amount=Decimal("160.00"),
        paid_on=date(2026, 4, 10),
        method="cash",
    )
    assert not Payment.objects.exists()
