"""The dashboard's exports on the October dataset (tests/reports/test_dashboard.py):
the CSV parsed back, the XLSX read with openpyxl, both audited."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from casepath.audit.models import Action, AuditEvent
from tests.conftest import World, signed_in
from tests.reports.test_dashboard import OCTOBER, October, october


@pytest.fixture
def data(world: World) -> October:
    return october(world)


@pytest.fixture(autouse=True)
def _today() -> Any:
    with time_machine.travel("2026-10-20 15:00", tick=False):
        yield


def sections(text: str) -> dict[str, list[list[str]]]:
    """The CSV's tables by title: the line after an empty line names the next table."""
    lines = list(csv.reader(io.StringIO(text)))
    found: dict[str, list[list[str]]] = {}
    for i, line in enumerate(lines):
        if not line and i + 1 < len(lines):
            title = lines[i + 1][0]
            end = next((j for j in range(i + 2, len(lines)) if not lines[j]), len(lines))
            found[title] = lines[i + 2 : end]
    found["about"] = lines[:2]
    return found


def test_the_csv_has_totals_breakdown_and_cases(world: World, data: October) -> None:
    response = signed_in(world.tess).get(reverse("reports:export_csv"), {**OCTOBER, "by": "tc"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="acceptance-RV-2026-10-01-to-2026-10-31.csv"'
    )
    tables = sections(response.content.decode())
    assert tables["about"][0] == ["Acceptance figures: Riverside Dental, 2026-10-01 to 2026-10-31"]
    header, *totals = tables["Totals"]
    assert header[3:] == ["Value", "Numerator", "Denominator", "Denominator counts"]
    by_key = {line[1]: line for line in totals}
    assert by_key["case_acceptance"][3:] == ["50.0", "2", "4", "of 4 cases presented"]
    assert by_key["dollar_acceptance"][3:] == [
        "35.5",
        "2200.00",
        "6200.00",
        "of $6,200.00 presented",
    ]
    assert by_key["presented_usd"][3] == "6200.00"
    assert by_key["followup_conversion"][3] == ""
    header, *groups = tables["By treatment coordinator"]
    rates = header.index("Case acceptance %")
    tess = next(g for g in groups if g[0] == "Tess Tester")
    assert tess[rates : rates + 3] == ["100.0", "2", "2"]
    header, *cases = tables["Cases"]
    c2 = next(c for c in cases if c[0] == str(data.c2.pk))
    assert c2[4:] == ["2026-10-05", "scheduled", "1800.00", "1000.00", "55.6"]


def test_the_xlsx_has_a_sheet_each_with_numbers_as_numbers(world: World, data: October) -> None:
    response = signed_in(world.tess).get(
        reverse("reports:export_xlsx"), {**OCTOBER, "accepted_means": "scheduled"}
    )
    assert response["Content-Disposition"].endswith('2026-10-01-to-2026-10-31.xlsx"')
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Totals", "By treatment coordinator", "Cases", "About"]
    totals = {row[1]: row for row in book["Totals"].iter_rows(min_row=2, values_only=True)}
    assert totals["case_acceptance"][3:6] == (25, 1, 4)
    assert totals["dollar_acceptance"][3] == pytest.approx(16.1)
    assert totals["presented_usd"][3] == 6200
    money = next(c for c in book["Totals"]["D"] if c.value == 6200)
    assert money.number_format == "#,##0.00"
    cases = list(book["Cases"].iter_rows(min_row=2, values_only=True))
    c1 = next(c for c in cases if c[0] == data.c1.pk)
    assert c1[4].date() == date(2026, 10, 5)
    assert c1[6:] == (1200, 1200, 100)
    assert isinstance(c1[8], int | float) and Decimal(str(c1[7])) == Decimal("1200")


def test_exports_are_audited(world: World, data: October) -> None:
    client = signed_in(world.tess)
    client.get(reverse("reports:export_csv"), OCTOBER)
    client.get(reverse("reports:export_xlsx"), OCTOBER)
    rows = AuditEvent.objects.filter(action=Action.EXPORT, object_type="acceptance report")
    assert [r.summary.split(")")[0] for r in rows.order_by("pk")] == [
        "Exported acceptance figures (CSV",
        "Exported acceptance figures (XLSX",
    ]


def test_bad_filters_export_nothing(world: World, data: October) -> None:
    response = signed_in(world.tess).get(reverse("reports:export_csv"), {"from": "soon"})
    assert response["Content-Type"].startswith("text/html")
    assert "Write a month (2026-10)" in response.content.decode()
    assert not AuditEvent.objects.filter(action=Action.EXPORT).exists()


def test_another_practice_exports_only_its_own(world: World, data: October) -> None:
    response = signed_in(world.olga).get(reverse("reports:export_csv"), OCTOBER)
    text = response.content.decode()
    assert "Byron" not in text and "Tess" not in text
    assert sections(text)["Cases"] == [sections(text)["Cases"][0]]
    assert date(2026, 10, 1).isoformat() in text
