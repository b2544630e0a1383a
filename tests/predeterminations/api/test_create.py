"""Drafting a pre-determination through the API, reading it, and a case's list."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.test import Client

from casepath.audit.models import AuditEvent
from casepath.cases import plan_services
from casepath.cases import services as case_services
from casepath.cases.models import CaseEvent, CaseImage, CaseType, PlannedProcedure
from casepath.predeterminations import services
from casepath.predeterminations.models import Predetermination
from casepath.predeterminations.services import Draft
from tests.builders import build_patient, build_provider
from tests.cases.builders import TwoOptions, build_case, two_option_case
from tests.conftest import World
from tests.insurance.coverage_builders import build_carrier, build_coverage, build_plan
from tests.predeterminations.api.conftest import case_pds_url, paths, pd_url, send, written
from tests.predeterminations.builders import drafted, received

pytestmark = pytest.mark.django_db
NARRATIVE = "Tooth 19 was extracted in 2025; the site has healed."


def procedure_ids(made: TwoOptions, option: str = "implant") -> list[int]:
    chosen = made.implant if option == "implant" else made.bridge
    return list(
        PlannedProcedure.objects.filter(phase__option=chosen)
        .order_by("phase__position", "position")
        .values_list("pk", flat=True)
    )


def body(made: TwoOptions, **changes: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "option_id": made.implant.pk,
        "coverage_id": made.insured.coverage.pk,
        "procedure_ids": procedure_ids(made),
        "narrative": f"  {NARRATIVE}  ",
        "attachments": [{"kind": "xray", "title": "Periapical x-ray of #19"}],
    }
    return values | changes


def expected_draft(world: World, made: TwoOptions, data: dict[str, Any]) -> dict[str, Any]:
    """The JSON of the implant draft, ids taken from the answer's own rows."""
    implant, crown = procedure_ids(made)
    first, second = (line["id"] for line in data["lines"])
    line = {"surfaces": "", "answered": False, "approved": None, "allowed": None}
    line |= {"denied": False, "reason": "", "remarks": "", "tooth": "19"}
    return {
        "id": data["id"],
        "case_id": made.case.pk,
        "option": {"id": made.implant.pk, "name": "Implant"},
        "patient": {"id": world.patient_a.pk, "name": "Ana Lopez"},
        "coverage": {"id": made.insured.coverage.pk, "payer": "Keystone Dental", "ordinal": 1},
        "status": "draft",
        "status_label": "Draft",
        "narrative": NARRATIVE,
        "created_on": "2026-03-12",
        "created_by": "Tess Tester",
        "sent_on": None,
        "channel": "",
        "payer_reference": "",
        "received_on": None,
        "response_expiry": None,
        "expires_on": None,
        "discussed_on": None,
        "closed_reason": "",
        "fee_total": "3850.00",
        "approved_total": None,
        "lines": [
            line
            | {"id": first, "position": 0, "procedure_id": implant}
            | {"code": "D6010", "fee": "2400.00"},
            line
            | {"id": second, "position": 1, "procedure_id": crown}
            | {"code": "D6058", "fee": "1450.00"},
        ],
        "attachments": [
            {
                "id": data["attachments"][0]["id"],
                "kind": "xray",
                "title": "Periapical x-ray of #19",
                "image_id": None,
            }
        ],
    }


# ---- create ----------------------------------------------------------------------


def test_drafting_answers_201_with_the_whole_request(world: World, tess: Client) -> None:
    made = two_option_case(world)
    with time_machine.travel("2026-03-12 15:00:00-04:00", tick=False):
        answer = send(tess, "post", case_pds_url(made.case), body(made))
    assert answer.status_code == 201, answer.data
    assert answer.data == expected_draft(world, made, answer.data)
    pd = Predetermination.objects.get()
    assert (pd.pk, pd.status, pd.created_by) == (answer.data["id"], "draft", world.tess)


