"""The payments API: list by dates with count and total, record (201), 422 at the field,
403 for a role that cannot, 404 for an outsider. Needs the router in casepath/api.py."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django.test import Client

from casepath.audit.models import AuditEvent
from casepath.payments.models import Payment
from tests.conftest import World, signed_in
from tests.payments.builders import accepted_case
from tests.reports.builders import pay


def base(world: World) -> str:
    return f"/api/v1/practices/{world.practice_a.pk}/payments"


def send(client: Client, url: str, body: dict[str, Any] | None = None) -> Any:
    if body is None:
        return client.get(url)
    return client.post(url, json.dumps(body), content_type="application/json")


def test_list_by_dates_with_count_and_total(world: World) -> None:
    case = accepted_case(world)
    pay(case, "100.00", date(2026, 10, 31), by=world.fran)
    kept = pay(case, "250.00", date(2026, 11, 2), by=world.fran, reference="PMS-1")
    pay(case, "-50.00", date(2026, 11, 30), by=world.fran)

    response = send(signed_in(world.tess), base(world) + "?from=2026-11-01&to=2026-11-29")

    assert response.status_code == 200, response.json()
    data = response.json()
    assert (data["count"], data["total"]) == (1, "250.00")
    assert data["items"] == [
        {
            "id": kept.pk,
            "case_id": case.pk,
            "patient_id": world.patient_a.pk,
            "amount": "250.00",
            "received_on": "2026-11-02",
            "payer": "patient",
            "reference": "PMS-1",
            "note": "",
            "source": "entered",
            "import_id": None,
        }
    ]
    assert AuditEvent.objects.filter(channel="api", action="search").exists()


def test_record_a_payment(world: World) -> None:
    case = accepted_case(world)
    body = {"case_id": case.pk, "amount": "120.50", "received_on": "2026-11-02", "reference": "A1"}
    response = send(signed_in(world.fran), base(world), body)
    assert response.status_code == 201, response.json()
    assert response.json()["amount"] == "120.50"
    payment = Payment.objects.get()
    assert payment.recorded_by == world.fran
    event = AuditEvent.objects.get(object_type="payment")
    assert event.channel == "api"


def test_bad_input_is_422_at_the_field_and_writes_nothing(world: World) -> None:
    case = accepted_case(world)
    pay(case, "10.00", date(2026, 11, 1), by=world.fran, reference="A1")
    client = signed_in(world.fran)
    body = {"case_id": case.pk, "amount": "-5", "received_on": "2026-12-01", "reference": "A1"}
    response = send(client, base(world), body)
    assert response.status_code == 422
    paths = {e["path"] for e in response.json()["errors"]}
    assert paths == {"received_on", "reference", "note"}

    response = send(client, base(world), {**body, "case_id": 999_999, "reference": "A2"})
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"path": "case_id", "message": "Choose a case of this practice."}
    ]
    assert Payment.objects.count() == 1


def test_roles_and_outsiders(world: World) -> None:
    case = accepted_case(world)
    body = {"case_id": case.pk, "amount": "1.00", "received_on": "2026-11-02"}
    assert send(signed_in(world.doc), base(world), body).status_code == 403
    assert send(signed_in(world.doc), base(world)).status_code == 200
    olga = signed_in(world.olga)
    assert send(olga, base(world)).status_code == 404
    assert send(olga, base(world), body).status_code == 404
    assert not Payment.objects.exists()
