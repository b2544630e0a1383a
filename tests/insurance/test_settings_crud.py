"""Carriers, plans and fee schedules through the CRUD page matrix (tests/insurance/crud.py)."""

from __future__ import annotations

from typing import Any

from casepath.insurance.models import Carrier, FeeSchedule, InsurancePlan
from casepath.insurance.presets import preset
from tests.conftest import World
from tests.insurance.crud import Bad, CrudPageTests
from tests.insurance.plan_posts import plan_post
from tests.insurance.settings_builders import build_carrier, build_fee_schedule, build_plan

DESK = ("tess", "fran", "mona")


class TestCarrierPages(CrudPageTests):
    list_url = "/insurance/carriers/"
    add_url = "/insurance/carriers/new/"
    model = Carrier
    editors = DESK
    refused = ("doc",)
    bad_inputs = (
        Bad("no-name", {"name": ""}, "name", "This field is required"),
        Bad("same-name", {"name": "existing one"}, "name", "already has a carrier named"),
        Bad("portal-not-a-url", {"portal_url": "portal dot com"}, "portal_url", "valid URL"),
    )

    def make(self, world: World, practice: Any, label: str) -> Carrier:
        return build_carrier(practice, label)

    def edit_url(self, record: Any) -> str:
        return f"/insurance/carriers/{record.pk}/edit/"

    def post_data(self, world: World, label: str) -> dict[str, Any]:
        return {
            "name": label,
            "payer_id": "62308",
            "phone": "(800) 555-0199",
            "portal_url": "https://providers.example.com",
        }

    def label_of(self, record: Any) -> str:
        return str(record.name)


class TestPlanPages(CrudPageTests):
    list_url = "/insurance/plans/"
    add_url = "/insurance/plans/new/"
    model = InsurancePlan
    editors = DESK
    refused = ("doc",)
    bad_inputs = (
        Bad("no-carrier", {"carrier": ""}, "carrier", "This field is required"),
        Bad("crowns-150", {"crowns_percent": "150"}, "crowns_percent", "whole number, 0 to 100"),
        Bad("wait-in-words", {"crowns_wait": "a year"}, "crowns_wait", "whole number, 0 to 120"),
        Bad(
            "negative-deductible",
            {"deductible_individual": "-50"},
            "deductible_individual",
            "cannot be negative",
        ),
        Bad("cents-of-cents", {"maximum_individual": "1500.005"}, "maximum_individual", "cents"),
        Bad("bad-code", {"freq-0-codes": "D12345"}, "freq-0-codes", "not a procedure code"),
        Bad("no-count", {"freq-0-count": ""}, "freq-0-count", "Times: enter a whole number"),
    )

    def make(self, world: World, practice: Any, label: str) -> InsurancePlan:
        return build_plan(practice, build_carrier(practice, f"Carrier of {label}"), employer=label)

    def edit_url(self, record: Any) -> str:
        return f"/insurance/plans/{record.pk}/edit/"

    def post_data(self, world: World, label: str) -> dict[str, Any]:
        carrier = Carrier.objects.filter(practice=world.practice_a).first()
        carrier = carrier or build_carrier(world.practice_a)
        return plan_post(carrier, preset("100-80-50-1500"), employer=label)

    def label_of(self, record: Any) -> str:
        return str(record.employer)

    def form_errors(self, response: Any) -> dict[str, list[str]]:
        editor = response.context["editor"]
        errors = dict(editor.plan.errors) | dict(editor.benefits.form.errors)
        for rows in editor.benefits.rows.values():
            for form in rows.forms:
                errors |= {form.add_prefix(k): v for k, v in form.errors.items()}
        return errors


class TestFeeSchedulePages(CrudPageTests):
    list_url = "/insurance/fees/"
    add_url = "/insurance/fees/new/"
    model = FeeSchedule
    editors = ("mona",)
    refused = ("tess", "fran", "doc")
    bad_inputs = (
        Bad("no-name", {"name": ""}, "name", "This field is required"),
        Bad("same-name", {"name": "EXISTING ONE"}, "name", "already has a fee schedule named"),
        Bad("long-name", {"name": "x" * 121}, "name", "at most 120 characters"),
    )

    def make(self, world: World, practice: Any, label: str) -> FeeSchedule:
        return build_fee_schedule(practice, label)

    def edit_url(self, record: Any) -> str:
        return f"/insurance/fees/{record.pk}/edit/"

    def post_data(self, world: World, label: str) -> dict[str, Any]:
        return {"name": label, "kind": "office", "provider": ""}

    def label_of(self, record: Any) -> str:
        return str(record.name)
