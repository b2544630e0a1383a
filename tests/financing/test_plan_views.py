"""Payment plans on screen: prepare one, the plan page, record a payment, cancel a
draft, the payments due list and the patient page's Financing tab."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from casepath.audit.models import AuditEvent
from casepath.financing.models import PaymentPlan, PlanPayment, PlanStatus
from tests.builders import build_patient
from tests.conftest import World, signed_in
from tests.financing.builders import (
    build_application,
    build_enrolment,
    build_lender,
    build_membership_plan,
    build_payment_plan,
)

D = Decimal
TERMS = {
    "total": "1200.00",
    "down_payment": "240.00",
    "apr_percent": "0",
    "frequency": "monthly",
    "agreement_date": "2026-05-20",
    "first_payment_date": "2026-06-20",
    "number_of_payments": "6",
    "payment_amount": "",
    "interest_free_days": "0",
    "case": "",
}


def tab(world: World, user: str = "fran") -> str:
    url = f"/patients/{world.patient_a.pk}/financing/"
    response = signed_in(getattr(world, user)).get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_front_desk_prepares_a_plan(world: World) -> None:
    fran = signed_in(world.fran)
    url = f"/financing/patients/{world.patient_a.pk}/plans/new/"
    form = fran.get(url)
    assert form.status_code == 200
    assert form.context["form"]["first_payment_date"].value() == date(2026, 6, 20)
    response = fran.post(url, TERMS)
    plan = PaymentPlan.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/financing/plans/{plan.pk}/"
    assert (plan.patient, plan.status, plan.instalments.count()) == (
        world.patient_a,
        PlanStatus.DRAFT,
        6,
    )


def test_bad_terms_show_beside_their_fields(world: World) -> None:
    response = signed_in(world.fran).post(
        f"/financing/patients/{world.patient_a.pk}/plans/new/",
        TERMS | {"total": "-5", "first_payment_date": "2026-05-01"},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["total"] == ["The total must be more than 0."]
    assert errors["first_payment_date"] == [
        "The first payment date must be after the agreement date (2026-05-20)."
    ]
    assert not PaymentPlan.objects.exists()


def test_a_provider_cannot_prepare_plans(world: World) -> None:
    url = f"/financing/patients/{world.patient_a.pk}/plans/new/"
    assert signed_in(world.doc).get(url).status_code == 403


def test_the_plan_page_shows_the_schedule_and_standing(world: World) -> None:
    plan = build_payment_plan(world.tess, world.patient_a)
    response = signed_in(world.doc).get(f"/financing/plans/{plan.pk}/")
    page = response.content.decode()
    assert response.context["standing"].status == "late"
    assert "Late: $160.00" in page
    assert "09/10/2026" in page  # the last instalment
    assert "Record a payment" not in page  # a provider reads only
    assert AuditEvent.objects.filter(action="view", object_type="paymentplan").exists()


def test_the_front_desk_records_a_payment(world: World) -> None:
    plan = build_payment_plan(world.tess, world.patient_a)
    fran = signed_in(world.fran)
    assert "Record a payment" in fran.get(f"/financing/plans/{plan.pk}/").content.decode()
    response = fran.post(
        f"/financing/plans/{plan.pk}/payments/",
        {"amount": "320.00", "paid_on": "2026-05-20", "method": "card", "note": ""},
    )
    assert response.status_code == 302
    assert PlanPayment.objects.get().amount == D("320.00")
    page = fran.get(f"/financing/plans/{plan.pk}/")
    assert page.context["standing"].status == "current"


def test_a_bad_payment_shows_beside_its_field(world: World) -> None:
    plan = build_payment_plan(world.tess, world.patient_a)
    response = signed_in(world.fran).post(
        f"/financing/plans/{plan.pk}/payments/",
        {"amount": "5000", "paid_on": "2026-05-20", "method": "card"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "amount": ["Only $960.00 is left to pay on this plan."]
    }
    assert not PlanPayment.objects.exists()


def test_a_provider_cannot_record_payments(world: World) -> None:
    plan = build_payment_plan(world.tess, world.patient_a)
    response = signed_in(world.doc).post(
        f"/financing/plans/{plan.pk}/payments/",
        {"amount": "160", "paid_on": "2026-05-20", "method": "card"},
    )
    assert response.status_code == 403
    assert not PlanPayment.objects.exists()


def test_a_draft_is_cancelled_from_its_page(world: World) -> None:
    plan = build_payment_plan(world.tess, world.patient_a, signed=False)
    fran = signed_in(world.fran)
    assert "Cancel this draft" in fran.get(f"/financing/plans/{plan.pk}/").content.decode()
    assert fran.post(f"/financing/plans/{plan.pk}/cancel/").status_code == 302
    assert PaymentPlan.objects.get(pk=plan.pk).status == PlanStatus.CANCELLED


def test_an_outsider_cannot_see_a_plan(world: World) -> None:
    plan = build_payment_plan(world.tess, world.patient_a)
    olga = signed_in(world.olga)
    assert olga.get(f"/financing/plans/{plan.pk}/").status_code == 404
    assert olga.post(f"/financing/plans/{plan.pk}/cancel/").status_code == 404


# Payments due


def test_payments_due_lists_late_instalments_with_the_patient(world: World) -> None:
    build_payment_plan(world.tess, world.patient_a)
    response = signed_in(world.fran).get("/financing/payments/")
    assert response.status_code == 200
    assert [(r.owed.number, r.owed.unpaid) for r in response.context["late"]] == [
        (1, D("160.00")),
        (2, D("160.00")),
    ]
    assert "Ana Lopez" in response.content.decode()


def test_payments_due_page_reads_a_constant_number_of_queries(world: World) -> None:
    client = signed_in(world.fran)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/financing/payments/").status_code == 200
        return len(queries)

    build_payment_plan(world.tess, build_patient(world.practice_a, last_name="One"))
    count()  # the first request of a session reads more (the practice chosen)
    few = count()
    for n in range(3):
        build_payment_plan(world.tess, build_patient(world.practice_a, last_name=f"Many{n}"))
    assert count() == few


# The patient page's Financing tab


def test_the_financing_tab_shows_plans_applications_and_membership(world: World) -> None:
    plan = build_payment_plan(world.tess, world.patient_a)
    build_application(
        world.patient_a,
        build_lender(world.practice_a),
        status="approved",
        approved_amount=D("2500.00"),
        decided_on=date(2026, 3, 12),
    )
    club = build_membership_plan(world.practice_a)
    build_enrolment(world.patient_a, club, starts_on=date(2026, 1, 1), renews_on=date(2027, 1, 1))
    page = tab(world)
    assert f'href="/financing/plans/{plan.pk}/"' in page
    assert "Late" in page
    assert "$160.00 on 04/10/2026" in page  # the next instalment owed
    assert "$960.00" in page
    assert "Approved for $2,500.00" in page
    assert "Member of <strong>Healthy smile club</strong>" in page
    assert f'href="/financing/patients/{world.patient_a.pk}/plans/new/"' in page


def test_the_tab_offers_no_buttons_to_a_provider(world: World) -> None:
    page = tab(world, "doc")
    assert "No payment plans for Ana Lopez." in page
    assert "/plans/new/" not in page
    assert "/applications/new/" not in page


# Applications and memberships


def test_an_application_is_recorded_and_answered(world: World) -> None:
    lender = build_lender(world.practice_a)
    fran = signed_in(world.fran)
    created = fran.post(
        f"/financing/patients/{world.patient_a.pk}/applications/new/",
        {"lender": lender.pk, "amount": "3000", "submitted_on": "2026-05-20", "case": ""},
    )
    assert created.status_code == 302
    assert created["Location"] == f"/patients/{world.patient_a.pk}/financing/"
    application = world.patient_a.financing_applications.get()
    answered = fran.post(
        f"/financing/applications/{application.pk}/",
        {"status": "approved", "approved_amount": "", "decided_on": "2026-05-20"},
    )
    assert answered.status_code == 200
    assert answered.context["form"].errors == {
        "approved_amount": ["The approved amount must be more than zero."]
    }
    fran.post(
        f"/financing/applications/{application.pk}/",
        {"status": "approved", "approved_amount": "2800", "decided_on": "2026-05-20"},
    )
    application.refresh_from_db()
    assert (application.status, application.approved_amount) == ("approved", D("2800.00"))


def test_a_withdrawn_lender_is_not_offered(world: World) -> None:
    build_lender(world.practice_a, name="Old lender", is_enabled=False)
    page = signed_in(world.fran).get(f"/financing/patients/{world.patient_a.pk}/applications/new/")
    assert "Old lender" not in page.content.decode()


def test_enrol_and_renew_a_membership(world: World) -> None:
    club = build_membership_plan(world.practice_a)
    fran = signed_in(world.fran)
    response = fran.post(
        f"/financing/patients/{world.patient_a.pk}/membership/new/",
        {"plan": club.pk, "starts_on": "2025-06-01", "fee_paid": ""},
    )
    assert response.status_code == 302
    enrolment = world.patient_a.membership_enrolments.get()
    assert enrolment.renews_on == date(2026, 6, 1)
    renewals = fran.get("/financing/renewals/")
    assert list(renewals.context["enrolments"]) == [enrolment]
    assert fran.post(f"/financing/enrolments/{enrolment.pk}/renew/").status_code == 302
    assert list(world.patient_a.membership_enrolments.values_list("renews_on", flat=True)) == [
        date(2027, 6, 1),
        date(2026, 6, 1),
    ]
    assert list(fran.get("/financing/renewals/").context["enrolments"]) == []


@pytest.mark.parametrize("user", ["doc"])
def test_a_provider_cannot_enrol_or_renew(world: World, user: str) -> None:
    enrolment = build_enrolment(world.patient_a, build_membership_plan(world.practice_a))
    client = signed_in(getattr(world, user))
    assert (
        client.get(f"/financing/patients/{world.patient_a.pk}/membership/new/").status_code == 403
    )
    assert client.post(f"/financing/enrolments/{enrolment.pk}/renew/").status_code == 403
