"""`casepath apr FILE|-`: the APR format on the command line, without Django."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from casepath import cli

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "formats" / "examples"
MONTHLY = EXAMPLES / "apr-monthly-regular-first-period.request.json"


@pytest.fixture(autouse=True)
def no_django(monkeypatch: pytest.MonkeyPatch) -> None:
    """The command must not set Django up: fail loudly if it tries."""

    def refuse() -> None:
        raise AssertionError("casepath apr set Django up")

    monkeypatch.setattr(cli, "_django", refuse)


def test_a_file_gives_the_figures_on_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["apr", str(MONTHLY)]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["apr_percent"] == "9.69"
    assert captured.err == ""


def test_a_dash_reads_standard_input(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    request = json.loads(MONTHLY.read_text())
    request["payments"] = [{"amount": 5520, "date": "1980-01-10"}]
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps(request)))
    assert cli.main(["apr", "-"]) == 0
    body = json.loads(capsys.readouterr().out)
    assert body["total_of_payments"] == "5520.00"
    assert body["finance_charge"] == "520.00"


def test_invalid_input_exits_2_with_the_errors_on_stdout(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    request = json.loads(MONTHLY.read_text())
    request["payments"][0]["every"] = "fortnight"
    request["amount_financed"] = "-1"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(request))
    assert cli.main(["apr", str(path)]) == 2
    captured = capsys.readouterr()
    paths = [e["path"] for e in json.loads(captured.out)["errors"]]
    assert paths == ["amount_financed", "payments[0].every"]
    assert captured.err == ""


def test_unreadable_file_and_bad_json_answer_with_the_envelope(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["apr", str(tmp_path / "missing.json")]) == 2
    assert json.loads(capsys.readouterr().out)["errors"][0]["path"] == "FILE"
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": ')
    assert cli.main(["apr", str(broken)]) == 2
    assert "not valid JSON" in json.loads(capsys.readouterr().out)["errors"][0]["message"]


def test_the_file_argument_is_required(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["apr"]) == 2
    [error] = json.loads(capsys.readouterr().err)["errors"]
    assert error == {"path": "FILE", "message": "the following arguments are required"}
