"""“Estimate options”: one saved estimate per option, each as if it were the only one."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from casepath.cases import plan_services
from casepath.cases.models import Case, CaseEvent, CaseOption, EventKind
from casepath.cases.selectors import procedures_of_option
from casepath.estimates.models import Estimate, EstimateStatus
from casepath.estimates.requests import ProcedureLine
from casepath.estimates.services import estimate_preview
from tests.cases.builders import TwoOptions, build_case, fees_for_cases
from tests.cases.plan.conftest import HTMX, url
from tests.conftest import World, signed_in

TODAY = date(2026, 3, 10)


def unestimated_case(world: World) -> Case:
    """Implant or bridge, as in the builders, but never estimated."""
    fees_for_cases(world)
    case = build_case(world)
    tess = world.tess
    implant = plan_services.option_add(acting_user=tess, case=case, name="Implant")
    plan_services.procedure_add(
        acting_user=tess, phase=implant.phases.get(), code="D6010", tooth="19", healing_days=90
    )
    crown = plan_services.phase_add(acting_user=tess, option=implant, name="Implant crown")
    plan_services.procedure_add(acting_user=tess, phase=crown, code="D6058", tooth="19")
    bridge = plan_services.option_add(acting_user=tess, case=case, name="Bridge")
    for code, tooth in (("D6750", "18"), ("D6240", "19"), ("D6750", "20")):
        plan_services.procedure_add(
            acting_user=tess, phase=bridge.phases.get(), code=code, tooth=tooth
        )
    return case


def lines_of(option: CaseOption) -> list[ProcedureLine]:
    return [
        ProcedureLine(code=p.code, tooth=p.tooth, surfaces=p.surfaces, fee_override=p.net_fee)
        for p in procedures_of_option(option)
    ]


def test_estimate_options_makes_one_estimate_per_option(world: World) -> None:
    case = unestimated_case(world)
    response = signed_in(world.tess).post(url("plan_estimate", case.pk), **HTMX)
    assert response.status_code == 200
    implant, bridge = CaseOption.objects.filter(case=case).order_by("position")
    assert implant.estimate is not None and bridge.estimate is not None
    assert Estimate.objects.filter(patient=case.patient).count() == 2
    for option in (implant, bridge):
        alone = estimate_preview(case.patient, lines_of(option), TODAY)["totals"]
        saved = option.estimate
        assert saved is not None
        assert (saved.fee_total, saved.insurance_total, saved.patient_total) == (
            Decimal(alone["fee"]),
            Decimal(alone["insurance"]),
            Decimal(alone["patient"]),
        )
        assert saved.as_of == TODAY
    # Together the options would share one annual maximum; each alone does not.
    together = estimate_preview(case.patient, lines_of(implant) + lines_of(bridge), TODAY)
    assert Decimal(together["totals"]["insurance"]) < (
        implant.estimate.insurance_total + bridge.estimate.insurance_total
    )
    page = response.content.decode()
    assert "Not estimated" not in page
    assert f"${implant.estimate.patient_total:,.2f}" in page
    assert CaseEvent.objects.filter(case=case, kind=EventKind.ESTIMATED).count() == 1


def test_estimating_again_closes_the_older_estimates(world: World, two: TwoOptions) -> None:
    older = {two.implant.estimate_id, two.bridge.estimate_id}
    signed_in(world.tess).post(url("plan_estimate", two.case.pk), **HTMX)
    two.implant.refresh_from_db()
    two.bridge.refresh_from_db()
    assert {two.implant.estimate_id, two.bridge.estimate_id}.isdisjoint(older)
    statuses = set(Estimate.objects.filter(pk__in=older).values_list("status", flat=True))
    assert statuses == {EstimateStatus.CLOSED}


def test_a_scheduled_case_is_not_estimated_again(world: World, two: TwoOptions) -> None:
    Case.objects.filter(pk=two.case.pk).update(status="scheduled")
    count = Estimate.objects.count()
    response = signed_in(world.tess).post(url("plan_estimate", two.case.pk), **HTMX)
    assert response.status_code == 200
    assert "The plan is fixed: it is not estimated again." in response.content.decode()
    assert Estimate.objects.count() == count
