"""The case page: header, next step, notes, plan revisions and the timeline; opening
it is a PHI read on the audit trail; the header can be edited by planners only."""

from __future__ import annotations

from django.test import Client

from casepath.audit.models import Action, AuditEvent
from casepath.cases import plan_services
from casepath.cases.models import Case, CaseNote
from tests.cases.builders import build_case, two_option_case
from tests.cases.screens.helpers import HTMX, presented
from tests.conftest import World, signed_in
from tests.estimates.builders import nunez


def url(case: Case, action: str = "") -> str:
    return f"/cases/{case.pk}/" + (f"{action}/" if action else "")


def test_the_header_says_what_comes_next(world: World, tess_client: Client) -> None:
    case = build_case(world, goals="Chew on both sides again.", urgency="immediate")

    response = tess_client.get(url(case))

    page = response.content.decode()
    assert response.status_code == 200
    assert '<h1 id="case-title">Missing lower left molar</h1>' in page
    assert f'href="/patients/{world.patient_a.pk}/">Ana Lopez</a>' in page
    assert "<strong>Draft.</strong> The plan is being written." in page
    for fact in (
        "Patient of record, from hygiene",
        "Immediate",
        "Tess Tester",
        "Rita Nunez, DDS",
        "03/10/2026",
        "A gap where a tooth was pulled last year.",
        "Chew on both sides again.",
    ):
        assert fact in page, fact


def test_a_presented_case_shows_its_presenter_and_expiry(world: World, tess_client: Client) -> None:
    made = two_option_case(world)
    presented(made.case, world.tess)

    page = tess_client.get(url(made.case)).content.decode()

    assert "<dt>Expires on</dt><dd>04/16/2026</dd>" in page
    assert "The plan holds until 04/16/2026." in page
    assert "<dt>Last presented by</dt><dd>Tess Tester on 03/17/2026</dd>" in page


def test_opening_the_case_is_audited(world: World, tess_client: Client) -> None:
    case = build_case(world)

    tess_client.get(url(case))

    event = AuditEvent.objects.get(action=Action.VIEW, object_type="case")
    assert (event.object_id, event.patient, event.actor) == (
        str(case.pk),
        world.patient_a,
        world.tess,
    )
    assert event.summary.startswith("Opened the case “Missing lower left molar”")


def test_front_desk_can_read_the_case_but_not_change_it(world: World) -> None:
    case = build_case(world)
    fran = signed_in(world.fran)

    page = fran.get(url(case)).content.decode()

    assert "Missing lower left molar" in page
    assert "Mark ready" not in page and ">Edit</a>" not in page
    assert "Add the note" not in page
    assert fran.get(url(case, "edit")).status_code == 403
    assert fran.post(url(case, "notes"), {"kind": "general", "text": "Hi"}).status_code == 403
    assert CaseNote.objects.count() == 0


def test_the_timeline_lists_events_newest_first(world: World, tess_client: Client) -> None:
    made = two_option_case(world)

    response = tess_client.get(url(made.case))

    events = list(response.context["events"])
    assert events[0].summary == "Moved from draft to ready to present"
    assert events[-1].summary == "Opened the case “Missing lower left molar”"
    row = "<td>Tess Tester</td><td>Moved from draft to ready to present</td>"
    assert row in response.content.decode()


def test_edit_the_header(world: World, tess_client: Client) -> None:
    case = build_case(world)
    assert tess_client.get(url(case, "edit")).context["form"].initial["title"] == case.title
    data = {
        "title": "Lower left implant",
        "case_type": "from_hygiene",
        "urgency": "elective",
        "diagnosing_provider": nunez(world).pk,
        "coordinator": "",
        "diagnosed_on": "2026-03-10",
        "chief_concern": "",
        "goals": "",
        "missing_teeth": "19",
    }

    response = tess_client.post(url(case, "edit"), data)

    case.refresh_from_db()
    assert response.status_code == 302
    assert (case.title, case.urgency, case.coordinator) == ("Lower left implant", "elective", None)
    assert case.events.filter(kind="revised").count() == 1


def test_an_invalid_header_is_shown_and_nothing_saved(world: World, tess_client: Client) -> None:
    case = build_case(world)

    response = tess_client.post(url(case, "edit"), {"title": "", "case_type": "x"})

    case.refresh_from_db()
    assert response.status_code == 200
    assert "title" in response.context["form"].errors
    assert case.title == "Missing lower left molar"


def test_notes_newest_first_with_author_and_time(world: World, tess_client: Client) -> None:
    case = build_case(world)
    tess_client.post(url(case, "notes"), {"kind": "financial", "text": "Asked about payments."})

    response = tess_client.post(
        url(case, "notes"), {"kind": "objection", "text": "Worried about pain."}, **HTMX
    )

    page = response.content.decode()
    assert response.status_code == 200 and "<html" not in page
    assert page.index("Worried about pain.") < page.index("Asked about payments.")
    assert "<strong>Objection</strong> · Tess Tester · " in page
    assert "03/24/2026 11:00 a.m." in page
    assert [n.kind for n in CaseNote.objects.order_by("pk")] == ["financial", "objection"]
    assert case.events.filter(kind="note").count() == 2


def test_a_plain_post_of_a_note_goes_back_to_the_page(world: World, tess_client: Client) -> None:
    case = build_case(world)

    response = tess_client.post(url(case, "notes"), {"kind": "general", "text": "Called."})

    assert response.status_code == 302
    assert response["Location"] == f"/cases/{case.pk}/#notes"
    assert "Called." in tess_client.get(url(case)).content.decode()


def test_an_empty_note_is_refused(world: World, tess_client: Client) -> None:
    case = build_case(world)

    response = tess_client.post(url(case, "notes"), {"kind": "general", "text": "  "}, **HTMX)

    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert CaseNote.objects.count() == 0


def test_revisions_after_the_presentation_are_highlighted(
    world: World, tess_client: Client
) -> None:
    made = two_option_case(world)
    presented(made.case, world.tess)
    plan_services.option_remove(acting_user=world.doc, option=made.bridge)

    response = tess_client.get(url(made.case))

    revisions = list(response.context["revisions"])
    page = response.content.decode()
    assert revisions[0].version == made.case.plan_version + 1
    assert "Removed option “Bridge” (3 procedures)" in page
    assert page.count("Changed since the patient saw it") == 1
    assert page.index("Changed since the patient saw it") < page.index("Removed option")
