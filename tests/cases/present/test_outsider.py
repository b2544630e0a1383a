"""Every route of this module, filled with records of practice A: the outsider gets 404."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile

from casepath.cases import links
from casepath.cases.models import CaseQuestion, Consent
from tests.cases.builders import TwoOptions
from tests.cases.present.conftest import NOW, present
from tests.conftest import World, signed_in
from tests.isolation.routes import all_routes

MINE = ("presentations", "present", "show", "link_make", "link_revoke", "question_answered")
ROUTES = [
    r for r in all_routes() if r.name in (*MINE, "consent_pdf") and r.template.startswith("cases/")
]


def records(world: World, two: TwoOptions) -> dict[str, object]:
    made = present(world, two)
    link, _ = links.link_make(acting_user=world.tess, presentation=made, now=NOW)
    question = CaseQuestion.objects.create(
        practice=world.practice_a, case=two.case, link=link, text="Is it safe?"
    )
    consent = Consent(
        practice=world.practice_a,
        case=two.case,
        presentation=made,
        option=two.implant,
        templates=[],
        signer_name="Ana Lopez",
        signature_kind="typed",
        signature="Ana Lopez",
        signed_at=NOW,
        pdf_sha256="0" * 64,
    )
    consent.pdf.save("consent.pdf", ContentFile(b"%PDF-1.7"), save=False)
    consent.save()
    return {
        "case_id": two.case.pk,
        "presentation_id": made.pk,
        "link_id": link.pk,
        "question_id": question.pk,
        "consent_id": consent.pk,
    }


def test_every_route_of_the_module_is_walked() -> None:
    assert len(ROUTES) == 7


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.template)
def test_outsider_gets_404(world: World, two: TwoOptions, route: object) -> None:
    url = route.fill(records(world, two))  # type: ignore[attr-defined]
    client = signed_in(world.olga)
    answered = {m: getattr(client, m)(url).status_code for m in ("get", "post", "put", "delete")}
    assert not {m: s for m, s in answered.items() if s not in (404, 405)}, url
    assert 404 in answered.values()
