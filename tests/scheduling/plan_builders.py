"""A practice calendar and an accepted multi-phase case, for the plan-scheduling tests.

Practice A gets working hours (Monday to Friday, 8:00 to 17:00, lunch 12:00 to 13:00) for
Dr Nunez (the dentist of tests/estimates/builders) and an outside oral surgeon, Dr Reyes,
who works Tuesdays and Thursdays; the default sequencing rules; an appointment type per
kind. The case: extraction of 19 with a graft (surgeon), the implant (surgeon) after the
graft heals, then the implant crown (dentist) after the implant fuses.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from casepath.cases import plan_services, services
from casepath.cases.models import Case
from casepath.cases.presentation_services import present_case
from casepath.core.scheduling import DEFAULT_RULES, KIND_LABELS, VisitKind
from casepath.scheduling.models import AppointmentType, SequencingRule, WorkingHours
from casepath.tenancy.models import Provider, ProviderKind
from tests.cases.builders import build_case, fees_for_cases
from tests.conftest import World
from tests.estimates.builders import nunez

ACCEPTED_ON = date(2026, 3, 16)  # a Monday
ACCEPTED_AT = datetime.fromisoformat("2026-03-16T14:00:00+00:00")  # 10:00 in New York
MINUTES = {
    VisitKind.EXTRACTION: 60,
    VisitKind.GRAFT: 45,
    VisitKind.IMPLANT: 90,
    VisitKind.IMPLANT_RESTORATION: 60,
    VisitKind.CROWN: 90,
    VisitKind.EXAM: 30,
}


@dataclass
class Calendar:
    dentist: Provider
    surgeon: Provider


def build_calendar(world: World) -> Calendar:
    practice = world.practice_a
    dentist = nunez(world)
    surgeon = Provider.objects.create(
        practice=practice,
        kind=ProviderKind.SPECIALIST,
        first_name="Alan",
        last_name="Reyes",
        credentials="DDS",
        specialty="Oral surgery",
    )
    for weekday in range(5):
        for starts, ends in ((time(8), time(12)), (time(13), time(17))):
            WorkingHours.objects.create(
                practice=practice, provider=dentist, weekday=weekday, starts=starts, ends=ends
            )
    for weekday in (1, 3):
        WorkingHours.objects.create(
            practice=practice, provider=surgeon, weekday=weekday, starts=time(8), ends=time(16)
        )
    for rule in DEFAULT_RULES:
        SequencingRule.objects.create(
            practice=practice,
            before_kind=rule.before,
            after_kind=rule.after,
            min_days=rule.min_days,
            max_days=rule.max_days,
            why=rule.why,
        )
    for kind, minutes in MINUTES.items():
        AppointmentType.objects.create(
            practice=practice,
            name=KIND_LABELS[kind],
            kind=kind,
            minutes=minutes,
            provider_kind=ProviderKind.SPECIALIST
            if kind in (VisitKind.EXTRACTION, VisitKind.GRAFT, VisitKind.IMPLANT)
            else "",
        )
    return Calendar(dentist, surgeon)


def accepted_implant_case(world: World, calendar: Calendar) -> Case:
    """Extraction + graft, implant, implant crown; accepted whole on ACCEPTED_ON."""
    fees_for_cases(world)
    tess = world.tess
    case = build_case(world, title="Replace lower left molar", missing_teeth="")
    option = plan_services.option_add(acting_user=tess, case=case, name="Implant", recommended=True)
    surgery = option.phases.get()
    _add(tess, surgery, "D7140", "19", calendar.surgeon)
    _add(tess, surgery, "D7953", "19", calendar.surgeon, healing_days=90, fee=Decimal("450.00"))
    implant = plan_services.phase_add(acting_user=tess, option=option, name="Implant")
    _add(tess, implant, "D6010", "19", calendar.surgeon, healing_days=90)
    crown = plan_services.phase_add(acting_user=tess, option=option, name="Crown")
    _add(tess, crown, "D6058", "19", calendar.dentist)
    plan_services.case_estimate(acting_user=tess, case=case, as_of=ACCEPTED_ON)
    services.case_move(acting_user=tess, case=case, to="ready")
    present_case(acting_user=tess, case=case, mode="in_person", today=ACCEPTED_ON, now=ACCEPTED_AT)
    services.case_accept(acting_user=tess, case=case, option_id=option.pk, decided_on=ACCEPTED_ON)
    case.refresh_from_db()
    return case


def _add(user: Any, phase: Any, code: str, tooth: str, provider: Provider, **extra: Any) -> Any:
    return plan_services.procedure_add(
        acting_user=user, phase=phase, code=code, tooth=tooth, provider=provider, **extra
    )
