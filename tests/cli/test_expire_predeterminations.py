"""`casepath expire-predeterminations`: the daily job that expires payers' answers."""

from __future__ import annotations

import json

import pytest

from casepath.cases.models import CaseEvent
from casepath.cli import main
from casepath.predeterminations.models import Predetermination
from tests.conftest import World
from tests.predeterminations.builders import received, sent


@pytest.fixture(autouse=True)
def django_already_set_up(monkeypatch: pytest.MonkeyPatch) -> None:
    """pytest-django has configured Django; a second setup would reset logging."""
    monkeypatch.setattr("casepath.cli._django", lambda: None)


def test_answers_past_their_last_day_expire(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    answered = received(world).pd  # holds through 2027-04-02
    assert main(["expire-predeterminations", "--today", "2027-04-02"]) == 0
    assert capsys.readouterr().out.strip() == "0 pre-determination(s) expired"
    assert Predetermination.objects.get(pk=answered.pk).status == "received"
    assert main(["expire-predeterminations", "--today", "2027-04-03"]) == 0
    assert capsys.readouterr().out.strip() == "1 pre-determination(s) expired"
    assert Predetermination.objects.get(pk=answered.pk).status == "expired"
    event = CaseEvent.objects.filter(case=answered.case).last()
    assert event is not None
    assert (event.actor_name, event.summary) == (
        "system",
        "Pre-determination expired on 2027-04-02",
    )


def test_requests_waiting_for_an_answer_stay(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    waiting = sent(world).pd
    assert main(["expire-predeterminations", "--today", "2030-01-01"]) == 0
    assert capsys.readouterr().out.strip() == "0 pre-determination(s) expired"
    assert Predetermination.objects.get(pk=waiting.pk).status == "sent"


def test_a_bad_day_names_the_option(db: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["expire-predeterminations", "--today", "03/04/2027"]) == 2
    captured = capsys.readouterr()
    assert json.loads(captured.err) == {
        "errors": [{"path": "--today", "message": "use a date such as 2026-03-10"}]
    }
