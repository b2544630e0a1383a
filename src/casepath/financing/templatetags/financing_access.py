"""{% load financing_access %}: whether the current member may set the financing policy
(the settings page links to it only then)."""

from __future__ import annotations

from typing import Any

from django import template

from casepath.tenancy.roles import Permission

register = template.Library()


@register.filter
def may_manage_financing(membership: Any) -> bool:
    return bool(membership and membership.can(Permission.MANAGE_FINANCING))
