"""The payer's answer becomes the estimate of the implant option; voiding or expiry brings
the ordinary estimate back.

By hand, from the builders: office fees D6010 $2,400.00 and D6058 $1,450.00; the PPO
allows $1,700.00 for D6010 (a $700.00 write-off) and has no fee for D6058 (no write-off);
the plan pays implants at 50% after a $50.00 deductible, up to $1,500.00 a year.

Ordinary estimate (as diagnosed): D6010 (1,700 - 50) x 50% = 825.00; D6058 50% of 1,450
= 725.00, capped at the 675.00 left of the maximum. Insurance 1,500.00, write-off 700.00,
patient 3,850 - 700 - 1,500 = 1,650.00.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from casepath.core.predeterminations import ResponseLine
from casepath.predeterminations import response_services, services
from casepath.predeterminations.selectors import lines_of
from tests.conftest import World
from tests.predeterminations.builders import NOW, RECEIVED, received, sent
from tests.predeterminations.services.helpers import estimate_figures

D = Decimal
ORDINARY = (D("3850.00"), D("1500.00"), D("700.00"), D("1650.00"))


def lines(estimate: Any) -> list[dict[str, Any]]:
    estimate.refresh_from_db()
    found: list[dict[str, Any]] = estimate.response["procedures"]
    return found


def notes(line: dict[str, Any]) -> str:
    return " ".join(note for coverage in line["coverages"] for note in coverage["notes"])


def test_the_ordinary_estimate_before_the_answer(world: World) -> None:
    estimate = sent(world).made.implant.estimate
    assert estimate_figures(estimate) == ORDINARY
    assert [x["insurance"] for x in lines(estimate)] == ["825.00", "675.00"]


def test_approved_amounts_become_the_estimate(world: World) -> None:
    """Approved 1,000.00 and 700.00: the patient pays 2,400 - 700 - 1,000 = 700.00 and
    1,450 - 0 - 700 = 750.00, in all 1,450.00 instead of 1,650.00."""
    estimate = received(world, ("1000.00", "700.00")).made.implant.estimate
    assert estimate_figures(estimate) == (D("3850.00"), D("1700.00"), D("700.00"), D("1450.00"))
    implant, crown = lines(estimate)
    assert (implant["insurance"], implant["write_off"], implant["patient"]) == (
        "1000.00",
        "700.00",
        "700.00",
    )
    assert (crown["insurance"], crown["write_off"], crown["patient"]) == (
        "700.00",
        "0.00",
        "750.00",
    )
    assert "pre-determination of 2026-04-02" in notes(implant)
    assert "$1,000.00" in notes(implant)
    assert "pre-determination of 2026-04-02" in notes(crown)


def test_an_answer_uses_no_maximum_and_no_deductible(world: World) -> None:
    """Only the implant answered (1,200.00): the crown is estimated as if the implant were
    not there, so its deductible is taken and the whole maximum is left:
    (1,450 - 50) x 50% = 700.00 (it was 675.00). Patient: 2,400 - 700 - 1,200 = 500.00
    plus 1,450 - 700 = 750.00."""
    asked = sent(world)
    implant_line, _ = lines_of(asked.pd)
    response_services.predetermination_record_response(
        acting_user=world.tess,
        predetermination=asked.pd,
        received_on=RECEIVED,
        response_expiry=None,
        lines=[ResponseLine(implant_line.pk, D("1200.00"), None, False)],
        today=RECEIVED,
        now=NOW,
    )
    estimate = asked.made.implant.estimate
    assert estimate_figures(estimate) == (D("3850.00"), D("1900.00"), D("700.00"), D("1250.00"))
    implant, crown = lines(estimate)
    assert (implant["insurance"], crown["insurance"], crown["patient"]) == (
        "1200.00",
        "700.00",
        "750.00",
    )
    assert "pre-determination" not in notes(crown)


def test_a_denied_procedure_is_estimated_at_nothing_from_the_payer(world: World) -> None:
    asked = sent(world)
    implant_line, crown_line = lines_of(asked.pd)
    response_services.predetermination_record_response(
        acting_user=world.tess,
        predetermination=asked.pd,
        received_on=RECEIVED,
        response_expiry=None,
        lines=[
            ResponseLine(implant_line.pk, D("1000.00"), D("1700.00"), False),
            ResponseLine(crown_line.pk, None, None, True, "Missing tooth clause"),
        ],
        today=RECEIVED,
        now=NOW,
    )
    estimate = asked.made.implant.estimate
    assert estimate_figures(estimate) == (D("3850.00"), D("1000.00"), D("700.00"), D("2150.00"))
    _, crown = lines(estimate)
    assert (crown["insurance"], crown["patient"]) == ("0.00", "1450.00")
    assert "Missing tooth clause" in notes(crown)


def test_voiding_brings_the_ordinary_estimate_back(world: World) -> None:
    asked = received(world)
    services.predetermination_close(
        acting_user=world.tess,
        predetermination=asked.pd,
        to="voided",
        reason="Asked the wrong plan",
        now=NOW,
        as_of=RECEIVED,
    )
    estimate = asked.made.implant.estimate
    assert estimate_figures(estimate) == ORDINARY
    assert all("pre-determination" not in notes(x) for x in lines(estimate))


def test_expiry_brings_the_ordinary_estimate_back(world: World) -> None:
    asked = received(world)
    response_services.predeterminations_expire(
        practice=world.practice_a, today=date(2027, 4, 3), now=NOW
    )
    estimate = asked.made.implant.estimate
    assert estimate_figures(estimate) == ORDINARY
    assert all("pre-determination" not in notes(x) for x in lines(estimate))


def test_the_other_option_is_not_touched(world: World) -> None:
    asked = sent(world)
    bridge = asked.made.bridge.estimate
    before = estimate_figures(bridge)
    received_pd = response_services.predetermination_record_response(
        acting_user=world.tess,
        predetermination=asked.pd,
        received_on=RECEIVED,
        response_expiry=None,
        lines=[ResponseLine(line.pk, D("500.00"), None, False) for line in lines_of(asked.pd)],
        today=RECEIVED,
        now=NOW,
    )
    assert received_pd.status == "received"
    assert estimate_figures(bridge) == before
