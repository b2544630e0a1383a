"""Reads for referrals: the directory and one provider's referrals both ways, the list of
referrals with its filters (overdue among them), one referral with its events, documents
and procedures, and what the new-referral forms offer. Lists read in constant queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from casepath.cases.models import Case, CaseOption, PlannedProcedure
from casepath.cases.plan_selectors import procedure_label
from casepath.intake.models import Intake
from casepath.patients.models import Patient, ReferralSource
from casepath.referrals.models import (
    Direction,
    Referral,
    ReferralDocument,
    ReferralEvent,
    ReferralProcedure,
    ReferralStatus,
    ReferringProvider,
)
from casepath.referrals.services import plan_option
from casepath.tenancy.models import Practice
from casepath.tenancy.scoping import get_scoped_or_404, scoped

MOST_ROWS = 200
# Not waiting for the patient any more: back with us, done (inbound) or called off.
NOT_WAITING = (ReferralStatus.RETURNED, ReferralStatus.COMPLETED, ReferralStatus.CANCELLED)


def overdue_condition(today: date) -> Q:
    """Outbound referrals past their expected return, the patient not yet back."""
    return Q(direction=Direction.OUTBOUND, expected_back_on__lt=today) & ~Q(status__in=NOT_WAITING)


def is_overdue(referral: Referral, today: date) -> bool:
    return (
        referral.direction == Direction.OUTBOUND
        and referral.expected_back_on is not None
        and referral.expected_back_on < today
        and referral.status not in NOT_WAITING
    )


# The directory ----------------------------------------------------------------------


def provider_get(practice: Practice, provider_id: object) -> ReferringProvider:
    return get_scoped_or_404(ReferringProvider, practice, provider_id)


def _with_counts(rows: QuerySet[ReferringProvider]) -> QuerySet[ReferringProvider]:
    return rows.annotate(
        referred_in=Count("referrals", filter=Q(referrals__direction=Direction.INBOUND)),
        referred_out=Count("referrals", filter=Q(referrals__direction=Direction.OUTBOUND)),
    )


def directory_search(
    practice: Practice, text: str = "", *, include_inactive: bool = False
) -> list[ReferringProvider]:
    """Providers whose name, practice, specialty or NPI holds every word of `text`,
    each with `referred_in` and `referred_out` (one query)."""
    rows = scoped(ReferringProvider, practice)
    if not include_inactive:
        rows = rows.filter(is_active=True)
    for word in text.split():
        digits = "".join(ch for ch in word if ch.isdigit())
        condition = (
            Q(name__icontains=word)
            | Q(practice_name__icontains=word)
            | Q(specialty__icontains=word)
        )
        if digits and len(digits) == len(word.replace("-", "")):
            condition |= Q(npi__contains=digits)
        rows = rows.filter(condition)
    return list(_with_counts(rows).order_by("name", "pk")[:MOST_ROWS])


def active_providers(practice: Practice) -> QuerySet[ReferringProvider]:
    return scoped(ReferringProvider, practice).filter(is_active=True).order_by("name", "pk")


@dataclass(frozen=True)
class ProviderFigures:
    referred_in: int
    referred_out: int
    open_out: int
    overdue: int
    returned: int


def provider_figures(provider: ReferringProvider, today: date) -> ProviderFigures:
    """How many referrals each way (one query)."""
    out = Q(direction=Direction.OUTBOUND)
    counts = (
        scoped(Referral, provider.practice)
        .filter(other_provider=provider)
        .aggregate(
            referred_in=Count("pk", filter=Q(direction=Direction.INBOUND)),
            referred_out=Count("pk", filter=out),
            open_out=Count("pk", filter=out & ~Q(status__in=NOT_WAITING)),
            overdue=Count("pk", filter=overdue_condition(today)),
            returned=Count("pk", filter=out & Q(status=ReferralStatus.RETURNED)),
        )
    )
    return ProviderFigures(**counts)


def provider_referrals(provider: ReferringProvider) -> list[Referral]:
    return list(
        scoped(Referral, provider.practice)
        .filter(other_provider=provider)
        .select_related("patient", "other_provider")
        .order_by("-referred_on", "-pk")[:MOST_ROWS]
    )


# The list ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Listed:
    rows: list[Referral]
    count: int

    @property
    def truncated(self) -> bool:
        return self.count > len(self.rows)


def referral_list(
    practice: Practice,
    *,
    today: date,
    direction: str = "",
    status: str = "",
    overdue: bool = False,
    provider: ReferringProvider | None = None,
    patient: Patient | None = None,
) -> Listed:
    """Referrals by the filters, the latest first (two queries whatever the count)."""
    rows = scoped(Referral, practice)
    if direction:
        rows = rows.filter(direction=direction)
    if status:
        rows = rows.filter(status=status)
    if overdue:
        rows = rows.filter(overdue_condition(today))
    if provider is not None:
        rows = rows.filter(other_provider=provider)
    if patient is not None:
        rows = rows.filter(patient=patient)
    ordered = rows.select_related("patient", "other_provider").order_by("-referred_on", "-pk")
    shown = list(ordered[:MOST_ROWS])
    count = len(shown) if len(shown) < MOST_ROWS else rows.count()
    return Listed(shown, count)


def referrals_of_patient(patient: Patient) -> list[Referral]:
    """A patient's referrals both ways (one query), for the patient page."""
    return list(
        scoped(Referral, patient.practice)
        .filter(patient=patient)
        .select_related("other_provider")
        .order_by("-referred_on", "-pk")
    )


