"""Writing audit rows. Every read or change of PHI or money calls `audit_record`."""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.db import models

from casepath.audit.models import Action, AuditEvent, Channel
from casepath.tenancy.models import Practice


def audit_record(
    *,
    practice: Practice,
    actor: Any,
    action: Action,
    target: models.Model | None = None,
    object_type: str = "",
    summary: str,
    patient: Any = None,
    changes: Mapping[str, Any] | None = None,
    ip_address: str | None = None,
    channel: Channel = Channel.WEB,
) -> AuditEvent:
    """Append one audit row. `target` names the record; `patient` ties it to a chart."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEvent.objects.create(
        organization_id=practice.organization_id,
        practice=practice,
        actor=user,
        actor_name=user.get_username() if user else "system",
        action=action,
        channel=channel,
        object_type=object_type or (target._meta.model_name if target else ""),
        object_id=str(target.pk) if target is not None else "",
        patient=patient,
        summary=summary[:300],
        changes=dict(changes or {}),
        ip_address=ip_address,
    )


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """The fields that changed, as {field: {"before": old, "after": new}}."""
    return {
        key: {"before": before.get(key), "after": after.get(key)}
        for key in sorted(set(before) | set(after))
        if before.get(key) != after.get(key)
    }


def client_ip(request: Any) -> str | None:
    """The caller's address: REMOTE_ADDR, or with a trusted proxy in front, the address
    that proxy saw (the last entry of X-Forwarded-For; earlier entries can be forged)."""
    address = request.META.get("REMOTE_ADDR") or ""
    if getattr(settings, "CASEPATH_TRUST_X_FORWARDED_FOR", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")[-1].strip()
        address = forwarded if _is_ip(forwarded) else address
    return address if _is_ip(address) else None


def _is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def audit_request(request: Any, *, channel: Channel = Channel.WEB, **fields: Any) -> AuditEvent:
    """`audit_record` for the signed-in user of a web or API request."""
    practice = fields.pop("practice", None) or request.practice
    return audit_record(
        practice=practice,
        actor=request.user,
        ip_address=client_ip(request),
        channel=channel,
        **fields,
    )
