"""The financing settings screens: who may open them, saving, refusals beside the field."""

from __future__ import annotations

from decimal import Decimal

import pytest

from casepath.financing.models import LenderProduct, MembershipPlan
from casepath.financing.selectors import financial_policy
from tests.conftest import World, signed_in
from tests.financing.builders import build_lender, build_membership_plan

D = Decimal
POLICY = {
    "longest_term_months": "24",
    "min_down_percent": "10",
    "apr_percent": "9.90",
    "apr_cap_percent": "18",
    "pay_in_full_percent": "5",
}
LENDER = {
    "name": "Alphaeon 24 months",
    "kind": "fixed",
    "months": "24",
    "apr_percent": "9.99",
    "min_amount": "500",
    "max_amount": "20000",
    "practice_fee_percent": "6",
    "application_url": "https://example.com/alphaeon",
}


def test_the_settings_page_links_to_financing(world: World) -> None:
    mona = signed_in(world.mona).get("/accounts/settings/").content.decode()
    fran = signed_in(world.fran).get("/accounts/settings/").content.decode()
    assert 'href="/financing/settings/policy/"' in mona
    assert 'href="/financing/settings/policy/"' not in fran
    assert 'href="/financing/settings/lenders/"' in fran
    assert 'href="/financing/payments/"' in fran


@pytest.mark.parametrize(
    ("user", "status"), [("mona", 200), ("tess", 403), ("fran", 403), ("doc", 403)]
)
def test_only_managers_set_the_policy(world: World, user: str, status: int) -> None:
    assert signed_in(getattr(world, user)).get("/financing/settings/policy/").status_code == status


def test_the_policy_is_saved(world: World) -> None:
    response = signed_in(world.mona).post("/financing/settings/policy/", POLICY)
    assert response.status_code == 302
    policy = financial_policy(world.practice_a)
    assert (policy.longest_term_months, policy.apr_percent) == (24, D("9.90"))


def test_an_apr_above_the_cap_is_shown_beside_the_field(world: World) -> None:
    response = signed_in(world.mona).post(
        "/financing/settings/policy/", POLICY | {"apr_percent": "19"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "apr_percent": ["The in-house APR is above the highest APR allowed (18%)."]
    }
    assert financial_policy(world.practice_a).apr_percent == D("0.00")


def test_front_desk_sees_lenders_but_cannot_change_them(world: World) -> None:
    lender = build_lender(world.practice_a)
    fran = signed_in(world.fran)
    page = fran.get("/financing/settings/lenders/")
    assert page.status_code == 200
    assert "CareCredit 12 months" in page.content.decode()
    assert f"/financing/settings/lenders/{lender.pk}/" not in page.content.decode()
    assert fran.get("/financing/settings/lenders/new/").status_code == 403
    assert fran.post(f"/financing/settings/lenders/{lender.pk}/", LENDER).status_code == 403
    offer = fran.post(f"/financing/settings/lenders/{lender.pk}/offer/", {"enabled": "0"})
    assert offer.status_code == 403
    assert LenderProduct.objects.get(pk=lender.pk).is_enabled


def test_a_manager_adds_edits_and_withdraws_a_lender(world: World) -> None:
    mona = signed_in(world.mona)
    assert mona.post("/financing/settings/lenders/new/", LENDER).status_code == 302
    lender = LenderProduct.objects.get()
    assert (lender.practice, lender.months, lender.apr_percent) == (world.practice_a, 24, D("9.99"))
    edited = mona.post(f"/financing/settings/lenders/{lender.pk}/", LENDER | {"months": "36"})
    assert edited.status_code == 302
    assert mona.post(f"/financing/settings/lenders/{lender.pk}/offer/", {"enabled": "0"})
    lender.refresh_from_db()
    assert (lender.months, lender.is_enabled) == (36, False)


def test_smallest_above_largest_is_shown_beside_the_field(world: World) -> None:
    response = signed_in(world.mona).post(
        "/financing/settings/lenders/new/", LENDER | {"min_amount": "30000"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "min_amount": ["The smallest amount is more than the largest amount."]
    }
    assert "The smallest amount is more than the largest amount." in response.content.decode()
    assert not LenderProduct.objects.exists()


def test_a_manager_adds_a_membership_plan_with_codes_and_discounts(world: World) -> None:
    response = signed_in(world.mona).post(
        "/financing/settings/memberships/new/",
        {
            "name": "Smile club",
            "yearly_fee": "299",
            "included_codes": "D0120, d1110 D0274",
            "discount_crowns": "15",
            "discount_implants": "",
        },
    )
    assert response.status_code == 302
    plan = MembershipPlan.objects.get()
    assert (plan.yearly_fee, plan.included_codes, plan.discounts) == (
        D("299.00"),
        ["D0120", "D0274", "D1110"],
        {"crowns": "15"},
    )
    page = signed_in(world.fran).get("/financing/settings/memberships/").content.decode()
    assert "15% off crowns" in page


def test_membership_plan_refusals_show_beside_their_fields(world: World) -> None:
    plan = build_membership_plan(world.practice_a)
    response = signed_in(world.mona).post(
        f"/financing/settings/memberships/{plan.pk}/",
        {
            "name": "Club",
            "monthly_fee": "29",
            "yearly_fee": "299",
            "included_codes": "D01",
            "discount_orthodontics": "150",
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["yearly_fee"] == ["Give a yearly fee or a monthly fee (one of them)."]
    assert errors["included_codes"][0].startswith("Not CDT codes: D01.")
    assert errors["discount_orthodontics"] == [
        "The discount on orthodontics must be between 0 and 100 percent."
    ]
    assert MembershipPlan.objects.get(pk=plan.pk).name == "Healthy smile club"


def test_another_practices_lender_is_not_found_even_for_its_manager_role(world: World) -> None:
    lender = build_lender(world.practice_b)
    mona = signed_in(world.mona)
    assert mona.get(f"/financing/settings/lenders/{lender.pk}/").status_code == 404
    assert mona.post(f"/financing/settings/lenders/{lender.pk}/offer/").status_code == 404
