"""The practice's pre-determination settings: the page, its refusals, who may change them."""

from __future__ import annotations

from typing import Any

from django.test import Client

from casepath.audit.models import AuditEvent
from casepath.predeterminations.selectors import predetermination_settings
from tests.conftest import World, signed_in
from tests.predeterminations.builders import BILLING_NPI
from tests.predeterminations.queue.builders import Asking, sent_days_ago

SETTINGS = "/predeterminations/settings/"
GOOD = {
    "expiry_months": "6",
    "waiting_days": "21",
    "expiring_days": "45",
    "billing_npi": f" {BILLING_NPI} ",
    "tax_id": "314400123",
}


def saved(world: World) -> dict[str, Any]:
    rules = predetermination_settings(world.practice_a)
    names = ("expiry_months", "waiting_days", "expiring_days", "billing_npi", "tax_id")
    return {name: getattr(rules, name) for name in names}


DEFAULTS = {
    "expiry_months": 12,
    "waiting_days": 30,
    "expiring_days": 30,
    "billing_npi": "",
    "tax_id": "",
}


def updates(world: World) -> int:
    found = AuditEvent.objects.filter(
        practice=world.practice_a, object_type="predeterminationsettings"
    )
    return int(found.count())


def test_the_manager_sees_the_settings(world: World) -> None:
    page = signed_in(world.mona).get(SETTINGS)
    assert page.status_code == 200
    form = page.context["form"]
    assert [form[name].value() for name in DEFAULTS] == [12, 30, 30, "", ""]
    assert "Months an answer holds" in page.content.decode()


def test_saving_normalizes_and_audits_the_change(world: World) -> None:
    mona = signed_in(world.mona)
    response = mona.post(SETTINGS, GOOD, follow=True)
    assert response.redirect_chain == [(SETTINGS, 302)]
    assert "Saved the pre-determination settings." in response.content.decode()
    assert saved(world) == {
        "expiry_months": 6,
        "waiting_days": 21,
        "expiring_days": 45,
        "billing_npi": BILLING_NPI,
        "tax_id": "31-4400123",
    }
    event = AuditEvent.objects.get(
        practice=world.practice_a, object_type="predeterminationsettings"
    )
    assert (event.actor, event.action) == (world.mona, "update")
    assert event.changes == {
        "billing_npi": {"before": "", "after": BILLING_NPI},
        "expiring_days": {"before": 30, "after": 45},
        "expiry_months": {"before": 12, "after": 6},
        "tax_id": {"before": "", "after": "31-4400123"},
        "waiting_days": {"before": 30, "after": 21},
    }


def test_the_number_and_its_dash_may_be_typed(world: World) -> None:
    signed_in(world.mona).post(SETTINGS, GOOD | {"tax_id": "31-4400123"})
    assert saved(world)["tax_id"] == "31-4400123"
    page = signed_in(world.mona).get(SETTINGS)
    assert page.context["form"]["tax_id"].value() == "31-4400123"


def test_every_bad_field_is_named_at_once_and_nothing_is_saved(world: World) -> None:
    bad = {
        "expiry_months": "61",
        "waiting_days": "0",
        "expiring_days": "366",
        "billing_npi": "1234567890",  # wrong check digit
        "tax_id": "12-345",
    }
    response = signed_in(world.mona).post(SETTINGS, bad)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors == {
        "expiry_months": ["Give a whole number of months from 1 to 60."],
        "waiting_days": ["Give a whole number of days from 1 to 365."],
        "expiring_days": ["Give a whole number of days from 1 to 365."],
        "billing_npi": [
            "The billing NPI is 10 digits with a valid check digit (as on the NPI registry); "
            "leave it blank if you do not send electronically."
        ],
        "tax_id": ["The tax ID is 9 digits, as 123456789 or 12-3456789, or blank."],
    }
    page = response.content.decode()
    assert 'id="id_tax_id_error"' in page
    assert 'aria-describedby="id_tax_id_helptext id_tax_id_error"' in page
    assert 'value="366"' in page
    assert saved(world) == DEFAULTS
    assert updates(world) == 0


def test_a_word_where_a_number_goes_is_refused(world: World) -> None:
    response = signed_in(world.mona).post(SETTINGS, GOOD | {"waiting_days": "a month"})
    assert response.status_code == 200
    assert response.context["form"].errors == {"waiting_days": ["Enter a whole number."]}
    assert saved(world) == DEFAULTS


def test_the_numbers_may_be_left_blank(world: World) -> None:
    signed_in(world.mona).post(SETTINGS, GOOD)
    signed_in(world.mona).post(SETTINGS, GOOD | {"billing_npi": "", "tax_id": " "})
    assert (saved(world)["billing_npi"], saved(world)["tax_id"]) == ("", "")


def test_the_coordinator_may_not_change_them(world: World, tess_client: Client) -> None:
    assert tess_client.get(SETTINGS).status_code == 403
    assert tess_client.post(SETTINGS, GOOD).status_code == 403
    assert saved(world) == DEFAULTS


def test_another_practice_s_settings_are_its_own(world: World) -> None:
    from casepath.tenancy.roles import Role
    from tests.builders import build_user

    hank = build_user("hank", (world.practice_b, Role.PRACTICE_MANAGER))
    signed_in(hank).post(SETTINGS, GOOD)
    assert saved(world) == DEFAULTS
    assert predetermination_settings(world.practice_b).waiting_days == 21


def test_the_queue_follows_the_saved_waiting_days(world: World, ana: Asking) -> None:
    late = sent_days_ago(ana, 22)
    mona = signed_in(world.mona)
    assert mona.get("/predeterminations/queue/").context["waiting"] == []
    mona.post(SETTINGS, GOOD)
    page = mona.get("/predeterminations/queue/")
    assert [row.pd.pk for row in page.context["waiting"]] == [late.pk]
    assert "Change the numbers of days" in page.content.decode()
