"""The Pre-determinations section of the case page: each request with its payer, status,
dates, procedures and the payer's answer, what the answer did to the estimate, the
attachments, the late and expiring badges, and the buttons the lifecycle allows."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from casepath.audit.models import Action, AuditEvent
from casepath.cases.models import CaseOption
from casepath.predeterminations import services
from casepath.predeterminations.models import PredeterminationAttachment
from tests.cases.builders import two_option_case
from tests.conftest import World, signed_in
from tests.predeterminations.builders import NOW, RECEIVED, drafted, received, sent
from tests.predeterminations.screens.conftest import HTMX, text_of, url
from tests.predeterminations.services.helpers import case_image


def section(user: Any, case_id: int, **extra: Any) -> str:
    response = signed_in(user).get(url("case_section", case_id), **HTMX, **extra)
    assert response.status_code == 200
    return response.content.decode()


def test_an_answered_request_shows_the_answer_and_the_new_estimate(world: World) -> None:
    pd = received(world).pd
    page = section(world.tess, pd.case_id)
    words = text_of(page)
    assert "Keystone Dental · primary coverage · Implant" in words
    assert "Received" in words
    assert "Created 03/12/2026" in words
    assert "Sent 03/13/2026 by mail" in words
    assert "Received 04/02/2026" in words
    assert "Holds until 04/02/2027" in words
    assert "D6010 19 — $2,400.00 $1,000.00 — Approved" in words
    assert "D6058 19 — $1,450.00 $700.00 — Approved" in words
    assert "The payer approved $1,700.00 of $3,850.00 asked." in words
    implant = CaseOption.objects.get(pk=pd.option_id)
    assert implant.estimate is not None
    assert f"patient portion ${implant.estimate.patient_total:,.2f}" in words
    assert "D6010: From pre-determination of 2026-04-02: $1,000.00 approved" in words
    assert "D6058: From pre-determination of 2026-04-02: $700.00 approved" in words
    assert "Radiographs: Periapical x-ray of #19" in words
    assert f'href="{url("request_pdf", pd.pk)}"' in page
    assert f'href="{url("claim_json", pd.pk)}"' in page


def test_a_received_request_offers_correct_discussed_and_void(world: World) -> None:
    pd = received(world).pd
    page = section(world.tess, pd.case_id)
    assert f'href="{url("response", pd.pk)}"' in page
    assert "Correct the response" in page
    assert f'action="{url("discussed", pd.pk)}"' in page
    assert f'id="pd{pd.pk}-void-reason"' in page
    assert f'action="{url("send", pd.pk)}"' not in page
    assert f'id="pd{pd.pk}-not_needed-reason"' not in page  # an answered one is voided


def test_a_draft_offers_send_not_needed_and_void(world: World) -> None:
    pd = drafted(world).pd
    page = section(world.tess, pd.case_id)
    assert f'action="{url("send", pd.pk)}"' in page
    assert f'id="pd{pd.pk}-not_needed-reason"' in page
    assert f'id="pd{pd.pk}-void-reason"' in page
    assert f'href="{url("response", pd.pk)}"' not in page
    assert "New pre-determination" in page
    words = text_of(page)
    assert "D6010 19 — $2,400.00 — — Waiting" in words
    assert "Draft" in words


def test_a_provider_sees_the_section_without_buttons(world: World) -> None:
    pd = received(world).pd
    page = section(world.doc, pd.case_id)
    assert "The payer approved $1,700.00 of $3,850.00 asked." in text_of(page)
    assert "<form" not in page
    assert "New pre-determination" not in page
    assert url("response", pd.pk) not in page


def test_a_linked_image_opens_the_case_image(world: World) -> None:
    pd = drafted(world).pd
    image = case_image(pd.case)
    PredeterminationAttachment.objects.filter(predetermination=pd).update(image=image)
    page = section(world.tess, pd.case_id)
    image_url = f"/cases/{pd.case_id}/images/{image.pk}/"
    assert (
        f'<a href="{image_url}" target="_blank" rel="noopener">Periapical x-ray of #19</a>' in page
    )


def test_a_request_unanswered_for_too_long_is_marked_waiting(world: World) -> None:
    pd = sent(world).pd
    assert "Waiting 20 days" not in section(world.tess, pd.case_id)  # 30 days allowed
    with time_machine.travel(datetime(2026, 4, 13, 16, 0, tzinfo=UTC), tick=False):
        assert "Waiting 31 days" in section(world.tess, pd.case_id)


def test_an_answer_ending_soon_is_marked_expiring(world: World) -> None:
    pd = received(world).pd
    assert "Expires in" not in section(world.tess, pd.case_id)
    with time_machine.travel(datetime(2027, 3, 20, 16, 0, tzinfo=UTC), tick=False):
        assert "Expires in 13 days" in section(world.tess, pd.case_id)


def test_reading_the_section_is_audited(world: World) -> None:
    pd = drafted(world).pd
    before = AuditEvent.objects.filter(action=Action.VIEW).count()
    section(world.tess, pd.case_id)
    event = AuditEvent.objects.filter(action=Action.VIEW).latest("pk")
    assert AuditEvent.objects.filter(action=Action.VIEW).count() == before + 1
    assert event.patient_id == world.patient_a.pk
    assert event.summary == "Read the pre-determinations of the case “Missing lower left molar”"


def test_without_htmx_the_section_is_a_page(world: World) -> None:
    pd = drafted(world).pd
    response = signed_in(world.tess).get(url("case_section", pd.case_id))
    page = response.content.decode()
    assert "<html" in page and "Back to the case" in page
    assert 'id="case-predeterminations"' in page


def test_a_case_without_requests_says_so(world: World) -> None:
    made = two_option_case(world)
    assert "No pre-determinations yet" in section(world.tess, made.case.pk)


def test_the_outsider_does_not_find_the_section(world: World) -> None:
    pd = drafted(world).pd
    response = signed_in(world.olga).get(url("case_section", pd.case_id), **HTMX)
    assert response.status_code == 404


def test_the_case_page_loads_the_section(world: World) -> None:
    pd = drafted(world).pd
    page = signed_in(world.tess).get(f"/cases/{pd.case_id}/").content.decode()
    assert f'hx-get="{url("case_section", pd.case_id)}"' in page


def test_more_requests_cost_no_more_queries(world: World) -> None:
    asked = received(world)
    client = signed_in(world.tess)
    client.get(url("case_section", asked.pd.case_id), **HTMX)  # the settings, made once
    with CaptureQueriesContext(connection) as one:
        client.get(url("case_section", asked.pd.case_id), **HTMX)
    services.predetermination_close(
        acting_user=world.tess,
        predetermination=asked.pd,
        to="voided",
        reason="",
        now=NOW,
        as_of=RECEIVED,
    )
    drafted(world, asked.made)
    with CaptureQueriesContext(connection) as two:
        page = client.get(url("case_section", asked.pd.case_id), **HTMX).content.decode()
    assert page.count('class="card pd"') == 2
    assert len(two.captured_queries) == len(one.captured_queries)
