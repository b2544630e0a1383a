"""The collections screens: the list with its filters and total, entering a payment from
the case, the import's preview and import (the file kept signed between them), an
import's page, and the case page's card."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from casepath.audit.models import AuditEvent
from casepath.payments.models import Payment, PaymentImport
from tests.conftest import World, signed_in
from tests.payments.builders import HEADER, accepted_case
from tests.reports.builders import pay

HTMX = {"HTTP_HX_REQUEST": "true"}


def test_the_list_filters_by_dates_and_case_and_totals(world: World) -> None:
    case = accepted_case(world)
    other = accepted_case(world, title="Bridge")
    pay(case, "100.00", date(2026, 10, 1), by=world.fran)
    pay(case, "250.00", date(2026, 11, 2), by=world.fran)
    pay(other, "-20.00", date(2026, 11, 3), by=world.fran)
    client = signed_in(world.doc)  # a provider sees the figures

    everything = client.get("/payments/")
    assert everything.status_code == 200
    assert "3 payments, <strong>$330.00</strong> collected" in everything.content.decode()

    november = client.get("/payments/", {"start": "2026-11-01", "end": "2026-11-30"}, **HTMX)
    assert "2 payments, <strong>$230.00</strong> collected" in november.content.decode()
    assert "-$20.00" in november.content.decode()
    one_case = client.get("/payments/", {"case": case.pk}, **HTMX).content.decode()
    assert "2 payments, <strong>$350.00</strong> collected" in one_case
    assert AuditEvent.objects.filter(action="search", object_type="payment").count() == 3


def test_bad_filters_are_named(world: World) -> None:
    page = signed_in(world.tess).get("/payments/", {"start": "2026-11-30", "end": "2026-11-01"})
    assert "To: The end comes before the start." in page.content.decode()


def test_a_payment_is_entered_from_the_case(world: World) -> None:
    case = accepted_case(world)
    client = signed_in(world.fran)
    form = client.get(f"/payments/new/?case={case.pk}")
    assert form.status_code == 200 and "Crown on 19" in form.content.decode()

    saved = client.post(
        f"/payments/new/?case={case.pk}",
        {
            "amount": "$1,000.00",
            "received_on": "11/02/2026",
            "payer": "patient",
            "reference": "R-1",
        },
    )
    assert saved.status_code == 302 and saved["Location"] == f"/cases/{case.pk}/"
    assert Payment.objects.get().amount == Decimal("1000.00")


def test_form_errors_name_the_field_and_nothing_is_written(world: World) -> None:
    case = accepted_case(world)
    page = signed_in(world.fran).post(
        f"/payments/new/?case={case.pk}",
        {"amount": "-5", "received_on": "2026-12-01", "payer": "patient", "reference": ""},
    )
    body = page.content.decode()
    assert page.status_code == 200
    assert "Nothing was recorded" in body
    assert "12/01/2026 is after today: enter the day the money came in." in body
    assert "Say why: a refund, or the correction of which payment." in body
    assert not Payment.objects.exists()


def test_only_those_who_record_payments_may_enter_or_import(world: World) -> None:
    case = accepted_case(world)
    doc = signed_in(world.doc)
    assert doc.get(f"/payments/new/?case={case.pk}").status_code == 403
    assert doc.get("/payments/import/").status_code == 403


def test_another_practices_case_is_not_found(world: World) -> None:
    case = accepted_case(world)
    olga = signed_in(world.olga)
    assert olga.get(f"/payments/new/?case={case.pk}").status_code == 404
    assert olga.post(f"/payments/new/?case={case.pk}", {"amount": "5"}).status_code == 404
    assert olga.get(f"/payments/cases/{case.pk}/").status_code == 404
    assert not Payment.objects.exists()


def _file(text: str, name: str = "export.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


def test_preview_writes_nothing_then_the_import_writes_the_signed_file(world: World) -> None:
    accepted_case(world)
    chart = world.patient_a.chart_number
    client = signed_in(world.fran)
    shown = client.post(
        "/payments/import/", {"file": _file(f"{HEADER}\n2026-11-02,{chart},120.00,PMS-1")}
    )
    body = shown.content.decode()
    assert "1 payment to import, <strong>$120.00</strong>" in body
    assert not Payment.objects.exists()
    kept = shown.context["kept"]

    tampered = client.post("/payments/import/confirm/", {"kept": kept[:-2] + "xx"})
    assert "The previewed file has expired or was changed" in tampered.content.decode()
    assert (
        signed_in(world.tess).post("/payments/import/confirm/", {"kept": kept}).status_code == 200
    )
    assert not Payment.objects.exists()  # another user cannot replay fran's preview

    done = client.post("/payments/import/confirm/", {"kept": kept})
    batch = PaymentImport.objects.get()
    assert done["Location"] == f"/payments/imports/{batch.pk}/"
    assert Payment.objects.get().reference == "PMS-1"
    page = client.get(done["Location"]).content.decode()
    assert "export.csv" in page and batch.sha256 in page


def test_the_preview_lists_bad_lines_in_red_with_line_and_field(world: World) -> None:
    accepted_case(world)
    chart = world.patient_a.chart_number
    shown = signed_in(world.fran).post(
        "/payments/import/",
        {"file": _file(f"{HEADER}\n2026-11-02,{chart},120.00,PMS-1\n2026-11-02,{chart},x,PMS-2")},
    )
    body = shown.content.decode()
    assert "Nothing was imported" in body
    assert "Line 3, <code>amount</code>: “x” is not an amount." in body
    assert 'id="line-3" class="refused"' in body
    assert 'name="kept"' not in body
    assert not Payment.objects.exists()


def test_an_unreadable_file_is_refused_at_the_file(world: World) -> None:
    shown = signed_in(world.fran).post(
        "/payments/import/", {"file": SimpleUploadedFile("x.csv", "café".encode("latin-1"))}
    )
    assert "The file is not UTF-8 text" in shown.content.decode()


def test_the_case_card(world: World) -> None:
    case = accepted_case(world)
    pay(case, "300.00", date(2026, 11, 2), by=world.fran)
    pay(case, "-50.00", date(2026, 11, 3), by=world.fran)
    card = signed_in(world.tess).get(f"/payments/cases/{case.pk}/", **HTMX)
    body = card.content.decode()
    assert '<strong id="case-collected">$250.00</strong>' in body
    assert f'href="/payments/new/?case={case.pk}">Record a payment' in body
    assert "<html" not in body
    provider_card = signed_in(world.doc).get(f"/payments/cases/{case.pk}/").content.decode()
    assert "Record a payment" not in provider_card and "$250.00" in provider_card
