"""Referral figures on a hand-made dataset: counts, conversion % and value per referring
provider, outbound outcomes per specialist, the date range, the CSV, constant queries."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from casepath.audit.models import Action, AuditEvent
from casepath.cases.models import Case, CaseOption, CasePhase, CaseType, PlannedProcedure
from casepath.patients.models import Patient
from casepath.referrals.figures import (
    Figures,
    InboundRow,
    OutboundRow,
    default_range,
    referral_figures,
)
from casepath.referrals.models import Direction, Referral, ReferringProvider
from casepath.tenancy.models import Practice, Provider
from tests.builders import build_patient
from tests.conftest import World, signed_in
from tests.intake.builders import capture, new_patient

NOW = datetime.fromisoformat("2026-03-20T15:00:00+00:00")  # 11:00 in New York
TODAY = date(2026, 3, 20)
START, END = date(2025, 3, 21), TODAY
CHEN = "Dr. Mia Chen (Chen Family Dentistry)"
PARK = "Dr. Sun Park (Park Dental)"
REYES = "Dr. Alan Reyes (Reyes Oral Surgery)"
KIM = "Dr. Jo Kim"


@pytest.fixture(autouse=True)
def frozen_now() -> Iterator[Any]:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def provider(practice: Practice, name: str, practice_name: str = "") -> ReferringProvider:
    return ReferringProvider.objects.create(
        practice=practice, name=name, practice_name=practice_name
    )


def referral(
    other: ReferringProvider,
    patient: Patient,
    *,
    direction: str = Direction.INBOUND,
    status: str = "received",
    on: date = date(2026, 1, 15),
    expected: date | None = None,
    **fields: Any,
) -> Referral:
    return Referral.objects.create(
        practice=other.practice,
        direction=direction,
        other_provider=other,
        patient=patient,
        reason="Implant consult",
        status=status,
        status_changed_at=NOW,
        referred_on=on,
        expected_back_on=expected,
        **fields,
    )


def case_of(
    patient: Patient,
    *,
    status: str,
    procedures: Sequence[tuple[str, str, str]] = (),
    presented_on: date | None = None,
    diagnosed_on: date = date(2026, 1, 20),
) -> Case:
    """A case whose one option holds `procedures` (fee, discount, decision); accepted
    (that option) when its status is accepted or later."""
    dentist = Provider.objects.filter(practice=patient.practice).first()
    case = Case.objects.create(
        practice=patient.practice,
        patient=patient,
        title="Missing lower left molar",
        case_type=CaseType.NEW_PATIENT,
        diagnosing_provider=dentist,
        diagnosed_on=diagnosed_on,
        status=status,
        presented_on=presented_on,
    )
    option = CaseOption.objects.create(practice=patient.practice, case=case, name="Implant")
    phase = CasePhase.objects.create(practice=patient.practice, option=option, name="Phase 1")
    for fee, discount, decision in procedures:
        PlannedProcedure.objects.create(
            practice=patient.practice,
            phase=phase,
            case=case,
            code="D6010",
            fee=Decimal(fee),
            discount=Decimal(discount),
            decision=decision,
        )
    if status in ("accepted", "scheduled", "in_progress", "completed"):
        case.accepted_option = option
        case.save()
    return case


@dataclass
class Dataset:
    chen: ReferringProvider
    park: ReferringProvider
    reyes: ReferringProvider
    kim: ReferringProvider


def dataset(world: World) -> Dataset:
    """Referred to us, in the range:
    Chen: R1 (case C1 accepted: 1,500.00 less 100.00, 1,234.56, a declined 300.00 and a
    50.00 with a 60.00 discount: 2,634.56), R2 (a new patient who arrived, no case), R3
    (case presented, not accepted) -> 3 referred, 3 came, 2 presented, 1 accepted, 33.3%,
    $2,634.56.
    Park: R4 (nothing yet), R5 (no case named: the patient's case diagnosed after the
    referral, completed: 1,000.00 less 199.95 and 799.95 -> 1,600.00), R7 (the same case C1
    as R1) -> 3 referred, 2 came, 2 presented, 2 accepted, 66.7%, $4,234.56.
    All: 6 referred, 5 came, 4 presented, 3 accepted, 50.0%, $4,234.56 (C1 counted once).
    Left out: Chen's referral before the range, practice B's referral.

    Referred out (today March 20, 2026): Reyes: sent and overdue, completed (expected back
    before today: not overdue), returned, cancelled (past expected: not overdue) -> 4, 2,
    1, 1. Kim: in treatment (back later), scheduled (no day), consulted and past -> 3, 0,
    0, 1. Left out: one to Reyes before the range."""
    a = world.practice_a
    chen = provider(a, "Dr. Mia Chen", "Chen Family Dentistry")
    park = provider(a, "Dr. Sun Park", "Park Dental")
    reyes = provider(a, "Dr. Alan Reyes", "Reyes Oral Surgery")
    kim = provider(a, "Dr. Jo Kim")
    p1 = world.patient_a
    c1 = case_of(
        p1,
        status="accepted",
        presented_on=date(2026, 2, 1),
        procedures=[
            ("1500.00", "100.00", "accepted"),
            ("1234.56", "0.00", "accepted"),
            ("300.00", "0.00", "declined"),
            ("50.00", "60.00", "accepted"),
        ],
    )
    referral(chen, p1, case=c1)
    arrived = capture(a, world.tess, patient=new_patient(first_name="Rae"))
    arrived.arrived_at = NOW - timedelta(days=30)
    arrived.save()
    referral(chen, arrived.patient, intake=arrived)
    p3 = build_patient(a, first_name="Cy", last_name="Three")
    c3 = case_of(p3, status="presented", presented_on=date(2026, 2, 2), procedures=[])
    referral(chen, p3, case=c3)
    referral(park, build_patient(a, first_name="Di", last_name="Four"))
    p5 = build_patient(a, first_name="Ed", last_name="Five")
    case_of(p5, status="completed", diagnosed_on=date(2025, 12, 1), presented_on=None)
    c5 = Case.objects.get(patient=p5)
    phase = CasePhase.objects.get(option__case=c5)
    for fee, discount in (("1000.00", "199.95"), ("799.95", "0.00")):
        PlannedProcedure.objects.create(
            practice=a,
            phase=phase,
            case=c5,
            code="D6058",
            fee=Decimal(fee),
            discount=Decimal(discount),
            decision="accepted",
        )
    referral(park, p5, on=date(2025, 11, 30))
    referral(park, p1, case=c1, on=date(2026, 2, 10))
    referral(chen, p1, on=date(2025, 3, 20))  # the day before the range
    b_provider = provider(world.practice_b, "Dr. Mia Chen", "Chen Family Dentistry")
    referral(b_provider, world.patient_b)
    out = {"direction": Direction.OUTBOUND}
    past, later = date(2026, 3, 1), date(2026, 4, 30)
    referral(reyes, p1, status="sent", expected=past, **out)
    referral(reyes, p1, status="completed", expected=date(2026, 2, 1), **out)
    referral(reyes, p1, status="returned", expected=past, returned_on=past, **out)
    referral(reyes, p1, status="cancelled", expected=past, **out)
    referral(kim, p1, status="in_treatment", expected=later, **out)
    referral(kim, p1, status="scheduled", **out)
    referral(kim, p1, status="consulted", expected=date(2026, 3, 19), **out)
    referral(reyes, p1, status="sent", expected=past, on=date(2025, 1, 5), **out)
    return Dataset(chen, park, reyes, kim)


def test_the_figures_of_a_hand_made_dataset(world: World) -> None:
    made = dataset(world)

    shown = referral_figures(world.practice_a, start=START, end=END, today=TODAY)

    assert shown.inbound == (
        InboundRow(made.chen.pk, CHEN, 3, 3, 2, 1, Decimal("2634.56")),
        InboundRow(made.park.pk, PARK, 3, 2, 2, 2, Decimal("4234.56")),
    )
    assert shown.inbound_total == InboundRow(
        None, "All referring providers", 6, 5, 4, 3, Decimal("4234.56")
    )
    assert [r.conversion for r in (*shown.inbound, shown.inbound_total)] == [
        Decimal("33.3"),
        Decimal("66.7"),
        Decimal("50.0"),
    ]
    assert shown.outbound == (
        OutboundRow(made.reyes.pk, REYES, 4, 2, 1, 1),
        OutboundRow(made.kim.pk, KIM, 3, 0, 0, 1),
    )
    assert shown.outbound_total == OutboundRow(None, "All specialists", 7, 2, 1, 2)


def test_the_range_includes_both_days(world: World) -> None:
    made = dataset(world)

    one_day = referral_figures(
        world.practice_a, start=date(2025, 3, 20), end=date(2025, 3, 20), today=TODAY
    )
    empty = referral_figures(
        world.practice_a, start=date(2020, 1, 1), end=date(2020, 12, 31), today=TODAY
    )

    assert one_day.inbound == (InboundRow(made.chen.pk, CHEN, 1, 1, 1, 1, Decimal("2634.56")),)
    assert one_day.outbound == ()
    assert empty.inbound == () and empty.outbound == ()
    assert empty.inbound_total == InboundRow(
        None, "All referring providers", 0, 0, 0, 0, Decimal("0.00")
    )
    assert empty.inbound_total.conversion is None
    assert empty.outbound_total == OutboundRow(None, "All specialists", 0, 0, 0, 0)


def test_the_default_range_is_the_last_12_months() -> None:
    assert default_range(TODAY) == (START, END)
    assert default_range(date(2024, 2, 29)) == (date(2023, 3, 1), date(2024, 2, 29))


def test_the_figures_read_in_constant_queries(world: World, django_assert_num_queries: Any) -> None:
    dataset(world)
    with django_assert_num_queries(4):
        small = referral_figures(world.practice_a, start=START, end=END, today=TODAY)

    chen = ReferringProvider.objects.get(practice=world.practice_a, name="Dr. Mia Chen")
    for n in range(15):
        patient = build_patient(world.practice_a, first_name=f"More{n}")
        accepted = case_of(patient, status="accepted", procedures=[("100.00", "0.00", "accepted")])
        referral(provider(world.practice_a, f"Dr. New {n}"), patient, case=accepted)
        referral(chen, patient, direction=Direction.OUTBOUND, status="sent")
    with django_assert_num_queries(4):
        large = referral_figures(world.practice_a, start=START, end=END, today=TODAY)

    assert large.inbound_total.referred == small.inbound_total.referred + 15
    assert large.inbound_total.value == small.inbound_total.value + Decimal("1500.00")


def test_the_page_shows_the_last_12_months(
    world: World, django_assert_max_num_queries: Any
) -> None:
    dataset(world)
    client = signed_in(world.doc)

    with django_assert_max_num_queries(12):
        answer = client.get(reverse("referrals:figures"))

    assert answer.status_code == 200
    shown: Figures = answer.context["figures"]
    assert (shown.start, shown.end) == (START, END)
    page = answer.content.decode()
    assert "$2,634.56" in page and "$4,234.56" in page and "66.7%" in page
    assert CHEN in page and REYES in page


def test_bad_dates_are_shown_again_with_the_reason(world: World) -> None:
    answer = signed_in(world.tess).get(
        reverse("referrals:figures"), {"from": "2026-03-01", "to": "2026-02-01"}
    )

    assert answer.status_code == 200
    assert answer.context["figures"] is None
    assert answer.context["form"].errors == {
        "to": ["Choose an end date on or after the start date."]
    }


def test_the_csv_download_is_audited_as_an_export(world: World) -> None:
    dataset(world)

    answer = signed_in(world.tess).get(
        reverse("referrals:figures"),
        {"from": START.isoformat(), "to": END.isoformat(), "format": "csv"},
    )

    assert answer.status_code == 200
    assert answer["Content-Type"] == "text/csv; charset=utf-8"
    assert answer["Content-Disposition"] == (
        'attachment; filename="referrals-RV-20250321-20260320.csv"'
    )
    rows = list(csv.reader(io.StringIO(answer.content.decode())))
    assert rows == [
        [
            "Referring provider",
            "Referred",
            "Came",
            "Case presented",
            "Accepted",
            "Conversion %",
            "Value",
        ],
        [CHEN, "3", "3", "2", "1", "33.3", "2634.56"],
        [PARK, "3", "2", "2", "2", "66.7", "4234.56"],
        ["All referring providers", "6", "5", "4", "3", "50.0", "4234.56"],
        [],
        ["Specialist", "Referred out", "Completed", "Returned", "Overdue"],
        [REYES, "4", "2", "1", "1"],
        [KIM, "3", "0", "0", "1"],
        ["All specialists", "7", "2", "1", "2"],
    ]
    audit = AuditEvent.objects.get(action=Action.EXPORT)
    assert audit.actor == world.tess
    assert audit.object_type == "referral figures"
    assert audit.summary == (
        "Exported referral figures, referrals 03/21/2025 to 03/20/2026 (6 in, 7 out)"
    )


def test_an_outsider_sees_only_their_own_practice(world: World) -> None:
    dataset(world)

    answer = signed_in(world.olga).get(reverse("referrals:figures"))

    assert answer.status_code == 200
    shown: Figures = answer.context["figures"]
    assert shown.inbound_total.referred == 1
    assert shown.outbound_total.sent == 0
    assert "Dr. Sun Park" not in answer.content.decode()


def test_signed_out_users_are_sent_to_sign_in(world: World) -> None:
    from django.test import Client

    answer = Client().get(reverse("referrals:figures"))

    assert answer.status_code == 302
    assert answer["Location"].startswith(reverse("accounts:login"))
