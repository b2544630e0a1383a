"""POST /api/v1/apr answers the APR format, with 422 and the envelope on errors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.test import Client

from casepath.accounts.services import api_token_create
from casepath.audit.models import AuditEvent
from tests.conftest import World, signed_in

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "formats" / "examples"
MONTHLY = "apr-monthly-regular-first-period"


def post(client: Client, body: str | bytes, **headers: str) -> Any:
    return client.post("/api/v1/apr", body, content_type="application/json", **headers)


def example(name: str, kind: str = "request") -> str:
    return (EXAMPLES / f"{name}.{kind}.json").read_text()


def test_a_token_gets_the_documented_response(world: World) -> None:
    _, raw = api_token_create(acting_user=world.tess, name="pms")
    name = "apr-every-2-months-odd-first-and-final-payment"
    response = post(Client(), example(name), HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200
    assert response.json() == json.loads(example(name, "response"))


def test_a_session_gets_it_too_and_nothing_is_audited(world: World) -> None:
    before = AuditEvent.objects.count()
    response = post(signed_in(world.fran), example(MONTHLY))
    assert response.status_code == 200
    assert response.json()["apr_percent"] == "9.69"
    assert AuditEvent.objects.count() == before


def test_invalid_input_is_422_with_every_field(world: World) -> None:
    response = post(signed_in(world.doc), example("apr-invalid"))
    assert response.status_code == 422
    assert response.json() == json.loads(example("apr-invalid", "response"))
    paths = [e["path"] for e in response.json()["errors"]]
    assert "payments[1].every" in paths and "amount_financed" in paths


def test_numbers_stay_exact(world: World) -> None:
    request = json.loads(example(MONTHLY))
    request["amount_financed"] = 5000.1
    response = post(signed_in(world.tess), json.dumps(request))
    assert response.status_code == 200
    assert response.json()["amount_financed"] == "5000.10"
    assert response.json()["finance_charge"] == "519.90"


def test_not_json_and_not_utf8(world: World) -> None:
    client = signed_in(world.tess)
    assert post(client, "{").status_code == 422
    assert post(client, b"\xff\xfe").status_code == 422


def test_anonymous_callers_get_401() -> None:
    response = post(Client(), example(MONTHLY))
    assert response.status_code == 401
    assert response.json()["errors"][0]["path"] == ""


def test_a_user_of_any_practice_may_ask(world: World) -> None:
    """No practice in the URL: the outsider of practice A's tests is a customer too."""
    assert post(signed_in(world.olga), example(MONTHLY)).status_code == 200


def test_the_openapi_schema_documents_request_and_response(world: World) -> None:
    schema = signed_in(world.tess).get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/apr"]["post"]
    body = operation["requestBody"]["content"]["application/json"]["schema"]
    assert body["title"] == "Casepath APR request, version 1"
    ok = operation["responses"].get("200") or operation["responses"][200]
    assert ok["content"]["application/json"]["schema"]["title"] == (
        "Casepath APR response, version 1"
    )


def test_the_openapi_schema_has_no_dangling_references(world: World) -> None:
    text = signed_in(world.tess).get("/api/v1/openapi.json").content.decode()
    assert "#/$defs/" not in text
