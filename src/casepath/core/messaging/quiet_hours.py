"""Quiet hours: automated texts go out only from 08:00 to 21:00 in the patient's zone.

US rules (the TCPA and state "mini-TCPA" laws) limit automated texts to these hours of
the recipient's local time. A text due at night waits until 08:00 there.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta, tzinfo
from typing import Final

OPENS: Final = time(8, 0)
CLOSES: Final = time(21, 0)


def is_quiet(at: datetime, zone: tzinfo) -> bool:
    """True when `at` (an aware moment) falls outside 08:00 to 21:00 in `zone`."""
    local = _local(at, zone).time()
    return not OPENS <= local < CLOSES


def next_allowed(at: datetime, zone: tzinfo) -> datetime:
    """`at` itself when texting is allowed then, else the next 08:00 in `zone`."""
    local = _local(at, zone)
    if not is_quiet(at, zone):
        return at
    day = local.date() if local.time() < OPENS else local.date() + timedelta(days=1)
    return datetime.combine(day, OPENS, tzinfo=zone)


def _local(at: datetime, zone: tzinfo) -> datetime:
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError("quiet hours need an aware moment (with its time zone)")
    return at.astimezone(zone)
