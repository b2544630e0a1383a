"""A changed fee schedule or plan re-estimates, in the background, the open estimates using it."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from casepath.estimates.models import Estimate, ReestimateRun, RunStatus
from casepath.estimates.requests import ProcedureLine
from casepath.estimates.runs import reestimate_run
from casepath.estimates.services import estimate_close, estimate_create
from casepath.insurance.services import fee_set, plan_update
from tests.builders import build_patient
from tests.conftest import World
from tests.estimates.builders import AS_OF, insured
from tests.insurance.coverage_builders import build_coverage, build_plan

CROWN = ProcedureLine(code="D2740", tooth="30")


def crown_estimate(world: World, patient: Any, title: str = "Crown") -> Estimate:
    return estimate_create(
        acting_user=world.tess, patient=patient, title=title, lines=[CROWN], as_of=AS_OF
    )


def run_worker() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


@pytest.mark.django_db(transaction=True)
def test_an_office_fee_change_re_estimates_in_the_background(world: World) -> None:
    on_file = insured(world)
    saved = crown_estimate(world, on_file.patient)
    fee_set(
        schedule=on_file.office, code="D2740", amount=Decimal("1300.00"), acting_user=world.mona
    )
    run = ReestimateRun.objects.get()
    assert run.status == RunStatus.QUEUED and DBTaskResult.objects.count() == 1
    saved.refresh_from_db()
    assert saved.fee_total == Decimal("1250.00")  # not yet: the worker has not run
    run_worker()
    run.refresh_from_db()
    saved.refresh_from_db()
    assert (run.status, run.estimates_total, run.estimates_done, run.procedures_done) == (
        RunStatus.FINISHED,
        1,
        1,
        1,
    )
    # the PPO allows 900 whatever the office charges: the write-off grows, not the patient's part
    assert (saved.fee_total, saved.write_off_total, saved.patient_total) == (
        Decimal("1300.00"),
        Decimal("400.00"),
        Decimal("475.00"),
    )


@pytest.mark.django_db(transaction=True)
def test_a_ppo_schedule_change_reaches_estimates_through_their_plans(world: World) -> None:
    on_file = insured(world)
    saved = crown_estimate(world, on_file.patient)
    fee_set(schedule=on_file.ppo, code="D2740", amount=Decimal("1000.00"), acting_user=world.mona)
    run_worker()
    saved.refresh_from_db()
    assert saved.response["procedures"][0]["coverages"][0]["allowed"] == "1000.00"
    assert saved.insurance_total == Decimal("475.00")


@pytest.mark.django_db(transaction=True)
def test_a_benefit_change_re_estimates_only_that_plans_estimates(world: World) -> None:
    on_file = insured(world)
    mine = crown_estimate(world, on_file.patient)
    other = build_patient(world.practice_a, first_name="Olaf", last_name="Other")
    other_plan = build_plan(
        world.practice_a, on_file.plan.carrier, allowed_fees=on_file.ppo, group_number="OTHER-1"
    )
    build_coverage(other, other_plan)
    theirs = crown_estimate(world, other, "Other crown")
    benefits = dict(on_file.plan.benefits)
    benefits["coverage"] = [
        {**rule, "percent": 60} if rule.get("category") == "crowns" else rule
        for rule in benefits["coverage"]
    ]
    plan_update(plan=on_file.plan, data={}, benefits=benefits, acting_user=world.tess)
    run_worker()
    assert ReestimateRun.objects.get().estimates_total == 1
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.insurance_total == Decimal("510.00")  # (900 - 50) x 60%
    assert theirs.insurance_total == Decimal("425.00")


@pytest.mark.django_db(transaction=True)
def test_closed_estimates_and_untouched_schedules_start_no_run(world: World) -> None:
    on_file = insured(world)
    estimate_close(acting_user=world.tess, estimate_row=crown_estimate(world, on_file.patient))
    fee_set(
        schedule=on_file.office, code="D2740", amount=Decimal("1300.00"), acting_user=world.mona
    )
    assert not ReestimateRun.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_an_estimate_that_cannot_be_made_keeps_its_figures_and_says_why(world: World) -> None:
    on_file = insured(world)
    saved = crown_estimate(world, on_file.patient)
    on_file.office.fees.filter(code="D2740").delete()
    fee_set(schedule=on_file.office, code="D0120", amount=Decimal("70.00"), acting_user=world.mona)
    run_worker()
    saved.refresh_from_db()
    assert saved.fee_total == Decimal("1250.00")
    assert saved.problem == "procedures[0].code: D2740 has no fee in the office fee schedule"
    assert ReestimateRun.objects.get().status == RunStatus.FINISHED


def test_a_failing_run_is_recorded(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    on_file = insured(world)
    crown_estimate(world, on_file.patient)
    run = ReestimateRun.objects.create(
        practice=world.practice_a, reason="test", fee_schedule=on_file.office, as_of=AS_OF
    )

    def broken(*args: Any) -> int:
        raise RuntimeError("database went away")

    monkeypatch.setattr("casepath.estimates.runs.recompute_batch", broken)
    with pytest.raises(RuntimeError):
        reestimate_run(run.pk)
    run.refresh_from_db()
    assert (run.status, run.problem) == (RunStatus.FAILED, "database went away")


def test_a_next_year_estimate_stays_a_next_year_estimate(world: World) -> None:
    on_file = insured(world)
    next_year = AS_OF.replace(year=2027, month=1, day=15)
    saved = estimate_create(
        acting_user=world.tess,
        patient=on_file.patient,
        title="Crown",
        lines=[CROWN],
        as_of=next_year,
    )
    run = ReestimateRun.objects.create(
        practice=world.practice_a, reason="test", fee_schedule=on_file.office, as_of=AS_OF
    )
    reestimate_run(run.pk)
    saved.refresh_from_db()
    assert saved.as_of == next_year
    assert saved.response["procedures"][0]["benefit_year"] == "2027"


@pytest.mark.django_db(transaction=True)
def test_a_large_run_is_shared_out_in_parts(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("casepath.estimates.runs.BATCH", 1)
    on_file = insured(world)
    first = crown_estimate(world, on_file.patient, "First")
    second = crown_estimate(world, on_file.patient, "Second")
    fee_set(
        schedule=on_file.office, code="D2740", amount=Decimal("1300.00"), acting_user=world.mona
    )
    run_worker()
    run = ReestimateRun.objects.get()
    assert DBTaskResult.objects.filter(task_path__endswith="reestimate_part").count() == 2
    assert (run.status, run.estimates_done, run.procedures_done) == (RunStatus.FINISHED, 2, 2)
    for saved in (first, second):
        saved.refresh_from_db()
        assert saved.fee_total == Decimal("1300.00")


def test_a_failing_part_fails_the_run(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    from casepath.estimates.runs import reestimate_part

    on_file = insured(world)
    saved = crown_estimate(world, on_file.patient)
    run = ReestimateRun.objects.create(
        practice=world.practice_a,
        reason="test",
        fee_schedule=on_file.office,
        as_of=AS_OF,
        status=RunStatus.RUNNING,
        estimates_total=1,
    )

    def broken(*args: Any) -> int:
        raise RuntimeError("lost the connection")

    monkeypatch.setattr("casepath.estimates.runs.recompute_batch", broken)
    with pytest.raises(RuntimeError):
        reestimate_part(run.pk, [saved.pk])
    run.refresh_from_db()
    assert (run.status, run.problem) == (RunStatus.FAILED, "lost the connection")
