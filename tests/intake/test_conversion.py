"""Conversion by source on a hand-computed dataset: ten new patients called in the range
(web 4, patient referral 3, referring provider 3), taken as far as the funnel goes
through the real services (cases presented and accepted with the cases services), one
call outside the range and one of the other practice.

    source    called booked arrived presented accepted
    web          4      3      2        1         1      (one visit booked then cancelled)
    patient      3      2      1        1         0      (one inquiry closed)
    provider     3      3      3        2         1
    all         10      8      6        4         2
"""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casepath.audit.models import Action, AuditEvent
from casepath.cases import plan_services, presentation_services
from casepath.cases import services as case_services
from casepath.core.cases import CaseStatus
from casepath.core.intake import Stage, Step
from casepath.intake import services, visit_services
from casepath.intake.conversion import conversion_by_source, default_range, furthest_step
from casepath.intake.models import Intake
from tests.conftest import World, signed_in
from tests.estimates.builders import schedule
from tests.intake.builders import (
    CALLED_AT,
    VISIT_AT,
    book,
    call_data,
    capture,
    new_patient,
    provider_of,
    take_to,
)

TODAY = datetime.fromisoformat("2026-11-20T17:00:00+00:00")  # noon in New York
URL = "/new-patients/conversion/"

# (source, how far) per new patient, in the order they are made.
DATASET = [
    ("web", "called"),
    ("web", "cancelled"),
    ("web", "arrived"),
    ("web", "accepted"),
    ("patient", "closed"),
    ("patient", "booked"),
    ("patient", "presented"),
    ("provider", "arrived"),
    ("provider", "presented"),
    ("provider", "accepted"),
]
EXPECTED = {
    # source: calls | booked, arrived, case presented, accepted: each its count, % of calls
    # and % of the step before ("-" when there is nothing to divide by)
    "patient": "3 | 2 66.7 66.7 | 1 33.3 50.0 | 1 33.3 100.0 | 0 0.0 0.0",
    "provider": "3 | 3 100.0 100.0 | 3 100.0 100.0 | 2 66.7 66.7 | 1 33.3 50.0",
    "web": "4 | 3 75.0 75.0 | 2 50.0 66.7 | 1 25.0 50.0 | 1 25.0 100.0",
    "all": "10 | 8 80.0 80.0 | 6 60.0 75.0 | 4 40.0 66.7 | 2 20.0 50.0",
}


def _new(
    world: World, n: int, source: str, *, at: datetime = CALLED_AT, practice: Any = None
) -> Intake:
    practice = practice or world.practice_a
    user = world.tess if practice == world.practice_a else world.olga
    return capture(
        practice,
        user,
        call=call_data(source=source, caller_phone=f"(614) 555-{n:04d}", caller_email=""),
        patient=new_patient(
            first_name=f"Pat{n}",
            last_name=f"Source{n}",
            date_of_birth=date(1980, 1, 1) + timedelta(days=n),
        ),
        at=at,
    )


def _case_for(world: World, intake: Intake, *, accept: bool) -> None:
    """The provider opens a case for the handed-off patient (the receiver links it),
    the TC presents it, and the patient accepts it when `accept`."""
    tess = world.tess
    case = case_services.case_create(
        acting_user=world.doc,
        patient=intake.patient,
        diagnosing_provider=provider_of(world.practice_a),
        title="Front tooth",
        case_type="new_patient",
        diagnosed_on=VISIT_AT.date(),
    )
    option = plan_services.option_add(acting_user=tess, case=case, name="Crown", recommended=True)
    plan_services.procedure_add(
        acting_user=tess, phase=option.phases.get(), code="D2740", tooth="8"
    )
    case_services.case_move(acting_user=tess, case=case, to="ready")
    presentation_services.present_case(
        acting_user=tess, case=case, mode="in_person", today=date(2026, 11, 12), now=TODAY
    )
    if accept:
        case_services.case_accept(
            acting_user=tess, case=case, option_id=option.pk, decided_on=date(2026, 11, 12)
        )


