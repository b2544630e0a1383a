"""Member IDs are encrypted at rest, readable after key rotation, and never logged in clear."""

from __future__ import annotations

import logging
import os
import runpy
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

import casepath.settings
from casepath.audit.models import AuditEvent
from casepath.encryption import mask
from casepath.envconfig import EnvError
from casepath.insurance.coverage_services import coverage_create, coverage_update
from casepath.insurance.models import Coverage
from tests.conftest import World, signed_in
from tests.insurance.coverage_builders import MEMBER_ID, build_coverage, build_plan

OLD_KEY = Fernet.generate_key().decode()
NEW_KEY = Fernet.generate_key().decode()


def stored_member_id(coverage: Coverage) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT member_id FROM insurance_coverage WHERE id = %s", [coverage.pk])
        return str(cursor.fetchone()[0])


def test_the_column_holds_ciphertext_and_the_model_the_plain_value(world: World) -> None:
    coverage = build_coverage(world.patient_a, build_plan(world.practice_a))
    stored = stored_member_id(coverage)
    assert MEMBER_ID not in stored
    assert stored.startswith("gAAAAA")  # a Fernet token
    assert Coverage.objects.get(pk=coverage.pk).member_id == MEMBER_ID


def test_each_write_is_a_fresh_token(world: World) -> None:
    plan = build_plan(world.practice_a)
    first = build_coverage(world.patient_a, plan, end_date=date(2025, 6, 30))
    second = build_coverage(world.patient_a, plan, effective_date=date(2025, 7, 1))
    assert stored_member_id(first) != stored_member_id(second)


def test_rotation_reads_values_written_with_the_old_key(world: World) -> None:
    plan = build_plan(world.practice_a)
    with override_settings(CASEPATH_FIELD_KEYS=(OLD_KEY,)):
        coverage = build_coverage(world.patient_a, plan)
    with override_settings(CASEPATH_FIELD_KEYS=(NEW_KEY, OLD_KEY)):
        assert Coverage.objects.get(pk=coverage.pk).member_id == MEMBER_ID
        coverage.save()  # re-encrypts with the new key
        token = stored_member_id(coverage)
    assert Fernet(NEW_KEY.encode()).decrypt(token.encode()).decode() == MEMBER_ID


def test_a_value_whose_key_was_removed_fails_loudly(world: World) -> None:
    plan = build_plan(world.practice_a)
    with override_settings(CASEPATH_FIELD_KEYS=(OLD_KEY,)):
        coverage = build_coverage(world.patient_a, plan)
    with (
        override_settings(CASEPATH_FIELD_KEYS=(NEW_KEY,)),
        pytest.raises(ImproperlyConfigured, match="CASEPATH_FIELD_KEYS"),
    ):
        Coverage.objects.get(pk=coverage.pk)


@pytest.mark.parametrize(
    ("value", "masked"), [("XKD9047715", "••••7715"), ("12345", "••••2345"), ("1234", "••••")]
)
def test_mask_shows_the_last_four_at_most(value: str, masked: str) -> None:
    assert mask(value) == masked


def test_staff_see_the_plain_member_id_on_the_tab_and_the_form(world: World) -> None:
    coverage = build_coverage(world.patient_a, build_plan(world.practice_a))
    client = signed_in(world.fran)
    tab = client.get(f"/patients/{world.patient_a.pk}/insurance/").content.decode()
    form = client.get(
        f"/patients/{world.patient_a.pk}/insurance/coverages/{coverage.pk}/edit/"
    ).content.decode()
    assert f"<dd>{MEMBER_ID}</dd>" in tab
    assert f'value="{MEMBER_ID}"' in form


def test_the_member_id_never_reaches_logs_sql_or_audit_in_clear(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    plan = build_plan(world.practice_a)
    client = signed_in(world.tess)
    caplog.set_level(logging.DEBUG)
    with CaptureQueriesContext(connection) as queries:
        coverage = coverage_create(
            patient=world.patient_a,
            acting_user=world.tess,
            data={
                "plan": plan,
                "relationship": "self",
                "member_id": MEMBER_ID,
                "effective_date": date(2026, 1, 1),
                "ordinal": 1,
            },
        )
        coverage_update(coverage=coverage, acting_user=world.tess, data={"member_id": "NEW7771234"})
        client.get(f"/patients/{world.patient_a.pk}/insurance/")
        client.get("/patients/insurance-to-verify/")
    sql = " ".join(str(q["sql"]) for q in queries.captured_queries)
    audit = " ".join(str(e.changes) + e.summary for e in AuditEvent.objects.all())
    for secret in (MEMBER_ID, "NEW7771234"):
        assert secret not in caplog.text
        assert secret not in sql
        assert secret not in audit
    assert "••••1234" in audit


@pytest.fixture
def read_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Any:
    """Environment changes -> settings.py's globals, executed afresh into a plain dict."""
    for name in list(os.environ):
        if name.startswith(("CASEPATH_", "DEBUG")):
            monkeypatch.delenv(name)
    production = {"SECRET_KEY": "s" * 60, "ALLOWED_HOSTS": "casepath.example"}
    for name, value in (production | {"CASEPATH_EMAIL": "console"}).items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("CASEPATH_VAR_DIR", str(tmp_path))

    def read(**env: str) -> dict[str, Any]:
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        return runpy.run_path(casepath.settings.__file__)

    return read


def test_keys_are_required_outside_demo_mode(read_settings: Any) -> None:
    with pytest.raises(EnvError) as excinfo:
        read_settings()
    assert excinfo.value.name == "CASEPATH_FIELD_KEYS"
    assert str(excinfo.value) == "CASEPATH_FIELD_KEYS must be set: comma-separated Fernet keys"


def test_a_malformed_key_is_refused_even_in_demo_mode(read_settings: Any) -> None:
    with pytest.raises(EnvError) as excinfo:
        read_settings(CASEPATH_DEMO="1", CASEPATH_FIELD_KEYS=f"{NEW_KEY},not-a-key")
    assert str(excinfo.value) == ("CASEPATH_FIELD_KEYS key 2 is not a Fernet key (44 characters)")


def test_two_keys_from_a_file(read_settings: Any, tmp_path: Path) -> None:
    key_file = tmp_path / "keys"
    key_file.write_text(f"{NEW_KEY}, {OLD_KEY}\n")
    values = read_settings(CASEPATH_FIELD_KEYS_FILE=str(key_file))
    assert values["CASEPATH_FIELD_KEYS"] == (NEW_KEY, OLD_KEY)


def test_demo_mode_keeps_a_key_in_var(read_settings: Any, tmp_path: Path) -> None:
    first = read_settings(CASEPATH_DEMO="1")["CASEPATH_FIELD_KEYS"]
    second = read_settings(CASEPATH_DEMO="1")["CASEPATH_FIELD_KEYS"]
    key_file = tmp_path / "demo-field-key"
    assert first == second == (key_file.read_text(),)
    assert oct(key_file.stat().st_mode & 0o777) == "0o600"
