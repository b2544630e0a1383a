"""Sending a pre-determination, its FHIR Claim, and setting it aside, through the API."""

from __future__ import annotations

import pytest
import time_machine
from django.test import Client

from casepath.audit.models import AuditEvent
from casepath.cases.models import CaseEvent
from casepath.followups.models import Task
from casepath.predeterminations.models import Predetermination
from casepath.predeterminations.selectors import predetermination_settings
from tests.conftest import World
from tests.predeterminations.api.conftest import paths, pd_url, send, written
from tests.predeterminations.builders import (
    BILLING_NPI,
    PROVIDER_NPI,
    drafted,
    received,
    sent,
    with_npis,
)

pytestmark = pytest.mark.django_db
TODAY = "2026-04-02 11:00:00-04:00"

# ---- send ------------------------------------------------------------------------


def test_sending_by_mail(world: World, tess: Client) -> None:
    asked = drafted(world)
    body = {"sent_on": "2026-03-13", "channel": "mail", "payer_reference": "  KD-55012 "}
    answer = send(tess, "post", pd_url(asked.pd, "/send"), body)
    assert answer.status_code == 200, answer.data
    data = answer.data
    assert (data["status"], data["status_label"], data["sent_on"]) == ("sent", "Sent", "2026-03-13")
    assert (data["channel"], data["payer_reference"]) == ("mail", "KD-55012")
    asked.pd.refresh_from_db()
    assert (asked.pd.status, asked.pd.claim) == ("sent", {})
    event = CaseEvent.objects.filter(kind="predetermination").order_by("pk").last()
    assert event.summary == "Pre-determination sent to Keystone Dental (mail) on 2026-03-13"
    audit = AuditEvent.objects.filter(summary__startswith="Pre-determination sent").get()
    assert audit.channel == "api"


def test_sending_electronically_keeps_the_claim_it_sent(world: World, tess: Client) -> None:
    asked = drafted(world)
    with_npis(world, asked.made)
    answer = send(
        tess, "post", pd_url(asked.pd, "/send"), {"sent_on": "2026-03-13", "channel": "electronic"}
    )
    assert answer.status_code == 200, answer.data
    asked.pd.refresh_from_db()
    assert asked.pd.claim["use"] == "preauthorization"
    assert asked.pd.claim["identifier"] == [{"value": f"RV-PD-{asked.pd.pk}"}]
    rules = predetermination_settings(world.practice_a)
    rules.billing_npi = ""  # changed later: the Claim as sent stays what it was
    rules.save()
    claim = send(tess, "get", pd_url(asked.pd, "/claim"))
    assert claim.status_code == 200, claim.data
    assert claim.data == asked.pd.claim
    npis = {
        r["id"]: r["identifier"][0]["value"] for r in claim.data["contained"] if "identifier" in r
    }
    assert npis == {"practice": BILLING_NPI, "provider": PROVIDER_NPI}


def test_an_electronic_send_without_npis_names_them(world: World, tess: Client) -> None:
    asked = drafted(world)
    before = written()
    answer = send(
        tess, "post", pd_url(asked.pd, "/send"), {"sent_on": "2026-03-13", "channel": "electronic"}
    )
    assert answer.status_code == 422
    assert paths(answer) == ["practice_npi", "provider_npi"]
    assert written() == before


def test_a_send_before_it_was_made_through_no_known_channel(world: World, tess: Client) -> None:
    asked = drafted(world)
    before = written()
    answer = send(
        tess, "post", pd_url(asked.pd, "/send"), {"sent_on": "2026-03-01", "channel": "x"}
    )
    assert answer.status_code == 422
    assert answer.data["errors"] == [
        {
            "path": "sent_on",
            "message": "It cannot be sent on 2026-03-01, before it was created on 2026-03-12.",
        },
        {
            "path": "channel",
            "message": "Choose how it was sent: electronic, payer portal, mail, fax.",
        },
    ]
    assert written() == before


def test_sending_twice_is_refused(world: World, tess: Client) -> None:
    asked = sent(world)
    answer = send(
        tess, "post", pd_url(asked.pd, "/send"), {"sent_on": "2026-03-14", "channel": "fax"}
    )
    assert answer.status_code == 422
    assert answer.data["errors"] == [
        {"path": "status", "message": "The pre-determination is already sent."}
    ]
    asked.pd.refresh_from_db()
    assert (asked.pd.sent_on.isoformat(), asked.pd.channel) == ("2026-03-13", "mail")


