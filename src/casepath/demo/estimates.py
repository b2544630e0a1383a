"""Open estimates for the treatment the demo patients were told they need.

Rows are inserted first and then estimated together through the same bulk path
that re-estimates after a fee or benefit change (casepath.estimates.bulk).
"""

from __future__ import annotations

import random
from datetime import date

from casepath.estimates.models import Estimate, EstimateProcedure
from casepath.patients.models import Patient

MOLARS = ("2", "3", "14", "15", "18", "19", "30", "31")
# title, procedures as (code, needs a tooth, units)
PLANS = (
    ("Crown", (("D2950", True, 1), ("D2740", True, 1))),
    ("Root canal and crown", (("D3330", True, 1), ("D2950", True, 1), ("D2740", True, 1))),
    ("Fillings", (("D2391", True, 1), ("D2392", True, 1), ("D2391", True, 1))),
    ("Gum treatment", (("D4341", False, 2), ("D4342", False, 1), ("D4910", False, 1))),
    ("Implant", (("D7140", True, 1), ("D6010", True, 1), ("D6057", True, 1), ("D6058", True, 1))),
    ("Bridge", (("D7210", True, 1), ("D6240", True, 1), ("D6750", True, 1))),
    ("Checkup and cleaning", (("D0150", False, 1), ("D0210", False, 1), ("D1110", False, 1))),
)
BRACES = ("Braces", (("D0330", False, 1), ("D8080", False, 1)))


def estimates_for(patients: list[Patient], rng: random.Random, as_of: date) -> list[Estimate]:
    """An open estimate for about one patient in five."""
    made = []
    for patient in patients:
        if rng.random() >= 0.2:
            continue
        child = (as_of - patient.date_of_birth).days < 18 * 365
        title, _ = BRACES if child and rng.random() < 0.5 else rng.choice(PLANS)
        made.append(
            Estimate(
                practice_id=patient.practice_id,
                organization_id=patient.organization_id,
                patient=patient,
                title=title,
                as_of=as_of,
            )
        )
    return made


def procedures_for(estimates: list[Estimate], rng: random.Random) -> list[EstimateProcedure]:
    rows = []
    plans = dict((*PLANS, BRACES))
    for estimate in estimates:
        tooth = rng.choice(MOLARS)
        for position, (code, on_tooth, units) in enumerate(plans[estimate.title]):
            rows.append(
                EstimateProcedure(
                    practice_id=estimate.practice_id,
                    organization_id=estimate.organization_id,
                    estimate=estimate,
                    position=position,
                    code=code,
                    tooth=tooth if on_tooth else "",
                    units=units,
                )
            )
    return rows
