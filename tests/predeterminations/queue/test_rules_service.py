"""The settings service on its own: checks, normalizing, and no audit without a change."""

from __future__ import annotations

import pytest

from casepath.audit.models import AuditEvent
from casepath.core.errors import CasepathError
from casepath.predeterminations.rules_services import (
    Rules,
    check_rules,
    predetermination_settings_update,
    tax_id_of,
)
from tests.conftest import World
from tests.predeterminations.builders import BILLING_NPI


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("", ""),
        ("   ", ""),
        ("123456789", "12-3456789"),
        (" 12-3456789 ", "12-3456789"),
        ("123-456789", None),
        ("12-34-56789", None),
        ("12345678", None),
        ("1234567890", None),
        ("12345678a", None),
        ("١٢٣٤٥٦٧٨٩", None),  # Arabic-Indic digits are digits to Python, not to a payer
    ],
)
def test_a_tax_id_is_nine_digits(typed: str, kept: str | None) -> None:
    assert tax_id_of(typed) == kept


@pytest.mark.parametrize(
    ("rules", "field"),
    [
        (Rules(0, 30, 30), "expiry_months"),
        (Rules(61, 30, 30), "expiry_months"),
        (Rules(True, 30, 30), "expiry_months"),
        (Rules(12, 366, 30), "waiting_days"),
        (Rules(12, 30, 0), "expiring_days"),
        (Rules(12, 30, 30, "123456789"), "billing_npi"),
        (Rules(12, 30, 30, "1234567894"), "billing_npi"),
        (Rules(12, 30, 30, "", "12 3456789"), "tax_id"),
    ],
)
def test_each_wrong_value_is_named(rules: Rules, field: str) -> None:
    with pytest.raises(CasepathError) as refused:
        check_rules(rules)
    assert [e.path for e in refused.value.errors] == [field]


def test_the_limits_themselves_are_allowed() -> None:
    assert check_rules(Rules(1, 1, 365, BILLING_NPI, "")) == Rules(1, 1, 365, BILLING_NPI, "")
    assert check_rules(Rules(60, 365, 1)) == Rules(60, 365, 1)


def test_saving_the_same_values_writes_no_audit_row(world: World) -> None:
    same = Rules(12, 30, 30)
    predetermination_settings_update(acting_user=world.mona, practice=world.practice_a, rules=same)
    assert not AuditEvent.objects.filter(object_type="predeterminationsettings").exists()
    predetermination_settings_update(
        acting_user=world.mona, practice=world.practice_a, rules=Rules(12, 31, 30)
    )
    event = AuditEvent.objects.get(object_type="predeterminationsettings")
    assert event.summary == "Changed the pre-determination settings: waiting_days"
    assert event.changes == {"waiting_days": {"before": 30, "after": 31}}
