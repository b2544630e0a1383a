"""The Insurance tab and its pages, for each role: desk staff edit, providers only look."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from casepath.insurance.models import Coverage, EligibilityCheck, InsurancePlan
from tests.builders import build_patient
from tests.conftest import World, signed_in
from tests.insurance.coverage_builders import (
    MEMBER_ID,
    build_check,
    build_coverage,
    build_plan,
    build_use,
)
from tests.scheduling.builders import build_appointment

NOW = datetime(2026, 3, 10, 18, 30, tzinfo=UTC)  # 2:30 pm in New York
NEW_YORK = ZoneInfo("America/New_York")


@pytest.fixture(autouse=True)
def frozen_now() -> Iterator[Any]:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def plan(world: World) -> InsurancePlan:
    return build_plan(world.practice_a)


def tab_url(world: World) -> str:
    return f"/patients/{world.patient_a.pk}/insurance/"


def base(world: World) -> str:
    return f"/patients/{world.patient_a.pk}/insurance"


def coverage_post(chosen: InsurancePlan, world: World, **overrides: Any) -> dict[str, Any]:
    data = {
        "plan": chosen.pk,
        "ordinal": "1",
        "member_id": MEMBER_ID,
        "subscriber": str(world.patient_a.pk),
        "relationship": "self",
        "effective_date": "2026-01-01",
    }
    return {k: v for k, v in (data | overrides).items() if v is not None}


@pytest.mark.parametrize("user", ["tess", "fran", "mona"])
def test_desk_staff_add_a_coverage(world: World, plan: InsurancePlan, user: str) -> None:
    client = signed_in(getattr(world, user))
    assert client.get(f"{base(world)}/coverages/new/").status_code == 200
    response = client.post(f"{base(world)}/coverages/new/", coverage_post(plan, world))
    assert response.status_code == 302
    assert response["Location"] == tab_url(world)
    assert Coverage.objects.get().member_id == MEMBER_ID


def test_a_provider_sees_the_tab_but_cannot_change_coverage(
    world: World, plan: InsurancePlan
) -> None:
    coverage = build_coverage(world.patient_a, plan)
    client = signed_in(world.doc)
    tab = client.get(tab_url(world))
    assert tab.status_code == 200
    assert "Keystone Dental" in tab.content.decode()
    assert "Add a coverage" not in tab.content.decode()
    assert client.get(f"{base(world)}/coverages/{coverage.pk}/benefits/").status_code == 200
    for url in (
        f"{base(world)}/coverages/new/",
        f"{base(world)}/coverages/{coverage.pk}/edit/",
        f"{base(world)}/coverages/{coverage.pk}/verify/",
        f"{base(world)}/import/",
    ):
        assert client.get(url).status_code == 403, url
        assert client.post(url, {}).status_code == 403, url
    assert client.post(f"{base(world)}/coverages/{coverage.pk}/benefits/add/").status_code == 403
    assert (
        client.post(f"{base(world)}/coverages/new/", coverage_post(plan, world)).status_code == 403
    )
    assert Coverage.objects.count() == 1


def test_a_secondary_without_primary_re_renders_with_the_field_message(
    world: World, plan: InsurancePlan
) -> None:
    response = signed_in(world.tess).post(
        f"{base(world)}/coverages/new/", coverage_post(plan, world, ordinal="2")
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "A secondary coverage needs an active primary coverage" in html
    assert 'id="id_ordinal"' in html[: html.index("needs an active primary")][-2000:]
    assert not Coverage.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"plan": None}, "This field is required."),
        ({"member_id": ""}, "This field is required."),
        ({"end_date": "2025-12-31"}, "The end date must be after the effective date."),
        ({"subscriber": "outside", "relationship": "child"}, "Enter the subscriber&#x27;s name"),
        ({"subscriber": "999999"}, "Select a valid choice."),
    ],
)
def test_bad_coverage_input_shows_a_clear_message(
    world: World, plan: InsurancePlan, overrides: dict[str, Any], message: str
) -> None:
    response = signed_in(world.tess).post(
        f"{base(world)}/coverages/new/", coverage_post(plan, world, **overrides)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Coverage.objects.exists()


def test_a_plan_of_another_practice_cannot_be_chosen(world: World) -> None:
    foreign = build_plan(world.practice_b)
    response = signed_in(world.tess).post(
        f"{base(world)}/coverages/new/", coverage_post(foreign, world)
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


def test_an_outside_subscriber_through_the_form(world: World, plan: InsurancePlan) -> None:
    data = coverage_post(
        plan,
        world,
        subscriber="outside",
        relationship="child",
        subscriber_name="Maria Lopez",
        subscriber_birth_date="1960-05-01",
    )
    assert signed_in(world.tess).post(f"{base(world)}/coverages/new/", data).status_code == 302
    coverage = Coverage.objects.get()
    assert (coverage.subscriber, coverage.subscriber_name) == (None, "Maria Lopez")


def test_editing_ends_a_coverage(world: World, plan: InsurancePlan) -> None:
    coverage = build_coverage(world.patient_a, plan)
    client = signed_in(world.fran)
    form = client.get(f"{base(world)}/coverages/{coverage.pk}/edit/").content.decode()
    assert 'value="2025-01-01"' in form
    data = coverage_post(plan, world, effective_date="2025-01-01", end_date="2026-02-28")
    response = client.post(f"{base(world)}/coverages/{coverage.pk}/edit/", data)
    assert response.status_code == 302
    coverage.refresh_from_db()
    assert coverage.end_date == date(2026, 2, 28)
    assert "Ended 02/28/2026" in client.get(tab_url(world)).content.decode()


def test_another_patients_coverage_is_not_found_under_this_patient(
    world: World, plan: InsurancePlan
) -> None:
    other = build_coverage(build_patient(world.practice_a, first_name="Other"), plan)
    client = signed_in(world.tess)
    assert client.get(f"{base(world)}/coverages/{other.pk}/edit/").status_code == 404
    assert client.get(f"{base(world)}/coverages/{other.pk}/benefits/").status_code == 404


def test_recording_a_phone_verification_shows_on_the_tab(world: World, plan: InsurancePlan) -> None:
    coverage = build_coverage(world.patient_a, plan)
    client = signed_in(world.tess)
    form = client.get(f"{base(world)}/coverages/{coverage.pk}/verify/").content.decode()
    assert 'value="2026-03-10"' in form  # today, in the practice's time zone
    response = client.post(
        f"{base(world)}/coverages/{coverage.pk}/verify/",
        {
            "checked_on": "2026-03-10",
            "method": "phone",
            "is_active": "on",
            "remaining_maximum": "1200",
            "deductible_met": "50",
            "frequencies_used": "1 of 2 cleanings",
            "reference_number": "REF-889",
        },
    )
    assert response.status_code == 302
    check = EligibilityCheck.objects.get()
    assert check.next_check_due == date(2026, 4, 9)
    html = client.get(tab_url(world)).content.decode()
    assert "Verified today by Tess" in html
    assert "$1,200.00" in html
    assert "REF-889" in html


def test_a_verification_dated_tomorrow_is_refused(world: World, plan: InsurancePlan) -> None:
    coverage = build_coverage(world.patient_a, plan)
    response = signed_in(world.tess).post(
        f"{base(world)}/coverages/{coverage.pk}/verify/",
        {"checked_on": "2026-03-11", "method": "phone", "is_active": "on"},
    )
    assert response.status_code == 200
    assert "A verification cannot be dated in the future." in response.content.decode()


def test_the_tab_shows_status_history_and_remaining(world: World, plan: InsurancePlan) -> None:
    coverage = build_coverage(world.patient_a, plan)
    build_check(coverage, date(2026, 1, 2), remaining_maximum="1500.00")
    build_use(coverage, insurance_amount="300.00", deductible_applied="50.00")
    html = signed_in(world.tess).get(tab_url(world)).content.decode()
    assert "Out of date (over 30 days; verified 67 days ago by Tess)" in html
    assert "$1,200.00 of $1,500.00" in html
    assert "01/02/2026" in html


def test_a_patient_without_coverage(world: World) -> None:
    html = signed_in(world.tess).get(tab_url(world)).content.decode()
    assert "No coverage recorded for Ana Lopez." in html


def test_benefits_used_page_adds_removes_and_adjusts(world: World, plan: InsurancePlan) -> None:
    coverage = build_coverage(world.patient_a, plan)
    client = signed_in(world.fran)
    url = f"{base(world)}/coverages/{coverage.pk}/benefits"
    row = {"kind": "paid", "code": "D2740", "service_date": "2026-02-03", "tooth": "30"}
    row |= {"insurance_amount": "425.00", "deductible_applied": "50"}
    assert client.post(f"{url}/add/", row).status_code == 302
    bad = client.post(f"{url}/add/", row | {"code": "crown"})
    assert bad.status_code == 200
    assert "A procedure code is D followed by four digits." in bad.content.decode()
    adjusted = {"used_annual_max_adjustment": "100", "used_deductible_adjustment": "0"}
    assert client.post(f"{url}/adjust/", adjusted).status_code == 302
    page = client.get(f"{url}/").content.decode()
    assert "D2740" in page and "$975.00 of $1,500.00" in page
    use = coverage.benefits_used.get()
    assert client.post(f"{url}/{use.pk}/remove/").status_code == 302
    assert not coverage.benefits_used.exists()


def test_the_verification_list_page(
    world: World, plan: InsurancePlan, django_assert_num_queries: Any
) -> None:
    for n in range(3):
        patient = build_patient(world.practice_a, last_name=f"Queue{n}")
        build_check(build_coverage(patient, plan), date(2025, 12, n + 1))
        build_appointment(patient, datetime(2026, 3, 16 - n, 9, 30, tzinfo=NEW_YORK))
    world.practice_a.time_zone = "America/Los_Angeles"
    world.practice_a.save()
    client: Client = signed_in(world.doc)
    # Middleware: session, user, two-step devices, memberships, and the
    # idle timestamp saved in a savepoint (3); the audit row; ONE query for the list
    # (the next visit is a subquery of it).
    with django_assert_num_queries(9):
        response = client.get("/patients/insurance-to-verify/")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("Queue2") < html.index("Queue1") < html.index("Queue0")  # soonest first
    assert "Mon 03/16/2026 6:30 AM" in html  # 9:30 in New York, shown in the practice's time
    assert "••••7715" in html and MEMBER_ID not in html


def queue_names(client: Client, query: str = "") -> list[str]:
    html = client.get(f"/patients/insurance-to-verify/{query}").content.decode()
    return re.findall(r">(Visit\w+),", html)


def test_the_verification_list_keeps_patients_with_a_visit_in_the_chosen_days(
    world: World, plan: InsurancePlan
) -> None:
    """Today is Tuesday 3/10 in New York; the default is the next 7 days (to 3/17)."""
    for name, visit in (
        ("VisitTomorrow", datetime(2026, 3, 11, 8, tzinfo=NEW_YORK)),
        ("VisitNextTuesday", datetime(2026, 3, 17, 16, tzinfo=NEW_YORK)),
        ("VisitIn9Days", datetime(2026, 3, 19, 10, tzinfo=NEW_YORK)),
        ("VisitNone", None),
    ):
        patient = build_patient(world.practice_a, last_name=name)
        build_coverage(patient, plan)
        if visit:
            build_appointment(patient, visit)
    client = signed_in(world.tess)
    assert queue_names(client) == ["VisitTomorrow", "VisitNextTuesday"]
    assert queue_names(client, "?visits=1") == ["VisitTomorrow"]
    assert queue_names(client, "?visits=14")[-1] == "VisitIn9Days"
    assert len(queue_names(client, "?visits=all")) == 4
    assert queue_names(client, "?visits=365") == queue_names(client)  # unknown: the default
    html = client.get("/patients/insurance-to-verify/?visits=3").content.decode()
    assert '<option value="3" selected>3 days</option>' in html
    assert "through Fri 03/13/2026" in html and "None booked" not in html
    assert "None booked" in client.get("/patients/insurance-to-verify/?visits=all").content.decode()
