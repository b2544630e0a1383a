"""What a patient's reply to a text asks for: STOP ends texts at once, START resumes.

The keywords are the carriers' standard ones (CTIA): any case, the word alone, with
stray spaces or punctuation around it.
"""

from __future__ import annotations

import enum
from typing import Final


class Reply(enum.Enum):
    STOP = "stop"
    START = "start"


STOP_WORDS: Final = frozenset({"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT"})
START_WORDS: Final = frozenset({"START", "UNSTOP"})
_AROUND: Final = " \t\r\n.!?,;:'\"*-"


def reply_of(text: str) -> Reply | None:
    """STOP or START when the reply is one of their keywords, else None (a plain reply)."""
    word = "".join(text.strip(_AROUND).upper().split())  # "stop all" is STOPALL
    if word in STOP_WORDS:
        return Reply.STOP
    if word in START_WORDS:
        return Reply.START
    return None
