"""The payment plans API: list, prepare, read with schedule and standing, payments."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from django.test import Client

from casepath.audit.models import AuditEvent
from casepath.financing.models import PaymentPlan, PlanPayment
from tests.conftest import World, signed_in
from tests.financing.builders import build_payment_plan

D = Decimal
BODY = {
    "total": "1200.00",
    "down_payment": "240.00",
    "frequency": "monthly",
    "agreement_date": "2026-05-20",
    "first_payment_date": "2026-06-20",
    "number_of_payments": 6,
}


def base(world: World) -> str:
    return f"/api/v1/practices/{world.practice_a.pk}/payment-plans"


def send(client: Client, url: str, body: dict[str, Any] | None = None) -> Any:
    if body is None:
        response = client.get(url)
    else:
        response = client.post(url, json.dumps(body), content_type="application/json")
    response.data = response.json()
    return response


def test_prepare_a_plan_with_the_practices_apr(world: World) -> None:
    body = BODY | {"patient_id": world.patient_a.pk}
    response = send(signed_in(world.fran), base(world), body)
    assert response.status_code == 201, response.data
    data = response.data
    assert data["status"] == "draft"
    assert (data["amount_financed"], data["apr_percent"], data["finance_charge"]) == (
        "960.00",
        "0.00",
        "0.00",
    )
    assert data["number_of_payments"] == 6
    assert data["schedule"][0] == {
        "number": 1,
        "due": "2026-06-20",
        "payment": "160.00",
        "interest": "0.00",
        "principal": "160.00",
        "balance": "800.00",
        "unpaid": "160.00",
    }
    event = AuditEvent.objects.get(object_type="paymentplan")
    assert event.channel == "api"


def test_bad_input_answers_422_naming_the_fields(world: World) -> None:
    body = BODY | {
        "patient_id": world.patient_b.pk,
        "total": "-1",
        "apr_percent": "30",
        "frequency": "monthly",
    }
    response = send(signed_in(world.fran), base(world), body)
    assert response.status_code == 422
    assert response.data == {
        "errors": [{"path": "patient_id", "message": "Choose a patient of this practice."}]
    }
    body = BODY | {"patient_id": world.patient_a.pk, "total": "-1", "apr_percent": "30"}
    response = send(signed_in(world.fran), base(world), body)
    assert response.status_code == 422
    assert {e["path"] for e in response.data["errors"]} == {"total", "apr_percent"}
    assert not PaymentPlan.objects.exists()


def test_an_unknown_frequency_is_422_at_the_field(world: World) -> None:
    body = BODY | {"patient_id": world.patient_a.pk, "frequency": "yearly"}
    response = send(signed_in(world.fran), base(world), body)
    assert response.status_code == 422
    assert [e["path"] for e in response.data["errors"]] == ["frequency"]


def test_list_and_read_with_the_standing_today(world: World) -> None:
    plan = build_payment_plan(world.tess, world.patient_a)
    client = signed_in(world.doc)
    listed = send(client, f"{base(world)}?patient={world.patient_a.pk}")
    assert listed.status_code == 200
    assert listed.data["count"] == 1
    item = listed.data["items"][0]
    assert (item["id"], item["status"], item["late_amount"]) == (plan.pk, "late", "320.00")
    assert item["next_due"] == {
        "number": 1,
        "due": "2026-04-10",
        "unpaid": "160.00",
        "is_late": True,
    }
    read = send(client, f"{base(world)}/{plan.pk}")
    assert read.status_code == 200
    assert len(read.data["schedule"]) == 6
    assert read.data["payments"] == []
    assert AuditEvent.objects.filter(channel="api", action="view").count() == 1


def test_record_a_payment(world: World) -> None:
    plan = build_payment_plan(world.tess, world.patient_a)
    body = {"amount": "320.00", "paid_on": "2026-05-20", "method": "check", "note": "#1042"}
    response = send(signed_in(world.fran), f"{base(world)}/{plan.pk}/payments", body)
    assert response.status_code == 201, response.data
    assert (response.data["amount"], response.data["method"]) == ("320.00", "check")
    assert response.data["plan"]["status"] == "current"
    assert response.data["plan"]["balance"] == "640.00"


def test_a_bad_payment_is_422_at_the_field(world: World) -> None:
    plan = build_payment_plan(world.tess, world.patient_a)
    body = {"amount": "0", "paid_on": "2026-05-20", "method": "card"}
    response = send(signed_in(world.fran), f"{base(world)}/{plan.pk}/payments", body)
    assert response.status_code == 422
    assert response.data["errors"] == [
        {"path": "amount", "message": "The amount must be more than zero."}
    ]
    response = send(
        signed_in(world.fran), f"{base(world)}/{plan.pk}/payments", body | {"method": "gold"}
    )
    assert response.status_code == 422
    assert [e["path"] for e in response.data["errors"]] == ["method"]
    assert not PlanPayment.objects.exists()


def test_a_provider_reads_but_cannot_write(world: World) -> None:
    plan = build_payment_plan(world.tess, world.patient_a)
    doc = signed_in(world.doc)
    body = {"amount": "10", "paid_on": "2026-05-20", "method": "card"}
    assert send(doc, f"{base(world)}/{plan.pk}/payments", body).status_code == 403
    assert send(doc, base(world), BODY | {"patient_id": world.patient_a.pk}).status_code == 403


def test_an_outsider_gets_404_whatever_they_send(world: World) -> None:
    plan = build_payment_plan(world.tess, world.patient_a)
    olga = signed_in(world.olga)
    assert send(olga, f"{base(world)}/{plan.pk}").status_code == 404
    own = f"/api/v1/practices/{world.practice_b.pk}/payment-plans/{plan.pk}"
    assert send(olga, own).status_code == 404
    assert send(olga, f"{own}/payments", {}).status_code == 404
