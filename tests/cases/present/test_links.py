"""Patient links: unguessable, stored only as a hash, expiring, revocable, e-mailed on commit."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core import mail

from casepath.audit.models import AuditEvent
from casepath.cases import links, plan_services
from casepath.cases.models import CaseEvent, EventKind, PatientLink, Presentation
from casepath.core.errors import CasepathError
from tests.cases.builders import TwoOptions, two_option_case
from tests.cases.present.conftest import NOW, present
from tests.conftest import World

SITE = "https://casepath.example"


def make(world: World, presentation: Presentation, **kwargs: Any) -> tuple[PatientLink, str]:
    return links.link_make(acting_user=world.tess, presentation=presentation, now=NOW, **kwargs)


def test_the_token_is_long_and_only_its_hash_is_kept(world: World, two: TwoOptions) -> None:
    link, token = make(world, present(world, two))
    assert len(token) >= 43  # 32 random bytes, base64url
    assert link.token_hash == hashlib.sha256(token.encode()).hexdigest()
    stored = PatientLink.objects.filter(pk=link.pk).values().get()
    assert token not in str(stored)
    assert not CaseEvent.objects.filter(summary__contains=token).exists()
    assert token not in str(list(CaseEvent.objects.values_list("data", flat=True)))
    assert not AuditEvent.objects.filter(summary__contains=token).exists()


def test_the_token_finds_its_link_and_nothing_else_does(world: World, two: TwoOptions) -> None:
    presentation = present(world, two)
    link, token = make(world, presentation)
    other, _ = make(world, presentation)
    assert links.find_link(token) == link
    assert links.find_link(token).presentation == presentation
    assert links.find_link(token[:-1] + ("A" if token[-1] != "A" else "B")) is None
    assert links.find_link(link.token_hash) is None  # the stored hash opens nothing
    assert links.find_link("") is None
    assert other != link


def test_a_link_expires_after_the_practice_link_days(world: World, two: TwoOptions) -> None:
    link, _ = make(world, present(world, two))
    assert link.expires_at == NOW + timedelta(days=14)
    assert links.link_state(link, NOW) == "open"
    assert links.link_state(link, NOW + timedelta(days=14)) == "expired"
    assert links.link_path("abc") == "/p/abc/"


def test_making_a_link_is_on_the_timeline(world: World, two: TwoOptions) -> None:
    link, _ = make(world, present(world, two))
    event = CaseEvent.objects.get(case=two.case, kind=EventKind.LINK_SENT)
    assert event.actor == world.tess
    assert event.data == {"link": link.pk, "presentation": 1, "emailed": False}
    assert "open until 03/24/2026" in event.summary


def test_revoking_closes_the_link_for_good(world: World, two: TwoOptions) -> None:
    link, token = make(world, present(world, two))
    links.link_revoke(acting_user=world.tess, link=link, now=NOW + timedelta(hours=1))
    found = links.find_link(token)
    assert found.revoked_at == NOW + timedelta(hours=1)
    assert links.link_state(found, NOW + timedelta(hours=2)) == "revoked"
    assert CaseEvent.objects.filter(case=two.case, kind=EventKind.LINK_REVOKED).count() == 1
    with pytest.raises(CasepathError, match="already revoked"):
        links.link_revoke(acting_user=world.tess, link=found, now=NOW)


def test_links_go_to_the_latest_unchanged_presentation_only(world: World, two: TwoOptions) -> None:
    first = present(world, two)
    present(world, two)
    with pytest.raises(CasepathError, match="latest presentation only"):
        make(world, first)
    latest = two.case.presentations.get(number=2)
    procedure = two.bridge.phases.get().procedures.first()
    plan_services.procedure_update(acting_user=world.tess, procedure=procedure, fee=Decimal("1200"))
    latest.case.refresh_from_db()
    with pytest.raises(CasepathError, match="plan changed"):
        make(world, latest)
    assert not PatientLink.objects.exists()


def test_the_link_is_emailed_only_when_the_transaction_commits(
    world: World, two: TwoOptions, django_capture_on_commit_callbacks: Any
) -> None:
    world.patient_a.email = "ana@example.com"
    world.patient_a.save()
    presentation = present(world, two)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        make(world, presentation, email_site=SITE)
    assert mail.outbox == []
    assert len(callbacks) == 1
    with django_capture_on_commit_callbacks(execute=True):
        _, token = make(world, presentation, email_site=SITE)
    [sent] = mail.outbox
    assert sent.to == ["ana@example.com"]
    assert sent.subject == "Your treatment plan from Riverside Dental"
    assert f"{SITE}/p/{token}/" in sent.body
    assert "Hello Ana," in sent.body
    assert "March 24, 2026" in sent.body
    assert "Lopez" not in sent.body and "Implant" not in sent.body  # first name only
    event = CaseEvent.objects.filter(kind=EventKind.LINK_SENT).last()
    assert event.data["emailed"] is True


def test_a_spanish_speaker_gets_the_email_in_spanish(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    world.patient_a.email = "ana@example.com"
    world.patient_a.preferred_language = "Spanish"
    world.patient_a.save()
    two = two_option_case(world)
    presentation = present(world, two)
    with django_capture_on_commit_callbacks(execute=True):
        make(world, presentation, email_site=SITE)
    [sent] = mail.outbox
    assert sent.subject == "Su plan de tratamiento de Riverside Dental"
    assert "Hola, Ana:" in sent.body
    assert "24 de marzo de 2026" in sent.body


def test_no_email_address_no_email(world: World, two: TwoOptions) -> None:
    presentation = present(world, two)
    with pytest.raises(CasepathError, match="no e-mail address"):
        make(world, presentation, email_site=SITE)
    assert not PatientLink.objects.exists()
