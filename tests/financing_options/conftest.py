"""Ways to pay for Ana Lopez's two-option case (implant or bridge), with the practice's
financing set up through its services: a policy (12 months, 20% down, 9.9% APR, 5% off
when paid in full), a lender (12 months no interest) and a membership plan.

The clock is frozen (NOW, March 10, 2026). `phone` is the patient's browser, `verified`
after the right date of birth on the link of the presented case.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.test import Client

from casepath.cases import services as case_services
from casepath.cases.models import CaseOption
from casepath.financing import services
from casepath.financing.models import LenderProduct, MembershipPlan
from tests.cases.builders import TwoOptions, two_option_case
from tests.cases.patient.conftest import BIRTH, NOW, TODAY, Linked, present_and_link
from tests.conftest import World

__all__ = ["BIRTH", "NOW", "TODAY"]
PHONE = "(614) 555-0199"


@dataclass
class Financed:
    two: TwoOptions
    lender: LenderProduct
    membership: MembershipPlan


@pytest.fixture(autouse=True)
def frozen_now() -> Iterator[Any]:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def set_up_financing(world: World) -> tuple[LenderProduct, MembershipPlan]:
    """The practice's policy, a lender product and a membership plan, as a manager sets them."""
    practice, mona = world.practice_a, world.mona
    services.financial_policy_update(
        acting_user=mona,
        practice=practice,
        longest_term_months=12,
        min_down_percent=Decimal("20"),
        apr_percent=Decimal("9.90"),
        apr_cap_percent=Decimal("18"),
        pay_in_full_percent=Decimal("5"),
    )
    lender = services.lender_product_create(
        acting_user=mona,
        practice=practice,
        name="SmileCredit 12 months",
        kind="deferred",
        months=12,
        apr_percent=Decimal("26.99"),
        min_amount=Decimal("300.00"),
        max_amount=Decimal("25000.00"),
        practice_fee_percent=Decimal("8"),
        application_url="https://lender.example/apply",
    )
    membership = services.membership_plan_create(
        acting_user=mona,
        practice=practice,
        name="Healthy smile club",
        yearly_fee=Decimal("299.00"),
        included_codes=["D0120", "D1110"],
        discounts={"implants": "15", "prosthodontics": "10"},
    )
    return lender, membership


@pytest.fixture
def financed(world: World) -> Financed:
    world.practice_a.phone = PHONE
    world.practice_a.save()
    lender, membership = set_up_financing(world)
    return Financed(two_option_case(world), lender, membership)


def accept(world: World, two: TwoOptions, option: CaseOption) -> Linked:
    """Present the case with a link, and record that the patient accepted `option`."""
    linked = present_and_link(world, two)
    case_services.case_accept(
        acting_user=world.tess, case=two.case, option_id=option.pk, decided_on=TODAY
    )
    two.case.refresh_from_db()
    return linked


@pytest.fixture
def linked(world: World, financed: Financed) -> Linked:
    return present_and_link(world, financed.two)


@pytest.fixture
def phone() -> Client:
    return Client()


@pytest.fixture
def verified(linked: Linked, phone: Client) -> Client:
    assert phone.post(linked.url(), BIRTH).status_code == 302
    return phone
