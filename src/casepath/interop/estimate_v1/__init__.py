"""The estimate interchange format, version 1 (docs/formats/estimate-v1.md).

`respond(text)` is the whole contract for the CLI and the API: JSON text in,
(status, JSON object) out; status 0 with the estimate, or 2 with
`{"errors": [{"path", "message"}]}`.
"""

from __future__ import annotations

import json
from decimal import Decimal
from functools import cache
from importlib.resources import files
from typing import Any

from casepath.core.benefits import estimate
from casepath.core.errors import CasepathError
from casepath.interop.estimate_v1.decode import FORMAT, decode_request
from casepath.interop.estimate_v1.encode import encode_result

__all__ = [
    "FORMAT",
    "decode_request",
    "encode_result",
    "error_body",
    "json_schema",
    "parse_json",
    "respond",
]


def parse_json(text: str) -> Any:
    """JSON with exact numbers (Decimal, never float); CasepathError when malformed."""
    try:
        return json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        message = f"is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
        raise CasepathError.at("", message) from None


def error_body(error: CasepathError) -> dict[str, Any]:
    return {"errors": [{"path": e.path, "message": e.message} for e in error.errors]}


@cache
def json_schema(name: str) -> dict[str, Any]:
    """The published JSON Schema `request` or `response` (docs/formats/estimate-v1.md)."""
    text = files(__package__).joinpath("schema", f"{name}.json").read_text()
    schema: dict[str, Any] = json.loads(text)
    return schema


def respond(text: str) -> tuple[int, dict[str, Any]]:
    try:
        return 0, encode_result(estimate(decode_request(parse_json(text))))
    except CasepathError as error:
        return 2, error_body(error)