def test_the_draft_is_on_the_timeline_and_audited_as_api(world: World, tess: Client) -> None:
    made = two_option_case(world)
    answer = send(tess, "post", case_pds_url(made.case), body(made, created_on="2026-03-11"))
    assert answer.status_code == 201, answer.data
    assert answer.data["created_on"] == "2026-03-11"
    event = CaseEvent.objects.get(case=made.case, kind="predetermination")
    assert event.summary == "Pre-determination drafted for Keystone Dental: D6010 19, D6058 19"
    audit = AuditEvent.objects.filter(summary__startswith="Pre-determination drafted").get()
    assert audit.channel == "api"


def test_an_attachment_can_be_a_case_image(world: World, tess: Client) -> None:
    made = two_option_case(world)
    image = CaseImage.objects.create(
        practice=world.practice_a,
        case=made.case,
        caption="Pano",
        file=ContentFile(b"png", name="pano.png"),
        content_type="image/png",
    )
    attachment = {"kind": "xray", "title": "Panoramic", "image_id": image.pk}
    answer = send(tess, "post", case_pds_url(made.case), body(made, attachments=[attachment]))
    assert answer.status_code == 201, answer.data
    assert answer.data["attachments"][0]["image_id"] == image.pk


def _other_practice_procedure(world: World) -> int:
    """A planned procedure of a case of practice B (Bea Barnes)."""
    case = case_services.case_create(
        acting_user=world.olga,
        patient=world.patient_b,
        diagnosing_provider=build_provider(world.practice_b),
        title="Hillcrest case",
        case_type=CaseType.FROM_HYGIENE,
        diagnosed_on=date(2026, 3, 10),
    )
    option = plan_services.option_add(acting_user=world.olga, case=case, name="Crown")
    row = plan_services.procedure_add(
        acting_user=world.olga, phase=option.phases.get(), code="D0120", fee=Decimal("65.00")
    )
    return int(row.pk)


def _another_case_asked(world: World, made: TwoOptions) -> Predetermination:
    """A crown on #3 in a second case of Ana's, asked of the same PPO on 25 March."""
    case = build_case(world, title="Cracked upper molar")
    option = plan_services.option_add(acting_user=world.tess, case=case, name="Crown")
    row = plan_services.procedure_add(
        acting_user=world.tess, phase=option.phases.get(), code="D2740", tooth="3"
    )
    return services.predetermination_create(
        acting_user=world.tess,
        case=case,
        draft=Draft(option.pk, made.insured.coverage.pk, [row.pk]),
        created_on=date(2026, 3, 25),
    )


def test_a_procedure_of_another_practice_is_refused_at_its_place(
    world: World, tess: Client
) -> None:
    made = two_option_case(world)
    chosen = [procedure_ids(made)[0], _other_practice_procedure(world)]
    before = written()
    answer = send(tess, "post", case_pds_url(made.case), body(made, procedure_ids=chosen))
    assert answer.status_code == 422
    assert answer.data["errors"] == [
        {"path": "procedures[1]", "message": "This procedure is not in this case's plan."}
    ]
    assert written() == before


BAD_DRAFTS = [
    pytest.param({"procedure_ids": []}, ["procedures"], id="no-procedures"),
    pytest.param({"option_id": 999999}, ["option"], id="unknown-option"),
    pytest.param({"coverage_id": 999999}, ["coverage"], id="unknown-coverage"),
    pytest.param(
        {"attachments": [{"kind": "scan", "title": " "}]},
        ["attachments[0].kind", "attachments[0].title"],
        id="bad-attachment",
    ),
    pytest.param(
        {"attachments": [{"kind": "xray", "title": "X", "image_id": 999999}]},
        ["attachments[0].image"],
        id="image-not-of-the-case",
    ),
    pytest.param({"option_id": "implant"}, ["option_id"], id="option-not-a-number"),
    pytest.param({"created_on": "12/03/2026"}, ["created_on"], id="bad-date"),
]


