"""Writes for referrals: the directory of other providers, inbound referrals (a new
patient sent to us), outbound referrals (a part of a plan sent to a specialist), each
move along the lifecycle, and the documents that go with a referral.

Every write is one transaction with its audit row. Every status (the first one too) is
a `ReferralEvent`: when, by whom, why. A move the lifecycle does not allow is refused in
words at the field "status".
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from pathlib import PurePath
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from casepath.audit.models import Action
from casepath.audit.services import audit_record, diff
from casepath.cases.models import Case, CaseOption, PlannedProcedure
from casepath.core.errors import CasepathError, FieldError
from casepath.intake.models import Intake
from casepath.interop.fhir_predetermination import is_npi
from casepath.patients.models import Patient
from casepath.referrals.models import (
    Direction,
    Referral,
    ReferralDocument,
    ReferralEvent,
    ReferralProcedure,
    ReferralStatus,
    ReferralUrgency,
    ReferringProvider,
)
from casepath.scheduling.selectors import practice_zone
from casepath.tenancy.models import Practice
from casepath.tenancy.scoping import scoped

S = ReferralStatus

# The way each kind of referral goes; a move goes forward along it (a step the TC did
# not hear about may be skipped), never back. Cancelled is the way out of an open one.
FLOW: dict[str, tuple[str, ...]] = {
    Direction.OUTBOUND: (S.SENT, S.SCHEDULED, S.CONSULTED, S.IN_TREATMENT, S.COMPLETED, S.RETURNED),
    Direction.INBOUND: (S.RECEIVED, S.SCHEDULED, S.CONSULTED, S.IN_TREATMENT, S.COMPLETED),
}
CLOSED = frozenset({S.COMPLETED, S.RETURNED, S.CANCELLED})
# Outbound: completed by the specialist, the patient not yet back with us.
WAITING_FOR_RETURN = S.COMPLETED

PROVIDER_FIELDS = (
    "name",
    "practice_name",
    "specialty",
    "npi",
    "phone",
    "fax",
    "email",
    "address",
    "notes",
)
REFERRAL_FIELDS = ("reason", "urgency", "expected_back_on", "notes")

NPI_WRONG = (
    "An NPI is 10 digits and its last digit is a check digit: this one does not check out. "
    "Look it up on the provider's letterhead or in the NPI registry."
)
NPI_TAKEN = "Another provider in the directory has this NPI: {name}."

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
DOCUMENT_REFUSED = (
    "The file is not a PDF, a picture (JPEG, PNG, WebP, TIFF) or an x-ray (DICOM): "
    "choose the report or the x-ray itself."
)


# The directory ----------------------------------------------------------------------


def npi_clean(value: str) -> str:
    """The NPI as typed, without spaces or dashes ("" when none is given)."""
    return "".join(ch for ch in value if ch not in " -")


def _check_provider(practice: Practice, provider: ReferringProvider) -> None:
    problems: list[FieldError] = []
    if not provider.name.strip():
        problems.append(FieldError("name", "Give the provider's name, e.g. Dr. Alan Reyes."))
    if provider.npi and not is_npi(provider.npi):
        problems.append(FieldError("npi", NPI_WRONG))
    elif provider.npi:
        other = (
            scoped(ReferringProvider, practice)
            .filter(npi=provider.npi)
            .exclude(pk=provider.pk)
            .first()
        )
        if other is not None:
            problems.append(FieldError("npi", NPI_TAKEN.format(name=other.name)))
    if problems:
        raise CasepathError(*problems)


def _apply_provider(provider: ReferringProvider, data: Mapping[str, Any]) -> None:
    for name in PROVIDER_FIELDS:
        if name in data:
            value = data[name] if data[name] is not None else ""
            setattr(provider, name, value.strip() if isinstance(value, str) else value)
    provider.npi = npi_clean(provider.npi)


def _provider_snapshot(provider: ReferringProvider) -> dict[str, Any]:
    return {name: getattr(provider, name) for name in (*PROVIDER_FIELDS, "is_active")}


@transaction.atomic
def provider_create(
    *, practice: Practice, acting_user: Any, data: Mapping[str, Any]
) -> ReferringProvider:
    """Add a provider to the directory; refuses a wrong or repeated NPI at "npi"."""
    provider = ReferringProvider(practice=practice, organization_id=practice.organization_id)
    _apply_provider(provider, data)
    _check_provider(practice, provider)
    provider.full_clean()
    provider.save()
    audit_record(
        practice=practice,
        actor=acting_user,
        action=Action.CREATE,
        target=provider,
        summary=f"Added {provider} to the referral directory",
        changes=diff({}, _provider_snapshot(provider)),
    )
    return provider


@transaction.atomic
def provider_update(
    *, provider: ReferringProvider, acting_user: Any, data: Mapping[str, Any]
) -> ReferringProvider:
    """Change a provider's details; the audit row keeps what changed."""
    before = _provider_snapshot(provider)
    _apply_provider(provider, data)
    _check_provider(provider.practice, provider)
    provider.full_clean()
    provider.save()
    audit_record(
        practice=provider.practice,
        actor=acting_user,
        action=Action.UPDATE,
        target=provider,
        summary=f"Changed {provider} in the referral directory",
        changes=diff(before, _provider_snapshot(provider)),
    )
    return provider


