"""POST /api/v1/estimates answers the estimate format, with 422 and the envelope on errors."""

from __future__ import annotations

import json
from pathlib import Path

from django.test import Client

from casepath.accounts.services import api_token_create
from tests.conftest import World, signed_in

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "formats" / "examples"


def post(client: Client, body: str, **headers: str) -> object:
    return client.post("/api/v1/estimates", body, content_type="application/json", **headers)


def test_a_token_gets_the_documented_response(world: World) -> None:
    _, raw = api_token_create(acting_user=world.tess, name="pms")
    body = (EXAMPLES / "ppo-primary-with-carve-out-secondary.request.json").read_text()
    response = post(Client(), body, HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200
    expected = (EXAMPLES / "ppo-primary-with-carve-out-secondary.response.json").read_text()
    assert response.json() == json.loads(expected)


def test_invalid_input_is_422_with_every_field(world: World) -> None:
    body = (EXAMPLES / "invalid.request.json").read_text()
    response = post(signed_in(world.doc), body)
    assert response.status_code == 422
    paths = [e["path"] for e in response.json()["errors"]]
    assert paths == [
        "as_of",
        "procedures[0].code",
        "procedures[0].fee",
        "coverages[0].colour",
        "coverages[0].plan.coverage[0].percent",
    ]


def test_numbers_stay_exact(world: World) -> None:
    request = json.loads((EXAMPLES / "crown-with-history.request.json").read_text())
    request["procedures"][0]["fee"] = 1200.1
    response = post(signed_in(world.tess), json.dumps(request))
    assert response.json()["procedures"][0]["fee"] == "1200.10"


def test_not_json_and_not_utf8(world: World) -> None:
    client = signed_in(world.tess)
    assert post(client, "{").status_code == 422
    response = client.post("/api/v1/estimates", b"\xff\xfe", content_type="application/json")
    assert response.status_code == 422


def test_anonymous_callers_get_401() -> None:
    assert post(Client(), "{}").status_code == 401


def test_the_openapi_schema_documents_request_and_response(world: World) -> None:
    schema = signed_in(world.tess).get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/estimates"]["post"]
    body = operation["requestBody"]["content"]["application/json"]["schema"]
    assert body["title"] == "Casepath estimate request, version 1"
    assert "200" in operation["responses"] or 200 in operation["responses"]


def test_the_openapi_schema_has_no_dangling_references(world: World) -> None:
    text = signed_in(world.tess).get("/api/v1/openapi.json").content.decode()
    assert "#/$defs/" not in text
