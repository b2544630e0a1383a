"""The benefit design form: presets fill it, it round-trips, it names bad fields.

A preset opened in the form and saved unchanged is the same design (same rules
in every list; the form writes lists in one canonical order), saving it again
changes nothing at all, and the estimator accepts what was saved.
"""

from __future__ import annotations

import json
from html import unescape
from typing import Any

import pytest
from django.test import Client

from casepath.insurance.design import design_errors
from casepath.insurance.models import InsurancePlan
from casepath.insurance.presets import PRESETS, preset
from casepath.interop.estimate_v1 import respond
from tests.conftest import World, signed_in
from tests.insurance.plan_posts import design_post, plan_post
from tests.insurance.settings_builders import build_carrier, build_fee_schedule, build_plan

HTMX = {"HTTP_HX_REQUEST": "true"}


def same_design(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Equal, taking each list as a set of rules (their order means nothing)."""

    def rules(design: dict[str, Any]) -> dict[str, Any]:
        return {
            key: sorted(json.dumps(r, sort_keys=True) for r in value)
            if isinstance(value, list)
            else value
            for key, value in design.items()
        }

    return rules(a) == rules(b)


def _save(client: Client, url: str, data: dict[str, Any]) -> InsurancePlan:
    response = client.post(url, data)
    assert response.status_code == 302, response.context["editor"].errors()
    return InsurancePlan.objects.latest("pk")


@pytest.mark.parametrize("key", sorted(PRESETS))
def test_every_preset_round_trips_through_the_form(world: World, key: str) -> None:
    client = signed_in(world.tess)
    carrier = build_carrier(world.practice_a)
    page = client.get(f"/insurance/plans/new/?preset={key}")
    assert page.context["chosen"] == key

    plan = _save(client, "/insurance/plans/new/", plan_post(carrier, preset(key)))

    assert same_design(plan.benefits, preset(key)), plan.benefits
    assert design_errors(plan.benefits) == []
    first = json.dumps(plan.benefits)
    _save(client, f"/insurance/plans/{plan.pk}/edit/", plan_post(carrier, plan.benefits))
    plan.refresh_from_db()
    assert json.dumps(plan.benefits) == first  # byte for byte: the form is a fixed point


EVERY_FIELD = {
    "coverage": [
        {"category": "diagnostic", "percent": 100},
        {"category": "xray", "percent": 90},
        {"category": "orthodontics", "percent": 50},
        {"percent": 10},
        {"code": "D9110", "percent": 80},
        {"codes": "D2950-D2954", "percent": 40},
        {"codes": ["D4341", "D4342"], "percent": 70},
    ],
    "copays": {"D2740": "400.00", "D0120": "0.00"},
    "deductibles": [
        {"amount": "25.00", "level": "individual"},
        {"amount": "75.00", "level": "family"},
        {"amount": "0.00", "level": "individual", "category": "xray"},
    ],
    "maximums": [
        {"amount": "1000.00", "level": "individual"},
        {"amount": "3000.00", "level": "family"},
        {
            "amount": "2000.00",
            "level": "individual",
            "category": "orthodontics",
            "period": "lifetime",
        },
    ],
    "frequencies": [
        {"codes": "D0150", "count": 1, "period": "calendar_year"},
        {"codes": ["D4910"], "count": 4, "period": {"months": 12}, "area": "arch"},
        {"codes": "D6010-D6199", "count": 1, "period": {"years": 7}, "area": "quadrant"},
    ],
    "age_limits": [{"codes": "D8000-D8999", "max_age": 18}],
    "waiting_periods": [{"category": "orthodontics", "months": 24}],
    "exclusions": [{"codes": "D9972"}, {"codes": ["D9974", "D9975"]}],
    "downgrades": [{"from": "D2740", "to": "D2750", "only_if": "molar"}],
    "cob": "non_duplication",
}


def test_a_design_using_every_field_round_trips(world: World) -> None:
    carrier = build_carrier(world.practice_a)
    client = signed_in(world.tess)
    data = plan_post(carrier, EVERY_FIELD, plan_type="flat_copay")
    plan = _save(client, "/insurance/plans/new/", data)
    assert plan.benefits["frequencies"][1]["codes"] == "D4910"  # a one-code list reads as the code
    plan.benefits["frequencies"][1]["codes"] = ["D4910"]
    assert same_design(plan.benefits, EVERY_FIELD), plan.benefits
    assert design_errors(plan.benefits) == []
    page = client.get(f"/insurance/plans/{plan.pk}/edit/")
    assert page.context["editor"].benefits.kept == {}  # the form shows every rule


def _estimate(plan: InsurancePlan, code: str, fee: str) -> dict[str, Any]:
    plan_json = {"type": plan.plan_type, "benefit_year_start_month": 1, **plan.benefits}
    request = {
        "format": "casepath.estimate/1",
        "as_of": "2026-03-10",
        "patient": {"birth_date": "1985-04-12"},
        "procedures": [{"id": "a", "code": code, "fee": fee, "tooth": "30"}],
        "coverages": [{"effective_date": "2024-01-01", "plan": plan_json}],
    }
    status, body = respond(json.dumps(request))
    assert status == 0, body
    return body


def test_the_estimator_reads_what_the_form_saved(world: World) -> None:
    """Crowns changed to 60% on the phone: a $1,000 crown gets 60% after the $50 deductible."""
    carrier = build_carrier(world.practice_a)
    data = plan_post(carrier, preset("100-80-50-1500")) | {"crowns_percent": "60"}
    plan = _save(signed_in(world.tess), "/insurance/plans/new/", data)
    body = _estimate(plan, "D2740", "1000.00")
    assert body["totals"]["insurance"] == "570.00"  # (1000 - 50) x 60%


def test_preset_picker_answers_htmx_with_the_filled_design_only(world: World) -> None:
    build_carrier(world.practice_a)
    url = "/insurance/plans/new/?preset=100-90-60-2000-ortho"
    response = signed_in(world.tess).get(url, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and 'id="benefit-design"' in html
    assert 'name="orthodontics_percent" value="50"' in html
    assert 'name="ortho_lifetime_maximum" value="1500.00"' in html
    assert 'name="crowns_percent" value="60"' in html


def test_preset_on_the_edit_page_replaces_the_shown_design_not_the_stored_one(
    world: World,
) -> None:
    plan = build_plan(world.practice_a, design="80-60-50-1000-waiting")
    url = f"/insurance/plans/{plan.pk}/edit/?preset=100-80-50-1500"
    html = signed_in(world.tess).get(url, **HTMX).content.decode()
    assert 'name="crowns_percent" value="50"' in html
    assert 'name="crowns_wait"' in html and 'name="crowns_wait" value="12"' not in html
    plan.refresh_from_db()
    assert plan.benefits == preset("80-60-50-1000-waiting")


def test_an_unknown_preset_leaves_the_form_empty(world: World) -> None:
    build_carrier(world.practice_a)
    response = signed_in(world.tess).get("/insurance/plans/new/?preset=999-free")
    assert response.context["chosen"] == ""
    assert response.context["editor"].benefits.form["crowns_percent"].value() is None


BAD_ROWS = [
    pytest.param({"crowns_percent": "101"}, "Crowns percent: enter a whole number, 0 to 100"),
    pytest.param({"preventive_percent": "-1"}, "Preventive percent: enter a whole number"),
    pytest.param({"crowns_wait": "-2"}, "Crowns waiting period in months: enter a whole number"),
    pytest.param({"deductible_family": "abc"}, "Deductible, family: enter an amount in dollars"),
    pytest.param({"freq-0-count": "0"}, "Times: enter a whole number, 1 or more"),
    pytest.param({"freq-2-length": ""}, "N: say how many months"),
    pytest.param({"freq-0-codes": "D2799-D2740"}, "runs backwards"),
    pytest.param({"freq-0-codes": "X1234"}, "'X1234' is not a procedure code"),
    pytest.param({"ages-0-max_age": "121"}, "Covered through age: enter a whole number, 0 to 120"),
    pytest.param({"down-0-to_code": ""}, "were: give a procedure code"),
    pytest.param({"rules-0-percent": ""}, "Percent: enter a whole number, 0 to 100"),
    pytest.param({"rules-1-codes": "D9110", "rules-1-percent": "50"}, "D9110 is given twice"),
]


@pytest.mark.parametrize(("change", "message"), BAD_ROWS)
def test_bad_benefits_are_named_and_nothing_is_saved(
    world: World, change: dict[str, Any], message: str
) -> None:
    carrier = build_carrier(world.practice_a)
    data = plan_post(carrier, preset("100-80-50-1500")) | change
    response = signed_in(world.tess).post("/insurance/plans/new/", data)
    assert response.status_code == 200
    summary = [text for _, text in response.context["editor"].errors()]
    assert any(message in text for text in summary), summary
    assert message.split(":")[-1].strip() in unescape(response.content.decode())
    assert not InsurancePlan.objects.exists()


def test_the_error_summary_links_to_the_field(world: World) -> None:
    carrier = build_carrier(world.practice_a)
    data = plan_post(carrier, preset("100-80-50-1500")) | {"crowns_percent": "150"}
    html = signed_in(world.tess).post("/insurance/plans/new/", data).content.decode()
    assert '<a href="#id_crowns_percent">Crowns percent: enter a whole number' in html


def test_blank_and_removed_rows_are_dropped(world: World) -> None:
    carrier = build_carrier(world.practice_a)
    data = plan_post(carrier, preset("100-80-50-1500"))
    for name in [k for k in data if k.startswith("freq-0-")]:
        del data[name]  # the TC pressed Remove on the first frequency row
    data["freq-TOTAL_FORMS"] = str(int(data["freq-TOTAL_FORMS"]) + 2)  # two rows added, left blank
    plan = _save(signed_in(world.tess), "/insurance/plans/new/", data)
    assert len(plan.benefits["frequencies"]) == len(preset("100-80-50-1500")["frequencies"]) - 1


def test_typed_amounts_are_read_as_the_tc_says_them(world: World) -> None:
    carrier = build_carrier(world.practice_a)
    data = plan_post(carrier, None) | {
        "deductible_individual": "$50",
        "maximum_individual": "1,500",
        "freq-0-codes": "d0120 , d0150",
        "freq-0-count": "2",
        "freq-0-period": "benefit_year",
        "freq-0-area": "mouth",
    }
    plan = _save(signed_in(world.tess), "/insurance/plans/new/", data)
    assert plan.benefits["deductibles"] == [{"amount": "50.00", "level": "individual"}]
    assert plan.benefits["maximums"] == [{"amount": "1500.00", "level": "individual"}]
    assert plan.benefits["frequencies"] == [
        {"codes": ["D0120", "D0150"], "count": 2, "period": "benefit_year"}
    ]


def test_copays_are_kept_for_copay_plans_only(world: World) -> None:
    carrier = build_carrier(world.practice_a)
    copay = {"copays-0-code": "d2740", "copays-0-amount": "425"}
    client = signed_in(world.tess)
    capitation = _save(
        client, "/insurance/plans/new/", plan_post(carrier, None, plan_type="capitation") | copay
    )
    assert capitation.benefits["copays"] == {"D2740": "425.00"}
    percentage = _save(
        client, "/insurance/plans/new/", plan_post(carrier, None, employer="Other") | copay
    )
    assert percentage.benefits["copays"] == {}


def test_allowed_fees_belong_to_ppo_plans_only(world: World) -> None:
    carrier = build_carrier(world.practice_a)
    ppo_fees = build_fee_schedule(world.practice_a, "Keystone PPO", "ppo")
    client = signed_in(world.tess)
    fields = {"allowed_fees": ppo_fees.pk}
    ppo = _save(
        client, "/insurance/plans/new/", plan_post(carrier, None, plan_type="ppo", **fields)
    )
    assert ppo.allowed_fees == ppo_fees
    other = _save(client, "/insurance/plans/new/", plan_post(carrier, None, employer="B", **fields))
    assert other.allowed_fees is None


def test_a_carrier_or_fee_schedule_of_another_practice_cannot_be_chosen(world: World) -> None:
    theirs = build_carrier(world.practice_b, "Their Carrier")
    their_fees = build_fee_schedule(world.practice_b, "Their PPO", "ppo")
    build_carrier(world.practice_a)
    data = plan_post(theirs, None, plan_type="ppo", allowed_fees=their_fees.pk)
    response = signed_in(world.tess).post("/insurance/plans/new/", data)
    errors = response.context["editor"].plan.errors
    assert set(errors) == {"carrier", "allowed_fees"}
    assert not InsurancePlan.objects.exists()


def test_rules_the_form_cannot_show_are_listed_and_kept(world: World) -> None:
    design = preset("100-80-50-1500")
    odd = {"amount": "100.00", "level": "individual", "codes": "D8000-D8999"}
    design["deductibles"].append(odd)
    design["waiting_periods"].append({"codes": ["D6010"], "months": 6})
    plan = build_plan(world.practice_a, benefits=design)
    client = signed_in(world.tess)
    page = client.get(f"/insurance/plans/{plan.pk}/edit/").content.decode()
    assert "kept as stored" in page and "D8000-D8999" in page
    _save(client, f"/insurance/plans/{plan.pk}/edit/", plan_post(plan.carrier, design))
    plan.refresh_from_db()
    assert same_design(plan.benefits, design)


def test_add_a_row_answers_the_next_row_and_moves_the_counter(world: World) -> None:
    client = signed_in(world.tess)
    response = client.get("/insurance/plans/row/?kind=freq&freq-TOTAL_FORMS=6", **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="freq-6-codes"' in html and 'name="freq-5-codes"' not in html
    assert 'id="id_freq-TOTAL_FORMS" hx-swap-oob="true"' in html
    assert 'name="freq-TOTAL_FORMS" value="7"' in html
    assert client.get("/insurance/plans/row/?kind=nonsense").status_code == 404
    assert signed_in(world.doc).get("/insurance/plans/row/?kind=freq").status_code == 403


def test_design_post_matches_what_the_page_renders(world: World) -> None:
    """The test helper posts exactly the fields the form page has (no more, no fewer)."""
    plan = build_plan(world.practice_a)
    html = signed_in(world.tess).get(f"/insurance/plans/{plan.pk}/edit/").content.decode()
    for name in design_post(plan.benefits):
        assert f'name="{name}"' in html, name
