"""Audit rows can be added, never changed or removed."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from casepath.audit.models import Action, AppendOnlyError, AuditEvent
from casepath.audit.services import audit_record
from tests.conftest import World


@pytest.fixture
def event(world: World) -> AuditEvent:
    return audit_record(
        practice=world.practice_a,
        actor=world.tess,
        action=Action.VIEW,
        target=world.patient_a,
        patient=world.patient_a,
        summary="Opened the overview",
    )


def test_saving_an_existing_row_is_refused(event: AuditEvent) -> None:
    event.summary = "Nothing to see"
    with pytest.raises(AppendOnlyError):
        event.save()
    assert AuditEvent.objects.get().summary == "Opened the overview"


def test_deleting_a_row_is_refused(event: AuditEvent) -> None:
    with pytest.raises(AppendOnlyError):
        event.delete()
    assert AuditEvent.objects.count() == 1


def test_queryset_update_and_delete_are_refused(event: AuditEvent) -> None:
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(summary="x")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get().summary == "Opened the overview"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_auditevent SET summary = 'x' WHERE id = %s",
        "DELETE FROM audit_auditevent WHERE id = %s",
    ],
)
def test_raw_sql_is_refused_by_the_database(event: AuditEvent, sql: str) -> None:
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, [event.pk])
    assert AuditEvent.objects.get().summary == "Opened the overview"
