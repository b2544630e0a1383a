"""The practice's financing settings: the policy, lender products, membership plans."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from casepath.audit.models import AuditEvent
from casepath.core.errors import CasepathError
from casepath.financing import services
from casepath.financing.models import LenderProduct, MembershipPlan
from casepath.financing.selectors import financial_policy
from tests.conftest import World
from tests.financing.builders import build_lender, build_membership_plan

D = Decimal
LENDER = {
    "name": "Alphaeon 24 months",
    "kind": "fixed",
    "months": 24,
    "apr_percent": D("9.99"),
    "min_amount": D("500.00"),
    "max_amount": D("20000.00"),
    "practice_fee_percent": D("6.00"),
    "application_url": "https://example.com/alphaeon",
}


def paths(refused: pytest.ExceptionInfo[CasepathError]) -> dict[str, str]:
    return {e.path: e.message for e in refused.value.errors}


# The policy


def test_the_policy_is_made_with_defaults_once(world: World) -> None:
    first = financial_policy(world.practice_a)
    assert financial_policy(world.practice_a).pk == first.pk
    assert (first.longest_term_months, first.min_down_percent, first.apr_cap_percent) == (
        12,
        D("20.00"),
        D("18.00"),
    )


def test_policy_update_saves_and_audits_the_changes(world: World) -> None:
    policy = services.financial_policy_update(
        acting_user=world.mona,
        practice=world.practice_a,
        longest_term_months=24,
        apr_percent=D("7.90"),
    )
    policy.refresh_from_db()
    assert (policy.longest_term_months, policy.apr_percent) == (24, D("7.90"))
    event = AuditEvent.objects.get(object_type="financialpolicy")
    assert event.actor == world.mona
    assert event.changes == {
        "apr_percent": {"before": "0.00", "after": "7.90"},
        "longest_term_months": {"before": 12, "after": 24},
    }


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        ({"apr_percent": D("19.00")}, "apr_percent", "above the highest APR allowed (18.00%)"),
        ({"apr_percent": D("-1")}, "apr_percent", "cannot be negative"),
        ({"min_down_percent": D("101")}, "min_down_percent", "between 0 and 100"),
        ({"pay_in_full_percent": D("-5")}, "pay_in_full_percent", "between 0 and 100"),
        ({"apr_cap_percent": D("120")}, "apr_cap_percent", "between 0 and 100"),
        ({"longest_term_months": 0}, "longest_term_months", "between 1 and 120 months"),
    ],
)
def test_policy_refusals_name_the_field_and_save_nothing(
    world: World, fields: dict[str, Any], field: str, words: str
) -> None:
    with pytest.raises(CasepathError) as refused:
        services.financial_policy_update(
            acting_user=world.mona, practice=world.practice_a, **fields
        )
    assert words in paths(refused)[field]
    assert financial_policy(world.practice_a).apr_percent == D("0.00")
    assert not AuditEvent.objects.filter(object_type="financialpolicy").exists()


def test_lowering_the_cap_below_the_apr_is_refused_at_the_apr(world: World) -> None:
    services.financial_policy_update(
        acting_user=world.mona, practice=world.practice_a, apr_percent=D("9.00")
    )
    with pytest.raises(CasepathError) as refused:
        services.financial_policy_update(
            acting_user=world.mona, practice=world.practice_a, apr_cap_percent=D("8.00")
        )
    assert list(paths(refused)) == ["apr_percent"]


# Lender products


def test_lender_product_create_saves_and_audits(world: World) -> None:
    lender = services.lender_product_create(
        acting_user=world.mona, practice=world.practice_a, **LENDER
    )
    assert LenderProduct.objects.get(pk=lender.pk).max_amount == D("20000.00")
    assert lender.is_enabled
    event = AuditEvent.objects.get(object_type="lenderproduct")
    assert event.summary == "Added lender product Alphaeon 24 months"
    assert event.changes["apr_percent"] == {"before": None, "after": "9.99"}


def test_lender_product_refusals_are_all_named_at_once(world: World) -> None:
    bad = LENDER | {
        "name": " ",
        "months": 0,
        "apr_percent": D("-2"),
        "min_amount": D("0"),
        "practice_fee_percent": D("101"),
    }
    with pytest.raises(CasepathError) as refused:
        services.lender_product_create(acting_user=world.mona, practice=world.practice_a, **bad)
    assert set(paths(refused)) == {
        "name",
        "months",
        "apr_percent",
        "min_amount",
        "practice_fee_percent",
    }
    assert paths(refused)["min_amount"] == "The smallest amount must be more than zero."
    assert not LenderProduct.objects.exists()


def test_smallest_amount_above_largest_is_refused(world: World) -> None:
    lender = build_lender(world.practice_a)
    with pytest.raises(CasepathError) as refused:
        services.lender_product_update(
            acting_user=world.mona, lender=lender, min_amount=D("30000.00")
        )
    assert paths(refused) == {"min_amount": "The smallest amount is more than the largest amount."}
    assert LenderProduct.objects.get(pk=lender.pk).min_amount == D("200.00")


def test_lender_product_update_audits_before_and_after(world: World) -> None:
    lender = build_lender(world.practice_a)
    services.lender_product_update(acting_user=world.mona, lender=lender, months=18)
    event = AuditEvent.objects.get(object_type="lenderproduct")
    assert event.changes == {"months": {"before": 12, "after": 18}}


def test_offer_set_withdraws_and_offers_again(world: World) -> None:
    lender = build_lender(world.practice_a)
    services.offer_set(acting_user=world.mona, row=lender, enabled=False)
    assert not LenderProduct.objects.get(pk=lender.pk).is_enabled
    services.offer_set(acting_user=world.mona, row=lender, enabled=True)
    assert LenderProduct.objects.get(pk=lender.pk).is_enabled
    summaries = list(AuditEvent.objects.order_by("pk").values_list("summary", flat=True))
    assert summaries == [
        "Stopped offering lender product CareCredit 12 months",
        "Offered lender product CareCredit 12 months",
    ]


# Membership plans


def test_membership_plan_create_cleans_codes_and_discounts(world: World) -> None:
    plan = services.membership_plan_create(
        acting_user=world.mona,
        practice=world.practice_a,
        name="Smile club",
        yearly_fee=D("299.00"),
        monthly_fee=None,
        included_codes=["d1110", "D0120", "D0120"],
        discounts={"crowns": D("15"), "implants": D("0"), "orthodontics": D("10.50")},
    )
    stored = MembershipPlan.objects.get(pk=plan.pk)
    assert stored.included_codes == ["D0120", "D1110"]
    assert stored.discounts == {"crowns": "15", "orthodontics": "10.50"}
    assert AuditEvent.objects.filter(object_type="membershipplan", action="create").count() == 1


def test_membership_plan_refusals_name_the_fields(world: World) -> None:
    with pytest.raises(CasepathError) as refused:
        services.membership_plan_create(
            acting_user=world.mona,
            practice=world.practice_a,
            name="Club",
            yearly_fee=D("-10"),
            monthly_fee=None,
            included_codes=["D0120", "X99", "cleaning"],
            discounts={"crowns": D("120"), "teeth whitening": D("5")},
        )
    found = paths(refused)
    assert found["yearly_fee"] == "The yearly fee must be more than zero."
    assert found["included_codes"].startswith("Not CDT codes: CLEANING, X99.")
    assert found["discount_crowns"] == "The discount on crowns must be between 0 and 100 percent."
    assert "not a procedure category" in found["discounts"]
    assert not MembershipPlan.objects.exists()


@pytest.mark.parametrize(
    "fees",
    [{"yearly_fee": None, "monthly_fee": None}, {"yearly_fee": D("1"), "monthly_fee": D("1")}],
)
def test_a_membership_plan_has_exactly_one_fee(world: World, fees: dict[str, Any]) -> None:
    plan = build_membership_plan(world.practice_a)
    with pytest.raises(CasepathError) as refused:
        services.membership_plan_update(acting_user=world.mona, plan=plan, **fees)
    assert paths(refused)["yearly_fee"] == "Give a yearly fee or a monthly fee (one of them)."
    assert MembershipPlan.objects.get(pk=plan.pk).yearly_fee == D("349.00")
