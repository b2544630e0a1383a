"""`CaseFigures` stays equal to the case's procedures through every service that changes
a plan or its decisions: planning, choosing the recommended option, accepting in part,
declining, presenting again, removing a procedure, phase and option."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from casepath.cases import plan_services, services
from casepath.cases.models import Case, PlannedProcedure, PresentationMode
from casepath.cases.presentation_services import present_case
from casepath.reports.case_figures import _rows, case_figures_rebuild
from casepath.reports.models import CaseFigures
from casepath.tenancy.scoping import scoped
from tests.cases.builders import DIAGNOSED, two_option_case
from tests.conftest import World


def stored(case: Case) -> dict[str, tuple[Any, ...]]:
    return {
        f.category: (f.presented_usd, f.presented_n, f.accepted_usd, f.accepted_n)
        for f in scoped(CaseFigures, case.practice).filter(case=case)
    }


def fresh(case: Case) -> dict[str, tuple[Any, ...]]:
    rows = _rows(scoped(PlannedProcedure, case.practice).filter(case=case))
    return {
        f.category: (Decimal(f.presented_usd), f.presented_n, Decimal(f.accepted_usd), f.accepted_n)
        for f in rows
    }


def presented(case: Case, world: World) -> Case:
    present_case(
        acting_user=world.tess,
        case=case,
        mode=PresentationMode.IN_PERSON,
        today=DIAGNOSED,
        now=datetime(2026, 3, 10, 15, tzinfo=UTC),
    )
    case.refresh_from_db()
    return case


def test_figures_follow_every_plan_and_decision_service(world: World) -> None:
    made = two_option_case(world)
    case = made.case
    # Implant 2000 + implant crown 1450 recommended (estimates builders' fees: see
    # tests/cases/builders.py); the bridge is the other option.
    assert stored(case) == fresh(case)
    assert stored(case)[""][1] == 2  # two procedures in the recommended option

    plan_services.option_update(
        acting_user=world.tess, option=made.bridge, name="Bridge", summary="", recommended=True
    )
    assert stored(case) == fresh(case)
    assert stored(case)[""][1] == 3  # the bridge's three units are now the recommendation

    case = presented(case, world)
    crown = PlannedProcedure.objects.get(case=case, code="D6240")
    services.case_accept(
        acting_user=world.tess,
        case=case,
        option_id=made.bridge.pk,
        declined_procedure_ids=frozenset({crown.pk}),
        decided_on=DIAGNOSED,
    )
    assert stored(case) == fresh(case)
    assert stored(case)[""][3] == 2  # two of three units accepted

    presented(case, world)  # presenting again: every decision is open again
    assert stored(case) == fresh(case)
    assert stored(case)[""][3] == 0


def test_figures_follow_a_decline_and_removals(world: World) -> None:
    made = two_option_case(world)
    case = presented(made.case, world)
    services.case_decline(acting_user=world.tess, case=case, reason="cost", decided_on=DIAGNOSED)
    assert stored(case) == fresh(case)
    assert stored(case)[""][3] == 0


def test_figures_follow_removals(world: World) -> None:
    other = two_option_case(world).case
    procedure = PlannedProcedure.objects.filter(case=other).order_by("pk").last()
    plan_services.procedure_remove(acting_user=world.tess, procedure=procedure)
    assert stored(other) == fresh(other)
    plan_services.option_remove(acting_user=world.tess, option=procedure.phase.option)
    assert stored(other) == fresh(other)


def test_a_rebuild_gives_the_same_rows(world: World) -> None:
    case = two_option_case(world).case
    before = stored(case)
    assert case_figures_rebuild([world.practice_a]) == len(before)
    assert stored(case) == before


def test_deleting_a_case_removes_its_figures(world: World) -> None:
    case = two_option_case(world).case
    case.delete()
    assert not CaseFigures.objects.filter(case_id=case.pk).exists()


def test_the_set_based_fill_matches_the_services(world: World) -> None:
    """The SQL the migration and the benchmark load use gives the rows the services keep."""
    from django.db import connection

    from casepath.reports.case_figures import fill_all_sql

    case = two_option_case(world).case
    before = stored(case)
    CaseFigures.objects.all().delete()
    with connection.cursor() as cursor:
        for sql in fill_all_sql():
            cursor.execute(sql)
    assert stored(case) == before


def test_the_repair_command_sums_every_case_again(world: World) -> None:
    from io import StringIO

    from django.core.management import call_command

    case = two_option_case(world).case
    before = stored(case)
    CaseFigures.objects.all().delete()
    out = StringIO()
    call_command("refresh_case_figures", stdout=out)
    assert stored(case) == before
    assert f"{len(before)} case figure rows written" in out.getvalue()
