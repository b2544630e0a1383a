"""present_case: the plan estimated again and frozen as the patient saw it."""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal

import pytest

from casepath.audit.models import AuditEvent
from casepath.cases import plan_services, services
from casepath.cases.models import CaseEvent, EventKind, PlannedProcedure, Presentation
from casepath.cases.snapshot import fingerprint
from casepath.core.errors import CasepathError
from casepath.core.explain import explain
from tests.cases.builders import TwoOptions, two_option_case
from tests.cases.present.conftest import NOW, TODAY, present
from tests.conftest import World

CASE_KEYS = {
    "id",
    "title",
    "patient_name",
    "patient_first_name",
    "provider_name",
    "urgency",
    "chief_concern",
    "goals",
}
TOP_KEYS = {
    "case",
    "practice",
    "language",
    "plan_version",
    "presented_on",
    "expires_on",
    "estimated_on",
    "options",
    "images",
}
OPTION_KEYS = {
    "id",
    "name",
    "summary",
    "recommended",
    "figures",
    "tooth_chart_svg",
    "categories",
    "phases",
    "estimate",
}
FIGURE_KEYS = {
    "visits",
    "days_to_finish",
    "time_words",
    "fee_total",
    "insurance_total",
    "patient_total",
}
PROCEDURE_KEYS = {
    "id",
    "code",
    "name",
    "tooth",
    "surfaces",
    "provider",
    "fee",
    "discount",
    "net_fee",
    "insurance",
    "patient",
    "visits",
    "healing_days",
    "explanation",
}


def test_presenting_a_ready_case_freezes_it_and_moves_it(world: World, two: TwoOptions) -> None:
    made = present(world, two)
    case = two.case
    case.refresh_from_db()
    assert (made.number, made.mode, made.plan_version) == (1, "in_person", case.plan_version)
    assert case.status == "presented"
    assert (case.presented_on.isoformat(), case.expires_on.isoformat()) == (
        "2026-03-10",
        "2026-04-09",
    )
    assert made.expires_on == case.expires_on and made.estimated_on == TODAY
    assert case.first_presenter == world.tess and case.last_presenter == world.tess
    assert case.status_changed_at == NOW
    event = CaseEvent.objects.get(case=case, kind=EventKind.PRESENTED)
    assert (event.from_status, event.to_status, event.actor) == ("ready", "presented", world.tess)
    assert "presentation 1" in event.summary
    assert AuditEvent.objects.filter(object_id=str(case.pk), summary=event.summary).exists()


def test_the_snapshot_has_every_key_of_the_format(world: World, two: TwoOptions) -> None:
    snapshot = present(world, two).snapshot
    assert set(snapshot) == TOP_KEYS
    assert set(snapshot["case"]) == CASE_KEYS
    assert set(snapshot["practice"]) == {"name", "phone"}
    assert [o["name"] for o in snapshot["options"]] == ["Implant", "Bridge"]
    for option in snapshot["options"]:
        assert set(option) == OPTION_KEYS
        assert set(option["figures"]) == FIGURE_KEYS
        for phase in option["phases"]:
            assert set(phase) == {"name", "procedures"}
            for procedure in phase["procedures"]:
                assert set(procedure) == PROCEDURE_KEYS
                assert set(procedure["explanation"]) == {"what", "why", "delay", "expect"}
    assert snapshot["images"] == []
    assert json.loads(json.dumps(snapshot)) == snapshot  # plain JSON


def test_the_snapshot_says_what_the_patient_saw(world: World, two: TwoOptions) -> None:
    snapshot = present(world, two).snapshot
    assert snapshot["case"]["patient_name"] == "Ana Lopez"
    assert snapshot["case"]["patient_first_name"] == "Ana"
    assert snapshot["case"]["provider_name"] == "Rita Nunez, DDS"
    assert snapshot["practice"]["name"] == "Riverside Dental"
    assert (snapshot["language"], snapshot["presented_on"], snapshot["expires_on"]) == (
        "en",
        "2026-03-10",
        "2026-04-09",
    )
    implant, bridge = snapshot["options"]
    assert (implant["recommended"], bridge["recommended"]) == (True, False)
    assert implant["categories"] == ["implants"]
    assert bridge["categories"] == ["prosthodontics"]
    assert [p["name"] for p in implant["phases"]] == ["Phase 1", "Implant crown"]
    post = implant["phases"][0]["procedures"][0]
    assert (post["code"], post["tooth"], post["fee"], post["net_fee"]) == (
        "D6010",
        "19",
        "2400.00",
        "2400.00",
    )
    words = explain("D6010", "en")
    assert post["name"] == words.name
    assert post["explanation"] == {
        "what": words.what,
        "why": words.why,
        "delay": words.delay,
        "expect": words.expect,
    }
    assert implant["figures"]["fee_total"] == "3850.00"
    assert bridge["figures"]["fee_total"] == "3400.00"
    assert implant["figures"]["visits"] == 2
    assert implant["figures"]["days_to_finish"] == 90
    assert implant["figures"]["time_words"] == "About 3 months"
    assert 'data-tooth="19"' in implant["tooth_chart_svg"]
    assert 'class="tooth missing planned" data-tooth="19"' in implant["tooth_chart_svg"]