@transaction.atomic
def provider_set_active(
    *, provider: ReferringProvider, acting_user: Any, active: bool
) -> ReferringProvider:
    """Take a provider out of use (kept with its referrals), or back into use."""
    if provider.is_active == active:
        return provider
    provider.is_active = active
    provider.save(update_fields=["is_active", "updated_at"])
    audit_record(
        practice=provider.practice,
        actor=acting_user,
        action=Action.UPDATE,
        target=provider,
        summary=f"{'Back in use' if active else 'Out of use'}: {provider}",
        changes=diff({"is_active": not active}, {"is_active": active}),
    )
    return provider


# Referrals --------------------------------------------------------------------------


def local_day(practice: Practice, now: datetime) -> date:
    return timezone.localtime(now, practice_zone(practice)).date()


def _person(user: Any) -> Any:
    return user if getattr(user, "is_authenticated", False) else None


def _event(referral: Referral, *, status: str, acting_user: Any, now: datetime, note: str) -> None:
    ReferralEvent.objects.create(
        practice=referral.practice,
        referral=referral,
        status=status,
        at=now,
        by=_person(acting_user),
        note=note.strip()[:300],
    )


def _check_provider_in_use(practice: Practice, provider: ReferringProvider) -> list[FieldError]:
    if provider.practice_id != practice.pk:
        return [FieldError("other_provider", "Choose a provider of this practice's directory.")]
    if not provider.is_active:
        return [
            FieldError(
                "other_provider",
                f"{provider.name} is out of use: put them back in use in the directory first.",
            )
        ]
    return []


def _check_common(
    practice: Practice,
    *,
    provider: ReferringProvider,
    reason: str,
    urgency: str,
    on: date | None,
    on_field: str,
    today: date,
) -> list[FieldError]:
    problems = _check_provider_in_use(practice, provider)
    if not reason.strip():
        problems.append(FieldError("reason", "Say why the patient is referred."))
    if urgency not in ReferralUrgency.values:
        problems.append(FieldError("urgency", "Choose how urgent the referral is."))
    if on is None:
        problems.append(FieldError(on_field, "Give the day."))
    elif on > today:
        problems.append(FieldError(on_field, f"The day cannot be after today ({today:%m/%d/%Y})."))
    return problems


def _create_audit(referral: Referral, acting_user: Any, summary: str) -> None:
    audit_record(
        practice=referral.practice,
        actor=acting_user,
        action=Action.CREATE,
        target=referral,
        patient=referral.patient,
        summary=summary,
        changes=diff({}, _referral_snapshot(referral)),
    )


def _referral_snapshot(referral: Referral) -> dict[str, Any]:
    return {
        "direction": referral.direction,
        "other_provider": referral.other_provider_id,
        "patient": referral.patient_id,
        "intake": referral.intake_id,
        "case": referral.case_id,
        "reason": referral.reason,
        "urgency": referral.urgency,
        "status": referral.status,
        "referred_on": referral.referred_on.isoformat() if referral.referred_on else None,
        "expected_back_on": referral.expected_back_on.isoformat()
        if referral.expected_back_on
        else None,
        "returned_on": referral.returned_on.isoformat() if referral.returned_on else None,
        "notes": referral.notes,
    }


