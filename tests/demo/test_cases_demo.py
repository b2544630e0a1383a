"""The demo's cases: every status in each practice, told through the services.

The demo is seeded once for the module (inside a transaction rolled back at the end);
each test reads it.
"""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from django.db import transaction
from PIL import Image

from casepath.audit.models import AuditEvent
from casepath.cases.models import (
    Case,
    CaseEvent,
    CaseImage,
    CaseNote,
    CaseRevision,
    PlannedProcedure,
    Presentation,
)
from casepath.core.cases import ACCEPTED_OR_LATER, CaseStatus, DeclineReason
from casepath.core.explain import language_of
from casepath.demo.generator import seed_database
from casepath.intake.models import Intake
from casepath.tenancy.models import Practice

AS_OF = date(2026, 11, 2)
NOT_PRESENTED = {CaseStatus.DRAFT, CaseStatus.READY}


@pytest.fixture(scope="module")
def seeded(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    with django_db_blocker.unblock(), transaction.atomic():
        seed_database(patients_per_practice=40, seed=3, as_of=AS_OF)
        yield
        transaction.set_rollback(True)


pytestmark = pytest.mark.usefixtures("seeded", "db")


def test_every_status_in_every_practice() -> None:
    practices = list(Practice.objects.order_by("pk"))
    assert len(practices) == 2
    for practice in practices:
        statuses = set(Case.objects.filter(practice=practice).values_list("status", flat=True))
        assert statuses == {s.value for s in CaseStatus}, practice
        count = Case.objects.filter(practice=practice).count()
        new_patients = Intake.objects.filter(practice=practice, case__isnull=False).count()
        assert new_patients == 11  # the new patients' cases (demo/intake.py)
        assert 14 <= count - new_patients <= 20


def test_cases_spread_over_the_last_six_months_and_over_patients() -> None:
    days = Case.objects.values_list("diagnosed_on", flat=True)
    assert min(days) >= AS_OF - timedelta(days=190)
    assert max(days) <= AS_OF
    assert max(days) - min(days) >= timedelta(days=150)
    assert all(day.weekday() < 5 for day in days)
    patients = Case.objects.values_list("patient_id", flat=True)
    assert len(set(patients)) >= 20
    for case in Case.objects.select_related("patient"):
        assert case.patient.practice_id == case.practice_id


def test_accepted_cases_have_an_accepted_option() -> None:
    accepted = Case.objects.filter(status__in=ACCEPTED_OR_LATER).select_related("accepted_option")
    assert accepted.count() >= 10
    for case in accepted:
        assert case.accepted_option is not None and case.accepted_option.case_id == case.pk
        assert case.acceptance in ("whole", "part")
        assert case.decided_on is not None and case.decided_on <= AS_OF
        chosen = PlannedProcedure.objects.filter(phase__option=case.accepted_option)
        assert chosen.filter(decision="accepted").exists()
    part = accepted.filter(acceptance="part")
    assert part.exists()
    for case in part:
        declined = PlannedProcedure.objects.filter(
            phase__option=case.accepted_option, decision="declined"
        )
        assert list(declined.values_list("code", "tooth")) == [("D2740", "15")]
    assert accepted.filter(acceptance="whole").exists()


def test_declined_cases_have_a_reason() -> None:
    declined = Case.objects.filter(status=CaseStatus.DECLINED)
    assert {c.decline_reason for c in declined} >= {"cost", "second_opinion", "fear"}
    for case in declined:
        assert DeclineReason(case.decline_reason)
        assert case.decline_detail
        assert case.accepted_option is None
        procedures = PlannedProcedure.objects.filter(case=case)
        assert set(procedures.values_list("decision", flat=True)) == {"declined"}


def test_presented_cases_have_a_presentation_with_its_snapshot() -> None:
    for case in Case.objects.exclude(status__in=NOT_PRESENTED).select_related("patient"):
        latest = case.presentations.order_by("-number").first()
        assert latest is not None, case
        snapshot = latest.snapshot
        assert snapshot["case"]["id"] == case.pk
        assert snapshot["options"] and all(o["figures"] for o in snapshot["options"])
        assert snapshot["presented_on"] == latest.estimated_on.isoformat()
        text = json.dumps(snapshot, sort_keys=True, separators=(",", ":"))
        assert latest.fingerprint == hashlib.sha256(text.encode()).hexdigest()
        assert case.presented_on == latest.estimated_on
        assert latest.language == language_of(case.patient.preferred_language)
    assert not Presentation.objects.filter(case__status__in=NOT_PRESENTED).exists()


def test_waiting_cases_are_recent_and_expired_ones_old() -> None:
    for case in Case.objects.filter(status__in=[CaseStatus.PRESENTED, CaseStatus.PENDING]):
        assert AS_OF - case.presented_on <= timedelta(days=30)
    expired = Case.objects.filter(status=CaseStatus.EXPIRED)
    assert expired.exists()
    for case in expired:
        assert AS_OF - case.presented_on > timedelta(days=30)
        event = CaseEvent.objects.filter(case=case).order_by("pk").last()
        assert (event.to_status, event.created_at.date()) == (
            "expired",
            case.expires_on + timedelta(days=1),
        )


def test_a_revised_plan_was_presented_again() -> None:
    twice = [c for c in Case.objects.all() if c.presentations.count() > 1]
    assert twice
    revised = [
        c for c in twice if len(set(c.presentations.values_list("plan_version", flat=True))) > 1
    ]
    assert revised
    for case in revised:
        last = CaseRevision.objects.filter(case=case).order_by("-version").first()
        assert last.version > 1 and last.changes


def test_some_cases_have_images_and_the_presentation_shows_them() -> None:
    pictures = CaseImage.objects.all()
    assert pictures.filter(kind="xray").exists() and pictures.filter(kind="photo").exists()
    assert pictures.exclude(procedure=None).exists()
    for picture in pictures[:4]:
        with picture.file.open("rb") as handle, Image.open(io.BytesIO(handle.read())) as drawn:
            assert drawn.format == "PNG" and drawn.width >= 600
        assert picture.caption
    shown = Presentation.objects.filter(case__images__isnull=False).distinct().first()
    assert shown is not None and shown.snapshot["images"]
    assert Case.objects.filter(images=None).exists()


def test_notes_of_every_kind_dated_within_their_story() -> None:
    kinds = set(CaseNote.objects.values_list("kind", flat=True))
    assert kinds == {"general", "financial", "objection", "clinical"}
    for note in CaseNote.objects.select_related("case"):
        assert note.case.diagnosed_on <= note.created_at.date() <= AS_OF


def test_timelines_are_dated_to_the_story_and_audited() -> None:
    for case in Case.objects.all():
        told = CaseEvent.objects.filter(case=case).exclude(kind="predetermination")
        days = [e.created_at.date() for e in told.order_by("pk")]
        assert days == sorted(days)
        assert days[0] == case.diagnosed_on
        assert days[-1] <= AS_OF + timedelta(days=1)
    audited = AuditEvent.objects.filter(object_type="case")
    assert audited.filter(actor__username="tc").exists()
    assert audited.filter(actor__username="hillcrest.tc").exists()


def test_outside_specialists_do_some_procedures() -> None:
    external = PlannedProcedure.objects.filter(provider__is_external=True)
    specialties = set(external.values_list("provider__specialty", flat=True))
    assert {"Oral and maxillofacial surgery", "Periodontics", "Endodontics"} <= specialties
    for row in external.select_related("provider"):
        assert row.provider.practice_id == row.practice_id


def test_options_have_phases_and_healing_times() -> None:
    implant = PlannedProcedure.objects.filter(code="D6010").select_related("phase__option")
    assert implant.exists()
    for row in implant:
        assert row.healing_days >= 90
        names = list(row.phase.option.phases.values_list("name", flat=True))
        assert names[0] == "Implant placement" and len(names) == 2


def test_every_practice_offers_lenders_and_a_membership() -> None:
    from casepath.financing.models import FinancialPolicy, LenderProduct, MembershipPlan

    for practice in Practice.objects.all():
        assert FinancialPolicy.objects.get(practice=practice).longest_term_months == 12
        assert LenderProduct.objects.filter(practice=practice, is_enabled=True).count() == 2
        assert MembershipPlan.objects.get(practice=practice).yearly_fee == 349
