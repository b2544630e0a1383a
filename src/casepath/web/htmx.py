"""One URL answers both the full page and its htmx fragment."""

from __future__ import annotations

from django.http import HttpRequest


def is_partial(request: HttpRequest) -> bool:
    """True for an htmx request that swaps a fragment (not a boosted full page)."""
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.boosted
