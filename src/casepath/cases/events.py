"""The one way a case's timeline grows: an event row and an audit row, together."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from casepath.audit.models import Action, Channel
from casepath.audit.services import audit_record
from casepath.cases.models import Case, CaseEvent, EventKind
from casepath.cases.signals import case_moved

# Where the writes of this request come from: the web by default; the API says so.
_THROUGH: ContextVar[tuple[Channel, str | None]] = ContextVar(
    "case_writes_through", default=(Channel.WEB, None)
)


@contextmanager
def writes_through(channel: Channel, ip_address: str | None = None) -> Iterator[None]:
    """Case events written inside are audited with this channel and address."""
    token = _THROUGH.set((channel, ip_address))
    try:
        yield
    finally:
        _THROUGH.reset(token)


def current_channel() -> tuple[Channel, str | None]:
    """The channel and address writes of this request are audited with (other areas'
    services read it too, e.g. a new patient's moves made through the API)."""
    return _THROUGH.get()


def case_event(
    case: Case,
    *,
    kind: EventKind,
    actor: Any,
    summary: str,
    from_status: str = "",
    to_status: str = "",
    data: dict[str, Any] | None = None,
    action: Action = Action.UPDATE,
    channel: Channel | None = None,
    ip_address: str | None = None,
    nobody: str = "patient",
) -> CaseEvent:
    """Append to the case's timeline and to the audit trail. Without a staff `actor`, the
    event is the patient's (or `nobody`'s, e.g. "system" for an expiry)."""
    staff = actor if getattr(actor, "is_authenticated", False) else None
    event = CaseEvent.objects.create(
        practice=case.practice,
        case=case,
        kind=kind,
        from_status=from_status,
        to_status=to_status,
        actor=staff,
        actor_name=staff.get_username() if staff else nobody,
        summary=summary[:300],
        data=data or {},
    )
    changes = {"status": to_status} if to_status else {}
    through, address = _THROUGH.get()
    audit_record(
        practice=case.practice,
        actor=staff,
        action=action,
        target=case,
        patient=case.patient,
        summary=summary,
        changes=changes,
        channel=channel or through,
        ip_address=ip_address or address,
    )
    if to_status:
        case_moved.send(
            sender=Case, case=case, from_status=from_status, to_status=to_status, actor=staff
        )
    return event
