"""The payer's answer: entered per procedure or imported as a FHIR ClaimResponse.

An answer is checked whole (core `check_response`): nothing is saved while one
problem remains. Once saved, its approved amounts become the estimate for those
procedures ("from pre-determination of <date>"), every open estimate of the patient
is re-estimated, and the case's TC gets a task to call the patient. Answers hold
until they expire (`predeterminations_expire`, daily).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction

from casepath.core.errors import CasepathError
from casepath.core.followups import value_at_stake
from casepath.core.money import ZERO, to_cents
from casepath.core.predeterminations import (
    RequestedLine,
    ResponseLine,
    Status,
    check_response,
    check_transition,
    expires_on,
)
from casepath.followups.models import Priority, TaskReason
from casepath.followups.services import task_open, tasks_cancel
from casepath.interop.fhir_predetermination import read_claim_response
from casepath.predeterminations.amounts import apply_answers, withdraw_answers
from casepath.predeterminations.models import Predetermination, PredeterminationLine
from casepath.predeterminations.selectors import lines_of, predetermination_settings
from casepath.predeterminations.services import locked, payer_name, task_prefix, timeline_event
from casepath.tenancy.scoping import scoped

CALL_WITHIN = timedelta(hours=48)


@transaction.atomic
def predetermination_record_response(
    *,
    acting_user: Any,
    predetermination: Predetermination,
    received_on: date,
    response_expiry: date | None,
    lines: Sequence[ResponseLine],
    today: date,
    now: datetime,
) -> Predetermination:
    """Save the payer's answer (a corrected answer replaces the earlier one)."""
    pd = locked(predetermination)
    if pd.status != Status.RECEIVED:
        check_transition(pd.status, Status.RECEIVED)
    corrected_from = pd.received_on if pd.status == Status.RECEIVED else None
    rows = lines_of(pd)
    _check(pd, rows, lines, received_on, response_expiry, today)
    _save_answers(rows, lines)
    rules = predetermination_settings(pd.practice)
    pd.status, pd.received_on, pd.response_expiry = Status.RECEIVED, received_on, response_expiry
    pd.expires_on = expires_on(received_on, response_expiry, rules.expiry_months)
    pd.discussed_on = None
    pd.save()
    apply_answers(pd, acting_user=acting_user, as_of=today)
    if corrected_from is not None and corrected_from != received_on:
        prefix = f"{task_prefix(pd)}received:{corrected_from}"
        tasks_cancel(practice=pd.practice, key_prefix=prefix, now=now, why="answer corrected")
    _call_task(pd, rows, now)
    approved = sum((line.approved or ZERO for line in rows if line.answered), ZERO)
    timeline_event(
        pd,
        acting_user,
        f"Pre-determination answered by {payer_name(pd.coverage)} on {received_on}: "
        f"${to_cents(approved):,.2f} approved",
    )
    return pd


def _check(
    pd: Predetermination,
    rows: list[PredeterminationLine],
    lines: Sequence[ResponseLine],
    received_on: date,
    response_expiry: date | None,
    today: date,
) -> None:
    requested = [RequestedLine(r.pk, r.code, r.tooth, r.surfaces, r.fee) for r in rows]
    problems = []
    if received_on > today:
        problems += CasepathError.at(
            "received_on", f"The response cannot be received after today ({today.isoformat()})."
        ).errors
    try:
        assert pd.sent_on is not None
        check_response(requested, lines, sent_on=pd.sent_on, received_on=received_on)
    except CasepathError as error:
        problems += error.errors
    if response_expiry is not None and response_expiry < received_on:
        problems += CasepathError.at(
            "response_expiry",
            f"The answer cannot end on {response_expiry.isoformat()}, before it was received "
            f"on {received_on.isoformat()}.",
        ).errors
    if not lines:
        problems += CasepathError.at("lines", "Answer at least one procedure.").errors
    if problems:
        raise CasepathError(*problems)


def _save_answers(rows: list[PredeterminationLine], lines: Sequence[ResponseLine]) -> None:
    answers = {line.line_id: line for line in lines}
    for row in rows:
        answer = answers.get(row.pk)
        row.answered = answer is not None
        row.approved = _cents(answer.approved) if answer else None
        row.allowed = _cents(answer.allowed) if answer else None
        row.denied = bool(answer and answer.denied)
        if row.denied and row.approved is None:
            row.approved = ZERO
        row.reason = answer.reason.strip()[:300] if answer else ""
        row.remarks = answer.remarks.strip() if answer else ""
    PredeterminationLine.objects.bulk_update(
        rows, ["answered", "approved", "allowed", "denied", "reason", "remarks", "updated_at"]
    )


