"""The printable request: everything the ADA claim form asks in its "Request for
Predetermination/Preauthorization" box, in Casepath's own layout, on one Letter page
for up to about 12 procedures.

The subscriber's full member ID is printed (payers need it); the view that serves
the PDF audits each copy. Descriptions are the practice's licensed CDT descriptors
when it imported them (casepath.procedures), else Casepath's plain names.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from casepath.cases.pdf import render_pdf
from casepath.core.catalog.names import plain_name
from casepath.core.predeterminations import Status
from casepath.insurance.models import Coverage
from casepath.patients.models import Patient
from casepath.predeterminations.claims import reference_of, treating_provider
from casepath.predeterminations.models import (
    AttachmentKind,
    Predetermination,
    PredeterminationAttachment,
    PredeterminationLine,
)
from casepath.predeterminations.selectors import lines_of, predetermination_settings
from casepath.procedures.selectors import official_descriptors
from casepath.tenancy.scoping import scoped

PDF_TEMPLATE = "predeterminations/pdf/request.html"
# An answer of an earlier coverage still tells the secondary what the primary said.
ANSWERED = (Status.RECEIVED, Status.EXPIRED)


@dataclass(frozen=True)
class Person:
    """A patient or a subscriber as the form prints them."""

    name: str
    birth_date: date | None
    address: str = ""
    sex: str = ""


@dataclass(frozen=True)
class EarlierAnswer:
    """What an earlier coverage answered for the same procedure (on a secondary's form)."""

    payer: str
    received_on: date | None
    approved: Decimal | None
    allowed: Decimal | None
    denied: bool
    reason: str


@dataclass(frozen=True)
class PrintedLine:
    number: int
    tooth: str
    surfaces: str
    code: str
    description: str
    fee: Decimal
    earlier: EarlierAnswer | None = None


def request_pdf(pd: Predetermination) -> bytes:
    return render_pdf(PDF_TEMPLATE, request_context(pd))


def request_context(pd: Predetermination) -> dict[str, Any]:
    lines = lines_of(pd)
    coverage, rules = pd.coverage, predetermination_settings(pd.practice)
    provider = treating_provider(pd, lines)
    printed = printed_lines(pd, lines)
    attachments = attachments_of(pd)
    return {
        "title": f"Request for predetermination {reference_of(pd)}",
        "pd": pd,
        "reference": reference_of(pd),
        "practice": pd.practice,
        "rules": rules,
        "carrier": coverage.plan.carrier,
        "coverage": coverage,
        "plan": coverage.plan,
        "subscriber": subscriber_of(coverage),
        "patient": person_of(pd.patient),
        "chart_number": pd.patient.chart_number,
        "others": [(other, subscriber_of(other)) for other in other_coverages(pd)],
        "provider": provider,
        "lines": printed,
        "is_later_coverage": coverage.ordinal > 1,
        "total": sum((line.fee for line in printed), Decimal("0.00")),
        "attachments": attachments,
        "enclosures": enclosure_counts(attachments),
    }


def printed_lines(pd: Predetermination, lines: list[PredeterminationLine]) -> list[PrintedLine]:
    names = official_descriptors(pd.practice, {line.code for line in lines})
    earlier = earlier_answers(pd, lines)
    return [
        PrintedLine(
            number=n,
            tooth=line.tooth,
            surfaces=line.surfaces,
            code=line.code,
            description=names.get(line.code) or plain_name(line.code),
            fee=line.fee,
            earlier=earlier.get(line.procedure_id) if line.procedure_id else None,
        )
        for n, line in enumerate(lines, start=1)
    ]


def earlier_answers(
    pd: Predetermination, lines: list[PredeterminationLine]
) -> dict[int, EarlierAnswer]:
    """Procedure id -> the latest answer of an earlier coverage (none for a primary)."""
    procedure_ids = [line.procedure_id for line in lines if line.procedure_id]
    if pd.coverage.ordinal <= 1 or not procedure_ids:
        return {}
    answers = (
        scoped(PredeterminationLine, pd.practice)
        .filter(
            procedure_id__in=procedure_ids,
            answered=True,
            predetermination__patient_id=pd.patient_id,
            predetermination__status__in=ANSWERED,
            predetermination__coverage__ordinal__lt=pd.coverage.ordinal,
        )
        .select_related("predetermination__coverage__plan__carrier")
        .order_by("predetermination__received_on", "pk")
    )
    return {line.procedure_id: _answer(line) for line in answers if line.procedure_id}


def _answer(line: PredeterminationLine) -> EarlierAnswer:
    asked = line.predetermination
    return EarlierAnswer(
        payer=str(asked.coverage.plan.carrier),
        received_on=asked.received_on,
        approved=line.approved,
        allowed=line.allowed,
        denied=line.denied,
        reason=line.reason,
    )


def person_of(patient: Patient) -> Person:
    return Person(
        name=" ".join(p for p in (patient.first_name, patient.middle_name, patient.last_name) if p),
        birth_date=patient.date_of_birth,
        address=address_of(patient),
        sex=patient.get_sex_display(),
    )


def subscriber_of(coverage: Coverage) -> Person:
    if coverage.subscriber is not None:
        return person_of(coverage.subscriber)
    return Person(name=coverage.subscriber_name, birth_date=coverage.subscriber_birth_date)


def address_of(patient: Patient) -> str:
    city = " ".join(p for p in (patient.city, patient.state, patient.postal_code) if p)
    lines = (patient.address_line1, patient.address_line2, city)
    return "\n".join(line for line in lines if line)


def other_coverages(pd: Predetermination) -> list[Coverage]:
    """The patient's other coverages in force on the day of the request (form's box 4)."""
    rows = (
        scoped(Coverage, pd.practice)
        .filter(patient_id=pd.patient_id)
        .exclude(pk=pd.coverage_id)
        .select_related("plan__carrier", "subscriber")
        .order_by("ordinal", "pk")
    )
    return [c for c in rows if c.is_active_on(pd.created_on)]


def attachments_of(pd: Predetermination) -> list[PredeterminationAttachment]:
    return list(
        scoped(PredeterminationAttachment, pd.practice).filter(predetermination=pd).order_by("pk")
    )


def enclosure_counts(attachments: list[PredeterminationAttachment]) -> list[tuple[str, int]]:
    """("Radiographs", 2), ... in the order of the kinds, only the kinds enclosed."""
    counts = Counter(a.kind for a in attachments)
    return [(label, counts[kind]) for kind, label in AttachmentKind.choices if counts[kind]]
