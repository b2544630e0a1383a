"""What the service tests share: rows counted before and after a refusal, a case of
practice B, a case image, and the answer of the PPO as response lines."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile

from casepath.audit.models import AuditEvent
from casepath.cases import plan_services
from casepath.cases import services as case_services
from casepath.cases.models import Case, CaseEvent, CaseImage, CaseType, PlannedProcedure
from casepath.core.predeterminations import ResponseLine
from casepath.estimates.models import Estimate
from casepath.followups.models import Task
from casepath.predeterminations.models import (
    Predetermination,
    PredeterminationAttachment,
    PredeterminationLine,
)
from casepath.predeterminations.selectors import lines_of
from tests.builders import build_provider
from tests.conftest import World

COUNTED: tuple[type[Any], ...] = (
    Predetermination,
    PredeterminationLine,
    PredeterminationAttachment,
    CaseEvent,
    AuditEvent,
    Task,
)


def rows() -> dict[str, int]:
    """How many rows each table the services write has."""
    return {model.__name__: model._default_manager.count() for model in COUNTED}


def state(pd: Predetermination) -> dict[str, Any]:
    """The request and its lines as saved, to compare before and after a refusal."""
    saved = Predetermination.objects.get(pk=pd.pk)
    fields = ("status", "sent_on", "channel", "received_on", "expires_on", "discussed_on")
    lines = [
        (line.answered, line.approved, line.allowed, line.denied, line.reason)
        for line in lines_of(saved)
    ]
    return {**{name: getattr(saved, name) for name in fields}, "lines": lines}


def estimate_figures(estimate: Estimate | None) -> tuple[Decimal, Decimal, Decimal, Decimal]:
    assert estimate is not None
    estimate.refresh_from_db()
    return (
        estimate.fee_total,
        estimate.insurance_total,
        estimate.write_off_total,
        estimate.patient_total,
    )


def answer(pd: Predetermination, *amounts: str | None) -> list[ResponseLine]:
    """Approved amounts in line order (None: that procedure is not answered)."""
    return [
        ResponseLine(line.pk, Decimal(amount), None, False)
        for line, amount in zip(lines_of(pd), amounts, strict=True)
        if amount is not None
    ]


def case_of_practice_b(world: World) -> tuple[Case, PlannedProcedure]:
    """A case of Bea Barnes (practice B) with one planned exam."""
    case = case_services.case_create(
        acting_user=world.olga,
        patient=world.patient_b,
        diagnosing_provider=build_provider(world.practice_b, last_name="Hill"),
        title="Checkup",
        case_type=CaseType.FROM_HYGIENE,
        diagnosed_on=date(2026, 3, 10),
        coordinator=world.olga,
    )
    option = plan_services.option_add(acting_user=world.olga, case=case, name="Exam")
    procedure = plan_services.procedure_add(
        acting_user=world.olga, phase=option.phases.get(), code="D0120", fee=Decimal("65.00")
    )
    return case, procedure


def case_image(case: Case, caption: str = "Periapical x-ray of #19") -> CaseImage:
    image: CaseImage = CaseImage.objects.create(
        practice=case.practice,
        case=case,
        caption=caption,
        file=ContentFile(b"png", name="xray.png"),
        content_type="image/png",
    )
    return image
