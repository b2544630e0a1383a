"""A fee schedule's page: fees with plain names, changed inline, added, imported from CSV."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from casepath.audit.models import Action, AuditEvent
from casepath.insurance.models import Fee, FeeSchedule
from tests.builders import build_provider
from tests.conftest import World, signed_in
from tests.insurance.settings_builders import build_fee_schedule

HTMX = {"HTTP_HX_REQUEST": "true"}
FEES = {"D0120": "65.00", "D2740": "1250.00", "D9999": "40.00"}


@pytest.fixture
def office(world: World) -> FeeSchedule:
    return build_fee_schedule(world.practice_a, "Office fees", fees=FEES)


def _fees(schedule: FeeSchedule) -> dict[str, Decimal]:
    return dict(Fee.objects.filter(schedule=schedule).values_list("code", "amount"))


def _fee(schedule: FeeSchedule, code: str) -> Fee:
    return Fee.objects.get(schedule=schedule, code=code)


@pytest.mark.parametrize("who", ["tess", "fran", "doc", "mona"])
def test_every_member_reads_the_fees_with_plain_names(
    world: World, office: FeeSchedule, who: str
) -> None:
    response = signed_in(getattr(world, who)).get(f"/insurance/fees/{office.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Check-up exam" in html and "$1,250.00" in html
    rows = {r.fee.code: r.name for r in response.context["rows"]}
    assert rows == {"D0120": "Check-up exam", "D2740": "All-ceramic crown", "D9999": ""}
    assert ("Import a CSV" in html) is (who == "mona")
    assert ("Add a code" in html) is (who == "mona")


def test_the_manager_changes_a_fee_in_its_row(world: World, office: FeeSchedule) -> None:
    client = signed_in(world.mona)
    fee = _fee(office, "D2740")
    url = f"/insurance/fees/{office.pk}/fees/{fee.pk}/edit/"
    editing = client.get(url, **HTMX).content.decode()
    assert editing.startswith('<tr id="fee-') and 'value="1250.00"' in editing

    saved = client.post(url, {f"fee{fee.pk}-amount": "$1,312.50"}, **HTMX)

    assert saved.status_code == 200
    assert "$1,312.50" in saved.content.decode() and "<input" not in saved.content.decode()
    fee.refresh_from_db()
    assert fee.amount == Decimal("1312.50")
    audit = AuditEvent.objects.get()
    assert audit.action == Action.UPDATE
    assert audit.changes == {"D2740": {"before": "1250.00", "after": "1312.50"}}


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("-5", "cannot be negative"),
        ("12.345", "at most two decimals"),
        ("lots", "enter an amount in dollars"),
        ("", "enter an amount"),
    ],
)
def test_a_bad_fee_stays_in_its_row_with_the_reason(
    world: World, office: FeeSchedule, typed: str, message: str
) -> None:
    fee = _fee(office, "D2740")
    url = f"/insurance/fees/{office.pk}/fees/{fee.pk}/edit/"
    response = signed_in(world.mona).post(url, {f"fee{fee.pk}-amount": typed}, **HTMX)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert _fees(office)["D2740"] == Decimal("1250.00")
    assert not AuditEvent.objects.exists()


def test_without_javascript_a_fee_is_changed_on_its_own_page(
    world: World, office: FeeSchedule
) -> None:
    fee = _fee(office, "D0120")
    url = f"/insurance/fees/{office.pk}/fees/{fee.pk}/edit/"
    client = signed_in(world.mona)
    assert "<html" in client.get(url).content.decode()
    response = client.post(url, {f"fee{fee.pk}-amount": "70"})
    assert response.status_code == 302
    assert response["Location"] == f"/insurance/fees/{office.pk}/"
    assert _fees(office)["D0120"] == Decimal("70.00")
    cancel = client.get(f"/insurance/fees/{office.pk}/fees/{fee.pk}/", **HTMX)
    assert "$70.00" in cancel.content.decode()


@pytest.mark.parametrize("who", ["tess", "fran", "doc"])
def test_only_managers_change_fees(world: World, office: FeeSchedule, who: str) -> None:
    client = signed_in(getattr(world, who))
    fee = _fee(office, "D2740")
    base = f"/insurance/fees/{office.pk}"
    assert client.get(f"{base}/fees/{fee.pk}/edit/").status_code == 403
    assert (
        client.post(f"{base}/fees/{fee.pk}/edit/", {f"fee{fee.pk}-amount": "1"}).status_code == 403
    )
    assert client.post(f"{base}/add/", {"code": "D0150", "amount": "9"}).status_code == 403
    assert client.get(f"{base}/import/").status_code == 403
    assert client.post(f"{base}/import/", {"text": "D0120,1", "apply": "1"}).status_code == 403
    assert _fees(office) == {code: Decimal(amount) for code, amount in FEES.items()}
    assert not AuditEvent.objects.exists()


def test_outsider_cannot_reach_a_fee_through_their_own_schedule(
    world: World, office: FeeSchedule
) -> None:
    """A fee id of practice A under a schedule of practice B is not found either."""
    theirs = build_fee_schedule(world.practice_b, "Their fees", fees={"D0120": "50.00"})
    fee = _fee(office, "D2740")
    url = f"/insurance/fees/{theirs.pk}/fees/{fee.pk}/edit/"
    assert signed_in(world.olga).get(url).status_code == 404


def test_the_manager_adds_a_code(world: World, office: FeeSchedule) -> None:
    response = signed_in(world.mona).post(
        f"/insurance/fees/{office.pk}/add/", {"code": "d0150", "amount": "120"}
    )
    assert response.status_code == 302
    assert _fees(office)["D0150"] == Decimal("120.00")
    audit = AuditEvent.objects.get()
    assert audit.changes == {"D0150": {"before": None, "after": "120.00"}}


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"code": "D2740", "amount": "10"}, "code", "D2740 is already in this schedule"),
        ({"code": "2740", "amount": "10"}, "code", "not a procedure code"),
        ({"code": "D0150", "amount": "-10"}, "amount", "cannot be negative"),
        ({"code": "", "amount": "10"}, "code", "give a procedure code"),
    ],
)
def test_adding_a_bad_code_names_the_field(
    world: World, office: FeeSchedule, data: dict[str, str], field: str, message: str
) -> None:
    response = signed_in(world.mona).post(f"/insurance/fees/{office.pk}/add/", data)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert len(_fees(office)) == len(FEES)
    assert not AuditEvent.objects.exists()


def test_a_schedule_of_one_provider(world: World) -> None:
    provider = build_provider(world.practice_a, first_name="Omar", last_name="Reyes")
    outside = build_provider(world.practice_a, last_name="Outside", is_external=True)
    client = signed_in(world.mona)
    form = client.get("/insurance/fees/new/").context["form"]
    assert provider in form.fields["provider"].queryset
    assert outside not in form.fields["provider"].queryset
    data = {"name": "Dr Reyes fees", "kind": "office", "provider": provider.pk}
    assert client.post("/insurance/fees/new/", data).status_code == 302
    assert FeeSchedule.objects.get(name="Dr Reyes fees").provider == provider
    refused = client.post("/insurance/fees/new/", data | {"name": "PPO", "kind": "ppo"})
    assert "Only office fee schedules" in " ".join(refused.context["form"].errors["provider"])


# CSV import

GOOD_CSV = (
    "\ufeffCode,Fee\r\n"
    "D0120,65.00\r\n"  # unchanged
    'D2740,"$1,300.00"\r\n'  # changed
    "\r\n"
    "d0150,120\r\n"  # new, lower-case code
)


def _upload(text: str, encoding: str = "utf-8") -> SimpleUploadedFile:
    return SimpleUploadedFile("fees.csv", text.encode(encoding), content_type="text/csv")


def test_import_previews_then_applies_a_good_file(world: World, office: FeeSchedule) -> None:
    client = signed_in(world.mona)
    url = f"/insurance/fees/{office.pk}/import/"
    preview = client.post(url, {"file": _upload(GOOD_CSV)})
    assert preview.status_code == 200
    changes = preview.context["preview"]
    assert [(c.code, c.before, c.after) for c in changes.added] == [
        ("D0150", None, Decimal("120.00"))
    ]
    assert [(c.code, c.before, c.after) for c in changes.changed] == [
        ("D2740", Decimal("1250.00"), Decimal("1300.00"))
    ]
    assert changes.unchanged == 1
    assert "Apply these changes" in preview.content.decode()
    assert _fees(office)["D2740"] == Decimal("1250.00")  # nothing written by a preview

    applied = client.post(url, {"text": preview.context["text"], "apply": "1"})

    assert applied.status_code == 302
    assert _fees(office) == {
        "D0120": Decimal("65.00"),
        "D0150": Decimal("120.00"),
        "D2740": Decimal("1300.00"),
        "D9999": Decimal("40.00"),  # not in the file: kept
    }
    audit = AuditEvent.objects.get()
    assert audit.changes == {
        "D0150": {"before": None, "after": "120.00"},
        "D2740": {"before": "1250.00", "after": "1300.00"},
    }


BAD_CSV = (
    "code,fee\n"
    "D0120,70\n"
    "D274,100\n"
    "D2750,abc\n"
    "D0120,75\n"
    "D2950,-5\n"
    "D2954,12.345\n"
    "D3310,850,extra\n"
    "D3330,99999999\n"
)
LINE_ERRORS = [
    "Line 3: 'D274' is not a procedure code (D and four digits).",
    "Line 4: 'abc' is not a fee in dollars.",
    "Line 5: D0120 is already on line 2.",
    "Line 6: '-5' is negative; a fee cannot be.",
    "Line 7: '12.345' has more than two decimals.",
    "Line 8: expected two columns, code and fee",
    "Line 9: '99999999' is too large for a fee.",
]


def test_import_lists_every_bad_line_and_writes_nothing(world: World, office: FeeSchedule) -> None:
    response = signed_in(world.mona).post(f"/insurance/fees/{office.pk}/import/", {"text": BAD_CSV})
    assert response.status_code == 200
    errors = response.context["errors"]
    assert len(errors) == len(LINE_ERRORS)
    for error, expected in zip(errors, LINE_ERRORS, strict=True):
        assert error.startswith(expected), error
    assert "preview" not in response.context
    assert "Apply these changes" not in response.content.decode()
    assert _fees(office)["D0120"] == Decimal("65.00")


def test_applying_a_bad_file_writes_nothing_even_after_good_lines(
    world: World, office: FeeSchedule
) -> None:
    response = signed_in(world.mona).post(
        f"/insurance/fees/{office.pk}/import/", {"text": BAD_CSV, "apply": "1"}
    )
    assert response.status_code == 200
    assert _fees(office) == {code: Decimal(amount) for code, amount in FEES.items()}
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize(
    ("post", "message"),
    [
        ({}, "Choose a CSV file or paste its rows."),
        ({"text": "code,fee\n\n"}, "The file has no fees"),
    ],
)
def test_import_without_fees_says_so(
    world: World, office: FeeSchedule, post: dict[str, Any], message: str
) -> None:
    response = signed_in(world.mona).post(f"/insurance/fees/{office.pk}/import/", post)
    assert message in response.content.decode()


def test_a_spreadsheet_saved_as_windows_1252_is_read(world: World, office: FeeSchedule) -> None:
    url = f"/insurance/fees/{office.pk}/import/"
    text = "Code,Fee in \u20ac,\nD0120,66.00,\nProphylaxie générale,12\n"  # trailing empty column
    upload = SimpleUploadedFile("fees.csv", text.encode("cp1252"))
    response = signed_in(world.mona).post(url, {"file": upload})
    assert response.context["errors"] == (
        "Line 3: 'Prophylaxie générale' is not a procedure code (D and four digits).",
    )
    upload = SimpleUploadedFile("fees.csv", text.split("Pro")[0].encode("cp1252"))
    response = signed_in(world.mona).post(url, {"file": upload})
    assert [c.code for c in response.context["preview"].changed] == ["D0120"]
