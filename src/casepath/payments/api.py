"""API: a practice's payments received (collections), listed by dates and recorded.

The practice comes from the URL during authentication, so an outsider gets 404 whatever
they send. Listing needs VIEW_REPORTS or RECORD_PAYMENTS; recording RECORD_PAYMENTS.
A refund or correction is a negative amount with a note; nothing is changed or deleted.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from casepath import apikit
from casepath.apikit import ERRORS, require
from casepath.audit.models import Action, Channel
from casepath.audit.services import audit_request
from casepath.cases.models import Case
from casepath.core.errors import CasepathError
from casepath.payments import selectors, services
from casepath.payments.models import PayerKind, Payment
from casepath.scheduling.calendar_selectors import practice_today
from casepath.tenancy.roles import Permission
from casepath.tenancy.scoping import scoped

BASE = "/practices/{practice_id}/payments"

router = Router(tags=["payments"])


class PaymentFilters(Schema):
    start: date | None = Field(None, alias="from", description="Received on or after.")
    end: date | None = Field(None, alias="to", description="Received on or before.")
    case: int | None = Field(None, description="Only this case's payments.")
    limit: int = Field(100, ge=1, le=500)
    offset: int = Field(0, ge=0)


class PaymentIn(Schema):
    case_id: int
    amount: Decimal = Field(description="Dollars; negative for a refund or correction.")
    received_on: date
    payer: PayerKind = PayerKind.PATIENT
    reference: str = Field("", description="The practice management system's transaction.")
    note: str = Field("", description="Needed for a refund or correction.")


class PaymentOut(Schema):
    id: int
    case_id: int
    patient_id: int
    amount: str
    received_on: date
    payer: str
    reference: str
    note: str
    source: str
    import_id: int | None


class PaymentPage(Schema):
    count: int
    total: str
    limit: int
    offset: int
    items: list[PaymentOut]


def _out(payment: Payment) -> dict[str, Any]:
    return {
        "id": payment.pk,
        "case_id": payment.case_id,
        "patient_id": payment.patient_id,
        "amount": f"{payment.amount:.2f}",
        "received_on": payment.received_on,
        "payer": payment.payer,
        "reference": payment.reference,
        "note": payment.note,
        "source": payment.source,
        "import_id": payment.batch_id,
    }


@router.get(BASE, response={200: PaymentPage, **ERRORS})
def payment_list(
    request: HttpRequest, practice_id: int, filters: Query[PaymentFilters]
) -> dict[str, Any]:
    """Payments received, latest first, from `from` to `to` (both included), with the
    count and total of all that match; `limit` and `offset` page through them."""
    membership = require(request, Permission.VIEW_PATIENTS)
    if not (membership.can(Permission.VIEW_REPORTS) or membership.can(Permission.RECORD_PAYMENTS)):
        raise PermissionDenied("Your role cannot see collections.")
    practice = request.practice  # type: ignore[attr-defined]
    listed = selectors.payment_list(
        practice,
        start=filters.start,
        end=filters.end,
        case=filters.case,
        limit=filters.offset + filters.limit,
    )
    page = listed.rows[filters.offset :]
    audit_request(
        request,
        channel=Channel.API,
        action=Action.SEARCH,
        object_type="payment",
        summary=f"Listed payments ({filters.start} to {filters.end}): {len(page)} shown (API)",
    )
    return {
        "count": listed.count,
        "total": f"{listed.total:.2f}",
        "limit": filters.limit,
        "offset": filters.offset,
        "items": [_out(payment) for payment in page],
    }


@router.post(BASE, response={201: PaymentOut, **ERRORS})
def payment_create(request: HttpRequest, practice_id: int, payload: PaymentIn) -> Status[Any]:
    """Record a payment received against a case (services.payment_record)."""
    require(request, Permission.RECORD_PAYMENTS)
    practice = request.practice  # type: ignore[attr-defined]
    case = scoped(Case, practice).filter(pk=payload.case_id).first()
    if case is None:
        raise CasepathError.at("case_id", "Choose a case of this practice.")
    with apikit.api_writes(request, {"case": "case_id"}):
        payment = services.payment_record(
            acting_user=request.user,
            case=case,
            amount=payload.amount,
            received_on=payload.received_on,
            payer=payload.payer,
            reference=payload.reference,
            note=payload.note,
            today=practice_today(practice, timezone.now()),
        )
    return Status(201, _out(payment))
