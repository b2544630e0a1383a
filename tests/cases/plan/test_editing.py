"""Editing the plan from its section: every form posts with htmx and gets the section back;
a refused change shows the service's words beside the field it names and saves nothing;
a new plan version is made only when the plan really changed."""

from __future__ import annotations

import html
from decimal import Decimal
from typing import Any

import pytest
from django.http import HttpResponse

from casepath.cases import plan_services
from casepath.cases.models import (
    Case,
    CaseEvent,
    CaseOption,
    CasePhase,
    CaseRevision,
    EventKind,
    PlannedProcedure,
)
from tests.builders import build_provider
from tests.cases.builders import TwoOptions, build_case
from tests.cases.plan.conftest import HTMX, field_error, url
from tests.conftest import World, signed_in


def post(user: Any, name: str, *args: object, data: dict[str, str] | None = None) -> HttpResponse:
    response = signed_in(user).post(url(name, *args), data or {}, **HTMX)
    assert response.status_code == 200
    return response


def page_of(response: HttpResponse) -> str:
    return response.content.decode()


def state(case: Case) -> dict[str, Any]:
    """What a refused change must leave as it was."""
    case.refresh_from_db()
    rows = PlannedProcedure.objects.filter(case=case).order_by("pk")
    return {
        "procedures": list(rows.values_list("code", "tooth", "surfaces", "fee", "discount")),
        "options": list(CaseOption.objects.filter(case=case).values_list("name", "is_recommended")),
        "phases": CasePhase.objects.filter(option__case=case).count(),
        "version": case.plan_version,
        "revisions": CaseRevision.objects.filter(case=case).count(),
    }


def procedure_data(**typed: str) -> dict[str, str]:
    data = {
        "code": "",
        "tooth": "",
        "surfaces": "",
        "provider": "",
        "fee": "",
        "discount": "",
        "visits": "1",
        "healing_days": "0",
    }
    data.update(typed)
    return data


def bridge_phase(two: TwoOptions) -> CasePhase:
    return two.bridge.phases.get()


def pontic(two: TwoOptions) -> PlannedProcedure:
    return PlannedProcedure.objects.get(phase__option=two.bridge, code="D6240")


# Options


def test_add_an_option(world: World, two: TwoOptions) -> None:
    before = state(two.case)
    data = {"name": "Partial denture", "summary": "A removable tooth.", "recommended": ""}
    response = post(world.tess, "plan_option_add", two.case.pk, data=data)
    assert response["HX-Trigger"] == "case-plan-changed"
    assert '<div id="case-plan"' in page_of(response)
    assert 'title">Partial denture</h3>' in page_of(response)
    option = CaseOption.objects.get(case=two.case, name="Partial denture")
    assert (option.summary, option.is_recommended, option.position) == (
        "A removable tooth.",
        False,
        2,
    )
    assert option.phases.get().name == "Phase 1"
    after = state(two.case)
    # No procedure yet: the plan the patient would see is the same, so no new version.
    assert (after["version"], after["revisions"]) == (before["version"], before["revisions"])


def test_a_new_recommended_option_takes_the_mark(world: World, two: TwoOptions) -> None:
    data = {"name": "Partial denture", "summary": "", "recommended": "on"}
    post(world.tess, "plan_option_add", two.case.pk, data=data)
    assert state(two.case)["options"] == [
        ("Implant", False),
        ("Bridge", False),
        ("Partial denture", True),
    ]


def test_an_option_needs_a_name(world: World, two: TwoOptions) -> None:
    before = state(two.case)
    response = post(world.tess, "plan_option_add", two.case.pk, data={"name": " "})
    page = page_of(response)
    assert "Name the option" in field_error(page, "new-option", "name")
    assert '<details class="card" open>' in page  # the form stays open with the error
    assert "HX-Trigger" not in response
    assert state(two.case) == before


def test_rename_an_option_makes_a_new_version(world: World, two: TwoOptions) -> None:
    before = state(two.case)
    data = {"name": "Three-unit bridge", "summary": "Two crowns hold a false tooth."}
    post(world.tess, "plan_option_edit", two.case.pk, two.bridge.pk, data=data)
    two.bridge.refresh_from_db()
    assert (two.bridge.name, two.bridge.summary) == ("Three-unit bridge", data["summary"])
    assert two.bridge.is_recommended is False
    after = state(two.case)
    assert after["version"] == before["version"] + 1
    assert after["revisions"] == before["revisions"] + 1
    latest = CaseEvent.objects.filter(case=two.case, kind=EventKind.REVISED).last()
    assert latest is not None and "Three-unit bridge" in latest.summary


