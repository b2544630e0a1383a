"""The compensation screens: who sees which statement, making and finalizing, the plan
form's errors, and the payroll CSV and XLSX."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from casepath.audit.models import Action, AuditEvent
from casepath.compensation.models import (
    CommissionTier,
    CompensationPlan,
    PlanMember,
    Statement,
    StatementStatus,
)
from tests.compensation.builders import build_october
from tests.conftest import World, signed_in

LIST = reverse("compensation:statements")
MAKE = reverse("compensation:statements_make")


def make_october(world: World) -> dict[str, Statement]:
    response = signed_in(world.mona).post(MAKE, {"period": "2026-10"})
    assert response.status_code == 302
    rows = Statement.objects.filter(practice=world.practice_a).select_related("user")
    return {s.user.username: s for s in rows}


def test_manager_sees_every_tc_and_a_tc_only_their_own(world: World) -> None:
    build_october(world)
    make_october(world)
    mine = signed_in(world.mona).get(LIST, {"period": "2026-10"}).content.decode()
    assert "Tess Tester" in mine and "Tom Tester" in mine and "Make statements" in mine
    theirs = signed_in(world.tess).get(LIST, {"period": "2026-10"}).content.decode()
    assert "Tess Tester" in theirs and "Tom Tester" not in theirs
    assert "Make statements" not in theirs


def test_a_tc_cannot_open_another_tcs_statement(world: World) -> None:
    build_october(world)
    made = make_october(world)
    tess = signed_in(world.tess)
    tom_page = reverse("compensation:statement", args=[made["tom"].pk])
    assert tess.get(tom_page).status_code == 404
    own = tess.get(reverse("compensation:statement", args=[made["tess"].pk]))
    assert own.status_code == 200
    assert "260.87" in own.content.decode()  # the first payment's share of commission
    assert "The case is not accepted" in own.content.decode()
    assert AuditEvent.objects.filter(action=Action.VIEW, object_type="statement").count() == 1


def test_only_managers_make_finalize_and_export(world: World) -> None:
    build_october(world)
    made = make_october(world)
    tess = signed_in(world.tess)
    assert tess.post(MAKE, {"period": "2026-10"}).status_code == 403
    finalize = reverse("compensation:finalize", args=[made["tess"].pk])
    assert tess.post(finalize).status_code == 403
    assert tess.get(reverse("compensation:payroll_csv"), {"period": "2026-10"}).status_code == 403
    assert tess.get(reverse("compensation:plans")).status_code == 403
    signed_in(world.mona).post(finalize)
    made["tess"].refresh_from_db()
    assert made["tess"].status == StatementStatus.FINAL


def test_payroll_csv_and_xlsx(world: World) -> None:
    build_october(world)
    made = make_october(world)
    mona = signed_in(world.mona)
    mona.post(reverse("compensation:finalize", args=[made["tess"].pk]))
    response = mona.get(reverse("compensation:payroll_csv"), {"period": "2026-10"})
    assert response["Content-Disposition"] == 'attachment; filename="payroll-2026-10.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows == [
        [
            "Employee",
            "Username",
            "Plan",
            "Period",
            "Base",
            "Commission",
            "Bonus",
            "Total",
            "Status",
        ],
        [
            "Tess Tester",
            "tess",
            "TC plan",
            "2026-10-01 to 2026-10-31",
            "2000.00",
            "750.00",
            "0.00",
            "2750.00",
            "Final",
        ],
        [
            "Tom Tester",
            "tom",
            "TC plan",
            "2026-10-01 to 2026-10-31",
            "2000.00",
            "150.00",
            "0.00",
            "2150.00",
            "Draft",
        ],
    ]
    book = mona.get(reverse("compensation:payroll_xlsx"), {"period": "2026-10"})
    sheet = load_workbook(io.BytesIO(book.content)).active
    cells = [[c.value for c in row] for row in sheet.iter_rows()]
    assert cells[1][:3] == ["Tess Tester", "tess", "TC plan"]
    assert [Decimal(str(v)) for v in cells[1][4:8]] == [
        Decimal("2000"),
        Decimal("750"),
        Decimal("0"),
        Decimal("2750"),
    ]
    assert cells[2][8] == "Draft"
    assert AuditEvent.objects.filter(action=Action.EXPORT, object_type="statement").count() == 2


def test_a_month_written_wrong_is_named(world: World) -> None:
    page = signed_in(world.mona).get(LIST, {"period": "2026-13"})
    assert page.status_code == 200
    assert "Write the month as year-month" in page.content.decode()


def plan_data(world: World, **more: str) -> dict[str, object]:
    data: dict[str, object] = {
        "name": "Riverside TCs",
        "base_pay": "2500.00",
        "presenter_rule": "first",
        "tier_mode": "marginal",
        "threshold": "0",
        "bonus_kind": "none",
        "bonus_amount": "0",
        "bonus_percent": "0",
        "bonus_goal": "0",
        "bonus_split": "by_collected",
        "active": "on",
        "tier_1_from": "0",
        "tier_1_rate": "5",
        "tier_2_from": "10000",
        "tier_2_rate": "8",
        "members": [world.tess.pk],
        "members_from": "2026-10-01",
    }
    data.update(more)
    return data


def test_manager_sets_a_plan_with_two_tiers(world: World) -> None:
    response = signed_in(world.mona).post(reverse("compensation:plan_new"), plan_data(world))
    assert response.status_code == 302
    plan = CompensationPlan.objects.get(practice=world.practice_a)
    tiers = CommissionTier.objects.filter(plan=plan).order_by("from_usd")
    assert [(t.from_usd, t.rate_percent) for t in tiers] == [
        (Decimal("0.00"), Decimal("5.00")),
        (Decimal("10000.00"), Decimal("8.00")),
    ]
    member = PlanMember.objects.get(plan=plan)
    assert (member.user, str(member.starts_on)) == (world.tess, "2026-10-01")
    assert AuditEvent.objects.filter(action=Action.CREATE, object_type="compensationplan").exists()


def test_plan_form_names_the_field_and_writes_nothing(world: World) -> None:
    client = signed_in(world.mona)
    page = client.post(reverse("compensation:plan_new"), plan_data(world, tier_2_from="0"))
    assert page.status_code == 200
    assert "must be more than the tier before it" in str(page.context["form"].errors["tier_2_from"])
    page = client.post(reverse("compensation:plan_new"), plan_data(world, tier_1_rate="120"))
    assert "tier_1_rate" in page.context["form"].errors
    page = client.post(reverse("compensation:plan_new"), plan_data(world, tier_1_from="100"))
    assert "start at $0" in str(page.context["form"].errors["tier_1_from"])
    assert not CompensationPlan.objects.exists()
    assert not CommissionTier.objects.exists()


def test_a_member_leaves_the_plan_on_the_day_given(world: World) -> None:
    client = signed_in(world.mona)
    client.post(reverse("compensation:plan_new"), plan_data(world))
    plan = CompensationPlan.objects.get()
    with time_machine.travel("2026-11-15 12:00-05:00", tick=False):
        form = client.get(reverse("compensation:plan_edit", args=[plan.pk]))
        assert form.context["form"].initial["members"] == [world.tess.pk]
        client.post(
            reverse("compensation:plan_edit", args=[plan.pk]),
            plan_data(world, members=[], members_from="2026-11-01"),
        )
    member = PlanMember.objects.get(plan=plan)
    assert str(member.ends_on) == "2026-10-31"
