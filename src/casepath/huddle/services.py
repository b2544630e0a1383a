"""Writes of the huddle: importing a schedule file, changing the huddle's settings.

A schedule import is all or nothing: every problem of every line is listed (the file's
own, then whether its patients and providers are on file) and nothing is written until
there is none. A visit already on the schedule (the same patient at the same time) is
not booked twice; its kind is taken from the file.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from casepath.audit.models import Action
from casepath.audit.services import audit_record, diff
from casepath.core.huddle import (
    Mention,
    ProviderName,
    RowProblem,
    ScheduleRejected,
    ScheduleRow,
    check_threshold,
    check_within_days,
    providers_named,
    read_schedule,
)
from casepath.core.huddle.visits import LABELS
from casepath.core.patient_search import name_key
from casepath.huddle.models import HuddleSettings, ImportedVisit, ScheduleImport
from casepath.huddle.selectors import huddle_settings
from casepath.patients.models import Patient
from casepath.scheduling.models import Appointment
from casepath.scheduling.selectors import practice_zone, visits
from casepath.scheduling.services import appointment_create
from casepath.tenancy.models import Practice, Provider
from casepath.tenancy.scoping import scoped


@transaction.atomic(durable=True)
def schedule_import(
    *, acting_user: Any, practice: Practice, text: str, file_name: str = ""
) -> ScheduleImport:
    """Book every visit of the file; ScheduleRejected listing every problem otherwise."""
    found = read_schedule(text)
    problems = list(found.problems)
    patients = _patients(practice, found.mentions, problems)
    providers = _providers(practice, found.mentions, problems)
    if problems:
        raise ScheduleRejected(problems)
    batch = ScheduleImport(
        practice=practice,
        file_name=file_name[:200],
        imported_by=acting_user,
        first_day=min(row.day for row in found.rows),
        last_day=max(row.day for row in found.rows),
    )
    batch.save()
    _book_all(acting_user, batch, found.rows, patients, providers, problems)
    if problems:  # the booking refused a row after all: nothing stays
        raise ScheduleRejected(problems)
    batch.save()
    audit_record(
        practice=practice,
        actor=acting_user,
        action=Action.CREATE,
        target=batch,
        summary=(
            f"Imported the schedule of {_days(batch)}: {batch.visits_added} visits added, "
            f"{batch.visits_on_file} already on the schedule"
        ),
    )
    return batch


def _book_all(
    acting_user: Any,
    batch: ScheduleImport,
    rows: Sequence[ScheduleRow],
    patients: dict[int, Patient],
    providers: dict[int, Provider],
    problems: list[RowProblem],
) -> None:
    """Book each row's visit unless the patient is on the schedule at that time already,
    and keep the row's visit type beside it. Days and times are the practice's."""
    zone = practice_zone(batch.practice)
    starts = {row.line: datetime.combine(row.day, row.start, tzinfo=zone) for row in rows}
    on_file = _on_file(batch.practice, list(patients.values()), list(starts.values()))
    for row in rows:
        patient, start = patients[row.line], starts[row.line]
        visit = on_file.get((patient.pk, start.timestamp()))
        if visit is not None:
            batch.visits_on_file += 1
        else:
            visit = _book(acting_user, patient, providers[row.line], row, start, problems)
            if visit is None:
                continue
            batch.visits_added += 1
            on_file[(patient.pk, start.timestamp())] = visit  # a second line finds it
        _mark(batch, visit, row)


def _patients(
    practice: Practice, rows: Sequence[Mention], problems: list[RowProblem]
) -> dict[int, Patient]:
    """Each line's patient, by chart number or by name and date of birth (2 queries)."""
    rows = [row for row in rows if row.names_patient]  # the others have a problem already
    charts = {row.chart_number for row in rows if row.chart_number}
    by_chart = {
        p.chart_number: p for p in scoped(Patient, practice).filter(chart_number__in=charts)
    }
    births = {row.date_of_birth for row in rows if not row.chart_number}
    by_name: dict[tuple[str, str, object], list[Patient]] = defaultdict(list)
    for p in scoped(Patient, practice).filter(date_of_birth__in=births):
        # the file may give the name the patient goes by ("Bill" for William)
        for first in {p.first_name_key, p.preferred_name_key} - {""}:
            by_name[(p.last_name_key, first, p.date_of_birth)].append(p)
    found = {}
    for row in rows:
        if row.chart_number:
            patient = by_chart.get(row.chart_number)
            if patient is None:
                message = f"No patient of this practice has chart number {row.chart_number}."
                problems.append(RowProblem(row.line, "chart_number", message))
        else:
            key = (name_key(row.last_name), name_key(row.first_name), row.date_of_birth)
            patient = _one_named(row, by_name.get(key, []), problems)
        if patient is not None:
            found[row.line] = patient
    return found