def test_saving_an_option_unchanged_makes_no_version(world: World, two: TwoOptions) -> None:
    before = state(two.case)
    data = {"name": "Bridge", "summary": ""}
    post(world.tess, "plan_option_edit", two.case.pk, two.bridge.pk, data=data)
    assert state(two.case) == before


def test_an_option_keeps_a_name(world: World, two: TwoOptions) -> None:
    before = state(two.case)
    page = page_of(post(world.tess, "plan_option_edit", two.case.pk, two.bridge.pk, data={}))
    assert "Name the option" in field_error(page, f"option-{two.bridge.pk}", "name")
    assert state(two.case) == before


def test_remove_an_option(world: World, two: TwoOptions) -> None:
    post(world.tess, "plan_option_remove", two.case.pk, two.bridge.pk)
    after = state(two.case)
    assert after["options"] == [("Implant", True)]
    assert [code for code, *_ in after["procedures"]] == ["D6010", "D6058"]


def test_the_accepted_option_cannot_be_removed(world: World, two: TwoOptions) -> None:
    Case.objects.filter(pk=two.case.pk).update(accepted_option=two.bridge)
    before = state(two.case)
    page = page_of(post(world.tess, "plan_option_remove", two.case.pk, two.bridge.pk))
    assert '<p class="message error">The accepted option cannot be removed.</p>' in page
    assert state(two.case) == before


# Phases


def test_add_and_remove_a_phase(world: World, two: TwoOptions) -> None:
    before = state(two.case)
    post(world.tess, "plan_phase_add", two.case.pk, two.bridge.pk, data={"name": "Healing"})
    phase = CasePhase.objects.get(option=two.bridge, name="Healing")
    assert phase.position == 1
    assert state(two.case)["phases"] == before["phases"] + 1
    post(world.tess, "plan_phase_remove", two.case.pk, two.bridge.pk, phase.pk)
    assert state(two.case) == before  # an empty phase changes no version either way


def test_removing_a_phase_removes_its_procedures(world: World, two: TwoOptions) -> None:
    before = state(two.case)
    crown_phase = two.implant.phases.get(name="Implant crown")
    post(world.tess, "plan_phase_remove", two.case.pk, two.implant.pk, crown_phase.pk)
    after = state(two.case)
    assert "D6058" not in [code for code, *_ in after["procedures"]]
    assert after["version"] == before["version"] + 1


def test_a_phase_needs_a_name(world: World, two: TwoOptions) -> None:
    before = state(two.case)
    page = page_of(post(world.tess, "plan_phase_add", two.case.pk, two.bridge.pk, data={}))
    assert "Name the phase" in field_error(page, f"new-phase-{two.bridge.pk}", "name")
    assert state(two.case) == before


def test_the_last_phase_stays(world: World, two: TwoOptions) -> None:
    before = state(two.case)
    phase = bridge_phase(two)
    page = page_of(post(world.tess, "plan_phase_remove", two.case.pk, two.bridge.pk, phase.pk))
    assert "An option needs at least one phase." in page
    assert state(two.case) == before


# Planned procedures


def test_add_a_procedure_with_the_schedule_fee(world: World, two: TwoOptions) -> None:
    before = state(two.case)
    phase = bridge_phase(two)
    data = procedure_data(code="d2391", tooth="30", surfaces="om", visits="2", healing_days="0")
    response = post(
        world.tess, "plan_procedure_add", two.case.pk, two.bridge.pk, phase.pk, data=data
    )
    row = PlannedProcedure.objects.get(phase=phase, code="D2391")
    assert (row.tooth, row.surfaces, row.fee, row.fee_typed, row.visits) == (
        "30",
        "MO",
        Decimal("195.00"),
        False,
        2,
    )
    assert f'<tr id="plan-procedure-{row.pk}">' in page_of(response)
    after = state(two.case)
    assert after["version"] == before["version"] + 1
    revision = CaseRevision.objects.get(case=two.case, version=after["version"])
    assert revision.changes and any("D2391" in change for change in revision.changes)


def test_a_typed_fee_plans_a_code_the_schedule_lacks(world: World, two: TwoOptions) -> None:
    phase = bridge_phase(two)
    data = procedure_data(code="D2950", tooth="30", fee="300.00", discount="25")
    post(world.tess, "plan_procedure_add", two.case.pk, two.bridge.pk, phase.pk, data=data)
    row = PlannedProcedure.objects.get(phase=phase, code="D2950")
    assert (row.fee, row.fee_typed, row.discount, row.net_fee) == (
        Decimal("300.00"),
        True,
        Decimal("25.00"),
        Decimal("275.00"),
    )


