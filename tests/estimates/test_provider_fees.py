"""The treating provider's own fees: they win where their schedule lists the code, the
office fee fills in the rest, a typed fee wins over both, and a change to their fees
re-estimates only the estimates they priced."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError

from casepath.estimates.models import Estimate, ReestimateRun, RunStatus
from casepath.estimates.requests import ProcedureLine
from casepath.estimates.services import estimate_create, estimate_preview
from casepath.insurance.services import fee_schedule_update, fee_set
from tests.builders import build_provider
from tests.conftest import World, signed_in
from tests.estimates.builders import AS_OF, Insured, insured, nunez, own_fees
from tests.estimates.panel_posts import panel_post
from tests.estimates.test_panel import PREVIEW_QUERIES
from tests.estimates.test_runs import run_worker

NOW = datetime(2026, 3, 10, 18, 30, tzinfo=UTC)
CROWN, EXAM = {"code": "D2740", "tooth": "30"}, {"code": "D0120"}
TYPED_CROWN = {"code": "D2740", "tooth": "19", "fee_override": "1100.00"}


@pytest.fixture(autouse=True)
def frozen_now() -> Iterator[Any]:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def on_file(world: World) -> Insured:
    return insured(world)


def post(world: World, on_file: Insured, rows: list[dict[str, str]], **extra: str) -> Any:
    url = f"/patients/{on_file.patient.pk}/estimates/new/"
    return signed_in(world.tess).post(url, panel_post(rows, **extra))


def fees(response: dict[str, Any]) -> list[str]:
    return [p["fee"] for p in response["procedures"]]


def test_the_provider_s_fee_wins_the_office_fee_fills_in_a_typed_fee_wins_both(
    world: World, on_file: Insured
) -> None:
    doctor = nunez(world)
    own_fees(doctor)
    lines = [
        ProcedureLine(code="D2740", tooth="30"),
        ProcedureLine(code="D0120"),
        ProcedureLine(code="D2740", tooth="19", fee_override=Decimal("1100.00")),
    ]
    assert fees(estimate_preview(on_file.patient, lines, AS_OF)) == [
        "1250.00",
        "65.00",
        "1100.00",
    ]
    priced = estimate_preview(on_file.patient, lines, AS_OF, doctor)
    assert fees(priced) == ["1400.00", "65.00", "1100.00"]
    # the PPO allows 900 whatever the provider charges: the write-off takes the difference
    assert (priced["procedures"][0]["write_off"], priced["procedures"][0]["patient"]) == (
        "500.00",
        "475.00",
    )


def test_a_provider_without_own_fees_is_priced_at_office_fees(
    world: World, on_file: Insured
) -> None:
    response = estimate_preview(on_file.patient, [ProcedureLine(code="D2740")], AS_OF, nunez(world))
    assert fees(response) == ["1250.00"]


def test_the_panel_notes_only_the_fees_the_provider_s_schedule_set(
    world: World, on_file: Insured
) -> None:
    doctor = nunez(world)
    own_fees(doctor)
    response = post(world, on_file, [CROWN, EXAM, TYPED_CROWN], provider=str(doctor.pk))
    (shown,) = response.context["results"]
    assert [(p.fee, p.fee_note) for p in shown.procedures] == [
        (Decimal("1400.00"), "Dr Nunez's fee"),
        (Decimal("65.00"), ""),
        (Decimal("1100.00"), ""),
    ]
    page = response.content.decode()
    assert page.count("Dr Nunez&#x27;s fee") == 1
    assert f'<option value="{doctor.pk}" selected>Rita Nunez, DDS</option>' in page


def test_without_a_provider_the_panel_uses_office_fees_and_notes_nothing(
    world: World, on_file: Insured
) -> None:
    own_fees(nunez(world))
    (shown,) = post(world, on_file, [CROWN]).context["results"]
    assert [(p.fee, p.fee_note) for p in shown.procedures] == [(Decimal("1250.00"), "")]


@pytest.mark.parametrize("who", ["other practice", "external", "inactive"])
def test_the_panel_refuses_a_provider_it_does_not_offer(
    world: World, on_file: Insured, who: str
) -> None:
    provider = {
        "other practice": lambda: build_provider(world.practice_b, last_name="Outside"),
        "external": lambda: build_provider(world.practice_a, last_name="Ext", is_external=True),
        "inactive": lambda: build_provider(world.practice_a, last_name="Gone", is_active=False),
    }[who]()
    own_fees(provider)
    response = post(world, on_file, [CROWN], provider=str(provider.pk), action="save", title="C")
    assert response.status_code == 200 and response.context["results"] == []
    assert response.context["panel"].provider.errors["provider"] == [
        "Choose one of the practice's providers, or none for office fees."
    ]
    assert "Treating provider: Choose one" in response.content.decode()
    assert not Estimate.objects.exists()


def test_saving_refuses_a_provider_of_another_practice(world: World, on_file: Insured) -> None:
    outsider = build_provider(world.practice_b, last_name="Outside")
    with pytest.raises(ValidationError) as refused:
        estimate_create(
            acting_user=world.tess,
            patient=on_file.patient,
            title="Crown",
            lines=[ProcedureLine(code="D2740")],
            as_of=AS_OF,
            provider=outsider,
        )
    assert refused.value.message_dict == {"provider": ["Choose a provider of this practice."]}
    assert not Estimate.objects.exists()


def test_a_saved_estimate_remembers_its_provider_and_shows_it(
    world: World, on_file: Insured
) -> None:
    doctor = nunez(world)
    theirs = own_fees(doctor)
    chosen = {"provider": str(doctor.pk), "action": "save", "title": "Crown"}
    response = post(world, on_file, [CROWN, EXAM], **chosen)
    assert response.status_code == 302
    saved = Estimate.objects.get()
    assert (saved.provider, saved.provider_fee_schedule, saved.fee_schedule) == (
        doctor,
        theirs,
        on_file.office,
    )
    assert saved.fee_total == Decimal("1465.00")
    page = signed_in(world.fran).get(response["Location"]).content.decode()
    assert "treating provider Rita Nunez, DDS" in page
    assert page.count("Dr Nunez&#x27;s fee") == 1


def test_a_preview_with_a_provider_costs_no_more_queries(
    world: World, on_file: Insured, django_assert_num_queries: Any
) -> None:
    doctor = nunez(world)
    own_fees(doctor)
    client = signed_in(world.tess)
    url = f"/patients/{on_file.patient.pk}/estimates/new/"
    with django_assert_num_queries(PREVIEW_QUERIES):
        assert client.post(url, panel_post([CROWN], provider=str(doctor.pk))).context["results"]


def saved(world: World, on_file: Insured, title: str, provider: Any = None) -> Estimate:
    return estimate_create(
        acting_user=world.tess,
        patient=on_file.patient,
        title=title,
        lines=[ProcedureLine(code="D2740", tooth="30"), ProcedureLine(code="D0120")],
        as_of=AS_OF,
        provider=provider,
    )


@pytest.mark.django_db(transaction=True)
def test_a_provider_fee_change_re_estimates_only_what_their_fees_priced(world: World) -> None:
    on_file = insured(world)
    doctor = nunez(world)
    theirs = own_fees(doctor)
    hers = saved(world, on_file, "Dr Nunez's crown", doctor)
    office = saved(world, on_file, "Office crown")
    before = office.computed_at
    fee_set(schedule=theirs, code="D2740", amount=Decimal("1500.00"), acting_user=world.mona)
    run_worker()
    run = ReestimateRun.objects.get()
    assert (run.status, run.estimates_total, run.procedures_done) == (RunStatus.FINISHED, 1, 2)
    hers.refresh_from_db()
    office.refresh_from_db()
    assert (hers.fee_total, hers.provider_fee_schedule) == (Decimal("1565.00"), theirs)
    assert (office.fee_total, office.computed_at) == (Decimal("1315.00"), before)


@pytest.mark.django_db(transaction=True)
def test_the_office_fees_still_re_estimate_the_provider_s_estimates(world: World) -> None:
    on_file = insured(world)
    doctor = nunez(world)
    own_fees(doctor)
    hers = saved(world, on_file, "Dr Nunez's crown", doctor)
    fee_set(schedule=on_file.office, code="D0120", amount=Decimal("70.00"), acting_user=world.mona)
    run_worker()
    hers.refresh_from_db()
    assert hers.fee_total == Decimal("1470.00")  # her crown, the office's new exam fee


@pytest.mark.django_db(transaction=True)
def test_fees_a_provider_is_given_later_reach_their_open_estimates(world: World) -> None:
    on_file = insured(world)
    doctor = nunez(world)
    hers = saved(world, on_file, "Dr Nunez's crown", doctor)
    assert (hers.fee_total, hers.provider_fee_schedule) == (Decimal("1315.00"), None)
    theirs = own_fees(doctor, {})
    fee_set(schedule=theirs, code="D2740", amount=Decimal("1400.00"), acting_user=world.mona)
    run_worker()
    hers.refresh_from_db()
    assert (hers.fee_total, hers.provider_fee_schedule) == (Decimal("1465.00"), theirs)


@pytest.mark.django_db(transaction=True)
def test_a_schedule_given_to_another_provider_still_re_estimates_what_it_priced(
    world: World,
) -> None:
    on_file = insured(world)
    doctor = nunez(world)
    theirs = own_fees(doctor)
    hers = saved(world, on_file, "Dr Nunez's crown", doctor)
    colleague = build_provider(world.practice_a, first_name="Cole", last_name="League")
    fee_schedule_update(schedule=theirs, data={"provider": colleague}, acting_user=world.mona)
    fee_set(schedule=theirs, code="D2740", amount=Decimal("1500.00"), acting_user=world.mona)
    run_worker()
    hers.refresh_from_db()
    # Dr Nunez has no own fees any more: office fees, and no provider schedule recorded
    assert (hers.fee_total, hers.provider_fee_schedule) == (Decimal("1315.00"), None)
