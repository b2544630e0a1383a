"""Recording the patient's choice on the case, and the plan an in-house choice becomes."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from casepath.audit.models import AuditEvent, Channel
from casepath.cases.models import CaseEvent
from casepath.core.errors import CasepathError
from casepath.financing import choice_services, options
from casepath.financing.models import FinancialChoice, PaymentPlan, PlanInstalment, PlanStatus
from tests.conftest import World
from tests.financing_options.conftest import NOW, TODAY, Financed, accept

D = Decimal


def implant_ways(financed: Financed) -> tuple[options.OptionWays, options.PracticeOffer]:
    implant = financed.two.implant
    offer = options.practice_offer(implant.practice)
    money = options.estimate_money(implant.estimate)
    return options.ways_for(implant.pk, implant.name, money, offer, TODAY), offer


def choose(
    world: World, financed: Financed, kind: str, *, actor: object = None, **way: object
) -> FinancialChoice:
    ways, offer = implant_ways(financed)
    arrangement = options.arrangement_for(ways, offer, TODAY, kind=kind, **way)  # type: ignore[arg-type]
    return choice_services.financial_choice_record(
        acting_user=world.tess if actor is None else actor,
        case=financed.two.case,
        option_id=financed.two.implant.pk,
        arrangement=arrangement,
        owed=ways.owed,
        now=NOW,
        ip_address="203.0.113.7",
    )


def test_the_staff_records_the_patients_choice_with_an_event(
    world: World, financed: Financed
) -> None:
    choice = choose(world, financed, "lender", name="SmileCredit 12 months")
    choice.refresh_from_db()
    assert (choice.kind, choice.name, choice.option, choice.case) == (
        "lender",
        "SmileCredit 12 months",
        financed.two.implant,
        financed.two.case,
    )
    assert (choice.upfront, choice.monthly, choice.payments, choice.total_cost) == (
        D("0.00"),
        D("137.50"),
        12,
        D("1650.00"),
    )
    assert (choice.chosen_by, choice.chosen_by_name, choice.chosen_at) == (world.tess, "tess", NOW)
    assert choice.details["net_to_practice"] == "1518.00"
    assert choice.details["application_url"] == "https://lender.example/apply"
    event = CaseEvent.objects.filter(case=financed.two.case).latest("pk")
    assert event.actor == world.tess and event.data["financial_choice"] == choice.pk
    assert event.summary.startswith("tess chose how to pay for “Implant”: SmileCredit 12 months.")
    audit = AuditEvent.objects.latest("pk")
    assert (audit.actor, audit.patient_id, audit.channel) == (
        world.tess,
        world.patient_a.pk,
        Channel.WEB,
    )
    assert choice_services.latest_choice(financed.two.case) == choice


def test_the_patient_chooses_from_the_link(world: World, financed: Financed) -> None:
    class Nobody:
        is_authenticated = False

    choice = choose(world, financed, "pay_in_full", actor=Nobody(), name="Pay in full")
    assert (choice.chosen_by, choice.chosen_by_name) == (None, "patient")
    assert choice.upfront == D("1567.50")
    event = CaseEvent.objects.filter(case=financed.two.case).latest("pk")
    assert (event.actor, event.actor_name) == (None, "patient")
    assert event.summary.startswith("The patient chose how to pay")
    audit = AuditEvent.objects.latest("pk")
    assert (audit.channel, audit.ip_address) == (Channel.PATIENT_LINK, "203.0.113.7")


def test_an_in_house_choice_becomes_a_draft_plan_with_its_schedule(
    world: World, financed: Financed
) -> None:
    choice = choose(world, financed, "in_house", down_payment=D("396"))
    assert choice.details["rate_percent"] == "9.90" and choice.details["owed"] == "1650.00"
    plan = choice_services.payment_plan_for_choice(
        acting_user=world.tess, choice=choice, today=TODAY
    )
    assert (plan.status, plan.choice, plan.case, plan.patient) == (
        PlanStatus.DRAFT,
        choice,
        financed.two.case,
        world.patient_a,
    )
    assert (plan.down_payment, plan.amount_financed, plan.apr_percent) == (
        D("396.00"),
        D("1254.00"),
        D("9.90"),
    )
    assert plan.total_of_payments == plan.amount_financed + plan.finance_charge
    lines = list(PlanInstalment.objects.filter(plan=plan).order_by("number"))
    assert len(lines) == 12 and lines[0].payment == D("110.19")
    assert (lines[0].due, lines[-1].due) == (date(2026, 4, 10), date(2027, 3, 10))
    assert lines[-1].balance == D("0.00")
    assert sum(line.principal for line in lines) == plan.amount_financed
    # Asked again the same day, the same draft.
    again = choice_services.payment_plan_for_choice(
        acting_user=world.tess, choice=choice, today=TODAY
    )
    assert again == plan
    assert choice_services.choice_plan(choice) == plan


def test_a_draft_made_another_day_is_made_again(world: World, financed: Financed) -> None:
    choice = choose(world, financed, "in_house")
    first = choice_services.payment_plan_for_choice(
        acting_user=world.tess, choice=choice, today=TODAY
    )
    later = date(2026, 3, 12)
    second = choice_services.payment_plan_for_choice(
        acting_user=world.tess, choice=choice, today=later
    )
    first.refresh_from_db()
    assert first.status == PlanStatus.CANCELLED
    assert (second.agreement_date, second.first_payment_date) == (later, date(2026, 4, 12))


def test_only_an_in_house_choice_has_an_agreement(world: World, financed: Financed) -> None:
    choice = choose(world, financed, "pay_in_full", name="Pay in full")
    with pytest.raises(CasepathError) as refused:
        choice_services.payment_plan_for_choice(acting_user=world.tess, choice=choice, today=TODAY)
    assert refused.value.errors[0].path == "choice"


def test_a_new_choice_cancels_the_draft_of_the_old_one(world: World, financed: Financed) -> None:
    choice = choose(world, financed, "in_house")
    plan = choice_services.payment_plan_for_choice(
        acting_user=world.tess, choice=choice, today=TODAY
    )
    choose(world, financed, "pay_in_full", name="Pay in full")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.CANCELLED
    assert FinancialChoice.objects.filter(case=financed.two.case).count() == 2


def test_a_signed_plan_settles_the_choice(world: World, financed: Financed) -> None:
    choice = choose(world, financed, "in_house")
    plan = choice_services.payment_plan_for_choice(
        acting_user=world.tess, choice=choice, today=TODAY
    )
    PaymentPlan.objects.filter(pk=plan.pk).update(status=PlanStatus.SIGNED)
    with pytest.raises(CasepathError, match="signed"):
        choose(world, financed, "pay_in_full", name="Pay in full")
    assert FinancialChoice.objects.filter(case=financed.two.case).count() == 1


def test_the_choice_is_for_the_accepted_option(world: World, financed: Financed) -> None:
    accept(world, financed.two, financed.two.bridge)
    with pytest.raises(CasepathError) as refused:
        choose(world, financed, "pay_in_full", name="Pay in full")
    assert refused.value.errors[0].path == "option"
    assert not FinancialChoice.objects.exists()
