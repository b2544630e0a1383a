"""The core's inputs built from the practice's settings and a real case, and the ways to
pay the core makes of them (figures checked to the cent)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from casepath.core.errors import CasepathError
from casepath.core.financing.arrangements import ArrangementKind, Line
from casepath.financing import options, services
from casepath.financing.options import OptionMoney
from tests.cases.patient.conftest import Linked
from tests.conftest import World
from tests.financing_options.conftest import TODAY, Financed, accept

D = Decimal


def ways_of(financed: Financed) -> dict[str, options.OptionWays]:
    case = financed.two.case
    offer = options.practice_offer(case.practice)
    return {w.name: w for w in options.case_ways(case, offer, TODAY)}


def by_kind(ways: options.OptionWays) -> dict[str, object]:
    return {a.kind.value: a for a in ways.arrangements}


def test_the_practice_settings_become_the_cores(financed: Financed) -> None:
    offer = options.practice_offer(financed.two.case.practice)
    policy = offer.policy
    assert (policy.longest_term_months, policy.min_down_percent, policy.apr_percent) == (
        12,
        D("20.00"),
        D("9.90"),
    )
    assert (policy.apr_cap, policy.pay_in_full_percent) == (D("18.00"), D("5.00"))
    [lender] = offer.lenders
    assert (lender.name, lender.kind.value, lender.months) == (
        "SmileCredit 12 months",
        "deferred",
        12,
    )
    assert lender.application_url == "https://lender.example/apply"
    [plan] = offer.memberships
    assert plan.yearly_fee == D("299.00") and plan.included_codes == {"D0120", "D1110"}
    assert plan.discount_for("D6010") == D("15") and plan.discount_for("D6240") == D("10")


def test_a_withdrawn_lender_is_not_offered(world: World, financed: Financed) -> None:
    services.offer_set(acting_user=world.mona, row=financed.lender, enabled=False)
    assert options.practice_offer(world.practice_a).lenders == ()


def test_the_option_money_comes_from_its_saved_estimate(financed: Financed) -> None:
    money = options.estimate_money(financed.two.implant.estimate)
    assert money is not None and money.insured
    cost = money.cost
    assert (cost.fee_total, cost.insurance_total, cost.patient_total) == (
        D("3850.00"),
        D("1500.00"),
        D("1650.00"),
    )
    assert cost.lines == (Line("D6010", D("2400.00")), Line("D6058", D("1450.00")))


def test_every_way_to_pay_for_the_implant(financed: Financed) -> None:
    implant = ways_of(financed)["Implant"]
    assert implant.owed == D("1650.00") and implant.problem == ""
    assert [a.kind.value for a in implant.arrangements] == ["pay_in_full", "lender", "in_house"]
    full, lender, plan = implant.arrangements
    assert (full.upfront, full.total_cost_to_patient) == (D("1567.50"), D("1567.50"))
    assert (lender.monthly, lender.number_of_payments, lender.net_to_practice) == (
        D("137.50"),
        12,
        D("1518.00"),
    )
    assert (plan.upfront, plan.monthly, plan.last_payment) == (
        D("330.00"),
        D("115.99"),
        D("115.96"),
    )
    assert plan.total_cost_to_patient == D("1721.85") and plan.apr_percent == D("9.90")
    assert plan.schedule is not None and plan.schedule.amount_financed == D("1320.00")


def test_the_slider_goes_from_the_smallest_down_payment_up(financed: Financed) -> None:
    slider = ways_of(financed)["Implant"].slider
    assert slider[0] == (D("330.00"), D("115.99"), 12)
    assert slider[1] == (D("396.00"), D("110.19"), 12)
    assert all(point.months == 12 for point in slider)
    downs = [point.down_payment for point in slider]
    monthly = [point.monthly for point in slider]
    assert downs == sorted(downs) and monthly == sorted(monthly, reverse=True)


def test_without_insurance_the_membership_plan_is_offered(financed: Financed) -> None:
    implant = ways_of(financed)["Implant"]
    assert implant.money is not None
    uninsured = OptionMoney(implant.money.cost, insured=False)
    offer = options.practice_offer(financed.two.case.practice)
    found = options.ways_for(implant.option_id, "Implant", uninsured, offer, TODAY)
    member = next(a for a in found.arrangements if a.kind == ArrangementKind.MEMBERSHIP)
    # 2400 - 15% = 2040.00 and 1450 - 15% = 1232.50, plus the year's fee of 299.00
    assert member.total_cost_to_patient == D("3571.50")
    assert member.name == "Healthy smile club"


def test_an_option_never_estimated_has_no_ways(world: World, financed: Financed) -> None:
    financed.two.bridge.estimate = None
    found = options.ways_for(
        1, "Bridge", options.estimate_money(None), options.practice_offer(world.practice_a), TODAY
    )
    assert found.arrangements == () and found.problem == options.NOT_ESTIMATED


def test_once_accepted_only_the_accepted_option_is_shown(world: World, financed: Financed) -> None:
    accept(world, financed.two, financed.two.bridge)
    assert list(ways_of(financed)) == ["Bridge"]


def test_the_snapshot_money_is_what_the_patient_was_shown(linked: Linked) -> None:
    [implant, bridge] = linked.presentation.snapshot["options"]
    shown = options.snapshot_money(implant)
    saved = options.estimate_money(linked.two.implant.estimate)
    assert shown == saved
    assert options.snapshot_money(bridge).cost.patient_total == D("1900.00")  # type: ignore[union-attr]


def test_a_chosen_down_payment_is_computed_again(financed: Financed) -> None:
    implant = ways_of(financed)["Implant"]
    offer = options.practice_offer(financed.two.case.practice)
    plan = options.arrangement_for(implant, offer, TODAY, kind="in_house", down_payment=D("396"))
    assert (plan.upfront, plan.monthly, plan.number_of_payments) == (D("396.00"), D("110.19"), 12)
    shorter = options.arrangement_for(
        implant, offer, TODAY, kind="in_house", down_payment=D("330"), months=6
    )
    assert shorter.number_of_payments == 6 and shorter.monthly > plan.monthly
    lender = options.arrangement_for(
        implant, offer, TODAY, kind="lender", name="SmileCredit 12 months", down_payment=D("450")
    )
    assert (lender.upfront, lender.monthly) == (D("450.00"), D("100.00"))


@pytest.mark.parametrize(
    ("kind", "name", "down", "months", "field"),
    [
        ("in_house", "", D("329.99"), None, "down_payment"),
        ("in_house", "", D("330"), 13, "months"),
        ("lender", "Nobody's loans", None, None, "arrangement"),
        ("membership", "Healthy smile club", None, None, "arrangement"),  # insured: not offered
        ("lender", "SmileCredit 12 months", D("1500"), None, "arrangement"),  # under $300 left
    ],
)
def test_a_way_that_is_not_offered_is_refused(
    financed: Financed, kind: str, name: str, down: Decimal | None, months: int | None, field: str
) -> None:
    implant = ways_of(financed)["Implant"]
    offer = options.practice_offer(financed.two.case.practice)
    with pytest.raises(CasepathError) as refused:
        options.arrangement_for(
            implant, offer, TODAY, kind=kind, name=name, down_payment=down, months=months
        )
    assert refused.value.errors[0].path == field


def test_the_slider_position_must_be_one_of_its_points(financed: Financed) -> None:
    implant = ways_of(financed)["Implant"]
    assert options.slider_point(implant, 0).down_payment == D("330.00")
    with pytest.raises(CasepathError, match="slider"):
        options.slider_point(implant, len(implant.slider))
    with pytest.raises(CasepathError):
        options.slider_point(replace(implant, slider=()), 0)
