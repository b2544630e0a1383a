"""The new-patients API: the list, one intake, capturing a call (422 and 409 with
nothing written), moves, booking, conversion by source, and the guard on every route."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client

from casepath.accounts.services import api_token_create
from casepath.audit.models import AuditEvent
from casepath.cases.models import Case
from casepath.cases.services import case_create
from casepath.followups.models import Task
from casepath.intake.models import Call, Intake, IntakeMove
from casepath.patients.models import Patient
from casepath.scheduling.models import Appointment
from casepath.tenancy.models import Operatory
from tests.builders import build_patient, build_provider
from tests.conftest import World, signed_in
from tests.intake.builders import CALLED_AT, VISIT_AT, book, call_data, capture, provider_of

pytestmark = pytest.mark.django_db

NOW = CALLED_AT + timedelta(minutes=20)
MEMBER_ID = "W77341920"


@pytest.fixture(autouse=True)
def frozen() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


def url(practice_id: int, tail: str = "") -> str:
    return f"/api/v1/practices/{practice_id}/new-patients{tail}"


def send(client: Client, method: str, where: str, body: Any = None, **extra: Any) -> Any:
    """A JSON call; the answer with its decoded body as `.data`."""
    if method == "get":
        response = client.get(where, body or {}, **extra)
    else:
        text = json.dumps({} if body is None else body)
        response = client.post(where, text, content_type="application/json", **extra)
    response.data = response.json() if response.content else None
    return response


def paths(answer: Any) -> list[str]:
    return [e["path"] for e in answer.data["errors"]]


def written() -> tuple[int, ...]:
    """Rows a write adds or changes (to prove a refused call wrote nothing)."""
    stages = tuple(Intake.objects.order_by("pk").values_list("stage", flat=True))
    return (
        Call.objects.count(),
        Intake.objects.count(),
        IntakeMove.objects.count(),
        Patient.objects.count(),
        Appointment.objects.count(),
        Task.objects.count(),
        AuditEvent.objects.count(),
        hash(stages),
    )


def call_body(**overrides: Any) -> dict[str, Any]:
    patient = {
        "first_name": "Nina",
        "last_name": "Patel",
        "date_of_birth": "1988-04-12",
        "chief_concern": "I broke my front tooth",
        "goals": "A natural-looking front tooth",
        "fears": "Needles",
        "urgency": "soon",
        "insurance_carrier": "Delta Dental",
        "insurance_member_id": MEMBER_ID,
    }
    body = call_data() | {"started_at": CALLED_AT.isoformat(), "patients": [patient]}
    return body | overrides


def intake_of(world: World, **about: Any) -> Intake:
    """An inquiry of practice A, its member ID on file."""
    return capture(world.practice_a, world.tess, insurance_member_id=MEMBER_ID, **about)


@pytest.fixture
def tess(world: World) -> Client:
    return signed_in(world.tess)


# ---- the list ----------------------------------------------------------------


def test_the_list_shows_each_new_patient_with_stage_source_and_visit(
    world: World, tess: Client
) -> None:
    booked = book(intake_of(world), world.tess)
    other = capture(
        world.practice_a,
        world.tess,
        call=call_data(source="patient", caller_phone="(614) 555-0177"),
        patient={"first_name": "Omar", "last_name": "Reyes", "date_of_birth": date(1979, 1, 5)},
    )
    answer = send(tess, "get", url(world.practice_a.pk))
    assert answer.status_code == 200, answer.data
    assert (answer.data["count"], answer.data["limit"], answer.data["offset"]) == (2, 50, 0)
    rows = {row["id"]: row for row in answer.data["items"]}
    provider = provider_of(world.practice_a)
    assert rows[booked.pk] == {
        "id": booked.pk,
        "patient": {
            "id": booked.patient_id,
            "name": "Nina Patel",
            "chart_number": booked.patient.chart_number,
        },
        "stage": "welcome_sent",
        "stage_label": "Welcome package sent",
        "stage_entered_at": "2026-11-02T14:14:00Z",
        "source": "web",
        "source_label": "Web search or website",
        "urgency": "soon",
        "first_visit": {
            "id": booked.first_visit_id,
            "starts_at": "2026-11-10T15:00:00Z",
            "duration_minutes": 60,
            "status": "scheduled",
            "provider": {"id": provider.pk, "name": "Rita Nunez, DDS"},
        },
        "coordinator": {"id": world.tess.pk, "name": "Tess Tester"},
    }
    assert rows[other.pk]["stage"] == "inquiry"
    assert rows[other.pk]["first_visit"] is None
    assert rows[other.pk]["source"] == "patient"
    assert MEMBER_ID.encode() not in answer.content


def test_the_list_filters_by_stage_and_source(world: World, tess: Client) -> None:
    booked = book(intake_of(world), world.tess)
    waiting = capture(
        world.practice_a,
        world.tess,
        call=call_data(source="patient"),
        patient={"first_name": "Omar", "last_name": "Reyes", "date_of_birth": date(1979, 1, 5)},
    )
    base = url(world.practice_a.pk)
    by_stage = send(tess, "get", base, {"stage": "inquiry"}).data
    assert [row["id"] for row in by_stage["items"]] == [waiting.pk]
    by_source = send(tess, "get", base, {"source": "web"}).data
    assert [row["id"] for row in by_source["items"]] == [booked.pk]
    both = send(tess, "get", base, {"source": "web", "stage": "inquiry"}).data
    assert (both["count"], both["items"]) == (0, [])


@pytest.mark.parametrize(
    ("query", "path"),
    [({"stage": "maybe"}, "query.stage"), ({"source": "tv"}, "query.source")],
)
def test_a_wrong_filter_is_refused_at_its_name(
    world: World, tess: Client, query: dict[str, str], path: str
) -> None:
    answer = send(tess, "get", url(world.practice_a.pk), query)
    assert answer.status_code == 422
    assert paths(answer) == [path]


def test_the_list_is_audited_and_reads_in_constant_queries(
    world: World, tess: Client, django_assert_max_num_queries: Any
) -> None:
    for n in range(30):
        intake = capture(
            world.practice_a,
            world.tess,
            call=call_data(caller_phone=f"(614) 555-{1000 + n}", caller_email=""),
            patient={"first_name": f"P{n}", "last_name": "Many", "date_of_birth": date(1990, 1, 1)},
        )
        if n % 3 == 0:
            book(intake, world.tess)
    capture(world.practice_b, world.olga)  # another practice's: never listed
    with django_assert_max_num_queries(12):
        answer = send(tess, "get", url(world.practice_a.pk), {"limit": 200})
    assert answer.data["count"] == 30
    assert len(answer.data["items"]) == 30
    audit = AuditEvent.objects.filter(object_type="intake", action="search").get()
    assert (audit.channel, audit.actor, audit.practice) == ("api", world.tess, world.practice_a)
    assert audit.summary == "Listed new patients (limit=200, offset=0): 30 shown (API)"


# ---- one intake --------------------------------------------------------------


def test_one_intake_with_its_call_and_moves_and_no_member_id(world: World, tess: Client) -> None:
    intake = book(intake_of(world), world.tess)
    answer = send(tess, "get", url(world.practice_a.pk, f"/{intake.pk}"))
    assert answer.status_code == 200, answer.data
    data = answer.data
    assert data["call"]["caller"] == {
        "name": "Nina Patel",
        "relation": "self",
        "phone": "(614) 555-0142",
        "email": "nina.patel@example.com",
    }
    assert data["call"]["started_at"] == "2026-11-02T14:00:00Z"
    assert data["call"]["ended_at"] == "2026-11-02T14:13:00Z"
    assert data["chief_concern"] == "I broke my front tooth and hate my smile"
    assert data["insurance"] == {
        "carrier": "",
        "subscriber": "",
        "group": "",
        "member_id_on_file": True,
    }
    assert [(m["from_stage"], m["to_stage"]) for m in data["moves"]] == [
        ("", "inquiry"),
        ("inquiry", "booked"),
        ("booked", "welcome_sent"),
    ]
    assert data["moves"][1]["note"] == "first visit booked"
    assert data["moves"][1]["at"] == "2026-11-02T14:14:00Z"
    assert data["moves"][0]["by"] == {"id": world.tess.pk, "name": "Tess Tester"}
    assert data["booked_at"] == "2026-11-02T14:14:00Z"
    assert MEMBER_ID.encode() not in answer.content
    assert "member_id" not in data["insurance"]
    audit = AuditEvent.objects.filter(action="view", object_type="intake").get()
    assert (audit.channel, audit.patient_id, audit.object_id) == (
        "api",
        intake.patient_id,
        str(intake.pk),
    )


# ---- capturing a call --------------------------------------------------------


def test_a_call_is_captured_with_its_new_patient(world: World, tess: Client) -> None:
    answer = send(tess, "post", url(world.practice_a.pk, "/calls"), call_body())
    assert answer.status_code == 201, answer.data
    [made] = answer.data["intakes"]
    intake = Intake.objects.select_related("patient", "call").get(pk=made["id"])
    assert answer.data["call_id"] == intake.call_id
    assert (intake.patient.first_name, intake.patient.last_name) == ("Nina", "Patel")
    assert intake.patient.mobile_phone == "(614) 555-0142"  # the caller's: it is her
    assert intake.patient.referral_source == "web"
    assert intake.insurance_member_id == MEMBER_ID
    assert (intake.stage, intake.urgency, intake.fears) == ("inquiry", "soon", "Needles")
    assert (intake.call.started_at, intake.call.ended_at) == (CALLED_AT, NOW)
    assert made["stage"] == "inquiry"
    assert made["stage_entered_at"] == "2026-11-02T14:20:00Z"
    assert made["insurance"]["member_id_on_file"] is True
    assert made["moves"][0]["note"] == "First call: Broken front tooth"
    assert MEMBER_ID.encode() not in answer.content
    ours = AuditEvent.objects.filter(channel="api", action="create", object_type="intake").get()
    assert ours.summary == "New patient: Inquiry (First call: Broken front tooth)"


def test_a_parent_calls_for_a_child_on_file_and_a_new_one(world: World, tess: Client) -> None:
    body = call_body(
        caller_name="Maria Lopez",
        caller_relation="parent",
        ended_at=(CALLED_AT + timedelta(minutes=15)).isoformat(),
        patients=[
            {"existing_patient_id": world.patient_a.pk, "chief_concern": "Crooked teeth"},
            {"first_name": "Luis", "last_name": "Lopez", "date_of_birth": "2015-06-01"},
        ],
    )
    patients_before = Patient.objects.count()
    answer = send(tess, "post", url(world.practice_a.pk, "/calls"), body)
    assert answer.status_code == 201, answer.data
    first, second = answer.data["intakes"]
    assert first["patient"]["id"] == world.patient_a.pk
    assert first["chief_concern"] == "Crooked teeth"
    assert second["patient"]["name"] == "Luis Lopez"
    assert Patient.objects.count() == patients_before + 1
    luis = Patient.objects.get(pk=second["patient"]["id"])
    assert luis.mobile_phone == ""  # the parent's phone stays the parent's
    assert first["call"]["ended_at"] == "2026-11-02T14:15:00Z"
    assert first["stage_entered_at"] == "2026-11-02T14:15:00Z"


def test_a_call_without_a_way_to_reach_the_caller_is_refused(world: World, tess: Client) -> None:
    before = written()
    body = call_body(caller_phone="  ", caller_email="")
    answer = send(tess, "post", url(world.practice_a.pk, "/calls"), body)
    assert answer.status_code == 422
    assert answer.data["errors"] == [
        {
            "path": "caller_phone",
            "message": "Give a phone number or an e-mail address to reach the caller.",
        }
    ]
    assert written() == before


def test_a_possible_duplicate_answers_409_and_nothing_is_written(
    world: World, tess: Client
) -> None:
    on_file = build_patient(
        world.practice_a, first_name="Nina", last_name="Patel", date_of_birth=date(1988, 4, 12)
    )
    calls, intakes, moves, patients, *_ = written()
    audits = AuditEvent.objects.count()
    answer = send(tess, "post", url(world.practice_a.pk, "/calls"), call_body())
    assert answer.status_code == 409, answer.data
    assert paths(answer) == ["patients[0]"]
    assert answer.data["errors"][0]["message"].startswith("This may be a patient already on file")
    [dup] = answer.data["duplicates"]
    assert dup["index"] == 0
    [candidate] = dup["patients"]
    assert (candidate["id"], candidate["name"], candidate["chart_number"]) == (
        on_file.pk,
        "Nina Patel",
        on_file.chart_number,
    )
    assert candidate["reasons"]
    assert written()[:4] == (calls, intakes, moves, patients)
    shown = AuditEvent.objects.order_by("-pk").first()
    assert AuditEvent.objects.count() == audits + 1  # the names shown, and nothing else
    assert (shown.action, shown.channel, shown.object_type) == ("search", "api", "patient")

    again = call_body()
    again["patients"][0]["not_a_duplicate"] = True
    created = send(tess, "post", url(world.practice_a.pk, "/calls"), again)
    assert created.status_code == 201, created.data
    assert created.data["intakes"][0]["patient"]["id"] != on_file.pk

    chosen = call_body(patients=[{"existing_patient_id": on_file.pk}])
    existing = send(tess, "post", url(world.practice_a.pk, "/calls"), chosen)
    assert existing.data["intakes"][0]["patient"]["id"] == on_file.pk


def test_bad_patients_are_refused_at_their_index(world: World, tess: Client) -> None:
    body = call_body(
        caller_relation="parent",
        patients=[
            {"existing_patient_id": world.patient_b.pk},
            {"first_name": "Luis", "date_of_birth": "2099-01-01", "mobile_phone": "12"},
            {"existing_patient_id": world.patient_a.pk, "first_name": "Ana"},
        ],
    )
    before = written()
    answer = send(tess, "post", url(world.practice_a.pk, "/calls"), body)
    assert answer.status_code == 422
    assert answer.data["errors"] == [
        {
            "path": "patients[0].existing_patient_id",
            "message": "Choose a patient of this practice.",
        },
        {"path": "patients[1].last_name", "message": "Give the patient's last name."},
        {
            "path": "patients[1].date_of_birth",
            "message": "The date of birth cannot be in the future.",
        },
        {
            "path": "patients[1].mobile_phone",
            "message": "Enter the mobile phone as 10 digits, for example (614) 555-0101.",
        },
        {
            "path": "patients[2].existing_patient_id",
            "message": "Choose a patient on file or give a new patient's details, not both.",
        },
    ]
    assert written() == before


def test_every_problem_of_a_call_is_named_at_once(world: World, tess: Client) -> None:
    body = call_body(
        caller_phone="",
        caller_email="",
        ended_at=(NOW + timedelta(minutes=5)).isoformat(),
        patients=[{"last_name": "Patel", "date_of_birth": "1988-04-12"}],
    )
    answer = send(tess, "post", url(world.practice_a.pk, "/calls"), body)
    assert answer.status_code == 422
    assert paths(answer) == ["caller_phone", "ended_at", "patients[0].first_name"]


@pytest.mark.parametrize(
    ("change", "path"),
    [
        ({"patients": []}, "patients"),
        ({"source": "tv"}, "source"),
        ({"reason": ""}, "reason"),
        ({"started_at": "2026-11-02T09:00:00"}, "started_at"),
        ({"started_at": (NOW + timedelta(minutes=1)).isoformat()}, "started_at"),
    ],
)
def test_a_call_with_a_bad_field_is_refused_there(
    world: World, tess: Client, change: dict[str, Any], path: str
) -> None:
    before = written()
    answer = send(tess, "post", url(world.practice_a.pk, "/calls"), call_body(**change))
    assert answer.status_code == 422, answer.data
    assert paths(answer) == [path]
    assert written() == before


# ---- moves -------------------------------------------------------------------


def move(client: Client, intake: Intake, to: str, reason: str = "") -> Any:
    body = {"to": to, "reason": reason} if reason else {"to": to}
    return send(client, "post", url(intake.practice_id, f"/{intake.pk}/moves"), body)


def test_confirmed_then_arrived(world: World, tess: Client) -> None:
    intake = book(intake_of(world), world.tess)
    confirmed = move(tess, intake, "confirmed", "by phone")
    assert confirmed.status_code == 200, confirmed.data
    assert confirmed.data["stage"] == "confirmed"
    assert confirmed.data["confirmed_at"] == "2026-11-02T14:20:00Z"
    assert confirmed.data["moves"][-1]["note"] == "by phone"
    assert confirmed.data["first_visit"]["status"] == "confirmed"
    arrived = move(tess, intake, "arrived")
    assert (arrived.data["stage"], arrived.data["arrived_at"]) == (
        "arrived",
        "2026-11-02T14:20:00Z",
    )
    ours = AuditEvent.objects.filter(channel="api", action="update", object_type="intake")
    assert list(ours.order_by("pk").values_list("summary", flat=True)) == [
        "New patient: Visit confirmed (by phone)",
        "New patient: Arrived",
    ]


def test_a_refused_move_answers_at_stage_in_words(world: World, tess: Client) -> None:
    intake = intake_of(world)
    before = written()
    answer = move(tess, intake, "arrived")
    assert answer.status_code == 422
    assert answer.data["errors"] == [
        {"path": "stage", "message": "There is no first visit waiting: book one first."}
    ]
    assert written() == before
    handed = book(intake, world.tess)
    for step in ("confirmed", "arrived"):
        move(tess, handed, step)
    refused = move(tess, handed, "closed", "moved away")
    assert refused.status_code == 422
    assert refused.data["errors"] == [
        {
            "path": "stage",
            "message": "Cannot close the inquiry: the patient is at “Arrived”.",
        }
    ]


def test_a_no_show_opens_a_call_to_rebook(world: World, tess: Client) -> None:
    intake = book(intake_of(world), world.tess)
    answer = move(tess, intake, "no_show")
    assert (answer.status_code, answer.data["stage"], answer.data["no_shows"]) == (
        200,
        "no_show",
        1,
    )
    task = Task.objects.get(patient=intake.patient)
    assert task.title == "Missed first visit: call Nina Patel to rebook"


def test_closing_needs_a_reason_and_reopening_brings_it_back(world: World, tess: Client) -> None:
    intake = intake_of(world)
    before = written()
    bare = move(tess, intake, "closed")
    assert bare.status_code == 422
    assert bare.data["errors"] == [
        {"path": "reason", "message": "Say why the patient is not coming."}
    ]
    assert written() == before
    closed = move(tess, intake, "closed", "Went to another office")
    assert (closed.data["stage"], closed.data["closed_reason"]) == (
        "closed",
        "Went to another office",
    )
    reopened = move(tess, intake, "inquiry")
    assert reopened.data["stage"] == "inquiry"
    assert [m["to_stage"] for m in reopened.data["moves"]] == ["inquiry", "closed", "inquiry"]


def test_back_to_inquiry_from_a_booked_visit_cancels_it(world: World, tess: Client) -> None:
    intake = book(intake_of(world), world.tess)
    visit_id = intake.first_visit_id
    bare = move(tess, intake, "inquiry")
    assert paths(bare) == ["reason"]
    answer = move(tess, intake, "inquiry", "Out of town that week")
    assert (answer.status_code, answer.data["stage"], answer.data["first_visit"]) == (
        200,
        "inquiry",
        None,
    )
    assert Appointment.objects.get(pk=visit_id).status == "cancelled"


def test_an_unknown_move_is_refused_at_to(world: World, tess: Client) -> None:
    intake = intake_of(world)
    answer = move(tess, intake, "handed_off")
    assert answer.status_code == 422
    assert paths(answer) == ["to"]


# ---- booking -----------------------------------------------------------------


def book_body(world: World, **overrides: Any) -> dict[str, Any]:
    body = {
        "provider_id": provider_of(world.practice_a).pk,
        "starts_at": "2026-11-10T10:00:00-05:00",
        "duration_minutes": 90,
    }
    return body | overrides


def test_booking_the_first_visit_sends_the_welcome_package(world: World, tess: Client) -> None:
    intake = intake_of(world)
    answer = send(tess, "post", url(world.practice_a.pk, f"/{intake.pk}/book"), book_body(world))
    assert answer.status_code == 200, answer.data
    visit = answer.data["first_visit"]
    assert (visit["starts_at"], visit["duration_minutes"]) == ("2026-11-10T15:00:00Z", 90)
    assert answer.data["stage"] == "welcome_sent"
    assert [m["to_stage"] for m in answer.data["moves"]] == ["inquiry", "booked", "welcome_sent"]
    assert Appointment.objects.get(pk=visit["id"]).starts_at == VISIT_AT


def test_booking_in_a_room_of_the_practice(world: World, tess: Client) -> None:
    intake = intake_of(world)
    room = Operatory.objects.filter(practice=world.practice_a).first()
    body = book_body(world, operatory_id=room.pk)
    answer = send(tess, "post", url(world.practice_a.pk, f"/{intake.pk}/book"), body)
    assert answer.status_code == 200, answer.data
    assert Appointment.objects.get(pk=answer.data["first_visit"]["id"]).operatory == room


@pytest.mark.parametrize(
    ("change", "errors"),
    [
        ({"starts_at": "2026-11-01T10:00:00-05:00"}, ["starts_at"]),
        ({"starts_at": "2026-11-10T10:00:00"}, ["starts_at"]),
        ({"provider_id": "theirs"}, ["provider_id"]),
        ({"operatory_id": "theirs"}, ["operatory_id"]),
        ({"provider_id": "theirs", "operatory_id": 999999}, ["provider_id", "operatory_id"]),
    ],
)
def test_a_bad_booking_is_refused_at_its_field(
    world: World, tess: Client, change: dict[str, Any], errors: list[str]
) -> None:
    intake = intake_of(world)
    if change.get("provider_id") == "theirs":
        change["provider_id"] = build_provider(world.practice_b).pk
    if change.get("operatory_id") == "theirs":
        change["operatory_id"] = Operatory.objects.create(practice=world.practice_b, name="B").pk
    before = written()
    body = book_body(world, **change)
    answer = send(tess, "post", url(world.practice_a.pk, f"/{intake.pk}/book"), body)
    assert answer.status_code == 422, answer.data
    assert paths(answer) == errors
    assert written() == before


# ---- conversion --------------------------------------------------------------


def _reach(world: World, n: int, source: str, step: str, *, at: Any = CALLED_AT) -> None:
    """An inquiry from `source` that went as far as `step`."""
    intake = capture(
        world.practice_a,
        world.tess,
        at=at,
        call=call_data(source=source, caller_phone=f"(614) 555-{2000 + n}", caller_email=""),
        patient={"first_name": f"C{n}", "last_name": "Funnel", "date_of_birth": date(1990, 1, 1)},
    )
    if step == "called":
        return
    book(intake, world.tess)
    if step == "booked":
        return
    Intake.objects.filter(pk=intake.pk).update(arrived_at=VISIT_AT)
    if step == "arrived":
        return
    case = case_create(
        acting_user=world.tess,
        patient=intake.patient,
        diagnosing_provider=provider_of(world.practice_a),
        title="Plan",
        case_type="new_patient",
        diagnosed_on=date(2026, 11, 10),
    )
    status = "accepted" if step == "accepted" else "pending"
    Case.objects.filter(pk=case.pk).update(status=status, presented_on=date(2026, 11, 10))
    Intake.objects.filter(pk=intake.pk).update(case=case)


def test_conversion_by_source_on_a_hand_computed_dataset(world: World, tess: Client) -> None:
    plan = [
        ("web", "called"),
        ("web", "booked"),
        ("web", "arrived"),
        ("web", "presented"),
        ("web", "accepted"),
        ("web", "accepted"),
        ("patient", "called"),
        ("patient", "booked"),
        ("patient", "accepted"),
        ("provider", "arrived"),
    ]
    for n, (source, step) in enumerate(plan):
        _reach(world, n, source, step)
    _reach(world, 50, "web", "accepted", at=CALLED_AT - timedelta(days=200))  # out of range
    capture(world.practice_b, world.olga)  # another practice's
    answer = send(tess, "get", url(world.practice_a.pk, "/conversion"))
    assert answer.status_code == 200, answer.data
    assert (answer.data["from"], answer.data["to"]) == ("2026-08-05", "2026-11-02")

    def table(source: str) -> list[tuple[str, int, str | None, str | None]]:
        [row] = [r for r in answer.data["sources"] if r["source"] == source]
        return [(s["step"], s["count"], s["of_calls"], s["of_previous"]) for s in row["steps"]]

    assert [r["source"] for r in answer.data["sources"]] == ["patient", "provider", "web", "all"]
    assert table("web") == [
        ("called", 6, "100.0", None),
        ("booked", 5, "83.3", "83.3"),
        ("arrived", 4, "66.7", "80.0"),
        ("presented", 3, "50.0", "75.0"),
        ("accepted", 2, "33.3", "66.7"),
    ]
    assert table("patient") == [
        ("called", 3, "100.0", None),
        ("booked", 2, "66.7", "66.7"),
        ("arrived", 1, "33.3", "50.0"),
        ("presented", 1, "33.3", "100.0"),
        ("accepted", 1, "33.3", "100.0"),
    ]
    assert table("provider") == [
        ("called", 1, "100.0", None),
        ("booked", 1, "100.0", "100.0"),
        ("arrived", 1, "100.0", "100.0"),
        ("presented", 0, "0.0", "0.0"),
        ("accepted", 0, "0.0", None),
    ]
    assert table("all") == [
        ("called", 10, "100.0", None),
        ("booked", 8, "80.0", "80.0"),
        ("arrived", 6, "60.0", "75.0"),
        ("presented", 4, "40.0", "66.7"),
        ("accepted", 3, "30.0", "75.0"),
    ]
    labels = {r["source"]: r["label"] for r in answer.data["sources"]}
    assert labels["all"] == "All sources"
    assert labels["provider"] == "Referring provider"


def test_conversion_of_chosen_days(world: World, tess: Client) -> None:
    _reach(world, 1, "web", "booked")
    _reach(world, 2, "web", "called", at=CALLED_AT - timedelta(days=3))
    answer = send(
        tess,
        "get",
        url(world.practice_a.pk, "/conversion"),
        {"from": "2026-10-30", "to": "2026-10-30"},
    )
    assert answer.status_code == 200, answer.data
    [web, every] = answer.data["sources"]
    assert (web["source"], web["calls"], every["calls"]) == ("web", 1, 1)
    assert web["steps"][1]["count"] == 0
    nothing = send(
        tess,
        "get",
        url(world.practice_a.pk, "/conversion"),
        {"from": "2026-01-01", "to": "2026-01-31"},
    )
    assert [(r["source"], r["calls"]) for r in nothing.data["sources"]] == [("all", 0)]
    assert nothing.data["sources"][0]["steps"][0]["of_calls"] is None


@pytest.mark.parametrize(
    ("query", "path"),
    [({"from": "2026-11-03", "to": "2026-11-02"}, "query.from"), ({"to": "soon"}, "query.to")],
)
def test_conversion_refuses_bad_days(
    world: World, tess: Client, query: dict[str, str], path: str
) -> None:
    answer = send(tess, "get", url(world.practice_a.pk, "/conversion"), query)
    assert answer.status_code == 422
    assert paths(answer) == [path]


# ---- the guard on every route ------------------------------------------------


@dataclass(frozen=True)
class Route:
    method: str
    tail: str  # "{id}" stands for the intake

    def url(self, intake: Intake, practice_id: int | None = None) -> str:
        return url(practice_id or intake.practice_id, self.tail.replace("{id}", str(intake.pk)))

    def body(self, world: World) -> Any:
        """A body the route parses, so a refusal is about who calls, not what they sent."""
        bodies = {
            "/calls": call_body(patients=[{"existing_patient_id": world.patient_a.pk}]),
            "/{id}/moves": {"to": "closed", "reason": "Moved away"},
            "/{id}/book": book_body(world),
        }
        return bodies.get(self.tail) if self.method == "post" else None


ROUTES = [
    Route("get", ""),
    Route("get", "/conversion"),
    Route("get", "/{id}"),
    Route("post", "/calls"),
    Route("post", "/{id}/moves"),
    Route("post", "/{id}/book"),
]
WRITES = [r for r in ROUTES if r.method == "post"]


def _id(route: Route) -> str:
    return f"{route.method} {route.tail or '/'}"


def bearer(user: Any) -> dict[str, str]:
    _, raw = api_token_create(acting_user=user, name="integration")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


@pytest.mark.parametrize("route", ROUTES, ids=_id)
def test_a_member_token_reaches_every_route(world: World, route: Route) -> None:
    """So the outsider's 404 below is the guard's doing, not a missing route."""
    intake = intake_of(world)
    answer = send(
        Client(), route.method, route.url(intake), route.body(world), **bearer(world.tess)
    )
    assert answer.status_code in (200, 201), answer.data


@pytest.mark.parametrize("route", ROUTES, ids=_id)
def test_an_outsider_gets_404_and_nothing_is_written(world: World, route: Route) -> None:
    intake = intake_of(world)
    token = bearer(world.olga)
    before = written()
    answer = send(Client(), route.method, route.url(intake), route.body(world), **token)
    assert answer.status_code == 404, answer.data
    assert answer.data == {"errors": [{"path": "", "message": "Not found."}]}
    assert written() == before


@pytest.mark.parametrize("route", ROUTES, ids=_id)
def test_an_outsider_naming_their_own_practice_gets_404(world: World, route: Route) -> None:
    intake = intake_of(world)
    where = route.url(intake, practice_id=world.practice_b.pk)
    answer = send(Client(), route.method, where, route.body(world), **bearer(world.olga))
    if "{id}" in route.tail:
        assert answer.status_code == 404, answer.data
    else:  # their own practice's list, conversion or call: not A's data
        assert answer.status_code != 404
        assert str(world.patient_a.pk) not in json.dumps(answer.data.get("items", []))


@pytest.mark.parametrize("route", WRITES, ids=_id)
def test_a_token_without_the_permission_gets_403(world: World, route: Route) -> None:
    intake = intake_of(world)
    token = bearer(world.doc)  # a provider: sees new patients, does not change them
    before = written()
    answer = send(Client(), route.method, route.url(intake), route.body(world), **token)
    assert answer.status_code == 403, answer.data
    assert answer.data["errors"] == [
        {"path": "", "message": "Your role cannot add and change patients."}
    ]
    assert written() == before


def test_a_provider_can_read(world: World) -> None:
    intake = intake_of(world)
    token = bearer(world.doc)
    for route in ROUTES:
        if route.method == "get":
            assert send(Client(), "get", route.url(intake), **token).status_code == 200


def test_signed_out_callers_get_401(world: World) -> None:
    intake = intake_of(world)
    for route in ROUTES:
        answer = send(Client(), route.method, route.url(intake), route.body(world))
        assert answer.status_code == 401, route
        assert answer.data["errors"][0]["path"] == ""


def test_an_unknown_intake_is_not_found(world: World, tess: Client) -> None:
    intake_of(world)
    assert send(tess, "get", url(world.practice_a.pk, "/999999")).status_code == 404
    assert (
        send(tess, "post", url(world.practice_a.pk, "/999999/moves"), {"to": "x"}).status_code
        == 404
    )


def test_a_token_writes_audited_as_api(world: World) -> None:
    intake = intake_of(world)
    answer = send(
        Client(),
        "post",
        url(world.practice_a.pk, f"/{intake.pk}/moves"),
        {"to": "closed", "reason": "Moved away"},
        **bearer(world.tess),
    )
    assert answer.status_code == 200, answer.data
    audit = AuditEvent.objects.filter(channel="api", action="update").get()
    assert (audit.actor, audit.patient_id) == (world.tess, intake.patient_id)
    assert audit.summary == "New patient: Closed (not coming) (Moved away)"


def test_the_openapi_document_lists_every_route(world: World, tess: Client) -> None:
    found = tess.get("/api/v1/openapi.json").json()["paths"]
    listed = {
        (method, where.removeprefix("/api/v1/practices/{practice_id}/new-patients"))
        for where, operations in found.items()
        for method, operation in operations.items()
        if "new patients" in operation["tags"]
    }
    assert listed == {
        ("get", ""),
        ("get", "/conversion"),
        ("get", "/{intake_id}"),
        ("post", "/calls"),
        ("post", "/{intake_id}/moves"),
        ("post", "/{intake_id}/book"),
    }
    calls = found["/api/v1/practices/{practice_id}/new-patients/calls"]["post"]
    assert set(calls["responses"]) >= {"201", "401", "403", "404", "409", "422"}
