"""Referrals in and out on the screen: a new patient referred to us (tied to the intake
and its call source), a part of a plan sent to a specialist (procedures of the case's
plan only, documents kept as PHI and served scoped), the list and its filters."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from casepath.audit.models import Action, AuditEvent
from casepath.cases.models import PlannedProcedure
from casepath.core.errors import CasepathError
from casepath.referrals import services
from casepath.referrals.models import (
    Referral,
    ReferralDocument,
    ReferralEvent,
    ReferralProcedure,
    ReferralStatus,
)
from casepath.referrals.selectors import case_procedures, referral_list
from casepath.tenancy.scoping import scoped
from tests.builders import build_patient
from tests.cases.builders import build_case, two_option_case
from tests.conftest import World, signed_in
from tests.intake.builders import call_data, capture
from tests.referrals.builders import (
    NOW,
    PDF,
    REFERRED_ON,
    build_document,
    build_inbound,
    build_outbound,
    build_referring_provider,
    pdf_upload,
)

AFTER_THE_CALL = datetime.fromisoformat("2026-11-03T15:00:00+00:00")  # the day after
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture(autouse=True)
def frozen() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


def form_errors(response: Any, field: str) -> list[str]:
    return list(response.context["form"].errors.get(field, []))


# A patient referred to us -------------------------------------------------------------


def inbound_data(provider: Any, **overrides: Any) -> dict[str, Any]:
    data = {
        "other_provider": provider.pk,
        "reason": "Implant consult for 19",
        "urgency": "soon",
        "received_on": "2026-11-02",
        "notes": "",
    }
    return data | overrides


def test_inbound_from_a_new_patients_intake(world: World) -> None:
    chen = build_referring_provider(world.practice_a, name="Dr. Mia Chen")
    intake = capture(
        world.practice_a,
        world.tess,
        call=call_data(source="provider", source_detail="Dr. Mia Chen"),
    )
    url = reverse("referrals:new_inbound") + f"?intake={intake.pk}"
    with time_machine.travel(AFTER_THE_CALL, tick=False):
        client = signed_in(world.tess)
        page = client.get(url)
        assert page.status_code == 200
        text = page.content.decode()
        assert "Nina Patel" in text
        assert "Referring provider (Dr. Mia Chen)" in text
        assert 'id="source-warning"' not in text
        assert 'name="chart_number"' not in text
        response = client.post(url, inbound_data(chen))
    referral = scoped(Referral, world.practice_a).get()
    assert response.status_code == 302
    assert response["Location"] == reverse("referrals:detail", args=[referral.pk])
    assert (referral.direction, referral.status) == ("in", ReferralStatus.RECEIVED)
    assert referral.intake == intake
    assert referral.patient == intake.patient
    assert referral.other_provider == chen
    assert referral.referred_on == date(2026, 11, 2)
    assert referral.status_changed_at == AFTER_THE_CALL
    assert referral.coordinator == world.tess
    event = scoped(ReferralEvent, world.practice_a).get()
    assert (event.status, event.at, event.by) == ("received", AFTER_THE_CALL, world.tess)
    audit = AuditEvent.objects.get(action=Action.CREATE, object_type="referral")
    assert audit.patient == intake.patient
    assert audit.summary.startswith("Dr. Mia Chen referred Patel, Nina")


def test_inbound_page_says_when_the_call_source_is_not_a_provider(world: World) -> None:
    build_referring_provider(world.practice_a)
    intake = capture(world.practice_a, world.tess)  # heard of us through a web search
    with time_machine.travel(AFTER_THE_CALL, tick=False):
        page = signed_in(world.tess).get(reverse("referrals:new_inbound"), {"intake": intake.pk})
    text = page.content.decode()
    assert 'id="source-warning"' in text
    assert "Web search or website (Google search)" in text


def test_inbound_for_a_patient_of_record(world: World) -> None:
    chen = build_referring_provider(world.practice_a, name="Dr. Mia Chen")
    url = reverse("referrals:new_inbound") + f"?patient={world.patient_a.pk}"
    response = signed_in(world.fran).post(
        url, inbound_data(chen, received_on=REFERRED_ON.isoformat())
    )
    assert response.status_code == 302
    referral = scoped(Referral, world.practice_a).get()
    assert (referral.patient, referral.intake) == (world.patient_a, None)


def test_inbound_by_chart_number(world: World) -> None:
    chen = build_referring_provider(world.practice_a)
    client = signed_in(world.tess)
    url = reverse("referrals:new_inbound")
    data = inbound_data(chen, received_on=REFERRED_ON.isoformat())
    response = client.post(url, data | {"chart_number": "RV-999999"})
    assert response.status_code == 200
    assert form_errors(response, "chart_number") == ["Choose the patient who was referred."]
    response = client.post(url, data | {"chart_number": world.patient_a.chart_number})
    assert response.status_code == 302
    assert scoped(Referral, world.practice_a).get().patient == world.patient_a


def test_inbound_refusals_name_their_fields(world: World) -> None:
    chen = build_referring_provider(world.practice_a)
    url = reverse("referrals:new_inbound") + f"?patient={world.patient_a.pk}"
    response = signed_in(world.tess).post(
        url, inbound_data(chen, reason="", received_on="2026-03-21", other_provider="")
    )
    assert response.status_code == 200
    assert form_errors(response, "reason") == ["Say why the patient is referred."]
    assert form_errors(response, "other_provider") == [
        "Choose the provider who referred the patient."
    ]
    response = signed_in(world.tess).post(url, inbound_data(chen, received_on="2026-03-21"))
    assert form_errors(response, "received_on") == ["The day cannot be after today (03/20/2026)."]
    assert not scoped(Referral, world.practice_a).exists()


def test_inbound_with_another_practices_patient_or_intake_is_not_found(world: World) -> None:
    build_referring_provider(world.practice_a)
    client = signed_in(world.tess)
    url = reverse("referrals:new_inbound")
    assert client.get(url, {"patient": world.patient_b.pk}).status_code == 404
    theirs = capture(world.practice_b, world.olga)
    assert client.get(url, {"intake": theirs.pk}).status_code == 404


# A part of a plan sent to a specialist ------------------------------------------------


@pytest.fixture
def case(world: World) -> Any:
    return two_option_case(world).case


def outbound_data(provider: Any, procedures: list[int], **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "other_provider": provider.pk,
        "procedures": procedures,
        "reason": "Place the implant at 19.",
        "urgency": "routine",
        "sent_on": "2026-03-19",
        "expected_back_on": "2026-06-30",
        "notes": "",
    }
    return data | overrides


def test_outbound_offers_the_procedures_of_the_recommended_option(world: World, case: Any) -> None:
    build_referring_provider(world.practice_a)
    page = signed_in(world.tess).get(reverse("referrals:new_outbound"), {"case": case.pk})
    text = page.content.decode()
    assert page.status_code == 200
    assert "D6010 tooth 19" in text and "D6058 tooth 19" in text
    assert "D6240" not in text  # the bridge is not the plan
    assert "recommended" in text


def test_outbound_with_procedures_and_documents(world: World, case: Any) -> None:
    reyes = build_referring_provider(world.practice_a)
    plan = case_procedures(case)
    implant = next(p for p in plan.by_id.values() if p.code == "D6010")
    data = outbound_data(reyes, [implant.pk]) | {
        "documents": [
            pdf_upload("pano.pdf"),
            SimpleUploadedFile("bitewing.png", PNG, content_type="image/png"),
        ]
    }
    url = reverse("referrals:new_outbound") + f"?case={case.pk}"
    response = signed_in(world.tess).post(url, data)
    assert response.status_code == 302
    referral = scoped(Referral, world.practice_a).get()
    assert (referral.direction, referral.status, referral.case) == ("out", "sent", case)
    assert referral.patient == case.patient
    assert referral.expected_back_on == date(2026, 6, 30)
    covered = scoped(ReferralProcedure, world.practice_a).filter(referral=referral)
    assert [r.procedure for r in covered] == [implant]
    documents = list(scoped(ReferralDocument, world.practice_a).order_by("pk"))
    assert [(d.title, d.content_type) for d in documents] == [
        ("pano", "application/pdf"),
        ("bitewing", "image/png"),
    ]
    assert documents[0].sha256 == hashlib.sha256(PDF).hexdigest()
    assert "pano" not in documents[0].file.name  # a random name: nothing of the patient
    assert scoped(ReferralEvent, world.practice_a).get().status == "sent"
    detail = signed_in(world.tess).get(reverse("referrals:detail", args=[referral.pk]))
    text = detail.content.decode()
    assert "D6010 tooth 19" in text and "bitewing" in text
    assert "Place the implant at 19." in text


def test_outbound_refuses_a_procedure_outside_the_plan(world: World, case: Any) -> None:
    reyes = build_referring_provider(world.practice_a)
    bridge = scoped(PlannedProcedure, world.practice_a).filter(code="D6240").get()
    url = reverse("referrals:new_outbound") + f"?case={case.pk}"
    response = signed_in(world.tess).post(url, outbound_data(reyes, [bridge.pk]))
    assert response.status_code == 200
    assert form_errors(response, "procedures") == ["Tick only procedures listed here."]
    response = signed_in(world.tess).post(url, outbound_data(reyes, []))
    assert form_errors(response, "procedures") == ["Tick the procedures the specialist does."]
    assert not scoped(Referral, world.practice_a).exists()


def test_the_service_refuses_procedures_of_another_case(world: World, case: Any) -> None:
    reyes = build_referring_provider(world.practice_a)
    other_case = build_case(world, title="Another case")
    from casepath.cases import plan_services

    option = plan_services.option_add(acting_user=world.tess, case=other_case, name="Crown")
    stranger = plan_services.procedure_add(
        acting_user=world.tess, phase=option.phases.get(), code="D2740", tooth="3"
    )
    with pytest.raises(CasepathError) as refused:
        build_outbound(world, provider=reyes, case=case, procedures=[stranger])
    assert [e.path for e in refused.value.errors] == ["procedures"]
    assert refused.value.errors[0].message == (
        "Not a procedure of the option “Implant” of this case: D2740 3."
    )
    assert not scoped(Referral, world.practice_a).exists()


def test_outbound_refusals(world: World, case: Any) -> None:
    reyes = build_referring_provider(world.practice_a)
    implant = next(iter(case_procedures(case).by_id))
    url = reverse("referrals:new_outbound") + f"?case={case.pk}"
    client = signed_in(world.tess)
    response = client.post(url, outbound_data(reyes, [implant], expected_back_on="2026-03-01"))
    assert response.status_code == 200
    assert form_errors(response, "expected_back_on") == [
        "The patient cannot be back before the referral is sent (03/19/2026)."
    ]
    response = client.post(url, outbound_data(reyes, [implant], reason="", sent_on=""))
    assert form_errors(response, "reason") == ["Say why the patient is referred."]
    assert form_errors(response, "sent_on") == ["Give the day the referral is sent."]
    text_file = SimpleUploadedFile("notes.txt", b"just words", content_type="application/pdf")
    response = client.post(url, outbound_data(reyes, [implant]) | {"documents": [text_file]})
    assert response.status_code == 200
    assert "“notes.txt”: The file is not a PDF" in form_errors(response, "documents")[0]
    assert not scoped(Referral, world.practice_a).exists()
    assert not scoped(ReferralDocument, world.practice_a).exists()


def test_outbound_without_a_case_or_patient_says_where_to_start(world: World) -> None:
    build_referring_provider(world.practice_a)
    client = signed_in(world.tess)
    page = client.get(reverse("referrals:new_outbound"))
    assert "Start from the patient's case" in page.content.decode()
    response = client.post(reverse("referrals:new_outbound"), {"reason": "x"})
    assert response.status_code == 200
    assert not scoped(Referral, world.practice_a).exists()


def test_outbound_for_a_patient_without_a_case(world: World) -> None:
    reyes = build_referring_provider(world.practice_a)
    url = reverse("referrals:new_outbound") + f"?patient={world.patient_a.pk}"
    data = outbound_data(reyes, [])
    del data["procedures"]
    response = signed_in(world.tess).post(url, data)
    assert response.status_code == 302
    referral = scoped(Referral, world.practice_a).get()
    assert (referral.patient, referral.case) == (world.patient_a, None)


def test_another_practices_case_is_not_found(world: World) -> None:
    client = signed_in(world.olga)
    case = build_case(world)
    assert client.get(reverse("referrals:new_outbound"), {"case": case.pk}).status_code == 404
    assert (
        client.post(
            reverse("referrals:new_outbound") + f"?case={case.pk}", {"reason": "x"}
        ).status_code
        == 404
    )


# Documents: PHI, served scoped --------------------------------------------------------


def test_a_document_is_served_to_staff_and_audited(world: World) -> None:
    referral = build_outbound(world)
    document = build_document(referral)
    response = signed_in(world.doc).get(
        reverse("referrals:document", args=[referral.pk, document.pk])
    )
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert {"private", "no-store"} <= {
        part.strip() for part in response["Cache-Control"].split(",")
    }
    assert response["X-Content-Type-Options"] == "nosniff"
    audit = AuditEvent.objects.get(action=Action.VIEW, object_type="referraldocument")
    assert (audit.actor, audit.patient) == (world.doc, world.patient_a)


def test_a_document_is_not_found_by_the_outsider_nor_through_another_referral(
    world: World,
) -> None:
    referral = build_outbound(world)
    document = build_document(referral)
    other = build_outbound(world, reason="Another one")
    url = reverse("referrals:document", args=[referral.pk, document.pk])
    assert signed_in(world.olga).get(url).status_code == 404
    wrong = reverse("referrals:document", args=[other.pk, document.pk])
    assert signed_in(world.tess).get(wrong).status_code == 404
    assert not AuditEvent.objects.filter(
        action=Action.VIEW, object_type="referraldocument"
    ).exists()


def test_add_a_document_on_the_referral_page(world: World) -> None:
    referral = build_outbound(world)
    client = signed_in(world.tess)
    url = reverse("referrals:document_add", args=[referral.pk])
    response = client.post(url, {"title": "Surgeon's report", "file": pdf_upload()})
    assert response.status_code == 302
    document = scoped(ReferralDocument, world.practice_a).get()
    assert (document.title, document.referral, document.added_by) == (
        "Surgeon's report",
        referral,
        world.tess,
    )
    bad = SimpleUploadedFile("x.exe", b"MZ\x90\x00", content_type="application/pdf")
    response = client.post(url, {"title": "", "file": bad})
    assert response.status_code == 200
    assert "The file is not a PDF" in response.context["document_form"].errors["file"][0]
    response = client.post(url, {"title": "nothing"})
    assert response.context["document_form"].errors["file"] == ["Choose the file to add."]
    assert scoped(ReferralDocument, world.practice_a).count() == 1
    assert signed_in(world.doc).post(url, {"file": pdf_upload()}).status_code == 403


# The list ---------------------------------------------------------------------------


@pytest.fixture
def several(world: World) -> dict[str, Referral]:
    reyes = build_referring_provider(world.practice_a)
    chen = build_referring_provider(world.practice_a, name="Dr. Mia Chen")
    late = build_outbound(world, provider=reyes, reason="Late", expected_back_on=date(2026, 3, 19))
    on_time = build_outbound(world, provider=reyes, reason="On time")
    back = build_outbound(world, provider=reyes, reason="Back", expected_back_on=date(2026, 3, 19))
    services.referral_move(referral=back, acting_user=world.tess, now=NOW, to="returned")
    done = build_outbound(world, provider=reyes, reason="Done", expected_back_on=date(2026, 3, 19))
    services.referral_move(referral=done, acting_user=world.tess, now=NOW, to="completed")
    called_off = build_outbound(
        world, provider=reyes, reason="Called off", expected_back_on=date(2026, 3, 19)
    )
    services.referral_move(referral=called_off, acting_user=world.tess, now=NOW, to="cancelled")
    inbound = build_inbound(world, provider=chen, reason="Inbound")
    return {
        "late": late,
        "on_time": on_time,
        "back": back,
        "done": done,
        "called_off": called_off,
        "inbound": inbound,
    }


def reasons(world: World, **filters: Any) -> set[str]:
    listed = referral_list(world.practice_a, today=date(2026, 3, 20), **filters)
    return {r.reason for r in listed.rows}


def test_filters(world: World, several: dict[str, Referral]) -> None:
    every = {"Late", "On time", "Back", "Done", "Called off", "Inbound"}
    assert reasons(world) == every
    assert reasons(world, direction="in") == {"Inbound"}
    assert reasons(world, direction="out") == every - {"Inbound"}
    assert reasons(world, status="sent") == {"Late", "On time"}
    assert reasons(world, overdue=True) == {"Late"}
    chen = several["inbound"].other_provider
    assert reasons(world, provider=chen) == {"Inbound"}
    assert reasons(world, direction="out", status="returned") == {"Back"}


def test_overdue_starts_the_day_after_the_expected_return(world: World) -> None:
    build_outbound(world, reason="Due today", expected_back_on=date(2026, 3, 20))
    assert reasons(world, overdue=True) == set()
    assert referral_list(world.practice_a, today=date(2026, 3, 21), overdue=True).count == 1


def test_list_page_filters_and_marks_overdue(world: World, several: dict[str, Referral]) -> None:
    client = signed_in(world.fran)
    response = client.get(reverse("referrals:list"), {"overdue": "on"})
    text = response.content.decode()
    assert response.status_code == 200
    assert f'id="referral-{several["late"].pk}"' in text
    assert f'id="referral-{several["on_time"].pk}"' not in text
    assert "Overdue" in text
    assert "1 referral." in text
    response = client.get(reverse("referrals:list"), {"direction": "in"})
    text = response.content.decode()
    assert f'id="referral-{several["inbound"].pk}"' in text
    assert f'id="referral-{several["late"].pk}"' not in text


def test_the_list_reads_in_constant_queries(
    world: World, django_assert_max_num_queries: Any
) -> None:
    reyes = build_referring_provider(world.practice_a)
    client = signed_in(world.tess)
    url = reverse("referrals:list")
    for n in range(3):
        build_outbound(world, provider=reyes, reason=f"Few {n}")
    client.get(url)
    with django_assert_max_num_queries(9) as few:
        client.get(url)
    for n in range(20):
        patient = build_patient(world.practice_a, first_name=f"P{n}", last_name="Many")
        build_outbound(world, provider=reyes, patient=patient, reason=f"Many {n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.context["listed"].count == 23
    assert "P19 Many" in response.content.decode()


def test_the_outsider_sees_none_of_the_practices_referrals(
    world: World, several: dict[str, Referral]
) -> None:
    client = signed_in(world.olga)
    response = client.get(reverse("referrals:list"))
    assert response.context["listed"].count == 0
    for referral in several.values():
        assert client.get(reverse("referrals:detail", args=[referral.pk])).status_code == 404


def test_the_patient_page_section_lists_both_ways(world: World) -> None:
    from django.template.loader import render_to_string

    from casepath.referrals.selectors import referrals_of_patient

    inbound = build_inbound(world)
    outbound = build_outbound(world)
    build_outbound(world, patient=build_patient(world.practice_a, first_name="Zed"))
    html = render_to_string(
        "referrals/_patient_referrals.html",
        {
            "patient": world.patient_a,
            "referrals": referrals_of_patient(world.patient_a),
            "can_edit_patients": True,
        },
    )
    assert html.count("<li>") == 2
    assert (
        f'{reverse("referrals:detail", args=[inbound.pk])}">Referred to us by Dr. Mia Chen' in html
    )
    assert f'{reverse("referrals:detail", args=[outbound.pk])}">Referred to Dr. Alan Reyes' in html
    assert f"?patient={world.patient_a.pk}" in html


def test_an_accepted_case_offers_the_accepted_option(world: World) -> None:
    from casepath.cases import services as case_services
    from casepath.cases.presentation_services import present_case

    two = two_option_case(world)
    present_case(
        acting_user=world.tess, case=two.case, mode="in_person", today=date(2026, 3, 16), now=NOW
    )
    case_services.case_accept(
        acting_user=world.tess,
        case=two.case,
        option_id=two.bridge.pk,
        decided_on=date(2026, 3, 16),
    )
    two.case.refresh_from_db()
    plan = case_procedures(two.case)
    assert plan.option == two.bridge
    assert sorted(p.code for p in plan.by_id.values()) == ["D6240", "D6750", "D6750"]
    implant = scoped(PlannedProcedure, world.practice_a).filter(code="D6010").get()
    with pytest.raises(CasepathError) as refused:
        build_outbound(world, case=two.case, procedures=[implant])
    assert refused.value.errors[0].message == (
        "Not a procedure of the option “Bridge” of this case: D6010 19."
    )
