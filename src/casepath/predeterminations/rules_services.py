"""Changing a practice's pre-determination settings: every field checked at once."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from django.db import transaction

from casepath.audit.models import Action
from casepath.audit.services import audit_record, diff
from casepath.core.errors import CasepathError, FieldError
from casepath.core.predeterminations import MAX_DEFAULT_MONTHS, MIN_DEFAULT_MONTHS
from casepath.interop.fhir_predetermination import is_npi
from casepath.predeterminations.models import PredeterminationSettings
from casepath.predeterminations.selectors import predetermination_settings

MIN_DAYS, MAX_DAYS = 1, 365


@dataclass(frozen=True)
class Rules:
    """The settings as the form gives them (numbers as typed, texts unstripped)."""

    expiry_months: int
    waiting_days: int
    expiring_days: int
    billing_npi: str = ""
    tax_id: str = ""


@transaction.atomic
def predetermination_settings_update(
    *, acting_user: Any, practice: Any, rules: Rules
) -> PredeterminationSettings:
    """Save the practice's rules, or refuse naming every wrong field (nothing saved)."""
    checked = check_rules(rules)
    saved = predetermination_settings(practice)
    before = values_of(saved)
    changes = diff(before, asdict(checked))
    if not changes:
        return saved
    for name, value in asdict(checked).items():
        setattr(saved, name, value)
    saved.full_clean()
    saved.save()
    audit_record(
        practice=practice,
        actor=acting_user,
        action=Action.UPDATE,
        target=saved,
        summary=f"Changed the pre-determination settings: {', '.join(changes)}",
        changes=changes,
    )
    return saved


def check_rules(rules: Rules) -> Rules:
    """The rules cleaned (NPI and tax ID normalized); CasepathError naming each bad field."""
    problems = [
        *_whole(
            "expiry_months", rules.expiry_months, MIN_DEFAULT_MONTHS, MAX_DEFAULT_MONTHS, "months"
        ),
        *_whole("waiting_days", rules.waiting_days, MIN_DAYS, MAX_DAYS, "days"),
        *_whole("expiring_days", rules.expiring_days, MIN_DAYS, MAX_DAYS, "days"),
    ]
    npi = (rules.billing_npi or "").strip()
    if npi and not (npi.isascii() and is_npi(npi)):
        problems.append(
            FieldError(
                "billing_npi",
                "The billing NPI is 10 digits with a valid check digit (as on the NPI registry); "
                "leave it blank if you do not send electronically.",
            )
        )
    tax_id = tax_id_of(rules.tax_id or "")
    if tax_id is None:
        problems.append(
            FieldError("tax_id", "The tax ID is 9 digits, as 123456789 or 12-3456789, or blank.")
        )
    if problems:
        raise CasepathError(*problems)
    return Rules(rules.expiry_months, rules.waiting_days, rules.expiring_days, npi, tax_id or "")


def _whole(field: str, value: object, low: int, high: int, unit: str) -> list[FieldError]:
    if isinstance(value, int) and not isinstance(value, bool) and low <= value <= high:
        return []
    return [FieldError(field, f"Give a whole number of {unit} from {low} to {high}.")]


def tax_id_of(text: str) -> str | None:
    """The TIN written 12-3456789, "" when blank, None when it is not 9 digits."""
    typed = text.strip()
    if not typed:
        return ""
    digits = typed.replace("-", "", 1) if typed[2:3] == "-" else typed
    if len(digits) != 9 or not digits.isdigit() or not digits.isascii():
        return None
    return f"{digits[:2]}-{digits[2:]}"


def values_of(saved: PredeterminationSettings) -> dict[str, Any]:
    return {name: getattr(saved, name) for name in Rules.__dataclass_fields__}
