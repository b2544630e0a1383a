"""The documented estimate examples run, give exactly the documented responses,
and agree with the published JSON Schemas (docs/formats/estimate-v1.md)."""

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
from casepath.interop.estimate_v1 import json_schema

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "formats" / "examples"
REQUESTS = sorted(p for p in EXAMPLES.glob("*.request.json") if not p.name.startswith("apr-"))


def load(path: Path) -> Any:
    return json.loads(path.read_text(), parse_float=Decimal)


def validate(name: str, instance: Any) -> list[str]:
    validator = Draft202012Validator(json_schema(name))
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(instance)]


def test_there_are_examples_of_every_kind() -> None:
    names = {p.name.removesuffix(".request.json") for p in REQUESTS}
    assert {"crown-with-history", "invalid", "ppo-primary-with-carve-out-secondary"} <= names


@pytest.mark.parametrize("request_file", REQUESTS, ids=lambda p: p.name)
def test_example_gives_the_documented_response(
    request_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["estimate", str(request_file)])
    printed = json.loads(capsys.readouterr().out)
    expected = json.loads(
        request_file.with_name(request_file.name.replace("request", "response")).read_text()
    )
    assert printed == expected
    assert status == (2 if "errors" in expected else 0)


@pytest.mark.parametrize("request_file", REQUESTS, ids=lambda p: p.name)
def test_example_agrees_with_the_schemas(request_file: Path) -> None:
    response = load(request_file.with_name(request_file.name.replace("request", "response")))
    if "errors" in response:
        assert validate("request", load(request_file))
        return
    assert validate("request", load(request_file)) == []
    assert validate("response", response) == []


def test_the_schema_refuses_what_the_reader_refuses() -> None:
    request = load(EXAMPLES / "crown-with-history.request.json")
    request["procedures"][0]["colour"] = "blue"
    assert validate("request", request)


def test_the_command_needs_no_configuration_at_all() -> None:
    request = (EXAMPLES / "crown-with-history.request.json").read_text()
    done = subprocess.run(
        [sys.executable, "-m", "casepath", "estimate", "-"],
        input=request,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin"},
        check=False,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["totals"]["patient"] == "800.00"
    assert done.stderr == ""


def test_unreadable_file_and_bad_json_answer_with_the_envelope(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["estimate", str(tmp_path / "missing.json")]) == 2
    assert json.loads(capsys.readouterr().out)["errors"][0]["path"] == "FILE"
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": ')
    assert main(["estimate", str(broken)]) == 2
    assert "not valid JSON" in json.loads(capsys.readouterr().out)["errors"][0]["message"]
