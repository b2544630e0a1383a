"""The demo's year of presented cases: every month has presented and accepted cases,
decisions agree with each case's status, payments are on accepted cases only, and the
acceptance report has something to show under every cut.

The demo (with its stories) is seeded once for the module inside a transaction rolled
back at the end, then each practice's year is written as the generator does.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.db import transaction
from django.db.models import F, Sum

from casepath.cases.models import Case, PlannedProcedure
from casepath.core.cases import ACCEPTED_OR_LATER, CaseStatus
from casepath.core.metrics import Cut, PresenterRule
from casepath.demo import reports
from casepath.demo.generator import seed_database
from casepath.followups.models import Task, TaskStatus
from casepath.payments.models import Payment, PaymentSource
from casepath.reports.models import MetricSettings
from casepath.reports.selectors import acceptance_report, metric_settings
from casepath.tenancy.models import Practice

AS_OF = date(2026, 11, 2)
SEED = 3


FIELDS = (
    "patient_id",
    "title",
    "status",
    "presented_on",
    "decided_on",
    "first_presenter_id",
    "last_presenter_id",
    "acceptance",
)


@pytest.fixture(scope="module")
def seeded(django_db_setup: Any, django_db_blocker: Any) -> Iterator[dict[str, Any]]:
    with django_db_blocker.unblock(), transaction.atomic():
        seed_database(patients_per_practice=40, seed=SEED, as_of=AS_OF)
        before = set(Case.objects.values_list("pk", flat=True))
        made = {
            p.short_code: reports.history_for(p, random.Random(f"{SEED}-reports"), AS_OF)
            for p in Practice.objects.order_by("pk")
        }
        yield {"before": before, "made": made}
        transaction.set_rollback(True)


pytestmark = pytest.mark.usefixtures("db")


def history(seeded: dict[str, Any]) -> Any:
    return Case.objects.exclude(pk__in=seeded["before"])


def last_twelve_months() -> list[date]:
    first = AS_OF.replace(day=1)
    months = []
    for _ in range(12):
        first = (first - timedelta(days=1)).replace(day=1)
        months.append(first)
    return months


def test_each_practice_presents_and_accepts_in_each_of_the_last_twelve_months(
    seeded: dict[str, Any],
) -> None:
    assert set(seeded["made"]) == {"RV", "HC"} and all(n > 120 for n in seeded["made"].values())
    for practice in Practice.objects.all():
        cases = Case.objects.filter(practice=practice)
        for month in last_twelve_months():
            end = (month + timedelta(days=31)).replace(day=1) - timedelta(days=1)
            presented = cases.filter(presented_on__range=(month, end))
            assert presented.count() >= 10, (practice, month)
            assert presented.filter(status__in=ACCEPTED_OR_LATER).exists(), (practice, month)


def test_presenters_are_the_practices_tcs_and_dates_in_order(seeded: dict[str, Any]) -> None:
    for case in history(seeded):
        assert case.first_presenter_id and case.last_presenter_id
        assert case.presented_on.weekday() < 5
        assert case.diagnosed_on <= case.presented_on <= AS_OF
        if case.decided_on is not None:
            assert case.presented_on <= case.decided_on <= AS_OF
    hillcrest = history(seeded).filter(practice__short_code="HC")
    assert hillcrest.exclude(first_presenter=F("last_presenter")).exists()
    decided = history(seeded).filter(status__in=ACCEPTED_OR_LATER)
    same_day = [c for c in decided if c.decided_on == c.presented_on]
    assert 0 < len(same_day) < decided.count()


def test_decisions_agree_with_each_status(seeded: dict[str, Any]) -> None:
    for case in history(seeded).select_related("accepted_option"):
        rows = PlannedProcedure.objects.filter(case=case)
        decisions = set(rows.values_list("decision", flat=True))
        if case.status in ACCEPTED_OR_LATER:
            option = case.accepted_option
            assert option is not None and option.case_id == case.pk
            chosen = set(rows.filter(phase__option=option).values_list("decision", flat=True))
            assert "accepted" in chosen and chosen <= {"accepted", "declined"}
            assert (case.acceptance == "part") == ("declined" in chosen)
            others = rows.exclude(phase__option=option)
            assert set(others.values_list("decision", flat=True)) <= {"undecided"}
        elif case.status == CaseStatus.DECLINED:
            assert decisions == {"declined"} and case.decline_reason and case.decline_detail
        else:
            assert decisions == {"undecided"} and case.accepted_option is None
            waited = (AS_OF - case.presented_on).days > 30
            assert (case.status == CaseStatus.EXPIRED) == waited
    assert history(seeded).filter(accepted_option__is_recommended=False).exists()
    reasons = set(history(seeded).values_list("decline_reason", flat=True)) - {""}
    assert len(reasons) >= 5


def test_payments_only_on_accepted_cases_some_imported_one_refund(
    seeded: dict[str, Any],
) -> None:
    for practice in Practice.objects.all():
        paid = Payment.objects.filter(practice=practice)
        assert paid.filter(source=PaymentSource.IMPORTED, batch__isnull=False).exists()
        assert paid.filter(source=PaymentSource.ENTERED).exists()
        assert paid.filter(amount__lt=0).count() == 1
        statuses = set(paid.values_list("case__status", flat=True))
        assert statuses <= {"scheduled", "in_progress", "completed"}
        for row in paid.values("case").annotate(total=Sum("amount")):
            case = Case.objects.get(pk=row["case"])
            accepted = PlannedProcedure.objects.filter(
                phase__option=case.accepted_option, decision="accepted"
            ).aggregate(s=Sum("fee"))["s"]
            assert Decimal(0) < row["total"] <= accepted
        for payment in paid.select_related("case"):
            assert payment.case.decided_on <= payment.received_on <= AS_OF


def test_follow_up_calls_done_on_some_cases(seeded: dict[str, Any]) -> None:
    calls = Task.objects.filter(case__in=history(seeded), status=TaskStatus.DONE)
    assert calls.count() >= 20
    for task in calls.select_related("case"):
        assert task.due_at.date() >= task.case.presented_on and task.closed_at


def test_metric_settings_per_practice(seeded: dict[str, Any]) -> None:
    rules = {s.practice.short_code: s.presenter_rule for s in MetricSettings.objects.all()}
    assert rules == {"RV": "first", "HC": "last"}
    hillcrest = Practice.objects.get(short_code="HC")
    assert metric_settings(hillcrest).presenter_rule is PresenterRule.LAST


def test_the_acceptance_report_has_every_cut(seeded: dict[str, Any]) -> None:
    for practice in Practice.objects.all():
        start = last_twelve_months()[-1]
        end = AS_OF.replace(day=1) - timedelta(days=1)
        report = acceptance_report([practice], start, end, metric_settings(practice), as_of=AS_OF)
        assert report.total.presented.cases >= 120
        accepted = report.total.accepted
        assert min(m.cases for m in accepted.values()) > 0
        assert report.total.collected_usd > 0 and report.total.followed_up_cases > 0
        for cut in Cut:
            if cut is not Cut.TOTAL:
                assert report.breakdowns[cut], (practice, cut)
        assert len(report.breakdowns[Cut.MONTH]) >= 12
        assert len(report.breakdowns[Cut.TC]) >= 2
        assert len(report.breakdowns[Cut.CASE_TYPE]) >= 4


def test_same_seed_same_year(seeded: dict[str, Any]) -> None:
    """Told again with the same seed, the year is the same (its patients aside: the
    first telling's patients now have cases, so others are chosen)."""
    riverside = Practice.objects.get(short_code="RV")
    told = history(seeded).filter(practice=riverside).order_by("pk")
    first = [row[1:] for row in told.values_list(*FIELDS)]
    with transaction.atomic():
        mark = Case.objects.order_by("-pk").values_list("pk", flat=True).first()
        reports.history_for(riverside, random.Random(f"{SEED}-reports"), AS_OF)
        again = Case.objects.filter(pk__gt=mark).order_by("pk").values_list(*FIELDS)
        assert [row[1:] for row in again] == first
        transaction.set_rollback(True)
