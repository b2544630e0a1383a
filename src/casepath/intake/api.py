"""API: new patients of a practice, from the first call to the hand-off.

As in the cases API, the intake in the URL is found during authentication, within the
URL's practice, so a caller who cannot see it gets 404 whatever they send. Writes go
through the services in one transaction; each is audited by the services and once more
with the API channel. Every read of patient data is audited. Member IDs never leave.

Capturing a call: a call without a phone or an e-mail is refused at `caller_phone`
(422); a new patient who may be on file already answers **409** with the error envelope
(`patients[0]`: what matched) plus `duplicates: [{index, patients: [{id, name,
chart_number, reasons}]}]`, and nothing is written; send the call again with
`existing_patient_id` or `not_a_duplicate: true` for each index.
Seeing needs VIEW_PATIENTS; every write EDIT_PATIENTS.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router
from ninja.responses import Status

from casepath import apikit
from casepath.apikit import ERRORS, require
from casepath.audit.models import Action, Channel
from casepath.audit.services import audit_request
from casepath.core.errors import CasepathError, FieldError
from casepath.core.intake import BEFORE_THE_VISIT
from casepath.intake import api_schemas as s
from casepath.intake import services, visit_services
from casepath.intake.conversion import conversion_by_source
from casepath.intake.models import Intake
from casepath.intake.selectors import intake_get, intake_moves
from casepath.patients.models import Patient
from casepath.scheduling.selectors import practice_zone
from casepath.tenancy.models import Operatory, Practice, Provider
from casepath.tenancy.roles import Permission
from casepath.tenancy.scoping import scoped

BASE = "/practices/{practice_id}/new-patients"
ONE = BASE + "/{int:intake_id}"
NEW_PATIENT_FIELDS = ("first_name", "last_name", "date_of_birth", "mobile_phone", "email")
CONVERSION_DAYS = 90
DUPLICATES = {409: s.DuplicatesEnvelope}


def enter(request: HttpRequest) -> None:
    """The intake named in the URL, within the URL's practice (else 404)."""
    kwargs = request.resolver_match.kwargs if request.resolver_match else {}
    practice = getattr(request, "practice", None)
    if practice is not None and "intake_id" in kwargs:
        request.intake = intake_get(practice, kwargs["intake_id"])  # type: ignore[attr-defined]


router = Router(tags=["new patients"], auth=apikit.entering(enter))


def _practice(request: HttpRequest) -> Practice:
    return request.practice  # type: ignore[attr-defined,no-any-return]


def _intake(request: HttpRequest) -> Intake:
    return request.intake  # type: ignore[attr-defined,no-any-return]


def _audit(request: HttpRequest, intake: Intake, action: Action, summary: str) -> None:
    audit_request(
        request,
        channel=Channel.API,
        action=action,
        target=intake,
        patient=intake.patient,
        summary=f"{summary} (API)",
    )


def _detail(request: HttpRequest, intake_id: int) -> dict[str, Any]:
    """The intake as it now stands, with its moves."""
    intake = intake_get(_practice(request), intake_id)
    return s.intake_detail(intake, intake_moves(intake))


# ---- the list and one intake -------------------------------------------------


@router.get(BASE, response={200: s.IntakePage, **ERRORS})
def intake_list(
    request: HttpRequest, practice_id: int, filters: Query[s.IntakeFilters]
) -> dict[str, Any]:
    """New patients of the practice, longest in their stage first, filtered by stage
    and by how they heard of us; `limit` (at most 200) and `offset` page through."""
    require(request, Permission.VIEW_PATIENTS)
    found = (
        scoped(Intake, _practice(request))
        .select_related("patient", "call", "coordinator", "first_visit__provider")
        .defer("insurance_member_id")
    )
    if filters.stage is not None:
        found = found.filter(stage=filters.stage)
    if filters.source is not None:
        found = found.filter(call__source=filters.source)
    page = list(found[filters.offset : filters.offset + filters.limit])
    shown = ", ".join(
        f"{k}={v}" for k, v in filters.model_dump(mode="json").items() if v is not None
    )
    audit_request(
        request,
        channel=Channel.API,
        action=Action.SEARCH,
        object_type="intake",
        summary=f"Listed new patients ({shown}): {len(page)} shown (API)",
    )
    return {
        "count": found.count(),
        "limit": filters.limit,
        "offset": filters.offset,
        "items": [s.intake_row(intake) for intake in page],
    }


