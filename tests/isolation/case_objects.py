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
    CaseOption,
    CaseQuestion,
    Consent,
    ConsentTemplate,
    Consult,
    ConsultAttendee,
    PlannedProcedure,
    Presentation,
)
from casepath.followups.models import Priority, Task, TaskReason
from casepath.predeterminations.models import (
    Predetermination,
    PredeterminationAttachment,
    PredeterminationLine,
)
from casepath.scheduling.models import Appointment
from casepath.tenancy.models import Provider
from tests.cases.builders import build_case
from tests.conftest import World
from tests.insurance.coverage_builders import build_carrier, build_coverage, build_plan


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
        **predetermination_objects(world, option, procedure),
    }


def predetermination_objects(
    world: World, option: CaseOption, procedure: PlannedProcedure
) -> dict[str, object]:
    """A sent pre-determination of the case (one line, one attachment) and a task about it."""
    practice, case = world.practice_a, option.case
    coverage = build_coverage(
        world.patient_a, build_plan(practice, build_carrier(practice, "Isolation PD"))
    )
    today = timezone.localdate()
    pd = Predetermination.objects.create(
        practice=practice,
        case=case,
        option=option,
        patient=world.patient_a,
        coverage=coverage,
        status="sent",
        created_on=today,
        sent_on=today,
        channel="mail",
    )
    line = PredeterminationLine.objects.create(
        practice=practice,
        predetermination=pd,
        procedure=procedure,
        position=0,
        code=procedure.code,
        fee=Decimal("65.00"),
    )
    attachment = PredeterminationAttachment.objects.create(
        practice=practice, predetermination=pd, kind="xray", title="Isolation x-ray"
    )
    task = Task.objects.create(
        practice=practice,
        reason=TaskReason.PREDETERMINATION,
        title="Call Ana Lopez",
        patient=world.patient_a,
        case=case,
        owner=world.tess,
        due_at=timezone.now() + timedelta(days=2),
        priority=Priority.HIGH,
        key=f"predetermination:{pd.pk}:isolation",
    )
    return {
        "pd_id": pd.pk,
        "predetermination_id": pd.pk,
        "line_id": line.pk,
        "attachment_id": attachment.pk,
        "task_id": task.pk,
    }
