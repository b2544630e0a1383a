"""Pre-determinations for tests: the implant option of the two-option case asked of
Ana Lopez's PPO, at each step of its life.

Helpers may add builders at the end of this file; existing ones stay as they are.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal

from casepath.core.predeterminations import ResponseLine
from casepath.predeterminations import response_services, services
from casepath.predeterminations.models import Predetermination
from casepath.predeterminations.selectors import lines_of, predetermination_settings
from casepath.predeterminations.services import AttachmentIn, Draft
from tests.cases.builders import TwoOptions, two_option_case
from tests.conftest import World

CREATED = date(2026, 3, 12)
SENT = date(2026, 3, 13)
RECEIVED = date(2026, 4, 2)
NOW = datetime(2026, 4, 2, 14, 0, tzinfo=UTC)  # 10:00 in New York
BILLING_NPI = "1234567893"  # a valid check digit
PROVIDER_NPI = "1245319599"


@dataclass
class Asked:
    made: TwoOptions
    pd: Predetermination


def with_npis(world: World, made: TwoOptions) -> None:
    """The billing NPI of practice A and its diagnosing provider's NPI (electronic sends)."""
    rules = predetermination_settings(world.practice_a)
    rules.billing_npi = BILLING_NPI
    rules.save()
    provider = made.case.diagnosing_provider
    provider.npi = PROVIDER_NPI
    provider.save()


def drafted(world: World, made: TwoOptions | None = None) -> Asked:
    """A draft asking the PPO about both implant procedures (D6010, D6058 on #19)."""
    made = made or two_option_case(world)
    ids = [p.pk for phase in made.implant.phases.all() for p in phase.procedures.all()]
    pd = services.predetermination_create(
        acting_user=world.tess,
        case=made.case,
        draft=Draft(
            option_id=made.implant.pk,
            coverage_id=made.insured.coverage.pk,
            procedure_ids=ids,
            narrative="Tooth 19 was extracted in 2025; the site has healed.",
            attachments=[AttachmentIn("xray", "Periapical x-ray of #19")],
        ),
        created_on=CREATED,
    )
    return Asked(made, pd)


def sent(world: World, channel: str = "mail") -> Asked:
    asked = drafted(world)
    if channel == "electronic":
        with_npis(world, asked.made)
    asked.pd = services.predetermination_send(
        acting_user=world.tess, predetermination=asked.pd, sent_on=SENT, channel=channel
    )
    return asked


def received(world: World, approved: tuple[str, str] = ("1000.00", "700.00")) -> Asked:
    """The PPO approves `approved` for the implant and the crown."""
    asked = sent(world)
    lines = [
        ResponseLine(line.pk, Decimal(amount), None, False)
        for line, amount in zip(lines_of(asked.pd), approved, strict=True)
    ]
    asked.pd = response_services.predetermination_record_response(
        acting_user=world.tess,
        predetermination=asked.pd,
        received_on=RECEIVED,
        response_expiry=None,
        lines=lines,
        today=RECEIVED,
        now=NOW,
    )
    return asked
