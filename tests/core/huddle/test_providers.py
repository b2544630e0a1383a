"""A provider named in a schedule file, by name written any usual way or by NPI."""

from __future__ import annotations

import pytest

from casepath.core.huddle import ProviderName, providers_named, written_name_key

NUNEZ = ProviderName(1, "Rita", "Nunez", npi="1234567893")
PARK = ProviderName(2, "Jin", "Park")
PARK_TOO = ProviderName(3, "Mina", "Park")
STAFF = [NUNEZ, PARK, PARK_TOO]


@pytest.mark.parametrize(
    "written",
    [
        "Nunez",
        "nunez",
        "Dr. Nunez",
        "Dr Rita Nunez",
        "Rita Nunez, DDS",
        "Nunez, Rita",
        "1234567893",
    ],
)
def test_every_usual_way_names_rita_nunez(written: str) -> None:
    assert providers_named(written, STAFF) == [1]


def test_a_shared_last_name_names_both() -> None:
    assert providers_named("Park", STAFF) == [2, 3]
    assert providers_named("Mina Park, RDH", STAFF) == [3]


@pytest.mark.parametrize("written", ["Smith", "", "Dr.", "9999999999", "Rita"])
def test_nobody(written: str) -> None:
    assert providers_named(written, STAFF) == []


def test_written_name_key() -> None:
    assert written_name_key("Dr. Rita Nunez, DDS") == "ritanunez"
    assert written_name_key("Nunez, Rita") == "ritanunez"
