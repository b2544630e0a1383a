"""Data migrations of patients, run against rows as the previous release left them."""

from __future__ import annotations

import importlib

from django.apps import apps

from casepath.patients.models import Patient
from tests.builders import build_patient
from tests.conftest import World

name_keys = importlib.import_module("casepath.patients.migrations.0002_preferred_name_key")


def _keys() -> list[tuple[str, str, str]]:
    rows = Patient.objects.order_by("pk")
    return list(rows.values_list("first_name", "first_name_key", "preferred_name_key"))


def test_0002_keys_the_legal_first_name_and_the_preferred_name_apart(world: World) -> None:
    bill = build_patient(world.practice_a, first_name="William", preferred_name="Bill")
    # As 0001 stored it: the preferred name in the first-name key, no preferred-name key.
    Patient.objects.filter(pk=bill.pk).update(first_name_key="bill", preferred_name_key="")
    name_keys.fill_name_keys(apps, None)
    assert _keys() == [
        ("Ana", "ana", ""),
        ("Bea", "bea", ""),
        ("William", "william", "bill"),
    ]
    name_keys.restore_preferred_first_name_key(apps, None)
    assert Patient.objects.get(pk=bill.pk).first_name_key == "bill"