def test_each_option_carries_its_fresh_estimate(world: World, two: TwoOptions) -> None:
    snapshot = present(world, two).snapshot
    two.implant.refresh_from_db()
    estimate = two.implant.estimate
    implant = snapshot["options"][0]
    assert implant["estimate"] == estimate.response
    assert estimate.as_of == TODAY
    assert implant["figures"]["insurance_total"] == f"{estimate.insurance_total:.2f}"
    assert implant["figures"]["patient_total"] == f"{estimate.patient_total:.2f}"
    assert Decimal(implant["figures"]["insurance_total"]) > 0
    lines = estimate.response["procedures"]
    procedures = [p for phase in implant["phases"] for p in phase["procedures"]]
    assert [(p["insurance"], p["patient"]) for p in procedures] == [
        (line["insurance"], line["patient"]) for line in lines
    ]


def test_the_fingerprint_is_the_sha256_of_the_canonical_json(world: World, two: TwoOptions) -> None:
    made = present(world, two)
    text = json.dumps(made.snapshot, sort_keys=True, separators=(",", ":"))
    assert made.fingerprint == hashlib.sha256(text.encode()).hexdigest()
    stored = Presentation.objects.get(pk=made.pk)
    assert fingerprint(stored.snapshot) == made.fingerprint  # stable through the database


def test_a_change_after_presenting_leaves_the_snapshot_alone(world: World, two: TwoOptions) -> None:
    made = present(world, two)
    procedure = two.implant.phases.first().procedures.get()
    plan_services.procedure_update(acting_user=world.tess, procedure=procedure, fee=Decimal("2600"))
    made.refresh_from_db()
    two.case.refresh_from_db()
    assert made.snapshot["options"][0]["phases"][0]["procedures"][0]["fee"] == "2400.00"
    assert made.snapshot["options"][0]["figures"]["fee_total"] == "3850.00"
    assert fingerprint(made.snapshot) == made.fingerprint
    assert two.case.plan_version == made.plan_version + 1


def test_presenting_again_adds_a_presentation_and_keeps_the_first(
    world: World, two: TwoOptions
) -> None:
    first = present(world, two)
    procedure = two.implant.phases.first().procedures.get()
    plan_services.procedure_update(acting_user=world.tess, procedure=procedure, fee=Decimal("2600"))
    second = present(world, two, by=world.mona, mode="remote")
    assert (second.number, second.mode) == (2, "remote")
    assert list(two.case.presentations.values_list("number", flat=True)) == [2, 1]
    first.refresh_from_db()
    assert first.snapshot["options"][0]["figures"]["fee_total"] == "3850.00"
    assert second.snapshot["options"][0]["figures"]["fee_total"] == "4050.00"
    assert second.plan_version == first.plan_version + 1
    two.case.refresh_from_db()
    assert (two.case.first_presenter, two.case.last_presenter) == (world.tess, world.mona)


def test_a_draft_cannot_be_presented_and_nothing_is_saved(world: World) -> None:
    draft = two_option_case(world, ready=False)
    with pytest.raises(CasepathError) as refused:
        present(world, draft)
    assert refused.value.errors[0].path == "status"
    assert (
        refused.value.errors[0].message == "A draft case cannot be presented: mark it ready first."
    )
    draft.case.refresh_from_db()
    assert draft.case.status == "draft" and draft.case.presented_on is None
    assert not Presentation.objects.exists()


def test_an_unknown_mode_is_refused(world: World, two: TwoOptions) -> None:
    with pytest.raises(CasepathError) as refused:
        present(world, two, mode="by_pigeon")
    assert refused.value.errors[0].path == "mode"
    assert not Presentation.objects.exists()


def test_a_spanish_speaking_patient_gets_spanish_texts(world: World) -> None:
    world.patient_a.preferred_language = "Spanish"
    world.patient_a.save()
    two = two_option_case(world)
    made = present(world, two)
    snapshot = made.snapshot
    assert (made.language, snapshot["language"]) == ("es", "es")
    post = snapshot["options"][0]["phases"][0]["procedures"][0]
    words = explain("D6010", "es")
    assert post["name"] == words.name
    assert post["explanation"]["what"] == words.what
    assert words.what != explain("D6010", "en").what
    assert snapshot["options"][0]["figures"]["time_words"] == "Alrededor de 3 meses"


def test_presenting_again_after_a_decline_asks_for_a_new_decision(world: World) -> None:
    made = two_option_case(world)
    present(world, made)
    services.case_decline(
        acting_user=world.tess, case=made.case, reason="cost", detail="", decided_on=TODAY
    )
    present(world, made)
    made.case.refresh_from_db()
    assert (made.case.status, made.case.decline_reason, made.case.presentations.count()) == (
        "presented",
        "",
        2,
    )
    decisions = PlannedProcedure.objects.filter(case=made.case).values_list("decision", flat=True)
    assert set(decisions) == {"undecided"}
