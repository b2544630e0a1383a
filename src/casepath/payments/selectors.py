"""Reads for collections: the practice's payments with their total, what a case has
collected, and the imports."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, QuerySet, Sum

from casepath.cases.models import Case
from casepath.core.patient_search import chart_key
from casepath.payments.models import Payment, PaymentImport
from casepath.tenancy.models import Practice
from casepath.tenancy.scoping import get_scoped_or_404, scoped

SHOWN = 200
LAST_ON_CARD = 3
RELATED = ("case", "patient", "recorded_by", "batch")


@dataclass(frozen=True)
class Listed:
    rows: list[Payment]
    count: int
    total: Decimal

    @property
    def truncated(self) -> bool:
        return self.count > len(self.rows)


def payments(
    practice: Practice,
    *,
    start: date | None = None,
    end: date | None = None,
    chart_number: str = "",
    case: int | None = None,
) -> QuerySet[Payment]:
    """Payments of the practice received from `start` to `end` (both included)."""
    found = scoped(Payment, practice)
    if start:
        found = found.filter(received_on__gte=start)
    if end:
        found = found.filter(received_on__lte=end)
    if chart_number.strip():
        found = found.filter(patient__chart_number=chart_key(chart_number))
    if case is not None:
        found = found.filter(case_id=case)
    return found


def payment_list(
    practice: Practice,
    *,
    start: date | None = None,
    end: date | None = None,
    chart_number: str = "",
    case: int | None = None,
    limit: int = SHOWN,
) -> Listed:
    """The latest `limit` payments that match, with the count and total of all of them."""
    found = payments(practice, start=start, end=end, chart_number=chart_number, case=case)
    figures = found.aggregate(count=Count("pk"), total=Sum("amount"))
    rows = list(found.select_related(*RELATED).order_by("-received_on", "-pk")[:limit])
    return Listed(rows, figures["count"], figures["total"] or Decimal("0.00"))


def collected_for_case(case: Case, *, through: date | None = None) -> Decimal:
    """Money received on the case (refunds taken off), up to `through` when given."""
    found = scoped(Payment, case.practice).filter(case=case)
    if through is not None:
        found = found.filter(received_on__lte=through)
    return found.aggregate(total=Sum("amount"))["total"] or Decimal("0.00")


@dataclass(frozen=True)
class CaseCard:
    case: Case
    collected: Decimal
    count: int
    last: list[Payment]


def case_card(case: Case) -> CaseCard:
    found = scoped(Payment, case.practice).filter(case=case)
    figures = found.aggregate(count=Count("pk"), total=Sum("amount"))
    last = list(found.select_related("recorded_by").order_by("-received_on", "-pk")[:LAST_ON_CARD])
    return CaseCard(case, figures["total"] or Decimal("0.00"), figures["count"], last)


def case_get(practice: Practice, case_id: object) -> Case:
    return get_scoped_or_404(Case, practice, case_id, related=("patient",))


def imports_recent(practice: Practice, limit: int = 10) -> list[PaymentImport]:
    return list(scoped(PaymentImport, practice).select_related("imported_by")[:limit])


def import_get(practice: Practice, import_id: object) -> PaymentImport:
    return get_scoped_or_404(PaymentImport, practice, import_id, related=("imported_by",))


def import_payments(batch: PaymentImport) -> list[Payment]:
    return list(
        scoped(Payment, batch.practice)
        .filter(batch=batch)
        .select_related("case", "patient")
        .order_by("received_on", "pk")
    )
