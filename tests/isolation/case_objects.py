"""One record of practice A for each path parameter of the cases area."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from casepath.cases import plan_services
from casepath.cases.models import (
    CaseDocument,
    CaseImage,
    CaseQuestion,
    Consent,
    ConsentTemplate,
    Consult,
    ConsultAttendee,
    Presentation,
)
from casepath.scheduling.models import Appointment
from casepath.tenancy.models import Provider
from tests.cases.builders import build_case
from tests.conftest import World


def case_objects(world: World) -> dict[str, object]:
    practice, tess = world.practice_a, world.tess
    case = build_case(world)
    option = plan_services.option_add(acting_user=tess, case=case, name="Isolation")
    procedure = plan_services.procedure_add(
        acting_user=tess, phase=option.phases.get(), code="D0120", fee=Decimal("65.00")
    )
    now = timezone.now()
    presentation = Presentation.objects.create(
        practice=practice,
        case=case,
        number=1,
        presented_at=now,
        presented_by=tess,
        mode="in_person",
        plan_version=case.plan_version,
        estimated_on=now.date(),
        expires_on=now.date() + timedelta(days=30),
        snapshot={},
        fingerprint="0" * 64,
    )
    consent = Consent(
        practice=practice,
        case=case,
        presentation=presentation,
        option=option,
        templates=[],
        signer_name="Ana Lopez",
        signature_kind="typed",
        signature="Ana Lopez",
        signed_at=now,
        pdf=ContentFile(b"%PDF-1.7", name="isolation.pdf"),
        pdf_sha256="0" * 64,
    )
    consent.save()
    appointment = Appointment.objects.create(
        practice=practice,
        patient=world.patient_a,
        provider=Provider.objects.filter(practice=practice).first(),
        starts_at=now + timedelta(days=3),
        duration_minutes=60,
    )
    consult = Consult.objects.create(practice=practice, case=case, appointment=appointment)
    template = ConsentTemplate.objects.create(
        practice=practice,
        category="implants",
        title="Isolation",
        risks="r",
        benefits="b",
        alternatives="a",
        refusal="n",
    )
    return {
        "case_id": case.pk,
        "option_id": option.pk,
        "phase_id": procedure.phase_id,
        "procedure_id": procedure.pk,
        "image_id": CaseImage.objects.create(
            practice=practice,
            case=case,
            procedure=procedure,
            caption="Isolation",
            file=ContentFile(b"png", name="isolation.png"),
            content_type="image/png",
        ).pk,
        "presentation_id": presentation.pk,
        "question_id": CaseQuestion.objects.create(practice=practice, case=case, text="?").pk,
        "consent_id": consent.pk,
        "attendee_id": ConsultAttendee.objects.create(
            practice=practice, consult=consult, name="Sam Lopez", relationship="Spouse"
        ).pk,
        "document_id": CaseDocument.objects.create(
            practice=practice,
            case=case,
            kind="patient_letter",
            title="Isolation",
            pdf=ContentFile(b"%PDF-1.7", name="letter.pdf"),
            pdf_sha256="0" * 64,
            made_by=tess,
        ).pk,
        "consent_template_id": template.pk,
    }
