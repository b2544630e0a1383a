"""Estimates from what is on file: office fees, the patient's coverages, benefits used."""

from __future__ import annotations

from decimal import Decimal

import pytest

from casepath.audit.models import AuditEvent
from casepath.core.errors import CasepathError
from casepath.estimates.models import Estimate, EstimateStatus
from casepath.estimates.requests import ProcedureLine
from casepath.estimates.services import (
    estimate_close,
    estimate_create,
    estimate_preview,
    estimate_recompute,
    lines_of,
)
from tests.builders import build_patient
from tests.conftest import World
from tests.estimates.builders import AS_OF, insured
from tests.insurance.coverage_builders import build_use

CROWN = ProcedureLine(code="D2740", tooth="30")
EXAM = ProcedureLine(code="D0120")


def test_preview_uses_office_fees_and_ppo_allowed_fees(world: World) -> None:
    on_file = insured(world)
    response = estimate_preview(on_file.patient, [CROWN], AS_OF)
    (crown,) = response["procedures"]
    line = crown["coverages"][0]
    assert crown["fee"] == "1250.00" and line["allowed"] == "900.00"
    # 100/80/50 PPO, $50 deductible: (900 - 50) x 50% = 425; write-off 350
    assert (line["deductible"], line["insurance"], line["write_off"]) == (
        "50.00",
        "425.00",
        "350.00",
    )
    assert crown["patient"] == "475.00"
    assert "Deductible $50.00 applied" in line["notes"]


def test_benefits_used_count(world: World) -> None:
    on_file = insured(world)
    build_use(
        on_file.coverage,
        code="D2740",
        tooth="3",
        insurance_amount="1400.00",
        deductible_applied="50.00",
    )
    (crown,) = estimate_preview(on_file.patient, [CROWN], AS_OF)["procedures"]
    assert crown["insurance"] == "100.00"  # $1,500 maximum less $1,400 used


def test_a_fee_override_wins(world: World) -> None:
    on_file = insured(world)
    line = ProcedureLine(code="D2740", tooth="30", fee_override=Decimal("1100.00"))
    assert estimate_preview(on_file.patient, [line], AS_OF)["procedures"][0]["fee"] == "1100.00"


def test_a_code_without_a_fee_names_its_row(world: World) -> None:
    on_file = insured(world)
    with pytest.raises(CasepathError) as caught:
        estimate_preview(on_file.patient, [EXAM, ProcedureLine(code="D9110")], AS_OF)
    assert [e.path for e in caught.value.errors] == ["procedures[1].code"]


def test_uninsured_patient_pays_the_office_fee(world: World) -> None:
    insured(world)
    uninsured = build_patient(world.practice_a, first_name="Una", last_name="Paid")
    assert estimate_preview(uninsured, [CROWN], AS_OF)["totals"]["patient"] == "1250.00"


def test_coverage_not_yet_in_force_is_left_out(world: World) -> None:
    on_file = insured(world)
    on_file.coverage.effective_date = AS_OF.replace(year=2027)
    on_file.coverage.save()
    assert estimate_preview(on_file.patient, [CROWN], AS_OF)["remaining"] == []


def test_saved_estimate_keeps_what_the_preview_said(world: World) -> None:
    on_file = insured(world)
    saved = estimate_create(
        acting_user=world.tess,
        patient=on_file.patient,
        title="Crown #30",
        lines=[CROWN, EXAM],
        as_of=AS_OF,
    )
    assert saved.response == estimate_preview(on_file.patient, [CROWN, EXAM], AS_OF)
    assert saved.patient_total == Decimal(saved.response["totals"]["patient"])
    assert saved.fee_schedule == on_file.office
    assert list(saved.plans.all()) == [on_file.plan]
    assert lines_of(saved) == [CROWN, EXAM]
    assert AuditEvent.objects.filter(object_type="estimate", patient=on_file.patient).exists()


def test_a_code_without_a_fee_saves_nothing(world: World) -> None:
    on_file = insured(world)
    with pytest.raises(CasepathError):
        estimate_create(
            acting_user=world.tess,
            patient=on_file.patient,
            title="x",
            lines=[ProcedureLine(code="D9110")],
            as_of=AS_OF,
        )
    assert not Estimate.objects.exists()


def test_recompute_sees_new_usage_and_close_keeps_figures(world: World) -> None:
    on_file = insured(world)
    saved = estimate_create(
        acting_user=world.tess, patient=on_file.patient, title="Crown", lines=[CROWN], as_of=AS_OF
    )
    build_use(
        on_file.coverage, code="D3330", insurance_amount="1200.00", deductible_applied="50.00"
    )
    estimate_recompute(acting_user=world.tess, estimate_row=saved, as_of=AS_OF)
    assert saved.insurance_total == Decimal("300.00")
    estimate_close(acting_user=world.tess, estimate_row=saved)
    saved.refresh_from_db()
    assert saved.status == EstimateStatus.CLOSED and saved.insurance_total == Decimal("300.00")