def _one_named(row: Mention, named: list[Patient], problems: list[RowProblem]) -> Patient | None:
    if len(named) == 1:
        return named[0]
    who = f"{row.first_name} {row.last_name} born {row.date_of_birth:%m/%d/%Y}"
    if named:
        message = f"{len(named)} patients are {who}: give the chart number."
    else:
        message = f"No patient is {who}: check the spelling, or give the chart number."
    problems.append(RowProblem(row.line, "last_name", message))
    return None


def _providers(
    practice: Practice, rows: Sequence[Mention], problems: list[RowProblem]
) -> dict[int, Provider]:
    """Each line's provider among the practice's own active providers (1 query); a line
    without one has its problem already."""
    staff = {p.pk: p for p in scoped(Provider, practice).filter(is_external=False, is_active=True)}
    names = [ProviderName(p.pk, p.first_name, p.last_name, p.npi) for p in staff.values()]
    found = {}
    for row in (row for row in rows if row.provider):
        ids = providers_named(row.provider, names)
        if len(ids) == 1:
            found[row.line] = staff[ids[0]]
        elif ids:
            message = (
                f"“{row.provider}” names {len(ids)} providers: add the first name, or give the NPI."
            )
            problems.append(RowProblem(row.line, "provider", message))
        else:
            message = f"No provider of this practice is “{row.provider}”."
            problems.append(RowProblem(row.line, "provider", message))
    return found


def _on_file(
    practice: Practice, patients: list[Patient], starts: list[datetime]
) -> dict[tuple[int, float], Appointment]:
    """Visits already booked for these patients at these times (1 query)."""
    rows = (
        visits(practice)
        .filter(patient__in=patients, starts_at__in=starts)
        .select_related("huddle_visit")
    )
    return {(visit.patient_id, visit.starts_at.timestamp()): visit for visit in rows}


def _book(
    acting_user: Any,
    patient: Patient,
    provider: Provider,
    row: ScheduleRow,
    start: datetime,
    problems: list[RowProblem],
) -> Appointment | None:
    data = {
        "provider": provider,
        "starts_at": start,
        "duration_minutes": row.minutes,
        "reason": row.reason or f"{LABELS[row.kind]} visit",
    }
    try:
        return appointment_create(patient=patient, acting_user=acting_user, data=data)
    except ValidationError as refused:
        for field, messages in refused.message_dict.items():
            problems.extend(RowProblem(row.line, field, message) for message in messages)
        return None


def _mark(batch: ScheduleImport, visit: Appointment, row: ScheduleRow) -> None:
    """Keep the file's visit type beside the appointment (one row per appointment)."""
    marked: ImportedVisit | None = getattr(visit, "huddle_visit", None)
    if marked is None:
        marked = ImportedVisit(
            practice=batch.practice, organization_id=batch.organization_id, appointment=visit
        )
    marked.schedule_import, marked.kind, marked.line = batch, row.kind.value, row.line
    marked.full_clean()
    marked.save()


def _days(batch: ScheduleImport) -> str:
    if batch.first_day == batch.last_day:
        return f"{batch.first_day:%m/%d/%Y}"
    return f"{batch.first_day:%m/%d/%Y} to {batch.last_day:%m/%d/%Y}"


@transaction.atomic(durable=True)
def huddle_settings_update(
    *,
    acting_user: Any,
    practice: Practice,
    threshold: Decimal | str,
    expiring_within_days: int,
) -> HuddleSettings:
    """Change the huddle's threshold and the benefits-expiring window."""
    found = huddle_settings(practice)
    before = {"threshold": str(found.threshold), "expiring_within_days": found.expiring_within_days}
    found.threshold = check_threshold(threshold)
    found.expiring_within_days = check_within_days(expiring_within_days)
    found.full_clean()
    found.save()
    after = {"threshold": str(found.threshold), "expiring_within_days": found.expiring_within_days}
    audit_record(
        practice=practice,
        actor=acting_user,
        action=Action.UPDATE,
        target=found,
        summary=f"Changed the huddle: at least ${found.threshold:,.2f}, "
        f"benefits expiring within {found.expiring_within_days} days",
        changes=diff(before, after),
    )
    return found
