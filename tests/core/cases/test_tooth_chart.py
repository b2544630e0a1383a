"""The tooth chart: valid SVG, planned teeth marked, text escaped, same output each time."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from casepath.core.cases import tooth_chart_svg
from casepath.core.errors import CasepathError

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 (our own output)


def part(element: ET.Element, name: str) -> ET.Element:
    """The first child called `name` (title, desc, rect, text)."""
    found = element.find(f"{SVG}{name}")
    assert found is not None, name
    return found


def teeth(root: ET.Element) -> dict[str, ET.Element]:
    return {g.attrib["data-tooth"]: g for g in root.iter(f"{SVG}g")}


def test_the_chart_is_an_accessible_image() -> None:
    root = parse(tooth_chart_svg({}, title="Maria's plan"))
    assert root.tag == f"{SVG}svg"
    assert root.attrib["role"] == "img"
    assert part(root, "title").text == "Maria's plan"
    assert part(root, "desc").text == "No treatment planned."


def test_32_adult_teeth_as_the_dentist_sees_them() -> None:
    root = parse(tooth_chart_svg({}, title="Chart"))
    drawn = teeth(root)
    assert list(drawn) == [str(n) for n in [*range(1, 17), *range(32, 16, -1)]]

    def x(tooth: str) -> int:
        return int(part(drawn[tooth], "rect").attrib["x"])

    def y(tooth: str) -> int:
        return int(part(drawn[tooth], "rect").attrib["y"])

    assert x("1") < x("8") < x("9") < x("16")
    assert x("32") == x("1") and x("17") == x("16")
    assert y("1") == y("16") < y("32") == y("17")


def test_planned_teeth_are_marked_and_titled() -> None:
    root = parse(tooth_chart_svg({"3": "Crown", "30": "Root canal"}, title="Plan"))
    drawn = teeth(root)
    planned = {t for t, g in drawn.items() if "planned" in g.attrib["class"].split()}
    assert planned == {"3", "30"}
    assert part(drawn["3"], "title").text == "Tooth 3: Crown"
    assert part(drawn["3"], "rect").attrib["fill"] != part(drawn["4"], "rect").attrib["fill"]
    assert part(drawn["3"], "text").attrib["font-weight"] == "700"
    desc = part(root, "desc").text
    assert desc == "Planned: tooth 3 (Crown), tooth 30 (Root canal)."


def test_missing_teeth_are_dashed() -> None:
    root = parse(tooth_chart_svg({"19": "Implant"}, missing=frozenset({"19", "1"}), title="Plan"))
    drawn = teeth(root)
    assert drawn["1"].attrib["class"] == "tooth missing"
    assert part(drawn["1"], "rect").attrib["stroke-dasharray"] == "4 3"
    assert drawn["19"].attrib["class"] == "tooth missing planned"
    assert part(drawn["19"], "title").text == "Tooth 19 (missing): Implant"
    assert "stroke-dasharray" not in part(drawn["2"], "rect").attrib
    desc = part(root, "desc").text
    assert desc == "Planned: tooth 19 (Implant). Missing: tooth 1, tooth 19."


def test_text_is_escaped() -> None:
    svg = tooth_chart_svg({"8": '<script>alert("x")</script> & co'}, title="A & B <plan>")
    assert "<script>" not in svg
    root = parse(svg)
    assert part(root, "title").text == "A & B <plan>"
    title = part(teeth(root)["8"], "title").text
    assert title == 'Tooth 8: <script>alert("x")</script> & co'


def test_baby_teeth_are_drawn_only_when_one_is_planned() -> None:
    assert "K" not in teeth(parse(tooth_chart_svg({"3": "Crown"}, title="Plan")))
    drawn = teeth(parse(tooth_chart_svg({"K": "Extraction"}, title="Plan")))
    assert list(drawn)[32:] == [*"ABCDEFGHIJ", *"TSRQPONMLK"]
    assert "planned" in drawn["K"].attrib["class"]
    rect_a = part(drawn["A"], "rect").attrib
    rect_1 = part(drawn["1"], "rect").attrib
    assert int(rect_a["width"]) < int(rect_1["width"])


def test_an_empty_label_still_marks_the_tooth() -> None:
    drawn = teeth(parse(tooth_chart_svg({"5": ""}, title="Plan")))
    assert part(drawn["5"], "title").text == "Tooth 5: planned"


def test_the_same_input_gives_the_same_text() -> None:
    one = tooth_chart_svg(
        {"30": "Crown", "3": "Filling"}, missing=frozenset({"19", "2"}), title="P"
    )
    two = tooth_chart_svg(
        {"3": "Filling", "30": "Crown"}, missing=frozenset({"2", "19"}), title="P"
    )
    assert one == two


@pytest.mark.parametrize(
    ("planned", "missing", "path"),
    [({"33": "Crown"}, frozenset(), "planned"), ({}, frozenset({"U"}), "missing")],
)
def test_unknown_teeth_are_refused(
    planned: dict[str, str], missing: frozenset[str], path: str
) -> None:
    with pytest.raises(CasepathError) as refused:
        tooth_chart_svg(planned, missing=missing, title="Plan")
    assert refused.value.errors[0].path == path
    assert refused.value.errors[0].message.startswith("Tooth ")