# One referral -----------------------------------------------------------------------


def referral_get(practice: Practice, referral_id: object) -> Referral:
    return get_scoped_or_404(
        Referral,
        practice,
        referral_id,
        related=("patient", "other_provider", "intake__call", "case", "coordinator", "practice"),
    )


def referral_events(referral: Referral) -> list[ReferralEvent]:
    return list(
        scoped(ReferralEvent, referral.practice).filter(referral=referral).select_related("by")
    )


def referral_documents(referral: Referral) -> list[ReferralDocument]:
    return list(
        scoped(ReferralDocument, referral.practice)
        .filter(referral=referral)
        .select_related("added_by")
    )


def document_of(referral: Referral, document_id: object) -> ReferralDocument:
    """One document of `referral` (404 for another referral's, or another practice's)."""
    document = get_scoped_or_404(ReferralDocument, referral.practice, document_id)
    if document.referral_id != referral.pk:
        raise Http404("No such document")
    document.referral = referral
    return document


@dataclass(frozen=True)
class CoveredProcedure:
    procedure: PlannedProcedure
    label: str


def referral_procedures(referral: Referral) -> list[CoveredProcedure]:
    rows = (
        scoped(ReferralProcedure, referral.practice)
        .filter(referral=referral)
        .select_related("procedure__phase__option")
    )
    return [
        CoveredProcedure(r.procedure, procedure_label(r.procedure.phase.option, r.procedure))
        for r in rows
    ]


# What the new-referral forms offer --------------------------------------------------


def case_get(practice: Practice, case_id: object) -> Case:
    return get_scoped_or_404(Case, practice, case_id, related=("patient", "accepted_option"))


def patient_get(practice: Practice, patient_id: object) -> Patient:
    return get_scoped_or_404(Patient, practice, patient_id)


def intake_get(practice: Practice, intake_id: object) -> Intake:
    return get_scoped_or_404(Intake, practice, intake_id, related=("patient", "call"))


def patient_by_chart(practice: Practice, chart_number: str) -> Patient | None:
    chart = chart_number.strip()
    if not chart:
        return None
    return scoped(Patient, practice).filter(chart_number__iexact=chart).first()


@dataclass(frozen=True)
class CaseProcedures:
    option: CaseOption | None
    choices: list[tuple[int, str]]
    by_id: dict[int, PlannedProcedure]


def case_procedures(case: Case) -> CaseProcedures:
    """The procedures of the case's accepted (else recommended) option, in plan order,
    with the specialist each is planned with."""
    option = plan_option(case)
    if option is None:
        return CaseProcedures(None, [], {})
    rows = list(
        scoped(PlannedProcedure, case.practice)
        .filter(case=case, phase__option=option)
        .select_related("provider", "phase")
        .order_by("phase__position", "phase__pk", "position", "pk")
    )
    choices = []
    for p in rows:
        label = procedure_label(option, p)
        if p.provider_id and p.provider.is_external:
            label += f" · planned with {p.provider}"
        choices.append((p.pk, label))
    return CaseProcedures(option, choices, {p.pk: p for p in rows})


def source_is_provider(intake: Intake) -> bool:
    """Whether the new patient's call says a provider referred them."""
    return bool(intake.call.source == ReferralSource.PROVIDER)


def source_words(intake: Intake) -> str:
    call = intake.call
    label = ReferralSource(call.source).label if call.source in ReferralSource.values else ""
    return f"{label} ({call.source_detail})" if call.source_detail else label
