"""Reads of patients: search and the patient page."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from casepath.core.patient_search import (
    BirthDateQuery,
    ChartQuery,
    NameQuery,
    PatientQuery,
    PhoneQuery,
    chart_key,
    parse_search,
    prefix_range,
)
from casepath.patients.models import FamilyLink, Patient, PatientStatus
from casepath.tenancy.models import Practice
from casepath.tenancy.scoping import get_scoped_or_404, scoped

SEARCH_LIMIT = 50


def patient_search(
    practice: Practice, text: str, *, include_inactive: bool = False, limit: int = SEARCH_LIMIT
) -> list[Patient]:
    """Patients of `practice` matching the search text, best matches first.

    Inactive patients are left out unless `include_inactive`.
    Raises `CasepathError` (field "q") when the text cannot be searched.
    Every branch is an indexed equality or key range; one query in all.
    """
    return list(patient_search_query(practice, text, include_inactive=include_inactive)[:limit])


def patient_search_query(
    practice: Practice, text: str, *, include_inactive: bool = False
) -> QuerySet[Patient]:
    """The unevaluated search (tests EXPLAIN it to prove an index is used)."""
    rows = scoped(Patient, practice).filter(_condition(parse_search(text)))
    if not include_inactive:
        rows = rows.filter(status=PatientStatus.ACTIVE)
    return rows.select_related("guarantor").order_by(
        "last_name_key", "first_name_key", "date_of_birth", "id"
    )


def _condition(query: PatientQuery) -> Q:
    if isinstance(query, BirthDateQuery):
        return Q(date_of_birth=query.born_on)
    if isinstance(query, PhoneQuery):
        d = query.digits
        return Q(mobile_phone_key=d) | Q(home_phone_key=d) | Q(work_phone_key=d)
    if isinstance(query, ChartQuery):
        return Q(chart_number=query.chart_number)
    return _name_condition(query)


def _name_condition(query: NameQuery) -> Q:
    low, high = prefix_range(query.last)
    last = Q(last_name_key__gte=low, last_name_key__lt=high)
    if query.first:
        first_low, first_high = prefix_range(query.first)
        return last & Q(first_name_key__gte=first_low, first_name_key__lt=first_high)
    return last | Q(first_name_key__gte=low, first_name_key__lt=high)


def patient_get(practice: Practice, patient_id: object) -> Patient:
    """One patient of `practice` (404 otherwise), with the responsible party."""
    return get_scoped_or_404(Patient, practice, patient_id, related=("guarantor",))


def patient_family(patient: Patient) -> list[FamilyLink]:
    return list(
        scoped(FamilyLink, patient.practice)
        .filter(patient=patient)
        .select_related("relative")
        .order_by("relationship", "relative__first_name")
    )


def family_link_get(patient: Patient, link_id: object) -> FamilyLink:
    """One family link of this patient (404 for another patient's or practice's link)."""
    link = get_scoped_or_404(FamilyLink, patient.practice, link_id, related=("patient", "relative"))
    if link.patient_id != patient.pk:
        raise Http404("No such family link")
    return link


def patient_by_chart(practice: Practice, chart_number: str) -> Patient | None:
    return scoped(Patient, practice).filter(chart_number=chart_key(chart_number)).first()


def patient_dependents(patient: Patient) -> list[Patient]:
    return list(scoped(Patient, patient.practice).filter(guarantor=patient))


def patients_recent(practice: Practice, *, limit: int = 10) -> QuerySet[Patient]:
    return scoped(Patient, practice).order_by("-created_at", "-id")[:limit]
