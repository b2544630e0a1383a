"""Today says how many new patients come today, wait for a first visit, or missed it."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import time_machine

from casepath.core.intake import Stage
from casepath.intake import visit_services
from tests.conftest import signed_in
from tests.intake.builders import CALLED_AT, VISIT_AT, capture, new_patient, take_to


def _who(n: int) -> dict[str, Any]:
    return new_patient(first_name=f"Pat{chr(97 + n)}", last_name=f"Newcomer{chr(97 + n)}")


def test_today_counts_arrivals_inquiries_and_no_shows(world: Any) -> None:
    with time_machine.travel(CALLED_AT, tick=False):
        capture(world.practice_a, world.tess, patient=_who(0))  # an inquiry
        for n in (1, 2):
            take_to(
                capture(world.practice_a, world.tess, patient=_who(n)), Stage.BOOKED, world.tess
            )
        missed = take_to(
            capture(world.practice_a, world.tess, patient=_who(3)), Stage.BOOKED, world.tess
        )
    with time_machine.travel(VISIT_AT + timedelta(hours=1), tick=False):
        visit_services.visit_no_show(intake=missed, acting_user=world.tess, now=VISIT_AT)
        page = signed_in(world.tess).get("/").content.decode()
    assert "2 first visits today" in page  # the no-show is not expected any more
    assert "1 inquiry without a first visit" in page
    assert "1 no-show to rebook" in page
    assert 'href="/new-patients/call/"' in page


def test_no_card_without_new_patients(world: Any) -> None:
    page = signed_in(world.tess).get("/").content.decode()
    assert "new-patients-heading" not in page


def test_the_provider_sees_the_card_without_the_call_link(world: Any) -> None:
    with time_machine.travel(CALLED_AT, tick=False):
        capture(world.practice_a, world.tess)
        page = signed_in(world.doc).get("/").content.decode()
    assert "1 inquiry without a first visit" in page
    assert 'href="/new-patients/call/"' not in page
