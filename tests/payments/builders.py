"""Cases to pay against, CSV files to import, and the outsider walk's objects."""

from __future__ import annotations

from datetime import date
from typing import Any

from casepath.cases.models import Case
from casepath.patients.models import Patient
from casepath.payments.imports import Upload, upload_read
from tests.conftest import World
from tests.reports.builders import metric_case, yes

TODAY = date(2026, 11, 20)
HEADER = "date,chart_number,amount,reference,case,payer,note"


def accepted_case(world: World, patient: Patient | None = None, **fields: Any) -> Case:
    """An accepted $1,000 case of practice A (Ana Lopez's unless `patient` is given)."""
    values: dict[str, Any] = {
        "status": "accepted",
        "decided_on": date(2026, 10, 10),
        "first": world.tess,
        "title": "Crown on 19",
    }
    values.update(fields)
    return metric_case(
        world.practice_a,
        patient=patient or world.patient_a,
        lines=[yes("D2740", "1000.00")],
        **values,
    )


def csv_file(*lines: str, header: str = HEADER, name: str = "payments.csv") -> Upload:
    return upload_read(name, "\n".join((header, *lines)).encode())


def payments_objects(world: World) -> dict[str, object]:
    """The path parameter of payments not mapped elsewhere (case_id is the cases'), for
    tests/isolation/test_outsider.py."""
    from casepath.payments.imports import payments_import

    case = accepted_case(world)
    batch = payments_import(
        acting_user=world.tess,
        practice=world.practice_a,
        upload=csv_file(f"2026-11-02,{world.patient_a.chart_number},100.00,OUT-1,{case.pk}"),
        today=TODAY,
    )
    return {"payment_import_id": batch.pk}
