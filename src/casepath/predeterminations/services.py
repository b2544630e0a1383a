"""Writes for pre-determinations: draft one from a case option, send it, set it aside.

The payer's answer: response_services.py. Every write checks everything first (all
problems at once, each naming its field), runs in one transaction, and appears on
the case's timeline and in the audit trail.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import transaction

from casepath.audit.models import Action
from casepath.cases.events import case_event
from casepath.cases.models import Case, CaseImage, CaseOption, EventKind, PlannedProcedure
from casepath.core.errors import CasepathError, FieldError
from casepath.core.predeterminations import (
    CHANNEL_LABELS,
    LABELS,
    Channel,
    Status,
    check_sent,
    check_transition,
)
from casepath.followups.services import tasks_cancel
from casepath.insurance.models import Coverage
from casepath.predeterminations.amounts import withdraw_answers
from casepath.predeterminations.claims import claim_of
from casepath.predeterminations.models import (
    AttachmentKind,
    Predetermination,
    PredeterminationAttachment,
    PredeterminationLine,
)
from casepath.tenancy.scoping import scoped

OPEN = (Status.DRAFT, Status.SENT, Status.RECEIVED)


@dataclass(frozen=True)
class AttachmentIn:
    """A document the payer needs: its kind, a title, and the case image it is, if one."""

    kind: str
    title: str
    image_id: int | None = None


@dataclass(frozen=True)
class Draft:
    """What the TC chose: an option of the case, one coverage, procedures of that option."""

    option_id: object
    coverage_id: object
    procedure_ids: Sequence[object]
    narrative: str = ""
    attachments: Sequence[AttachmentIn] = ()


@transaction.atomic
def predetermination_create(
    *, acting_user: Any, case: Case, draft: Draft, created_on: date
) -> Predetermination:
    """A draft pre-determination; CasepathError naming every bad field, nothing saved."""
    case = scoped(Case, case.practice).select_for_update().get(pk=case.pk)
    option, coverage, procedures = _checked(case, draft)
    made = Predetermination(
        practice=case.practice,
        case=case,
        option=option,
        patient=case.patient,
        coverage=coverage,
        narrative=draft.narrative.strip(),
        created_on=created_on,
        created_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
    )
    made.save()
    PredeterminationLine.objects.bulk_create(
        _line(made, position, procedure) for position, procedure in enumerate(procedures)
    )
    PredeterminationAttachment.objects.bulk_create(
        PredeterminationAttachment(
            practice=case.practice,
            organization_id=case.organization_id,
            predetermination=made,
            kind=a.kind,
            title=a.title.strip(),
            image_id=a.image_id,
        )
        for a in draft.attachments
    )
    codes = ", ".join(str(p) for p in procedures)
    timeline_event(
        made, acting_user, f"Pre-determination drafted for {payer_name(coverage)}: {codes}"
    )
    return made


def _line(made: Predetermination, position: int, procedure: PlannedProcedure) -> Any:
    return PredeterminationLine(
        practice=made.practice,
        organization_id=made.organization_id,
        predetermination=made,
        procedure=procedure,
        position=position,
        code=procedure.code,
        tooth=procedure.tooth,
        surfaces=procedure.surfaces,
        fee=procedure.net_fee,
    )


def _checked(case: Case, draft: Draft) -> tuple[CaseOption, Coverage, list[PlannedProcedure]]:
    problems: list[FieldError] = []
    option = _find(scoped(CaseOption, case.practice).filter(case=case), draft.option_id)
    if option is None:
        problems.append(FieldError("option", "Choose an option of this case."))
    coverage = _find(
        scoped(Coverage, case.practice)
        .filter(patient_id=case.patient_id)
        .select_related("plan__carrier"),
        draft.coverage_id,
    )
    if coverage is None:
        problems.append(FieldError("coverage", "Choose one of the patient's coverages."))
    procedures = _procedures(case, option, draft.procedure_ids, problems)
    problems += _attachment_problems(case, draft.attachments)
    if coverage is not None and procedures and not problems:
        problems += _already_asked(coverage, procedures)
        problems += _primary_first(case, coverage, procedures)
    if problems:
        raise CasepathError(*problems)
    assert option is not None and coverage is not None
    return option, coverage, procedures


def _find(rows: Any, pk: object) -> Any:
    try:
        return rows.filter(pk=int(str(pk))).first()
    except (TypeError, ValueError):
        return None


def _procedures(
    case: Case, option: CaseOption | None, ids: Sequence[object], problems: list[FieldError]
) -> list[PlannedProcedure]:
    if not ids:
        problems.append(FieldError("procedures", "Choose at least one procedure to ask about."))
        return []
    ours = scoped(PlannedProcedure, case.practice).filter(case=case).select_related("phase")
    found: list[PlannedProcedure] = []
    for i, pk in enumerate(ids):
        procedure = _find(ours, pk)
        if procedure is None:
            problems.append(
                FieldError(f"procedures[{i}]", "This procedure is not in this case's plan.")
            )
        elif option is not None and procedure.phase.option_id != option.pk:
            problems.append(
                FieldError(f"procedures[{i}]", f"{procedure} is not part of “{option.name}”.")
            )
        elif procedure in found:
            problems.append(FieldError(f"procedures[{i}]", f"{procedure} is chosen twice."))
        else:
            found.append(procedure)
    return sorted(found, key=lambda p: (p.phase.position, p.position, p.pk))


def _attachment_problems(case: Case, attachments: Sequence[AttachmentIn]) -> list[FieldError]:
    problems = []
    images = set(scoped(CaseImage, case.practice).filter(case=case).values_list("pk", flat=True))
    for i, attachment in enumerate(attachments):
        if attachment.kind not in AttachmentKind.values:
            kinds = ", ".join(label.lower() for label in AttachmentKind.labels)
            problems.append(FieldError(f"attachments[{i}].kind", f"Choose one of {kinds}."))
        if not attachment.title.strip():
            problems.append(FieldError(f"attachments[{i}].title", "Say what the document is."))
        if attachment.image_id is not None and attachment.image_id not in images:
            problems.append(FieldError(f"attachments[{i}].image", "Link an image of this case."))
    return problems


def _already_asked(coverage: Coverage, procedures: list[PlannedProcedure]) -> list[FieldError]:
    asked = (
        scoped(PredeterminationLine, coverage.practice)
        .filter(
            procedure__in=procedures,
            predetermination__coverage=coverage,
            predetermination__status__in=OPEN,
        )
        .select_related("predetermination")
    )
    return [
        FieldError(
            "procedures",
            f"{line} is already asked of this coverage in the pre-determination of "
            f"{line.predetermination.created_on.isoformat()} "
            f"({LABELS[Status(line.predetermination.status)].lower()}).",
        )
        for line in asked
    ]


def _primary_first(
    case: Case, coverage: Coverage, procedures: list[PlannedProcedure]
) -> list[FieldError]:
    """A later coverage is asked once the earlier one has answered for each procedure."""
    if coverage.ordinal <= 1:
        return []
    answered = set(
        scoped(PredeterminationLine, case.practice)
        .filter(
            procedure__in=procedures,
            answered=True,
            predetermination__status=Status.RECEIVED,
            predetermination__coverage__ordinal__lt=coverage.ordinal,
            predetermination__patient_id=case.patient_id,
        )
        .values_list("procedure_id", flat=True)
    )
    missing = [str(p) for p in procedures if p.pk not in answered]
    if not missing:
        return []
    return [
        FieldError(
            "coverage",
            f"Ask the {coverage.get_ordinal_display().lower()} coverage after the earlier one "
            f"has answered: no answer yet for {', '.join(missing)}.",
        )
    ]


@transaction.atomic
def predetermination_send(
    *,
    acting_user: Any,
    predetermination: Predetermination,
    sent_on: date,
    channel: str,
    payer_reference: str = "",
) -> Predetermination:
    """Sent on a day through a channel; an electronic one keeps the FHIR Claim it sent."""
    pd = locked(predetermination)
    problems: list[FieldError] = []
    for attempt in (
        lambda: check_transition(pd.status, Status.SENT),
        lambda: check_sent(sent_on, pd.created_on, channel),
    ):
        try:
            attempt()
        except CasepathError as error:
            problems += error.errors
    if problems:
        raise CasepathError(*problems)
    pd.claim = claim_of(pd) if channel == Channel.ELECTRONIC else {}
    pd.status, pd.sent_on, pd.channel = Status.SENT, sent_on, channel
    pd.payer_reference = payer_reference.strip()[:60]
    pd.save(
        update_fields=["status", "sent_on", "channel", "payer_reference", "claim", "updated_at"]
    )
    how = CHANNEL_LABELS[Channel(channel)].lower()
    timeline_event(
        pd, acting_user, f"Pre-determination sent to {payer_name(pd.coverage)} ({how}) on {sent_on}"
    )
    return pd


@transaction.atomic
def predetermination_close(
    *,
    acting_user: Any,
    predetermination: Predetermination,
    to: str,
    reason: str,
    now: datetime,
    as_of: date,
) -> Predetermination:
    """Not needed, or voided: its answer (if any) no longer counts in estimates."""
    pd = locked(predetermination)
    if to not in (Status.NOT_NEEDED, Status.VOIDED):
        raise CasepathError.at("status", "Close a pre-determination as not needed or voided.")
    check_transition(pd.status, to)
    was_answered = pd.status == Status.RECEIVED
    pd.status, pd.closed_reason = to, reason.strip()[:300]
    pd.save(update_fields=["status", "closed_reason", "updated_at"])
    if was_answered:
        withdraw_answers(pd, acting_user=acting_user, as_of=as_of)
    tasks_cancel(
        practice=pd.practice,
        key_prefix=task_prefix(pd),
        now=now,
        why=f"pre-determination {LABELS[Status(to)].lower()}",
    )
    words = f"Pre-determination {LABELS[Status(to)].lower()}"
    timeline_event(pd, acting_user, f"{words}: {pd.closed_reason}" if pd.closed_reason else words)
    return pd


def task_prefix(pd: Predetermination) -> str:
    return f"predetermination:{pd.pk}:"


def locked(pd: Predetermination) -> Predetermination:
    return (
        scoped(Predetermination, pd.practice)
        .select_for_update(of=("self",))
        .select_related("case", "patient", "coverage__plan__carrier")
        .get(pk=pd.pk)
    )


def payer_name(coverage: Coverage) -> str:
    return str(coverage.plan.carrier)


def timeline_event(
    pd: Predetermination, actor: Any, summary: str, action: Action = Action.UPDATE
) -> None:
    case_event(
        pd.case,
        kind=EventKind.PREDETERMINATION,
        actor=actor,
        summary=summary,
        data={"predetermination": pd.pk, "status": pd.status},
        action=action,
        nobody="system",
    )
