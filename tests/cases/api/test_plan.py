"""Planning through the API: options, phases, procedures, and estimating every option."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from casepath.audit.models import AuditEvent
from casepath.cases import plan_services
from casepath.cases.models import CaseOption, CasePhase, PlannedProcedure
from casepath.estimates.models import Estimate
from tests.builders import build_provider
from tests.cases.api.conftest import case_url, send
from tests.cases.builders import TwoOptions, build_case, fees_for_cases
from tests.conftest import World

# ---- options ------------------------------------------------------------------


def test_an_option_is_added_with_a_first_phase(
    world: World, made: TwoOptions, tess: Client
) -> None:
    body = {"name": "Partial denture", "summary": "A plate you can take out."}
    answer = send(tess, "post", case_url(made.case, "/options"), body)
    assert answer.status_code == 201, answer.data
    option = CaseOption.objects.get(name="Partial denture")
    assert answer.data["id"] == option.pk
    assert (answer.data["recommended"], answer.data["position"]) == (False, 2)
    assert [p["name"] for p in answer.data["phases"]] == ["Phase 1"]
    assert answer.data["estimate"] is None
    assert AuditEvent.objects.filter(channel="api", summary__contains="Partial denture").exists()


def test_a_recommended_option_takes_the_mark_from_the_others(
    world: World, made: TwoOptions, tess: Client
) -> None:
    send(tess, "post", case_url(made.case, "/options"), {"name": "Bridge 2", "recommended": True})
    marked = CaseOption.objects.filter(case=made.case, is_recommended=True)
    assert [o.name for o in marked] == ["Bridge 2"]


def test_an_option_needs_a_name(world: World, made: TwoOptions, tess: Client) -> None:
    answer = send(tess, "post", case_url(made.case, "/options"), {"name": "  "})
    assert answer.status_code == 422
    assert [e["path"] for e in answer.data["errors"]] == ["name"]
    assert CaseOption.objects.filter(case=made.case).count() == 2


def test_no_option_is_added_to_a_scheduled_case(
    world: World, made: TwoOptions, tess: Client
) -> None:
    made.case.status = "scheduled"
    made.case.save()
    answer = send(tess, "post", case_url(made.case, "/options"), {"name": "Later"})
    assert answer.status_code == 422
    assert answer.data["errors"][0] == {
        "path": "status",
        "message": "The case is scheduled: its plan is fixed.",
    }


# ---- phases -------------------------------------------------------------------


def phases_url(made: TwoOptions, option: CaseOption) -> str:
    return case_url(made.case, f"/options/{option.pk}/phases")


def test_a_phase_is_added_at_the_end(world: World, made: TwoOptions, tess: Client) -> None:
    answer = send(tess, "post", phases_url(made, made.bridge), {"name": "Final cementation"})
    assert answer.status_code == 201, answer.data
    assert (answer.data["name"], answer.data["position"], answer.data["procedures"]) == (
        "Final cementation",
        1,
        [],
    )
    assert [p.name for p in made.bridge.phases.all()] == ["Phase 1", "Final cementation"]


def test_a_phase_needs_a_name(world: World, made: TwoOptions, tess: Client) -> None:
    answer = send(tess, "post", phases_url(made, made.bridge), {"name": ""})
    assert answer.status_code == 422
    assert [e["path"] for e in answer.data["errors"]] == ["name"]
    assert made.bridge.phases.count() == 1


def test_an_option_of_another_case_is_not_found(
    world: World, made: TwoOptions, tess: Client
) -> None:
    other = build_case(world, title="Other")
    url = (
        f"/api/v1/practices/{world.practice_a.pk}/cases/{other.pk}/options/{made.bridge.pk}/phases"
    )
    assert send(tess, "post", url, {"name": "Sneaky"}).status_code == 404
    assert made.bridge.phases.count() == 1


# ---- procedures ---------------------------------------------------------------


def procedures_url(made: TwoOptions, phase: CasePhase) -> str:
    return case_url(made.case, f"/phases/{phase.pk}/procedures")


def test_a_procedure_takes_its_fee_from_the_schedule(
    world: World, made: TwoOptions, tess: Client
) -> None:
    phase = made.bridge.phases.get()
    surgeon = build_provider(
        world.practice_a, first_name="Omar", last_name="Kent", is_external=True
    )
    body = {"code": "d7140", "tooth": "17", "provider_id": surgeon.pk, "healing_days": 30}
    answer = send(tess, "post", procedures_url(made, phase), body)
    assert answer.status_code == 201, answer.data
    assert (answer.data["code"], answer.data["fee"], answer.data["fee_typed"]) == (
        "D7140",
        "210.00",
        False,
    )
    assert answer.data["provider"] == {
        "id": surgeon.pk,
        "name": "Omar Kent, DDS",
        "is_external": True,
    }
    assert (answer.data["healing_days"], answer.data["position"]) == (30, 3)
    made.case.refresh_from_db()
    assert made.case.plan_version > 1


def test_a_typed_fee_and_discount_are_kept(world: World, made: TwoOptions, tess: Client) -> None:
    phase = made.bridge.phases.get()
    body = {"code": "D7140", "tooth": "17", "fee": "180.5", "discount": "20.00", "visits": 2}
    answer = send(tess, "post", procedures_url(made, phase), body)
    assert answer.status_code == 201, answer.data
    assert (answer.data["fee"], answer.data["discount"], answer.data["net_fee"]) == (
        "180.50",
        "20.00",
        "160.50",
    )
    assert answer.data["fee_typed"] is True


BAD_PROCEDURES = [
    pytest.param({"code": "D2740", "tooth": ""}, "tooth", id="missing-tooth"),
    pytest.param({"code": "D6240", "tooth": "33"}, "tooth", id="impossible-tooth"),
    pytest.param({"code": "D6750", "tooth": "18"}, "code", id="duplicate"),
    pytest.param({"code": "D2740", "tooth": "19"}, "tooth", id="tooth-already-missing"),
    pytest.param({"code": "D2391", "tooth": "30", "surfaces": "XYZ"}, "surfaces", id="surfaces"),
    pytest.param({"code": "D9999", "tooth": "30"}, "fee", id="no-fee-on-schedule"),
    pytest.param({"code": "D7140", "tooth": "17", "provider_id": 999999}, "provider_id", id="who"),
    pytest.param({"code": "D7140", "tooth": "17", "discount": "500"}, "discount", id="discount"),
    pytest.param({"code": "D7140", "tooth": "17", "visits": 0}, "visits", id="no-visits"),
    pytest.param({"tooth": "17"}, "code", id="no-code"),
]


@pytest.mark.parametrize(("body", "path"), BAD_PROCEDURES)
def test_bad_procedures_name_the_field_and_save_nothing(
    world: World, made: TwoOptions, tess: Client, body: dict[str, Any], path: str
) -> None:
    phase = made.bridge.phases.get()
    before = (PlannedProcedure.objects.count(), made.case.plan_version)
    answer = send(tess, "post", procedures_url(made, phase), body)
    assert answer.status_code == 422, answer.data
    assert path in [e["path"] for e in answer.data["errors"]], answer.data
    made.case.refresh_from_db()
    assert (PlannedProcedure.objects.count(), made.case.plan_version) == before


def test_a_missing_tooth_is_explained(world: World, made: TwoOptions, tess: Client) -> None:
    phase = made.bridge.phases.get()
    answer = send(tess, "post", procedures_url(made, phase), {"code": "D2740", "tooth": ""})
    [error] = answer.data["errors"]
    assert error["path"] == "tooth"
    assert error["message"] == "D2740 needs a tooth: enter the tooth number."


def test_a_provider_of_another_practice_is_refused(
    world: World, made: TwoOptions, tess: Client
) -> None:
    phase = made.bridge.phases.get()
    elsewhere = build_provider(world.practice_b)
    body = {"code": "D7140", "tooth": "17", "provider_id": elsewhere.pk}
    answer = send(tess, "post", procedures_url(made, phase), body)
    assert answer.status_code == 422
    assert answer.data["errors"] == [
        {"path": "provider_id", "message": "Choose a provider of this practice."}
    ]


def test_a_phase_of_another_case_is_not_found(world: World, tess: Client) -> None:
    fees_for_cases(world)
    case = build_case(world)
    other = build_case(world, title="Other")
    option = plan_services.option_add(acting_user=world.tess, case=other, name="Crown")
    phase = option.phases.get()
    url = f"/api/v1/practices/{world.practice_a.pk}/cases/{case.pk}/phases/{phase.pk}/procedures"
    assert send(tess, "post", url, {"code": "D2740", "tooth": "3"}).status_code == 404
    assert not PlannedProcedure.objects.exists()


# ---- estimate -----------------------------------------------------------------


def test_estimating_gives_each_option_its_own_new_estimate(
    world: World, made: TwoOptions, tess: Client
) -> None:
    old = {made.implant.estimate_id, made.bridge.estimate_id}
    answer = send(tess, "post", case_url(made.case, "/estimate"))
    assert answer.status_code == 200, answer.data
    implant, bridge = answer.data["options"]
    assert {implant["estimate"]["id"], bridge["estimate"]["id"]}.isdisjoint(old)
    assert (implant["estimate"]["fee_total"], bridge["estimate"]["fee_total"]) == (
        "3850.00",
        "3400.00",
    )
    assert implant["estimate"]["status"] == "open"
    assert set(Estimate.objects.filter(pk__in=old).values_list("status", flat=True)) == {"closed"}
    assert Estimate.objects.filter(patient=world.patient_a, status="open").count() == 2
