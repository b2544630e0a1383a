"""The day's huddle: who is on it, the amounts, the insurance left, constant queries."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from casepath.core.huddle import Stage, VisitKind
from casepath.huddle.selectors import huddle_for_day
from tests.builders import build_patient
from tests.conftest import World
from tests.huddle.builders import DAY, at, build_case_with, hand_made_day, insure, visit

THOUSAND = Decimal("1000.00")


def test_the_hand_made_day(world: World) -> None:
    day = hand_made_day(world)
    huddle = huddle_for_day(world.practice_a, DAY, threshold=THOUSAND)
    assert [row.patient for row in huddle.rows] == [day.ana, day.dan, day.fay]
    assert [row.kind for row in huddle.rows] == [
        VisitKind.HYGIENE,
        VisitKind.HYGIENE,  # imported as hygiene, whatever its reason says
        VisitKind.EMERGENCY,
    ]
    # ana, ben, dan, eve, fay and gus are in hygiene or emergency visits; hal cancelled
    assert huddle.patients_seen == 6
    assert (huddle.day, huddle.threshold) == (DAY, THOUSAND)


def test_the_amounts_and_the_insurance_left(world: World) -> None:
    day = hand_made_day(world)
    ana, dan, fay = huddle_for_day(world.practice_a, DAY, threshold=THOUSAND).rows
    # Ana: the implant $2,400 + $1,450, estimated: she pays $1,200; $400 of $1,500 used
    assert (ana.outstanding, ana.patient_portion) == (Decimal("3850.00"), Decimal("1200.00"))
    (line,) = ana.cases
    assert (line.stage, line.option_name, line.fee) == (
        Stage.UNACCEPTED,
        "Implant",
        ana.outstanding,
    )
    assert ana.benefits is not None
    assert ana.benefits.remaining == Decimal("1100.00")
    assert ana.benefits.year_ends == DAY.replace(month=12, day=31)
    # Dan accepted the implant but declined its $900 part: $2,400 is not scheduled; the
    # estimate priced all of it, so his part is not known; his plan's year starts in July
    assert (dan.outstanding, dan.patient_portion) == (Decimal("2400.00"), None)
    assert dan.cases[0].stage == Stage.UNSCHEDULED
    assert dan.benefits is not None
    assert dan.benefits.remaining == Decimal("1500.00")
    assert dan.benefits.year_ends == DAY.replace(month=6, day=30)
    # Fay declined exactly $1,000: at the threshold counts; she has no insurance on file
    assert (fay.outstanding, fay.benefits) == (Decimal("1000.00"), None)
    assert fay.cases[0].case.status == "declined"
    assert day.fay == fay.patient


def test_the_threshold_moves_who_is_listed(world: World) -> None:
    day = hand_made_day(world)
    low = huddle_for_day(world.practice_a, DAY, threshold=Decimal("100.00"))
    assert [row.patient for row in low.rows] == [day.ana, day.ben, day.dan, day.fay]
    high = huddle_for_day(world.practice_a, DAY, threshold=Decimal("2500.00"))
    assert [row.patient for row in high.rows] == [day.ana]


def test_cases_add_up_per_patient_and_the_recommended_option_counts(world: World) -> None:
    patient = world.patient_a
    visit(patient, 8, "Recall")
    visit(patient, 15, "Emergency")  # a second visit: one row, at the first one
    build_case_with(
        world, patient, status="pending", fees=("600.00",), other_option_fees=("9000.00",)
    )
    build_case_with(world, patient, status="expired", fees=("500.00",), portion="100.00")
    (row,) = huddle_for_day(world.practice_a, DAY, threshold=THOUSAND).rows
    assert row.outstanding == Decimal("1100.00")  # $600 + $500, not the $9,000 denture
    assert [line.fee for line in row.cases] == [Decimal("600.00"), Decimal("500.00")]
    assert row.patient_portion is None  # the $600 case has no estimate
    assert (row.visit.starts_at, row.kind) == (at(8), VisitKind.HYGIENE)


def test_another_practice_sees_none_of_it(world: World) -> None:
    hand_made_day(world)
    huddle = huddle_for_day(world.practice_b, DAY, threshold=THOUSAND)
    assert (huddle.rows, huddle.patients_seen) == ([], 0)


def _busy_day(world: World, patients: int, first: int = 0) -> None:
    for n in range(first, first + patients):
        patient = build_patient(world.practice_a, first_name=f"Pat{n}", last_name="Busy")
        visit(patient, 7 + n % 10, "Prophy", duration_minutes=30)
        build_case_with(world, patient, status="presented", fees=("2000.00",), portion="700.00")
        build_case_with(world, patient, status="accepted", fees=("1500.00",))
        insure(patient, used="250.00")


def _queries(world: World) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        rows = huddle_for_day(world.practice_a, DAY, threshold=THOUSAND).rows
    return len(queries), len(rows)


@pytest.mark.parametrize("patients", [3, 15])
def test_queries_stay_the_same_as_rows_grow(world: World, patients: int) -> None:
    # visits, cases, options with their planned fees, coverages with their plans, benefits used
    _busy_day(world, patients)
    assert _queries(world) == (5, patients)


def test_queries_for_3_and_15_patients_are_equal(world: World) -> None:
    _busy_day(world, 3)
    few = _queries(world)
    _busy_day(world, 12, first=3)
    many = _queries(world)
    assert (few[0], few[1], many[1]) == (many[0], 3, 15)


def test_a_quiet_day(world: World, django_assert_max_num_queries: Any) -> None:
    with django_assert_max_num_queries(5):
        huddle = huddle_for_day(world.practice_a, DAY + timedelta(days=3), threshold=THOUSAND)
    assert (huddle.rows, huddle.patients_seen) == ([], 0)
