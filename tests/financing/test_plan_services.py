"""Payment plans: prepared from the core's schedule within the practice's policy,
payments recorded against them, a draft cancelled."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from casepath.audit.models import AuditEvent
from casepath.core.errors import CasepathError
from casepath.financing import plan_services, services
from casepath.financing.models import PaymentPlan, PlanInstalment, PlanPayment, PlanStatus
from tests.builders import build_patient
from tests.cases.builders import build_case
from tests.conftest import World
from tests.financing.builders import AGREED, build_payment_plan

D = Decimal
TERMS: dict[str, Any] = {
    "total": D("1200.00"),
    "down_payment": D("240.00"),
    "apr_percent": D("0"),
    "frequency": "monthly",
    "agreement_date": AGREED,
    "first_payment_date": date(2026, 4, 10),
    "number_of_payments": 6,
}


def refusal(world: World, **changes: Any) -> dict[str, str]:
    with pytest.raises(CasepathError) as refused:
        plan_services.payment_plan_create(
            acting_user=world.fran, patient=world.patient_a, **(TERMS | changes)
        )
    assert not PaymentPlan.objects.exists()
    assert not PlanInstalment.objects.exists()
    return {e.path: e.message for e in refused.value.errors}


def test_an_interest_free_plan_is_stored_with_its_schedule(world: World) -> None:
    plan = build_payment_plan(world.fran, world.patient_a, signed=False)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT
    assert (plan.amount_financed, plan.down_payment) == (D("960.00"), D("240.00"))
    assert (plan.finance_charge, plan.total_of_payments) == (D("0.00"), D("960.00"))
    assert plan.disclosed_apr_percent == D("0.00")
    assert plan.is_consumer_credit  # more than four instalments
    rows = list(plan.instalments.values_list("number", "due", "payment", "balance"))
    assert rows[0] == (1, date(2026, 4, 10), D("160.00"), D("800.00"))
    assert rows[-1] == (6, date(2026, 9, 10), D("160.00"), D("0.00"))
    event = AuditEvent.objects.get(object_type="paymentplan")
    assert event.patient == world.patient_a
    assert event.summary.endswith("$960.00 financed, 6 payments of $160.00")


def test_a_plan_with_interest_carries_the_disclosure_figures(world: World) -> None:
    services.financial_policy_update(
        acting_user=world.mona, practice=world.practice_a, apr_percent=D("12.00")
    )
    plan = build_payment_plan(
        world.tess, world.patient_a, signed=False, apr_percent=D("12.00"), number_of_payments=12
    )
    instalments = list(plan.instalments.all())
    assert len(instalments) == 12
    assert plan.finance_charge == sum((i.interest for i in instalments), D("0.00"))
    assert plan.finance_charge > 0
    assert plan.total_of_payments == plan.amount_financed + plan.finance_charge
    assert sum((i.principal for i in instalments), D("0.00")) == plan.amount_financed
    assert plan.disclosed_apr_percent == D("12.00")


def test_a_payment_amount_makes_as_many_payments_as_needed(world: World) -> None:
    plan = build_payment_plan(
        world.fran,
        world.patient_a,
        signed=False,
        number_of_payments=None,
        payment_amount=D("250.00"),
    )
    payments = list(plan.instalments.values_list("payment", flat=True))
    assert payments == [D("250.00"), D("250.00"), D("250.00"), D("210.00")]


def test_a_plan_on_a_case_of_the_patient(world: World) -> None:
    case = build_case(world)
    plan = build_payment_plan(world.fran, world.patient_a, signed=False, case=case)
    assert plan.case == case


def test_a_case_of_another_patient_is_refused(world: World) -> None:
    case = build_case(world)
    other = build_patient(world.practice_a, first_name="Sam")
    with pytest.raises(CasepathError) as refused:
        plan_services.payment_plan_create(acting_user=world.fran, patient=other, case=case, **TERMS)
    assert [e.path for e in refused.value.errors] == ["case"]
    assert not PaymentPlan.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"total": D("0")}, "total", "The total must be more than 0."),
        ({"total": D("-5")}, "total", "The total must be more than 0."),
        ({"down_payment": D("-1")}, "down_payment", "The down payment must be 0 or more."),
        (
            {"down_payment": D("1300.00")},
            "down_payment",
            "The down payment must be less than the total (1200.00).",
        ),
        (
            {"down_payment": D("100.00")},
            "down_payment",
            "The practice asks at least 20.00% down: $240.00.",
        ),
        ({"apr_percent": D("-1")}, "apr_percent", "The APR must be 0 or more."),
        (
            {"apr_percent": D("18.50")},
            "apr_percent",
            "The APR must be at most 18.00%, the practice's cap.",
        ),
        (
            {"first_payment_date": date(2026, 3, 1)},
            "first_payment_date",
            "The first payment date must be after the agreement date (2026-03-10).",
        ),
        (
            {"frequency": "yearly"},
            "frequency",
            "Choose how often: weekly, every 2 weeks, twice a month, monthly or quarterly.",
        ),
        (
            {"number_of_payments": 18},
            "number_of_payments",
            "The last payment would be due 09/10/2027; the practice's longest in-house term "
            "is 12 months (until 03/10/2027).",
        ),
    ],
)
def test_bad_terms_are_refused_naming_the_field(
    world: World, changes: dict[str, Any], field: str, message: str
) -> None:
    assert refusal(world, **changes)[field] == message


def test_every_problem_is_named_at_once(world: World) -> None:
    found = refusal(world, total=D("-1"), frequency="yearly", apr_percent=D("-3"))
    assert set(found) == {"total", "frequency", "apr_percent"}


# Payments


def test_a_payment_is_recorded_and_audited(world: World) -> None:
    plan = build_payment_plan(world.tess, world.patient_a)
    payment = plan_services.payment_record(
        acting_user=world.fran,
        plan=plan,
        amount=D("160.00"),
        paid_on=date(2026, 4, 9),
        method="card",
        note=" April ",
    )
    stored = PlanPayment.objects.get(pk=payment.pk)
    assert (stored.amount, stored.method, stored.note, stored.recorded_by) == (
        D("160.00"),
        "card",
        "April",
        world.fran,
    )
    assert PaymentPlan.objects.get(pk=plan.pk).status == PlanStatus.SIGNED
    event = AuditEvent.objects.filter(object_type="paymentplan").latest("pk")
    assert event.summary == "Recorded a payment of $160.00 (Card)"
    assert event.actor == world.fran


def test_the_last_payment_pays_the_plan_off(world: World) -> None:
    plan = build_payment_plan(world.tess, world.patient_a)
    plan_services.payment_record(
        acting_user=world.fran, plan=plan, amount=D("800.00"), paid_on=AGREED, method="check"
    )
    plan_services.payment_record(
        acting_user=world.fran, plan=plan, amount=D("160.00"), paid_on=AGREED, method="cash"
    )
    assert PaymentPlan.objects.get(pk=plan.pk).status == PlanStatus.PAID_OFF


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"amount": D("0")}, "amount", "The amount must be more than zero."),
        ({"amount": D("-20")}, "amount", "The amount must be more than zero."),
        ({"amount": D("960.01")}, "amount", "Only $960.00 is left to pay on this plan."),
        ({"paid_on": date(2026, 3, 9)}, "paid_on", "The plan was agreed on 03/10/2026."),
        ({"method": "bitcoin"}, "method", "Choose cash, card, check or bank transfer."),
    ],
)
def test_bad_payments_are_refused_naming_the_field(
    world: World, changes: dict[str, Any], field: str, message: str
) -> None:
    plan = build_payment_plan(world.tess, world.patient_a)
    payment = {"amount": D("100.00"), "paid_on": AGREED, "method": "card"} | changes
    with pytest.raises(CasepathError) as refused:
        plan_services.payment_record(acting_user=world.fran, plan=plan, **payment)
    assert {e.path: e.message for e in refused.value.errors} == {field: message}
    assert not PlanPayment.objects.exists()


@pytest.mark.parametrize("status", [PlanStatus.DRAFT, PlanStatus.CANCELLED, PlanStatus.PAID_OFF])
def test_payments_only_go_to_signed_plans(world: World, status: str) -> None:
    plan = build_payment_plan(world.tess, world.patient_a, signed=False)
    PaymentPlan.objects.filter(pk=plan.pk).update(status=status)
    with pytest.raises(CasepathError) as refused:
        plan_services.payment_record(
            acting_user=world.fran, plan=plan, amount=D("10.00"), paid_on=AGREED, method="cash"
        )
    assert [e.path for e in refused.value.errors] == ["plan"]
    assert not PlanPayment.objects.exists()


# Cancelling


def test_a_draft_plan_is_cancelled(world: World) -> None:
    plan = build_payment_plan(world.tess, world.patient_a, signed=False)
    plan_services.payment_plan_cancel(acting_user=world.fran, plan=plan)
    assert PaymentPlan.objects.get(pk=plan.pk).status == PlanStatus.CANCELLED
    event = AuditEvent.objects.filter(object_type="paymentplan").latest("pk")
    assert event.changes == {"status": {"before": "draft", "after": "cancelled"}}


def test_a_signed_plan_cannot_be_cancelled(world: World) -> None:
    plan = build_payment_plan(world.tess, world.patient_a)
    with pytest.raises(CasepathError) as refused:
        plan_services.payment_plan_cancel(acting_user=world.fran, plan=plan)
    assert refused.value.errors[0].message == (
        "Only a draft plan can be cancelled; this one is signed."
    )
    assert PaymentPlan.objects.get(pk=plan.pk).status == PlanStatus.SIGNED


def test_add_months_keeps_to_the_last_day_of_a_short_month() -> None:
    assert plan_services.add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert plan_services.add_months(date(2026, 11, 15), 14) == date(2028, 1, 15)
