"""The estimate panel's work: group the rows into options, estimate each option alone,
and put the core's complaints back on the rows that caused them.

Rows without an option label belong to every option. With options, each one is
the common rows plus its own, estimated by its own `estimate_preview` as if it
were the only treatment: its deductible and maximum are not used up by the
other options.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction

from casepath.core.errors import CasepathError, FieldError
from casepath.estimates import selectors
from casepath.estimates.bulk import estimate_response
from casepath.estimates.models import Estimate
from casepath.estimates.requests import AnswerRow, PracticeFiles, ProcedureLine
from casepath.estimates.services import estimate_create, lines_of
from casepath.estimates.shown import (
    OFFICE_FEES,
    PricedBy,
    Shown,
    coverage_labels,
    provider_name,
    shown,
)
from casepath.insurance.coverage_selectors import patient_coverages
from casepath.insurance.estimate_inputs import CoverageRow, UseRow
from casepath.insurance.models import Coverage
from casepath.patients.models import Patient
from casepath.procedures.selectors import official_descriptors
from casepath.tenancy.models import Provider

_ROW_PATH = re.compile(r"procedures\[(\d+)\](?:\.(\w+))?")
# estimate-v1 request field -> the panel's form field
FORM_FIELD = {
    "code": "code",
    "fee": "fee_override",
    "tooth": "tooth",
    "surfaces": "surfaces",
    "date": "planned_on",
    "units": "units",
    "priority": "priority",
}
_PLACES = {"as_of": "the day of the estimate", "patient.birth_date": "the date of birth"}


@dataclass(frozen=True)
class Row:
    """A filled row of the grid: where it is (form index), what it is, which option."""

    index: int
    line: ProcedureLine
    option: str = ""


@dataclass(frozen=True)
class Option:
    label: str  # "" when no row names an option
    rows: list[Row]

    @property
    def lines(self) -> list[ProcedureLine]:
        return [row.line for row in self.rows]


@dataclass(frozen=True)
class RowError:
    index: int | None  # None: about the estimate as a whole
    field: str | None
    message: str


class PanelErrors(Exception):
    """The rows (and the day) that stop the panel from estimating, with what to fix."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__("; ".join(e.message for e in errors))
        self.errors = errors


def options_of(rows: Sequence[Row]) -> list[Option]:
    """One option per label, in the order first typed; the unlabelled rows in each."""
    labels = list(dict.fromkeys(row.option for row in rows if row.option))
    if not labels:
        return [Option("", list(rows))]
    return [Option(label, [row for row in rows if row.option in ("", label)]) for label in labels]


@dataclass(frozen=True)
class OnFile:
    """What a patient's estimates are made from, read once for every option of the panel."""

    patient: Patient
    files: PracticeFiles
    coverages: Sequence[tuple[CoverageRow, Sequence[UseRow]]]
    named: Sequence[Coverage]  # the same coverages with their plan and carrier, for labels
    providers: Sequence[Provider]  # who may treat: the panel's "Treating provider" choices
    answers: Sequence[AnswerRow] = ()  # payers' answers on file (pre-determinations)

    def labels(self, day: date) -> list[str]:
        """The coverages in force on `day`, in the order they pay, by plan."""
        in_force = sorted((c for c in self.named if c.is_active_on(day)), key=lambda c: c.ordinal)
        return coverage_labels(in_force)

    @property
    def codes(self) -> list[str]:
        """The codes with an office fee: the ones the panel can estimate without a typed fee."""
        return sorted(self.files.office_fees)

    def priced_by(self, provider: Provider | None) -> PricedBy:
        if provider is None:
            return OFFICE_FEES
        return PricedBy(provider_name(provider), self.files.provider_fees(provider.pk).fees)


def on_file_for(patient: Patient) -> OnFile:
    practice = patient.practice
    coverages = selectors.coverages_of(practice, [patient.pk]).get(patient.pk, [])
    files = selectors.practice_files(practice)
    named = list(patient_coverages(patient))
    answers = selectors.answers_of(practice, [patient.pk]).get(patient.pk, [])
    providers = selectors.treating_providers(practice)
    return OnFile(patient, files, coverages, named, providers, answers)


