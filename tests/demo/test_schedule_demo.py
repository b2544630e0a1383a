"""The demo's calendars and referrals (demo/schedule.py): working hours with a lunch break,
days off that no booked visit falls on, the default types and rules, a directory of eight
providers with valid NPIs, inbound referrals for the new patients a provider sent,
outbound referrals for parts of accepted cases along their lifecycle (one overdue), no
provider double-booked, and the same rows for the same seed.

Seeded once for the module on a Thursday (inside a transaction rolled back at the end).
The counts below were worked out by hand from the stories of demo/cases.py and
demo/intake.py and the tracks of demo/schedule.py for this seed and day.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from itertools import pairwise
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction
from django.test import override_settings

from casepath.cases.models import CaseImage, ImageKind, PlannedProcedure
from casepath.core.scheduling import DEFAULT_RULES, KIND_LABELS
from casepath.demo.generator import seed_database
from casepath.demo.schedule import schedule_for
from casepath.intake.models import Intake
from casepath.interop.fhir_predetermination import is_npi
from casepath.referrals.models import (
    Direction,
    Referral,
    ReferralStatus,
    ReferringProvider,
)
from casepath.referrals.services import FLOW
from casepath.scheduling.models import (
    AppointmentType,
    SequencingRule,
    TimeOff,
    WorkingHours,
)
from casepath.scheduling.selectors import visits
from casepath.tenancy.models import Practice, Provider, ProviderKind

AS_OF = date(2026, 4, 2)  # a Thursday
SEED = 3
ZONE = ZoneInfo("America/New_York")  # both demo practices
NOON = datetime.combine(AS_OF, time(12), ZONE)
S = ReferralStatus
SURGERY = "Oral and maxillofacial surgery"


@pytest.fixture(scope="module")
def seeded(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    with (
        django_db_blocker.unblock(),
        override_settings(CASEPATH_PUBLIC_URL="https://casepath.example"),
        transaction.atomic(),
    ):
        seed_database(patients_per_practice=40, seed=SEED, as_of=AS_OF)
        yield
        transaction.set_rollback(True)


pytestmark = pytest.mark.usefixtures("seeded", "db")


def practices() -> list[Practice]:
    return list(Practice.objects.order_by("pk"))


def in_house(practice: Practice, kind: str) -> list[Provider]:
    rows = Provider.objects.filter(practice=practice, kind=kind, is_external=False)
    return list(rows.order_by("pk"))


def week_of(provider: Provider) -> dict[int, list[tuple[str, str]]]:
    week: dict[int, list[tuple[str, str]]] = {}
    for row in WorkingHours.objects.filter(provider=provider).order_by("weekday", "starts"):
        week.setdefault(row.weekday, []).append((f"{row.starts:%H:%M}", f"{row.ends:%H:%M}"))
    return week


DAY = [("08:00", "12:00"), ("13:00", "17:00")]


def test_working_hours_with_a_lunch_break() -> None:
    for practice in practices():
        assert WorkingHours.objects.filter(practice=practice).count() == 50
        for dentist in in_house(practice, ProviderKind.DENTIST):
            assert week_of(dentist) == dict.fromkeys(range(5), DAY)
        first, second = in_house(practice, ProviderKind.HYGIENIST)
        assert week_of(first) == dict.fromkeys(range(5), DAY)
        assert week_of(second) == {1: DAY, 2: DAY, 3: DAY, 4: DAY, 5: [("08:00", "13:00")]}
        visiting = {
            p.specialty: week_of(p)
            for p in Provider.objects.filter(practice=practice, is_external=True)
        }
        surgery = [("08:00", "12:00"), ("13:00", "16:00")]
        assert visiting == {
            SURGERY: {1: surgery, 3: surgery},
            "Periodontics": {0: [("08:00", "12:00")], 2: [("08:00", "12:00")]},
            "Endodontics": {2: DAY, 4: DAY},
            "Orthodontics": {3: [("13:00", "18:00")]},
        }


def test_days_off_come_after_the_booked_weeks() -> None:
    for practice in practices():
        rows = list(TimeOff.objects.filter(practice=practice).select_related("provider"))
        assert len(rows) == 5
        closed = [r for r in rows if r.provider is None]
        assert [(r.starts_on, r.ends_on) for r in closed] == [(date(2026, 5, 1), date(2026, 5, 1))]
        assert all(r.reason for r in rows)
        assert all(r.starts_on > AS_OF + timedelta(days=14) for r in rows)
        vacation = next(r for r in rows if r.reason == "Vacation")
        assert (vacation.starts_on, vacation.ends_on) == (date(2026, 5, 18), date(2026, 5, 22))
        assert vacation.provider == in_house(practice, ProviderKind.DENTIST)[0]
        saturday = next(
            r for r in rows if r.provider == in_house(practice, ProviderKind.HYGIENIST)[1]
        )
        assert saturday.starts_on.weekday() == 5


def test_no_visit_falls_on_a_day_off() -> None:
    for practice in practices():
        off = list(TimeOff.objects.filter(practice=practice))
        for visit in visits(practice):
            day = visit.starts_at.astimezone(ZONE).date()
            for row in off:
                if row.provider_id in (None, visit.provider_id):
                    assert not row.starts_on <= day <= row.ends_on, (visit, row)


def test_no_provider_is_double_booked() -> None:
    for practice in practices():
        booked = list(visits(practice).order_by("provider_id", "starts_at", "pk"))
        assert len(booked) > 30
        for one, other in pairwise(booked):
            if one.provider_id == other.provider_id:
                assert one.ends_at <= other.starts_at, (one, other)


def test_default_types_and_rules() -> None:
    for practice in practices():
        rules = SequencingRule.objects.filter(practice=practice, is_active=True)
        assert sorted((r.before_kind, r.after_kind, r.min_days, r.max_days) for r in rules) == (
            sorted((r.before.value, r.after.value, r.min_days, r.max_days) for r in DEFAULT_RULES)
        )
        types = AppointmentType.objects.filter(practice=practice)
        assert types.count() == 13
        assert all(t.name == KIND_LABELS[t.kind] for t in types)


REFERRERS = {
    ("Dr. Maya Brooks", "Brooks Oral Surgery", SURGERY),
    ("Dr. Renee Park", "Park Orthodontics", "Orthodontics"),
    ("Dr. James Okafor", "Northside Family Medicine", "Family medicine"),
    ("Dr. Alan Reyes", "Reyes Family Dentistry", "General dentistry"),
}


def test_a_directory_of_eight_with_valid_npis() -> None:
    for practice in practices():
        listed = list(ReferringProvider.objects.filter(practice=practice))
        assert len(listed) == 8
        assert all(is_npi(p.npi) for p in listed)
        assert len({p.npi for p in listed}) == 8
        assert all(p.phone and p.email and p.address for p in listed)
        assert {(p.name, p.practice_name, p.specialty) for p in listed} >= REFERRERS
        # the outside specialists of the plans are in it: same person, specialty, NPI
        for specialist in Provider.objects.filter(practice=practice, is_external=True):
            entry = next(p for p in listed if p.npi == specialist.npi)
            assert entry.name == f"Dr. {specialist.first_name} {specialist.last_name}"
            assert entry.specialty == specialist.specialty


def referrals(practice: Practice, direction: str) -> list[Referral]:
    rows = Referral.objects.filter(practice=practice, direction=direction)
    return list(rows.select_related("other_provider", "case", "intake__call").order_by("pk"))


def test_inbound_referrals_for_the_new_patients_a_provider_sent() -> None:
    for practice in practices():
        inbound = referrals(practice, Direction.INBOUND)
        sent_by_provider = Intake.objects.filter(practice=practice, call__source="provider")
        assert len(inbound) == sent_by_provider.count() == 5
        for referral in inbound:
            intake = referral.intake
            assert intake is not None and intake.call.source == "provider"
            assert referral.patient_id == intake.patient_id
            named = f"{referral.other_provider.name}, {referral.other_provider.practice_name}"
            assert named == intake.call.source_detail
            assert referral.referred_on == intake.call.started_at.astimezone(ZONE).date()
            assert referral.expected_back_on is None
        assert Counter(r.status for r in inbound) == {S.CONSULTED: 4, S.SCHEDULED: 1}
        assert Counter(r.other_provider.name for r in inbound) == {
            "Dr. Renee Park": 2,
            "Dr. James Okafor": 2,
            "Dr. Maya Brooks": 1,
        }


def test_outbound_referrals_in_several_statuses() -> None:
    expected = (
        {S.RETURNED: 5, S.COMPLETED: 1, S.IN_TREATMENT: 4, S.CONSULTED: 1},
        {S.RETURNED: 4, S.COMPLETED: 1, S.IN_TREATMENT: 3, S.CONSULTED: 1, S.SCHEDULED: 1},
    )
    for practice, statuses in zip(practices(), expected, strict=True):
        outbound = referrals(practice, Direction.OUTBOUND)
        assert Counter(r.status for r in outbound) == statuses
        for referral in outbound:
            case = referral.case
            assert case is not None and referral.patient_id == case.patient_id
            assert referral.referred_on >= case.decided_on
            assert referral.expected_back_on is not None
            assert referral.expected_back_on >= referral.referred_on
            assert (referral.returned_on is not None) == (referral.status == S.RETURNED)
            covered = referral.procedures.values_list("procedure_id", flat=True)
            done = PlannedProcedure.objects.filter(pk__in=covered)
            assert done.count() >= 1
            for procedure in done.select_related("provider"):
                assert procedure.phase.option_id == case.accepted_option_id
                assert procedure.provider.is_external
                assert procedure.provider.npi == referral.other_provider.npi
                assert procedure.decision != "declined"
            xrays = CaseImage.objects.filter(case=case, kind=ImageKind.XRAY).count()
            assert referral.documents.count() == xrays
            assert all(d.content_type == "image/png" for d in referral.documents.all())


def overdue(practice: Practice) -> list[Referral]:
    return [
        r
        for r in referrals(practice, Direction.OUTBOUND)
        if r.status not in (S.COMPLETED, S.RETURNED, S.CANCELLED)
        if r.expected_back_on is not None and r.expected_back_on < AS_OF
    ]


def test_one_outbound_referral_is_overdue() -> None:
    for practice in practices():
        late = overdue(practice)
        assert len(late) == 1
        (referral,) = late
        assert referral.other_provider.specialty == "Periodontics"
        assert referral.expected_back_on == AS_OF - timedelta(days=6)
        assert referral.status == S.IN_TREATMENT
        assert "call" in referral.notes


def test_every_step_is_an_event_in_order_by_the_demo_clock() -> None:
    for practice in practices():
        for referral in Referral.objects.filter(practice=practice):
            events = list(referral.events.order_by("at", "pk"))
            way = FLOW[referral.direction]
            assert [e.status for e in events] == list(way[: len(events)])
            assert events[-1].status == referral.status
            assert referral.status_changed_at == events[-1].at
            times = [e.at for e in events]
            assert times == sorted(times) and len(set(times)) == len(times)
            assert times[-1] <= NOON
            assert all(e.by is not None for e in events)


def rows_of(practice: Practice) -> list[Any]:
    hours = WorkingHours.objects.filter(practice=practice)
    off = TimeOff.objects.filter(practice=practice)
    listed = ReferringProvider.objects.filter(practice=practice).order_by("pk")
    made = Referral.objects.filter(practice=practice).order_by("pk")
    return [
        sorted(hours.values_list("provider_id", "weekday", "starts", "ends")),
        list(
            off.order_by("starts_on", "pk").values_list(
                "provider_id", "starts_on", "ends_on", "reason"
            )
        ),
        list(listed.values_list("name", "practice_name", "specialty", "npi", "phone", "email")),
        [
            (
                r.direction,
                r.other_provider.npi,
                r.patient_id,
                r.case_id,
                r.intake_id,
                r.status,
                r.reason,
                r.referred_on,
                r.expected_back_on,
                r.returned_on,
                list(r.events.values_list("status", "at", "note")),
                list(r.procedures.values_list("procedure_id", flat=True)),
                list(r.documents.values_list("sha256", flat=True)),
            )
            for r in made
        ],
    ]


def test_same_seed_same_calendar_and_referrals() -> None:
    practice = practices()[0]
    seeded = rows_of(practice)
    with transaction.atomic():
        Referral.objects.filter(practice=practice).delete()
        ReferringProvider.objects.filter(practice=practice).delete()
        WorkingHours.objects.filter(practice=practice).delete()
        TimeOff.objects.filter(practice=practice).delete()
        made = schedule_for(
            practice, random.Random(f"{SEED}-schedule-{practice.short_code}"), AS_OF
        )
        again = rows_of(practice)
        transaction.set_rollback(True)
    assert made == 16  # 5 in, 11 out
    assert again == seeded
