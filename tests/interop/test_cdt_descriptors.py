"""Reading a licensed descriptor file: header variants, per-line errors."""

from __future__ import annotations

from casepath.interop.cdt_descriptors import parse_descriptor_file


def test_reads_code_and_descriptor_columns() -> None:
    parsed = parse_descriptor_file("Code,Descriptor\nD2740,Crown official text\n")
    assert parsed.errors == []
    assert [(r.line, r.code, r.descriptor) for r in parsed.rows] == [
        (2, "D2740", "Crown official text")
    ]


def test_accepts_other_header_names_extra_columns_and_a_bom() -> None:
    text = "\ufeffCategory,CDT Code,Nomenclature\nRestorative,d2391,Resin one surface\n"
    parsed = parse_descriptor_file(text)
    assert [(r.code, r.descriptor) for r in parsed.rows] == [("D2391", "Resin one surface")]


def test_blank_lines_are_skipped() -> None:
    parsed = parse_descriptor_file("code,descriptor\n\nD0120,Exam\n,\n")
    assert [r.code for r in parsed.rows] == ["D0120"]


def test_a_header_without_the_columns_is_refused() -> None:
    parsed = parse_descriptor_file("foo,bar\nD0120,Exam\n")
    assert parsed.errors == [
        "Line 1: the header must name a “code” column and a “descriptor” "
        "(or “nomenclature”) column."
    ]


def test_each_bad_line_is_named() -> None:
    text = "code,descriptor\nD0120,Exam\nX12,Bad\nD0150,\nD0120,Again\nD0140\n"
    assert parse_descriptor_file(text).errors == [
        "Line 3: “X12” is not a procedure code (D and four digits).",
        "Line 4: D0150 has no descriptor.",
        "Line 5: D0120 appears twice in the file.",
        "Line 6: D0140 has no descriptor.",
    ]


def test_an_empty_file_is_refused() -> None:
    assert parse_descriptor_file("").errors
