"""Pre-determinations at hand-made dates for the work queue, written straight to the
database (the services' own rules are tested in tests/predeterminations/services)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from casepath.cases.models import Case, CaseOption
from casepath.insurance.models import Coverage
from casepath.patients.models import Patient
from casepath.predeterminations.models import Predetermination, PredeterminationLine
from tests.cases.builders import two_option_case
from tests.conftest import World
from tests.insurance.coverage_builders import build_carrier, build_coverage, build_plan
from tests.predeterminations.services.helpers import case_of_practice_b

TODAY = date(2026, 6, 1)
NOON = datetime(2026, 6, 1, 16, 0, tzinfo=UTC)  # noon in New York: TODAY everywhere in the US


@dataclass
class Asking:
    """What a pre-determination asks about: a case option of a patient, to a coverage."""

    case: Case
    option: CaseOption
    patient: Patient
    coverage: Coverage


def asking_a(world: World) -> Asking:
    """The implant option of Ana Lopez's case, to her PPO (practice A)."""
    made = two_option_case(world)
    return Asking(made.case, made.implant, world.patient_a, made.insured.coverage)


def asking_b(world: World) -> Asking:
    """Bea Barnes's checkup case, to her own plan (practice B)."""
    case, _ = case_of_practice_b(world)
    practice = world.practice_b
    plan = build_plan(practice, build_carrier(practice, "Hillcrest Mutual"))
    return Asking(case, case.options.get(), world.patient_b, build_coverage(world.patient_b, plan))


def sent_days_ago(asking: Asking, days: int, reference: str = "") -> Predetermination:
    sent_on = TODAY - timedelta(days=days)
    return build(asking, status="sent", sent_on=sent_on, payer_reference=reference)


def received_on(
    asking: Asking, received: date, *approved: str, discussed_on: date | None = None
) -> Predetermination:
    """Answered on `received` (holding a year), approving `approved` line by line."""
    return build(
        asking,
        approved,
        status="received",
        sent_on=received - timedelta(days=10),
        received_on=received,
        expires_on=received + timedelta(days=365),
        discussed_on=discussed_on,
    )


def expiring_in(asking: Asking, days: int, status: str = "received") -> Predetermination:
    """An answer discussed already, whose last day is `days` from TODAY."""
    received = TODAY - timedelta(days=200)
    return build(
        asking,
        status=status,
        sent_on=received - timedelta(days=10),
        received_on=received,
        expires_on=TODAY + timedelta(days=days),
        discussed_on=received,
    )


def build(asking: Asking, approved: tuple[str, ...] = (), **fields: Any) -> Predetermination:
    pd = Predetermination.objects.create(
        practice=asking.case.practice,
        case=asking.case,
        option=asking.option,
        patient=asking.patient,
        coverage=asking.coverage,
        created_on=fields["sent_on"] - timedelta(days=1),
        channel="mail",
        **fields,
    )
    for position, amount in enumerate(approved or ("", "")):
        PredeterminationLine.objects.create(
            practice=pd.practice,
            predetermination=pd,
            position=position,
            code="D6010",
            tooth="19",
            fee=Decimal("2400.00"),
            answered=bool(amount),
            approved=Decimal(amount) if amount else None,
        )
    return pd
