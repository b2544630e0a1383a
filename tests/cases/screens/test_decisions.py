"""The lifecycle buttons and the patient's decision: only the moves the lifecycle allows
are offered, each one posts and moves, a refused one says why and changes nothing, and
the front desk may look but not move."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from casepath.cases.models import Case, PlannedProcedure
from casepath.core.cases import CaseStatus
from tests.cases.builders import TwoOptions, build_case, two_option_case
from tests.cases.screens.helpers import at_status, presented
from tests.conftest import World, signed_in

S = CaseStatus


def url(case: Case, action: str = "") -> str:
    return f"/cases/{case.pk}/" + (f"{action}/" if action else "")


def status_of(case: Case) -> str:
    return Case.objects.values_list("status", flat=True).get(pk=case.pk)


def ids(made: TwoOptions, option: str) -> list[int]:
    chosen = getattr(made, option)
    return list(
        PlannedProcedure.objects.filter(phase__option=chosen)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


@pytest.mark.parametrize(
    ("start", "label", "to"),
    [
        (S.DRAFT, "Mark ready", S.READY),
        (S.READY, "Back to draft", S.DRAFT),
        (S.PRESENTED, "Mark pending decision", S.PENDING),
        (S.ACCEPTED, "Mark scheduled", S.SCHEDULED),
        (S.SCHEDULED, "Mark in progress", S.IN_PROGRESS),
        (S.SCHEDULED, "Visits cancelled: back to accepted", S.ACCEPTED),
        (S.IN_PROGRESS, "Mark completed", S.COMPLETED),
    ],
)
def test_each_button_is_offered_posts_and_moves(
    world: World, tess_client: Client, start: S, label: str, to: S
) -> None:
    case = at_status(two_option_case(world, ready=False).case, start)
    page = tess_client.get(url(case)).content.decode()
    assert (
        f'value="{to.value}">\n      <button type="submit" class="secondary">{label}</button>'
        in page
    )

    response = tess_client.post(url(case, "move"), {"to": to.value}, follow=True)

    assert response.redirect_chain == [(url(case), 302)]
    assert status_of(case) == to
    assert case.events.filter(kind="status", from_status=start, to_status=to).count() == 1


@pytest.mark.parametrize(
    ("start", "labels"),
    [
        (S.DRAFT, ["Mark ready"]),
        (S.PRESENTED, ["Mark pending decision"]),
        (S.SCHEDULED, ["Mark in progress", "Visits cancelled: back to accepted"]),
        (S.DECLINED, []),
        (S.COMPLETED, []),
    ],
)
def test_only_allowed_moves_are_offered(
    world: World, tess_client: Client, start: S, labels: list[str]
) -> None:
    case = at_status(build_case(world), start)

    moves = tess_client.get(url(case)).context["moves"]

    assert [m["label"] for m in moves] == labels


def test_a_refused_move_says_why_and_changes_nothing(world: World, tess_client: Client) -> None:
    case = build_case(world)

    response = tess_client.post(url(case, "move"), {"to": "completed"})

    assert response.status_code == 200
    assert response.context["move_error"] == (
        "A draft case cannot be completed: mark it ready and present it."
    )
    assert 'role="alert">A draft case cannot be completed' in response.content.decode()
    assert status_of(case) == S.DRAFT


def test_marking_ready_without_options_is_refused(world: World, tess_client: Client) -> None:
    case = build_case(world)

    response = tess_client.post(url(case, "move"), {"to": "ready"})

    assert response.status_code == 200
    assert response.context["move_error"] == "Add at least one option before marking it ready."
    assert status_of(case) == S.DRAFT


@pytest.mark.parametrize("to", ["presented", "nonsense"])
def test_moves_the_buttons_never_offer_are_refused(
    world: World, tess_client: Client, to: str
) -> None:
    made = two_option_case(world)

    response = tess_client.post(url(made.case, "move"), {"to": to})

    assert response.status_code == 200
    assert response.context["move_error"] in (
        "Present a case from its Present page.",
        "Choose where the case goes next.",
    )
    assert status_of(made.case) == S.READY


def test_the_decision_forms_appear_once_presented(world: World, tess_client: Client) -> None:
    made = two_option_case(world)
    assert "Record the patient's decision" not in tess_client.get(url(made.case)).content.decode()
    presented(made.case, world.tess)

    page = tess_client.get(url(made.case)).content.decode()

    assert "Record the patient's decision" in page
    assert f'value="{made.implant.pk}" checked>' in page  # the recommended option
    for pk in ids(made, "implant") + ids(made, "bridge"):
        assert f'name="accepted" id="accept_procedure_{pk}" value="{pk}" checked>' in page
    assert "D6010 " in page and "on tooth 19" in page
    assert '<option value="cost">The cost is too high</option>' in page


def test_accept_the_whole_option(world: World, tess_client: Client) -> None:
    made = two_option_case(world)
    presented(made.case, world.tess)
    data = {"option": made.implant.pk, "accepted": ids(made, "implant"), "decided_on": "2026-03-24"}

    response = tess_client.post(url(made.case, "accept"), data)

    case = Case.objects.get(pk=made.case.pk)
    assert response.status_code == 302
    assert (case.status, case.acceptance, case.accepted_option) == (
        "accepted",
        "whole",
        made.implant,
    )
    assert str(case.decided_on) == "2026-03-24"
    decisions = set(
        PlannedProcedure.objects.filter(phase__option=made.implant).values_list(
            "decision", flat=True
        )
    )
    assert decisions == {"accepted"}


def test_accept_part_of_an_option(world: World, tess_client: Client) -> None:
    made = two_option_case(world)
    presented(made.case, world.tess)
    first, *rest = ids(made, "bridge")
    data = {"option": made.bridge.pk, "accepted": rest, "decided_on": "2026-03-24"}

    tess_client.post(url(made.case, "accept"), data)

    case = Case.objects.get(pk=made.case.pk)
    assert (case.status, case.acceptance, case.accepted_option) == ("accepted", "part", made.bridge)
    decisions = dict(
        PlannedProcedure.objects.filter(phase__option=made.bridge).values_list("pk", "decision")
    )
    assert decisions == {first: "declined", rest[0]: "accepted", rest[1]: "accepted"}
    page = tess_client.get(url(case)).content.decode()
    assert "<dt>Accepted</dt><dd>Part of the case: “Bridge” on 03/24/2026</dd>" in page


def test_accepting_nothing_is_refused(world: World, tess_client: Client) -> None:
    made = two_option_case(world)
    presented(made.case, world.tess)

    response = tess_client.post(
        url(made.case, "accept"), {"option": made.implant.pk, "decided_on": "2026-03-24"}
    )

    assert response.status_code == 200
    assert response.context["accept_form"].errors["accepted"] == [
        "Accept at least one procedure, or decline the case."
    ]
    assert status_of(made.case) == S.PRESENTED


def test_accepting_a_case_not_presented_is_refused(world: World, tess_client: Client) -> None:
    made = two_option_case(world)
    data = {"option": made.implant.pk, "accepted": ids(made, "implant"), "decided_on": "2026-03-24"}

    response = tess_client.post(url(made.case, "accept"), data)

    assert response.status_code == 200
    assert "A ready case cannot be accepted: present it first." in response.content.decode()
    assert status_of(made.case) == S.READY


def test_decline_with_a_reason(world: World, tess_client: Client) -> None:
    made = two_option_case(world)
    presented(made.case, world.tess)
    data = {"reason": "cost", "detail": "Will save up.", "decided_on": "2026-03-24"}

    response = tess_client.post(url(made.case, "decline"), data)

    case = Case.objects.get(pk=made.case.pk)
    assert response.status_code == 302
    assert (case.status, case.decline_reason, case.decline_detail) == (
        "declined",
        "cost",
        "Will save up.",
    )
    page = tess_client.get(url(case)).content.decode()
    assert "<dt>Declined</dt><dd>The cost is too high: Will save up. (03/24/2026)</dd>" in page


def test_another_reason_needs_words(world: World, tess_client: Client) -> None:
    made = two_option_case(world)
    presented(made.case, world.tess)

    response = tess_client.post(
        url(made.case, "decline"), {"reason": "other", "detail": "", "decided_on": "2026-03-24"}
    )

    assert response.status_code == 200
    assert response.context["decline_form"].errors["detail"] == [
        "Say in a few words why the patient declined."
    ]
    assert status_of(made.case) == S.PRESENTED


def test_a_decline_without_a_reason_is_refused(world: World, tess_client: Client) -> None:
    made = two_option_case(world)
    presented(made.case, world.tess)

    response = tess_client.post(url(made.case, "decline"), {"decided_on": "2026-03-24"})

    assert response.status_code == 200
    assert "reason" in response.context["decline_form"].errors
    assert status_of(made.case) == S.PRESENTED


@pytest.mark.parametrize(
    ("action", "data"),
    [
        ("move", {"to": "pending"}),
        ("accept", {"option": "0", "decided_on": "2026-03-24"}),
        ("decline", {"reason": "cost", "decided_on": "2026-03-24"}),
    ],
)
def test_front_desk_cannot_move_or_decide(world: World, action: str, data: dict[str, Any]) -> None:
    made = two_option_case(world)
    presented(made.case, world.tess)
    fran = signed_in(world.fran)

    response = fran.post(url(made.case, action), data)

    assert response.status_code == 403
    assert status_of(made.case) == S.PRESENTED
    assert fran.get(url(made.case)).status_code == 200
    assert fran.get(url(made.case)).context["moves"] == []


def test_the_outsider_finds_no_case(world: World, olga_client: Client) -> None:
    made = two_option_case(world)

    for action in ("", "edit", "notes"):
        assert olga_client.get(url(made.case, action)).status_code == 404
    assert olga_client.post(url(made.case, "move"), {"to": "draft"}).status_code == 404
    assert status_of(made.case) == S.READY
