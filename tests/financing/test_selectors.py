"""A plan's standing by date, the practice's payments due, renewals due."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from casepath.financing import plan_services
from casepath.financing.models import PaymentPlan, PlanStatus
from casepath.financing.selectors import (
    financing_tab,
    payment_plan_detail,
    payments_due,
    plan_standing,
    renewals_due,
)
from tests.builders import build_patient
from tests.conftest import World
from tests.financing.builders import (
    build_enrolment,
    build_membership_plan,
    build_payment_plan,
)

D = Decimal


def pay(world: World, plan: PaymentPlan, amount: str, paid_on: date) -> None:
    plan_services.payment_record(
        acting_user=world.fran, plan=plan, amount=D(amount), paid_on=paid_on, method="card"
    )


def test_status_current_late_and_paid_off_by_date(world: World) -> None:
    plan = build_payment_plan(world.tess, world.patient_a)  # 6 x $160 from 04/10/2026
    assert plan_standing(plan, date(2026, 4, 10)).status == "current"
    assert plan_standing(plan, date(2026, 4, 11)).status == "late"
    pay(world, plan, "160.00", date(2026, 4, 12))
    assert plan_standing(plan, date(2026, 4, 11)).status == "late"  # paid the day after
    assert plan_standing(plan, date(2026, 4, 12)).status == "current"
    late = plan_standing(plan, date(2026, 6, 1))
    assert (late.status, late.late_amount, late.balance) == ("late", D("160.00"), D("800.00"))
    pay(world, plan, "800.00", date(2026, 6, 1))
    paid = plan_standing(plan, date(2026, 6, 1))
    assert (paid.status, paid.balance, paid.next_due) == ("paid_off", D("0.00"), None)


def test_a_draft_is_never_late(world: World) -> None:
    plan = build_payment_plan(world.tess, world.patient_a, signed=False)
    assert plan_standing(plan, date(2027, 1, 1)).status == "draft"


def test_plan_detail_marks_each_line(world: World) -> None:
    plan = build_payment_plan(world.tess, world.patient_a)
    pay(world, plan, "200.00", date(2026, 4, 10))
    detail = payment_plan_detail(plan, date(2026, 5, 11))
    unpaid = [line["owed"].unpaid if line["owed"] else D(0) for line in detail["lines"]]
    assert unpaid == [D(0), D("120.00"), D("160.00"), D("160.00"), D("160.00"), D("160.00")]
    assert detail["standing"].status == "late"
    assert [p.amount for p in detail["payments"]] == [D("200.00")]


def _plans(world: World, count: int) -> list[PaymentPlan]:
    patients = [build_patient(world.practice_a, last_name=f"Doe{n}") for n in range(count)]
    return [build_payment_plan(world.tess, patient) for patient in patients]


def test_payments_due_lists_late_and_upcoming_instalments(world: World) -> None:
    on_time, behind, paid_ahead = _plans(world, 3)
    draft = build_payment_plan(world.tess, world.patient_a, signed=False)
    pay(world, on_time, "320.00", date(2026, 5, 10))
    pay(world, paid_ahead, "420.00", date(2026, 5, 1))
    due = payments_due(world.practice_a, date(2026, 5, 20))
    late = [(r.plan.pk, r.owed.number, r.owed.unpaid) for r in due["late"]]
    upcoming = [(r.plan.pk, r.owed.number, r.owed.unpaid) for r in due["upcoming"]]
    assert late == [(behind.pk, 1, D("160.00")), (behind.pk, 2, D("160.00"))]
    assert upcoming == []  # the next instalments fall on 06/10, beyond 14 days
    due = payments_due(world.practice_a, date(2026, 6, 1))
    assert [(r.plan.pk, r.owed.number, r.owed.unpaid) for r in due["upcoming"]] == [
        (on_time.pk, 3, D("160.00")),
        (behind.pk, 3, D("160.00")),
        (paid_ahead.pk, 3, D("60.00")),
    ]
    assert draft.pk not in {r.plan.pk for rows in due.values() for r in rows}


def test_payments_due_reads_a_constant_number_of_queries(world: World) -> None:
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            due = payments_due(world.practice_a, date(2026, 6, 1))
            [r.plan.patient.last_name for rows in due.values() for r in rows]
        return len(queries)

    _plans(world, 1)
    few = count()
    _plans(world, 4)
    assert count() == few == 2


def test_paid_off_and_cancelled_plans_are_not_due(world: World) -> None:
    paid, cancelled = _plans(world, 2)
    pay(world, paid, "960.00", date(2026, 4, 1))
    PaymentPlan.objects.filter(pk=cancelled.pk).update(status=PlanStatus.CANCELLED)
    due = payments_due(world.practice_a, date(2026, 6, 1))
    assert due == {"late": [], "upcoming": []}


def test_other_practices_plans_are_not_listed(world: World) -> None:
    build_payment_plan(world.olga, world.patient_b)
    assert payments_due(world.practice_a, date(2026, 6, 1)) == {"late": [], "upcoming": []}
    assert len(payments_due(world.practice_b, date(2026, 6, 1))["late"]) == 2


def test_renewals_due_are_those_ending_soon_and_not_renewed(world: World) -> None:
    club = build_membership_plan(world.practice_a)
    soon = build_enrolment(world.patient_a, club, renews_on=date(2026, 4, 1))
    sam = build_patient(world.practice_a, first_name="Sam")
    renewed = build_enrolment(sam, club, renews_on=date(2026, 3, 20))
    build_enrolment(
        sam, club, starts_on=date(2026, 3, 20), renews_on=date(2027, 3, 20), fee_paid=D("349")
    )
    later = build_patient(world.practice_a, first_name="Lee")
    build_enrolment(later, club, starts_on=date(2025, 9, 1), renews_on=date(2026, 9, 1))
    found = list(renewals_due(world.practice_a, date(2026, 3, 10)))
    assert found == [soon]
    assert renewed not in found


def test_financing_tab_holds_plans_with_standing_and_the_current_membership(
    world: World,
) -> None:
    plan = build_payment_plan(world.tess, world.patient_a)
    club = build_membership_plan(world.practice_a)
    enrolment = build_enrolment(world.patient_a, club)
    tab = financing_tab(world.patient_a, as_of=date(2026, 4, 20))
    assert [(r.plan, r.standing.status, r.instalments) for r in tab["plans"]] == [(plan, "late", 6)]
    assert tab["membership"] is None  # the year ended on 04/01/2026
    assert tab["enrolments"] == [enrolment]
    assert financing_tab(world.patient_a, as_of=date(2026, 3, 31))["membership"] == enrolment