@pytest.mark.parametrize(("changes", "expected"), BAD_DRAFTS)
def test_bad_drafts_name_the_field_and_write_nothing(
    world: World, tess: Client, changes: dict[str, Any], expected: list[str]
) -> None:
    made = two_option_case(world)
    before = written()
    answer = send(tess, "post", case_pds_url(made.case), body(made, **changes))
    assert answer.status_code == 422
    assert paths(answer) == expected
    assert written() == before


def test_a_bridge_procedure_is_not_part_of_the_implant(world: World, tess: Client) -> None:
    made = two_option_case(world)
    chosen = [*procedure_ids(made), procedure_ids(made, "bridge")[0]]
    answer = send(tess, "post", case_pds_url(made.case), body(made, procedure_ids=chosen))
    assert answer.status_code == 422
    [error] = answer.data["errors"]
    assert error["path"] == "procedures[2]"
    assert error["message"].endswith("is not part of “Implant”.")


def test_a_coverage_of_another_patient_is_refused(world: World, tess: Client) -> None:
    made = two_option_case(world)
    other = build_patient(world.practice_a, first_name="Cy", last_name="Moss")
    coverage = build_coverage(
        other, build_plan(world.practice_a, build_carrier(world.practice_a, "Lakeshore"))
    )
    answer = send(tess, "post", case_pds_url(made.case), body(made, coverage_id=coverage.pk))
    assert answer.status_code == 422
    assert answer.data["errors"] == [
        {"path": "coverage", "message": "Choose one of the patient's coverages."}
    ]


def test_asking_twice_is_refused(world: World, tess: Client) -> None:
    asked = drafted(world)
    answer = send(tess, "post", case_pds_url(asked.made.case), body(asked.made))
    assert answer.status_code == 422
    assert paths(answer) == ["procedures", "procedures"]
    assert "already asked of this coverage" in answer.data["errors"][0]["message"]
    assert Predetermination.objects.count() == 1


# ---- read ------------------------------------------------------------------------


def test_reading_one_shows_it_and_is_audited(world: World, tess: Client) -> None:
    asked = drafted(world)
    answer = send(tess, "get", pd_url(asked.pd))
    assert answer.status_code == 200, answer.data
    assert answer.data == expected_draft(world, asked.made, answer.data)
    audit = AuditEvent.objects.filter(action="view", channel="api").get()
    assert (audit.object_type, audit.object_id) == ("predetermination", str(asked.pd.pk))
    assert audit.summary == "Read the pre-determination of 2026-03-12 (API)"
    assert audit.patient_id == world.patient_a.pk


def test_the_case_list_shows_each_with_its_answers(world: World, tess: Client) -> None:
    asked = received(world)
    answer = send(tess, "get", case_pds_url(asked.made.case))
    assert answer.status_code == 200, answer.data
    [row] = answer.data
    assert (row["id"], row["status"], row["received_on"]) == (asked.pd.pk, "received", "2026-04-02")
    assert [(line["approved"], line["answered"]) for line in row["lines"]] == [
        ("1000.00", True),
        ("700.00", True),
    ]
    assert (row["fee_total"], row["approved_total"]) == ("3850.00", "1700.00")
    audit = AuditEvent.objects.filter(action="view", channel="api").get()
    assert audit.summary == (
        "Listed the pre-determinations of the case “Missing lower left molar”: 1 shown (API)"
    )


def test_a_case_without_any_lists_nothing(world: World, tess: Client) -> None:
    case = build_case(world)
    answer = send(tess, "get", case_pds_url(case))
    assert (answer.status_code, answer.data) == (200, [])


def test_the_list_is_newest_first_and_keeps_to_its_case(world: World, tess: Client) -> None:
    first = drafted(world)
    _another_case_asked(world, first.made)
    later = send(
        tess,
        "post",
        case_pds_url(first.made.case),
        body(
            first.made,
            option_id=first.made.bridge.pk,
            procedure_ids=procedure_ids(first.made, "bridge"),
            created_on="2026-03-20",
        ),
    )
    assert later.status_code == 201, later.data
    answer = send(tess, "get", case_pds_url(first.made.case))
    assert [row["id"] for row in answer.data] == [later.data["id"], first.pd.pk]
