"""The first call's screen: the guided form, its clock, saving a call, possible
duplicates before a new record, and who may take a call."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client

from casepath.audit.models import Action, AuditEvent
from casepath.core.intake import Stage
from casepath.intake.call_forms import read_start, sign_start
from casepath.intake.models import Call, Intake, IntakeMove
from casepath.patients.models import Patient
from tests.builders import build_patient
from tests.conftest import World, signed_in
from tests.intake.builders import CALLED_AT, call_data

URL = "/new-patients/call/"
DUPLICATES_URL = "/new-patients/call/duplicates/"
SAVED_AT = CALLED_AT + timedelta(minutes=13)
STEPS = [
    "Connect",
    "Who is it for",
    "How they heard of us",
    "Why they called",
    "Insurance",
    "Times and how to reach them",
]


@pytest.fixture
def clock() -> Iterator[Any]:
    with time_machine.travel(CALLED_AT, tick=False) as traveller:
        yield traveller


def nina(**overrides: Any) -> dict[str, str]:
    row = {
        "first_name": "Nina",
        "last_name": "Patel",
        "date_of_birth": "1988-04-12",
        "mobile_phone": "(614) 555-0142",
        "email": "nina.patel@example.com",
        "chief_concern": "I broke my front tooth and hate my smile",
        "urgency": "soon",
        "goals": "A natural-looking front tooth before my wedding in June",
        "fears": "Needles",
        "insurance_carrier": "Delta Dental",
        "insurance_subscriber": "Nina Patel",
        "insurance_member_id": "DD-778812",
        "insurance_group": "G-4410",
    }
    return row | overrides


def posted(started: str, rows: list[dict[str, str]], **call: Any) -> dict[str, str]:
    """The form as the browser sends it: the call, the signed start, the patient rows."""
    data: dict[str, str] = {
        "started": started,
        "action": "save",
        "p-TOTAL_FORMS": str(len(rows)),
        "p-INITIAL_FORMS": "0",
        "p-MIN_NUM_FORMS": "1",
        "p-MAX_NUM_FORMS": "4",
    }
    for name, value in call_data(**call).items():
        if value is True:
            data[name] = "on"
        elif value is not False:
            data[name] = str(value)
    for index, row in enumerate(rows):
        data |= {f"p-{index}-{name}": value for name, value in row.items()}
    return data


def started_token(client: Client) -> str:
    page = client.get(URL).content.decode()
    match = re.search(r'name="started" value="([^"]+)"', page)
    assert match, "the form carries the signed start of the call"
    return match.group(1)


def rows_written() -> tuple[int, int, int, int]:
    return (
        Call.objects.count(),
        Intake.objects.count(),
        IntakeMove.objects.count(),
        Patient.objects.count(),
    )


def test_the_form_shows_the_steps_in_order_and_a_clock(
    world: World, tess_client: Client, clock: Any
) -> None:
    response = tess_client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    positions = [page.index(f"</span> {step}</h2>") for step in STEPS]
    assert positions == sorted(positions)
    assert 'id="call-clock" role="timer"' in page and ">00:00<" in page
    assert "/static/intake/call.js" in page and "/static/intake/intake.css" in page
    assert "Ask what they would like their smile to look like" in page
    token = re.search(r'name="started" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    assert read_start(token, world.tess, CALLED_AT + timedelta(minutes=1)) == CALLED_AT
    assert read_start(token, world.fran, CALLED_AT + timedelta(minutes=1)) is None
    # The later steps name each patient; the template row for "Add another patient".
    assert 'id="row-template-who"' in page and "p-__prefix__-first_name" in page
    assert 'hx-post="/new-patients/call/duplicates/"' in page


def test_a_good_call_saves_the_call_the_patient_and_an_inquiry(
    world: World, tess_client: Client, clock: Any
) -> None:
    token = started_token(tess_client)
    clock.shift(timedelta(minutes=13))
    data = posted(
        token,
        [nina()],
        source="patient",
        source_detail="Maria Gomez",
        may_text=True,
        may_email=False,
        notes="Prefers Dr. Nunez",
    )
    response = tess_client.post(URL, data)

    call = Call.objects.get()
    intake = Intake.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/new-patients/{intake.pk}/"
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Call saved. Nina Patel: new patient inquiry."
    ]
    assert (call.started_at, call.ended_at, call.duration) == (
        CALLED_AT,
        SAVED_AT,
        timedelta(minutes=13),
    )
    assert (call.practice, call.taken_by) == (world.practice_a, world.tess)
    assert (call.caller_name, call.caller_relation) == ("Nina Patel", "self")
    assert (call.caller_phone, call.caller_email) == ("(614) 555-0142", "nina.patel@example.com")
    assert (call.source, call.source_detail) == ("patient", "Maria Gomez")
    assert (call.reason, call.preferred_times, call.notes) == (
        "Broken front tooth",
        "Mornings",
        "Prefers Dr. Nunez",
    )
    assert (call.may_call, call.may_text, call.may_email) == (True, True, False)

    assert (intake.call, intake.stage, intake.stage_entered_at) == (call, Stage.INQUIRY, SAVED_AT)
    assert intake.coordinator == world.tess
    assert intake.chief_concern == "I broke my front tooth and hate my smile"
    assert intake.goals == "A natural-looking front tooth before my wedding in June"
    assert (intake.fears, intake.urgency) == ("Needles", "soon")
    assert (intake.insurance_carrier, intake.insurance_subscriber, intake.insurance_group) == (
        "Delta Dental",
        "Nina Patel",
        "G-4410",
    )
    assert Intake.objects.get().insurance_member_id == "DD-778812"
    with connection.cursor() as cursor:
        cursor.execute("SELECT insurance_member_id FROM intake_intake WHERE id = %s", [intake.pk])
        stored = str(cursor.fetchone()[0])
    assert "DD-778812" not in stored and stored

    patient = intake.patient
    assert patient.practice == world.practice_a and patient != world.patient_a
    assert (patient.first_name, patient.last_name, patient.date_of_birth) == (
        "Nina",
        "Patel",
        date(1988, 4, 12),
    )
    assert (patient.mobile_phone, patient.email) == ("(614) 555-0142", "nina.patel@example.com")
    assert (patient.referral_source, patient.referral_detail) == ("patient", "Maria Gomez")
    assert (patient.sms_consent, patient.sms_consent_on) == (True, CALLED_AT.date())
    [move] = IntakeMove.objects.all()
    assert (move.from_stage, move.to_stage, move.at, move.by) == (
        "",
        "inquiry",
        SAVED_AT,
        world.tess,
    )


def test_a_parent_calls_for_two_children(world: World, tess_client: Client, clock: Any) -> None:
    token = started_token(tess_client)
    clock.shift(timedelta(minutes=15))
    first = nina(
        first_name="Leo",
        last_name="Brandt",
        date_of_birth="2015-06-01",
        mobile_phone="",
        email="",
        chief_concern="Crooked teeth",
        insurance_member_id="MB-1",
    )
    second = nina(
        first_name="Mia",
        last_name="Brandt",
        date_of_birth="2018-02-20",
        mobile_phone="",
        email="",
        chief_concern="A chipped tooth",
        urgency="pain",
        insurance_member_id="MB-2",
    )
    data = posted(
        token,
        [first, second],
        caller_name="Eva Brandt",
        caller_relation="parent",
        caller_phone="(614) 555-0199",
        caller_email="",
    )
    response = tess_client.post(URL, data)

    call = Call.objects.get()
    intakes = list(Intake.objects.order_by("pk"))
    assert response.status_code == 302
    assert response["Location"] == f"/new-patients/{intakes[0].pk}/"
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Call saved. Leo Brandt and Mia Brandt: new patient inquiry."
    ]
    assert [i.call for i in intakes] == [call, call]
    assert [(i.patient.first_name, i.chief_concern, i.urgency) for i in intakes] == [
        ("Leo", "Crooked teeth", "soon"),
        ("Mia", "A chipped tooth", "pain"),
    ]
    assert [i.insurance_member_id for i in intakes] == ["MB-1", "MB-2"]
    # A parent's number is not the child's own mobile phone.
    assert [i.patient.mobile_phone for i in intakes] == ["", ""]
    assert call.caller_relation == "parent"


def test_a_call_without_a_way_to_reach_the_caller_is_refused(
    world: World, tess_client: Client, clock: Any
) -> None:
    before = rows_written()
    data = posted(sign_start(CALLED_AT, world.tess), [nina()], caller_phone="", caller_email="")
    response = tess_client.post(URL, data)
    assert response.status_code == 200
    assert response.context["form"].errors["caller_phone"] == [
        "Give a phone number or an e-mail address to reach the caller."
    ]
    assert "The call is not saved yet" in response.content.decode()
    assert rows_written() == before


def test_bad_patient_details_are_shown_on_that_patients_row(
    world: World, tess_client: Client, clock: Any
) -> None:
    before = rows_written()
    rows = [
        nina(),
        nina(first_name="Raj", mobile_phone="555-01", date_of_birth="2031-01-01", email=""),
    ]
    response = tess_client.post(URL, posted(sign_start(CALLED_AT, world.tess), rows))
    assert response.status_code == 200
    first, second = response.context["rows"].forms
    assert first.errors == {}
    assert second.errors == {
        "mobile_phone": ["Enter the phone number as 10 digits, for example (614) 555-0101."],
        "date_of_birth": ["The date of birth cannot be in the future."],
    }
    assert rows_written() == before


def test_a_patient_row_needs_a_name_and_a_date_of_birth(
    world: World, tess_client: Client, clock: Any
) -> None:
    row = nina(first_name="", last_name="", date_of_birth="")
    response = tess_client.post(URL, posted(sign_start(CALLED_AT, world.tess), [row]))
    assert response.status_code == 200
    assert response.context["rows"].forms[0].errors == {
        "first_name": ["Give the patient's first name."],
        "last_name": ["Give the patient's last name."],
        "date_of_birth": ["Give the patient's date of birth."],
    }
    assert Call.objects.count() == 0


def test_a_possible_duplicate_is_shown_before_a_new_record_is_made(
    world: World, tess_client: Client, clock: Any
) -> None:
    token = sign_start(CALLED_AT, world.tess)
    before = rows_written()
    # Same last name and date of birth as Ana Lopez, another first name.
    row = nina(first_name="Anita", last_name="Lopez", date_of_birth="1985-04-12")
    response = tess_client.post(URL, posted(token, [row]))

    assert response.status_code == 200
    assert rows_written() == before
    form = response.context["rows"].forms[0]
    assert [(d.patient, d.reasons) for d in form.duplicates] == [
        (world.patient_a, ("same last name and date of birth",))
    ]
    assert form.non_field_errors() == [
        "This may be a patient already on file. Choose them, or say it is someone else."
    ]
    page = response.content.decode()
    assert "This may be a patient already on file." in page
    assert f'name="p-0-existing" value="{world.patient_a.pk}"' in page
    assert "Same last name and date of birth" in page
    assert "Not the same person: make a new record" in page
    assert AuditEvent.objects.filter(action=Action.SEARCH, object_type="patient").count() == 1

    # The TC asks, and it is someone else: a new record.
    response = tess_client.post(URL, posted(token, [row | {"not_a_duplicate": "on"}]))
    assert response.status_code == 302
    intake = Intake.objects.get()
    assert intake.patient != world.patient_a
    assert (intake.patient.first_name, intake.patient.last_name) == ("Anita", "Lopez")
    assert Patient.objects.count() == before[3] + 1


def test_the_same_phone_number_is_a_possible_duplicate(
    world: World, tess_client: Client, clock: Any
) -> None:
    row = nina(mobile_phone="614.555.0101")  # Ana Lopez's mobile
    response = tess_client.post(URL, posted(sign_start(CALLED_AT, world.tess), [row]))
    assert response.status_code == 200
    [found] = response.context["rows"].forms[0].duplicates
    assert (found.patient, found.reasons) == (world.patient_a, ("same phone number",))
    assert Call.objects.count() == 0


def test_choosing_the_patient_on_file_makes_no_new_patient(
    world: World, tess_client: Client, clock: Any
) -> None:
    patients = Patient.objects.count()
    row = nina(first_name="Ana", last_name="Lopez", date_of_birth="1985-04-12")
    row["existing"] = str(world.patient_a.pk)
    response = tess_client.post(URL, posted(sign_start(CALLED_AT, world.tess), [row]))
    assert response.status_code == 302
    intake = Intake.objects.get()
    assert intake.patient == world.patient_a
    assert intake.chief_concern == "I broke my front tooth and hate my smile"
    assert Patient.objects.count() == patients


def test_the_patient_on_file_or_a_new_record_not_both(
    world: World, tess_client: Client, clock: Any
) -> None:
    row = nina(last_name="Lopez", date_of_birth="1985-04-12", not_a_duplicate="on")
    row["existing"] = str(world.patient_a.pk)
    response = tess_client.post(URL, posted(sign_start(CALLED_AT, world.tess), [row]))
    assert response.status_code == 200
    assert response.context["rows"].forms[0].errors == {
        "not_a_duplicate": ["Choose one: the patient on file, or a new record."]
    }
    page = response.content.decode()
    assert f'value="{world.patient_a.pk}" id="p-0-existing-{world.patient_a.pk}" checked' in page
    assert Call.objects.count() == 0


def test_the_duplicates_fragment_lists_each_patient_with_the_reasons(
    world: World, tess_client: Client, clock: Any
) -> None:
    response = tess_client.post(
        DUPLICATES_URL,
        {"row": "p-1", "p-1-first_name": "Ana", "p-1-last_name": "lópez", "p-1-date_of_birth": ""},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Ana Lopez" in page and world.patient_a.chart_number in page
    assert "Same first and last name" in page
    assert f'name="p-1-existing" value="{world.patient_a.pk}"' in page
    assert 'name="p-1-not_a_duplicate"' in page
    assert "<html" not in page

    both = tess_client.get(
        DUPLICATES_URL,
        {
            "row": "p-0",
            "p-0-last_name": "Lopez",
            "p-0-date_of_birth": "1985-04-12",
            "p-0-mobile_phone": "(614) 555-0101",
        },
    ).content.decode()
    assert "Same last name and date of birth; same phone number" in both

    nobody = tess_client.post(DUPLICATES_URL, {"row": "p-0", "p-0-last_name": "Zimmer"})
    assert nobody.status_code == 200 and nobody.content.decode().strip() == ""
    half_a_date = tess_client.post(
        DUPLICATES_URL, {"row": "p-0", "p-0-last_name": "Lopez", "p-0-date_of_birth": "1985-04"}
    )
    assert half_a_date.status_code == 200 and "Ana Lopez" not in half_a_date.content.decode()
    assert tess_client.post(DUPLICATES_URL, {"row": "x-9"}).status_code == 400
    # Only showing patients is a read of patient data.
    assert AuditEvent.objects.filter(action=Action.SEARCH, object_type="patient").count() == 2


def test_the_duplicates_fragment_stays_small_with_many_matches(
    world: World, tess_client: Client, clock: Any, django_assert_max_num_queries: Any
) -> None:
    for n in range(15):
        build_patient(world.practice_a, first_name=f"Ana{n}", mobile_phone=f"(614) 555-02{n:02d}")
    with django_assert_max_num_queries(12):
        response = tess_client.post(
            DUPLICATES_URL,
            {"row": "p-0", "p-0-last_name": "Lopez", "p-0-date_of_birth": "1985-04-12"},
        )
    assert response.content.decode().count('name="p-0-existing"') == 10


def test_a_forged_start_is_ignored(world: World, tess_client: Client, clock: Any) -> None:
    clock.shift(timedelta(minutes=13))
    forged = [
        "2026-11-02T12:00:00+00:00",
        sign_start(CALLED_AT, world.tess)[:-3] + "abc",
        sign_start(CALLED_AT, world.fran),  # someone else's form
        sign_start(SAVED_AT - timedelta(hours=5), world.tess),  # a page left open
        sign_start(SAVED_AT + timedelta(minutes=5), world.tess),  # from the future
        "",
    ]
    for index, started in enumerate(forged):
        row = nina(
            last_name=["Adams", "Baker", "Clark", "Dunn", "Evans", "Fox"][index],
            date_of_birth=f"199{index}-01-01",
            mobile_phone="",
            email="",
        )
        data = posted(started, [row])
        assert tess_client.post(URL, data).status_code == 302
    starts = list(Call.objects.order_by("pk").values_list("started_at", "ended_at"))
    assert starts == [(SAVED_AT, SAVED_AT)] * len(forged)


def test_a_page_redrawn_after_a_refusal_keeps_the_start_and_the_clock(
    world: World, tess_client: Client, clock: Any
) -> None:
    token = started_token(tess_client)
    clock.shift(timedelta(minutes=4, seconds=7))
    response = tess_client.post(URL, posted(token, [nina()], caller_phone="", caller_email=""))
    page = response.content.decode()
    assert 'data-elapsed="247"' in page and ">04:07<" in page
    again = re.search(r'name="started" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    clock.shift(timedelta(minutes=8))
    assert tess_client.post(URL, posted(again, [nina()])).status_code == 302
    assert Call.objects.get().started_at == CALLED_AT


def test_add_another_patient_without_javascript(
    world: World, tess_client: Client, clock: Any
) -> None:
    data = posted(sign_start(CALLED_AT, world.tess), [nina()]) | {"action": "add_patient"}
    response = tess_client.post(URL, data)
    assert response.status_code == 200
    assert response.context["rows"].total_form_count() == 2
    page = response.content.decode()
    assert 'name="p-1-first_name"' in page and 'value="Nina"' in page
    assert Call.objects.count() == 0
    # Four at most: the button goes away.
    data |= {"p-TOTAL_FORMS": "4"}
    page = tess_client.post(URL, data).content.decode()
    assert 'name="p-3-first_name"' in page and 'name="p-4-first_name"' not in page
    assert 'id="add-patient" data-most="4" hidden' in page


def test_a_blank_added_row_is_left_out(world: World, tess_client: Client, clock: Any) -> None:
    data = posted(sign_start(CALLED_AT, world.tess), [nina(), {"urgency": "routine"}])
    assert tess_client.post(URL, data).status_code == 302
    assert Intake.objects.count() == 1


def test_an_outsider_cannot_choose_another_practices_patient(
    world: World, olga_client: Client, clock: Any
) -> None:
    before = rows_written()
    row = nina(first_name="Ana", last_name="Lopez", date_of_birth="1985-04-12")
    row["existing"] = str(world.patient_a.pk)
    response = olga_client.post(URL, posted(sign_start(CALLED_AT, world.olga), [row]))
    assert response.status_code == 200
    assert response.context["rows"].forms[0].errors == {
        "existing": ["Choose a patient of this practice."]
    }
    assert "Choose a patient of this practice." in response.content.decode()
    assert rows_written() == before

    found = olga_client.post(
        DUPLICATES_URL,
        {"row": "p-0", "p-0-last_name": "Lopez", "p-0-date_of_birth": "1985-04-12"},
    )
    assert found.status_code == 200 and "Lopez" not in found.content.decode()


def test_who_may_take_a_call(world: World, clock: Any) -> None:
    doc, fran = signed_in(world.doc), signed_in(world.fran)
    data = posted(sign_start(CALLED_AT, world.doc), [nina()])
    assert doc.post(URL, data).status_code == 403
    assert doc.get(URL).status_code == 403
    assert doc.post(DUPLICATES_URL, {"row": "p-0", "p-0-last_name": "Lopez"}).status_code == 403
    assert Call.objects.count() == 0
    assert fran.get(URL).status_code == 200
    assert Client().get(URL).status_code == 302
