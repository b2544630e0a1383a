"""Finding a patient: by name, phone, date of birth or chart number, in one indexed query."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection

from casepath.audit.models import Action, AuditEvent
from casepath.core.errors import CasepathError
from casepath.patients.models import Patient
from casepath.patients.selectors import patient_search, patient_search_query
from tests.builders import build_patient
from tests.conftest import World, signed_in


@pytest.fixture
def people(world: World) -> World:
    """Ana Lopez (from the world) plus a few neighbours in the alphabet and one elsewhere."""
    a = world.practice_a
    build_patient(
        a,
        first_name="Luis",
        last_name="Lopez",
        date_of_birth=date(1979, 1, 2),
        mobile_phone="",
        home_phone="614-555-0202",
    )
    build_patient(
        a,
        first_name="Ana",
        last_name="Lopes",
        date_of_birth=date(1992, 7, 8),
        mobile_phone="+1 (380) 555 0303",
    )
    build_patient(a, first_name="Lopa", last_name="Shah", mobile_phone="")
    build_patient(a, first_name="Omar", last_name="Núñez", status="inactive", mobile_phone="")
    build_patient(world.practice_b, first_name="Ana", last_name="Lopez")
    return world


def _names(text: str, world: World, **kwargs: bool) -> list[str]:
    return [
        f"{p.first_name} {p.last_name}" for p in patient_search(world.practice_a, text, **kwargs)
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("lop", ["Ana Lopes", "Ana Lopez", "Luis Lopez", "Lopa Shah"]),
        ("LOPEZ", ["Ana Lopez", "Luis Lopez"]),
        ("lopez, ana", ["Ana Lopez"]),
        ("Lopez,An", ["Ana Lopez"]),
        ("ana lopez", ["Ana Lopez"]),
        ("an lop", ["Ana Lopes", "Ana Lopez"]),
        ("shah", ["Lopa Shah"]),
        ("zzz", []),
    ],
)
def test_search_by_name(people: World, text: str, expected: list[str]) -> None:
    assert _names(text, people) == expected


def test_one_word_search_cut_at_a_limit_keeps_the_first_in_name_order(world: World) -> None:
    a = world.practice_a
    for first, last in [("Ann", "Wall"), ("Wanda", "Adams"), ("Bob", "Walker"), ("Walt", "Brown")]:
        build_patient(a, first_name=first, last_name=last)
    build_patient(a, first_name="Ray", preferred_name="Wally", last_name="Cole")
    found = [[p.last_name for p in patient_search(a, "wa", limit=n)] for n in (2, 3, 5)]
    assert found == [
        ["Adams", "Brown"],
        ["Adams", "Brown", "Cole"],
        ["Adams", "Brown", "Cole", "Walker", "Wall"],
    ]


@pytest.fixture
def turners(world: World) -> World:
    """William, who goes by Bill, and his brother Carl; a Bill Turner in practice B too."""
    a = world.practice_a
    build_patient(a, first_name="William", preferred_name="Bill", last_name="Turner")
    build_patient(a, first_name="Carl", last_name="Turner")
    build_patient(world.practice_b, first_name="William", preferred_name="Bill", last_name="Turner")
    return world


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("William Turner", ["William Turner"]),
        ("Turner, William", ["William Turner"]),
        ("turner, wi", ["William Turner"]),
        ("Bill Turner", ["William Turner"]),
        ("Turner, Bi", ["William Turner"]),
        ("wil", ["William Turner"]),
        ("bill", ["William Turner"]),
        ("turner", ["Carl Turner", "William Turner"]),  # in the order of the legal first name
    ],
)
def test_search_by_legal_or_preferred_first_name(
    turners: World, text: str, expected: list[str]
) -> None:
    assert _names(text, turners) == expected


def test_a_changed_preferred_name_is_searched_from_then_on(turners: World) -> None:
    bill = Patient.objects.get(practice=turners.practice_a, preferred_name="Bill")
    bill.preferred_name = "Will"
    bill.save()
    assert _names("will turner", turners) == ["William Turner"]
    assert _names("bill turner", turners) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("(614) 555-0101", ["Ana Lopez"]),
        ("614.555.0101", ["Ana Lopez"]),
        ("6145550202", ["Luis Lopez"]),
        ("+1 380 555 0303", ["Ana Lopes"]),
        ("380-555-0303", ["Ana Lopes"]),
    ],
)
def test_search_by_phone_in_any_format(people: World, text: str, expected: list[str]) -> None:
    assert _names(text, people) == expected


def test_search_by_phone_finds_every_phone_once_and_stays_in_the_practice(people: World) -> None:
    a, b = people.practice_a, people.practice_b
    build_patient(a, first_name="Mia", last_name="Work", mobile_phone="", work_phone="6145550909")
    both = {"mobile_phone": "(614) 555-0808", "home_phone": "614 555 0808"}
    build_patient(a, first_name="Ben", last_name="Both", **both)
    build_patient(b, first_name="Ben", last_name="Both", **both)
    build_patient(a, first_name="Ivy", last_name="Gone", status="inactive", work_phone="6145550808")
    assert _names("614-555-0909", people) == ["Mia Work"]
    assert _names("614-555-0808", people) == ["Ben Both"]
    assert _names("614-555-0808", people, include_inactive=True) == ["Ben Both", "Ivy Gone"]


def test_four_digits_are_not_a_phone_search(people: World) -> None:
    # core/patient_search.py: fewer than 7 digits read as a chart number, never a phone tail.
    assert _names("0101", people) == []


@pytest.mark.parametrize(
    "text", ["1985-04-12", "04/12/1985", "4/12/1985", "04-12-1985", "4.12.1985"]
)
def test_search_by_date_of_birth(people: World, text: str) -> None:
    assert _names(text, people) == ["Ana Lopez", "Lopa Shah"]


@pytest.mark.parametrize("text", ["RV-000001", "rv-000001", " rv-000001 "])
def test_search_by_chart_number(people: World, text: str) -> None:
    assert _names(text, people) == ["Ana Lopez"]


def test_inactive_patients_are_hidden_unless_asked(people: World) -> None:
    assert _names("nunez", people) == []
    assert _names("nunez", people, include_inactive=True) == ["Omar Núñez"]


def test_results_stay_in_the_practice(people: World) -> None:
    found = patient_search(people.practice_a, "lopez, ana")
    assert {p.practice_id for p in found} == {people.practice_a.pk}
    assert [p.chart_number for p in patient_search(people.practice_b, "lopez")] == ["HC-000002"]


@pytest.mark.parametrize("text", ["", "   ", "!!!", "02/30/1990"])
def test_unsearchable_text_names_the_q_field(people: World, text: str) -> None:
    with pytest.raises(CasepathError) as caught:
        patient_search(people.practice_a, text)
    assert caught.value.errors[0].path == "q"


def test_search_page_lists_matches_and_audits_the_text(
    people: World, django_assert_num_queries
) -> None:
    client = signed_in(people.tess)
    client.get("/patients/")  # warm the session
    with django_assert_num_queries(SEARCH_PAGE_QUERIES) as context:
        response = client.get("/patients/", {"q": "lopez, ana"})
    assert len(_patient_queries(context)) == 1
    html = response.content.decode()
    assert "1 patient found." in html and "Lopez, Ana" in html
    event = AuditEvent.objects.get(action=Action.SEARCH)
    assert (event.actor, event.practice, event.patient) == (people.tess, people.practice_a, None)
    assert "'lopez, ana'" in event.summary


def test_search_page_htmx_partial_and_inactive_box(people: World) -> None:
    client = signed_in(people.tess)
    response = client.get("/patients/", {"q": "nunez", "inactive": "1"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html and "Núñez, Omar" in html and "Inactive" in html
    assert "Núñez" not in client.get("/patients/", {"q": "nunez"}).content.decode()


def test_search_page_shows_the_error_and_writes_no_audit_row(people: World) -> None:
    response = signed_in(people.tess).get("/patients/", {"q": "!!!"})
    assert "has no letters or digits" in response.content.decode()
    assert not AuditEvent.objects.exists()


# Session, user, two-step devices, memberships (the admin check reads them): the fixed cost.
# Then ONE patient query and the audit insert (the idle timer saves at most once a minute).
SEARCH_PAGE_QUERIES = 6
API_SEARCH_QUERIES = 7  # the same, plus the API's own membership check for the URL's practice


def _patient_queries(context) -> list[str]:  # type: ignore[no-untyped-def]
    return [q["sql"] for q in context.captured_queries if '"patients_patient"' in q["sql"]]


def test_api_search_in_a_fixed_number_of_queries(people: World, django_assert_num_queries) -> None:
    client = signed_in(people.tess)
    client.get("/patients/")
    url = f"/api/v1/practices/{people.practice_a.pk}/patients"
    with django_assert_num_queries(API_SEARCH_QUERIES) as context:
        response = client.get(url, {"q": "lop"})
    assert len(_patient_queries(context)) == 1
    assert [p["last_name"] for p in response.json()] == ["Lopes", "Lopez", "Lopez", "Shah"]
    with django_assert_num_queries(API_SEARCH_QUERIES):
        client.get(url, {"q": "nunez", "include_inactive": "true"})
    assert AuditEvent.objects.filter(action=Action.SEARCH, channel="api").count() == 2


def test_api_search_with_bad_text_is_422_on_q(people: World) -> None:
    url = f"/api/v1/practices/{people.practice_a.pk}/patients"
    response = signed_in(people.tess).get(url, {"q": "02/30/1990"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["path"] == "q"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="EXPLAIN plans are PostgreSQL's")
@pytest.mark.parametrize(("text", "index"), [("lopez, ana", "patient_last_first"), ("lop", "")])
def test_name_search_uses_an_index_on_postgresql(people: World, text: str, index: str) -> None:
    _fill_practice(people, 3000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE patients_patient")
        cursor.execute("SET enable_seqscan = off")
    plan = patient_search_query(people.practice_a, text).explain()
    assert "Seq Scan on patients_patient" not in plan, plan
    name_lookups = [
        line for line in plan.splitlines() if "Index Cond" in line and "name_key" in line
    ]
    assert name_lookups, plan
    assert index in plan, plan


def _fill_practice(world: World, count: int) -> None:
    """Enough patients that the planner prefers the name index to the practice index."""
    rows = []
    for n in range(count):
        patient = Patient(
            practice=world.practice_a,
            organization_id=world.practice_a.organization_id,
            chart_number=f"RV-{100000 + n}",
            first_name=f"First{n % 97}",
            last_name=f"Family{n:05d}",
            date_of_birth=date(1950 + n % 60, 1 + n % 12, 1 + n % 28),
        )
        patient.refresh_search_keys()
        rows.append(patient)
    Patient.objects.bulk_create(rows)
