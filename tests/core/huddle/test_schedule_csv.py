"""Reading a schedule file: good rows, and every problem named by line and column."""

from __future__ import annotations

from datetime import date, time

from casepath.core.huddle import Mention, ScheduleRejected, VisitKind, read_schedule
from casepath.core.huddle.schedule_csv import MAX_ROWS, RowProblem

HEADER = "date,time,chart_number,last_name,first_name,date_of_birth,provider,type,length,reason\n"


def test_a_good_file() -> None:
    found = read_schedule(
        "\ufeff"
        + HEADER
        + "2026-04-02,08:00,rv-000001,,,,Nunez,hygiene,60,Prophy\n"
        + "\n"
        + '04/02/2026,2:30 PM,,Lopez,Ana,04/12/1985,"Nunez, Rita",Emergency,30,\n'
        + "2026-04-02,12:15 am,RV-000002,,,,Dr. Nunez,other,45,Crown seat\n"
    )
    assert found.problems == ()
    first, second, third = found.rows
    assert (first.line, first.day, first.start) == (2, date(2026, 4, 2), time(8, 0))
    assert first.chart_number == "RV-000001"
    assert (first.kind, first.minutes, first.reason) == (VisitKind.HYGIENE, 60, "Prophy")
    assert second.line == 4
    assert (second.start, second.kind) == (time(14, 30), VisitKind.EMERGENCY)
    assert (second.last_name, second.first_name) == ("Lopez", "Ana")
    assert second.date_of_birth == date(1985, 4, 12)
    assert second.chart_number == ""
    assert third.start == time(0, 15)


def test_column_names_in_any_case_order_and_aliases() -> None:
    found = read_schedule(
        "Visit Type,Start Time,Date,Chart,Provider,Minutes,Room\n"
        "Hygiene,9:00,2026-04-02,7,Nunez,50,Op 1\n"
    )
    assert found.problems == ()
    (row,) = found.rows
    assert (row.kind, row.start, row.chart_number, row.minutes) == (
        VisitKind.HYGIENE,
        time(9, 0),
        "7",
        50,
    )


def test_every_bad_row_and_column_is_listed() -> None:
    found = read_schedule(
        HEADER
        + "2026-04-02,08:00,RV-000001,,,,Nunez,hygiene,60,\n"  # good
        + "2026-02-30,25:00,RV-000002,,,,Nunez,cleaning,0,\n"  # date, time, type, length
        + "2026-04-02,09:00,,Lopez,,1985-04-12,,hygiene,30,\n"  # who, provider
        + "2026-04-02,10:00,,Lopez,Ana,1985-13-01,Nunez,other,abc,\n"  # birth date, length
        + "2026-04-02,8:00 am,rv-000001,,,,Nunez,other,30,\n"  # the same visit as line 2
    )
    assert [(p.line, p.field) for p in found.problems] == [
        (3, "date"),
        (3, "length"),
        (3, "time"),
        (3, "type"),
        (4, "chart_number"),
        (4, "provider"),
        (5, "date_of_birth"),
        (5, "length"),
        (6, "time"),
    ]
    assert [r.line for r in found.rows] == [2, 6]  # line 6 reads, but repeats line 2
    messages = {(p.line, p.field): p.message for p in found.problems}
    assert (
        messages[(3, "type")] == "'cleaning' is not a visit type: use hygiene, emergency or other."
    )
    assert messages[(6, "time")] == "The same patient is at this time on line 2 already."
    assert str(found.problems[0]) == (
        "Line 3, date: '2026-02-30' is not a date: write 2026-04-02 or 04/02/2026."
    )


def test_a_header_without_required_columns_names_each() -> None:
    found = read_schedule("date,time,last_name,provider\n2026-04-02,08:00,Lopez,Nunez\n")
    assert found.rows == ()
    assert [(p.line, p.field) for p in found.problems] == [
        (1, "chart_number"),
        (1, "length"),
        (1, "type"),
    ]


def test_an_empty_file() -> None:
    for text in ("", "\n\n", HEADER):
        assert [(p.line, p.field) for p in read_schedule(text).problems] == [(1, "file")]


def test_am_pm_edges() -> None:
    rows = "".join(
        f"2026-04-02,{t},{n},,,,Nunez,other,30,\n"
        for n, t in enumerate(["12:00 pm", "12:00 AM", "11:59 p.m.", "13:00 pm", "0:30 am"], 1)
    )
    found = read_schedule(HEADER + rows)
    assert [r.start for r in found.rows] == [time(12, 0), time(0, 0), time(23, 59)]
    assert [(p.line, p.field) for p in found.problems] == [(5, "time"), (6, "time")]


def test_too_many_visits() -> None:
    rows = "".join(f"2026-04-02,08:00,C{n},,,,Nunez,other,30,\n" for n in range(MAX_ROWS + 1))
    found = read_schedule(HEADER + rows)
    assert found.problems[-1] == RowProblem(
        MAX_ROWS + 2, "file", f"The file has more than {MAX_ROWS:,} visits: split it."
    )


def test_rejection_carries_every_problem_as_field_errors() -> None:
    problems = [RowProblem(4, "type", "b"), RowProblem(3, "date", "a")]
    rejected = ScheduleRejected(problems)
    assert rejected.problems == (RowProblem(3, "date", "a"), RowProblem(4, "type", "b"))
    assert [e.path for e in rejected.errors] == ["line 3.date", "line 4.type"]


def test_every_line_names_its_patient_and_provider_even_when_bad() -> None:
    found = read_schedule(
        HEADER
        + "2026-04-02,08:00,rv-1,,,,Nunez,hygiene,60,\n"
        + "2026-13-02,08:00,,Lopez,Ana,1985-04-12,Park,cleaning,60,\n"  # bad date and type
        + "2026-04-02,09:00,,Lopez,,1985-04-12,,hygiene,60,\n"  # no first name, no provider
    )
    assert [r.line for r in found.rows] == [2]
    assert found.mentions == (
        Mention(2, "RV-1", "", "", None, "Nunez"),
        Mention(3, "", "Lopez", "Ana", date(1985, 4, 12), "Park"),
        Mention(4, "", "Lopez", "", None, ""),
    )
    assert [m.names_patient for m in found.mentions] == [True, True, False]
