"""Cases for tests: a patient of practice A with office fees and a PPO (the estimates
builders), and a two-option case (implant or bridge) ready to present.

Helpers may add builders at the end of this file; existing ones stay as they are.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from casepath.cases import plan_services, services
from casepath.cases.models import Case, CaseOption, CaseType
from casepath.insurance.models import Fee
from tests.conftest import World
from tests.estimates.builders import Insured, insured, nunez

DIAGNOSED = date(2026, 3, 10)
# Office fees for the codes of the two options (estimates builders have D2740, D6010 ...).
EXTRA_FEES = {"D7140": "210.00", "D6058": "1450.00", "D6240": "1100.00", "D6750": "1150.00"}


@dataclass
class TwoOptions:
    insured: Insured
    case: Case
    implant: CaseOption
    bridge: CaseOption


def fees_for_cases(world: World) -> Insured:
    """Practice A's office fees and PPO, with the extra codes the cases use."""
    made = insured(world)
    for code, amount in EXTRA_FEES.items():
        Fee.objects.create(
            practice=world.practice_a, schedule=made.office, code=code, amount=amount
        )
    return made


def build_case(world: World, **header: Any) -> Case:
    """A draft case for Ana Lopez (patient_a) diagnosed by Dr Nunez."""
    fields = {
        "title": "Missing lower left molar",
        "case_type": CaseType.FROM_HYGIENE,
        "diagnosed_on": DIAGNOSED,
        "coordinator": world.tess,
        "chief_concern": "A gap where a tooth was pulled last year.",
        "missing_teeth": "19",
    }
    fields.update(header)
    return services.case_create(
        acting_user=world.tess,
        patient=world.patient_a,
        diagnosing_provider=nunez(world),
        **fields,
    )


def two_option_case(world: World, *, ready: bool = True) -> TwoOptions:
    """Implant (recommended, two phases) or a three-unit bridge, both estimated."""
    made = fees_for_cases(world)
    case = build_case(world)
    tess = world.tess
    implant = plan_services.option_add(
        acting_user=tess, case=case, name="Implant", recommended=True
    )
    first = implant.phases.get()
    plan_services.procedure_add(
        acting_user=tess, phase=first, code="D6010", tooth="19", healing_days=90
    )
    crown = plan_services.phase_add(acting_user=tess, option=implant, name="Implant crown")
    plan_services.procedure_add(acting_user=tess, phase=crown, code="D6058", tooth="19")
    bridge = plan_services.option_add(acting_user=tess, case=case, name="Bridge")
    phase = bridge.phases.get()
    for code, tooth in (("D6750", "18"), ("D6240", "19"), ("D6750", "20")):
        plan_services.procedure_add(acting_user=tess, phase=phase, code=code, tooth=tooth)
    plan_services.case_estimate(acting_user=tess, case=case, as_of=DIAGNOSED)
    if ready:
        services.case_move(acting_user=tess, case=case, to="ready")
    case.refresh_from_db()
    implant.refresh_from_db()
    bridge.refresh_from_db()
    return TwoOptions(made, case, implant, bridge)


def build_consult(world: World, case: Case) -> Any:
    """A consult of `case` next week, with the patient and one family member attending."""
    from datetime import timedelta

    from django.utils import timezone

    from casepath.cases import consult_services
    from casepath.tenancy.models import Operatory

    return consult_services.consult_schedule(
        acting_user=world.tess,
        case=case,
        provider=case.diagnosing_provider,
        starts_at=timezone.now() + timedelta(days=7),
        duration_minutes=45,
        room=Operatory.objects.filter(practice=case.practice).first(),
        attendees=[("Luis Lopez", "Spouse", True, None)],
        now=timezone.now(),
    )


def build_case_document(world: World, case: Case) -> Any:
    """A kept document of `case` without rendering a PDF (a few bytes stand in for it)."""
    import hashlib

    from django.core.files.base import ContentFile

    from casepath.cases.models import CaseDocument

    content = b"%PDF-1.7\n% stand-in\n"
    document = CaseDocument(
        practice=case.practice,
        case=case,
        kind="patient_letter",
        title="Letter to the patient",
        made_by=world.tess,
        pdf_sha256=hashlib.sha256(content).hexdigest(),
    )
    document.pdf.save("letter.pdf", ContentFile(content), save=False)
    document.save()
    return document
