"""Insurance settings services: checks whoever calls, and the audit of every money change."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from casepath.audit.models import Action, AuditEvent
from casepath.insurance import services
from casepath.insurance.models import Carrier, Fee, InsurancePlan
from casepath.insurance.presets import preset
from tests.conftest import World
from tests.insurance.settings_builders import build_carrier, build_fee_schedule, build_plan


def _plan_data(carrier: Carrier, **fields: Any) -> dict[str, Any]:
    return {"carrier": carrier, "employer": "Acme", "plan_type": "percentage", **fields}


def test_a_plan_with_a_broken_design_is_refused_with_paths(world: World) -> None:
    carrier = build_carrier(world.practice_a)
    design = preset("100-80-50-1500") | {"cob": "best", "copays": {"D2740": 25}}
    with pytest.raises(ValidationError) as refused:
        services.plan_create(
            practice=world.practice_a,
            data=_plan_data(carrier),
            benefits=design,
            acting_user=world.tess,
        )
    messages = refused.value.message_dict["benefits"]
    assert any(m.startswith("copays.D2740: must be an amount") for m in messages)
    assert any(m.startswith("cob: must be one of") for m in messages)
    assert not InsurancePlan.objects.exists() and not AuditEvent.objects.exists()


def test_a_plan_update_audits_only_what_changed(world: World) -> None:
    plan = build_plan(world.practice_a)
    design = preset("100-80-50-1500")
    design["coverage"] = [
        r | {"percent": 60} if r.get("category") == "crowns" else r for r in design["coverage"]
    ]
    services.plan_update(plan=plan, data={}, benefits=design, acting_user=world.tess)
    audit = AuditEvent.objects.get()
    assert audit.action == Action.UPDATE and audit.actor == world.tess
    assert list(audit.changes) == ["benefits.coverage"]
    assert {"category": "crowns", "percent": 50} in audit.changes["benefits.coverage"]["before"]
    assert {"category": "crowns", "percent": 60} in audit.changes["benefits.coverage"]["after"]


def test_saving_a_plan_unchanged_writes_no_audit_row(world: World) -> None:
    plan = build_plan(world.practice_a)
    services.plan_update(plan=plan, data={}, benefits=plan.benefits, acting_user=world.tess)
    assert not AuditEvent.objects.exists()


def test_apply_a_preset_to_a_plan(world: World) -> None:
    plan = build_plan(world.practice_a, design="100-80-50-1000")
    services.plan_apply_preset(plan=plan, preset_key="100-90-60-2000-ortho", acting_user=world.tess)
    plan.refresh_from_db()
    assert plan.benefits == preset("100-90-60-2000-ortho")
    assert "benefits.maximums" in AuditEvent.objects.get().changes
    with pytest.raises(ValidationError, match="no preset"):
        services.plan_apply_preset(plan=plan, preset_key="free-dental", acting_user=world.tess)


@pytest.mark.parametrize("field", ["carrier", "allowed_fees"])
def test_a_plan_cannot_point_at_another_practice(world: World, field: str) -> None:
    ours = build_carrier(world.practice_a)
    theirs = {
        "carrier": build_carrier(world.practice_b, "Theirs"),
        "allowed_fees": build_fee_schedule(world.practice_b, "Their PPO", "ppo"),
    }[field]
    data = _plan_data(ours, plan_type="ppo") | {field: theirs}
    with pytest.raises(ValidationError) as refused:
        services.plan_create(
            practice=world.practice_a, data=data, benefits={}, acting_user=world.tess
        )
    assert field in refused.value.message_dict
    assert not InsurancePlan.objects.exists()


def test_only_a_ppo_schedule_can_be_a_plans_allowed_fees(world: World) -> None:
    carrier = build_carrier(world.practice_a)
    office = build_fee_schedule(world.practice_a, "Office fees")
    for plan_type in ("ppo", "percentage"):
        data = _plan_data(carrier, plan_type=plan_type, allowed_fees=office)
        with pytest.raises(ValidationError) as refused:
            services.plan_create(
                practice=world.practice_a, data=data, benefits={}, acting_user=world.tess
            )
        assert "allowed_fees" in refused.value.message_dict


def test_carrier_names_are_unique_whatever_the_case(world: World) -> None:
    build_carrier(world.practice_a, "Keystone Dental")
    build_carrier(world.practice_b, "Summit")  # another practice may use any name
    with pytest.raises(ValidationError) as refused:
        services.carrier_create(
            practice=world.practice_a, data={"name": "KEYSTONE dental"}, acting_user=world.tess
        )
    assert "already has a carrier" in refused.value.message_dict["name"][0]
    carrier = services.carrier_create(
        practice=world.practice_a, data={"name": "Summit"}, acting_user=world.tess
    )
    assert carrier.practice == world.practice_a


def test_fee_set_takes_decimals_only_and_audits_before_and_after(world: World) -> None:
    schedule = build_fee_schedule(world.practice_a, fees={"D0120": "65.00"})
    with pytest.raises(ValidationError):
        services.fee_set(schedule=schedule, code="D0120", amount=70.1, acting_user=world.mona)  # type: ignore[arg-type]
    services.fee_set(
        schedule=schedule, code="D0120", amount=Decimal("65.00"), acting_user=world.mona
    )
    assert not AuditEvent.objects.exists()  # same amount: nothing changed
    services.fee_set(schedule=schedule, code="D0150", amount=Decimal("120"), acting_user=world.mona)
    assert Fee.objects.get(code="D0150").amount == Decimal("120.00")
    assert AuditEvent.objects.get().changes == {"D0150": {"before": None, "after": "120.00"}}


def test_fee_import_counts_and_refuses_a_file_with_any_bad_line(world: World) -> None:
    schedule = build_fee_schedule(world.practice_a, fees={"D0120": "65.00", "D0140": "95.00"})
    done = services.fees_import_csv(
        schedule=schedule, text="D0120,65\nD0140,99\nD0150,120\n", acting_user=world.mona
    )
    assert (done.added, done.changed, done.unchanged) == (1, 1, 1)
    with pytest.raises(ValidationError) as refused:
        services.fees_import_csv(
            schedule=schedule, text="D0120,1\nD0140,x\n", acting_user=world.mona
        )
    assert refused.value.message_dict["text"] == ["Line 2: 'x' is not a fee in dollars."]
    assert Fee.objects.get(code="D0120").amount == Decimal("65.00")
    assert AuditEvent.objects.count() == 1


def test_a_schedules_kind_stays_when_it_is_renamed(world: World) -> None:
    schedule = build_fee_schedule(world.practice_a, "Keystone PPO", "ppo")
    services.fee_schedule_update(
        schedule=schedule,
        data={"name": "Keystone 2026 PPO", "kind": "office", "provider": None},
        acting_user=world.mona,
    )
    schedule.refresh_from_db()
    assert (schedule.name, schedule.kind) == ("Keystone 2026 PPO", "ppo")
    assert AuditEvent.objects.get().changes == {
        "name": {"before": "Keystone PPO", "after": "Keystone 2026 PPO"}
    }


def test_a_design_the_estimator_cannot_read_is_refused(world: World) -> None:
    """design_errors checks the stored form; the estimator's own reader has the last word."""
    from casepath.insurance.design import design_errors

    carrier = build_carrier(world.practice_a)
    twice = {"coverage": [{"category": "crowns", "percent": 50}] * 2}
    assert design_errors(twice) == []
    with pytest.raises(ValidationError) as caught:
        services.plan_create(
            practice=world.practice_a,
            data={"carrier": carrier, "plan_type": "percentage"},
            benefits=twice,
            acting_user=world.tess,
        )
    assert "coverage[1]" in str(caught.value)
