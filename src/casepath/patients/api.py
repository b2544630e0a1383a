"""API: search, read, add and change patients of one practice. Every read is audited."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.responses import Status

from casepath.apikit import ERRORS, require
from casepath.audit.models import Action, Channel
from casepath.audit.services import audit_request, client_ip
from casepath.patients import selectors, services
from casepath.patients.models import ContactMethod, Patient, PatientStatus, ReferralSource
from casepath.tenancy.roles import Permission
from casepath.tenancy.scoping import get_scoped_or_404

router = Router(tags=["patients"])
BASE = "/practices/{practice_id}/patients"


class PatientIn(Schema):
    first_name: str = Field(min_length=1, max_length=100)
    last_name: str = Field(min_length=1, max_length=100)
    date_of_birth: date
    middle_name: str = ""
    preferred_name: str = ""
    sex: str = ""
    mobile_phone: str = ""
    home_phone: str = ""
    work_phone: str = ""
    email: str = ""
    preferred_contact_method: ContactMethod = ContactMethod.CALL
    preferred_contact_times: str = ""
    sms_consent: bool = False
    sms_consent_on: date | None = None
    preferred_language: str = "English"
    time_zone: str = "America/New_York"
    guarantor_id: int | None = None
    is_new_patient: bool = True
    referral_source: ReferralSource | None = None
    referral_detail: str = ""
    notes: str = ""
    status: PatientStatus = PatientStatus.ACTIVE


class PatientPatch(Schema):
    first_name: str | None = Field(None, min_length=1, max_length=100)
    last_name: str | None = Field(None, min_length=1, max_length=100)
    date_of_birth: date | None = None
    preferred_name: str | None = None
    mobile_phone: str | None = None
    home_phone: str | None = None
    work_phone: str | None = None
    email: str | None = None
    preferred_contact_method: ContactMethod | None = None
    preferred_contact_times: str | None = None
    sms_consent: bool | None = None
    sms_consent_on: date | None = None
    preferred_language: str | None = None
    time_zone: str | None = None
    notes: str | None = None
    status: PatientStatus | None = None


class PatientOut(Schema):
    id: int
    chart_number: str
    first_name: str
    last_name: str
    preferred_name: str
    date_of_birth: date
    mobile_phone: str
    home_phone: str
    email: str
    preferred_contact_method: str
    sms_consent: bool
    sms_consent_on: date | None
    preferred_language: str
    time_zone: str
    guarantor_id: int | None
    is_new_patient: bool
    referral_source: str
    status: str


@router.get(BASE, response={200: list[PatientOut], **ERRORS})
def search(
    request: HttpRequest, practice_id: int, q: str, include_inactive: bool = False
) -> list[Patient]:
    """Patients matching a name, phone, date of birth (YYYY-MM-DD) or chart number.

    Inactive patients are left out unless `include_inactive=true`."""
    require(request, Permission.VIEW_PATIENTS)
    found = selectors.patient_search(
        request.practice,  # type: ignore[attr-defined]
        q,
        include_inactive=include_inactive,
    )
    audit_request(
        request,
        channel=Channel.API,
        action=Action.SEARCH,
        object_type="patient",
        summary=f"Searched patients for {q!r} ({len(found)} found)",
    )
    return found


@router.get(BASE + "/{patient_id}", response={200: PatientOut, **ERRORS})
def read(request: HttpRequest, practice_id: int, patient_id: int) -> Patient:
    require(request, Permission.VIEW_PATIENTS)
    patient = selectors.patient_get(request.practice, patient_id)  # type: ignore[attr-defined]
    audit_request(
        request,
        channel=Channel.API,
        action=Action.VIEW,
        target=patient,
        patient=patient,
        summary=f"Read {patient} through the API",
    )
    return patient


@router.post(BASE, response={201: PatientOut, **ERRORS})
def create(request: HttpRequest, practice_id: int, payload: PatientIn) -> Status[Patient]:
    require(request, Permission.EDIT_PATIENTS)
    practice = request.practice  # type: ignore[attr-defined]
    data = payload.dict()
    guarantor_id = data.pop("guarantor_id")
    data["referral_source"] = data["referral_source"] or ""
    data["guarantor"] = get_scoped_or_404(Patient, practice, guarantor_id) if guarantor_id else None
    patient = services.patient_create(
        practice=practice,
        acting_user=request.user,
        data=data,
        channel=Channel.API,
        ip_address=client_ip(request),
    )
    return Status(201, patient)


@router.patch(BASE + "/{patient_id}", response={200: PatientOut, **ERRORS})
def update(
    request: HttpRequest, practice_id: int, patient_id: int, payload: PatientPatch
) -> Patient:
    require(request, Permission.EDIT_PATIENTS)
    patient = selectors.patient_get(request.practice, patient_id)  # type: ignore[attr-defined]
    data = payload.dict(exclude_unset=True)
    return services.patient_update(
        patient=patient,
        acting_user=request.user,
        data=data,
        channel=Channel.API,
        ip_address=client_ip(request),
    )