@router.get(BASE + "/conversion", response={200: s.ConversionOut, **ERRORS}, by_alias=True)
def intake_conversion(
    request: HttpRequest, practice_id: int, filters: Query[s.ConversionFilters]
) -> dict[str, Any]:
    """Conversion by how callers heard of us, for the calls of `from` to `to` (days of
    the practice; the last 90 days when left out): called, booked, arrived, case
    presented, accepted, with percentages of the calls and of the step before, then
    "all". Counts only: no patient is named, so the read is not audited."""
    require(request, Permission.VIEW_PATIENTS)
    practice = _practice(request)
    last = filters.to or timezone.localtime(timezone.now(), practice_zone(practice)).date()
    first = filters.from_ or last - timedelta(days=CONVERSION_DAYS - 1)
    if first > last:
        raise CasepathError.at("query.from", "Start on or before the last day.")
    shown = conversion_by_source(practice, start=first, end=last)
    return {"from": first, "to": last, "sources": [s.funnel_out(r.funnel) for r in shown.rows]}


@router.get(ONE, response={200: s.IntakeDetail, **ERRORS})
def intake_read(request: HttpRequest, practice_id: int, intake_id: int) -> dict[str, Any]:
    """The new patient: the call, what the TC learned, the first visit, the day of the
    visit, the hand-off and every move between stages."""
    require(request, Permission.VIEW_PATIENTS)
    intake = _intake(request)
    _audit(request, intake, Action.VIEW, f"Read the new patient {intake.patient}")
    return s.intake_detail(intake, intake_moves(intake))


# ---- the first call ----------------------------------------------------------


@router.post(BASE + "/calls", response={201: s.CapturedOut, **DUPLICATES, **ERRORS})
def call_capture(request: HttpRequest, practice_id: int, payload: s.CallIn) -> Status[Any]:
    """Record a first call and put each patient it is about on the pipeline (inquiry).
    No phone and no e-mail: 422 at `caller_phone`. A new patient who may be on file:
    409 with `duplicates`, nothing written."""
    require(request, Permission.EDIT_PATIENTS)
    practice = _practice(request)
    data = payload.dict()
    entries = data.pop("patients")
    started_at, ended_at = data.pop("started_at"), data.pop("ended_at")
    now = timezone.now()
    ended_at = ended_at or now
    patients = _call_patients(practice, data, entries, started_at, ended_at, now)
    try:
        with apikit.api_writes(request, _new_patient_paths(patients)):
            call, intakes = services.call_capture(
                practice=practice,
                acting_user=request.user,
                call=data,
                patients=patients,
                started_at=started_at,
                now=ended_at,
            )
    except services.DuplicatesFound as found:
        return _duplicates(request, found)
    return Status(
        201, {"call_id": call.pk, "intakes": [_detail(request, intake.pk) for intake in intakes]}
    )


def _new_patient_paths(patients: list[services.CallPatient]) -> dict[str, str]:
    """The service names a new patient's field `patient.<name>`: with one new patient,
    the API names its index."""
    new = [index for index, patient in enumerate(patients) if patient.existing is None]
    if len(new) != 1:
        return {}
    return {f"patient.{name}": f"patients[{new[0]}].{name}" for name in NEW_PATIENT_FIELDS}


def _call_patients(
    practice: Practice,
    call: Mapping[str, Any],
    entries: list[dict[str, Any]],
    started_at: datetime,
    ended_at: datetime,
    now: datetime,
) -> list[services.CallPatient]:
    """The body's patients as the service takes them; every problem found at once."""
    problems: list[FieldError] = []
    try:
        services.check_reachable(call)
    except CasepathError as error:
        problems += error.errors
    if ended_at > now:
        problems.append(FieldError("ended_at", "The call cannot end in the future."))
    elif started_at > ended_at:
        problems.append(FieldError("started_at", "The call cannot start after it ended."))
    patients = []
    for index, entry in enumerate(entries):
        patient, found = _call_patient(practice, index, entry)
        patients.append(patient)
        problems += found
    if problems:
        raise CasepathError(*problems)
    return patients


def _call_patient(
    practice: Practice, index: int, entry: dict[str, Any]
) -> tuple[services.CallPatient, list[FieldError]]:
    at = f"patients[{index}]"
    about = {name: entry[name] for name in services.INTAKE_FIELDS}
    new = {name: entry[name] for name in NEW_PATIENT_FIELDS if entry[name] not in ("", None)}
    existing_id = entry["existing_patient_id"]
    if existing_id is not None:
        existing = scoped(Patient, practice).filter(pk=existing_id).first()
        if existing is None:
            return services.CallPatient(), [
                FieldError(f"{at}.existing_patient_id", "Choose a patient of this practice.")
            ]
        if new:
            message = "Choose a patient on file or give a new patient's details, not both."
            return services.CallPatient(), [FieldError(f"{at}.existing_patient_id", message)]
        return services.CallPatient(existing=existing, about=about), []
    patient = services.CallPatient(new=new, not_a_duplicate=entry["not_a_duplicate"], about=about)
    return patient, _new_patient_problems(at, new)


