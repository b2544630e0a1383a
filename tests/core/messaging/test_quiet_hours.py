"""Quiet hours: 20:59 sends, 21:00 waits until 08:00, in the patient's own time zone."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casepath.core.messaging import is_quiet, next_allowed

NEW_YORK = ZoneInfo("America/New_York")
LOS_ANGELES = ZoneInfo("America/Los_Angeles")
HONOLULU = ZoneInfo("Pacific/Honolulu")


def at(zone: ZoneInfo, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=zone)


def test_20_59_sends_and_21_00_waits_until_8_the_next_morning() -> None:
    assert next_allowed(at(NEW_YORK, 10, 20, 59), NEW_YORK) == at(NEW_YORK, 10, 20, 59)
    assert next_allowed(at(NEW_YORK, 10, 21, 0), NEW_YORK) == at(NEW_YORK, 11, 8, 0)


def test_before_8_waits_until_8_the_same_morning_and_8_sends() -> None:
    assert next_allowed(at(NEW_YORK, 10, 7, 59), NEW_YORK) == at(NEW_YORK, 10, 8, 0)
    assert next_allowed(at(NEW_YORK, 10, 8, 0), NEW_YORK) == at(NEW_YORK, 10, 8, 0)


def test_the_patients_zone_decides_not_the_practices() -> None:
    # 9:30 pm in New York is 6:30 pm in Los Angeles: a Californian may be texted.
    evening = at(NEW_YORK, 10, 21, 30)
    assert is_quiet(evening, NEW_YORK) and not is_quiet(evening, LOS_ANGELES)
    # 9:30 am in New York is 4:30 am in Honolulu: wait until 8:00 there (13:00 New York).
    morning = at(NEW_YORK, 10, 9, 30)
    assert next_allowed(morning, HONOLULU) == at(HONOLULU, 10, 8, 0)
    assert next_allowed(morning, HONOLULU).astimezone(NEW_YORK).time() == time(14, 0)


def test_a_night_across_the_spring_change_still_opens_at_8() -> None:
    # Clocks go forward on Sunday March 8, 2026, at 2:00 am in New York.
    assert next_allowed(at(NEW_YORK, 7, 22, 0), NEW_YORK) == at(NEW_YORK, 8, 8, 0)
    night = at(NEW_YORK, 7, 22, 0)
    elapsed = next_allowed(night, NEW_YORK).astimezone(UTC) - night.astimezone(UTC)
    assert elapsed == timedelta(hours=9)  # an hour shorter than the wall clock says


def test_the_autumn_night_is_an_hour_longer() -> None:
    night = datetime(2026, 10, 31, 21, 0, tzinfo=NEW_YORK)  # clocks go back on November 1
    elapsed = next_allowed(night, NEW_YORK).astimezone(UTC) - night.astimezone(UTC)
    assert elapsed == timedelta(hours=12)


def test_a_moment_without_a_zone_is_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        is_quiet(datetime(2026, 3, 10, 12, 0), NEW_YORK)  # noqa: DTZ001


moments = st.datetimes(
    min_value=datetime(2020, 1, 1),  # noqa: DTZ001 (hypothesis wants naive bounds)
    max_value=datetime(2035, 12, 31),  # noqa: DTZ001
    timezones=st.just(UTC),
)
zones = st.sampled_from([NEW_YORK, LOS_ANGELES, HONOLULU, ZoneInfo("America/Chicago")])


@given(moments, zones)
def test_the_allowed_time_is_never_quiet_never_earlier_and_within_a_night(
    moment: datetime, zone: ZoneInfo
) -> None:
    allowed = next_allowed(moment, zone)
    assert not is_quiet(allowed, zone)
    assert moment <= allowed <= moment + timedelta(hours=12)  # 11 h, 12 when clocks go back
    assert allowed == moment or allowed.astimezone(zone).time() == time(8, 0)


@given(moments, zones)
def test_quiet_means_outside_8_to_21_local(moment: datetime, zone: ZoneInfo) -> None:
    local = moment.astimezone(zone).time()
    assert is_quiet(moment, zone) == (local < time(8, 0) or local >= time(21, 0))
