"""Pre-determinations: the lifecycle of asking the payer first, and checking its answer.

See docs.md beside this file.
"""

from casepath.core.predeterminations.lifecycle import (
    ALLOWED,
    CHANNEL_LABELS,
    FINAL,
    LABELS,
    MAX_DEFAULT_MONTHS,
    MIN_DEFAULT_MONTHS,
    Channel,
    Status,
    add_months,
    check_sent,
    check_transition,
    expires_on,
    expiring_soon,
    is_waiting_too_long,
)
from casepath.core.predeterminations.responses import (
    RequestedLine,
    ResponseLine,
    approved_by_line,
    check_response,
    unanswered,
)

__all__ = [
    "ALLOWED",
    "CHANNEL_LABELS",
    "FINAL",
    "LABELS",
    "MAX_DEFAULT_MONTHS",
    "MIN_DEFAULT_MONTHS",
    "Channel",
    "RequestedLine",
    "ResponseLine",
    "Status",
    "add_months",
    "approved_by_line",
    "check_response",
    "check_sent",
    "check_transition",
    "expires_on",
    "expiring_soon",
    "is_waiting_too_long",
    "unanswered",
]