def _walk(world: World, intake: Intake, how_far: str) -> None:
    tess = world.tess
    if how_far == "called":
        return
    if how_far == "closed":
        services.intake_close(
            intake=intake,
            reason="Found a dentist nearer home",
            acting_user=tess,
            now=CALLED_AT + timedelta(days=1),
        )
    elif how_far == "booked":
        book(intake, tess)
    elif how_far == "cancelled":
        book(intake, tess)
        visit_services.visit_cancel(
            intake=intake,
            acting_user=tess,
            now=CALLED_AT + timedelta(days=2),
            reason="Away that week",
        )
    elif how_far == "arrived":
        take_to(intake, Stage.ARRIVED, tess)
    else:
        intake = take_to(intake, Stage.HANDED_OFF, tess)
        _case_for(world, intake, accept=how_far == "accepted")


@pytest.fixture
def dataset(world: World) -> World:
    with time_machine.travel(TODAY, tick=False):
        schedule(world.practice_a, "Office fees", "office", {"D2740": "1250.00"})
        for n, (source, how_far) in enumerate(DATASET, start=1):
            _walk(world, _new(world, n, source), how_far)
        # Called in July (outside the last 90 days), booked and arrived.
        early = _new(world, 90, "web", at=datetime.fromisoformat("2026-07-01T14:00:00+00:00"))
        take_to(early, Stage.ARRIVED, world.tess)
        # The other practice's inquiry.
        _new(world, 91, "web", practice=world.practice_b)
    return world


def _figures(rows: Any) -> dict[str, str]:
    def percent(value: Any) -> str:
        return "-" if value is None else str(value)

    return {
        row.source: " | ".join(
            [
                str(row.funnel.calls),
                *(
                    f"{s.count} {percent(s.of_calls)} {percent(s.of_previous)}"
                    for s in row.funnel.steps[1:]
                ),
            ]
        )
        for row in rows
    }


def test_the_steps_of_each_new_patient_are_what_is_on_file(dataset: World) -> None:
    intakes = {i.patient.first_name: i for i in Intake.objects.select_related("case", "patient")}
    assert intakes["Pat2"].stage == Stage.INQUIRY and intakes["Pat2"].booked_at is not None
    assert intakes["Pat5"].stage == Stage.CLOSED
    assert intakes["Pat7"].case.status == CaseStatus.PRESENTED
    assert intakes["Pat7"].case.presented_on == date(2026, 11, 12)
    assert intakes["Pat10"].case.status == CaseStatus.ACCEPTED
    assert intakes["Pat10"].stage == Stage.CASE_CREATED


def test_conversion_per_source_and_all_is_the_hand_computed_one(dataset: World) -> None:
    shown = conversion_by_source(
        dataset.practice_a, start=date(2026, 8, 23), end=date(2026, 11, 20)
    )

    assert [row.source for row in shown.rows] == ["patient", "provider", "web", "all"]
    assert [row.label for row in shown.rows] == [
        "Patient referral",
        "Referring provider",
        "Web search or website",
        "All sources",
    ]
    assert _figures(shown.rows) == EXPECTED
    assert shown.calls == 10


def test_the_date_range_counts_only_calls_inside_it(dataset: World) -> None:
    practice = dataset.practice_a
    july = conversion_by_source(practice, start=date(2026, 7, 1), end=date(2026, 7, 1))
    july_only = "1 | 1 100.0 100.0 | 1 100.0 100.0 | 0 0.0 0.0 | 0 0.0 -"
    assert _figures(july.rows) == {"web": july_only, "all": july_only}
    both = conversion_by_source(practice, start=date(2026, 7, 1), end=date(2026, 11, 2))
    assert both.calls == 11
    after = conversion_by_source(practice, start=date(2026, 11, 3), end=date(2026, 11, 20))
    assert [row.source for row in after.rows] == ["all"]
    assert after.calls == 0


@time_machine.travel(TODAY, tick=False)
def test_the_range_is_in_the_practice_days(world: World) -> None:
    # 11:30 pm on November 19 in New York is already November 20 in UTC.
    _new(world, 1, "campaign", at=datetime.fromisoformat("2026-11-20T04:30:00+00:00"))
    practice = world.practice_a
    for day, calls in ((date(2026, 11, 19), 1), (date(2026, 11, 20), 0)):
        assert conversion_by_source(practice, start=day, end=day).calls == calls


