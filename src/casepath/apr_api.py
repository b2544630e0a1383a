"""API: `POST /api/v1/apr`, the APR format v1 (docs/formats/apr-v1.md).

The body is read as text and parsed with exact decimals, so that amounts given as
JSON numbers never pass through float. It needs a signed-in caller, no practice:
the request is a payment schedule and nothing else, nothing is stored and there
is no patient data, so nothing is audited.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from ninja import Router

from casepath.estimates.api import _inline as inline_refs
from casepath.interop.apr_v1 import json_schema, respond

router = Router(tags=["financing"])


def _openapi() -> dict[str, Any]:
    def body(name: str) -> dict[str, Any]:
        schema = json_schema(name)
        inlined = inline_refs(schema, schema.get("$defs", {}))
        return {"content": {"application/json": {"schema": inlined}}}

    return {
        "requestBody": {"required": True, **body("request")},
        "responses": {
            200: {"description": "The Truth-in-Lending figures", **body("response")},
            422: {"description": "Invalid request: every field at fault, with its path"},
        },
    }


@router.post("/apr", openapi_extra=_openapi())
def apr(request: HttpRequest) -> HttpResponse:
    """Annual percentage rate, finance charge and total of payments of a payment schedule."""
    try:
        text = request.body.decode("utf-8")
    except UnicodeDecodeError:
        text = "\ufffd"
    status, body = respond(text)
    return JsonResponse(body, status=200 if status == 0 else 422)
