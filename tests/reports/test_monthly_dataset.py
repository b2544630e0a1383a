"""The small hand-computed month behind the monthly report's tests (no tests here).

Practice A (Riverside), October 2026, said yes and first presenter; payments up to
the making day. Mona (manager) and Otto (organization admin) get the e-mail; Doc
(provider) does not, nor Max (a manager with no e-mail address).

case TC    patient        recommended              accepted           case %   paid
O1   Tess  Alvarez, Bo    1000 + 200 both yes      1200 of 1200       100.0    500
O2   Tess  Baker, Cy      1000 yes + 500 open      1000 of 1500        66.7      0
O3   Tina  Chen, Di       900 declined (cost)         0 of 900          0.0      0
O4   Tina  Diaz, Ed       250 yes + 1750 no           250 of 2000       12.5      0

Case acceptance 3 of 4 = 75.0 %; dollar acceptance 2450 of 5600 = 43.75 → 43.8 %.
Tess 2 of 2 = 100.0 %; Tina 1 of 2 = 50.0 %. September: S1 (Tess, 1000 yes of
1000): 1 of 1 = 100.0 %, so October's case acceptance changed by minus 25.0 points.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from casepath.cases.models import Case
from casepath.tenancy.roles import Role
from tests.builders import build_patient, build_user
from tests.conftest import World
from tests.reports.builders import metric_case, no, open_line, pay, yes

OCTOBER = date(2026, 10, 1)


@dataclass
class Month:
    world: World
    tina: Any
    otto: Any
    max: Any
    cases: dict[str, Case]


def build_month(world: World) -> Month:
    a, tess = world.practice_a, world.tess
    tina = build_user("tina", (a, Role.TREATMENT_COORDINATOR))
    otto = build_user("otto", (a, Role.ORGANIZATION_ADMIN))
    nobody = build_user("max", (a, Role.PRACTICE_MANAGER))
    nobody.email = ""
    nobody.save(update_fields=["email"])
    build_user("gone", (a, Role.PRACTICE_MANAGER), is_active=False)

    def patient(last: str, first: str) -> Any:
        return build_patient(a, first_name=first, last_name=last)

    cases = {
        "O1": metric_case(
            a,
            patient=patient("Alvarez", "Bo"),
            lines=[yes("D2740", "1000.00"), yes("D2950", "200.00")],
            status="accepted",
            presented_on=date(2026, 10, 5),
            decided_on=date(2026, 10, 5),
            first=tess,
            title="Crown upper right",
        ),
        "O2": metric_case(
            a,
            patient=patient("Baker", "Cy"),
            lines=[yes("D2740", "1000.00"), open_line("D2950", "500.00")],
            status="accepted",
            presented_on=date(2026, 10, 8),
            decided_on=date(2026, 10, 12),
            first=tess,
            title="Crown lower left",
        ),
        "O3": metric_case(
            a,
            patient=patient("Chen", "Di"),
            lines=[no("D3330", "900.00")],
            status="declined",
            presented_on=date(2026, 10, 14),
            decided_on=date(2026, 10, 20),
            first=tina,
            decline_reason="cost",
            title="Root canal",
        ),
        "O4": metric_case(
            a,
            patient=patient("Diaz", "Ed"),
            lines=[yes("D1110", "250.00"), no("D6010", "1750.00")],
            status="accepted",
            presented_on=date(2026, 10, 21),
            decided_on=date(2026, 10, 22),
            first=tina,
            title="Cleaning and implant",
        ),
        "S1": metric_case(
            a,
            patient=patient("Evans", "Flo"),
            lines=[yes("D2740", "1000.00")],
            status="accepted",
            diagnosed_on=date(2026, 9, 2),
            presented_on=date(2026, 9, 3),
            decided_on=date(2026, 9, 3),
            first=tess,
            title="Crown in September",
        ),
    }
    pay(cases["O1"], "500.00", date(2026, 10, 30), by=world.fran)
    return Month(world, tina, otto, nobody, cases)
