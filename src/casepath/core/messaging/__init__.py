"""Messages to patients, the pure part: quiet hours, merge fields, reply keywords."""

from casepath.core.messaging.keywords import Reply, reply_of
from casepath.core.messaging.merge import Field, check, parse, render, unknown_fields
from casepath.core.messaging.quiet_hours import CLOSES, OPENS, is_quiet, next_allowed
from casepath.core.messaging.words import WORDS, words_for

__all__ = [
    "CLOSES",
    "OPENS",
    "WORDS",
    "Field",
    "Reply",
    "check",
    "is_quiet",
    "next_allowed",
    "parse",
    "render",
    "reply_of",
    "unknown_fields",
    "words_for",
]
