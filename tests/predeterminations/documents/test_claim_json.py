"""The FHIR Claim download: valid R4, the lines as asked, the exact Claim once sent."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from fhir.resources.R4B.claim import Claim

from casepath.audit.models import Action, AuditEvent
from casepath.predeterminations.models import Predetermination
from casepath.predeterminations.selectors import lines_of
from tests.conftest import World, signed_in
from tests.insurance.coverage_builders import MEMBER_ID
from tests.predeterminations.builders import BILLING_NPI, PROVIDER_NPI, drafted, sent, with_npis

pytestmark = pytest.mark.django_db
FDI_TOOTH = "http://fdi.org/fhir/oraltoothcodes"


def download(client: Client, pd: Predetermination) -> Any:
    return client.get(reverse("predeterminations:claim_json", args=[pd.pk]))


def claim_of_download(client: Client, pd: Predetermination) -> dict[str, Any]:
    response = download(client, pd)
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "application/fhir+json"
    assert f'filename="RV-PD-{pd.pk}-claim.json"' in response["Content-Disposition"]
    parsed: dict[str, Any] = json.loads(response.content)
    return parsed


def test_the_claim_validates_and_round_trips(world: World) -> None:
    asked = drafted(world)
    with_npis(world, asked.made)
    data = claim_of_download(signed_in(world.tess), asked.pd)
    claim = Claim.model_validate(data)
    assert claim.model_dump(mode="json", exclude_none=True) == data
    assert json.loads(claim.model_dump_json(exclude_none=True)) == data
    assert data["use"] == "preauthorization"
    assert data["identifier"] == [{"value": f"RV-PD-{asked.pd.pk}"}]
    npis = {r["id"]: r["identifier"][0]["value"] for r in data["contained"] if "identifier" in r}
    assert npis == {"practice": BILLING_NPI, "provider": PROVIDER_NPI}
    coverage = next(r for r in data["contained"] if r["resourceType"] == "Coverage")
    assert coverage["subscriberId"] == MEMBER_ID


def test_the_items_are_the_lines_asked(world: World) -> None:
    asked = drafted(world)
    with_npis(world, asked.made)
    data = claim_of_download(signed_in(world.tess), asked.pd)
    items = [
        (
            item["sequence"],
            item["productOrService"]["coding"][0]["code"],
            item["bodySite"]["coding"][0],
            Decimal(str(item["net"]["value"])),
        )
        for item in data["item"]
    ]
    tooth_36 = {"system": FDI_TOOTH, "code": "36"}  # Universal 19, lower left first molar
    assert items == [
        (1, "D6010", tooth_36, Decimal("2400.00")),
        (2, "D6058", tooth_36, Decimal("1450.00")),
    ]
    assert [(line.code, line.tooth) for line in lines_of(asked.pd)] == [
        ("D6010", "19"),
        ("D6058", "19"),
    ]
    assert Decimal(str(data["total"]["value"])) == Decimal("3850.00")


def test_the_download_is_audited_as_an_export(world: World) -> None:
    asked = drafted(world)
    with_npis(world, asked.made)
    claim_of_download(signed_in(world.tess), asked.pd)
    event = AuditEvent.objects.get(action=Action.EXPORT)
    assert (event.actor, event.patient, event.object_id) == (
        world.tess,
        world.patient_a,
        str(asked.pd.pk),
    )
    assert "Downloaded the FHIR Claim of pre-determination" in event.summary
    assert MEMBER_ID not in event.summary


def test_missing_npis_answer_422_naming_them(world: World) -> None:
    asked = drafted(world)
    response = download(signed_in(world.tess), asked.pd)
    assert response.status_code == 422
    paths = [error["path"] for error in response.json()["errors"]]
    assert paths == ["practice_npi", "provider_npi"]
    assert all(error["message"] for error in response.json()["errors"])
    assert not AuditEvent.objects.filter(action=Action.EXPORT).exists()


def test_a_request_sent_electronically_keeps_the_exact_claim(world: World) -> None:
    asked = sent(world, channel="electronic")
    stored = asked.pd.claim
    assert stored["use"] == "preauthorization"
    patient = asked.pd.patient
    patient.last_name = "Lopez-Garcia"  # changed after the request went out
    patient.save()
    data = claim_of_download(signed_in(world.tess), asked.pd)
    assert data == stored
    assert "Lopez-Garcia" not in json.dumps(data)


def test_a_request_sent_by_mail_is_built_from_todays_records(world: World) -> None:
    asked = sent(world, channel="mail")
    with_npis(world, asked.made)
    assert asked.pd.claim == {}
    patient = asked.pd.patient
    patient.last_name = "Lopez-Garcia"
    patient.save()
    data = claim_of_download(signed_in(world.tess), asked.pd)
    person = next(r for r in data["contained"] if r["resourceType"] == "Patient")
    assert person["name"][0]["family"] == "Lopez-Garcia"


def test_an_outsider_cannot_download_it(world: World) -> None:
    asked = drafted(world)
    with_npis(world, asked.made)
    assert download(signed_in(world.olga), asked.pd).status_code == 404
    assert not AuditEvent.objects.filter(action=Action.EXPORT).exists()
