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
RESULT_ORDER = ("last_name_key", "first_name_key", "date_of_birth", "id")
PHONE_KEYS = ("mobile_phone_key", "home_phone_key", "work_phone_key")


def patient_search(
    practice: Practice, text: str, *, include_inactive: bool = False, limit: int = SEARCH_LIMIT
) -> list[Patient]:
    """Patients of `practice` matching the search text, best matches first.

    Inactive patients are left out unless `include_inactive`.
    Raises `CasepathError` (field "q") when the text cannot be searched.
    Every branch is an indexed equality or key range; one query in all.
    """
    rows = patient_search_query(practice, text, include_inactive=include_inactive, limit=limit)
    return list(rows[:limit])


def patient_search_query(
    practice: Practice, text: str, *, include_inactive: bool = False, limit: int = SEARCH_LIMIT
) -> QuerySet[Patient]:
    """The unevaluated search, to cut at `limit` (tests EXPLAIN it to prove an index is used)."""
    rows = scoped(Patient, practice)
    if not include_inactive:
        rows = rows.filter(status=PatientStatus.ACTIVE)
    condition = _condition(rows, parse_search(text), limit)
    return rows.filter(condition).select_related("guarantor").order_by(*RESULT_ORDER)


def _condition(rows: QuerySet[Patient], query: PatientQuery, limit: int) -> Q:
    if isinstance(query, BirthDateQuery):
        return Q(date_of_birth=query.born_on)
    if isinstance(query, PhoneQuery):
        return Q(pk__in=_any_phone(rows, query.digits))
    if isinstance(query, ChartQuery):
        return Q(chart_number=query.chart_number)
    return _name_condition(rows, query, limit)


def _any_phone(rows: QuerySet[Patient], digits: str) -> QuerySet[Patient]:
    """Ids of the patients with `digits` as any phone: one indexed lookup per phone.

    As one OR, SQLite walks the whole practice: nearly every work phone is empty,
    so its statistics say a work-phone lookup returns half the practice.
    """
    mobile, home, work = (
        rows.filter(**{key: digits}).order_by().values("pk") for key in PHONE_KEYS
    )
    return mobile.union(home, work, all=True)


def _name_condition(rows: QuerySet[Patient], query: NameQuery, limit: int) -> Q:
    """The legal first name or the preferred one: "Rachel" and "Rac" both find Rachel "Rac"."""
    last = _prefix("last_name_key", query.last)
    if query.first:  # "jo smith", "smith, jo": the last-name range narrows enough
        return last & (
            _prefix("first_name_key", query.first) | _prefix("preferred_name_key", query.first)
        )
    # One word: "wa" finds Walker and Wanda.
    either = [
        last,
        _prefix("first_name_key", query.last),
        _prefix("preferred_name_key", query.last),
    ]
    return Q(pk__in=_first_of_each(rows, either, limit))


def _prefix(key: str, prefix: str) -> Q:
    low, high = prefix_range(prefix)
    return Q(**{f"{key}__gte": low, f"{key}__lt": high})


def _first_of_each(rows: QuerySet[Patient], conditions: list[Q], limit: int) -> QuerySet[Patient]:
    """Ids of the first `limit` patients, in result order, meeting each condition.

    The first `limit` results are among them, and each part reads its own index. As
    one OR, PostgreSQL walks the practice in result order when a prefix is common
    as a last name and rare as a first name: "johnson" reads every patient from A
    to Johnson. Each part is wrapped in an id lookup: SQLite allows no LIMIT inside
    a UNION.
    """
    parts = [
        rows.filter(pk__in=rows.filter(q).order_by(*RESULT_ORDER).values("pk")[:limit])
        .order_by()
        .values("pk")
        for q in conditions
    ]
    return parts[0].union(*parts[1:], all=True)


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