@transaction.atomic
def referral_receive(
    *,
    practice: Practice,
    acting_user: Any,
    now: datetime,
    other_provider: ReferringProvider,
    patient: Patient | None = None,
    intake: Intake | None = None,
    reason: str,
    urgency: str = ReferralUrgency.ROUTINE,
    received_on: date | None,
    notes: str = "",
) -> Referral:
    """An inbound referral: `other_provider` sent us `patient` (or the new patient of
    `intake`, whose patient it then is). Its status is received."""
    today = local_day(practice, now)
    problems = _check_common(
        practice,
        provider=other_provider,
        reason=reason,
        urgency=urgency,
        on=received_on,
        on_field="received_on",
        today=today,
    )
    if intake is not None:
        if intake.practice_id != practice.pk:
            problems.append(FieldError("intake", "Choose a new patient of this practice."))
        elif patient is not None and patient.pk != intake.patient_id:
            problems.append(FieldError("patient", "The new patient's page names another patient."))
        else:
            patient = intake.patient
    if patient is None:
        problems.append(FieldError("patient", "Choose the patient who was referred."))
    elif patient.practice_id != practice.pk:
        problems.append(FieldError("patient", "Choose a patient of this practice."))
    if problems:
        raise CasepathError(*problems)
    assert patient is not None and received_on is not None
    referral = Referral(
        practice=practice,
        direction=Direction.INBOUND,
        other_provider=other_provider,
        patient=patient,
        intake=intake,
        reason=reason.strip(),
        urgency=urgency,
        status=S.RECEIVED,
        status_changed_at=now,
        referred_on=received_on,
        coordinator=_person(acting_user),
        notes=notes.strip(),
    )
    referral.full_clean()
    referral.save()
    _event(referral, status=S.RECEIVED, acting_user=acting_user, now=now, note="")
    _create_audit(
        referral, acting_user, f"{other_provider.name} referred {patient} to us: {referral.reason}"
    )
    return referral


def plan_option(case: Case) -> CaseOption | None:
    """The option whose procedures a referral may cover: the accepted one, else the
    recommended one, else the first."""
    if case.accepted_option_id:
        return case.accepted_option
    options = scoped(CaseOption, case.practice).filter(case=case)
    return options.order_by("-is_recommended", "position", "pk").first()


def _check_procedures(
    case: Case | None, procedures: Sequence[PlannedProcedure]
) -> list[FieldError]:
    if case is None:
        if procedures:
            return [FieldError("procedures", "Procedures come from a case: start from the case.")]
        return []
    if not procedures:
        return [FieldError("procedures", "Tick the procedures the specialist does.")]
    option = plan_option(case)
    allowed = (
        set(
            scoped(PlannedProcedure, case.practice)
            .filter(case=case, phase__option=option)
            .values_list("pk", flat=True)
        )
        if option is not None
        else set()
    )
    strangers = [p for p in procedures if p.pk not in allowed]
    if strangers:
        names = ", ".join(str(p) for p in strangers)
        where = f"the option “{option.name}” of this case" if option else "this case"
        return [FieldError("procedures", f"Not a procedure of {where}: {names}.")]
    return []


@transaction.atomic
def referral_send(
    *,
    practice: Practice,
    acting_user: Any,
    now: datetime,
    other_provider: ReferringProvider,
    patient: Patient | None = None,
    case: Case | None = None,
    procedures: Sequence[PlannedProcedure] = (),
    reason: str,
    urgency: str = ReferralUrgency.ROUTINE,
    sent_on: date | None,
    expected_back_on: date | None = None,
    notes: str = "",
    documents: Iterable[tuple[UploadedFile, str]] = (),
) -> Referral:
    """An outbound referral: `other_provider` does `procedures` of the case's accepted
    (or recommended) option. Its status is sent; `documents` (upload, title) go with it."""
    today = local_day(practice, now)
    problems = _check_common(
        practice,
        provider=other_provider,
        reason=reason,
        urgency=urgency,
        on=sent_on,
        on_field="sent_on",
        today=today,
    )
    if case is not None:
        if case.practice_id != practice.pk:
            problems.append(FieldError("case", "Choose a case of this practice."))
            case = None
        elif patient is not None and patient.pk != case.patient_id:
            problems.append(FieldError("patient", "The case is another patient's."))
        else:
            patient = case.patient
    if patient is None:
        problems.append(FieldError("patient", "Choose the patient you refer."))
    elif patient.practice_id != practice.pk:
        problems.append(FieldError("patient", "Choose a patient of this practice."))
    problems += _check_procedures(case, procedures)
    if expected_back_on is not None and sent_on is not None and expected_back_on < sent_on:
        problems.append(
            FieldError(
                "expected_back_on",
                f"The patient cannot be back before the referral is sent ({sent_on:%m/%d/%Y}).",
            )
        )
    uploads = list(documents)
    for upload, _ in uploads:
        problems += [FieldError("documents", e.message) for e in _document_problems(upload)]
    if problems:
        raise CasepathError(*problems)
    assert patient is not None and sent_on is not None
    referral = Referral(
        practice=practice,
        direction=Direction.OUTBOUND,
        other_provider=other_provider,
        patient=patient,
        case=case,
        reason=reason.strip(),
        urgency=urgency,
        status=S.SENT,
        status_changed_at=now,
        referred_on=sent_on,
        expected_back_on=expected_back_on,
        coordinator=_person(acting_user),
        notes=notes.strip(),
    )
    referral.full_clean()
    referral.save()
    ReferralProcedure.objects.bulk_create(
        ReferralProcedure(
            practice=practice,
            organization_id=practice.organization_id,
            referral=referral,
            procedure=p,
        )
        for p in procedures
    )
    _event(referral, status=S.SENT, acting_user=acting_user, now=now, note="")
    covered = ", ".join(str(p) for p in procedures)
    _create_audit(
        referral,
        acting_user,
        f"Referred {patient} to {other_provider.name}"
        + (f" for {covered}" if covered else "")
        + f": {referral.reason}",
    )
    for upload, title in uploads:
        referral_document_add(
            referral=referral, acting_user=acting_user, upload=upload, title=title
        )
    return referral


