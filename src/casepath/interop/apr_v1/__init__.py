"""The APR interchange format, version 1 (docs/formats/apr-v1.md).

`respond(text)` is the whole contract for the CLI and the API: JSON text in,
(status, JSON object) out; status 0 with the Truth-in-Lending figures, or 2
with `{"errors": [{"path", "message"}]}`.
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from typing import Any

from casepath.core.errors import CasepathError
from casepath.core.financing import disclose
from casepath.interop.apr_v1.encode import encode_disclosure
from casepath.interop.apr_v1.reader import FORMAT, AprRequest, read_request
from casepath.interop.estimate_v1 import error_body, parse_json

__all__ = ["FORMAT", "AprRequest", "encode_disclosure", "json_schema", "read_request", "respond"]


@cache
def json_schema(name: str) -> dict[str, Any]:
    """The published JSON Schema `request` or `response` (docs/formats/apr-v1.md)."""
    text = files(__package__).joinpath("schema", f"{name}.json").read_text()
    schema: dict[str, Any] = json.loads(text)
    return schema


def respond(text: str) -> tuple[int, dict[str, Any]]:
    try:
        request = read_request(parse_json(text))
        disclosure = disclose(request.amount_financed, request.advance_date, request.payments)
        return 0, encode_disclosure(disclosure)
    except CasepathError as error:
        return 2, error_body(error)
