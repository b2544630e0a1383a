"""API: `POST /api/v1/estimates`, the estimate format v1 (docs/formats/estimate-v1.md).

The body is read as text and parsed with exact decimals, so that amounts given as
JSON numbers never pass through float. It needs a signed-in caller, no practice:
the request carries everything the estimate needs and nothing is stored.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from ninja import Router

from casepath.interop.estimate_v1 import json_schema, respond

router = Router(tags=["estimates"])


def _inline(schema: Any, defs: dict[str, Any]) -> Any:
    """The schema with its local `#/$defs/...` references written out: inside the
    OpenAPI document they would resolve against the document's own root."""
    if isinstance(schema, dict):
        ref = schema.get("$ref", "")
        if ref.startswith("#/$defs/"):
            return _inline(defs[ref.removeprefix("#/$defs/")], defs)
        return {k: _inline(v, defs) for k, v in schema.items() if k not in ("$defs", "$schema")}
    if isinstance(schema, list):
        return [_inline(item, defs) for item in schema]
    return schema


def _openapi() -> dict[str, Any]:
    def body(name: str) -> dict[str, Any]:
        schema = json_schema(name)
        return {
            "content": {"application/json": {"schema": _inline(schema, schema.get("$defs", {}))}}
        }

    return {
        "requestBody": {"required": True, **body("request")},
        "responses": {
            200: {"description": "The estimate", **body("response")},
            422: {"description": "Invalid request: every field at fault, with its path"},
        },
    }


@router.post("/estimates", openapi_extra=_openapi())
def estimate(request: HttpRequest) -> HttpResponse:
    """Estimate insurance, write-off and patient portion of every procedure."""
    try:
        text = request.body.decode("utf-8")
    except UnicodeDecodeError:
        text = "\ufffd"
    status, body = respond(text)
    return JsonResponse(body, status=200 if status == 0 else 422)
