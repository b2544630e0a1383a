"""Planning procedures: the fee from the schedule, refusals that name the field and save
nothing, and a new plan version for each real change."""

from __future__ import annotations

from decimal import Decimal

import pytest

from casepath.cases import plan_services
from casepath.cases.models import CaseRevision, PlannedProcedure
from casepath.core.errors import CasepathError
from tests.cases.builders import build_case, fees_for_cases, two_option_case
from tests.conftest import World

pytestmark = pytest.mark.django_db


def refusal(world: World, **fields: object) -> tuple[str, str]:
    fees_for_cases(world)
    case = build_case(world, missing_teeth="19")
    option = plan_services.option_add(acting_user=world.tess, case=case, name="Crowns")
    plan_services.procedure_add(
        acting_user=world.tess, phase=option.phases.get(), code="D2740", tooth="30"
    )
    versions = CaseRevision.objects.filter(case=case).count()
    with pytest.raises(CasepathError) as error:
        plan_services.procedure_add(acting_user=world.tess, phase=option.phases.get(), **fields)
    assert PlannedProcedure.objects.filter(case=case).count() == 1
    assert CaseRevision.objects.filter(case=case).count() == versions
    first = error.value.errors[0]
    return first.path, first.message


def test_the_fee_comes_from_the_office_schedule_unless_typed(world: World) -> None:
    made = two_option_case(world)
    implant = PlannedProcedure.objects.get(case=made.case, code="D6010")
    assert (implant.fee, implant.fee_typed) == (Decimal("2400.00"), False)
    typed = plan_services.procedure_update(
        acting_user=world.tess, procedure=implant, fee=Decimal("2250.004")
    )
    assert (typed.fee, typed.fee_typed) == (Decimal("2250.00"), True)


def test_a_missing_tooth_is_refused_for_a_crown(world: World) -> None:
    path, text = refusal(world, code="D2740", tooth="19")
    assert path == "tooth" and "Tooth 19 is missing" in text


def test_an_impossible_tooth_is_refused(world: World) -> None:
    path, text = refusal(world, code="D2740", tooth="33")
    assert path == "tooth" and "33" in text


def test_the_same_procedure_twice_on_a_tooth_is_refused(world: World) -> None:
    path, text = refusal(world, code="D2740", tooth="30")
    assert path == "code" or path == "tooth"
    assert "already in this option" in text


def test_a_fee_missing_from_the_schedule_is_refused(world: World) -> None:
    path, text = refusal(world, code="D2962", tooth="8")
    assert path == "fee" and "No fee for D2962" in text


def test_a_discount_above_the_fee_is_refused(world: World) -> None:
    path, _ = refusal(world, code="D2391", tooth="3", surfaces="o", discount=Decimal("500"))
    assert path == "discount"


def test_each_real_change_is_a_version_that_says_what_changed(world: World) -> None:
    made = two_option_case(world)
    before = made.case.plan_version
    implant = PlannedProcedure.objects.get(case=made.case, code="D6010")
    plan_services.procedure_update(acting_user=world.doc, procedure=implant, fee=Decimal("2300.00"))
    made.case.refresh_from_db()
    assert made.case.plan_version == before + 1
    latest = CaseRevision.objects.filter(case=made.case).first()
    assert latest is not None and latest.made_by == world.doc
    assert any("2,400.00" in c and "2,300.00" in c for c in latest.changes)
    plan_services.procedure_update(acting_user=world.doc, procedure=implant, fee=Decimal("2300"))
    made.case.refresh_from_db()
    assert made.case.plan_version == before + 1  # nothing changed: no new version


def test_one_estimate_per_option_as_if_alone(world: World) -> None:
    made = two_option_case(world)
    assert made.implant.estimate is not None and made.bridge.estimate is not None
    assert made.implant.estimate.fee_total == Decimal("3850.00")
    assert made.bridge.estimate.fee_total == Decimal("3400.00")
    codes = set(made.bridge.estimate.procedures.values_list("code", flat=True))
    assert codes == {"D6750", "D6240"}
