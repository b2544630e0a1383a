"""The documented APR examples run, give exactly the documented responses, and
agree with the published JSON Schemas (docs/formats/apr-v1.md)."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from casepath.cli import main
from casepath.interop.apr_v1 import json_schema

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "formats" / "examples"
REQUESTS = sorted(EXAMPLES.glob("apr-*.request.json"))
DOC = EXAMPLES.parent / "apr-v1.md"
ENVELOPE = EXAMPLES.parents[2] / "src" / "casepath" / "interop" / "errors.schema.json"


def load(path: Path) -> Any:
    return json.loads(path.read_text(), parse_float=Decimal)


def response_of(request_file: Path) -> Path:
    return request_file.with_name(request_file.name.replace(".request.", ".response."))


def validate(name: str, instance: Any) -> list[str]:
    validator = Draft202012Validator(json_schema(name))
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(instance)]


def test_there_are_examples_of_every_kind() -> None:
    names = {p.name.removesuffix(".request.json") for p in REQUESTS}
    assert {"apr-monthly-regular-first-period", "apr-invalid"} <= names
    units = {load(response_of(p)).get("unit_period") for p in REQUESTS}
    assert units >= {"week", "2weeks", "4weeks", "semimonth", "month", "2months", "quarter"}


def test_the_document_links_every_example() -> None:
    text = DOC.read_text()
    assert all(p.name in text for p in REQUESTS)


@pytest.mark.parametrize("request_file", REQUESTS, ids=lambda p: p.name)
def test_example_gives_the_documented_response(
    request_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["apr", str(request_file)])
    printed = json.loads(capsys.readouterr().out)
    expected = json.loads(response_of(request_file).read_text())
    assert printed == expected
    assert status == (2 if "errors" in expected else 0)


@pytest.mark.parametrize("request_file", REQUESTS, ids=lambda p: p.name)
def test_example_agrees_with_the_schemas(request_file: Path) -> None:
    response = load(response_of(request_file))
    if "errors" in response:
        assert validate("request", load(request_file))
        envelope = Draft202012Validator(json.loads(ENVELOPE.read_text()))
        assert list(envelope.iter_errors(response)) == []
        return
    assert validate("request", load(request_file)) == []
    assert validate("response", response) == []


@pytest.mark.parametrize(
    ("change", "value"),
    [
        ("colour", "blue"),
        ("amount_financed", "0"),
        ("amount_financed", "12.345"),
        ("advance_date", "10/01/1978"),
        ("payments", []),
    ],
)
def test_the_schema_refuses_what_the_reader_refuses(change: str, value: Any) -> None:
    request = load(EXAMPLES / "apr-monthly-regular-first-period.request.json")
    request[change] = value
    assert validate("request", request)


def test_the_schema_refuses_a_payment_in_both_forms() -> None:
    request = load(EXAMPLES / "apr-monthly-regular-first-period.request.json")
    request["payments"][0]["date"] = "1978-02-10"
    assert validate("request", request)


def test_the_command_needs_no_configuration_at_all() -> None:
    request = (EXAMPLES / "apr-monthly-regular-first-period.request.json").read_text()
    done = subprocess.run(
        [sys.executable, "-m", "casepath", "apr", "-"],
        input=request,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin"},
        check=False,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["apr_percent"] == "9.69"
    assert done.stderr == ""
