"""The `casepath` command, run in-process: bad input, seed, demo, serve and manage."""

from __future__ import annotations

import json
from typing import Any

import pytest

from casepath import cli
from casepath.demo.generator import ORGANIZATION_NAME
from casepath.patients.models import Patient
from casepath.tenancy.models import Organization


@pytest.fixture(autouse=True)
def django_already_set_up(monkeypatch: pytest.MonkeyPatch) -> None:
    """pytest-django has configured Django; a second setup would reset logging."""
    monkeypatch.setattr(cli, "_django", lambda: None)


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Calls to waitress instead of a server that runs until Ctrl+C."""
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr("waitress.serve", lambda app, **kw: calls.append({"app": app, **kw}))
    return calls


def errors_of(capsys: pytest.CaptureFixture[str]) -> list[dict[str, str]]:
    captured = capsys.readouterr()
    assert captured.out == ""
    errors: list[dict[str, str]] = json.loads(captured.err)["errors"]
    return errors


@pytest.mark.parametrize(
    ("argv", "path", "message"),
    [
        (["seed", "--patients", "-1"], "--patients", "must be zero or more; got -1"),
        (["seed", "--patients", "abc"], "--patients", "must be a whole number; got 'abc'"),
        (["demo", "--patients", "-5"], "--patients", "must be zero or more; got -5"),
        (["seed", "--seed", "x"], "--seed", "invalid int value: 'x'"),
        (["serve", "--port", "http"], "--port", "invalid int value: 'http'"),
        (["seed", "--colour", "blue"], "--colour blue", "unrecognized arguments"),
        ([], "command", "the following arguments are required"),
    ],
)
def test_bad_input_exits_2_with_json_naming_the_option(
    capsys: pytest.CaptureFixture[str], argv: list[str], path: str, message: str
) -> None:
    assert cli.main(argv) == 2
    assert errors_of(capsys) == [{"path": path, "message": message}]


def test_unknown_command_names_the_choices(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["sed"]) == 2
    [error] = errors_of(capsys)
    assert error["path"] == "command"
    assert error["message"].startswith("invalid choice: 'sed'")
    assert "'seed'" in error["message"]


def test_help_still_prints_usage(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        cli.main(["seed", "--help"])
    assert exited.value.code == 0
    assert "--patients" in capsys.readouterr().out


def test_seed_loads_the_demo_organization(db: Any, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["seed", "--patients", "3", "--seed", "7"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(
        f"Seeded {ORGANIZATION_NAME}: 2 practices (Brightside Dental · Riverside, "
        "Brightside Dental · Hillcrest), 6 staff logins, 6 patients"
    )
    assert Patient.objects.filter(intakes=None).count() == 6  # besides the demo's new patients


def test_seed_into_a_seeded_database_exits_2_and_adds_nothing(
    db: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["seed", "--patients", "2"]) == 0
    capsys.readouterr()
    assert cli.main(["seed", "--patients", "2"]) == 2
    assert errors_of(capsys) == [
        {
            "path": "DATABASE_URL",
            "message": f"this database already holds {ORGANIZATION_NAME}; "
            "seed only into an empty database",
        }
    ]
    assert Organization.objects.filter(name=ORGANIZATION_NAME).count() == 1
    assert Patient.objects.filter(intakes=None).count() == 4  # besides the demo's new patients


def test_serve_runs_waitress_with_the_options(served: list[dict[str, Any]]) -> None:
    from casepath.wsgi import application

    assert cli.main(["serve", "--host", "0.0.0.0", "--port", "8123", "--threads", "2"]) == 0  # noqa: S104
    assert served == [
        {"app": application, "host": "0.0.0.0", "port": 8123, "threads": 2, "ident": "Casepath"}  # noqa: S104
    ]


def test_demo_migrates_seeds_once_and_serves(
    db: Any,
    served: list[dict[str, Any]],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    migrations: list[str] = []  # the test database is migrated; test_environment runs migrate
    monkeypatch.setattr(cli, "_migrate", lambda args: migrations.append(args.command))
    workers: list[bool] = []  # a real worker thread would poll the test database
    monkeypatch.setattr(cli, "_start_worker_thread", lambda: workers.append(True))
    assert cli.main(["demo", "--patients", "2", "--port", "8001"]) == 0
    first = capsys.readouterr().out
    assert f"Seeded {ORGANIZATION_NAME}" in first
    assert "Demo logins (password for all: casepath-demo):" in first
    assert "Casepath is serving on http://127.0.0.1:8001/" in first
    assert cli.main(["demo", "--patients", "2"]) == 0
    again = capsys.readouterr().out
    assert "Seeded" not in again
    assert "Demo logins" in again
    assert Patient.objects.filter(intakes=None).count() == 4  # besides the demo's new patients
    assert [call["port"] for call in served] == [8001, 8000]
    assert migrations == ["demo", "demo"]
    assert workers == [True, True]


def test_the_demo_worker_thread_runs_queued_tasks(transactional_db: Any) -> None:
    """The thread `casepath demo` starts picks up a task queued by the web process."""
    import time

    from django_tasks_db.models import DBTaskResult

    from casepath.estimates.tasks import reestimate

    result = reestimate.enqueue(0)  # no run 0: the task fails, which is recorded too
    worker = cli._start_worker_thread()
    try:
        for _ in range(100):
            row = DBTaskResult.objects.get(pk=result.id)
            if row.status in ("FAILED", "SUCCESSFUL"):
                break
            time.sleep(0.1)
    finally:
        worker.running = False
        worker.thread.join(timeout=10)
    assert row.status == "FAILED"
    assert not worker.thread.is_alive()


def test_manage_passes_through_to_django(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["manage", "check"]) == 0
    assert "System check identified no issues" in capsys.readouterr().out
