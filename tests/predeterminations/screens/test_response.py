"""The response entry: one row per procedure asked, typed fast; a blank row is not answered;
each problem at its cell (the n-th answered row, not the n-th row); the payer's FHIR
ClaimResponse imported instead. Saving re-estimates the option on the case page."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from casepath.audit.models import Action, AuditEvent
from casepath.cases.models import CaseOption
from casepath.predeterminations.models import Predetermination
from casepath.predeterminations.selectors import lines_of
from tests.conftest import World, signed_in
from tests.predeterminations.builders import drafted, received, sent
from tests.predeterminations.screens.conftest import field_error, text_of, url
from tests.predeterminations.services.helpers import estimate_figures, rows, state
from tests.predeterminations.services.test_import import CROWN, IMPLANT, claim_response


def answer_data(pd: Predetermination, **cells: str) -> dict[str, str]:
    """Every row blank but the cells given as `<row>_<field>` (row 0 is the implant)."""
    data = {"received_on": "2026-04-02", "response_expiry": ""}
    for n, line in enumerate(lines_of(pd)):
        for name in ("approved", "allowed", "reason", "remarks"):
            data[f"line-{line.pk}-{name}"] = cells.get(f"r{n}_{name}", "")
        if cells.get(f"r{n}_denied"):
            data[f"line-{line.pk}-denied"] = "on"
    return data


def cell(pd: Predetermination, row: int, name: str) -> str:
    return f"id_line-{lines_of(pd)[row].pk}-{name}"


def post(user: Any, pd: Predetermination, data: dict[str, str]) -> Any:
    return signed_in(user).post(url("response", pd.pk), data)


def test_the_page_has_one_row_per_procedure_and_starts_in_the_first_amount(
    world: World,
) -> None:
    pd = sent(world).pd
    response = signed_in(world.tess).get(url("response", pd.pk))
    assert response.status_code == 200
    page = response.content.decode()
    first, second = lines_of(pd)
    assert re.search(rf'<input[^>]*name="line-{first.pk}-approved"[^>]*autofocus', page)
    assert not re.search(rf'<input[^>]*name="line-{second.pk}-approved"[^>]*autofocus', page)
    assert 'name="received_on" value="2026-04-02"' in page
    assert "holds 12 months after it was received (until 04/02/2027" in text_of(page)
    assert page.count("Approve as asked") == 2
    assert f'data-fee="2400.00" data-approved="{cell(pd, 0, "approved")}"' in page
    # Tab goes across a row, then to the next: the first row's cells come first.
    order = [
        page.index(f'name="line-{line.pk}-{name}"')
        for line in (first, second)
        for name in ("approved", "allowed", "denied", "reason", "remarks")
    ]
    assert order == sorted(order)
    assert "predeterminations/response.js" in page
    assert AuditEvent.objects.filter(action=Action.VIEW, object_id=str(pd.pk)).exists()


def test_a_partial_answer_is_saved_and_the_estimate_changes(world: World) -> None:
    pd = sent(world).pd
    implant = CaseOption.objects.get(pk=pd.option_id)
    was = estimate_figures(implant.estimate)
    data = answer_data(pd, r1_approved="700.00", r1_allowed="1100.00", r1_remarks="Pays once")
    response = post(world.fran, pd, data)
    assert response.status_code == 302
    assert response["Location"] == f"/cases/{pd.case_id}/#case-predeterminations"
    saved = Predetermination.objects.get(pk=pd.pk)
    assert (saved.status, str(saved.received_on), str(saved.expires_on)) == (
        "received",
        "2026-04-02",
        "2027-04-02",
    )
    implant_line, crown_line = lines_of(saved)
    assert (implant_line.answered, implant_line.approved) == (False, None)
    assert (crown_line.answered, crown_line.approved, crown_line.allowed, crown_line.remarks) == (
        True,
        Decimal("700.00"),
        Decimal("1100.00"),
        "Pays once",
    )
    now = estimate_figures(implant.estimate)
    assert now[3] != was[3]  # the patient portion changed


def test_a_denial_with_its_reason(world: World) -> None:
    pd = sent(world).pd
    data = answer_data(pd, r0_denied="on", r0_reason="Missing tooth clause", r1_approved="700")
    assert post(world.tess, pd, data).status_code == 302
    implant_line, crown_line = lines_of(pd)
    assert (implant_line.denied, implant_line.approved, implant_line.reason) == (
        True,
        Decimal("0.00"),
        "Missing tooth clause",
    )
    assert crown_line.approved == Decimal("700.00")


def test_errors_are_shown_at_their_cells(world: World) -> None:
    """The crown is the first answered row (lines[0]) but the second on screen."""
    pd = sent(world).pd
    before = (rows(), state(pd))
    data = answer_data(pd, r1_approved="1500.00")
    response = post(world.tess, pd, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert field_error(page, cell(pd, 1, "approved")) == (
        "The approved $1,500.00 for D6058 on line 1 is more than its fee of $1,450.00."
    )
    assert f"{cell(pd, 0, 'approved')}_error" not in page
    assert "Nothing was saved" in page
    assert (rows(), state(pd)) == before


def test_a_denial_without_reason_and_a_date_after_today(world: World) -> None:
    pd = sent(world).pd
    before = (rows(), state(pd))
    data = answer_data(pd, r0_denied="on", r1_approved="700.00")
    data["received_on"] = "2026-04-03"
    page = post(world.tess, pd, data).content.decode()
    assert field_error(page, cell(pd, 0, "reason")) == (
        "Give the payer's reason for denying D6010 on line 1."
    )
    assert field_error(page, "id_received_on") == (
        "The response cannot be received after today (2026-04-02)."
    )
    assert (rows(), state(pd)) == before


def test_an_amount_that_is_not_a_number_is_refused_at_its_cell(world: World) -> None:
    pd = sent(world).pd
    before = (rows(), state(pd))
    page = post(world.tess, pd, answer_data(pd, r0_approved="lots")).content.decode()
    assert field_error(page, cell(pd, 0, "approved")) == "Enter a number."
    assert (rows(), state(pd)) == before


def test_nothing_answered_is_refused(world: World) -> None:
    pd = sent(world).pd
    before = (rows(), state(pd))
    page = post(world.tess, pd, answer_data(pd)).content.decode()
    assert "Answer at least one procedure." in text_of(page)
    assert (rows(), state(pd)) == before


def test_a_correction_starts_from_the_answer_on_file(world: World) -> None:
    pd = received(world).pd
    page = signed_in(world.tess).get(url("response", pd.pk)).content.decode()
    first = lines_of(pd)[0]
    assert re.search(rf'name="line-{first.pk}-approved" value="1000.00"', page)
    data = answer_data(pd, r0_approved="900.00", r1_approved="700.00")
    assert post(world.tess, pd, data).status_code == 302
    assert lines_of(pd)[0].approved == Decimal("900.00")


def test_a_draft_cannot_be_answered(world: World) -> None:
    pd = drafted(world).pd
    page = signed_in(world.tess).get(url("response", pd.pk)).content.decode()
    assert "A draft pre-determination cannot be marked received: send it first." in page
    before = (rows(), state(pd))
    page = post(world.tess, pd, answer_data(pd, r0_approved="900.00")).content.decode()
    assert "send it first" in page
    assert (rows(), state(pd)) == before


def test_importing_the_payers_claim_response(world: World) -> None:
    pd = sent(world).pd
    text = claim_response(IMPLANT, CROWN)
    response = signed_in(world.tess).post(url("response_import", pd.pk), {"text": text})
    assert response.status_code == 302
    saved = Predetermination.objects.get(pk=pd.pk)
    assert (saved.status, saved.payer_reference) == ("received", "KD-18SS12345")
    assert [line.approved for line in lines_of(saved)] == [Decimal("850.00"), Decimal("0.00")]


def test_importing_the_payers_file(world: World) -> None:
    pd = sent(world).pd
    upload = SimpleUploadedFile(
        "claimresponse.json", claim_response(IMPLANT).encode(), content_type="application/json"
    )
    response = signed_in(world.tess).post(url("response_import", pd.pk), {"file": upload})
    assert response.status_code == 302
    implant_line, crown_line = lines_of(pd)
    assert (implant_line.approved, crown_line.answered) == (Decimal("850.00"), False)


def test_an_import_that_is_not_json_is_refused_at_the_box(world: World) -> None:
    pd = sent(world).pd
    before = (rows(), state(pd))
    response = signed_in(world.tess).post(url("response_import", pd.pk), {"text": "{oops"})
    page = response.content.decode()
    assert response.status_code == 200
    assert field_error(page, "id_text").startswith("This is not JSON (line 1")
    assert '<details class="card pd-import" open>' in page
    assert (rows(), state(pd)) == before


def test_an_empty_import_says_what_to_give(world: World) -> None:
    pd = sent(world).pd
    page = signed_in(world.tess).post(url("response_import", pd.pk), {"text": " "}).content
    assert field_error(page.decode(), "id_text") == (
        "Choose the payer's JSON file or paste its text."
    )


def test_a_provider_cannot_enter_or_import_a_response(world: World) -> None:
    pd = sent(world).pd
    client = signed_in(world.doc)
    before = (rows(), state(pd))
    assert client.get(url("response", pd.pk)).status_code == 403
    assert client.post(url("response", pd.pk), answer_data(pd, r0_approved="1")).status_code == 403
    text = claim_response(IMPLANT, CROWN)
    assert client.post(url("response_import", pd.pk), {"text": text}).status_code == 403
    assert (rows(), state(pd)) == before


def test_the_outsider_does_not_find_the_response_page(world: World) -> None:
    pd = sent(world).pd
    assert signed_in(world.olga).get(url("response", pd.pk)).status_code == 404