def preview(
    on_file: OnFile,
    lines: Sequence[ProcedureLine],
    as_of: date,
    provider: Provider | None = None,
) -> dict[str, Any]:
    """What `estimate_preview` answers for these lines, from what was read once."""
    born, provider_id = on_file.patient.date_of_birth, provider.pk if provider else None
    return estimate_response(
        on_file.files, born, lines, on_file.coverages, as_of, provider_id, on_file.answers
    )


def preview_options(
    on_file: OnFile,
    options: Sequence[Option],
    as_of: date,
    provider: Provider | None = None,
) -> list[Shown]:
    """Each option estimated alone, priced with the treating provider's fees where they
    have their own; PanelErrors naming the rows when any cannot be."""
    responses, errors = [], []
    for option in options:
        try:
            responses.append(preview(on_file, option.lines, as_of, provider))
        except CasepathError as error:
            errors += [e for e in row_errors(error, option.rows) if e not in errors]
    if errors:
        raise PanelErrors(errors)
    labels = on_file.labels(as_of)
    codes = {row.line.code for option in options for row in option.rows}
    descriptors = official_descriptors(on_file.patient.practice, codes)
    priced_by = on_file.priced_by(provider)
    return [
        shown(response, option.lines, labels, descriptors, option.label, priced_by)
        for option, response in zip(options, responses, strict=True)
    ]


def row_errors(error: CasepathError, rows: Sequence[Row]) -> list[RowError]:
    """The core's field errors on the rows of the grid (paths index `rows`)."""
    return [_row_error(e, rows) for e in error.errors]


def _row_error(error: FieldError, rows: Sequence[Row]) -> RowError:
    message = sentence(error.message)
    match = _ROW_PATH.fullmatch(error.path)
    if match and int(match[1]) < len(rows):
        return RowError(rows[int(match[1])].index, FORM_FIELD.get(match[2] or ""), message)
    if error.path == "as_of":
        return RowError(None, "as_of", message)
    place = _PLACES.get(error.path, "what is on file for this patient")
    return RowError(
        None, None, f"The estimate cannot be made from {place} ({error.path}): {message}"
    )


def sentence(message: str) -> str:
    text = message.strip()
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "?", "!")) else f"{text}."


@transaction.atomic
def save_options(
    *,
    acting_user: Any,
    patient: Patient,
    title: str,
    options: Sequence[Option],
    as_of: date,
    provider: Provider | None = None,
) -> list[Estimate]:
    """One open estimate per option ("Title · A — Implant"); all or none are saved."""
    saved = []
    for option in options:
        named = f"{title} · {option.label}" if option.label else title
        try:
            saved.append(
                estimate_create(
                    acting_user=acting_user,
                    patient=patient,
                    title=named,
                    lines=option.lines,
                    as_of=as_of,
                    provider=provider,
                )
            )
        except CasepathError as error:
            raise PanelErrors(row_errors(error, option.rows)) from error
    return saved


def saved_shown(saved: Estimate, patient: Patient) -> Shown | None:
    """A saved estimate's response as the panel shows it (None before its first estimate)."""
    if not saved.response:
        return None
    in_force = [c for c in patient_coverages(patient) if c.is_active_on(saved.as_of)]
    labels = coverage_labels(sorted(in_force, key=lambda c: c.ordinal))
    entered = lines_of(saved)
    codes = {row["code"] for row in saved.response["procedures"]}
    descriptors = official_descriptors(patient.practice, codes)
    return shown(saved.response, entered, labels, descriptors, priced_by=_priced_by(saved))


def _priced_by(saved: Estimate) -> PricedBy:
    """The codes the provider's schedule priced when it was last estimated (1 query)."""
    if saved.provider is None or saved.provider_fee_schedule_id is None:
        return OFFICE_FEES
    codes = selectors.fee_codes(saved.practice, saved.provider_fee_schedule_id)
    return PricedBy(provider_name(saved.provider), codes)
