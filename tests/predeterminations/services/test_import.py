"""The payer's FHIR ClaimResponse, imported as the answer: items by sequence, the payer's
reference and last day; an unknown item or an error response is refused whole."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from casepath.core.errors import CasepathError, FieldError
from casepath.predeterminations.models import Predetermination
from casepath.predeterminations.response_services import predetermination_import_response
from casepath.predeterminations.selectors import lines_of
from tests.conftest import World
from tests.predeterminations.builders import NOW, RECEIVED, sent
from tests.predeterminations.services.helpers import rows, state


def adjudication(category: str, amount: str, reason: str = "") -> dict[str, Any]:
    entry: dict[str, Any] = {
        "category": {"coding": [{"code": category}]},
        "amount": {"value": float(amount), "currency": "USD"},
    }
    if reason:
        entry["reason"] = {"coding": [{"code": "ar002", "display": reason}]}
    return entry


def claim_response(*items: dict[str, Any], outcome: str = "complete", **extra: Any) -> str:
    """Like the official claimresponse-example.json, for a pre-determination."""
    resource: dict[str, Any] = {
        "resourceType": "ClaimResponse",
        "id": "PR2026-0402",
        "status": "active",
        "type": {
            "coding": [
                {"system": "http://terminology.hl7.org/CodeSystem/claim-type", "code": "oral"}
            ]
        },
        "use": "preauthorization",
        "patient": {"reference": "#patient"},
        "created": "2026-04-01",
        "insurer": {"display": "Keystone Dental"},
        "outcome": outcome,
        "disposition": "Pre-determination complete.",
        "preAuthRef": "KD-18SS12345",
        "preAuthPeriod": {"start": "2026-04-01", "end": "2026-12-31"},
        "item": list(items),
        "processNote": [{"number": 1, "text": "Frequency: one implant per tooth per lifetime."}],
        **extra,
    }
    return json.dumps(resource)


IMPLANT = {
    "itemSequence": 1,
    "noteNumber": [1],
    "adjudication": [adjudication("eligible", "1700.00"), adjudication("benefit", "850.00")],
}
CROWN = {
    "itemSequence": 2,
    "adjudication": [
        adjudication("eligible", "1100.00"),
        adjudication("benefit", "0.00", "Missing tooth clause"),
    ],
}


def test_an_imported_answer_is_recorded_per_procedure(world: World) -> None:
    pd = sent(world).pd
    text = claim_response(IMPLANT, CROWN)
    predetermination_import_response(
        acting_user=world.tess, predetermination=pd, text=text, today=RECEIVED, now=NOW
    )
    saved = Predetermination.objects.get(pk=pd.pk)
    assert (saved.status, saved.received_on, saved.response_expiry) == (
        "received",
        date(2026, 4, 1),
        date(2026, 12, 31),
    )
    assert (saved.expires_on, saved.payer_reference) == (date(2026, 12, 31), "KD-18SS12345")
    assert saved.claim_response == json.loads(text)
    answers = [
        (x.answered, x.approved, x.allowed, x.denied, x.reason, x.remarks) for x in lines_of(saved)
    ]
    assert answers == [
        (
            True,
            Decimal("850.00"),
            Decimal("1700.00"),
            False,
            "",
            "Frequency: one implant per tooth per lifetime.",
        ),
        (True, Decimal("0.00"), Decimal("1100.00"), True, "Missing tooth clause", ""),
    ]


def test_an_unknown_item_is_refused_at_its_line(world: World) -> None:
    pd = sent(world).pd
    unknown = {**CROWN, "itemSequence": 3}
    before, counted = state(pd), rows()
    with pytest.raises(CasepathError) as error:
        predetermination_import_response(
            acting_user=world.tess,
            predetermination=pd,
            text=claim_response(IMPLANT, unknown),
            today=RECEIVED,
            now=NOW,
        )
    assert error.value.errors == (
        FieldError("lines[1].line_id", "Line 2 answers a procedure that is not on this request."),
    )
    assert (state(pd), rows()) == (before, counted)
    assert Predetermination.objects.get(pk=pd.pk).claim_response == {}


def test_an_error_response_is_refused(world: World) -> None:
    pd = sent(world).pd
    before, counted = state(pd), rows()
    text = claim_response(
        outcome="error",
        disposition="Subscriber not found.",
        error=[{"code": {"coding": [{"code": "a002"}]}}],
    )
    with pytest.raises(CasepathError) as error:
        predetermination_import_response(
            acting_user=world.tess, predetermination=pd, text=text, today=RECEIVED, now=NOW
        )
    assert error.value.errors == (
        FieldError("claim_response", "The payer reports an error: a002."),
    )
    assert (state(pd), rows()) == (before, counted)


def test_a_document_that_is_not_a_claim_response(world: World) -> None:
    pd = sent(world).pd
    with pytest.raises(CasepathError) as error:
        predetermination_import_response(
            acting_user=world.tess,
            predetermination=pd,
            text='{"resourceType": "Claim"}',
            today=RECEIVED,
            now=NOW,
        )
    assert [e.path for e in error.value.errors] == ["resourceType"]
    assert Predetermination.objects.get(pk=pd.pk).status == "sent"
