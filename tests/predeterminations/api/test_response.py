"""The payer's answer through the API: typed per line, or imported as a FHIR ClaimResponse."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from casepath.cases.models import CaseEvent
from casepath.followups.models import Priority, Task
from tests.conftest import World
from tests.predeterminations.api.conftest import line_ids, paths, pd_url, send, written
from tests.predeterminations.builders import drafted, received, sent

pytestmark = pytest.mark.django_db
TODAY = "2026-04-02 11:00:00-04:00"
DENIAL = "Not covered until the implant is restored"


def answer_body(pd: Any, **changes: Any) -> dict[str, Any]:
    """The PPO approves $1,000.00 of the implant and denies the crown."""
    implant, crown = line_ids(pd)
    values: dict[str, Any] = {
        "received_on": "2026-04-02",
        "response_expiry": "2026-12-31",
        "lines": [
            {"line_id": implant, "approved": "1000.00", "allowed": "1700.00", "remarks": " 1/5y "},
            {"line_id": crown, "denied": True, "reason": DENIAL},
        ],
    }
    return values | changes


def respond(client: Client, pd: Any, body: dict[str, Any]) -> Any:
    with time_machine.travel(TODAY, tick=False):
        return send(client, "post", pd_url(pd, "/response"), body)


def test_recording_the_answer(world: World, tess: Client) -> None:
    asked = sent(world)
    implant, crown = line_ids(asked.pd)
    answer = respond(tess, asked.pd, answer_body(asked.pd))
    assert answer.status_code == 200, answer.data
    data = answer.data
    assert (data["status"], data["status_label"]) == ("received", "Received")
    assert (data["received_on"], data["response_expiry"], data["expires_on"]) == (
        "2026-04-02",
        "2026-12-31",
        "2026-12-31",
    )
    assert (data["fee_total"], data["approved_total"]) == ("3850.00", "1000.00")
    common = {"surfaces": "", "tooth": "19", "answered": True}
    assert [{k: v for k, v in line.items() if k != "procedure_id"} for line in data["lines"]] == [
        common
        | {"id": implant, "position": 0, "code": "D6010", "fee": "2400.00"}
        | {"approved": "1000.00", "allowed": "1700.00", "denied": False}
        | {"reason": "", "remarks": "1/5y"},
        common
        | {"id": crown, "position": 1, "code": "D6058", "fee": "1450.00"}
        | {"approved": "0.00", "allowed": None, "denied": True}
        | {"reason": DENIAL, "remarks": ""},
    ]


def test_the_answer_opens_a_call_and_is_on_the_timeline(world: World, tess: Client) -> None:
    asked = sent(world)
    assert respond(tess, asked.pd, answer_body(asked.pd)).status_code == 200
    task = Task.objects.get(case=asked.made.case)
    assert (task.owner, task.priority, task.status) == (world.tess, Priority.HIGH, "open")
    # The patient's name part is response_services' to word (str(patient) at present).
    assert task.title.startswith("Call ")
    assert task.title.endswith(
        ": Keystone Dental answered the pre-determination ($1,000.00 approved, 1 denied)"
    )
    with time_machine.travel(TODAY, tick=False):
        assert task.due_at == timezone.now() + timedelta(hours=48)
    event = CaseEvent.objects.filter(kind="predetermination").order_by("pk").last()
    assert event.summary == (
        "Pre-determination answered by Keystone Dental on 2026-04-02: $1,000.00 approved"
    )


def test_without_a_date_the_answer_holds_the_practice_months(world: World, tess: Client) -> None:
    asked = sent(world)
    answer = respond(tess, asked.pd, answer_body(asked.pd, response_expiry=None))
    assert answer.status_code == 200, answer.data
    assert (answer.data["response_expiry"], answer.data["expires_on"]) == (None, "2027-04-02")


def test_a_corrected_answer_replaces_the_first(world: World, tess: Client) -> None:
    asked = received(world)
    implant, crown = line_ids(asked.pd)
    lines = [{"line_id": implant, "approved": "1200.00"}, {"line_id": crown, "approved": "650.5"}]
    answer = respond(tess, asked.pd, {"received_on": "2026-04-02", "lines": lines})
    assert answer.status_code == 200, answer.data
    assert [line["approved"] for line in answer.data["lines"]] == ["1200.00", "650.50"]
    assert answer.data["approved_total"] == "1850.50"


def test_a_response_on_a_draft_is_refused(world: World, tess: Client) -> None:
    asked = drafted(world)
    before = written()
    answer = respond(tess, asked.pd, answer_body(asked.pd))
    assert answer.status_code == 422
    assert answer.data["errors"] == [
        {
            "path": "status",
            "message": "A draft pre-determination cannot be marked received: send it first.",
        }
    ]
    assert written() == before


def _first_line(pd: Any, **line: Any) -> list[dict[str, Any]]:
    implant, _ = line_ids(pd)
    return [{"line_id": implant, "approved": "1000.00"} | line]


BAD_ANSWERS = [
    pytest.param(
        lambda pd: {"lines": [{"line_id": 999999, "approved": "10.00"}]},
        [
            {
                "path": "lines[0].line_id",
                "message": "Line 1 answers a procedure that is not on this request.",
            }
        ],
        id="line-not-on-the-request",
    ),
    pytest.param(
        lambda pd: {"lines": _first_line(pd, approved="2500.00")},
        [
            {
                "path": "lines[0].approved",
                "message": "The approved $2,500.00 for D6010 on line 1 is more than its fee "
                "of $2,400.00.",
            }
        ],
        id="above-the-fee",
    ),
    pytest.param(
        lambda pd: {"received_on": "2026-03-01", "lines": _first_line(pd)},
        [
            {
                "path": "received_on",
                "message": "The response cannot arrive on 2026-03-01, before the request was "
                "sent on 2026-03-13.",
            }
        ],
        id="received-before-sent",
    ),
    pytest.param(
        lambda pd: {"received_on": "2026-04-03", "lines": _first_line(pd)},
        [
            {
                "path": "received_on",
                "message": "The response cannot be received after today (2026-04-02).",
            }
        ],
        id="received-after-today",
    ),
    pytest.param(
        lambda pd: {"lines": _first_line(pd, approved=None)},
        [
            {
                "path": "lines[0].approved",
                "message": "Enter the amount approved for D6010 on line 1, or mark it denied.",
            }
        ],
        id="no-amount-no-denial",
    ),
    pytest.param(
        lambda pd: {"lines": []},
        [{"path": "lines", "message": "Answer at least one procedure."}],
        id="no-lines",
    ),
]


@pytest.mark.parametrize(("change", "errors"), BAD_ANSWERS)
def test_bad_answers_name_the_field_and_write_nothing(
    world: World, tess: Client, change: Any, errors: list[dict[str, str]]
) -> None:
    asked = sent(world)
    before = written()
    answer = respond(tess, asked.pd, answer_body(asked.pd, **change(asked.pd)))
    assert answer.status_code == 422
    assert answer.data["errors"] == errors
    assert written() == before
    assert not Task.objects.exists()


@pytest.mark.parametrize(
    ("line", "path"),
    [({"approved": "lots"}, "lines.0.approved"), ({"line_id": None}, "lines.0.line_id")],
)
def test_values_of_the_wrong_type_name_the_field(
    world: World, tess: Client, line: dict[str, Any], path: str
) -> None:
    asked = sent(world)
    answer = respond(tess, asked.pd, answer_body(asked.pd, lines=_first_line(asked.pd, **line)))
    assert answer.status_code == 422
    assert paths(answer) == [path]


# ---- the FHIR ClaimResponse ------------------------------------------------------


def adjudication(category: str, value: int, reason: str = "") -> dict[str, Any]:
    found: dict[str, Any] = {
        "category": {"coding": [{"code": category}]},
        "amount": {"value": value, "currency": "USD"},
    }
    if reason:
        found["reason"] = {"coding": [{"code": "limit", "display": reason}]}
    return found


def claim_response(**changes: Any) -> dict[str, Any]:
    """The PPO's answer: $1,000.00 of an eligible $1,700.00 for the implant, the crown denied."""
    values: dict[str, Any] = {
        "resourceType": "ClaimResponse",
        "status": "active",
        "type": {
            "coding": [
                {"system": "http://terminology.hl7.org/CodeSystem/claim-type", "code": "oral"}
            ]
        },
        "use": "preauthorization",
        "patient": {"display": "Ana Lopez"},
        "created": "2026-04-01",
        "insurer": {"display": "Keystone Dental"},
        "outcome": "complete",
        "preAuthRef": "KD-PA-7781",
        "preAuthPeriod": {"start": "2026-04-01", "end": "2026-10-01"},
        "item": [
            {
                "itemSequence": 1,
                "adjudication": [adjudication("eligible", 1700), adjudication("benefit", 1000)],
            },
            {"itemSequence": 2, "adjudication": [adjudication("benefit", 0, DENIAL)]},
        ],
    }
    return values | changes


