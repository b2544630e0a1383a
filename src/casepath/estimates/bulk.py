"""Estimating saved estimates, a batch at a time: a few reads, the core, one write.

Everything a batch needs is read as plain rows (no model instances: at thousands
of estimates a second they cost more than the estimate), each estimate goes
through the pure core, and the results are written at once (one UPDATE ... FROM
VALUES on PostgreSQL, one executemany on SQLite). An
estimate that can no longer be made (a fee removed from the schedule) keeps its
figures and records the problem instead of stopping the run.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import connection
from django.utils import timezone

from casepath.core.benefits import estimate, estimate_with_answers
from casepath.core.errors import CasepathError
from casepath.estimates import selectors
from casepath.estimates.models import Estimate, EstimateProcedure
from casepath.estimates.requests import (
    AnswerRow,
    PracticeFiles,
    ProcedureLine,
    answers_for,
    core_request,
)
from casepath.insurance.estimate_inputs import CoverageRow, UseRow
from casepath.interop.estimate_v1 import encode_result
from casepath.tenancy.models import Practice
from casepath.tenancy.scoping import scoped

LINE_FIELDS = ("code", "tooth", "surfaces", "units", "planned_on", "priority", "fee_override")


def estimate_response(
    files: PracticeFiles,
    birth_date: date,
    lines: Sequence[ProcedureLine],
    coverages: Sequence[tuple[CoverageRow, Sequence[UseRow]]],
    as_of: date,
    provider_id: int | None = None,
    answers: Sequence[AnswerRow] = (),
) -> dict[str, Any]:
    """The estimate-v1 response for these lines, priced with the treating provider's own
    fees where they have them, with the payers' `answers` that hold on `as_of` in place
    of the estimate of the lines they answer; CasepathError names the field at fault."""
    request = core_request(files, birth_date, lines, coverages, as_of, provider_id)
    matched = answers_for(lines, coverages, answers, as_of) if answers else {}
    result = estimate_with_answers(request, matched) if matched else estimate(request)
    return encode_result(result)


def recompute_batch(
    practice: Practice, files: PracticeFiles, estimate_ids: Sequence[int], as_of: date
) -> int:
    """Re-estimate these estimates of `practice`; returns how many procedures were done.

    Each is estimated as of `as_of`, or its own date when that is later: an estimate
    made for next benefit year stays a next-year estimate.
    """
    rows = scoped(Estimate, practice).filter(pk__in=list(estimate_ids))
    owners, days, born, providers = {}, {}, {}, {}
    fields = ("pk", "patient_id", "as_of", "patient__date_of_birth", "provider_id")
    for pk, patient_id, day, birth_date, provider_id in rows.values_list(*fields):
        owners[pk], days[pk], born[patient_id] = patient_id, max(day, as_of), birth_date
        providers[pk] = provider_id
    lines = _lines(practice, owners)
    coverages = selectors.coverages_of(practice, set(owners.values()))
    answers = selectors.answers_of(practice, set(owners.values()), as_of)
    now, done, figures, problems = timezone.now(), 0, [], []
    for estimate_id, patient_id in owners.items():
        day, provider_id = days[estimate_id], providers[estimate_id]
        try:
            response = estimate_response(
                files,
                born[patient_id],
                lines[estimate_id],
                coverages[patient_id],
                day,
                provider_id,
                answers.get(patient_id, ()),
            )
        except CasepathError as error:
            problems.append(_problem(estimate_id, error, now))
            continue
        schedules = (files.office_id, files.provider_fees(provider_id).schedule_id or None)
        figures.append(_figures(estimate_id, response, schedules, day, now))
        done += len(lines[estimate_id])
    _write(figures, problems)
    return done


def _lines(practice: Practice, owners: dict[int, int]) -> dict[int, list[ProcedureLine]]:
    rows = (
        scoped(EstimateProcedure, practice)
        .filter(estimate_id__in=list(owners))
        .order_by("estimate_id", "position")
        .values_list("estimate_id", *LINE_FIELDS)
    )
    grouped: dict[int, list[ProcedureLine]] = defaultdict(list)
    for estimate_id, *line in rows:
        grouped[estimate_id].append(ProcedureLine(*line))
    return grouped


FIGURES = (
    "response",
    "fee_total",
    "insurance_total",
    "write_off_total",
    "patient_total",
    "fee_schedule_id",
    "provider_fee_schedule_id",
    "as_of",
    "computed_at",
    "updated_at",
    "problem",
)
PG_TYPES = (
    "jsonb",
    "numeric",
    "numeric",
    "numeric",
    "numeric",
    "bigint",
    "bigint",
    "date",
    "timestamptz",
    "timestamptz",
    "text",
)


def _figures(
    estimate_id: int,
    response: dict[str, Any],
    schedules: tuple[int | None, int | None],
    as_of: date,
    now: datetime,
) -> tuple[Any, ...]:
    """The row of FIGURES (and the id): `schedules` are the office's and the provider's."""
    totals = response["totals"]
    amounts = [Decimal(totals[k]) for k in ("fee", "insurance", "write_off", "patient")]
    return (json.dumps(response), *amounts, *schedules, as_of, now, now, "", estimate_id)


def _problem(estimate_id: int, error: CasepathError, now: datetime) -> tuple[Any, ...]:
    text = "; ".join(f"{e.path}: {e.message}" for e in error.errors)[:2000]
    return (now, text, estimate_id)


def _write(figures: list[tuple[Any, ...]], problems: list[tuple[Any, ...]]) -> None:
    """The batch's figures in one statement; an estimate with a problem keeps the figures
    it had and records the problem (rare: one more statement)."""
    if not (figures or problems):
        return
    table = Estimate._meta.db_table
    with connection.cursor() as cursor:
        if problems:
            sql = f"UPDATE {table} SET updated_at = %s, problem = %s WHERE id = %s"  # noqa: S608
            cursor.executemany(sql, problems)
        if not figures:
            return
        if connection.vendor == "postgresql":
            sql = _update_from_values(table, len(figures))
            cursor.execute(sql, [v for row in figures for v in row])
        else:
            columns = ", ".join(f"{c} = %s" for c in FIGURES)
            cursor.executemany(f"UPDATE {table} SET {columns} WHERE id = %s", figures)  # noqa: S608


def _update_from_values(table: str, count: int) -> str:
    """PostgreSQL: UPDATE ... FROM (VALUES ...): one round trip for the whole batch."""
    casts = dict(zip(FIGURES, PG_TYPES, strict=True))
    columns = ", ".join(f"{c} = v.{c}::{casts[c]}" for c in FIGURES)
    row = "(" + ", ".join(["%s"] * (len(FIGURES) + 1)) + ")"
    values = ", ".join([row] * count)
    names = ", ".join((*FIGURES, "id"))
    return (
        f"UPDATE {table} AS e SET {columns} FROM (VALUES {values}) AS v({names}) "  # noqa: S608
        "WHERE e.id = v.id"
    )
