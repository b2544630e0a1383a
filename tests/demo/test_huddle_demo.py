"""The demo's huddle: the seed's day has patients over the threshold, some under it, one
accepted but not scheduled, and benefits running out.

Seeded once for the module on a spring day (inside a transaction rolled back at the
end): no calendar-year plan ends within 90 days, so a plan runs on a fiscal year.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client

from casepath.core.huddle import (
    DEFAULT_THRESHOLD,
    HUDDLE_KINDS,
    ProviderName,
    Stage,
    VisitKind,
    benefit_year_end,
    kind_from_reason,
    providers_named,
    read_schedule,
)
from casepath.demo.generator import seed_database
from casepath.estimates.models import Estimate
from casepath.huddle.models import ImportedVisit, ScheduleImport
from casepath.huddle.selectors import benefits_expiring_list, huddle_for_day, visit_kind
from casepath.insurance.models import Coverage, InsurancePlan
from casepath.patients.models import Patient
from casepath.scheduling.selectors import practice_zone, visits_between
from casepath.tenancy.middleware import SESSION_KEY
from casepath.tenancy.models import Practice, Provider

AS_OF = date(2026, 4, 2)  # a Thursday; calendar-year plans end in 273 days


@pytest.fixture(scope="module")
def seeded(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    with django_db_blocker.unblock(), transaction.atomic():
        seed_database(patients_per_practice=40, seed=3, as_of=AS_OF)
        yield
        transaction.set_rollback(True)


pytestmark = pytest.mark.usefixtures("seeded", "db")


def practices() -> list[Practice]:
    return list(Practice.objects.order_by("pk"))


def test_the_day_lists_hygiene_and_emergency_patients_over_the_threshold() -> None:
    for practice in practices():
        huddle = huddle_for_day(practice, AS_OF, threshold=DEFAULT_THRESHOLD)
        assert len(huddle.rows) == 5, practice
        assert [row.kind for row in huddle.rows].count(VisitKind.HYGIENE) == 4
        assert [row.kind for row in huddle.rows].count(VisitKind.EMERGENCY) == 1
        assert all(row.outstanding >= Decimal("1000.00") for row in huddle.rows)
        statuses = {line.case.status for row in huddle.rows for line in row.cases}
        assert {"accepted", "presented", "declined", "pending", "expired"} <= statuses
        assert any(row.patient_portion is not None for row in huddle.rows)
        assert any(row.benefits is not None for row in huddle.rows)


def test_one_listed_case_is_accepted_and_not_scheduled() -> None:
    for practice in practices():
        rows = huddle_for_day(practice, AS_OF, threshold=DEFAULT_THRESHOLD).rows
        waiting = [line for row in rows for line in row.cases if line.stage is Stage.UNSCHEDULED]
        assert [line.case.status for line in waiting] == ["accepted"]
        assert waiting[0].case.accepted_option is not None


def test_small_plans_are_counted_but_listed_only_under_a_lower_threshold() -> None:
    for practice in practices():
        huddle = huddle_for_day(practice, AS_OF, threshold=DEFAULT_THRESHOLD)
        assert huddle.patients_seen >= len(huddle.rows) + 4  # 2 small plans, 2 with none
        lower = huddle_for_day(practice, AS_OF, threshold=Decimal("200.00"))
        small = [row for row in lower.rows if row.outstanding < DEFAULT_THRESHOLD]
        assert sorted(row.outstanding for row in small) == [Decimal("215.00"), Decimal("445.00")]
        assert {row.kind for row in small} == {VisitKind.HYGIENE, VisitKind.EMERGENCY}
        assert {row.cases[0].case.status for row in small} == {"ready"}


def test_the_hygiene_visits_came_from_a_schedule_import() -> None:
    for practice in practices():
        [batch] = ScheduleImport.objects.filter(practice=practice)
        assert (batch.first_day, batch.last_day, batch.file_name) == (
            AS_OF,
            AS_OF,
            "schedule-2026-04-02.csv",
        )
        imported = list(ImportedVisit.objects.filter(schedule_import=batch).order_by("line"))
        assert batch.visits_added == len(imported) == 4 + 1 + 2
        assert {visit.kind for visit in imported} == {"hygiene"}
        starts = [visit.appointment.starts_at for visit in imported]
        assert starts == sorted(starts)
        assert [visit.line for visit in imported] == list(range(2, 2 + len(imported)))


def test_emergencies_were_booked_in_casepath_and_read_from_their_reason() -> None:
    for practice in practices():
        day = visits_between(practice, AS_OF, AS_OF, practice_zone(practice))
        emergencies = [v for v in day.select_related("huddle_visit") if not _imported(v)]
        emergencies = [v for v in emergencies if visit_kind(v) is VisitKind.EMERGENCY]
        assert len(emergencies) == 2
        assert all(kind_from_reason(v.reason) is VisitKind.EMERGENCY for v in emergencies)
        assert all(v.provider.kind == "dentist" for v in emergencies)


def _imported(visit: Any) -> bool:
    return hasattr(visit, "huddle_visit")


def test_nobody_is_booked_twice_and_no_provider_overlaps() -> None:
    for practice in practices():
        day = list(visits_between(practice, AS_OF, AS_OF, practice_zone(practice)))
        huddle = [v for v in day if visit_kind(v) in HUDDLE_KINDS]
        assert len({v.patient_id for v in huddle}) == len(huddle)
        for one in day:
            for other in day:
                if one.pk < other.pk and one.provider_id == other.provider_id:
                    apart = one.ends_at <= other.starts_at or other.ends_at <= one.starts_at
                    assert apart, (one, other)


def test_benefits_run_out_within_the_default_window() -> None:
    for practice in practices():
        listed = benefits_expiring_list(practice, as_of=AS_OF, within_days=90)
        assert listed.rows, practice
        for row in listed.rows:
            assert 44 <= row.expiring.days_left <= 75
            assert row.expiring.remaining > 0 and row.expiring.outstanding > 0
            assert row.expiring.year_ends == benefit_year_end(AS_OF, row.benefits.start_month)


def test_the_fiscal_year_plan_was_estimated_again() -> None:
    fiscal = InsurancePlan.objects.exclude(benefit_year_start_month=1)
    assert list(fiscal.values_list("benefit_year_start_month", flat=True)) == [6, 6]
    covered = Coverage.objects.filter(plan__in=fiscal).values("patient_id")
    estimates = Estimate.objects.filter(patient_id__in=covered, status="open")
    assert estimates.exists()
    assert set(estimates.values_list("as_of", flat=True)) == {AS_OF}
    assert all(e.response["as_of"] == AS_OF.isoformat() for e in estimates)


def test_small_plans_are_dated_to_a_recall_visit_before_the_day() -> None:
    for row in huddle_for_day(practices()[0], AS_OF, threshold=Decimal("1.00")).rows:
        for line in row.cases:
            case = line.case
            assert case.diagnosed_on < AS_OF and case.diagnosed_on.weekday() < 5
            if line.fee < DEFAULT_THRESHOLD:
                assert AS_OF - case.diagnosed_on <= timedelta(days=23)
                assert {e.created_at.date() for e in case.events.all()} == {case.diagnosed_on}


def test_the_tc_opens_the_huddle_its_printable_page_and_benefits_expiring() -> None:
    practice = practices()[0]
    huddle = huddle_for_day(practice, AS_OF, threshold=DEFAULT_THRESHOLD)
    client = Client()
    client.force_login(get_user_model().objects.get(username="tc"))
    session = client.session
    session[SESSION_KEY] = practice.pk
    session.save()
    morning = datetime.combine(AS_OF, time(7, 30), practice_zone(practice))
    with time_machine.travel(morning, tick=False):
        day = client.get("/huddle/").content.decode()
        printed = client.get("/huddle/print/").content.decode()
        expiring = client.get("/huddle/benefits-expiring/").content.decode()
    assert "Huddle for Thursday, April 2, 2026" in day
    assert f"of {huddle.patients_seen} in hygiene and emergency visits" in day
    assert f"{len(huddle.rows)} of {huddle.patients_seen}." in printed
    for html in (day, printed):
        assert "Not scheduled (Accepted)" in html and "Not accepted (Declined)" in html
        assert all(row.patient.display_name in html for row in huddle.rows)
    listed = benefits_expiring_list(practice, as_of=AS_OF, within_days=90)
    assert f"{len(listed.rows)} patient" in expiring
    assert "May 31, 2026" in expiring


def test_the_user_guide_example_names_riverside_patients_and_providers() -> None:
    guide = (Path(__file__).parents[2] / "docs/user/huddle.md").read_text()
    example = guide.split("```csv\n")[1].split("```")[0]
    schedule = read_schedule(example)
    assert (len(schedule.rows), schedule.problems) == (4, ())
    riverside = Practice.objects.get(short_code="RV")
    charts = {row.chart_number for row in schedule.rows}
    assert Patient.objects.filter(practice=riverside, chart_number__in=charts).count() == 4
    staff = Provider.objects.filter(practice=riverside, is_external=False, is_active=True)
    names = [ProviderName(p.pk, p.first_name, p.last_name, p.npi) for p in staff]
    assert all(len(providers_named(row.provider, names)) == 1 for row in schedule.rows)
    assert [row.kind.value for row in schedule.rows] == ["hygiene", "hygiene", "emergency", "other"]