def _cents(amount: Decimal | None) -> Decimal | None:
    return None if amount is None else to_cents(amount)


def _call_task(pd: Predetermination, rows: list[PredeterminationLine], now: datetime) -> None:
    approved = sum((r.approved or ZERO for r in rows if r.answered), ZERO)
    denied = sum(1 for r in rows if r.denied)
    words = f"${to_cents(approved):,.2f} approved" + (f", {denied} denied" if denied else "")
    task_open(
        practice=pd.practice,
        key=f"{task_prefix(pd)}received:{pd.received_on}",
        reason=TaskReason.PREDETERMINATION,
        title=f"Call {pd.patient.display_name}: {payer_name(pd.coverage)} answered the "
        f"pre-determination ({words})",
        patient=pd.patient,
        case=pd.case,
        owner=pd.case.coordinator,
        due_at=now + CALL_WITHIN,
        priority=Priority.HIGH,
        value_at_stake=value_at_stake(sum((r.fee for r in rows), ZERO), pd.case.status),
    )


def predetermination_import_response(
    *, acting_user: Any, predetermination: Predetermination, text: str, today: date, now: datetime
) -> Predetermination:
    """Read the payer's FHIR ClaimResponse and record it like an answer typed in."""
    response = read_claim_response(text)
    if response.outcome == "error" or response.errors:
        detail = "; ".join(response.errors) or response.disposition or "no detail"
        raise CasepathError.at("claim_response", f"The payer reports an error: {detail}.")
    rows = lines_of(predetermination)
    by_sequence = {n: row.pk for n, row in enumerate(rows, start=1)}
    lines = [
        ResponseLine(
            line_id=by_sequence.get(item.sequence or 0, -(item.sequence or 0)),
            approved=item.approved,
            allowed=item.allowed,
            denied=item.denied,
            reason=item.reason,
            remarks=item.remarks,
        )
        for item in response.items
        if not item.added
    ]
    with transaction.atomic():
        pd = predetermination_record_response(
            acting_user=acting_user,
            predetermination=predetermination,
            received_on=response.created or today,
            response_expiry=response.expires_on,
            lines=lines,
            today=today,
            now=now,
        )
        pd.claim_response = _json(text)
        if response.preauth_ref and not pd.payer_reference:
            pd.payer_reference = response.preauth_ref[:60]
        pd.save(update_fields=["claim_response", "payer_reference", "updated_at"])
    return pd


def _json(text: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(text)
    return loaded


@transaction.atomic
def predetermination_discussed(
    *, acting_user: Any, predetermination: Predetermination, on: date, today: date
) -> Predetermination:
    """The TC went over the answer with the patient: it leaves the work queue."""
    pd = locked(predetermination)
    if pd.status != Status.RECEIVED or pd.received_on is None:
        raise CasepathError.at("status", "Only an answered pre-determination can be discussed.")
    if not pd.received_on <= on <= today:
        raise CasepathError.at(
            "discussed_on",
            f"Give a day from {pd.received_on.isoformat()} (received) to {today.isoformat()}.",
        )
    pd.discussed_on = on
    pd.save(update_fields=["discussed_on", "updated_at"])
    timeline_event(pd, acting_user, f"Pre-determination answer discussed with the patient on {on}")
    return pd


def predeterminations_expire(*, practice: Any, today: date, now: datetime) -> int:
    """Expire every answer past its last day; its amounts leave the estimates."""
    due = scoped(Predetermination, practice).filter(status=Status.RECEIVED, expires_on__lt=today)
    count = 0
    for pd in due:
        with transaction.atomic():
            row = locked(pd)
            if row.status != Status.RECEIVED:  # set aside meanwhile
                continue
            row.status = Status.EXPIRED
            row.save(update_fields=["status", "updated_at"])
            withdraw_answers(row, acting_user=None, as_of=today)
            tasks_cancel(
                practice=practice, key_prefix=task_prefix(row), now=now, why="answer expired"
            )
            timeline_event(row, None, f"Pre-determination expired on {row.expires_on}")
        count += 1
    return count