REFUSED = [
    # (what is typed, the field named, words of the message)
    ({"code": "D2740", "tooth": "19"}, "tooth", "Tooth 19 is missing: D2740 cannot be done on it."),
    ({"code": "D2740", "tooth": "33"}, "tooth", "Tooth 33 does not exist"),
    ({"code": "D2740"}, "tooth", "D2740 needs a tooth"),
    (
        {"code": "D6750", "tooth": "18"},
        "code",
        "D6750 on tooth 18 is already in this option (line 1)",
    ),
    ({"code": "D2950", "tooth": "30"}, "fee", "No fee for D2950 in the fee schedule"),
    ({"code": "D2391", "tooth": "30", "surfaces": "MX"}, "surfaces", "'X' is not a surface"),
    ({"code": "X123"}, "code", "'X123' is not a CDT code"),
    (
        {"code": "D2391", "tooth": "30", "discount": "200"},
        "discount",
        "cannot be more than the fee",
    ),
    ({"code": "D2391", "tooth": "30", "visits": "0"}, "visits", "a whole number from 1 to 52"),
    ({"code": "D2391", "tooth": "30", "fee": "-5"}, "fee", "cannot be negative"),
]


@pytest.mark.parametrize(("typed", "field", "words"), REFUSED, ids=[r[2][:30] for r in REFUSED])
def test_a_refused_procedure_is_explained_beside_its_field(
    world: World, two: TwoOptions, typed: dict[str, str], field: str, words: str
) -> None:
    before = state(two.case)
    phase = bridge_phase(two)
    data = procedure_data(**typed)
    page = page_of(
        post(world.tess, "plan_procedure_add", two.case.pk, two.bridge.pk, phase.pk, data=data)
    )
    assert words in field_error(page, f"new-procedure-{phase.pk}", field)
    # What was typed stays in the form, which stays open.
    assert f'value="{html.escape(typed["code"])}"' in page
    assert state(two.case) == before


def test_the_same_tooth_and_surface_twice_is_refused(world: World, two: TwoOptions) -> None:
    phase = bridge_phase(two)
    plan_services.procedure_add(
        acting_user=world.tess, phase=phase, code="D2391", tooth="30", surfaces="MO"
    )
    before = state(two.case)
    data = procedure_data(code="D2391", tooth="30", surfaces="OD")
    page = page_of(
        post(world.tess, "plan_procedure_add", two.case.pk, two.bridge.pk, phase.pk, data=data)
    )
    message = field_error(page, f"new-procedure-{phase.pk}", "code")
    assert "D2391 on tooth 30 (surface O) is already in this option (line 4)." in message
    assert state(two.case) == before


def test_a_provider_of_another_practice_cannot_be_chosen(world: World, two: TwoOptions) -> None:
    stranger = build_provider(world.practice_b, last_name="Elsewhere")
    before = state(two.case)
    phase = bridge_phase(two)
    data = procedure_data(code="D2391", tooth="30", provider=str(stranger.pk))
    page = page_of(
        post(world.tess, "plan_procedure_add", two.case.pk, two.bridge.pk, phase.pk, data=data)
    )
    words = field_error(page, f"new-procedure-{phase.pk}", "provider")
    assert "Choose one of the practice's providers." in words
    assert state(two.case) == before


def test_an_outside_specialist_can_be_chosen(world: World, two: TwoOptions) -> None:
    surgeon = build_provider(
        world.practice_a, first_name="Omar", last_name="Said", kind="specialist", is_external=True
    )
    phase = two.implant.phases.first()
    row = phase.procedures.get()
    data = procedure_data(code="D6010", tooth="19", provider=str(surgeon.pk), healing_days="90")
    post(
        world.tess, "plan_procedure_edit", two.case.pk, two.implant.pk, phase.pk, row.pk, data=data
    )
    row.refresh_from_db()
    assert row.provider == surgeon


def test_edit_a_procedure(world: World, two: TwoOptions) -> None:
    before = state(two.case)
    row = pontic(two)
    data = procedure_data(code="D6240", tooth="19", discount="100.00", visits="2")
    post(
        world.tess,
        "plan_procedure_edit",
        two.case.pk,
        two.bridge.pk,
        row.phase_id,
        row.pk,
        data=data,
    )
    row.refresh_from_db()
    assert (row.discount, row.net_fee, row.visits) == (Decimal("100.00"), Decimal("1000.00"), 2)
    assert state(two.case)["version"] == before["version"] + 1


def test_saving_a_procedure_unchanged_makes_no_version(world: World, two: TwoOptions) -> None:
    before = state(two.case)
    row = pontic(two)
    data = procedure_data(code="D6240", tooth="19")
    post(
        world.tess,
        "plan_procedure_edit",
        two.case.pk,
        two.bridge.pk,
        row.phase_id,
        row.pk,
        data=data,
    )
    assert state(two.case) == before


