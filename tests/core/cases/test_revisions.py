"""What a revision changed, in sentences, in a fixed order."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from casepath.core.cases import VersionItem, diff_versions

D = Decimal


def item(
    option: str = "Implant",
    phase: str = "Phase 1",
    code: str = "D2740",
    tooth: str = "30",
    surfaces: str = "",
    fee: str = "1200.00",
) -> VersionItem:
    return VersionItem(option, phase, code, tooth, surfaces, D(fee))


PLAN = [
    item(code="D7140", fee="250.00"),
    item(code="D6010", phase="Phase 2", fee="2100.00"),
    item(option="Bridge", code="D6240", fee="1100.00"),
    item(option="Bridge", code="D0150", tooth="", fee="85.00"),
]


def test_the_same_plan_has_no_changes() -> None:
    assert diff_versions(PLAN, list(PLAN)) == []
    assert diff_versions([], []) == []


def test_fee_changed() -> None:
    before = [item()]
    after = [item(fee="1250")]
    assert diff_versions(before, after) == [
        "Fee of D2740 on tooth 30 in “Implant” changed from $1,200.00 to $1,250.00"
    ]


def test_added_and_removed_procedures() -> None:
    after = [*PLAN[:3], item(option="Bridge", code="D2391", surfaces="om", fee="160")]
    assert diff_versions(PLAN, after) == [
        "Added D2391 on tooth 30 (MO) to “Bridge”",
        "Removed D0150 from “Bridge”",
    ]


def test_surfaces_match_in_normal_form() -> None:
    before = [item(code="D2391", surfaces="om")]
    after = [item(code="D2391", surfaces="MO")]
    assert diff_versions(before, after) == []


def test_moved_to_another_phase() -> None:
    after = [PLAN[0], item(code="D6010", phase="Phase 3", fee="2000.00"), *PLAN[2:]]
    assert diff_versions(PLAN, after) == [
        "Moved D6010 on tooth 30 in “Implant” from “Phase 2” to “Phase 3”",
        "Fee of D6010 on tooth 30 in “Implant” changed from $2,100.00 to $2,000.00",
    ]


def test_options_added_and_removed_are_one_sentence_each() -> None:
    after = [*PLAN[:2], item(option="Denture", code="D5110", tooth="", fee="1800.00")]
    assert diff_versions(PLAN, after) == [
        "Added option “Denture” (1 procedure)",
        "Removed option “Bridge” (2 procedures)",
    ]


def test_the_order_is_fixed() -> None:
    after = [
        item(option="Watch", code="D0120", tooth="", fee="60.00"),
        item(code="D7140", phase="Phase 0", fee="275.00"),
        item(code="D7953", fee="400.00"),
        *PLAN[2:],
    ]
    assert diff_versions(PLAN, after) == [
        "Added option “Watch” (1 procedure)",
        "Added D7953 on tooth 30 to “Implant”",
        "Removed D6010 on tooth 30 from “Implant”",
        "Moved D7140 on tooth 30 in “Implant” from “Phase 1” to “Phase 0”",
        "Fee of D7140 on tooth 30 in “Implant” changed from $250.00 to $275.00",
    ]


def test_the_same_procedure_twice_pairs_up_in_order() -> None:
    before = [item(code="D0220", tooth=""), item(code="D0220", tooth="")]
    after = [*before, item(code="D0220", tooth="", fee="30.00")]
    assert diff_versions(before, after) == ["Added D0220 to “Implant”"]
    assert diff_versions(after, before) == ["Removed D0220 from “Implant”"]


items = st.builds(
    VersionItem,
    option=st.sampled_from(["Implant", "Bridge"]),
    phase=st.sampled_from(["Phase 1", "Phase 2"]),
    code=st.sampled_from(["D2740", "D6010", "D2391"]),
    tooth=st.sampled_from(["", "3", "30"]),
    surfaces=st.sampled_from(["", "MO", "om", "D"]),
    fee=st.decimals(min_value=0, max_value=5000, places=2),
)


@given(st.lists(items, max_size=8))
def test_a_version_equals_itself(version: list[VersionItem]) -> None:
    assert diff_versions(version, version) == []


@given(st.lists(items, min_size=1, max_size=8), st.data())
def test_an_added_procedure_is_mentioned(version: list[VersionItem], data: st.DataObject) -> None:
    option = data.draw(st.sampled_from([v.option for v in version]))
    new = VersionItem(option, "Phase 9", "D7953", "19", "", D("400.00"))
    changes = diff_versions(version, [*version, new])
    assert changes == [f"Added D7953 on tooth 19 to “{option}”"]


def test_unreadable_surfaces_are_compared_as_written() -> None:
    before = [item(code="D2391", surfaces="X")]
    after = [item(code="D2391", surfaces="x")]
    assert diff_versions(before, after) == [
        "Added D2391 on tooth 30 (x) to “Implant”",
        "Removed D2391 on tooth 30 (X) from “Implant”",
    ]
