"""Visit kinds: from a schedule file's type column, or from an appointment's reason."""

from __future__ import annotations

import pytest

from casepath.core.huddle import HUDDLE_KINDS, VisitKind, kind_from_reason, parse_kind


@pytest.mark.parametrize(
    ("reason", "kind"),
    [
        ("Prophy and bitewings", VisitKind.HYGIENE),
        ("6-month recall", VisitKind.HYGIENE),
        ("Adult cleaning", VisitKind.HYGIENE),
        ("Perio maintenance", VisitKind.HYGIENE),
        ("D1110", VisitKind.HYGIENE),
        ("Hygiene", VisitKind.HYGIENE),
        ("Emergency exam", VisitKind.EMERGENCY),
        ("Toothache lower left", VisitKind.EMERGENCY),
        ("Broken crown", VisitKind.EMERGENCY),
        ("Swelling, upper right", VisitKind.EMERGENCY),
        ("Limited exam", VisitKind.EMERGENCY),
        ("Emergency cleaning of a wound", VisitKind.EMERGENCY),  # emergency words win
        ("Crown preparation", VisitKind.OTHER),
        ("Implant consult", VisitKind.OTHER),
        ("", VisitKind.OTHER),
        ("Painless whitening", VisitKind.OTHER),  # "pain" is a whole word only
    ],
)
def test_kind_from_reason(reason: str, kind: VisitKind) -> None:
    assert kind_from_reason(reason) is kind


def test_the_huddle_looks_at_hygiene_and_emergency_visits() -> None:
    assert frozenset({VisitKind.HYGIENE, VisitKind.EMERGENCY}) == HUDDLE_KINDS


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("hygiene", VisitKind.HYGIENE),
        (" Emergency ", VisitKind.EMERGENCY),
        ("OTHER", VisitKind.OTHER),
        ("cleaning", None),
        ("", None),
    ],
)
def test_parse_kind(text: str, kind: VisitKind | None) -> None:
    assert parse_kind(text) == kind