def test_the_other_practice_counts_only_its_own(dataset: World) -> None:
    shown = conversion_by_source(dataset.practice_b, start=date(2026, 1, 1), end=date(2026, 12, 31))
    called_only = "1 | 0 0.0 0.0 | 0 0.0 - | 0 0.0 - | 0 0.0 -"
    assert _figures(shown.rows) == {"web": called_only, "all": called_only}


def test_furthest_step_reads_the_case_first() -> None:
    at = CALLED_AT
    assert furthest_step(None, None, None, None) == Step.CALLED
    assert furthest_step(at, None, None, None) == Step.BOOKED
    assert furthest_step(at, at, None, "draft") == Step.ARRIVED
    assert furthest_step(at, at, None, "ready") == Step.ARRIVED
    assert furthest_step(at, at, date(2026, 11, 12), "ready") == Step.PRESENTED
    assert furthest_step(at, at, None, "declined") == Step.PRESENTED
    assert furthest_step(at, at, None, "pending") == Step.PRESENTED
    for status in ("accepted", "scheduled", "in_progress", "completed"):
        assert furthest_step(at, at, date(2026, 11, 12), status) == Step.ACCEPTED


def test_default_range_is_the_last_90_days() -> None:
    assert default_range(date(2026, 11, 20)) == (date(2026, 8, 23), date(2026, 11, 20))


# The page


def _cell(html: str, source: str, step: str) -> str:
    row = html.split(f'data-source="{source}"', 1)[1].split("</tr>", 1)[0]
    return " ".join(row.split(f'data-step="{step}">', 1)[1].split("</td>", 1)[0].split())


@time_machine.travel(TODAY, tick=False)
def test_the_page_shows_the_last_90_days_by_default(
    dataset: World, tess_client: Client, django_assert_max_num_queries: Any
) -> None:
    assert reverse("intake:conversion") == URL
    with django_assert_max_num_queries(12):
        response = tess_client.get(URL)

    assert response.status_code == 200
    form = response.context["form"]
    assert (form["from"].value(), form["to"].value()) == (date(2026, 8, 23), date(2026, 11, 20))
    assert response.context["conversion"].calls == 10
    html = response.content.decode()
    assert "10 new patients called from Aug 23, 2026 to Nov 20, 2026." in html
    assert _cell(html, "web", "called") == '<strong class="count">4</strong>'
    assert _cell(html, "web", "arrived") == (
        '<strong class="count">2</strong> <br><span class="muted of-calls">50.0% of calls</span> '
        '<br><span class="muted of-previous">66.7% of the step before</span>'
    )
    assert '<strong class="count">2</strong>' in _cell(html, "all", "accepted")
    assert "20.0% of calls" in _cell(html, "all", "accepted")
    assert "<strong>All sources</strong>" in html
    assert "from=2026-08-23&amp;to=2026-11-20&amp;format=csv" in html


@time_machine.travel(TODAY, tick=False)
def test_a_chosen_range(dataset: World, tess_client: Client) -> None:
    response = tess_client.get(URL, {"from": "2026-07-01", "to": "2026-07-31"})
    assert response.status_code == 200
    assert response.context["conversion"].calls == 1
    assert [r.source for r in response.context["conversion"].rows] == ["web", "all"]


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize(
    ("query", "field", "words"),
    [
        ({"from": "2026-13-01", "to": "2026-11-20"}, "from", "Enter a valid date."),
        (
            {"from": "2026-11-20", "to": "2026-11-01"},
            "to",
            "Choose an end date on or after the start date.",
        ),
        ({"from": "2026-11-01"}, "to", "This field is required."),
    ],
)
def test_bad_dates_are_named(
    world: World, tess_client: Client, query: dict[str, str], field: str, words: str
) -> None:
    response = tess_client.get(URL, query)
    assert response.status_code == 200
    assert response.context["form"].errors == {field: [words]}
    assert response.context["conversion"] is None
    assert "Correct the dates to see the figures." in response.content.decode()
    # Asking the CSV with bad dates exports nothing.
    again = tess_client.get(URL, query | {"format": "csv"})
    assert again.status_code == 200 and again["Content-Type"].startswith("text/html")
    assert not AuditEvent.objects.filter(action=Action.EXPORT).exists()


