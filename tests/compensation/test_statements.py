"""Statements on the hand-computed October of tests/compensation/builders.py."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from casepath.audit.models import AuditEvent
from casepath.compensation.models import Statement, StatementStatus
from casepath.compensation.services import statement_finalize, statements_make
from casepath.core.errors import CasepathError
from tests.compensation.builders import OCTOBER, build_october
from tests.conftest import World
from tests.reports.builders import pay

D = Decimal


def make(world: World) -> dict[str, Statement]:
    statements_make(
        practice=world.practice_a,
        acting_user=world.mona,
        start=OCTOBER[0],
        end=OCTOBER[1],
        as_of=date(2026, 11, 2),
    )
    rows = Statement.objects.filter(practice=world.practice_a).select_related("user")
    return {s.user.username: s for s in rows}


def amounts(s: Statement, key: str, field: str) -> list[str]:
    return [line[field] for line in s.snapshot[key]]


def test_first_presenter_statements(world: World) -> None:
    build_october(world)
    made = make(world)
    tess, tom = made["tess"], made["tom"]
    # Tess first-presented cases 1, 2 and 4; 4 is not accepted.
    # collected 4000 + 6000 + 2000 - 500 = 11500
    # 8000 x 5 % = 400.00; 3500 x 10 % = 350.00; commission 750.00
    assert tess.collected == D("11500.00")
    assert tess.commission == D("750.00")
    assert tess.total == D("2750.00")  # base 2000 + 750
    # in date order, 750 x amount / 11500: 260.869.., 391.304.., 130.434.., -32.608..
    # floors 260.86 + 391.30 + 130.43 - 32.61 = 749.98; the 2 cents go to the largest
    # remainders (.957 of 260.86 and .478 of 130.43)
    assert amounts(tess, "counted", "amount") == ["4000.00", "6000.00", "2000.00", "-500.00"]
    assert amounts(tess, "counted", "commission") == ["260.87", "391.30", "130.44", "-32.61"]
    assert [(x["amount"], x["reason"]) for x in tess.snapshot["left_out"]] == [
        ("3000.00", "someone_else"),  # case 3: Tess presented it last, Tom first
        ("1000.00", "not_accepted"),  # case 4
    ]
    # Tom first-presented case 3: 3000 x 5 % = 150.00
    assert (tom.collected, tom.commission, tom.total) == (D("3000.00"), D("150.00"), D("2150.00"))


def test_last_presenter_gives_different_statements(world: World) -> None:
    build_october(world, presenter_rule="last")
    made = make(world)
    # Tess last-presented 2 and 3: 5500 + 3000 = 8500; 8000 x 5 % + 500 x 10 % = 450.00
    assert (made["tess"].collected, made["tess"].commission) == (D("8500.00"), D("450.00"))
    # Tom last-presented 1: 6000 x 5 % = 300.00
    assert (made["tom"].collected, made["tom"].commission) == (D("6000.00"), D("300.00"))


def test_threshold_keeps_tom_from_commission(world: World) -> None:
    build_october(world, threshold=D("5000.00"))
    made = make(world)
    assert made["tess"].commission == D("750.00")
    assert made["tom"].commission == D("0.00")  # 3000 is below 5000
    assert "threshold" in made["tom"].snapshot["no_commission_because"]
    assert made["tom"].total == D("2000.00")


def test_tiers_whole_mode(world: World) -> None:
    build_october(world, tier_mode="whole")
    made = make(world)
    assert made["tess"].commission == D("1150.00")  # 11500 x 10 %
    assert made["tom"].commission == D("150.00")  # 3000 x 5 %


def test_bonus_pool_over_goal_shared_by_collected(world: World) -> None:
    build_october(world, bonus_kind="over_goal", bonus_percent=D("10"), bonus_goal=D("10000"))
    made = make(world)
    # practice collected on accepted cases: 4000 + 2000 + 6000 - 500 + 3000 = 14500
    # above the 10000 goal: 4500 x 10 % = 450.00
    # Tess 450 x 11500 / 14500 = 356.896.. -> 356.90 (largest remainder); Tom 93.10
    assert made["tess"].bonus == D("356.90")
    assert made["tom"].bonus == D("93.10")
    assert made["tess"].total == D("3106.90")  # 2000 + 750 + 356.90


def test_minimum_acceptance_reads_the_reports_figures(world: World) -> None:
    build_october(world, minimum_acceptance=D("80"))
    made = make(world)
    # Tess first-presented 3 cases in October (1, 2, 4), 2 accepted: 66.7 % < 80 %
    assert made["tess"].acceptance == D("66.7")
    assert made["tess"].commission == D("0.00")
    # Tom: case 3, accepted: 100 %
    assert made["tom"].acceptance == D("100.0")
    assert made["tom"].commission == D("150.00")


def test_final_statements_never_change_and_drafts_are_replaced(world: World) -> None:
    october = build_october(world)
    made = make(world)
    statement_finalize(statement=made["tess"], acting_user=world.mona)
    pay(october.cases[1], "1000.00", date(2026, 10, 30), by=world.mona)  # Tess's case 2
    pay(october.cases[2], "1000.00", date(2026, 10, 30), by=world.mona)  # Tom's case 3
    again = make(world)
    assert again["tess"].pk == made["tess"].pk
    assert again["tess"].status == StatementStatus.FINAL
    assert again["tess"].total == D("2750.00")
    assert again["tom"].collected == D("4000.00")  # the draft was made again
    with pytest.raises(CasepathError, match="status"):
        statement_finalize(statement=again["tess"], acting_user=world.mona)


def test_making_statements_is_audited(world: World) -> None:
    build_october(world)
    make(world)
    event = AuditEvent.objects.filter(practice=world.practice_a, object_type="statement").get()
    assert "Made 2 compensation statements" in event.summary


def test_nobody_on_a_plan_no_statements(world: World, **_: Any) -> None:
    assert make(world) == {}
