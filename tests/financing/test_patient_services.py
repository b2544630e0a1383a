"""Applications to a lender and membership enrolments."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from casepath.audit.models import AuditEvent
from casepath.core.errors import CasepathError
from casepath.financing import patient_services
from casepath.financing.models import FinancingApplication, MembershipEnrolment
from tests.builders import build_patient
from tests.cases.builders import build_case
from tests.conftest import World
from tests.financing.builders import (
    AGREED,
    build_application,
    build_enrolment,
    build_lender,
    build_membership_plan,
)

D = Decimal


def paths(refused: pytest.ExceptionInfo[CasepathError]) -> dict[str, str]:
    return {e.path: e.message for e in refused.value.errors}


# Applications


def test_an_application_is_recorded_and_audited(world: World) -> None:
    lender = build_lender(world.practice_a)
    case = build_case(world)
    made = patient_services.application_create(
        acting_user=world.fran,
        patient=world.patient_a,
        lender=lender,
        amount=D("4200.00"),
        submitted_on=AGREED,
        case=case,
    )
    stored = FinancingApplication.objects.get(pk=made.pk)
    assert (stored.status, stored.amount, stored.case) == ("submitted", D("4200.00"), case)
    event = AuditEvent.objects.get(object_type="financingapplication")
    assert event.summary == "Recorded an application to CareCredit 12 months for $4,200.00"
    assert event.patient == world.patient_a


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        (D("0"), "The amount must be more than zero."),
        (D("-100"), "The amount must be more than zero."),
        (D("100.00"), "CareCredit 12 months lends from $200.00 to $25,000.00."),
        (D("30000.00"), "CareCredit 12 months lends from $200.00 to $25,000.00."),
    ],
)
def test_an_amount_the_lender_does_not_lend_is_refused(
    world: World, amount: Decimal, message: str
) -> None:
    lender = build_lender(world.practice_a)
    with pytest.raises(CasepathError) as refused:
        patient_services.application_create(
            acting_user=world.fran,
            patient=world.patient_a,
            lender=lender,
            amount=amount,
            submitted_on=AGREED,
        )
    assert paths(refused) == {"amount": message}
    assert not FinancingApplication.objects.exists()


def test_a_lender_no_longer_offered_is_refused(world: World) -> None:
    lender = build_lender(world.practice_a, is_enabled=False)
    with pytest.raises(CasepathError) as refused:
        patient_services.application_create(
            acting_user=world.fran,
            patient=world.patient_a,
            lender=lender,
            amount=D("1000.00"),
            submitted_on=AGREED,
        )
    assert list(paths(refused)) == ["lender"]


def test_approved_with_the_amount(world: World) -> None:
    application = build_application(world.patient_a, build_lender(world.practice_a))
    patient_services.application_decide(
        acting_user=world.fran,
        application=application,
        status="approved",
        decided_on=date(2026, 3, 11),
        approved_amount=D("2500.00"),
    )
    stored = FinancingApplication.objects.get(pk=application.pk)
    assert (stored.status, stored.approved_amount, stored.decided_on) == (
        "approved",
        D("2500.00"),
        date(2026, 3, 11),
    )
    event = AuditEvent.objects.get(object_type="financingapplication")
    assert event.changes["approved_amount"] == {"before": None, "after": "2500.00"}


def test_declined_keeps_no_amount(world: World) -> None:
    application = build_application(world.patient_a, build_lender(world.practice_a))
    patient_services.application_decide(
        acting_user=world.fran,
        application=application,
        status="declined",
        decided_on=date(2026, 3, 12),
        approved_amount=D("2500.00"),
    )
    stored = FinancingApplication.objects.get(pk=application.pk)
    assert (stored.status, stored.approved_amount) == ("declined", None)


@pytest.mark.parametrize(
    ("decision", "expected"),
    [
        (
            {"status": "approved", "decided_on": date(2026, 3, 11)},
            {"approved_amount": "The approved amount must be more than zero."},
        ),
        (
            {"status": "declined", "decided_on": None},
            {"decided_on": "Give the day the lender answered."},
        ),
        (
            {"status": "declined", "decided_on": date(2026, 3, 1)},
            {"decided_on": "The application was submitted later, on 03/10/2026."},
        ),
        ({"status": "maybe"}, {"status": "Choose submitted, approved or declined."}),
    ],
)
def test_bad_decisions_are_refused(
    world: World, decision: dict[str, Any], expected: dict[str, str]
) -> None:
    application = build_application(world.patient_a, build_lender(world.practice_a))
    with pytest.raises(CasepathError) as refused:
        patient_services.application_decide(
            acting_user=world.fran, application=application, **decision
        )
    assert paths(refused) == expected
    assert FinancingApplication.objects.get(pk=application.pk).status == "submitted"


# Memberships


def test_enrolment_lasts_a_year_and_costs_the_plan_fee(world: World) -> None:
    club = build_membership_plan(world.practice_a)
    made = patient_services.membership_enrol(
        acting_user=world.fran, patient=world.patient_a, plan=club, starts_on=AGREED
    )
    stored = MembershipEnrolment.objects.get(pk=made.pk)
    assert (stored.renews_on, stored.fee_paid) == (date(2027, 3, 10), D("349.00"))
    event = AuditEvent.objects.get(object_type="membershipenrolment")
    assert event.summary == (
        "Enrolled Lopez, Ana (RV-000001) in Healthy smile club from 03/10/2026 to 03/10/2027"
    )


def test_a_leap_day_start_renews_on_february_28() -> None:
    assert patient_services.renewal_date(date(2028, 2, 29)) == date(2029, 2, 28)


def test_renewing_from_the_day_the_year_ends(world: World) -> None:
    club = build_membership_plan(world.practice_a)
    build_enrolment(world.patient_a, club)  # 04/01/2025 to 04/01/2026
    made = patient_services.membership_enrol(
        acting_user=world.fran,
        patient=world.patient_a,
        plan=club,
        starts_on=date(2026, 4, 1),
        fee_paid=D("300.00"),
    )
    assert (made.renews_on, made.fee_paid) == (date(2027, 4, 1), D("300.00"))


def test_overlapping_memberships_are_refused(world: World) -> None:
    club = build_membership_plan(world.practice_a)
    build_enrolment(world.patient_a, club)
    with pytest.raises(CasepathError) as refused:
        patient_services.membership_enrol(
            acting_user=world.fran, patient=world.patient_a, plan=club, starts_on=AGREED
        )
    assert paths(refused) == {
        "starts_on": "Ana Lopez is already a member of Healthy smile club until 04/01/2026."
    }
    assert MembershipEnrolment.objects.count() == 1


def test_a_withdrawn_plan_and_a_negative_fee_are_refused(world: World) -> None:
    club = build_membership_plan(world.practice_a, is_enabled=False)
    other = build_patient(world.practice_a, first_name="Sam")
    with pytest.raises(CasepathError) as refused:
        patient_services.membership_enrol(
            acting_user=world.fran, patient=other, plan=club, starts_on=AGREED, fee_paid=D("-1")
        )
    assert set(paths(refused)) == {"plan", "fee_paid"}
    assert not MembershipEnrolment.objects.exists()
