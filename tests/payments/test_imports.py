"""The CSV import: every accepted format, each refusal with its line and field, the
preview that writes nothing, all or nothing, and the same file twice imports nothing twice."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from casepath.core.errors import CasepathError
from casepath.payments.imports import (
    ImportRefused,
    payments_import,
    preview,
    upload_read,
)
from casepath.payments.models import Payment, PaymentImport, PaymentSource
from casepath.payments.parsing import amount_parse, date_parse
from tests.builders import build_patient
from tests.conftest import World
from tests.payments.builders import TODAY, accepted_case, csv_file


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("1234.50", "1234.50"),
        ("1,234.50", "1234.50"),
        ("$1,234.50", "1234.50"),
        ("-50.00", "-50.00"),
        ("(50.00)", "-50.00"),
        ("($1,000)", "-1000.00"),
        ("75", "75.00"),
        (" 12.5 ", "12.50"),
    ],
)
def test_amounts_as_exports_write_them(text: str, amount: str) -> None:
    assert amount_parse(text) == Decimal(amount)


@pytest.mark.parametrize("text", ["12,34.00", "1.234", "abc", "--5", "(-5)", "$", "1e3", ""])
def test_what_is_not_an_amount(text: str) -> None:
    with pytest.raises(CasepathError) as error:
        amount_parse(text)
    assert error.value.errors[0].path == "amount"


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2026-11-02", date(2026, 11, 2)),
        ("11/02/2026", date(2026, 11, 2)),
        ("1/2/2026", date(2026, 1, 2)),
    ],
)
def test_dates_as_exports_write_them(text: str, day: date) -> None:
    assert date_parse(text) == day


@pytest.mark.parametrize("text", ["2026-02-30", "02-11-2026", "11/02/26", "yesterday"])
def test_what_is_not_a_date(text: str) -> None:
    with pytest.raises(CasepathError, match="YYYY-MM-DD or MM/DD/YYYY"):
        date_parse(text)


def test_a_good_file_imports_every_line_once(world: World) -> None:
    case = accepted_case(world)
    other = build_patient(world.practice_a, first_name="Ben", last_name="Ortiz")
    two = [accepted_case(world, other, title="One"), accepted_case(world, other, title="Two")]
    chart, other_chart = world.patient_a.chart_number, other.chart_number
    upload = csv_file(
        f'2026-11-02,{chart},"$1,234.50",PMS-1,,insurance,EOB 7',
        f"11/03/2026,{chart.lower()},(34.50),PMS-2,,,Overpaid",
        f"2026-11-04,{other_chart},200,PMS-3,{two[1].pk},Patient,",
        "",
        header="Date,Chart_Number,Amount,Reference,Case,Payer,Note,Ignored",
    )
    seen = preview(world.practice_a, upload, today=TODAY)
    assert seen.problems == [] and Payment.objects.count() == 0  # the preview writes nothing
    assert seen.total == Decimal("1400.00")

    batch = payments_import(
        acting_user=world.fran, practice=world.practice_a, upload=upload, today=TODAY
    )

    assert (batch.lines, batch.imported, batch.skipped) == (3, 3, 0)
    assert batch.sha256 == upload.sha256 and len(batch.sha256) == 64
    rows = list(Payment.objects.order_by("reference"))
    assert [(p.case, p.amount, p.payer, p.note) for p in rows] == [
        (case, Decimal("1234.50"), "insurance", "EOB 7"),
        (case, Decimal("-34.50"), "patient", "Overpaid"),
        (two[1], Decimal("200.00"), "patient", ""),
    ]
    assert {p.source for p in rows} == {PaymentSource.IMPORTED}
    assert {p.batch_id for p in rows} == {batch.pk}


def test_columns_in_any_order_and_any_case(world: World) -> None:
    accepted_case(world)
    upload = csv_file(
        f"PMS-9,10.00,{world.patient_a.chart_number},2026-11-02",
        header="REFERENCE,Amount,Chart_Number,date",
    )
    assert preview(world.practice_a, upload, today=TODAY).problems == []


def test_the_same_file_twice_imports_nothing_twice(world: World) -> None:
    accepted_case(world)
    chart = world.patient_a.chart_number
    upload = csv_file(f"2026-11-02,{chart},100.00,PMS-1", f"2026-11-03,{chart},50.00,PMS-2")
    payments_import(acting_user=world.fran, practice=world.practice_a, upload=upload, today=TODAY)
    again = payments_import(
        acting_user=world.fran, practice=world.practice_a, upload=upload, today=TODAY
    )
    assert (again.lines, again.imported, again.skipped) == (2, 0, 2)
    assert Payment.objects.count() == 2
    assert PaymentImport.objects.count() == 2


def problems_of(world: World, *lines: str, header: str | None = None) -> list[str]:
    upload = csv_file(*lines) if header is None else csv_file(*lines, header=header)
    return [str(p) for p in preview(world.practice_a, upload, today=TODAY).problems]


def test_each_refusal_names_its_line_and_field(world: World) -> None:
    case = accepted_case(world)
    chart = world.patient_a.chart_number
    stranger = build_patient(world.practice_a, first_name="Cy", last_name="Doe").chart_number
    other = build_patient(world.practice_a, first_name="Di", last_name="Eng")
    accepted_case(world, other, title="A")
    accepted_case(world, other, title="B")
    foreign = accepted_case(world, other, title="C", status="presented").pk
    assert problems_of(
        world,
        f"2026-13-01,{chart},10.00,R1",
        f"2026-11-02,{chart},ten,R2",
        f"2026-11-02,{chart},0.00,R3",
        f",{chart},,",
        "2026-11-02,RV-999999,10.00,R5",
        f"2026-11-02,{stranger},10.00,R6",
        f"2026-11-02,{other.chart_number},10.00,R7",
        f"2026-11-02,{chart},10.00,R8,{foreign}",
        f"2026-11-02,{chart},10.00,R9,99999",
        f"2026-11-02,{chart},10.00,R8",
        f"2026-11-21,{chart},10.00,R11,,uncle",
    ) == [
        "line 2, date: “2026-13-01” is not a date. Write the date as YYYY-MM-DD or MM/DD/YYYY.",
        "line 3, amount: “ten” is not an amount. Write the amount like 1234.50, $1,234.50, or "
        "-50.00 or (50.00) for a refund.",
        "line 4, amount: Enter the amount received (a refund or correction is negative).",
        "line 5, date: The date is missing.",
        "line 5, amount: The amount is missing.",
        "line 5, reference: The reference is missing.",
        "line 6, chart_number: No patient has the chart number RV-999999 here.",
        f"line 7, chart_number: {stranger} has no accepted case: give the case number.",
        f"line 8, chart_number: {other.chart_number} has 2 accepted cases: give the case number.",
        f"line 9, case: Case {foreign} is not a case of {chart}.",
        "line 10, case: There is no case 99999 here.",
        "line 11, reference: R8 is also on line 9.",
        "line 12, date: 11/21/2026 is after today.",
        "line 12, payer: Write patient, insurance, lender (financing company) or other.",
    ]
    assert case.pk  # the one good case made the other lines' refusals specific


def test_a_file_with_one_bad_line_imports_nothing(world: World) -> None:
    accepted_case(world)
    chart = world.patient_a.chart_number
    upload = csv_file(f"2026-11-02,{chart},100.00,PMS-1", f"2026-11-02,{chart},oops,PMS-2")
    with pytest.raises(ImportRefused) as refused:
        payments_import(
            acting_user=world.fran, practice=world.practice_a, upload=upload, today=TODAY
        )
    assert [str(p) for p in refused.value.problems] == [
        "line 3, amount: “oops” is not an amount. Write the amount like 1234.50, $1,234.50, "
        "or -50.00 or (50.00) for a refund."
    ]
    assert not Payment.objects.exists() and not PaymentImport.objects.exists()


def test_another_practices_patients_and_cases_are_not_found(world: World) -> None:
    accepted_case(world)
    chart = world.patient_b.chart_number
    assert problems_of(world, f"2026-11-02,{chart},10.00,R1") == [
        f"line 2, chart_number: No patient has the chart number {chart} here."
    ]


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (
            b"x" * (2 * 1024 * 1024 + 1),
            "The file is larger than 2 MB (2.0 MB): export a shorter period, or split it.",
        ),
        (
            "date,amount\n2026-11-02,caf\xe9".encode("latin-1"),
            "The file is not UTF-8 text: save it as “CSV UTF-8” and choose it again.",
        ),
        (b"   \n", "The file is empty."),
    ],
)
def test_files_refused_in_words(raw: bytes, message: str) -> None:
    with pytest.raises(CasepathError) as error:
        upload_read("payments.csv", raw)
    assert (error.value.errors[0].path, error.value.errors[0].message) == ("file", message)


def test_a_byte_order_mark_is_fine(world: World) -> None:
    accepted_case(world)
    raw = (
        f"\ufeffdate,chart_number,amount,reference\n2026-11-02,{world.patient_a.chart_number},1,R1"
    )
    upload = upload_read("bom.csv", raw.encode("utf-8"))
    assert preview(world.practice_a, upload, today=TODAY).problems == []


def test_missing_columns_and_empty_files_are_refused(world: World) -> None:
    with pytest.raises(
        CasepathError, match="The header row has no chart_number, reference columns"
    ):
        preview(world.practice_a, csv_file("2026-11-02,1", header="date,amount"), today=TODAY)
    with pytest.raises(CasepathError, match="a header row but no payment lines"):
        preview(world.practice_a, csv_file(), today=TODAY)


def test_more_than_ten_thousand_lines_are_refused(world: World) -> None:
    lines = [f"2026-11-02,RV-1,1.00,R{n}" for n in range(10_001)]
    with pytest.raises(CasepathError, match="more than 10,000 payment lines: split it"):
        preview(world.practice_a, csv_file(*lines), today=TODAY)