def test_a_refused_edit_changes_nothing(world: World, two: TwoOptions) -> None:
    before = state(two.case)
    row = pontic(two)
    data = procedure_data(code="D6240", tooth="33")
    page = page_of(
        post(
            world.tess,
            "plan_procedure_edit",
            two.case.pk,
            two.bridge.pk,
            row.phase_id,
            row.pk,
            data=data,
        )
    )
    assert "Tooth 33 does not exist" in field_error(page, f"procedure-{row.pk}", "tooth")
    assert "<details open>\n          <summary>Change or remove D6240 on tooth 19</summary>" in page
    assert state(two.case) == before


def test_a_blank_fee_goes_back_to_the_schedule(world: World, two: TwoOptions) -> None:
    row = pontic(two)
    where = (two.case.pk, two.bridge.pk, row.phase_id, row.pk)
    post(
        world.tess,
        "plan_procedure_edit",
        *where,
        data=procedure_data(code="D6240", tooth="19", fee="999.00"),
    )
    row.refresh_from_db()
    assert (row.fee, row.fee_typed) == (Decimal("999.00"), True)
    post(world.tess, "plan_procedure_edit", *where, data=procedure_data(code="D6240", tooth="19"))
    row.refresh_from_db()
    assert (row.fee, row.fee_typed) == (Decimal("1100.00"), False)


def test_remove_a_procedure(world: World, two: TwoOptions) -> None:
    before = state(two.case)
    row = pontic(two)
    post(world.tess, "plan_procedure_remove", two.case.pk, two.bridge.pk, row.phase_id, row.pk)
    assert not PlannedProcedure.objects.filter(pk=row.pk).exists()
    assert state(two.case)["version"] == before["version"] + 1


def test_a_row_of_another_case_is_not_found(world: World, two: TwoOptions) -> None:
    other = build_case(world, title="Another case")
    option = plan_services.option_add(acting_user=world.tess, case=other, name="Crown")
    phase = option.phases.get()
    client = signed_in(world.tess)
    data = procedure_data(code="D2740", tooth="30")
    # The option and phase are of the practice, but not of this case.
    mixed = url("plan_procedure_add", two.case.pk, option.pk, phase.pk)
    assert client.post(mixed, data, **HTMX).status_code == 404
    mixed = url("plan_procedure_add", two.case.pk, two.bridge.pk, phase.pk)
    assert client.post(mixed, data, **HTMX).status_code == 404
    assert not PlannedProcedure.objects.filter(case=other).exists()


def test_a_scheduled_plan_refuses_changes(world: World, two: TwoOptions) -> None:
    Case.objects.filter(pk=two.case.pk).update(status="scheduled")
    before = state(two.case)
    phase = bridge_phase(two)
    data = procedure_data(code="D2391", tooth="30")
    page = page_of(
        post(world.tess, "plan_procedure_add", two.case.pk, two.bridge.pk, phase.pk, data=data)
    )
    assert '<p class="message error">The case is scheduled: its plan is fixed.</p>' in page
    assert "<form" not in page
    assert state(two.case) == before


def test_without_htmx_a_change_goes_back_to_the_plan(world: World, two: TwoOptions) -> None:
    response = signed_in(world.tess).post(
        url("plan_phase_add", two.case.pk, two.bridge.pk), {"name": "Healing"}
    )
    assert response.status_code == 302
    assert response["Location"] == url("plan", two.case.pk)


WRITES = [
    ("plan_option_add", ("case",)),
    ("plan_option_edit", ("case", "option")),
    ("plan_option_remove", ("case", "option")),
    ("plan_phase_add", ("case", "option")),
    ("plan_phase_remove", ("case", "option", "phase")),
    ("plan_procedure_add", ("case", "option", "phase")),
    ("plan_procedure_edit", ("case", "option", "phase", "procedure")),
    ("plan_procedure_remove", ("case", "option", "phase", "procedure")),
    ("plan_estimate", ("case",)),
]


@pytest.mark.parametrize(("name", "params"), WRITES, ids=[w[0] for w in WRITES])
def test_the_front_desk_cannot_change_the_plan(
    world: World, two: TwoOptions, name: str, params: tuple[str, ...]
) -> None:
    before = state(two.case)
    row = pontic(two)
    ids = {"case": two.case.pk, "option": two.bridge.pk, "phase": row.phase_id, "procedure": row.pk}
    data = {"name": "Changed", **procedure_data(code="D2391", tooth="30")}
    response = signed_in(world.fran).post(url(name, *(ids[p] for p in params)), data, **HTMX)
    assert response.status_code == 403
    assert state(two.case) == before