@transaction.atomic
def referral_update(*, referral: Referral, acting_user: Any, data: Mapping[str, Any]) -> Referral:
    """Change the reason, urgency, expected return or notes of a referral."""
    before = _referral_snapshot(referral)
    for name in REFERRAL_FIELDS:
        if name in data:
            value = data[name]
            setattr(referral, name, value.strip() if isinstance(value, str) else value)
    problems: list[FieldError] = []
    if not referral.reason:
        problems.append(FieldError("reason", "Say why the patient is referred."))
    if referral.urgency not in ReferralUrgency.values:
        problems.append(FieldError("urgency", "Choose how urgent the referral is."))
    back = referral.expected_back_on
    if back is not None and referral.direction == Direction.INBOUND:
        problems.append(FieldError("expected_back_on", "Only a referral out comes back."))
    elif back is not None and back < referral.referred_on:
        problems.append(
            FieldError(
                "expected_back_on",
                "The patient cannot be back before the referral was sent "
                f"({referral.referred_on:%m/%d/%Y}).",
            )
        )
    if problems:
        raise CasepathError(*problems)
    referral.full_clean()
    referral.save()
    changes = diff(before, _referral_snapshot(referral))
    if changes:
        audit_record(
            practice=referral.practice,
            actor=acting_user,
            action=Action.UPDATE,
            target=referral,
            patient=referral.patient,
            summary=f"Changed the referral of {referral.patient} ({referral.other_provider.name})",
            changes=changes,
        )
    return referral


def next_statuses(referral: Referral) -> list[str]:
    """Where the referral may go now: the later steps of its way, then cancelled."""
    way = FLOW[referral.direction]
    if referral.status not in way:
        return []
    later = list(way[way.index(referral.status) + 1 :])
    return later + ([S.CANCELLED] if referral.status not in CLOSED else [])


def move_refusal(referral: Referral, to: str) -> str | None:
    """Why `referral` cannot move to `to`, in words (None when it can)."""
    current = S(referral.status).label.lower()
    if to not in S.values:
        return "Choose one of the statuses of a referral."
    target = S(to).label.lower()
    if to == referral.status:
        return f"The referral is already {current}."
    if referral.status == S.CANCELLED:
        return "The referral is cancelled: nothing moves it any more."
    way = FLOW[referral.direction]
    if to == S.CANCELLED:
        if referral.status in CLOSED:
            return f"The referral is {current}: only an open referral can be cancelled."
        return None
    if to not in way:
        kind = "referred out" if referral.direction == Direction.OUTBOUND else "referred to us"
        return f"A patient {kind} is never “{target}”."
    if referral.status == S.RETURNED or (
        referral.direction == Direction.INBOUND and referral.status == S.COMPLETED
    ):
        return f"The referral is {current}: it is closed."
    if way.index(to) < way.index(referral.status):
        return f"The referral is {current}: it cannot go back to {target}."
    return None


