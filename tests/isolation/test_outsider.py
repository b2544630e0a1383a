"""An outsider (a user of another practice) gets 404 on every route that names a record.

The walk covers every URL pattern, web and API alike. A new route whose path
parameter is not in OBJECTS below fails `test_every_parameter_is_known`, so
every new route is covered by the outsider check automatically.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from casepath.accounts.services import api_token_create
from casepath.estimates.models import Estimate, ReestimateRun
from casepath.huddle.models import ScheduleImport
from casepath.messaging.models import MessageTemplate
from casepath.referrals.models import ReferralLetter
from casepath.reports.models import MonthlyReport
from casepath.scheduling.models import AppointmentType, SequencingRule, TimeOff
from casepath.tenancy.models import Provider
from tests.builders import build_family_link, build_patient
from tests.compensation.builders import compensation_objects
from tests.conftest import World, signed_in
from tests.financing.builders import financing_objects
from tests.insurance.coverage_builders import build_carrier, build_coverage, build_plan, build_use
from tests.insurance.settings_builders import build_fee_schedule
from tests.intake.builders import capture
from tests.isolation.case_objects import case_objects
from tests.isolation.routes import Route, all_routes
from tests.payments.builders import payments_objects
from tests.referrals.builders import build_document, build_outbound
from tests.scheduling.builders import build_appointment

METHODS = ("get", "post", "put", "patch", "delete")
# Routes whose parameters are not records (they carry tokens for anonymous users).
# letter_template: <kind> names one of the practice's own four letter templates, not a record.
NOT_RECORDS = {"password_reset_confirm", "letter_template"}
# The patient's pages (/p/<token>/...) are public: a secret token and the date of birth open
# them, whoever is signed in (tests/cases/patient covers unknown, expired and revoked links).
# m/: unsubscribe links (signed token), text webhooks (secret); n/: visit confirmation links.
PUBLIC_PREFIXES = ("p/", "m/", "n/")


def objects_of_practice_a(world: World) -> dict[str, object]:
    """One record of practice A (or of its staff) for each kind of path parameter."""
    token, _ = api_token_create(acting_user=world.tess, name="sync")
    coverage = build_coverage(
        world.patient_a, build_plan(world.practice_a, build_carrier(world.practice_a, "Isolation"))
    )
    schedule = build_fee_schedule(world.practice_a, "Isolation fees", fees={"D0120": "65.00"})
    return {
        "practice_id": world.practice_a.pk,
        "patient_id": world.patient_a.pk,
        "intake_id": capture(world.practice_a, world.tess).pk,
        **referral_objects(world),
        "appointment_id": build_appointment(
            world.patient_a, datetime(2026, 3, 10, 9, tzinfo=ZoneInfo("America/New_York"))
        ).pk,
        "provider_id": Provider.objects.filter(practice=world.practice_a).first().pk,
        "time_off_id": TimeOff.objects.create(
            practice=world.practice_a, starts_on=date(2026, 7, 3), ends_on=date(2026, 7, 3)
        ).pk,
        "type_id": AppointmentType.objects.create(
            practice=world.practice_a, name="Isolation", kind="exam"
        ).pk,
        "rule_id": SequencingRule.objects.create(
            practice=world.practice_a,
            before_kind="extraction",
            after_kind="implant",
            min_days=90,
            why="Isolation",
        ).pk,
        "tab": "overview",
        "token_id": token.pk,
        "link_id": build_family_link(world.patient_a, build_patient(world.practice_a)).pk,
        "coverage_id": coverage.pk,
        "use_id": build_use(coverage).pk,
        "carrier_id": coverage.plan.carrier_id,
        "plan_id": coverage.plan_id,
        "schedule_id": schedule.pk,
        "fee_id": schedule.fees.get().pk,
        "estimate_id": Estimate.objects.create(
            practice=world.practice_a,
            patient=world.patient_a,
            title="Isolation",
            as_of=date(2026, 3, 10),
        ).pk,
        "message_template_id": MessageTemplate.objects.create(
            practice=world.practice_a, name="Isolation", channel="sms", body="Hi"
        ).pk,
        "run_id": ReestimateRun.objects.create(
            practice=world.practice_a, reason="Isolation", as_of=date(2026, 3, 10)
        ).pk,
        "import_id": ScheduleImport.objects.create(
            practice=world.practice_a,
            imported_by=world.tess,
            first_day=date(2026, 3, 10),
            last_day=date(2026, 3, 10),
        ).pk,
        **case_objects(world),
        **financing_objects(world),
        **payments_objects(world),
        "report_id": MonthlyReport.objects.create(
            practice=world.practice_a,
            month=date(2026, 10, 1),
            sha256="0" * 64,
            accepted_means="said_yes",
            presenter_rule="first",
        ).pk,
        **compensation_objects(world),
    }


def record_routes() -> list[Route]:
    return [
        r
        for r in all_routes()
        if r.params and r.name not in NOT_RECORDS and not r.template.startswith(PUBLIC_PREFIXES)
    ]


def test_every_parameter_is_known(world: World) -> None:
    known = set(objects_of_practice_a(world))
    unknown = {(r.template, p) for r in record_routes() for p in r.params if p not in known}
    assert not unknown, f"add these parameters to objects_of_practice_a: {sorted(unknown)}"


def test_the_walk_finds_web_and_api_routes() -> None:
    templates = [r.template for r in record_routes()]
    assert any(t.startswith("api/v1/") for t in templates)
    assert any(t.startswith("patients/") for t in templates)


@pytest.mark.parametrize("route", record_routes(), ids=lambda r: r.template)
def test_outsider_gets_404(world: World, route: Route) -> None:
    client = signed_in(world.olga)
    url = route.fill(objects_of_practice_a(world))
    answered = {method: _call(client, method, url) for method in METHODS}
    leaks = {m: s for m, s in answered.items() if s not in (404, 405)}
    assert not leaks, f"{url}: {leaks}"
    assert 404 in answered.values()


def api_record_routes() -> list[Route]:
    """API routes naming a record beyond the practice (lists of one's own practice are fine)."""
    return [
        r for r in record_routes() if r.template.startswith("api/") and r.params != ["practice_id"]
    ]


@pytest.mark.parametrize("route", api_record_routes(), ids=lambda r: r.template)
def test_outsider_with_own_practice_in_url_gets_404(world: World, route: Route) -> None:
    values = objects_of_practice_a(world) | {"practice_id": world.practice_b.pk}
    client = signed_in(world.olga)
    url = route.fill(values)
    answered = {method: _call(client, method, url) for method in METHODS}
    assert not {m: s for m, s in answered.items() if s not in (404, 405)}, url


def _call(client: Client, method: str, url: str) -> int:
    kwargs: dict[str, Any] = {}
    if method in ("post", "put", "patch"):
        kwargs = {"data": json.dumps({}), "content_type": "application/json"}
    return getattr(client, method)(url, **kwargs).status_code


def referral_objects(world: World) -> dict[str, object]:
    referral = build_outbound(world)
    letter = ReferralLetter.objects.create(
        practice=world.practice_a,
        referral=referral,
        kind="thank_you",
        subject="Isolation",
        body="Hi",
        pdf="referral-letters/isolation.pdf",
        sha256="0" * 64,
    )
    return {
        "referring_id": referral.other_provider_id,
        "referral_id": referral.pk,
        "document_id": build_document(referral).pk,
        "letter_id": letter.pk,
    }