def _new_patient_problems(at: str, new: Mapping[str, Any]) -> list[FieldError]:
    """A new patient's details as the patient record checks them, at `patients[i].…`."""
    needed = {
        "first_name": "Give the patient's first name.",
        "last_name": "Give the patient's last name.",
        "date_of_birth": "Give the patient's date of birth.",
    }
    missing = [name for name in needed if name not in new]
    problems = [FieldError(f"{at}.{name}", needed[name]) for name in missing]
    try:
        Patient(**new).full_clean(
            exclude=["chart_number", "practice", "organization", *missing],
            validate_unique=False,
            validate_constraints=False,
        )
    except ValidationError as error:
        problems += [
            FieldError(f"{at}.{name}", " ".join(messages))
            for name, messages in error.message_dict.items()
        ]
    return problems


def _duplicates(request: HttpRequest, found: services.DuplicatesFound) -> Status[Any]:
    """409: who the new patients may be, audited (it names patients on file)."""
    duplicates = [
        {
            "index": index,
            "patients": [
                {
                    "id": d.patient.pk,
                    "name": d.patient.display_name,
                    "chart_number": d.patient.chart_number,
                    "reasons": list(d.reasons),
                }
                for d in candidates
            ],
        }
        for index, candidates in found.found.items()
    ]
    shown = sum(len(d["patients"]) for d in duplicates)
    audit_request(
        request,
        channel=Channel.API,
        action=Action.SEARCH,
        object_type="patient",
        summary=f"Possible duplicates of a caller's new patient: {shown} shown (API)",
    )
    errors = [{"path": e.path, "message": e.message} for e in found.errors]
    return Status(409, {"errors": errors, "duplicates": duplicates})


# ---- moves and the first visit -----------------------------------------------


@router.post(ONE + "/moves", response={200: s.IntakeDetail, **ERRORS})
def intake_move(
    request: HttpRequest, practice_id: int, intake_id: int, payload: s.MoveIn
) -> dict[str, Any]:
    """Move the new patient: confirmed, arrived, no_show (the TC gets a call to rebook),
    closed (with a reason), or inquiry (reopen a closed inquiry; from a booked visit,
    cancel the visit, with a reason). A move the pipeline refuses: 422 at `stage`."""
    require(request, Permission.EDIT_PATIENTS)
    intake, user, now = _intake(request), request.user, timezone.now()
    reason = payload.reason.strip()
    with apikit.api_writes(request):
        if payload.to == "confirmed":
            how = reason or "through the API"
            visit_services.visit_confirm(intake=intake, acting_user=user, now=now, how=how)
        elif payload.to == "arrived":
            visit_services.visit_arrived(intake=intake, acting_user=user, now=now)
        elif payload.to == "no_show":
            visit_services.visit_no_show(intake=intake, acting_user=user, now=now)
        elif payload.to == "closed":
            services.intake_close(intake=intake, reason=reason, acting_user=user, now=now)
        elif intake.stage in BEFORE_THE_VISIT:
            visit_services.visit_cancel(intake=intake, acting_user=user, now=now, reason=reason)
        else:
            services.intake_reopen(intake=intake, acting_user=user, now=now)
    return _detail(request, intake_id)


@router.post(ONE + "/book", response={200: s.IntakeDetail, **ERRORS})
def intake_book(
    request: HttpRequest, practice_id: int, intake_id: int, payload: s.BookIn
) -> dict[str, Any]:
    """Book the first visit (or move it). The welcome package and the reminder follow
    when the practice sends them automatically."""
    require(request, Permission.EDIT_PATIENTS)
    practice, intake = _practice(request), _intake(request)
    names = {"provider": "provider_id", "operatory": "operatory_id"}
    with apikit.api_writes(request, names):
        provider = scoped(Provider, practice).filter(pk=payload.provider_id, is_active=True).first()
        operatory = None
        if payload.operatory_id is not None:
            operatory = scoped(Operatory, practice).filter(pk=payload.operatory_id).first()
        problems = []
        if provider is None:
            problems.append(FieldError("provider_id", "Choose a provider of this practice."))
        if payload.operatory_id is not None and operatory is None:
            problems.append(FieldError("operatory_id", "Choose a room of this practice."))
        if problems:
            raise CasepathError(*problems)
        visit_services.visit_book(
            intake=intake,
            acting_user=request.user,
            provider=provider,  # type: ignore[arg-type]
            starts_at=payload.starts_at,
            duration_minutes=payload.duration_minutes,
            now=timezone.now(),
            operatory=operatory,
        )
    return _detail(request, intake_id)