@time_machine.travel(TODAY, tick=False)
def test_csv_download_is_the_table_and_is_audited(dataset: World, tess_client: Client) -> None:
    response = tess_client.get(URL, {"from": "2026-08-23", "to": "2026-11-20", "format": "csv"})

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="new-patients-RV-20260823-20261120.csv"'
    )
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == [
        "Source",
        "Called",
        "Booked",
        "Booked % of calls",
        "Booked % of step before",
        "Arrived",
        "Arrived % of calls",
        "Arrived % of step before",
        "Case presented",
        "Case presented % of calls",
        "Case presented % of step before",
        "Accepted",
        "Accepted % of calls",
        "Accepted % of step before",
    ]
    assert [",".join(row) for row in rows[1:]] == [
        "Patient referral,3,2,66.7,66.7,1,33.3,50.0,1,33.3,100.0,0,0.0,0.0",
        "Referring provider,3,3,100.0,100.0,3,100.0,100.0,2,66.7,66.7,1,33.3,50.0",
        "Web search or website,4,3,75.0,75.0,2,50.0,66.7,1,25.0,50.0,1,25.0,100.0",
        "All sources,10,8,80.0,80.0,6,60.0,75.0,4,40.0,66.7,2,20.0,50.0",
    ]
    export = AuditEvent.objects.get(action=Action.EXPORT)
    assert export.practice == dataset.practice_a and export.actor == dataset.tess
    assert export.object_type == "new-patient conversion"
    assert export.summary == (
        "Exported new-patient conversion by source, calls 08/23/2026 to 11/20/2026 (10)"
    )


@time_machine.travel(TODAY, tick=False)
def test_an_empty_percentage_is_blank_in_the_csv(world: World, tess_client: Client) -> None:
    _new(world, 1, "web")
    rows = list(csv.reader(io.StringIO(tess_client.get(URL, {"format": "csv"}).content.decode())))
    assert ",".join(rows[1]) == "Web search or website,1,0,0.0,0.0,0,0.0,,0,0.0,,0,0.0,"


@time_machine.travel(TODAY, tick=False)
def test_the_page_reads_in_constant_queries(world: World, tess_client: Client) -> None:
    _new(world, 1, "web")
    tess_client.get(URL)  # the first request of a session reads a little more
    with CaptureQueriesContext(connection) as one:
        tess_client.get(URL)
    for n in range(2, 30):
        _new(world, n, ["web", "patient", "provider", "campaign"][n % 4])
    with CaptureQueriesContext(connection) as many:
        response = tess_client.get(URL)
    assert response.context["conversion"].calls == 29
    assert len(many) == len(one)


@time_machine.travel(TODAY, tick=False)
def test_the_outsider_sees_only_their_practice(dataset: World, olga_client: Client) -> None:
    response = olga_client.get(URL)
    assert response.status_code == 200
    assert response.context["conversion"].calls == 1
    rows = list(csv.reader(io.StringIO(olga_client.get(URL, {"format": "csv"}).content.decode())))
    assert [r[:2] for r in rows[1:]] == [["Web search or website", "1"], ["All sources", "1"]]


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize("who", ["fran", "doc", "mona"])
def test_every_staff_member_sees_conversion(world: World, who: str) -> None:
    assert signed_in(getattr(world, who)).get(URL).status_code == 200


def test_signed_out_goes_to_sign_in(world: World, client: Client) -> None:
    response = client.get(URL)
    assert response.status_code == 302 and "next=" in response["Location"]


def test_percentages_are_decimals(dataset: World) -> None:
    shown = conversion_by_source(
        dataset.practice_a, start=date(2026, 8, 23), end=date(2026, 11, 20)
    )
    assert shown.rows[-1].funnel.steps[3].of_previous == Decimal("66.7")