def test_a_send_without_a_date_names_it(world: World, tess: Client) -> None:
    asked = drafted(world)
    answer = send(tess, "post", pd_url(asked.pd, "/send"), {"channel": "mail"})
    assert answer.status_code == 422
    assert paths(answer) == ["sent_on"]


# ---- the Claim -------------------------------------------------------------------


def test_a_draft_claim_is_built_now_and_the_read_audited(world: World, tess: Client) -> None:
    asked = drafted(world)
    with_npis(world, asked.made)
    answer = send(tess, "get", pd_url(asked.pd, "/claim"))
    assert answer.status_code == 200, answer.data
    assert (answer.data["resourceType"], answer.data["use"]) == ("Claim", "preauthorization")
    assert [i["productOrService"]["coding"][0]["code"] for i in answer.data["item"]] == [
        "D6010",
        "D6058",
    ]
    assert answer.data["total"] == {"value": 3850.0, "currency": "USD"}
    audit = AuditEvent.objects.filter(action="view", channel="api").get()
    assert audit.summary == f"Read the FHIR Claim of the pre-determination {asked.pd.pk} (API)"
    asked.pd.refresh_from_db()
    assert asked.pd.claim == {}


def test_a_claim_that_cannot_be_built_names_what_is_missing(world: World, tess: Client) -> None:
    asked = drafted(world)
    answer = send(tess, "get", pd_url(asked.pd, "/claim"))
    assert answer.status_code == 422
    assert paths(answer) == ["practice_npi", "provider_npi"]


# ---- close -----------------------------------------------------------------------


def test_a_draft_not_needed(world: World, tess: Client) -> None:
    asked = drafted(world)
    body = {"status": "not_needed", "reason": " The patient chose the bridge. "}
    with time_machine.travel(TODAY, tick=False):
        answer = send(tess, "post", pd_url(asked.pd, "/close"), body)
    assert answer.status_code == 200, answer.data
    assert (answer.data["status"], answer.data["status_label"]) == ("not_needed", "Not needed")
    assert answer.data["closed_reason"] == "The patient chose the bridge."
    event = CaseEvent.objects.filter(kind="predetermination").order_by("pk").last()
    assert event.summary == "Pre-determination not needed: The patient chose the bridge."


def test_voiding_an_answer_cancels_the_call(world: World, tess: Client) -> None:
    asked = received(world)
    assert Task.objects.get(case=asked.made.case).status == "open"
    with time_machine.travel(TODAY, tick=False):
        answer = send(tess, "post", pd_url(asked.pd, "/close"), {"status": "voided"})
    assert answer.status_code == 200, answer.data
    assert (answer.data["status"], answer.data["closed_reason"]) == ("voided", "")
    assert Task.objects.get(case=asked.made.case).status == "cancelled"


@pytest.mark.parametrize(
    ("status", "message"),
    [
        ("sent", "Close a pre-determination as not needed or voided."),
        ("deleted", "Close a pre-determination as not needed or voided."),
    ],
)
def test_closing_to_another_status_is_refused(
    world: World, tess: Client, status: str, message: str
) -> None:
    asked = drafted(world)
    before = written()
    answer = send(tess, "post", pd_url(asked.pd, "/close"), {"status": status})
    assert answer.status_code == 422
    assert answer.data["errors"] == [{"path": "status", "message": message}]
    assert written() == before


def test_a_closed_one_is_final(world: World, tess: Client) -> None:
    asked = drafted(world)
    with time_machine.travel(TODAY, tick=False):
        assert (
            send(tess, "post", pd_url(asked.pd, "/close"), {"status": "voided"}).status_code == 200
        )
        answer = send(tess, "post", pd_url(asked.pd, "/close"), {"status": "not_needed"})
    assert answer.status_code == 422
    assert answer.data["errors"] == [
        {
            "path": "status",
            "message": "A pre-determination that is voided is final; "
            "create a new one to ask the payer again.",
        }
    ]
    assert Predetermination.objects.get().status == "voided"