@transaction.atomic
def referral_move(
    *,
    referral: Referral,
    acting_user: Any,
    now: datetime,
    to: str,
    note: str = "",
    on: date | None = None,
) -> Referral:
    """Move `referral` to `to` (one ReferralEvent and one audit row). Returned sets the
    day the patient came back (`on`, today unless given)."""
    refusal = move_refusal(referral, to)
    if refusal is not None:
        raise CasepathError.at("status", refusal)
    before = _referral_snapshot(referral)
    today = local_day(referral.practice, now)
    if to == S.RETURNED:
        back = on or today
        if back > today:
            raise CasepathError.at("on", f"The day cannot be after today ({today:%m/%d/%Y}).")
        if back < referral.referred_on:
            raise CasepathError.at(
                "on",
                "The patient cannot be back before the referral was sent "
                f"({referral.referred_on:%m/%d/%Y}).",
            )
        referral.returned_on = back
    referral.status = to
    referral.status_changed_at = now
    referral.full_clean()
    referral.save()
    _event(referral, status=to, acting_user=acting_user, now=now, note=note)
    summary = (
        f"Referral of {referral.patient} ({referral.other_provider.name}): {S(to).label.lower()}"
    )
    audit_record(
        practice=referral.practice,
        actor=acting_user,
        action=Action.UPDATE,
        target=referral,
        patient=referral.patient,
        summary=summary + (f" ({note.strip()})" if note.strip() else ""),
        changes=diff(before, _referral_snapshot(referral)),
    )
    return referral


# Documents --------------------------------------------------------------------------

_SIGNATURES: tuple[tuple[int, bytes, str, str], ...] = (
    (0, b"%PDF-", "application/pdf", "pdf"),
    (0, b"\xff\xd8\xff", "image/jpeg", "jpg"),
    (0, b"\x89PNG\r\n\x1a\n", "image/png", "png"),
    (0, b"II*\x00", "image/tiff", "tif"),
    (0, b"MM\x00*", "image/tiff", "tif"),
    (128, b"DICM", "application/dicom", "dcm"),
)


def document_kind(upload: UploadedFile) -> tuple[str, str]:
    """(content type, extension) read from the file's first bytes (the name and the
    browser's word are not trusted); CasepathError at "file" otherwise."""
    problems = _document_problems(upload)
    if problems:
        raise CasepathError(*problems)
    return _sniff(upload)  # type: ignore[return-value]


def _sniff(upload: UploadedFile) -> tuple[str, str] | None:
    upload.seek(0)
    head = upload.read(132)
    upload.seek(0)
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp", "webp"
    for offset, magic, content_type, extension in _SIGNATURES:
        if head[offset : offset + len(magic)] == magic:
            return content_type, extension
    return None


def _document_problems(upload: UploadedFile) -> list[FieldError]:
    size = upload.size or 0
    if size > MAX_DOCUMENT_BYTES:
        return [
            FieldError(
                "file",
                f"“{upload.name}” is {size / (1024 * 1024):.1f} MB: a document can be at most "
                "20 MB.",
            )
        ]
    if size == 0:
        return [FieldError("file", f"“{upload.name}” is empty.")]
    if _sniff(upload) is None:
        return [FieldError("file", f"“{upload.name}”: {DOCUMENT_REFUSED}")]
    return []


@transaction.atomic
def referral_document_add(
    *, referral: Referral, acting_user: Any, upload: UploadedFile, title: str = ""
) -> ReferralDocument:
    """Keep a file with the referral (x-rays, a chart, a report). The stored name is
    random; the file is served only through the referral's views."""
    content_type, extension = document_kind(upload)
    title = title.strip() or PurePath(upload.name or "document").stem[:120] or "Document"
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    document = ReferralDocument(
        practice=referral.practice,
        referral=referral,
        title=title[:120],
        content_type=content_type,
        sha256=digest.hexdigest(),
        added_by=_person(acting_user),
    )
    document.full_clean(exclude=["file"])
    document.file.save(f"{uuid.uuid4().hex}.{extension}", upload, save=False)
    try:
        document.save()
    except Exception:
        document.file.delete(save=False)  # no file without its row
        raise
    audit_record(
        practice=referral.practice,
        actor=acting_user,
        action=Action.UPDATE,
        target=referral,
        patient=referral.patient,
        summary=f"Added the document “{document.title}” to the referral of {referral.patient}",
        changes=diff({}, {"document": document.pk, "sha256": document.sha256}),
    )
    return document