def import_response(client: Client, pd: Any, body: Any) -> Any:
    with time_machine.travel(TODAY, tick=False):
        return send(client, "post", pd_url(pd, "/claim-response"), body)


def test_importing_the_payers_claim_response(world: World, tess: Client) -> None:
    asked = sent(world)
    answer = import_response(tess, asked.pd, claim_response())
    assert answer.status_code == 200, answer.data
    data = answer.data
    assert (data["status"], data["received_on"], data["expires_on"]) == (
        "received",
        "2026-04-01",
        "2026-10-01",
    )
    assert data["payer_reference"] == "KD-PA-7781"
    assert [
        (line["code"], line["approved"], line["allowed"], line["denied"], line["reason"])
        for line in data["lines"]
    ] == [("D6010", "1000.00", "1700.00", False, ""), ("D6058", "0.00", None, True, DENIAL)]
    asked.pd.refresh_from_db()
    assert asked.pd.claim_response == claim_response()
    assert Task.objects.filter(case=asked.made.case, status="open").count() == 1


@pytest.mark.parametrize(
    ("body", "path", "words"),
    [
        pytest.param(
            claim_response(outcome="error", error=[{"code": {"coding": [{"code": "a001"}]}}]),
            "claim_response",
            "The payer reports an error: a001.",
            id="payer-error",
        ),
        pytest.param({"resourceType": "Claim"}, "resourceType", "This is a Claim", id="a-claim"),
        pytest.param("{not json", "claim_response", "This is not JSON", id="not-json"),
        pytest.param(
            claim_response(item=[{"itemSequence": 7, "adjudication": []}]),
            "lines[0].line_id",
            "not on this request",
            id="unknown-item",
        ),
    ],
)
def test_a_bad_claim_response_is_refused(
    world: World, tess: Client, body: Any, path: str, words: str
) -> None:
    asked = sent(world)
    before = written()
    answer = import_response(tess, asked.pd, body)
    assert answer.status_code == 422
    assert answer.data["errors"][0]["path"] == path
    assert words in answer.data["errors"][0]["message"]
    assert written() == before


def test_a_claim_response_for_a_draft_is_refused(world: World, tess: Client) -> None:
    asked = drafted(world)
    answer = import_response(tess, asked.pd, json.dumps(claim_response()))
    assert answer.status_code == 422
    assert paths(answer) == ["status"]
    asked.pd.refresh_from_db()
    assert (asked.pd.status, asked.pd.claim_response) == ("draft", {})
